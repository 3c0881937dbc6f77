//! The authoring commands through the real binary: what they print and how they exit.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::schema::{Schema, to_json};
use crate::support::{Run, guidepost, root};

fn shipped_guides() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("guides"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    assert!(out.len() >= 2, "expected the shipped guides in guides/");
    out
}

const FIXTURES: &str = "tests/fixtures/authoring";

// ---------------------------------------------------------------------------------------------
// new
// ---------------------------------------------------------------------------------------------

#[test]
fn new_writes_a_guide_that_validates_strictly_and_passes_its_tests() {
    let dir = tempfile::tempdir().unwrap();
    let Run { code, stdout: out, stderr: err } = guidepost(&["new", "Clinic Visit.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Wrote Clinic Visit.toml: a small working guide with id \"clinic-visit\""), "{out}");
    assert!(out.contains("guidepost validate --strict 'Clinic Visit.toml'"), "{out}");
    let text = std::fs::read_to_string(dir.path().join("Clinic Visit.toml")).unwrap();
    assert!(text.contains("id = \"clinic-visit\""));
    assert!(!text.contains("{{"), "every placeholder is filled in");

    let Run { code, stdout: out, .. } =
        guidepost(&["validate", "--strict", "Clinic Visit.toml"]).in_dir(dir.path()).run();
    assert_eq!((code, out.as_str()), (0, "Clinic Visit.toml: ok\n"));
    let Run { code, stdout: out, .. } = guidepost(&["test", "Clinic Visit.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("\n2 passed, 0 failed\n"), "{out}");
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, "my own work").unwrap();
    let Run { code, stdout: out, stderr: err } = guidepost(&["new", "mine.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "guidepost: mine.toml already exists; choose another name, or move the file away first (nothing was written)\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work");
}

#[test]
fn new_in_a_missing_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let Run { code, stderr: err, .. } = guidepost(&["new", "no/such/folder/g.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 2);
    assert_eq!(err, "guidepost: cannot create no/such/folder/g.toml: no such file or folder\n");
}

// ---------------------------------------------------------------------------------------------
// test and paths
// ---------------------------------------------------------------------------------------------

#[test]
fn test_prints_ok_lines_and_the_count() {
    let Run { code, stdout: out, .. } = guidepost(&["test", "guides/appeal-denied-claim.toml"]).run();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("ok   Self-funded job plan, urgent prior authorization, not medically necessary\n"),
        "{out}"
    );
    assert!(out.ends_with("\n37 passed, 0 failed\n"), "{out}");
}

#[test]
fn a_failing_scenario_is_named_with_the_item_and_the_answers() {
    let Run { code, stdout: out, stderr: err } =
        guidepost(&["test", &format!("{FIXTURES}/broken-scenario.toml")]).run();
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("test_broken_scenario", out);
}

#[test]
fn test_on_a_guide_with_errors_prints_its_diagnostics_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(FIXTURES).join("broken-scenario.toml")).unwrap();
    std::fs::write(dir.path().join("g.toml"), text.replace("next = \"done\"", "next = \"dne\"")).unwrap();
    let Run { code, stdout: out, stderr: err } = guidepost(&["test", "g.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.contains("error[E0301]"), "{err}");
    assert!(err.contains("did you mean \"done\"?"), "{err}");
}

#[test]
fn test_on_a_missing_file_exits_2() {
    let Run { code, stderr: err, .. } = guidepost(&["test", "no-such-guide.toml"]).run();
    assert_eq!(code, 2);
    assert_eq!(err, "guidepost: cannot read no-such-guide.toml: no such file or folder\n");
}

#[test]
fn test_runs_several_guides_and_counts_them_together() {
    let broken = format!("{FIXTURES}/broken-scenario.toml");
    let Run { code, stdout: out, .. } = guidepost(&["test", "guides/appeal-denied-claim.toml", &broken]).run();
    assert_eq!(code, 1);
    assert!(out.starts_with("guides/appeal-denied-claim.toml\nok   "), "{out}");
    assert!(out.contains(&format!("\n{broken}\nok   Private plan\nFAIL ")), "{out}");
    assert!(out.ends_with("\n38 passed, 1 failed\n"), "{out}");
}

#[test]
fn coverage_lists_every_path_and_what_no_scenario_reaches() {
    let Run { code, stdout: out, .. } =
        guidepost(&["test", "--coverage", &format!("{FIXTURES}/broken-scenario.toml")]).run();
    assert_eq!(code, 1);
    insta::assert_snapshot!("test_coverage", out);
}

#[test]
fn paths_lists_the_same_report_without_running_the_checks() {
    let Run { code, stdout: out, .. } = guidepost(&["paths", &format!("{FIXTURES}/graph.toml")]).run();
    assert_eq!(code, 0);
    insta::assert_snapshot!("paths_graph", out);
}

#[test]
fn paths_of_the_default_guide_stop_at_1000_and_say_so() {
    let Run { code, stdout: out, .. } = guidepost(&["paths"]).run();
    assert_eq!(code, 0);
    assert!(out.contains("\n1000. welcome → "), "numbered to 1,000");
    assert!(out.contains("\nmore than 1,000 paths; showing the first 1,000\n"), "{}", &out[out.len() - 500..]);
}

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

#[test]
fn explain_prints_the_story_and_both_examples() {
    let Run { code, stdout: out, .. } = guidepost(&["explain", "e0301"]).run();
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_e0301", out);
}

#[test]
fn explain_without_a_code_lists_every_code() {
    let Run { code, stdout: out, .. } = guidepost(&["explain"]).run();
    assert_eq!(code, 0);
    for c in guidepost::guide::Code::ALL {
        assert!(out.contains(c.as_str()), "{} missing", c.as_str());
    }
}

#[test]
fn explain_an_unknown_code_exits_2_with_a_suggestion() {
    let Run { code, stdout: out, stderr: err } = guidepost(&["explain", "E0391"]).run();
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "guidepost: there is no diagnostic code \"E0391\" (did you mean E0301?); `guidepost explain` lists them all\n"
    );
}

// ---------------------------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------------------------

#[test]
fn graph_as_dot() {
    let Run { code, stdout: out, .. } = guidepost(&["graph", &format!("{FIXTURES}/graph.toml")]).run();
    assert_eq!(code, 0);
    insta::assert_snapshot!("graph_dot", out);
}

#[test]
fn graph_as_mermaid() {
    let Run { code, stdout: out, .. } =
        guidepost(&["graph", "--format", "mermaid", &format!("{FIXTURES}/graph.toml")]).run();
    assert_eq!(code, 0);
    insta::assert_snapshot!("graph_mermaid", out);
}

#[test]
fn graph_labels_with_quotes_newlines_and_brackets_are_escaped() {
    let Run { stdout: dot, .. } = guidepost(&["graph", &format!("{FIXTURES}/graph.toml")]).run();
    assert!(dot.contains(r#"label="welcome\nSay \"hi\" \\ <b>bold</b>""#), "{dot}");
    assert!(dot.contains(r#"label="count\nTwo\nlines\ncount (number)""#), "{dot}");
    assert!(dot.contains(r#"[label="plan == \"a\" and count > 2"]"#), "{dot}");
    assert!(dot.contains(r#"label="orphan\nNobody # comes here\nunreachable", style=dashed, color=red"#), "{dot}");
    let Run { stdout: mermaid, .. } =
        guidepost(&["graph", "--format", "mermaid", &format!("{FIXTURES}/graph.toml")]).run();
    assert!(mermaid.contains("Say #quot;hi#quot; \\ #lt;b#gt;bold#lt;/b#gt;"), "{mermaid}");
    assert!(mermaid.contains("Plan [A#124;B]"), "{mermaid}");
    assert!(mermaid.contains("count<br/>Two<br/>lines"), "{mermaid}");
    assert!(mermaid.contains("-->|\"plan == #quot;a#quot; and count #gt; 2\"|"), "{mermaid}");
}

#[test]
fn graphviz_accepts_the_drawing_of_every_shipped_guide() {
    if Command::new("dot").arg("-V").output().is_err() {
        println!("note: Graphviz `dot` is not installed; skipping the check that it accepts our output");
        return;
    }
    let mut files = shipped_guides();
    files.push(root().join(FIXTURES).join("graph.toml"));
    for guide in files {
        let Run { code, stdout: dot, stderr: err } = guidepost(&["graph", guide.to_str().unwrap()]).run();
        assert_eq!(code, 0, "{err}");
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "dot refused {}: {}", guide.display(), String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
    }
}

#[test]
fn graph_can_write_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("g.dot");
    let Run { code, stdout: out, .. } =
        guidepost(&["graph", "appeal-denied-claim", "-o", target.to_str().unwrap()]).run();
    assert_eq!((code, out.as_str()), (0, ""));
    assert!(std::fs::read_to_string(target).unwrap().starts_with("digraph \"appeal-denied-claim\" {"));
}

// ---------------------------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------------------------

/// The schema `guidepost schema` prints.
fn schema_validator() -> Schema {
    let Run { code, stdout: out, .. } = guidepost(&["schema"]).run();
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    Schema::new(schema)
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    to_json(&toml::from_str::<toml::Value>(&text).unwrap())
}

#[test]
fn the_schema_accepts_every_shipped_guide_and_example() {
    let validator = schema_validator();
    let mut files = shipped_guides();
    for f in ["graph.toml", "broken-scenario.toml", "tutorial.toml", "format-example.toml"] {
        files.push(root().join(FIXTURES).join(f));
    }
    for path in files {
        let errors = validator.errors(&as_json(&path));
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_rejects_unknown_keys_and_keys_of_another_node_type() {
    let validator = schema_validator();
    let mut guide = as_json(&root().join(FIXTURES).join("graph.toml"));
    guide["nodes"]["welcome"]["titel"] = serde_json::json!("typo");
    assert!(!validator.is_valid(&guide), "an unknown key in a node");

    let mut guide = as_json(&root().join(FIXTURES).join("graph.toml"));
    guide["nodes"]["plan"]["unit"] = serde_json::json!("miles");
    assert!(!validator.is_valid(&guide), "`unit` belongs to number nodes, not choice nodes");

    let mut guide = as_json(&root().join(FIXTURES).join("graph.toml"));
    guide["guide"]["colour"] = serde_json::json!("blue");
    assert!(!validator.is_valid(&guide), "an unknown key in [guide]");

    let mut guide = as_json(&root().join(FIXTURES).join("graph.toml"));
    guide["nodes"]["plan"]["type"] = serde_json::json!("question");
    assert!(!validator.is_valid(&guide), "an unknown node type");

    let mut guide = as_json(&root().join(FIXTURES).join("graph.toml"));
    let welcome = guide["nodes"]["welcome"].clone();
    guide["nodes"]["wel come"] = welcome;
    assert!(!validator.is_valid(&guide), "a node id with a space");

    let mut guide = as_json(&root().join(FIXTURES).join("graph.toml"));
    guide.as_object_mut().unwrap().remove("format");
    assert!(!validator.is_valid(&guide), "a main file without `format`");
}

// ---------------------------------------------------------------------------------------------
// Shipped guides, documentation examples, readability
// ---------------------------------------------------------------------------------------------

#[test]
fn every_shipped_guide_validates_strictly_and_passes_its_tests() {
    for guide in shipped_guides() {
        let g = guide.to_str().unwrap();
        let Run { code, stdout: out, .. } = guidepost(&["validate", "--strict", g]).run();
        assert_eq!(code, 0, "{out}");
        let Run { code, stdout: out, .. } = guidepost(&["test", g]).run();
        assert_eq!(code, 0, "{out}");
        assert!(out.ends_with(" passed, 0 failed\n"), "{out}");
    }
}

#[test]
fn the_documentation_examples_validate_strictly_and_pass_their_tests() {
    for name in ["tutorial.toml", "format-example.toml"] {
        let path = format!("{FIXTURES}/{name}");
        let Run { code, stdout: out, .. } = guidepost(&["validate", "--strict", &path]).run();
        assert_eq!((code, out.clone()), (0, format!("{path}: ok\n")));
        let Run { code, stdout: out, .. } = guidepost(&["test", &path]).run();
        assert_eq!(code, 0, "{out}");
    }
}

#[test]
fn a_long_sentence_is_a_warning_that_points_at_the_sentence() {
    let path = format!("{FIXTURES}/long-sentence.toml");
    let Run { code, stdout: out, .. } = guidepost(&["validate", "--format", "json", &path]).run();
    assert_eq!(code, 0, "a warning does not fail validate");
    let diags: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = diags.as_array().unwrap();
    assert_eq!(diags.len(), 1, "{out}");
    let d = &diags[0];
    assert_eq!(d["code"], "W0108");
    assert_eq!(d["severity"], "warning");
    let text = std::fs::read_to_string(root().join(&path)).unwrap();
    let [start, end] = [d["span"][0].as_u64().unwrap() as usize, d["span"][1].as_u64().unwrap() as usize];
    assert!(text[start..end].starts_with("Before you call"), "{}", &text[start..end]);
    assert!(text[start..end].ends_with("what happened."), "{}", &text[start..end]);
    let Run { code, .. } = guidepost(&["validate", "--strict", &path]).run();
    assert_eq!(code, 1, "--strict makes it an error");
}

// ---------------------------------------------------------------------------------------------
// Documentation that cannot drift
// ---------------------------------------------------------------------------------------------

/// The TOML code blocks that follow each "tutorial step N" marker comment.
fn tutorial_steps(doc: &str) -> Vec<String> {
    let mut steps = Vec::new();
    for part in doc.split("<!-- tutorial step ").skip(1) {
        let start = part.find("```toml\n").unwrap() + "```toml\n".len();
        let end = start + part[start..].find("```\n").unwrap();
        steps.push(part[start..end].to_string());
    }
    steps
}

#[test]
fn every_tutorial_step_loads_and_the_last_is_the_tested_fixture() {
    let doc = std::fs::read_to_string(root().join("docs/authoring.md")).unwrap();
    let steps = tutorial_steps(&doc);
    assert_eq!(steps.len(), 8);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(FIXTURES).join("refill-help.toml"), dir.path().join("refill-help.toml")).unwrap();
    let part = &doc[doc.find("<!-- tutorial file refill-help.toml").unwrap()..];
    let part = &part[part.find("```toml\n").unwrap() + 8..];
    let part = &part[..part.find("```\n").unwrap()];
    assert_eq!(
        part,
        std::fs::read_to_string(dir.path().join("refill-help.toml")).unwrap(),
        "the tutorial shows the part file"
    );
    for (i, step) in steps.iter().enumerate() {
        std::fs::write(dir.path().join("refill.toml"), step).unwrap();
        let Run { code, stdout: out, .. } = guidepost(&["validate", "refill.toml"]).in_dir(dir.path()).run();
        assert_eq!(code, 0, "step {} does not load:\n{out}", i + 1);
    }
    let fixture = std::fs::read_to_string(root().join(FIXTURES).join("tutorial.toml")).unwrap();
    assert_eq!(steps.last().unwrap(), &fixture, "the last step must be tests/fixtures/authoring/tutorial.toml");
}

/// The block that follows `at` in `doc`: (its language, its text).
fn block_after(doc: &str, at: usize) -> (&str, &str) {
    let open = at + doc[at..].find("```").unwrap() + 3;
    let lang_end = open + doc[open..].find('\n').unwrap();
    let body = lang_end + 1;
    let end = body + doc[body..].find("```\n").unwrap();
    (&doc[open..lang_end], &doc[body..end])
}

#[test]
fn every_output_the_tutorial_shows_is_what_the_commands_print() {
    let doc = std::fs::read_to_string(root().join("docs/authoring.md")).unwrap();
    let steps = tutorial_steps(&doc);
    let dir = tempfile::tempdir().unwrap();
    // The other files the tutorial writes (an included part, an answers file).
    for (at, _) in doc.match_indices("<!-- tutorial file ") {
        let name = doc[at + "<!-- tutorial file ".len()..].split(' ').next().unwrap();
        std::fs::write(dir.path().join(name), block_after(&doc, at).1).unwrap();
    }
    let mut checked = 0;
    for (at, _) in doc.match_indices("<!-- tutorial check ") {
        let marker = &doc[at + "<!-- tutorial check ".len()..at + doc[at..].find(" -->").unwrap()];
        let (head, command) = marker.split_once(": ").unwrap();
        let start_only = head.ends_with(" (start)");
        let step: usize = head.trim_end_matches(" (start)").parse().unwrap();
        let (args, edit) = match command.split_once(" | ") {
            Some((args, edit)) => (args, Some(edit.split_once(" -> ").unwrap())),
            None => (command, None),
        };
        let mut text = steps[step - 1].clone();
        if let Some((from, to)) = edit {
            assert!(text.contains(from), "step {step} has no {from:?} to change");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join("refill.toml"), text).unwrap();
        let args: Vec<&str> = args.split_whitespace().collect();
        let Run { stdout: out, stderr: err, .. } = guidepost(&args).in_dir(dir.path()).run();
        let printed = format!("{out}{err}");
        let (lang, shown) = block_after(&doc, at);
        assert_eq!(lang, "text");
        if start_only {
            assert!(printed.starts_with(shown), "step {step}, `guidepost {}` prints:\n{printed}", args.join(" "));
        } else {
            assert_eq!(printed, shown, "step {step}, `guidepost {}`", args.join(" "));
        }
        checked += 1;
    }
    assert!(checked >= 7, "{checked} outputs checked");
}

#[test]
fn the_format_reference_shows_the_tested_example_and_every_key() {
    let doc = std::fs::read_to_string(root().join("docs/guide-format.md")).unwrap();
    let example = std::fs::read_to_string(root().join(FIXTURES).join("format-example.toml")).unwrap();
    assert!(doc.contains(&format!("```toml\n{example}```")), "docs/guide-format.md must embed format-example.toml");
    let mut keys: Vec<&str> = vec![
        "format",
        "id",
        "title",
        "summary",
        "language",
        "version",
        "reviewed",
        "start",
        "disclaimer",
        "banner",
        "include",
        "target_grade",
        "[[guide.sources]]",
        "url",
        "date",
        "[sections.ID]",
        "[nodes.ID]",
        "[values]",
        "[checklist.ID]",
        "section",
        "details",
        "when",
        "resources",
        "[resources.ID]",
        "phone",
        "[glossary]",
        "[[tests]]",
        "name",
        "answers",
        "expect",
        "reject",
        "path",
        "ends",
        "value",
        "label",
        "help",
        "why",
        "cells",
    ];
    for ty in guidepost::guide::raw::NODE_TYPES {
        assert!(doc.contains(&format!("### `{ty}`")), "no section for {ty} nodes");
        keys.extend(guidepost::guide::raw::node_keys(ty));
    }
    for key in keys {
        assert!(doc.contains(&format!("`{key}`")), "docs/guide-format.md does not document `{key}`");
    }
}

#[test]
fn the_graph_shows_braces_as_people_read_them_and_slots_as_written() {
    let guide = root().join("tests/fixtures/hostile/braces.toml");
    let Run { code, stdout: dot, .. } = guidepost(&["graph", guide.to_str().unwrap()]).run();
    assert_eq!(code, 0, "{dot}");
    assert!(dot.contains("graph [label=\"Costs {per visit}\""), "{dot}");
    assert!(dot.contains("label=\"plan\\nYour plan: { a } or {plan|or:none}\\nplan (choice)\""), "{dot}");
    let Run { code, stdout: mermaid, .. } = guidepost(&["graph", "--format", "mermaid", guide.to_str().unwrap()]).run();
    assert_eq!(code, 0, "{mermaid}");
    assert!(mermaid.contains("title: \"Costs {per visit}\""), "{mermaid}");
    assert!(mermaid.contains("Your plan: { a } or {plan#124;or:none}"), "{mermaid}");
}

// ---------------------------------------------------------------------------------------------
// What trips a first guide
// ---------------------------------------------------------------------------------------------

const OPTIONAL_CHOICE: &str = "tests/fixtures/authoring/optional-choice.toml";

#[test]
fn an_optional_choice_left_unanswered_passes_and_a_failed_walk_shows_how_far_it_went() {
    let Run { code, stdout: out, stderr: err } = guidepost(&["test", OPTIONAL_CHOICE]).run();
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("ok   Employer left unanswered\n"), "{out}");
    assert!(out.contains("       path walked: welcome → months → employer → weeks\n"), "{out}");
}

#[test]
fn export_and_start_at_walk_past_an_optional_choice_with_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "months = 3\nweeks = 2\n").unwrap();
    let answers = answers.to_str().unwrap();
    let Run { code, stdout: out, stderr: err } =
        guidepost(&["export", OPTIONAL_CHOICE, "--answers", answers, "--format", "txt"]).run();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Ask human resources how to request the leave."), "{out}");
    assert!(!out.contains("public-service"), "{out}");
    let state = tempfile::tempdir().unwrap();
    let out = guidepost(&[OPTIONAL_CHOICE, "--plain", "--start-at", "weeks", "--answers", answers])
        .state(state.path())
        .env("XDG_STATE_HOME", state.path())
        .run();
    assert!(out.stdout.contains("Weeks of leave"), "{}", out.all());
}

#[test]
fn a_choice_with_no_answer_names_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(OPTIONAL_CHOICE)).unwrap();
    std::fs::write(dir.path().join("g.toml"), text.replace("optional = true\n", "")).unwrap();
    std::fs::write(dir.path().join("a.toml"), "months = 3\nweeks = 2\n").unwrap();
    let Run { code, stderr: err, .. } =
        guidepost(&["export", "g.toml", "--answers", "a.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 1);
    assert!(err.contains("question \"employer\" (“Your employer”) needs an answer: add `employer = …`"), "{err}");
}

#[test]
fn an_optional_choice_must_say_where_a_skip_goes() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(OPTIONAL_CHOICE)).unwrap();
    let text = text
        .replace("optional = true\nnext = \"weeks\"\n", "optional = true\n")
        .replace("label = \"A private company\" }", "label = \"A private company\", next = \"weeks\" }");
    let text = text.replace("label = \"A public employer\" }", "label = \"A public employer\", next = \"weeks\" }");
    std::fs::write(dir.path().join("g.toml"), text).unwrap();
    let Run { code, stdout: out, stderr: err } = guidepost(&["validate", "g.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("error[E0202]: node `employer` has no `next`"), "{out}");
    assert!(out.contains("an optional choice needs next = \"ID\""), "{out}");
}

#[test]
fn validating_an_included_file_alone_says_to_validate_the_main_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("part.toml"),
        "include = [\"more.toml\"]\n[nodes.alt]\ntype = \"info\"\ntitle = \"Alt\"\nnext = \"done\"\n",
    )
    .unwrap();
    let Run { code, stdout: out, .. } = guidepost(&["validate", "part.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 1);
    assert!(!out.contains("belongs in the [guide] table"), "{out}");
    assert!(out.contains("error[E0202]: this file has no [guide] table, so it is not a guide on its own"), "{out}");
    assert!(out.contains("validate that guide's main file instead"), "{out}");
    assert!(out.contains("(1 error, 0 warnings)"), "one error, not a list of what only a main file has:\n{out}");
}

#[test]
fn an_answer_written_without_quotes_says_to_quote_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "months = 3\nemployer = public\nweeks = 2\n").unwrap();
    let guide = root().join(OPTIONAL_CHOICE);
    let Run { code, stderr: err, .. } =
        guidepost(&["export", guide.to_str().unwrap(), "--answers", "a.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 2, "{err}");
    insta::assert_snapshot!("answers_word_without_quotes", err);
}

#[test]
fn coverage_prints_the_summary_first_and_proposes_a_scenario_for_what_is_missed() {
    let Run { code, stdout: out, stderr: err } = guidepost(&["paths", "--summary", OPTIONAL_CHOICE]).run();
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Coverage by 2 scenarios"), "{out}");
    assert!(!out.contains("Paths through"), "--summary leaves out the paths:\n{out}");
    insta::assert_snapshot!("paths_summary_with_proposals", out);
    // The proposed scenarios, pasted under the guide, pass and cover what was missed.
    let scenario = &out[out.find("[[tests]]").unwrap()..];
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(OPTIONAL_CHOICE)).unwrap().replace(
        "name = \"A year of leave is more than the question takes\"\nanswers = { months = 14, employer = \"public\", weeks = 60 }",
        "name = \"Fixed\"\nanswers = { months = 14, employer = \"public\", weeks = 6 }",
    );
    std::fs::write(dir.path().join("g.toml"), format!("{text}\n{scenario}")).unwrap();
    let Run { code, stdout: out, stderr: err } =
        guidepost(&["validate", "--strict", "g.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 0, "{out}{err}");
    let Run { code, stdout: out, .. } =
        guidepost(&["test", "--coverage", "--summary", "g.toml"]).in_dir(dir.path()).run();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("every node, option, rule and item is reached by some scenario"), "{out}");
    // Without --summary the paths follow the summary.
    let Run { stdout: out, .. } = guidepost(&["paths", OPTIONAL_CHOICE]).run();
    let (summary, paths) = (out.find("Coverage by").unwrap(), out.find("Paths through").unwrap());
    assert!(summary < paths, "{out}");
}

#[test]
fn every_example_guide_validates_strictly_and_passes_its_own_tests() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("docs/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    examples.sort();
    assert!(!examples.is_empty());
    for path in examples {
        let path = path.to_str().unwrap();
        let Run { code, stdout: out, stderr: err } = guidepost(&["validate", "--strict", path]).run();
        assert_eq!(code, 0, "{out}{err}");
        let Run { code, stdout: out, stderr: err } = guidepost(&["test", path]).run();
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.ends_with(" passed, 0 failed\n") && !out.contains("\n0 passed"), "{out}");
    }
}

#[test]
fn explain_private_and_optional_describe_the_topic() {
    let Run { code, stdout: out, .. } = guidepost(&["explain", "private"]).run();
    assert_eq!(code, 0);
    assert!(out.starts_with("Private questions\n"), "{out}");
    assert!(out.contains("--include-private"), "{out}");
    assert!(out.contains("W0111"), "{out}");
    let Run { code, stdout: out, .. } = guidepost(&["explain", "Optional"]).run();
    assert_eq!(code, 0);
    assert!(out.contains("the x key on a choice"), "{out}");
    let Run { stdout: list, .. } = guidepost(&["explain"]).run();
    assert!(list.contains("Topics: private, optional"), "{list}");
}
