//! `guidepost test GUIDE...` runs the `[[tests]]` scenarios of guides; `--coverage` (and
//! `guidepost paths GUIDE`) also lists every path through a guide and what no scenario reaches.

use std::io::Write;

use clap::Args;

use super::{CliError, load_guide, write_out};
use crate::authoring::propose;
use crate::engine::scenario;
use crate::guide::diagnostic::Color;

/// Options of `test`.
#[derive(Debug, Args, Clone)]
pub struct TestArgs {
    /// Also say what no scenario reaches, with answers that reach it, then list every path.
    #[arg(long)]
    pub coverage: bool,
    /// With --coverage: only the summary and the proposed answers, not every path.
    #[arg(long, requires = "coverage")]
    pub summary: bool,
    /// Guide files or guide ids (default: the built-in default guide).
    #[arg(value_name = "GUIDE", add = clap_complete::ArgValueCompleter::new(super::completions::guide))]
    pub guides: Vec<String>,
}

/// Options of `paths`.
#[derive(Debug, Args, Clone)]
pub struct PathsArgs {
    /// A guide file or guide id (default: the built-in default guide).
    #[arg(value_name = "GUIDE", add = clap_complete::ArgValueCompleter::new(super::completions::guide))]
    pub guide: Option<String>,
    /// Only the summary and the proposed answers, not every path.
    #[arg(long)]
    pub summary: bool,
}

fn indent(text: &str, by: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(by);
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Runs `test`: `ok`/`FAIL` per scenario, the failures explained, a closing count.
pub fn run(args: &TestArgs, out: &mut dyn Write, err: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    let targets: Vec<Option<&str>> =
        if args.guides.is_empty() { vec![None] } else { args.guides.iter().map(|g| Some(g.as_str())).collect() };
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut worst = 0u8;
    let many = targets.len() > 1;
    for target in targets {
        let guide = match load_guide(target, color) {
            Ok(g) => g,
            Err(e) if !many => return Err(e),
            Err(e) => {
                let msg =
                    if e.message.contains('\n') { e.message.clone() } else { format!("guidepost: {}", e.message) };
                let _ = writeln!(err, "{msg}");
                worst = worst.max(e.code);
                continue;
            }
        };
        let mut text = String::new();
        let name = guide.sources.files().first().map_or_else(|| guide.meta.id.clone(), |f| f.name.clone());
        if many {
            text.push_str(&format!("{}\n", crate::guide::text::sanitize_line(&name)));
        }
        if guide.tests.is_empty() {
            text.push_str(&format!(
                "{} has no [[tests]] scenarios; add some so changes cannot break it unnoticed (see docs/authoring.md)\n",
                crate::guide::text::sanitize_line(&name)
            ));
        }
        for outcome in scenario::run_all(&guide) {
            let shown = crate::guide::text::sanitize_line(&outcome.name).into_owned();
            if outcome.passed() {
                passed += 1;
                text.push_str(&format!("ok   {shown}\n"));
            } else {
                failed += 1;
                text.push_str(&format!("FAIL {shown}\n"));
                text.push_str(&indent(&crate::guide::text::sanitize(&outcome.describe(&guide)), "     "));
            }
        }
        if args.coverage {
            text.push('\n');
            text.push_str(&propose::coverage_report(&guide, args.summary));
        }
        if many {
            text.push('\n');
        }
        write_out(out, &text)?;
    }
    write_out(out, &format!("{}{passed} passed, {failed} failed\n", if many { "" } else { "\n" }))?;
    if failed > 0 {
        worst = worst.max(1);
    }
    Ok(worst)
}

/// Runs `paths`: the coverage part of `test --coverage`, without running the scenarios' checks.
pub fn run_paths(args: &PathsArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    let guide = load_guide(args.guide.as_deref(), color)?;
    write_out(out, &propose::coverage_report(&guide, args.summary))?;
    Ok(0)
}
