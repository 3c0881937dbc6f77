//! `guidepost explain CODE`: the long story behind each diagnostic code, with a wrong and a fixed
//! example, so a message that is not clear on one line can be understood without reading code.
//!
//! - this file: looking codes and topics up, laying an explanation out for a terminal, the
//!   generated `docs/diagnostics.md`, and the tests that run every example;
//! - `explain/texts.rs`: the prose itself, one entry per [`Code`] (the `match` is exhaustive, so
//!   a new code cannot be added without its explanation), and the topics.
//!
//! A test loads each wrong example inside [`MINIMAL_GUIDE`] to prove it really gives its code.

use std::fmt::Write as _;

use crate::guide::diagnostic::Severity;
use crate::guide::{Code, suggest::closest};

mod texts;

pub use texts::{TOPICS, explanation};

/// The guide each example is added to (or, for whole-file examples, stands in for).
pub const MINIMAL_GUIDE: &str = r#"format = 1

[guide]
id = "example"
title = "Example"
start = "welcome"
disclaimer = "Information, not advice."
reviewed = 2026-11-01

[nodes.welcome]
type = "info"
text = "Hello."
next = "done"

[nodes.done]
type = "end"
"#;

/// How an example relates to [`MINIMAL_GUIDE`], for the test that runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// The snippet is added at the end of the minimal guide.
    Append,
    /// The snippet is a whole file on its own.
    Whole,
    /// The problem cannot be shown in one small text file; the reason says why.
    NotCheckable(&'static str),
}

/// The long explanation of one code.
#[derive(Debug, Clone, Copy)]
pub struct Explanation {
    /// The code.
    pub code: Code,
    /// What the problem is, why it matters, how to fix it (plain text, paragraphs).
    pub text: &'static str,
    /// A TOML snippet that has the problem.
    pub bad: &'static str,
    /// The same snippet, fixed.
    pub fixed: &'static str,
    /// How the examples are checked.
    pub frame: Frame,
}

/// Every explanation, in code order.
pub fn all() -> Vec<Explanation> {
    Code::ALL.iter().map(|c| explanation(*c)).collect()
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn indent(text: &str) -> String {
    if text.is_empty() {
        return "    (an empty file)\n".to_string();
    }
    text.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("    {l}\n") }).collect()
}

/// What `guidepost explain CODE` prints.
pub fn render(code: Code) -> String {
    let x = explanation(code);
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}): {}\n", code.as_str(), severity_word(code.severity()), code.summary());
    for para in x.text.split("\n\n") {
        let _ = writeln!(out, "{}\n", wrap(para, 92));
    }
    let _ = writeln!(out, "Wrong:\n\n{}", indent(x.bad));
    let _ = write!(out, "Fixed:\n\n{}", indent(x.fixed));
    out
}

/// A paragraph of the texts table on lines of at most `width` columns. The table's own line
/// breaks are only where the source was wrapped, so they count as spaces.
fn wrap(text: &str, width: usize) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::wrap::wrap(&words, width, "", "").trim_end_matches('\n').to_string()
}

/// The explanation of a topic, by name, case-insensitively.
pub fn topic(name: &str) -> Option<&'static str> {
    TOPICS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim())).map(|(_, t)| *t)
}

/// What `guidepost explain` prints with no code: every code with its one-line summary.
pub fn list() -> String {
    let mut out = String::new();
    for c in Code::ALL {
        let _ = writeln!(out, "{}  {:<7}  {}", c.as_str(), severity_word(c.severity()), c.summary());
    }
    out.push_str("\nRun `guidepost explain CODE` for the long explanation and an example.\n");
    let topics: Vec<&str> = TOPICS.iter().map(|(n, _)| *n).collect();
    let _ = writeln!(out, "Topics: {} (as in `guidepost explain private`).", topics.join(", "));
    out
}

/// Finds a code by what a person typed, or explains why not, with a suggestion.
pub fn lookup(input: &str) -> Result<Code, String> {
    if let Some(c) = Code::parse(input) {
        return Ok(c);
    }
    let upper = input.trim().to_uppercase();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    // A bare number ("301") or a code without its letter ("0301") is a likely shorthand.
    let digits: String = upper.chars().filter(char::is_ascii_digit).collect();
    let by_digits: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| !digits.is_empty() && c[1..].trim_start_matches('0') == digits.trim_start_matches('0'))
        .collect();
    let suggestion = by_digits.first().copied().or_else(|| closest(&upper, codes.iter().copied()));
    Err(match suggestion {
        Some(s) => {
            format!("there is no diagnostic code \"{input}\" (did you mean {s}?); `guidepost explain` lists them all")
        }
        None => format!("there is no diagnostic code \"{input}\"; `guidepost explain` lists them all"),
    })
}

/// `docs/diagnostics.md`, generated from the table so the documentation cannot drift.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# Diagnostics\n\n");
    out.push_str(
        "Every problem `guidepost validate` reports has a stable code. Errors (E) stop the guide \
         from loading, and `validate` exits with 1. Warnings (W) do not, unless you pass \
         `--strict`. `guidepost explain CODE` prints the explanation below in the terminal.\n\n\
         This file is generated from `src/authoring/explain.rs`; a test fails when they differ. \
         To update it, run `GUIDEPOST_UPDATE_DOCS=1 cargo test --lib diagnostics_doc`.\n\n",
    );
    out.push_str("| Code | Severity | Summary |\n| --- | --- | --- |\n");
    for c in Code::ALL {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} |",
            c.as_str(),
            c.as_str().to_lowercase(),
            severity_word(c.severity()),
            c.summary().replace('|', "\\|")
        );
    }
    for c in Code::ALL {
        let x = explanation(*c);
        let _ = writeln!(out, "\n## {}\n", c.as_str());
        let _ = writeln!(out, "**{}**: {}\n", severity_word(c.severity()), c.summary());
        for para in x.text.split("\n\n") {
            let _ = writeln!(out, "{}\n", para.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        let bad = if x.bad.is_empty() { "# (an empty file)\n" } else { x.bad };
        let _ = writeln!(out, "Wrong:\n\n```toml\n{bad}```\n");
        let _ = writeln!(out, "Fixed:\n\n```toml\n{}```", x.fixed);
        if let Frame::Append = x.frame {
            out.push_str("\n(Shown as an addition to a small working guide.)\n");
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::raw::Date;
    use crate::guide::{CheckOptions, Diagnostic};

    fn opts() -> CheckOptions {
        CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() }
    }

    /// Every diagnostic `validate` gives for a text (the loader's, and untested items).
    fn diagnose(text: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("example.toml");
        std::fs::write(&path, text).unwrap();
        crate::cli::validate::validate_one(Some(path.to_str().unwrap()), opts()).diagnostics
    }

    fn compose(x: &Explanation, snippet: &str) -> Option<String> {
        match x.frame {
            Frame::Append => Some(format!("{MINIMAL_GUIDE}\n{snippet}")),
            Frame::Whole => Some(snippet.to_string()),
            Frame::NotCheckable(_) => None,
        }
    }

    #[test]
    fn the_minimal_guide_has_no_problems() {
        assert_eq!(diagnose(MINIMAL_GUIDE), Vec::new());
    }

    #[test]
    fn every_code_has_an_explanation_and_two_examples() {
        for c in Code::ALL {
            let x = explanation(*c);
            assert_eq!(x.code, *c);
            assert!(x.text.len() > 80, "{} needs a real explanation", c.as_str());
            assert!(!x.fixed.trim().is_empty(), "{} needs a fixed example", c.as_str());
            assert!(!x.bad.trim().is_empty() || *c == Code::EmptyFile, "{} needs a wrong example", c.as_str());
            assert_ne!(x.bad, x.fixed, "{}", c.as_str());
        }
    }

    #[test]
    fn every_wrong_example_gives_its_code_and_every_fix_removes_it() {
        let mut checked = 0;
        for c in Code::ALL {
            let x = explanation(*c);
            let Some(bad) = compose(&x, x.bad) else { continue };
            let found = diagnose(&bad);
            assert!(
                found.iter().any(|d| d.code == *c),
                "the wrong example of {} gives {:?}",
                c.as_str(),
                found.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
            );
            let fixed = compose(&x, x.fixed).unwrap();
            let found = diagnose(&fixed);
            assert!(
                !found.iter().any(|d| d.code == *c),
                "the fixed example of {} still gives it: {:?}",
                c.as_str(),
                found.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
            checked += 1;
        }
        assert!(checked >= 38, "only {checked} examples were checked");
    }

    #[test]
    fn codes_from_e03_to_e07_are_all_checked() {
        for c in Code::ALL {
            let s = c.as_str();
            if ("E0301"..="E0799").contains(&s) && *c != Code::DeadEnd {
                assert!(!matches!(explanation(*c).frame, Frame::NotCheckable(_)), "{s} must be checked");
            }
        }
    }

    #[test]
    fn unknown_codes_get_a_suggestion() {
        assert_eq!(lookup("e0301"), Ok(Code::UnknownNode));
        assert_eq!(
            lookup("301").unwrap_err(),
            "there is no diagnostic code \"301\" (did you mean E0301?); `guidepost explain` lists them all"
        );
        assert_eq!(
            lookup("E0310x").unwrap_err(),
            "there is no diagnostic code \"E0310x\" (did you mean E0310?); `guidepost explain` lists them all"
        );
    }

    #[test]
    fn diagnostics_doc_is_generated_from_the_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
        let want = markdown();
        if std::env::var_os("GUIDEPOST_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        for c in Code::ALL {
            assert!(have.contains(&format!("\n## {}\n", c.as_str())), "docs/diagnostics.md lacks {}", c.as_str());
            assert!(have.contains(c.summary()), "docs/diagnostics.md lacks the summary of {}", c.as_str());
        }
        assert!(
            have == want,
            "docs/diagnostics.md is out of date: run `GUIDEPOST_UPDATE_DOCS=1 cargo test --lib diagnostics_doc`"
        );
    }
}
