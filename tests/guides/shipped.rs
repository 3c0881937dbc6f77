//! Every guide shipped in `guides/` is clean: no errors, no warnings (as `validate --strict`
//! sees it), and every one of its own `[[tests]]` passes.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use guidepost::cli::validate::validate_one;
use guidepost::engine::scenario;
use guidepost::guide::diagnostic::{Color, render_all};
use guidepost::guide::{CheckOptions, load_path};

use crate::support::TODAY;

fn shipped_guides() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir("guides")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no guides in guides/");
    out
}

#[test]
fn every_shipped_guide_validates_strictly() {
    for path in shipped_guides() {
        let loaded =
            validate_one(Some(path.to_str().unwrap()), CheckOptions { today: TODAY, ..CheckOptions::default() });
        assert!(
            loaded.diagnostics.is_empty(),
            "{} should have no errors or warnings:\n{}",
            path.display(),
            render_all(&loaded.diagnostics, loaded.sources(), Color::Never)
        );
        assert!(loaded.guide.is_some());
    }
}

#[test]
fn every_shipped_guide_passes_its_own_tests() {
    for path in shipped_guides() {
        let guide = load_path(&path, CheckOptions { today: TODAY, ..CheckOptions::default() }).guide.unwrap();
        assert!(!guide.tests.is_empty(), "{} has no [[tests]]", path.display());
        let failed: Vec<String> =
            scenario::run_all(&guide).iter().filter(|o| !o.passed()).map(|o| o.describe(&guide)).collect();
        assert!(failed.is_empty(), "{}:\n{}", path.display(), failed.join("\n"));
    }
}

#[test]
fn every_built_in_guide_is_a_shipped_file() {
    for b in guidepost::builtin::BUILTINS {
        let on_disk = std::fs::read_to_string(format!("guides/{}", b.file)).unwrap();
        assert_eq!(on_disk, b.text, "built-in {} differs from guides/{}", b.id, b.file);
        let loaded =
            guidepost::guide::load_str(b.file, b.text, CheckOptions { today: TODAY, ..CheckOptions::default() });
        assert_eq!(loaded.guide.map(|g| g.meta.id), Some(b.id.to_string()));
    }
}

/// The comparison shows each person the coverage row of their own program, and stars the rows
/// for what they said matters: a TRICARE member who cares about coverage sees "With TRICARE"
/// starred and no other program's row.
#[test]
fn the_comparison_shows_the_coverage_row_of_the_persons_program() {
    use guidepost::engine::{compare, walk};
    use guidepost::guide::NodeKind;
    let guide = load_path(&PathBuf::from("guides/ketamine-coverage.toml"), CheckOptions::default()).guide.unwrap();
    let rows_for = |name: &str| {
        let s = guide.tests.iter().find(|t| t.name.starts_with(name)).unwrap();
        let answers = s.answers.iter().cloned().collect();
        let session = walk::walk(&guide, &answers).unwrap();
        let node = guide.node(guide.node_id("alternatives").unwrap());
        let NodeKind::Compare { columns, rows, .. } = &node.kind else { panic!("alternatives is a comparison") };
        compare::resolve(columns, rows, &session.env(&guide)).rows
    };
    let tricare = rows_for("TRICARE East, looking into TMS");
    let labels: Vec<String> = tricare.iter().map(compare::RowView::marked_label).collect();
    assert!(labels.contains(&"With TRICARE".to_string()), "{labels:?}");
    assert!(!labels.iter().any(|l| l.contains("Medicare") || l.contains("Medicaid") || l.contains("VA")), "{labels:?}");
    assert!(labels.contains(&"★ Visits and rides".to_string()), "what matters is starred: {labels:?}");
    let medicare = rows_for("Original Medicare, no Medigap");
    let labels: Vec<String> = medicare.iter().map(compare::RowView::marked_label).collect();
    assert!(labels.contains(&"★ With Original Medicare".to_string()), "{labels:?}");
    assert!(!labels.iter().any(|l| l.contains("TRICARE")), "{labels:?}");
}
