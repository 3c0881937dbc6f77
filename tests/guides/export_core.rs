//! The checklist exports of the default guide, for three people's answers, in Markdown, plain
//! text and JSON, each snapshotted whole. (HTML has its own tests.)

#![allow(clippy::unwrap_used)]

use std::path::Path;

use guidepost::engine::{answers_file, report, walk};
use guidepost::export::{self, Format};
use guidepost::guide::Guide;
use guidepost::guide::diagnostic::Color;

use crate::support::default_guide;

const PEOPLE: [&str; 3] = ["medicare", "uninsured", "employer-four-meds"];

fn export(guide: &Guide, person: &str, format: Format) -> String {
    let path = format!("tests/fixtures/answers/{person}.toml");
    let answers = answers_file::read(Path::new(&path), Color::Never).unwrap();
    let session = walk::walk(guide, &answers).unwrap();
    export::render(format, &report::build(guide, &session))
}

#[test]
fn markdown_exports() {
    let g = default_guide();
    for person in PEOPLE {
        let md = export(&g, person, Format::Markdown);
        assert!(md.starts_with("# Is ketamine infusion therapy covered by my insurance?\n"));
        assert!(md.contains("- [ ] "), "{person}: the checklist is a task list");
        insta::assert_snapshot!(format!("markdown-{person}"), md);
    }
}

#[test]
fn plain_text_exports() {
    let g = default_guide();
    for person in PEOPLE {
        let txt = export(&g, person, Format::Text);
        assert!(!txt.contains("**") && !txt.contains("](") && !txt.contains("- [ ]"), "{person}: no markup");
        // Only a word longer than a line (a long URL) may stick out, kept whole so it still works.
        let too_long: Vec<&str> =
            txt.lines().filter(|l| l.chars().count() > 80 && l.split_whitespace().count() > 1).collect();
        assert!(too_long.is_empty(), "{person}: lines over 80 columns: {too_long:#?}");
        insta::assert_snapshot!(format!("text-{person}"), txt);
    }
}

#[test]
fn json_exports() {
    let g = default_guide();
    for person in PEOPLE {
        let json = export(&g, person, Format::Json);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["format"], 1);
        assert_eq!(v["guide"]["id"], "ketamine-coverage");
        assert!(v["checklist"].as_array().is_some_and(|s| !s.is_empty()));
        insta::assert_snapshot!(format!("json-{person}"), json);
    }
}

#[test]
fn the_exports_agree_on_the_checklist() {
    let g = default_guide();
    for person in PEOPLE {
        let json: serde_json::Value = serde_json::from_str(&export(&g, person, Format::Json)).unwrap();
        let md = export(&g, person, Format::Markdown);
        let txt = export(&g, person, Format::Text);
        for section in json["checklist"].as_array().unwrap() {
            let title = section["title"].as_str().unwrap();
            assert!(md.contains(title) && txt.contains(title), "{person}: section {title}");
            for item in section["items"].as_array().unwrap() {
                let text = item["text"].as_str().unwrap();
                // Both wrap or escape long lines, so compare the first words.
                let start: String = text.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                assert!(md.contains(&start), "{person}: {text}");
                assert!(txt.replace('\n', " ").contains(&start), "{person}: {start}");
            }
        }
    }
}

#[test]
fn answers_shape_the_checklist_text() {
    let g = default_guide();
    let uninsured = export(&g, "uninsured", Format::Markdown);
    assert!(uninsured.contains("$3,600"), "8 infusions at $450");
    let employer = export(&g, "employer-four-meds", Format::Markdown);
    assert!(employer.contains("Blue Cross"), "the insurer's name is filled in");
}
