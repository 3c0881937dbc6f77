//! The real binary in plain mode: answers piped in, the checklist printed, sessions saved after
//! every answer and resumed after the process is killed.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use guidepost::engine::{Session, report, walk};
use guidepost::export;
use guidepost::guide::{Guide, NodeKind, Value};
use guidepost::plain::parse::as_typed;

use crate::support::guidepost;

use crate::support::default_guide;

/// The session of one of the guide's own scenarios.
fn scenario(guide: &Guide, name: &str) -> Session {
    let s = guide.tests.iter().find(|t| t.name.starts_with(name)).unwrap();
    let answers: BTreeMap<String, Value> = s.answers.iter().cloned().collect();
    walk::walk(guide, &answers).unwrap()
}

/// The lines a person types to walk the same path: an answer for each question, Enter for
/// each page.
fn typed_lines(guide: &Guide, session: &Session) -> Vec<String> {
    let history = session.history();
    history[..history.len() - 1]
        .iter()
        .map(|v| {
            let node = guide.node(v.node);
            match &node.question {
                Some(q) => session.stored(&q.var).map_or_else(String::new, |a| as_typed(node, a)),
                None => String::new(),
            }
        })
        .collect()
}

fn expected_checklist(guide: &Guide, session: &Session) -> String {
    export::render(export::Format::Text, &report::build(guide, session))
}

fn joined(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[test]
fn plain_flag_walks_the_default_guide_and_prints_the_checklist() {
    let guide = default_guide();
    let session = scenario(&guide, "Original Medicare");
    let state = tempfile::tempdir().unwrap();
    // Colour left to the program's own judgement: a pipe is not a terminal.
    let ran = guidepost(&["--plain"])
        .state(state.path())
        .env_remove("NO_COLOR")
        .run_with_input(&joined(&typed_lines(&guide, &session)));
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert_eq!(
        ran.stderr,
        "guidepost: input is not a terminal, so these answers are not saved; add --fresh to save them\n"
    );
    assert!(ran.stdout.starts_with(&format!("{}\n", guide.meta.title)), "{}", ran.stdout);
    assert!(ran.stdout.ends_with(&expected_checklist(&guide, &session)), "{}", ran.stdout);
    assert!(!ran.stdout.contains('\u{1b}'));
}

#[test]
fn piped_input_is_plain_mode_without_asking() {
    let guide = default_guide();
    let session = scenario(&guide, "Uninsured, low income");
    let state = tempfile::tempdir().unwrap();
    let ran = guidepost(&["--fresh"]).state(state.path()).run_with_input(&joined(&typed_lines(&guide, &session)));
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.ends_with(&expected_checklist(&guide, &session)), "{}", ran.stdout);
    let saved = std::fs::read_to_string(state.path().join("sessions/ketamine-coverage.json")).unwrap();
    assert!(saved.contains("\"finished\": true"), "{saved}");
}

#[test]
fn input_that_ends_mid_guide_exits_1_and_says_where() {
    let guide = default_guide();
    let session = scenario(&guide, "Original Medicare");
    let lines = typed_lines(&guide, &session);
    let state = tempfile::tempdir().unwrap();
    let ran = guidepost(&["--fresh"]).state(state.path()).run_with_input(&joined(&lines[..3]));
    assert_eq!(ran.code, 1, "{}", ran.stdout);
    let stopped = guide.node(session.history()[3].node);
    assert_eq!(
        ran.stderr,
        format!(
            "guidepost: Input ended at question “{}” ({}). Your answers are saved; run again with --resume to go on.\n",
            stopped.title, stopped.key
        )
    );
}

#[test]
fn save_writes_the_checklist_in_the_format_of_its_name() {
    let guide = default_guide();
    let session = scenario(&guide, "In crisis");
    let state = tempfile::tempdir().unwrap();
    let target = state.path().join("checklist.md");
    let ran = guidepost(&["--fresh", "--save"])
        .arg(&target)
        .state(state.path())
        .run_with_input(&joined(&typed_lines(&guide, &session)));
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let saved = std::fs::read_to_string(&target).unwrap();
    assert_eq!(saved, export::render(export::Format::Markdown, &report::build(&guide, &session)));
    let listed = guidepost(&["sessions"]).state(state.path()).run();
    assert!(listed.stdout.contains("· finished"), "{}", listed.stdout);
}

/// Waits until the saved session holds `answers` answers, or fails after a generous time.
fn wait_for_answers(file: &Path, answers: usize, child: &mut Child) {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(file)
            && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
            && json["answers"].as_object().map(serde_json::Map::len) == Some(answers)
        {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("guidepost exited early with {status}");
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the session never showed {answers} answers");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn a_killed_run_resumes_at_the_next_question_with_every_earlier_answer() {
    let guide = default_guide();
    let session = scenario(&guide, "Original Medicare");
    let lines = typed_lines(&guide, &session);
    let history = session.history();
    // Stop just before the fifth question.
    let questions: Vec<usize> = (0..lines.len()).filter(|&i| guide.node(history[i].node).is_question()).collect();
    let cut = questions[4];
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("sessions/ketamine-coverage.json");

    let mut child = guidepost(&["--plain", "--fresh"]).state(state.path()).spawn();
    let mut stdout = child.stdout.take().unwrap();
    let drain = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(joined(&lines[..cut]).as_bytes()).unwrap();
    stdin.flush().unwrap();
    wait_for_answers(&file, 4, &mut child);
    child.kill().unwrap(); // SIGKILL: no chance to save anything more.
    child.wait().unwrap();
    drop(stdin);
    let first_run = drain.join().unwrap();
    assert!(!first_run.contains("YOUR CHECKLIST"));

    let ran = guidepost(&["--plain", "--resume"]).state(state.path()).run_with_input(&joined(&lines[cut..]));
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    let after_notes = ran.stdout.split("Resuming a saved session from ").nth(1).unwrap();
    let first_page: Vec<&str> = after_notes.split("\n\n").nth(1).unwrap().lines().collect();
    let next = guide.node(history[cut].node);
    assert!(matches!(
        next.kind,
        NodeKind::Choice { .. } | NodeKind::Multi { .. } | NodeKind::Number { .. } | NodeKind::Text { .. }
    ));
    assert!(first_page[0].starts_with("Question 5 · "), "{first_page:?}");
    assert_eq!(first_page[1], next.title, "it goes on at the next question");
    assert!(ran.stdout.ends_with(&expected_checklist(&guide, &session)), "with every earlier answer:\n{}", ran.stdout);
}

#[test]
fn piped_input_run_twice_gives_the_same_transcript_and_leaves_the_session_alone() {
    let guide = default_guide();
    let session = scenario(&guide, "Original Medicare");
    let lines = typed_lines(&guide, &session);
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("sessions/ketamine-coverage.json");
    // A session saved by an earlier run that stopped after four pages.
    guidepost(&["--fresh"]).state(state.path()).run_with_input(&joined(&lines[..4]));
    let saved = std::fs::read(&file).unwrap();
    // The same input piped twice: no resume question takes its first line, nothing is saved.
    let first = guidepost(&[]).state(state.path()).run_with_input(&joined(&lines));
    let second = guidepost(&[]).state(state.path()).run_with_input(&joined(&lines));
    assert_eq!(first.code, 0, "{}\n{}", first.stdout, first.stderr);
    assert_eq!(first.stdout, second.stdout, "the run is repeatable");
    assert!(first.stdout.ends_with(&expected_checklist(&guide, &session)), "{}", first.stdout);
    assert!(!first.stdout.contains("Resume?"), "{}", first.stdout);
    assert_eq!(
        first.stderr,
        "guidepost: input is not a terminal, so your saved session is left as it is; add --resume to continue it \
         or --fresh to replace it\n"
    );
    assert_eq!(std::fs::read(&file).unwrap(), saved, "the saved session is untouched");
    // Each answer read is echoed after its prompt, so the transcript reads as a conversation.
    assert!(first.stdout.contains(&format!("> {}\n", lines[1])), "{}", first.stdout);

    // --resume continues the saved session; --fresh replaces it.
    let resumed = guidepost(&["--resume"]).state(state.path()).run_with_input(&joined(&lines[4..]));
    assert_eq!(resumed.code, 0, "{}\n{}", resumed.stdout, resumed.stderr);
    assert!(resumed.stdout.contains("Resuming a saved session from "), "{}", resumed.stdout);
    assert!(resumed.stdout.ends_with(&expected_checklist(&guide, &session)), "{}", resumed.stdout);
    let fresh = guidepost(&["--fresh"]).state(state.path()).run_with_input(&joined(&lines[..2]));
    assert!(fresh.stdout.contains("Starting fresh. Your earlier answers were kept in"), "{}", fresh.stdout);
    assert!(state.path().join("sessions/ketamine-coverage.json.previous").exists());
}

#[test]
fn sessions_lists_and_deletes_with_a_did_you_mean() {
    let guide = default_guide();
    let session = scenario(&guide, "Original Medicare");
    let lines = typed_lines(&guide, &session);
    let state = tempfile::tempdir().unwrap();
    let sessions = |args: &[&str]| guidepost(&["sessions"]).args(args).state(state.path()).run();
    let empty = sessions(&[]);
    assert_eq!(empty.code, 0);
    assert!(empty.stdout.starts_with("No saved sessions."), "{}", empty.stdout);
    guidepost(&["--fresh"]).state(state.path()).run_with_input(&joined(&lines[..4]));
    let listed = sessions(&[]);
    assert!(listed.stdout.starts_with(&format!("ketamine-coverage  {}\n", guide.meta.title)), "{}", listed.stdout);
    let answered = session.history()[..4].iter().filter(|v| guide.node(v.node).is_question()).count();
    assert!(listed.stdout.contains(&format!("{answered} answers · saved ")), "{}", listed.stdout);
    assert!(listed.stdout.contains(" · in progress\n"), "{}", listed.stdout);
    let typo = sessions(&["--delete", "ketamine-coverag"]);
    assert_eq!(typo.code, 2);
    assert_eq!(
        typo.stderr,
        "guidepost: there is no saved session for \"ketamine-coverag\" (did you mean \"ketamine-coverage\"?)\n"
    );
    let deleted = sessions(&["--delete", "ketamine-coverage"]);
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    assert!(deleted.stdout.starts_with("Deleted the saved session for ketamine-coverage ("), "{}", deleted.stdout);
    assert!(!state.path().join("sessions/ketamine-coverage.json").exists());
}

#[test]
fn a_guide_changed_between_runs_asks_the_changed_question_again() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions");
    let state = tempfile::tempdir().unwrap();
    let guide_file = state.path().join("trip.toml");
    std::fs::copy(fixtures.join("small.toml"), &guide_file).unwrap();
    let guide_arg = guide_file.to_str().unwrap();
    // Welcome, the red bag, the cat, 5 days; then the input ends.
    let first = guidepost(&[guide_arg, "--fresh"]).state(state.path()).run_with_input("\n1\n1\n5\n");
    assert_eq!(first.code, 1, "{}", first.stderr);

    std::fs::copy(fixtures.join("small-changed.toml"), &guide_file).unwrap();
    let ran = guidepost(&[guide_arg, "--resume"]).state(state.path()).run_with_input("3\n\n\n\n");
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    let flat = ran.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "The guide has changed since then: - “Bag colour” has changed since you answered it; please answer it \
             again. - The question for “pets” is no longer in the guide."
        ),
        "{}",
        ran.stdout
    );
    let first_page = ran.stdout.split("no longer in the guide.\n\n").nth(1).unwrap();
    assert!(first_page.starts_with("Question 1 · 3 questions left\nBag colour\n"), "{first_page}");
    assert!(first_page.contains("[your answer: 5]"), "the later answer is offered again:\n{first_page}");
    assert!(ran.stdout.contains("[ ] Write your name on the luggage tag."), "{}", ran.stdout);
}

#[test]
fn start_at_and_answers_work_in_plain_mode_as_in_the_interface() {
    let state = tempfile::tempdir().unwrap();
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml");
    let answers = state.path().join("answers.toml");
    std::fs::write(&answers, "color = \"blue\"\npets = []\n").unwrap();
    let out =
        guidepost(&[guide.to_str().unwrap(), "--plain", "--start-at", "days", "--answers", answers.to_str().unwrap()])
            .state(state.path())
            .run();
    let stdout = out.stdout;
    assert!(stdout.contains("Preview from \"days\": answers are not saved."), "{stdout}");
    assert!(stdout.contains("How many days will you be away?"), "it opens at the node asked for:\n{stdout}");
    assert!(!stdout.contains("Which bag will you take?"), "the questions before it are answered:\n{stdout}");
    assert!(!state.path().join("sessions").exists(), "a preview is not saved");
    // An unknown node is an error, not a walk from the start.
    let out =
        guidepost(&[guide.to_str().unwrap(), "--plain", "--start-at", "dayz", "--answers", answers.to_str().unwrap()])
            .state(state.path())
            .run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("did you mean \"days\""));
}

#[test]
fn a_date_is_typed_any_common_way_and_refused_with_the_fix_in_plain_mode() {
    let ran =
        guidepost(&["--plain", "tests/fixtures/tui/date.toml"]).run_with_input("feb 31 2026\n12/25/2026\n10/1/2026\n");
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    let out = &ran.stdout;
    assert!(out.contains("Type a date from December 2, 2016 to today, like 10/01/2026 or Oct 1 2026."), "{out}");
    assert!(out.contains("> feb 31 2026\n“feb 31 2026”: February has 28 days; check the day.\n"), "{out}");
    assert!(out.contains("Enter a date on or before November 30, 2026."), "{out}");
    assert!(out.contains("Appeal by March 30, 2027; the letter is 60 days old."), "{out}");
    assert!(out.contains("* Date on the letter: October 1, 2026"), "{out}");
}
