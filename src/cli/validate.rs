//! `guidepost validate`: every problem in one or more guides, for people or for editors.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{CliError, guide_source, load_source, write_out};
use crate::engine::scenario;
use crate::guide::diagnostic::{Color, Diagnostic, JsonDiagnostic, plural, render};
use crate::guide::{CheckOptions, Code, Loaded, Severity};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiagFormat {
    /// For people: the line, a caret, the fix.
    #[default]
    Text,
    /// For editors: a JSON array of diagnostics.
    Json,
}

/// Options of `validate`.
#[derive(Debug, Args, Clone)]
pub struct ValidateArgs {
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
    pub format: DiagFormat,
    /// Guide files or guide ids (default: the built-in default guide).
    #[arg(value_name = "GUIDE", add = clap_complete::ArgValueCompleter::new(super::completions::guide))]
    pub guides: Vec<String>,
}

/// Loads a guide and adds the checks that need walking it: checklist items no scenario produces.
pub fn validate_one(arg: Option<&str>, opts: CheckOptions) -> Loaded {
    let mut loaded = load_source(&guide_source(arg), opts);
    scenario::add_untested_items(&mut loaded);
    loaded
}

/// Runs `validate`.
pub fn run(args: &ValidateArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    let targets: Vec<Option<&str>> =
        if args.guides.is_empty() { vec![None] } else { args.guides.iter().map(|g| Some(g.as_str())).collect() };
    let mut worst = 0u8;
    let mut json = Vec::new();
    let mut text = String::new();
    for target in targets {
        let mut loaded = validate_one(target, CheckOptions::default());
        if args.strict {
            for d in &mut loaded.diagnostics {
                d.severity = Severity::Error;
            }
        }
        let io_only =
            !loaded.diagnostics.is_empty() && loaded.diagnostics.iter().all(|d| d.code == Code::FileUnreadable);
        let code = if io_only { 2 } else { u8::from(loaded.diagnostics.iter().any(Diagnostic::is_error)) };
        worst = worst.max(code);
        match args.format {
            DiagFormat::Json => {
                json.extend(loaded.diagnostics.iter().map(|d| JsonDiagnostic::new(d, loaded.sources())));
            }
            DiagFormat::Text => {
                let name = loaded
                    .sources()
                    .files()
                    .first()
                    .map_or_else(|| target.unwrap_or("guide").to_string(), |f| f.name.clone());
                if loaded.diagnostics.is_empty() {
                    text.push_str(&format!("{}: ok\n", crate::guide::text::sanitize_line(&name)));
                } else {
                    // Each message, then one verdict line with the counts (not a second count).
                    for d in &loaded.diagnostics {
                        text.push_str(&render(d, loaded.sources(), color));
                        text.push('\n');
                    }
                    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
                    let verdict = if errors > 0 { "has errors" } else { "ok, with warnings" };
                    text.push_str(&format!(
                        "{}: {verdict} ({}, {})\n\n",
                        crate::guide::text::sanitize_line(&name),
                        plural(errors, "error"),
                        plural(loaded.diagnostics.len() - errors, "warning")
                    ));
                }
            }
        }
    }
    match args.format {
        DiagFormat::Json => {
            let mut s = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".to_string());
            s.push('\n');
            write_out(out, &s)?;
        }
        DiagFormat::Text => write_out(out, text.trim_end_matches('\n'))?,
    }
    if args.format == DiagFormat::Text {
        write_out(out, "\n")?;
    }
    Ok(worst)
}
