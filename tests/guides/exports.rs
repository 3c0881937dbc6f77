//! Every export format, snapshotted for a few sessions, and what hostile text can and cannot do.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use guidepost::engine::{Session, answers_file, report, walk};
use guidepost::export::{self, Format};
use guidepost::guide::diagnostic::Color;
use guidepost::guide::{CheckOptions, Guide, Value, load_path, load_str};

use crate::support::{default_guide, guidepost};

fn fixture(name: &str) -> Guide {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions").join(name);
    load_path(&path, CheckOptions::default()).guide.expect("the fixture loads")
}

/// The session of one of the guide's own `[[tests]]` scenarios, by the start of its name.
fn scenario(guide: &Guide, name: &str) -> Session {
    let s = guide.tests.iter().find(|t| t.name.starts_with(name)).expect("the scenario exists");
    let answers: BTreeMap<String, Value> = s.answers.iter().cloned().collect();
    walk::walk(guide, &answers).unwrap()
}

fn answers(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn render_all(guide: &Guide, session: &Session) -> Vec<(Format, String)> {
    let report = report::build(guide, session);
    Format::ALL.iter().map(|f| (*f, export::render(*f, &report))).collect()
}

fn snapshot_all(name: &str, guide: &Guide, session: &Session) {
    for (format, out) in render_all(guide, session) {
        insta::assert_snapshot!(format!("{name}.{}", format.extension()), out);
    }
}

#[test]
fn medicare_in_every_format() {
    let guide = default_guide();
    let mut session = scenario(&guide, "Original Medicare");
    session.toggle("ask_medicare");
    snapshot_all("medicare", &guide, &session);
}

/// One Markdown export per coverage program whose route differs most: each pins that program's
/// deadlines, reviewer and free help, and that no other program's route slips in.
#[test]
fn each_program_gets_its_own_route() {
    let guide = default_guide();
    for (name, scenario_name) in [
        ("program-dual-qmb", "Dual eligible in QMB"),
        ("program-medicaid", "Medicaid with prior authorization"),
        ("program-tricare-west", "TRICARE West family"),
        ("program-va", "VA-enrolled veteran"),
        ("program-self-funded", "Job plan, self-funded"),
        ("program-medicare-advantage", "Medicare Advantage HMO"),
    ] {
        let md = export::render(export::Format::Markdown, &report::build(&guide, &scenario(&guide, scenario_name)));
        insta::assert_snapshot!(name, md);
    }
}

#[test]
fn uninsured_in_every_format() {
    let guide = default_guide();
    snapshot_all("uninsured", &guide, &scenario(&guide, "Uninsured, low income"));
}

#[test]
fn crisis_in_every_format() {
    let guide = default_guide();
    snapshot_all("crisis", &guide, &scenario(&guide, "In crisis"));
}

fn small_session(guide: &Guide) -> Session {
    let mut session = walk::walk(
        guide,
        &answers(&[
            ("color", text("red")),
            ("pets", Value::List(vec!["cat".into()])),
            ("days", Value::Number(4.0)),
            ("name", text("Ada")),
        ]),
    )
    .unwrap();
    session.toggle("tickets");
    session
}

#[test]
fn small_fixture_in_every_format() {
    let guide = fixture("small.toml");
    snapshot_all("small", &guide, &small_session(&guide));
}

#[test]
fn the_documented_json_example_is_what_the_export_writes() {
    let guide = fixture("small.toml");
    let json = export::render(Format::Json, &report::build(&guide, &small_session(&guide)));
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export-json.md")).unwrap();
    let example = doc.split("```json\n").nth(1).unwrap().split("```").next().unwrap();
    assert_eq!(example, json, "docs/export-json.md shows the export as it is");
}

fn hostile_session(guide: &Guide, name: &str) -> Session {
    walk::walk(guide, &answers(&[("name", text(name)), ("pick", text("a"))])).unwrap()
}

#[test]
fn html_escapes_a_hostile_answer_and_every_hostile_guide_text() {
    let guide = fixture("hostile.toml");
    let session = hostile_session(&guide, "<script>alert(1)</script>");
    let html = export::render(Format::Html, &report::build(&guide, &session));
    insta::assert_snapshot!("hostile.html", html);
    assert!(html.contains("You wrote: &lt;script&gt;alert(1)&lt;/script&gt;."), "{html}");
    // Every raw `<` starts a tag the exporter itself writes, with attributes it writes.
    let tags = ["html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ul", "li", "span", "div"];
    let tags2 = ["strong", "em", "a", "br", "dl", "dt", "dd", "time"];
    let attributes = ["lang", "charset", "name", "content", "class", "aria-hidden", "href", "datetime"];
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap();
        if tag == "!DOCTYPE html" {
            continue;
        }
        let name = tag.trim_start_matches('/').split(' ').next().unwrap();
        assert!(tags.contains(&name) || tags2.contains(&name), "unexpected element <{tag}>");
        // Attributes: name="value" pairs, the value free of raw quotes and angle brackets.
        let mut rest = tag[tag.find(' ').unwrap_or(tag.len())..].trim();
        while !rest.is_empty() {
            let (attr, after) = rest.split_once("=\"").unwrap_or_else(|| panic!("unquoted attribute in <{tag}>"));
            assert!(attributes.contains(&attr), "unexpected attribute {attr} in <{tag}>");
            let (_value, after) = after.split_once('"').unwrap();
            rest = after.trim();
        }
    }
    assert!(html.contains("<html lang=\"en&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"), "{html}");
    assert!(html.contains("href=\"https://example.org/a?b=&quot;&lt;c&gt;\""), "{html}");
    // Self-contained: nothing is loaded from elsewhere.
    for banned in ["@import", "url("] {
        assert!(!html.contains(banned), "{banned} in:\n{html}");
    }
}

#[test]
fn an_answer_that_looks_like_markup_stays_text_in_every_format() {
    let guide = fixture("small.toml");
    let session = walk::walk(
        &guide,
        &answers(&[
            ("color", text("red")),
            ("days", Value::Number(2.0)),
            ("name", text("[click](https://evil.example) **loud**")),
        ]),
    )
    .unwrap();
    let report = report::build(&guide, &session);
    let html = export::render(Format::Html, &report);
    assert!(!html.contains("evil.example\""), "an answer cannot add a link:\n{html}");
    assert!(html.contains("<strong>[click](https://evil.example) **loud**</strong>"), "{html}");
    let md = export::render(Format::Markdown, &report);
    assert!(md.contains("Write **\\[click\\](https://evil.example) \\*\\*loud\\*\\*** on the luggage tag."), "{md}");
    let json = export::render(Format::Json, &report);
    assert!(json.contains("\"text\": \"Write [click](https://evil.example) **loud** on the luggage tag.\""), "{json}");
}

#[test]
fn markdown_escapes_hostile_guide_texts() {
    let guide = fixture("hostile.toml");
    let md = export::render(Format::Markdown, &report::build(&guide, &hostile_session(&guide, "x")));
    insta::assert_snapshot!("hostile.md", md);
    for (at, _) in md.match_indices("<script") {
        assert_eq!(&md[at - 1..at], "\\", "every < of the guide is escaped:\n{md}");
    }
    assert!(md.contains("### \\<h1\\>Section\\</h1\\> \\# not a heading"), "{md}");
    assert!(md.contains("  - 1\\. not a list"), "a list item cannot start a numbered list:\n{md}");
}

/// True when a line is allowed past 80 columns: an indent, maybe a marker, and one URL.
fn url_only(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().filter(|w| !matches!(*w, "*" | "->" | "-")).collect();
    words.len() == 1 && words[0].contains("://")
}

#[test]
fn the_text_export_never_passes_80_columns_except_for_a_url() {
    use unicode_width::UnicodeWidthStr;
    let guide = default_guide();
    let long_word = "Supercalifragilisticexpialidocious".repeat(4);
    let mut sessions: Vec<(Guide, Session)> = ["Original Medicare", "Uninsured", "In crisis", "Job plan"]
        .iter()
        .map(|n| (guide.clone(), scenario(&guide, n)))
        .collect();
    let hostile = fixture("hostile.toml");
    let session = hostile_session(
        &hostile,
        &format!(
            "{long_word} 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字"
        ),
    );
    sessions.push((hostile, session));
    for (g, s) in &sessions {
        let txt = export::render(Format::Text, &report::build(g, s));
        for line in txt.lines() {
            assert!(line.width() <= 80 || url_only(line), "{} columns: {line}", line.width());
        }
    }
}

#[test]
fn no_export_carries_a_control_character_even_with_hostile_answers() {
    let guide = fixture("hostile.toml");
    let mut session = Session::new(&guide);
    session
        .answer(&guide, &text("\u{1b}[2J\u{1b}]8;;https://evil.example\u{7}bell\u{9b}31m \u{202e}reversed"))
        .unwrap();
    session.answer(&guide, &text("b")).unwrap();
    for (format, out) in render_all(&guide, &session) {
        let bad: Vec<char> = out.chars().filter(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}').collect();
        assert!(bad.is_empty(), "{} carries {bad:?}", format.name());
    }
}

#[test]
fn export_writes_html_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "color = \"blue\"\npets = []\ndays = 2\n").unwrap();
    let out = dir.path().join("list.html");
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml");
    let run = guidepost(&["export"])
        .arg(&guide)
        .arg("--answers")
        .arg(&answers)
        .args(&["--format", "html", "-o"])
        .arg(&out)
        .run();
    assert_eq!(run.code, 0, "{}", run.all());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("Pack the blue bag for 2 days."), "{html}");
}

fn cited_session(guide: &Guide) -> Session {
    walk::walk(
        guide,
        &answers(&[
            ("matters", Value::List(vec!["cost".into(), "visits".into()])),
            ("age", Value::Number(34.0)),
            ("bipolar", text("yes")),
        ]),
    )
    .unwrap()
}

#[test]
fn a_guide_that_cites_lists_only_the_sources_behind_the_checklist_in_every_format() {
    let guide = fixture("cited.toml");
    let session = cited_session(&guide);
    snapshot_all("cited", &guide, &session);
    let report = report::build(&guide, &session);
    // Numbered in order of first use: the items' sources, then the pages and options on the path.
    let numbered: Vec<(Option<usize>, Option<&str>)> =
        report.sources.iter().map(|s| (s.number, s.id.as_deref())).collect();
    assert_eq!(
        numbered,
        [
            (Some(1), Some("prices")),
            (Some(2), Some("clinic")),
            (Some(3), Some("label")),
            (Some(4), Some("trial")),
            (Some(5), Some("basics"))
        ]
    );
    let items: Vec<Vec<usize>> =
        report.checklist.iter().flat_map(|s| s.items.iter().map(|i| i.sources.clone())).collect();
    assert_eq!(items, [vec![1, 2], vec![3, 4], vec![3]]);
    for (format, out) in render_all(&guide, &session) {
        assert!(!out.contains("A source nothing cites"), "{} lists a source nothing cites:\n{out}", format.name());
        assert!(out.contains("About this guide") || out.contains("ABOUT THIS GUIDE") || format == Format::Json);
    }
}

#[test]
fn private_answers_are_left_out_unless_included() {
    let guide = fixture("cited.toml");
    let session = cited_session(&guide);
    for (format, out) in render_all(&guide, &session) {
        assert!(!out.contains("Bipolar disorder") && !out.contains("Your age"), "{}:\n{out}", format.name());
    }
    let left_out = report::build(&guide, &session);
    assert_eq!((left_out.answers.len(), left_out.private_answers_left_out), (1, 2));
    let md = export::render(Format::Markdown, &left_out);
    assert!(md.contains("2 private answers are not listed here."), "{md}");

    let included = report::build_with(&guide, &session, report::ReportOptions { include_private: true });
    assert_eq!((included.answers.len(), included.private_answers_left_out), (3, 0));
    let md = export::render(Format::Markdown, &included);
    assert!(md.contains("- **Your age**: 34") && md.contains("- **Bipolar disorder**: Yes"), "{md}");
    assert!(!md.contains("not listed here"), "{md}");
    let json = export::render(Format::Json, &included);
    assert!(json.contains("\"private\": true"), "{json}");
}

#[test]
fn a_private_answer_does_not_bring_its_sources_along_unless_included() {
    // The "yes" option of the private bipolar question cites the label; so does the checklist,
    // so the label is listed either way. A guide where only the option cites it shows the rule.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/cited.toml");
    let text_of = std::fs::read_to_string(path).unwrap().replace(
        "{ value = \"yes\", label = \"Yes\", sources = [\"label\"] }",
        "{ value = \"yes\", label = \"Yes\", sources = [\"unused\"] }",
    );
    let guide = load_str("cited.toml", &text_of, CheckOptions::default()).guide.unwrap();
    let session = cited_session(&guide);
    let ids = |r: &report::Report| r.sources.iter().filter_map(|s| s.id.clone()).collect::<Vec<_>>();
    assert!(!ids(&report::build(&guide, &session)).contains(&"unused".to_string()));
    let included = report::build_with(&guide, &session, report::ReportOptions { include_private: true });
    assert!(ids(&included).contains(&"unused".to_string()));
}

#[test]
fn export_includes_private_answers_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "matters = [\"cost\"]\nage = 34\nbipolar = \"no\"\n").unwrap();
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/cited.toml");
    let run = |extra: &[&str]| {
        let out = guidepost(&["export"])
            .arg(&guide)
            .arg("--answers")
            .arg(&answers)
            .args(&["--format", "txt"])
            .args(extra)
            .run();
        assert_eq!(out.code, 0, "{}", out.all());
        out.stdout
    };
    let plain = run(&[]);
    assert!(plain.contains("2 private answers are not listed here.") && !plain.contains("Your age"), "{plain}");
    let all = run(&["--include-private"]);
    assert!(all.contains("* Your age: 34") && all.contains("* Bipolar disorder: No"), "{all}");
}

// ---------------------------------------------------------------------------------------------
// Answers files
// ---------------------------------------------------------------------------------------------

/// People whose answers are in `tests/fixtures/answers/`; the exports of the guide's own
/// scenarios are snapshotted above, so these check what every export of an answers file holds.
const PEOPLE: [&str; 3] = ["medicare", "uninsured", "employer-four-meds"];

fn export_answers_file(guide: &Guide, person: &str, format: Format) -> String {
    let path = format!("tests/fixtures/answers/{person}.toml");
    let answers = answers_file::read(Path::new(&path), Color::Never).unwrap();
    let session = walk::walk(guide, &answers).unwrap();
    export::render(format, &report::build(guide, &session))
}

#[test]
fn answers_files_export_to_markdown_task_lists() {
    let g = default_guide();
    for person in PEOPLE {
        let md = export_answers_file(&g, person, Format::Markdown);
        assert!(md.starts_with("# Is ketamine infusion therapy covered by my insurance?\n"));
        assert!(md.contains("- [ ] "), "{person}: the checklist is a task list");
    }
}

#[test]
fn answers_files_export_to_plain_text_without_markup_within_80_columns() {
    let g = default_guide();
    for person in PEOPLE {
        let txt = export_answers_file(&g, person, Format::Text);
        assert!(!txt.contains("**") && !txt.contains("](") && !txt.contains("- [ ]"), "{person}: no markup");
        // Only a word longer than a line (a long URL) may stick out, kept whole so it still works.
        let too_long: Vec<&str> =
            txt.lines().filter(|l| l.chars().count() > 80 && l.split_whitespace().count() > 1).collect();
        assert!(too_long.is_empty(), "{person}: lines over 80 columns: {too_long:#?}");
    }
}

#[test]
fn answers_files_export_to_json_with_a_checklist() {
    let g = default_guide();
    for person in PEOPLE {
        let json = export_answers_file(&g, person, Format::Json);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["format"], 1);
        assert_eq!(v["guide"]["id"], "ketamine-coverage");
        assert!(v["checklist"].as_array().is_some_and(|s| !s.is_empty()));
    }
}

#[test]
fn the_exports_agree_on_the_checklist() {
    let g = default_guide();
    for person in PEOPLE {
        let json: serde_json::Value = serde_json::from_str(&export_answers_file(&g, person, Format::Json)).unwrap();
        let md = export_answers_file(&g, person, Format::Markdown);
        let txt = export_answers_file(&g, person, Format::Text);
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
    let uninsured = export_answers_file(&g, "uninsured", Format::Markdown);
    assert!(uninsured.contains("$3,600"), "8 infusions at $450");
    let employer = export_answers_file(&g, "employer-four-meds", Format::Markdown);
    assert!(employer.contains("Blue Cross"), "the insurer's name is filled in");
}
