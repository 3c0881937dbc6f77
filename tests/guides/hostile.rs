//! Hostile input: guides and answers files written to break the program or the terminal it prints
//! to. Every one must end in a clear message or a safe result, never a panic, a hang, a stack
//! overflow, or an escape sequence reaching the screen.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use guidepost::engine::answers_file;
use guidepost::engine::report;
use guidepost::engine::walk::{self, WalkError};
use guidepost::export::{self, Format};
use guidepost::guide::diagnostic::{Color, render_all};
use guidepost::guide::load::{MAX_FILE_BYTES, load_bytes};
use guidepost::guide::{Loaded, Value, load_path, load_str};

use crate::support::{default_guide, guidepost, opts};

fn load(text: &str) -> Loaded {
    load_str("hostile.toml", text, opts())
}

fn rendered(loaded: &Loaded) -> String {
    render_all(&loaded.diagnostics, loaded.sources(), Color::Never)
}

/// The diagnostics with one code, rendered: a huge text also trips the readability warnings,
/// and each message is checked on its own.
fn rendered_code(loaded: &Loaded, code: &str) -> String {
    let picked: Vec<_> = loaded.diagnostics.iter().filter(|d| d.code.as_str() == code).cloned().collect();
    render_all(&picked, loaded.sources(), Color::Never)
}

fn codes(loaded: &Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// The first character that a terminal could act on: C0 controls other than newline (tabs
/// included, since they are shown as spaces), DEL, C1 controls, bidi embeddings and overrides.
fn raw_control(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        (c < ' ' && c != '\n')
            || c == '\u{7f}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

fn assert_terminal_safe(text: &str, what: &str) {
    if let Some((at, c)) = raw_control(text) {
        panic!("{what} carries U+{:04X} at byte {at}:\n{text}", u32::from(c));
    }
}

// ---------------------------------------------------------------------------------------------
// Control characters in every place a guide holds text
// ---------------------------------------------------------------------------------------------

/// A small valid guide in which every piece of text is a `@NAME@` slot.
const TEMPLATE: &str = r#"format = 1

[guide]
id = "hostile"
title = "@GUIDE_TITLE@"
summary = "@SUMMARY@"
language = "@LANGUAGE@"
version = "@VERSION@"
reviewed = 2026-11-01
start = "ask"
disclaimer = "@DISCLAIMER@"
banner = "@BANNER@"

[[guide.sources]]
title = "@SOURCE_TITLE@"
url = "https://example.org/source"

[sections.call]
title = "@SECTION_TITLE@"

[nodes.ask]
type = "choice"
title = "@NODE_TITLE@"
text = "@NODE_TEXT@"
var = "@VAR@"
next = "count"
  [[nodes.ask.options]]
  value = "yes"
  label = "@OPTION_LABEL@"
  help = "@OPTION_HELP@"
  [[nodes.ask.options]]
  value = "@OPTION_VALUE@"
  label = "No"

[nodes.count]
type = "number"
var = "count"
unit = "@UNIT@"
placeholder = "@PLACEHOLDER@"
next = "route"

[nodes.route]
type = "branch"
rules = [ { when = "@WHEN@", next = "grid", why = "@RULE_WHY@" }, { next = "done" } ]

[nodes.grid]
type = "compare"
columns = ["@COLUMN@", "Other"]
rows = [ { label = "@ROW_LABEL@", cells = ["@CELL@", "x"] } ]
next = "done"

[nodes.done]
type = "end"

[values]
total = "@VALUE_EXPR@"

[checklist.call_first]
section = "call"
text = "@ITEM_TEXT@"
details = "@ITEM_DETAILS@"
resources = ["line"]

[resources.line]
title = "@RESOURCE_TITLE@"
phone = "@RESOURCE_PHONE@"
text = "@RESOURCE_TEXT@"

[glossary]
"@GLOSSARY_TERM@" = "@GLOSSARY_DEF@"
"#;

/// Benign values for every slot; with these the guide loads without errors.
const BENIGN: &[(&str, &str)] = &[
    ("GUIDE_TITLE", "A guide"),
    ("SUMMARY", "A summary."),
    ("LANGUAGE", "en"),
    ("VERSION", "1"),
    ("DISCLAIMER", "Not advice."),
    ("BANNER", "Call 988."),
    ("SOURCE_TITLE", "A source"),
    ("SECTION_TITLE", "Before you call"),
    ("NODE_TITLE", "Ask"),
    ("NODE_TEXT", "Do you?"),
    ("VAR", "answer"),
    ("OPTION_LABEL", "Yes"),
    ("OPTION_HELP", "If you do."),
    ("OPTION_VALUE", "no"),
    ("UNIT", "visits"),
    ("PLACEHOLDER", "e.g. 3"),
    ("WHEN", "answer == \\\"yes\\\" and count > 2"),
    ("RULE_WHY", "Because."),
    ("COLUMN", "Ketamine"),
    ("ROW_LABEL", "Covered?"),
    ("CELL", "Rarely"),
    ("VALUE_EXPR", "count * 400"),
    ("ITEM_TEXT", "Call first."),
    ("ITEM_DETAILS", "Ask about prior authorization."),
    ("RESOURCE_TITLE", "Help line"),
    ("RESOURCE_PHONE", "1-800-555-0100"),
    ("RESOURCE_TEXT", "Free."),
    ("GLOSSARY_TERM", "prior authorization"),
    ("GLOSSARY_DEF", "Approval before treatment."),
];

/// The guide with `slot` set to `value` (written into the TOML as is, so `\u001b` is an escape)
/// and every other slot benign.
fn guide_with(slot: &str, value: &str) -> String {
    let mut text = TEMPLATE.to_string();
    for (name, benign) in BENIGN {
        let v = if *name == slot { value } else { benign };
        text = text.replace(&format!("@{name}@"), v);
    }
    text
}

/// Control characters as TOML escapes: escape (a whole CSI sequence), bell, a one-byte C1 CSI,
/// a right-to-left override, a left-to-right isolate, and a NUL.
const HOSTILE: &[&str] = &["x\\u001b[2Jy", "x\\u0007y", "x\\u009b31my", "x\\u202Eyz", "x\\u2066y", "x\\u0000y"];

#[test]
fn the_template_guide_loads_with_benign_text() {
    let loaded = load(&guide_with("", ""));
    assert!(loaded.guide.is_some(), "{}", rendered(&loaded));
}

#[test]
fn control_characters_in_any_text_are_refused_with_e0503_and_never_echoed() {
    let text_slots = BENIGN.iter().map(|(n, _)| *n).filter(|n| !matches!(*n, "VAR" | "LANGUAGE"));
    for slot in text_slots {
        for bad in HOSTILE {
            // Keep conditions and expressions meaningful around the bad character.
            let value = match slot {
                "WHEN" => format!("answer == \\\"{bad}\\\""),
                "VALUE_EXPR" => format!("count * 400 {bad}"),
                _ => (*bad).to_string(),
            };
            let loaded = load(&guide_with(slot, &value));
            let out = rendered(&loaded);
            assert!(loaded.guide.is_none(), "{slot} = {bad} loaded");
            assert!(codes(&loaded).contains(&"E0503"), "{slot} = {bad} gave {:?}:\n{out}", codes(&loaded));
            assert_terminal_safe(&out, &format!("the diagnostics for {slot} = {bad}"));
        }
    }
}

#[test]
fn control_characters_in_language_are_refused() {
    for bad in HOSTILE {
        let loaded = load(&guide_with("LANGUAGE", bad));
        assert!(loaded.guide.is_none());
        assert_terminal_safe(&rendered(&loaded), "diagnostics for a hostile language");
    }
}

#[test]
fn control_characters_in_ids_are_refused_with_e0205() {
    let base = guide_with("", "");
    let extras = [
        ("a node id", "[nodes.\"n@\"]\ntype = \"end\"\n"),
        ("a section id", "[sections.\"s@\"]\ntitle = \"S\"\n"),
        ("a checklist item id", "[checklist.\"i@\"]\nsection = \"call\"\ntext = \"T\"\n"),
        ("a resource id", "[resources.\"r@\"]\ntitle = \"R\"\nphone = \"1\"\n"),
        ("a value name", "[values]\n\"v@\" = \"1\"\n"),
    ];
    for (what, extra) in extras {
        for bad in HOSTILE {
            let text = if what == "a value name" {
                base.replace("[values]\n", &extra.replace('@', bad))
            } else {
                format!("{base}\n{}", extra.replace('@', bad))
            };
            let loaded = load(&text);
            let out = rendered(&loaded);
            assert!(loaded.guide.is_none(), "{what} with {bad} loaded");
            assert!(codes(&loaded).contains(&"E0205"), "{what} with {bad} gave {:?}:\n{out}", codes(&loaded));
            assert_terminal_safe(&out, &format!("the diagnostics for {what} with {bad}"));
        }
    }
    for bad in HOSTILE {
        let loaded = load(&guide_with("VAR", &format!("answer{bad}")).replace("answer ==", "count =="));
        assert!(codes(&loaded).contains(&"E0205"), "a var with {bad} gave {:?}", codes(&loaded));
        assert_terminal_safe(&rendered(&loaded), "the diagnostics for a hostile var");
    }
}

#[test]
fn control_characters_in_unknown_keys_and_test_answers_are_never_echoed() {
    let base = guide_with("", "");
    for bad in HOSTILE {
        let texts = [
            format!("{base}\n[nodes.done2]\ntype = \"end\"\n\"k{bad}\" = 1\n"),
            format!("{base}\n[[tests]]\nname = \"t{bad}\"\nanswers = {{ \"a{bad}\" = \"b{bad}\" }}\n"),
            format!("\"{bad}\" = 1\n{base}"),
        ];
        for text in texts {
            let loaded = load(&text);
            assert!(loaded.guide.is_none());
            assert_terminal_safe(&rendered(&loaded), "diagnostics quoting a hostile key");
        }
    }
}

#[test]
fn a_raw_escape_byte_in_the_file_is_never_echoed_in_diagnostics() {
    // Not a TOML escape: the byte itself, where toml's own error quotes the source line.
    let text = guide_with("GUIDE_TITLE", "a\u{1b}[2Jb\u{7}c\u{9b}d\u{202e}e");
    let loaded = load(&text);
    assert!(loaded.guide.is_none());
    assert_terminal_safe(&rendered(&loaded), "diagnostics for a raw escape byte");
    let broken = "format = 1\n[guide\u{1b}[2J]\ntitle = \"\u{1b}]8;;http://x\u{7}\n";
    let loaded = load(broken);
    assert_eq!(codes(&loaded), ["E0101"]);
    assert_terminal_safe(&rendered(&loaded), "a TOML syntax error quoting an escape");
}

// ---------------------------------------------------------------------------------------------
// Hostile answers
// ---------------------------------------------------------------------------------------------

const MEDICARE: &str = r#"safe = "safe"
age = "adult"
health = ["none"]
insurance = "medicare"
medigap = "no"
diagnosis = "depression"
meds_tried = 2
treatments = ["therapy"]
interest = "esketamine"
sessions = 6
price = 600
pay_ways = []
distance = "near"
matters = ["cost"]
ready = ["options", "support", "records"]
"#;

const EMPLOYER: &str = r#"safe = "safe"
age = "adult"
health = ["none"]
insurance = "employer"
job_plan = "fully_insured"
plan_kind = "ppo_pos"
network = "out"
diagnosis = "trd"
meds_tried = 4
treatments = ["therapy", "augment"]
interest = "iv"
plan_iv = "unknown"
price = 750
sessions = 6
eval_fee = 200
reimburse_pct = 60
pay_ways = ["hsa_fsa"]
distance = "near"
matters = ["cost"]
ready = ["options", "records"]
"#;

#[test]
fn escapes_and_script_tags_in_a_text_answer_never_reach_an_export() {
    let guide = default_guide();
    let answers_text = format!(
        "{EMPLOYER}insurer = \"Blue\\u001b[2J\\u001b]8;;https://evil.example\\u0007 <script>alert(1)</script> \\u202Egnp.exe\"\n"
    );
    let answers = answers_file::parse("answers.toml", &answers_text, Color::Never).unwrap();
    assert!(answers["insurer"].as_text().unwrap().contains('\u{1b}'), "the answer keeps what was typed");
    let session = walk::walk(&guide, &answers).unwrap();
    let report = report::build(&guide, &session);
    for format in Format::ALL {
        let text = export::render(format, &report);
        assert_terminal_safe(&text, format.name());
        assert!(text.contains("Blue"), "{} lost the answer", format.name());
    }
    let html = export::render(Format::Html, &report);
    assert!(!html.contains("<script>"), "HTML export carries a raw script tag");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "HTML export does not show the answer escaped");
    let md = export::render(Format::Markdown, &report);
    assert!(!md.contains("<script>"), "Markdown export carries a raw script tag");
}

#[test]
fn a_failing_scenario_with_escapes_in_its_name_and_answers_is_reported_without_them() {
    let text = format!(
        "{}\n[[tests]]\nname = \"t\\u001b[2J\"\nanswers = {{ answer = \"yes\", count = 3 }}\nexpect = [\"call_first\"]\nreject = [\"call_first\"]\n",
        guide_with("", "")
    );
    let loaded = load(&text);
    let guide = loaded.guide.unwrap();
    let outcomes = guidepost::engine::scenario::run_all(&guide);
    assert_eq!(outcomes.len(), 1);
    assert!(!outcomes[0].passed());
    let report = outcomes[0].describe(&guide);
    assert!(report.contains("scenario \"t␛[2J\" failed"), "{report}");
    assert_terminal_safe(&report, "a failing scenario's report");
}

#[test]
fn an_answers_file_of_another_guide_names_the_unknown_var_with_a_suggestion() {
    let guide = default_guide();
    let answers = answers_file::parse("answers.toml", "insurence = \"medicare\"\n", Color::Never).unwrap();
    let err = walk::walk(&guide, &answers).unwrap_err();
    assert_eq!(err, WalkError::UnknownVar { var: "insurence".into(), suggestion: Some("insurance".into()) });
    assert_eq!(
        err.to_string(),
        "the answers name `insurence`, but no question stores its answer under that name (did you mean `insurance`?)"
    );
}

#[test]
fn a_var_with_an_escape_in_an_answers_file_is_reported_without_the_escape() {
    let guide = default_guide();
    let answers =
        answers_file::parse("answers.toml", "\"insur\\u001b[2Jance\\u0007\" = \"medicare\"\n", Color::Never).unwrap();
    let err = walk::walk(&guide, &answers).unwrap_err();
    assert!(matches!(err, WalkError::UnknownVar { .. }));
    let msg = err.to_string();
    assert_terminal_safe(&msg, "the unknown-var message");
    assert!(msg.contains("insur␛[2Jance␇"), "{msg}");
}

#[test]
fn an_invalid_choice_with_escapes_is_reported_without_them() {
    let guide = default_guide();
    let text = MEDICARE.replace("\"medicare\"", "\"medi\\u001b[31mcare\\nnext line\"");
    let answers = answers_file::parse("answers.toml", &text, Color::Never).unwrap();
    let err = walk::walk(&guide, &answers).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, WalkError::Invalid { .. }), "{err:?}");
    assert_terminal_safe(&msg, "the invalid-answer message");
    assert!(!msg.contains('\n'), "the message stays on one line: {msg}");
    assert!(msg.contains("is not one of the choices"), "{msg}");
}

#[test]
fn answers_of_the_wrong_type_get_a_clear_message() {
    let guide = default_guide();
    let cases = [
        ("insurance = \"medicare\"", "insurance = 3", "must be one of"),
        ("meds_tried = 2", "meds_tried = \"two\"", "must be a number"),
        ("treatments = [\"therapy\"]", "treatments = \"therapy\"", "must be a list"),
        ("meds_tried = 2", "meds_tried = true", "must be a number"),
        ("meds_tried = 2", "meds_tried = 2026-10-01", "must be a number"),
        ("insurance = \"medicare\"", "insurance = 2026-10-01", "must be one of"),
    ];
    for (from, to, expect) in cases {
        let text = MEDICARE.replace(from, to);
        let answers = answers_file::parse("answers.toml", &text, Color::Never).unwrap();
        let err = walk::walk(&guide, &answers).unwrap_err().to_string();
        assert!(err.contains(expect), "{to}: {err}");
    }
}

#[test]
fn answers_that_toml_cannot_hold_are_refused_with_the_place() {
    for (text, place) in [
        ("safe = 1979-05-27T07:32:00Z\n", "answers.toml:1:8"),
        ("safe = { a = 1 }\n", "answers.toml:1:8"),
        ("safe = [1, 2]\n", "answers.toml:1:9"),
    ] {
        let err = answers_file::parse("answers.toml", text, Color::Never).unwrap_err().to_string();
        assert!(err.contains("E0203") && err.contains(place), "{text}: {err}");
    }
}

#[test]
fn a_truncated_answers_file_is_a_syntax_error_at_the_cut() {
    let full = format!("{MEDICARE}insurer = \"Acme Health\"\n");
    for cut in [full.len() - 8, full.len() / 2, 5] {
        let text = &full[..cut];
        let result = answers_file::parse("answers.toml", text, Color::Never);
        match result {
            Err(e) => {
                let e = e.to_string();
                assert!(e.contains("E0101") && e.contains("answers.toml:"), "{e}");
                assert_terminal_safe(&e, "a truncated answers file's error");
            }
            // A cut that happens to fall between lines leaves a valid, shorter file.
            Ok(a) => assert!(a.len() < 12),
        }
    }
    let cut_mid_string = "safe = \"safe\"\ninsurer = \"Acme He";
    let e = answers_file::parse("answers.toml", cut_mid_string, Color::Never).unwrap_err().to_string();
    assert!(e.contains("answers.toml:2:"), "{e}");
}

#[test]
fn a_multi_answer_with_an_unknown_value_names_it() {
    let guide = default_guide();
    let text = MEDICARE.replace("treatments = [\"therapy\"]", "treatments = [\"therapy\", \"thearpy\\u001b\"]");
    let answers = answers_file::parse("answers.toml", &text, Color::Never).unwrap();
    let err = walk::walk(&guide, &answers).unwrap_err().to_string();
    assert!(err.contains("thearpy␛"), "{err}");
    assert_terminal_safe(&err, "a multi answer's error");
}

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

#[test]
fn a_guide_file_over_16_mib_is_refused_from_its_size_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let f = std::fs::File::create(&path).unwrap();
    // A sparse file: if the loader read it all, this test would still pass, but slowly; the
    // message proves the size was checked first.
    f.set_len(20 * 1024 * 1024).unwrap();
    let loaded = load_path(&path, opts());
    assert_eq!(codes(&loaded), ["E0104"]);
    let out = rendered(&loaded);
    assert!(out.contains("is 20,971,520 bytes; a guide may be at most 16 MiB"), "{out}");
}

#[test]
fn bytes_over_16_mib_in_memory_are_refused() {
    let bytes = vec![b'#'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    let loaded = load_bytes("big.toml", bytes, opts());
    assert_eq!(codes(&loaded), ["E0104"]);
}

#[test]
fn a_15_mb_string_value_is_refused_for_its_escape_and_the_message_stays_short() {
    // One huge string with a control character at its very end: the whole string is scanned,
    // refused, and the diagnostic shows a window of the line rather than all of it. (The same
    // string without the escape loads; this one pass covers the scan, the checks and rendering.)
    let long = "word ".repeat(3_000_000);
    let text = guide_with("NODE_TEXT", &format!("{long}\\u001b"));
    assert!(text.len() > 15_000_000);
    let loaded = load(&text);
    assert!(codes(&loaded).contains(&"E0503"), "{:?}", codes(&loaded));
    let out = rendered_code(&loaded, "E0503");
    assert!(out.len() < 2_000, "the message is {} bytes", out.len());
    assert_terminal_safe(&out, "diagnostics of a 15 MB string with an escape");
}

#[test]
fn a_diagnostic_on_a_very_long_line_shows_a_window_around_the_culprit() {
    let long = "word ".repeat(200_000);
    let text = guide_with("NODE_TEXT", &format!("{long}{{nope}} and more {long}"));
    let loaded = load(&text);
    let out = rendered_code(&loaded, "E0502");
    assert!(codes(&loaded).contains(&"E0502"), "{out}");
    assert!(out.len() < 2_000, "one message is {} bytes", out.len());
    let lines: Vec<&str> = out.lines().collect();
    let source = lines.iter().position(|l| l.contains("-->")).unwrap() + 2;
    let (shown, carets) = (lines[source], lines[source + 1]);
    assert!(shown.contains('…'), "{shown}");
    // The caret still sits under the name, counted in characters.
    let caret_col = carets.chars().position(|c| c == '^').unwrap();
    let name_col = shown.chars().collect::<String>().find("nope").map(|b| shown[..b].chars().count()).unwrap();
    assert_eq!(caret_col, name_col, "\n{shown}\n{carets}");
}

// ---------------------------------------------------------------------------------------------
// Depth
// ---------------------------------------------------------------------------------------------

/// Runs `f` on a thread with a small stack, so unbounded recursion shows up as a crash here
/// rather than only on huge inputs.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    on_stack(256 * 1024, f)
}

fn on_stack<T: Send + 'static>(bytes: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(bytes).spawn(f).unwrap().join().unwrap()
}

/// The condition parser recurses, bounded at 64 levels; an unoptimized build spends about 8 KiB
/// of stack per level, so the bound is proven on 1 MiB (a quarter of what a spawned thread gets
/// by default, an eighth of the main thread).
const CONDITION_STACK: usize = 1024 * 1024;

const DEPTH: usize = 100_000;

fn deep_inputs() -> Vec<(&'static str, String)> {
    vec![
        ("inline arrays", format!("format = 1\nx = {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH))),
        ("inline tables", format!("format = 1\nx = {}1{}\n", "{ a = ".repeat(DEPTH), " }".repeat(DEPTH))),
        ("dotted keys", format!("format = 1\n{} = 1\n", vec!["a"; DEPTH].join("."))),
        ("a table header", format!("format = 1\n[{}]\n", vec!["a"; DEPTH].join("."))),
        ("an array-of-tables header", format!("format = 1\n[[{}]]\n", vec!["a"; DEPTH].join("."))),
        ("quoted dotted keys", format!("format = 1\n{} = 1\n", vec!["\"a\""; DEPTH].join("."))),
        ("unclosed arrays", format!("format = 1\nx = {}", "[".repeat(DEPTH))),
    ]
}

#[test]
fn deep_nesting_in_a_guide_is_a_clear_error_on_a_small_stack() {
    for (what, text) in deep_inputs() {
        let (codes, out) = on_small_stack(move || {
            let loaded = load(&text);
            (codes(&loaded), rendered(&loaded))
        });
        assert_eq!(codes.len(), 1, "{what}: {out}");
        assert!(matches!(codes[0], "E0105" | "E0101"), "{what}: {out}");
        assert!(out.contains("nested") || out.contains("invalid TOML"), "{what}: {out}");
        assert!(out.len() < 2_000, "{what}: the message quotes too much ({} bytes)", out.len());
    }
}

#[test]
fn dots_in_text_are_not_taken_for_a_deep_key() {
    let dots = ".".repeat(200);
    let text = format!(
        "format = 1\n[guide]\nid = \"dots\"\ntitle = \"Dots\"\nreviewed = 2026-11-01\nstart = \"a\"\n\
         disclaimer = \"Not advice.\"\nsummary = \"\"\"\nWait{dots}\n{dots}\na.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h\n\"\"\"\n\
         [nodes.a]\ntype = \"end\"\n"
    );
    let loaded = load(&text);
    assert!(loaded.guide.is_some(), "{}", rendered(&loaded));
}

#[test]
fn deep_nesting_in_an_answers_file_is_a_clear_error_on_a_small_stack() {
    for (what, text) in deep_inputs() {
        let result = on_small_stack(move || answers_file::parse("answers.toml", &text, Color::Never));
        let err = result.unwrap_err().to_string();
        assert!(err.contains("answers.toml:"), "{what}: {err}");
        assert!(err.len() < 2_000, "{what}: the message quotes too much ({} bytes)", err.len());
    }
}

#[test]
fn deep_conditions_and_templates_are_errors_on_a_small_stack() {
    let cases = [
        ("WHEN", format!("{}answer == \\\"yes\\\"{}", "(".repeat(DEPTH), ")".repeat(DEPTH))),
        ("WHEN", format!("{}answer == \\\"yes\\\"", "not ".repeat(DEPTH))),
        ("VALUE_EXPR", format!("{}count", "-".repeat(DEPTH))),
        ("VALUE_EXPR", vec!["count"; 10_000].join(" + ")),
    ];
    for (slot, value) in cases {
        let text = guide_with(slot, &value);
        let found = on_stack(CONDITION_STACK, move || codes(&load(&text)));
        assert!(found.contains(&"E0401"), "{slot}: {found:?}");
    }
    let text =
        guide_with("NODE_TEXT", &format!("{}x{}", "[**".repeat(DEPTH / 10), "**](https://a.b)".repeat(DEPTH / 10)));
    on_small_stack(move || load(&text).diagnostics.len());
}

// ---------------------------------------------------------------------------------------------
// Loops
// ---------------------------------------------------------------------------------------------

#[test]
fn files_that_include_each_other_are_a_loop_error() {
    let dir = tempfile::tempdir().unwrap();
    let main = guide_with("", "").replace("start = \"ask\"", "start = \"ask\"\ninclude = [\"a.toml\"]");
    std::fs::write(dir.path().join("main.toml"), main).unwrap();
    std::fs::write(dir.path().join("a.toml"), "include = [\"b.toml\"]\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "include = [\"a.toml\"]\n").unwrap();
    let loaded = load_path(&dir.path().join("main.toml"), opts());
    assert_eq!(codes(&loaded), ["E0802"], "{}", rendered(&loaded));
    assert!(rendered(&loaded).contains("makes a loop"));
    // A file that includes itself.
    std::fs::write(dir.path().join("a.toml"), "include = [\"a.toml\"]\n").unwrap();
    let loaded = load_path(&dir.path().join("main.toml"), opts());
    assert_eq!(codes(&loaded), ["E0802"], "{}", rendered(&loaded));
}

#[test]
fn an_include_through_a_symlink_loop_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let main = guide_with("", "").replace("start = \"ask\"", "start = \"ask\"\ninclude = [\"loop/x.toml\"]");
    std::fs::write(dir.path().join("main.toml"), main).unwrap();
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    let loaded = load_path(&dir.path().join("main.toml"), opts());
    assert!(loaded.guide.is_none());
    assert!(codes(&loaded).contains(&"E0803"), "{}", rendered(&loaded));
}

#[test]
fn a_thousand_node_loop_is_e0602_naming_the_nodes() {
    let mut text = String::from(
        "format = 1\n[guide]\nid = \"loop\"\ntitle = \"Loop\"\nstart = \"n0\"\ndisclaimer = \"d\"\nreviewed = 2026-11-01\n",
    );
    for i in 0..1000 {
        text.push_str(&format!("[nodes.n{i}]\ntype = \"info\"\nnext = \"n{}\"\n", (i + 1) % 1000));
    }
    text.push_str("[nodes.done]\ntype = \"end\"\n");
    let loaded = load(&text);
    let out = rendered(&loaded);
    assert!(codes(&loaded).contains(&"E0602"), "{out}");
    let loop_msg = loaded.diagnostics.iter().find(|d| d.code.as_str() == "E0602").unwrap();
    assert!(loop_msg.message.contains("n0") && loop_msg.message.contains("n1"), "{}", loop_msg.message);
    assert!(out.len() < 200_000, "a thousand-node loop makes {} bytes of messages", out.len());
}

#[test]
fn a_loop_through_a_branch_with_no_otherwise_exit_is_refused() {
    let text = r#"format = 1
[guide]
id = "loop"
title = "Loop"
start = "a"
disclaimer = "d"
reviewed = 2026-11-01
[nodes.a]
type = "number"
var = "n"
next = "b"
[nodes.b]
type = "branch"
rules = [ { when = "n > 1000", next = "done" }, { next = "a" } ]
[nodes.done]
type = "end"
"#;
    // A way out exists (n > 1000), so the guide loads; a walk that never takes it stops.
    let loaded = load(text);
    let guide = loaded.guide.unwrap();
    let answers: BTreeMap<String, Value> = [("n".to_string(), Value::Number(1.0))].into();
    let err = walk::walk(&guide, &answers).unwrap_err();
    assert!(matches!(err, WalkError::Loop { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

#[test]
fn bytes_that_are_not_utf8_are_e0102_at_their_line_and_column() {
    let mut bytes = b"format = 1\n[guide]\ntitle = \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(b"\"\n");
    let loaded = load_bytes("latin1.toml", bytes, opts());
    assert_eq!(codes(&loaded), ["E0102"]);
    let out = rendered(&loaded);
    assert!(out.contains("latin1.toml:3:13"), "{out}");
    assert!(out.contains("byte 0xE9"), "{out}");
    assert_terminal_safe(&out, "a non-UTF-8 diagnostic");
}

#[test]
fn invalid_utf8_after_control_bytes_is_reported_without_them() {
    let mut bytes = b"format = 1\n\x1b[2J\x07 = \"".to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28, 0xFF, 0xFE]);
    let loaded = load_bytes("bad.toml", bytes, opts());
    assert_eq!(codes(&loaded), ["E0102"]);
    let out = rendered(&loaded);
    assert!(out.contains("bad.toml:2:"), "{out}");
    assert_terminal_safe(&out, "a non-UTF-8 diagnostic after control bytes");
}

#[test]
fn a_file_of_only_a_byte_order_mark_or_nothing_is_empty() {
    for bytes in [Vec::new(), vec![0xEF, 0xBB, 0xBF], b"  \n\t\n".to_vec()] {
        let loaded = load_bytes("empty.toml", bytes, opts());
        assert_eq!(codes(&loaded), ["E0103"]);
    }
}

#[test]
fn a_utf16_file_is_refused_as_not_utf8() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "format = 1\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let loaded = load_bytes("utf16.toml", bytes, opts());
    assert_eq!(codes(&loaded), ["E0102"]);
    assert!(rendered(&loaded).contains("save the file as UTF-8"));
}

// ---------------------------------------------------------------------------------------------
// Odd numbers and names
// ---------------------------------------------------------------------------------------------

#[test]
fn huge_and_odd_numbers_in_a_guide_do_not_panic() {
    for (slot_from, slot_to) in [
        ("var = \"count\"", "var = \"count\"\nmin = 1e308\nmax = -1e308"),
        ("var = \"count\"", "var = \"count\"\nmin = 0\nmax = 99999999999999999999999"),
        ("var = \"count\"", "var = \"count\"\ndefault = nan"),
        ("var = \"count\"", "var = \"count\"\ndefault = inf\nmax = inf"),
        ("var = \"count\"", "var = \"count\"\nmax_len = -1"),
    ] {
        let text = guide_with("", "").replace(slot_from, slot_to);
        let loaded = load(&text);
        assert_terminal_safe(&rendered(&loaded), "diagnostics of odd numbers");
    }
    let text = guide_with("VALUE_EXPR", "count * 1e308 * 1e308 / 0 - 999999999999999999999999999999");
    let loaded = load(&text);
    if let Some(guide) = loaded.guide {
        let answers: BTreeMap<String, Value> =
            [("answer".to_string(), Value::Text("yes".into())), ("count".to_string(), Value::Number(3.0))].into();
        let session = walk::walk(&guide, &answers).unwrap();
        let report = report::build(&guide, &session);
        for format in Format::ALL {
            assert_terminal_safe(&export::render(format, &report), format.name());
        }
    }
}

#[test]
fn a_guide_hostile_in_every_slot_gets_one_clean_report() {
    let mut text = TEMPLATE.to_string();
    for (name, _) in BENIGN {
        text = text.replace(&format!("@{name}@"), "x\\u001by");
    }
    let loaded = load(&text);
    let out = rendered(&loaded);
    assert!(loaded.diagnostics.len() > 20, "{out}");
    assert_terminal_safe(&out, "diagnostics of a guide hostile everywhere");
}

/// Runs `guidepost validate` on a hostile fixture; returns the exit code and standard output.
fn validate_fixture(name: &str) -> (Option<i32>, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name);
    let out = guidepost(&["validate", path.to_str().unwrap()]).run();
    (Some(out.code), out.stdout)
}

#[test]
fn nan_infinity_and_huge_numbers_are_refused_with_a_clear_message() {
    let (code, out) = validate_fixture("numbers.toml");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("`min` in node `age`: `nan` (not a number) cannot be compared or added up"), "{out}");
    assert!(out.contains("`max` in node `age`: `inf` (infinity) is not an amount anything can have"), "{out}");
    assert!(out.contains("`default` in node `age`: `1e300` is beyond any sensible range"), "{out}");
    assert!(out.contains("numbers.toml:16:7"), "located: {out}");
}

#[test]
fn a_circle_of_thousands_of_values_is_named_by_its_first_few() {
    let (code, out) = validate_fixture("value-circle.toml");
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("values `v0`, `v1`, `v2`, `v3`, `v4` and 1995 more depend on each other in a circle"),
        "{out}"
    );
    assert!(out.len() < 2000, "the message stays short: {} bytes", out.len());
}

#[test]
fn a_file_of_a_thousand_mistakes_shows_the_first_hundred_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "format = 1\n[guide]\nid = \"many\"\ntitle = \"Many\"\nstart = \"n0\"\ndisclaimer = \"D.\"\nreviewed = 2026-11-01\n",
    );
    for i in 0..1000 {
        text.push_str(&format!("[nodes.n{i}]\ntype = \"info\"\ntitle = \"N\"\nnext = \"nowhere{i}\"\n"));
    }
    let path = dir.path().join("many.toml");
    std::fs::write(&path, text).unwrap();
    let out = guidepost(&["validate", path.to_str().unwrap()]).run();
    let stdout = out.stdout;
    assert_eq!(out.code, 1);
    assert_eq!(stdout.matches("error[E0301]").count(), 100, "{stdout}");
    assert!(stdout.contains("900 more problems in this file are not shown"), "{stdout}");
}

#[test]
fn a_reference_to_nothing_close_lists_the_few_ids_there_are() {
    let (code, out) = validate_fixture("nowhere.toml");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("help: the sections are: \"now\"; define it as [sections.ID] with a title"), "{out}");
    assert!(out.contains("help: the nodes are: \"done\"; define the node as [nodes.ID]"), "{out}");
}

#[test]
fn a_reference_to_nothing_close_among_many_ids_lists_none() {
    let mut text = String::from(
        "format = 1\n[guide]\nid = \"many\"\ntitle = \"Many\"\nstart = \"n0\"\ndisclaimer = \"D.\"\nreviewed = 2026-11-01\n",
    );
    for i in 0..20 {
        text.push_str(&format!("[nodes.n{i}]\ntype = \"info\"\ntitle = \"N\"\nnext = \"n{}\"\n", i + 1));
    }
    text.push_str("[nodes.n20]\ntype = \"info\"\ntitle = \"N\"\nnext = \"zzzzzzzzzz\"\n");
    let out = rendered(&load(&text));
    assert!(out.contains("help: define the node as [nodes.ID], or point to an existing one"), "{out}");
    assert!(!out.contains("the nodes are"), "{out}");
}

#[test]
fn invisible_characters_are_refused_where_they_hide_and_kept_where_scripts_need_them() {
    let (code, out) = validate_fixture("invisible.toml");
    assert_eq!(code, Some(1), "{out}");
    assert_terminal_safe(&out, "diagnostics about invisible characters");
    for (message, place) in [
        ("the guide's `title` has an invisible zero-width space (U+200B) at its start", "invisible.toml:7:10"),
        ("the title of node `ask` has an invisible zero-width joiner (U+200D) next to `n`", "invisible.toml:18:14"),
        ("an option value of choice node `ask` has an invisible zero-width space (U+200B)", "invisible.toml:21:25"),
        ("node id \"final\" has an invisible zero-width space (U+200B) in it", "invisible.toml:23:12"),
        ("checklist item `x` has an invisible word joiner (U+2060) at its end", "invisible.toml:31:32"),
    ] {
        let at = out.find(message).unwrap_or_else(|| panic!("missing {message:?} in:\n{out}"));
        assert!(out[at..].lines().nth(1).is_some_and(|l| l.contains(place)), "{message} at {place}:\n{out}");
    }
    // Devanagari, the family emoji and Persian need their joiners: the text of `ask` is fine.
    assert!(!out.contains("the text of node `ask`"), "{out}");
    assert!(out.contains("has errors (5 errors, 0 warnings)"), "{out}");
}

#[test]
fn millions_of_numbers_are_refused_before_parsing_with_the_place_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.toml");
    let head = "format = 1\n[guide]\nid = \"n\"\ntitle = \"N\"\nstart = \"a\"\ndisclaimer = \"D.\"\nreviewed = 2026-11-01\n[nodes.a]\ntype = \"end\"\n";
    let body = "1,".repeat((MAX_FILE_BYTES as usize - head.len() - 100) / 2);
    std::fs::write(&path, format!("{head}junk = [{body}]\n")).unwrap();
    let out = guidepost(&["validate", path.to_str().unwrap()]).run();
    let stdout = out.stdout;
    assert_eq!(out.code, 1, "{stdout}");
    assert!(
        stdout.contains(
            "error[E0208]: this file holds more than 600,000 keys, values, tables and arrays, the most a guide may have, so that reading one never takes more than 1 GiB of memory"
        ),
        "{stdout}"
    );
    // Pointed at the value that passes the limit, on the line of the array.
    assert!(stdout.contains("numbers.toml:10:"), "{stdout}");
}

#[test]
fn structure_in_strings_and_comments_is_not_counted() {
    // 700,000 commas in prose and comments, none of them values.
    let prose = "a, ".repeat(350_000);
    let text = format!(
        "# {prose}\nformat = 1\n[guide]\nid = \"p\"\ntitle = \"P\"\nstart = \"a\"\ndisclaimer = \"D.\"\nreviewed = 2026-11-01\nsummary = \"\"\"{prose}\"\"\"\n[nodes.a]\ntype = \"end\"\n"
    );
    let loaded = load(&text);
    assert!(!codes(&loaded).contains(&"E0208"), "{}", rendered_code(&loaded, "E0208"));
}

#[test]
fn untested_items_are_capped_per_file_like_every_other_problem() {
    let mut text = String::from(
        "format = 1\n[guide]\nid = \"many\"\ntitle = \"Many\"\nstart = \"done\"\ndisclaimer = \"Info only.\"\n\
         reviewed = 2026-11-01\n[nodes.done]\ntype = \"end\"\n[sections.s]\ntitle = \"S\"\n",
    );
    for i in 0..150 {
        text.push_str(&format!("[checklist.item{i}]\nsection = \"s\"\ntext = \"Item {i}.\"\nwhen = \"false\"\n"));
    }
    text.push_str("[[tests]]\nname = \"nothing\"\n");
    let mut loaded = load(&text);
    guidepost::engine::scenario::add_untested_items(&mut loaded);
    let untested = loaded.diagnostics.iter().filter(|d| d.code.as_str() == "W0102").count();
    assert_eq!(untested, guidepost::guide::load::MAX_DIAGNOSTICS_PER_FILE, "{}", rendered(&loaded));
    let last = loaded.diagnostics.last().unwrap();
    assert_eq!(last.message, "50 more problems in this file are not shown");
}
