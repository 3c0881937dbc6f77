use super::*;
use crate::guide::load::load_str;

/// A small guide with a choice, a number, a section and an item; `extra` is appended.
fn guide(extra: &str) -> String {
    format!(
        r#"format = 1
[guide]
id = "t"
title = "T"
start = "ask"
disclaimer = "d"
reviewed = 2026-11-01
[sections.call]
title = "Call"
[nodes.ask]
type = "choice"
var = "answer"
next = "count"
options = [ {{ value = "yes", label = "Yes" }}, {{ value = "no", label = "No" }} ]
[nodes.count]
type = "number"
var = "count"
next = "done"
[nodes.done]
type = "end"
[checklist.first]
section = "call"
text = "First."
{extra}"#
    )
}

fn codes(text: &str) -> Vec<&'static str> {
    let opts = CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() };
    load_str("t.toml", text, opts).diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn the_test_guide_loads() {
    assert_eq!(codes(&guide("")), Vec::<&str>::new());
}

#[test]
fn control_characters_in_conditions_and_values_are_refused() {
    let when = guide("when = \"answer == \\\"y\\u001b[2J\\\"\"\n");
    assert_eq!(codes(&when), ["E0503"]);
    let value = guide("[values]\ntotal = \"count * 2 \\u202e\"\n");
    assert_eq!(codes(&value), ["E0503"]);
}

#[test]
fn section_and_item_ids_with_odd_characters_are_refused() {
    let section = guide("[sections.\"call\\u001b[2J\"]\ntitle = \"S\"\n");
    assert!(codes(&section).contains(&"E0205"), "{:?}", codes(&section));
    let item = guide("[checklist.\"second one\"]\nsection = \"call\"\ntext = \"T\"\n");
    assert_eq!(codes(&item), ["E0205"]);
}

#[test]
fn a_section_title_may_name_any_var_or_value() {
    let text = guide("[values]\ntotal = \"count * 2\"\n")
        .replace("title = \"Call\"", "title = \"Before {answer} ({count}, {total|money})\"");
    assert_eq!(codes(&text), Vec::<&str>::new());
    let typo = text.replace("{answer}", "{answr}");
    assert_eq!(codes(&typo), ["E0502"]);
}

/// The checks call readability, routes, unanswered and raw; none of them may call back, so the
/// modules stay one-way and each can be read without the checks.
#[test]
fn modules_the_checks_use_do_not_import_the_checks() {
    let sources = [
        ("readability.rs", include_str!("../readability.rs")),
        ("routes.rs", include_str!("../routes.rs")),
        ("unanswered.rs", include_str!("../unanswered.rs")),
        ("raw/spanned.rs", include_str!("../raw/spanned.rs")),
        ("raw/reader.rs", include_str!("../raw/reader.rs")),
        ("raw/file.rs", include_str!("../raw/file.rs")),
        ("raw/tables.rs", include_str!("../raw/tables.rs")),
    ];
    for (name, text) in sources {
        let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        for line in code {
            assert!(!line.contains("check::"), "{name} uses the checks: {line}");
        }
    }
}
