//! Plain mode driven through the library with typed lines, as a screen reader user or a script
//! would drive it.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Cursor;
use std::path::Path;

use guidepost::engine::Session;
use guidepost::export::Format;
use guidepost::guide::{CheckOptions, Guide, Value, load_path, load_str};
use guidepost::plain::parse::{Command, Reply, reply};
use guidepost::plain::{self, Options, Outcome};
use guidepost::store::{Autosave, Store};

fn fixture(name: &str) -> Guide {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions").join(name);
    load_path(&path, CheckOptions::default()).guide.expect("the fixture loads")
}

/// Runs plain mode over `lines` (each followed by Enter) and returns the outcome and everything
/// printed.
fn drive(guide: &Guide, session: &mut Session, lines: &[&str], options: Options<'_>) -> (Outcome, String) {
    let mut text = lines.join("\n");
    if !lines.is_empty() {
        text.push('\n');
    }
    let mut input = Cursor::new(text.into_bytes());
    let mut output = Vec::new();
    let outcome = plain::run(guide, session, &mut input, &mut output, options).unwrap();
    (outcome, String::from_utf8(output).unwrap())
}

fn run_small(lines: &[&str]) -> (Outcome, String, Session) {
    let guide = fixture("small.toml");
    let mut session = Session::new(&guide);
    let (outcome, out) = drive(&guide, &mut session, lines, Options { intro: true, ..Options::default() });
    (outcome, out, session)
}

const FINISHED: Outcome = Outcome::Finished { save_error: None };

#[test]
fn a_walk_from_the_first_page_to_the_printed_checklist() {
    let (outcome, out, _) = run_small(&["", "1", "1 3", "", "Ada", ""]);
    assert_eq!(outcome, FINISHED);
    insta::assert_snapshot!("small_walk", out);
}

#[test]
fn a_choice_takes_a_number_a_value_or_a_label_and_reasks_otherwise() {
    let (outcome, out, session) = run_small(&["", "9", "", "The Blue Bag", "none", "", "", ""]);
    assert_eq!(outcome, FINISHED);
    assert!(out.contains("> Type a number from 1 to 2.\n> Type the number of your answer, from 1 to 2.\n"), "{out}");
    assert_eq!(session.stored("color"), Some(&Value::Text("blue".into())));
    let (_, _, session) = run_small(&["", "red", "none", "", "", ""]);
    assert_eq!(session.stored("color"), Some(&Value::Text("red".into())));
}

#[test]
fn several_options_can_be_picked_with_spaces_or_commas() {
    let (_, out, session) = run_small(&["", "1", "3,1, 3", "", "", ""]);
    assert_eq!(session.stored("pets"), Some(&Value::List(vec!["cat".into(), "fish".into()])));
    assert!(out.contains("[ ] Buy cat food."), "{out}");
    let (_, out, _) = run_small(&["", "1", "1 7", "2", "", "", ""]);
    let flat = out.replace('\n', " ");
    assert!(
        flat.contains("“7” is not one of the numbers 1 to 3. Type the numbers of all that apply, like 1 3."),
        "{out}"
    );
}

#[test]
fn a_number_out_of_bounds_or_not_a_number_is_explained() {
    let (_, out, session) = run_small(&["", "1", "none", "lots", "99", "12", "", ""]);
    assert!(out.contains("“lots” is not a number. Type a number from 1 to 30."), "{out}");
    assert!(out.contains("That answer does not fit: Enter a number of at most 30. Try again."), "{out}");
    assert_eq!(session.stored("days"), Some(&Value::Number(12.0)));
}

#[test]
fn an_empty_line_takes_the_default_and_skips_an_optional_question() {
    let (outcome, out, session) = run_small(&["", "2", "none", "", "", ""]);
    assert_eq!(outcome, FINISHED);
    assert!(out.contains("Type a number from 1 to 30 (days). [default: 3]"), "{out}");
    assert!(out.contains("Your name (optional)"), "{out}");
    assert_eq!(session.stored("days"), Some(&Value::Number(3.0)));
    assert_eq!(session.stored("name"), None);
    assert!(out.contains("[ ] Pack the blue bag for 3 days."), "{out}");
    assert!(out.contains("[ ] Write your name on the luggage tag."), "{out}");
}

#[test]
fn back_shows_the_earlier_answer_and_lets_it_change() {
    let (_, out, session) = run_small(&["", "1", "back", "2", "none", "", "", ""]);
    assert!(out.contains("Type the number of your answer. [your answer: 1]"), "{out}");
    assert_eq!(session.stored("color"), Some(&Value::Text("blue".into())));
    let (_, out, _) = run_small(&["back", "quit"]);
    assert!(out.contains("This is the first page; there is nothing before it."), "{out}");
}

#[test]
fn help_lists_the_commands_the_banner_and_the_words_on_the_page() {
    let (_, out, _) = run_small(&["", "1", "none", "", "help", "quit"]);
    let help = out.split("> Lost?").nth(1).expect("help starts with the banner");
    assert!(help.contains("Commands you can type at any prompt:"), "{help}");
    assert!(help.contains("  back    go back one page"), "{help}");
    assert!(
        help.contains("Words on this page:\n  luggage tag: A label with your name that you tie to a bag."),
        "{help}"
    );
    assert!(help.contains("Back to “Your name”. Type your answer"), "{help}");
}

#[test]
fn review_lists_answers_with_why_each_was_asked() {
    let (_, out, _) = run_small(&["", "2", "1", "review", "quit"]);
    assert!(
        out.contains(
            "Your answers so far:\n  1. Bag colour: The blue bag\n     Why: Everyone is asked this, whatever their answers.\n  2. Pets: The cat\n"
        ),
        "{out}"
    );
}

#[test]
fn a_text_answer_can_be_a_command_word_in_quotes() {
    let (_, _, session) = run_small(&["", "1", "none", "", "\"help\"", ""]);
    assert_eq!(session.stored("name"), Some(&Value::Text("help".into())));
}

#[test]
fn the_compare_grid_reads_column_by_column() {
    let (_, out, _) = run_small(&["", "1", "none", "", "", "quit"]);
    assert!(
        out.contains(
            "Train: Cost: $40\nTrain: Time: 2 hours\n\nBus: Cost: $15\nBus: Time: 4 hours\nPress Enter to go on."
        ),
        "{out}"
    );
}

#[test]
fn input_that_ends_early_says_where_and_that_the_answers_are_saved() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut auto = Autosave::new(store.clone());
    let mut session = Session::new(&guide);
    let options = Options { autosave: Some(&mut auto), ..Options::default() };
    let (outcome, _) = drive(&guide, &mut session, &["", "2", "1"], options);
    assert_eq!(
        outcome,
        Outcome::InputEnded {
            message:
                "Input ended at question “Days away” (days). Your answers are saved; run again with --resume to go on."
                    .to_string()
        }
    );
    let resumed = store.load(&guide).unwrap().unwrap();
    assert_eq!(guide.node(resumed.session.current()).key, "days");
    assert_eq!(resumed.answers, 2);
}

#[test]
fn quitting_keeps_the_answers_for_next_time() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut auto = Autosave::new(store.clone());
    let mut session = Session::new(&guide);
    let options = Options { autosave: Some(&mut auto), ..Options::default() };
    let (outcome, out) = drive(&guide, &mut session, &["", "1", "quit"], options);
    assert_eq!(outcome, Outcome::Quit);
    assert!(out.ends_with("Your answers are saved. Run guidepost again to pick up where you left off.\n"), "{out}");
    assert_eq!(store.load(&guide).unwrap().unwrap().answers, 1);
}

#[test]
fn the_checklist_is_saved_where_asked_and_the_session_remembers_it() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state"));
    let mut auto = Autosave::new(store.clone());
    let mut session = Session::new(&guide);
    let target = dir.path().join("list.html");
    let options =
        Options { autosave: Some(&mut auto), save_to: Some((target.clone(), Format::Html)), ..Options::default() };
    let (outcome, out) = drive(&guide, &mut session, &["", "1", "none", "", "", ""], options);
    assert_eq!(outcome, FINISHED);
    assert!(out.contains(&format!("Saved your checklist to {} (HTML).", target.display())), "{out}");
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("<!DOCTYPE html>"));
    let resumed = store.load(&guide).unwrap().unwrap();
    assert!(resumed.finished);
    assert_eq!(resumed.checklist.unwrap().path, target);
}

#[test]
fn a_checklist_that_cannot_be_saved_is_still_shown_and_reported() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing").join("list.md");
    let mut session = Session::new(&guide);
    let options = Options { save_to: Some((target.clone(), Format::Markdown)), ..Options::default() };
    let (outcome, out) = drive(&guide, &mut session, &["", "1", "none", "", "", ""], options);
    let message =
        format!("cannot write {}: the folder {} does not exist", target.display(), target.parent().unwrap().display());
    assert_eq!(outcome, Outcome::Finished { save_error: Some(message.clone()) });
    assert!(out.contains("YOUR CHECKLIST"), "{out}");
    assert!(out.contains(&format!("Your checklist was not saved: {message}. It is shown above.")), "{out}");
}

#[test]
fn a_resumed_session_goes_on_from_the_next_question() {
    let guide = fixture("small.toml");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut session = Session::new(&guide);
    let mut auto = Autosave::new(store.clone());
    drive(&guide, &mut session, &["", "1", "2"], Options { autosave: Some(&mut auto), ..Options::default() });
    let resumed = store.load(&guide).unwrap().unwrap();
    let mut session = resumed.session;
    let (outcome, out) = drive(&guide, &mut session, &["7", "", ""], Options::default());
    assert_eq!(outcome, FINISHED);
    assert!(out.starts_with("\nQuestion 3 · 2 questions left\nDays away\n"), "{out}");
    assert!(out.contains("Pack the red bag for 7 days."), "{out}");
}

#[test]
fn nothing_hostile_reaches_the_output_as_an_escape_sequence() {
    let guide = fixture("hostile.toml");
    let mut session = Session::new(&guide);
    let typed = "\u{1b}[2J\u{1b}]8;;https://evil.example\u{7}x\u{9b}31m\u{202e}";
    let (_, out) =
        drive(&guide, &mut session, &[typed, "help", "2", ""], Options { intro: true, ..Options::default() });
    let bytes = out.as_bytes();
    assert!(!bytes.contains(&0x1b), "no ESC byte:\n{out}");
    assert!(!bytes.contains(&0x07), "no BEL byte:\n{out}");
    assert!(!out.contains('\u{9b}') && !out.contains('\u{202e}'), "{out}");
    assert!(out.contains("You wrote: ␛[2J␛]8;;https://evil.example␇x31m."), "the answer is kept, visibly:\n{out}");
}

#[test]
fn a_guide_with_an_escape_character_never_loads() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml"))
            .unwrap()
            .replace("Plan a small trip", "Plan a \\u001b[31m trip");
    assert!(load_str("hostile.toml", &text, CheckOptions::default()).guide.is_none());
}

#[test]
fn yes_or_no_takes_the_default_on_enter_and_asks_again_otherwise() {
    let ask = |typed: &str| {
        let mut out = Vec::new();
        let answer = plain::ask_yes_no(&mut Cursor::new(typed.as_bytes().to_vec()), &mut out, "Resume?", true).unwrap();
        (answer, String::from_utf8(out).unwrap())
    };
    assert_eq!(ask("\n").0, Some(true));
    assert_eq!(ask("No\n").0, Some(false));
    let (answer, out) = ask("maybe\ny\n");
    assert_eq!(answer, Some(true));
    assert_eq!(out, "Resume? [Y/n]\n> Type y for yes or n for no.\n> ");
    assert_eq!(ask("").0, None);
}

#[test]
fn commands_work_in_any_case_and_skip_only_skips_optional_questions() {
    let guide = fixture("small.toml");
    let node = |key: &str| guide.node(guide.node_id(key).unwrap());
    assert_eq!(reply(node("color"), "  BACK ", None), Reply::Command(Command::Back));
    assert_eq!(reply(node("name"), "skip", None), Reply::Skip);
    assert_eq!(
        reply(node("color"), "skip", None),
        Reply::Retry("This question needs an answer; it cannot be skipped.".into())
    );
    assert_eq!(reply(node("days"), "$1,2", None), Reply::Answer(Value::Number(12.0)));
    assert_eq!(reply(node("days"), "", Some(&Value::Number(9.0))), Reply::Answer(Value::Number(9.0)));
}

#[test]
fn plain_mode_says_who_wrote_the_guide_and_stars_what_matters() {
    let guide = fixture("cited.toml");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("list.md");
    let mut session = Session::new(&guide);
    let options = Options { intro: true, save_to: Some((target.clone(), Format::Markdown)), ..Options::default() };
    let (outcome, out) = drive(&guide, &mut session, &["", "1 2", "34", "1", ""], options);
    assert_eq!(outcome, FINISHED);
    assert!(out.contains("About this guide:\n  Written by: The guidepost project's contributors.\n"), "{out}");
    assert!(out.contains("  Facts last checked: 2026-11-01\n"), "{out}");
    assert!(out.contains("Infusions: ★ Cost: About $400 each\n"), "{out}");
    assert!(out.contains("Nasal spray: Visits: ★ Twice a week at first\n"), "{out}");
    assert!(out.contains("\n★ what you said matters to you\n"), "{out}");
    // The saved checklist leaves the private answers out, and the person hears how to include them.
    assert!(
        out.contains("Your private answers are not in it; to include them, run again with\n--include-private."),
        "{out}"
    );
    let saved = std::fs::read_to_string(&target).unwrap();
    assert!(!saved.contains("Your age") && saved.contains("2 private answers are not listed here"), "{saved}");

    let mut session = Session::new(&guide);
    let options =
        Options { save_to: Some((target.clone(), Format::Markdown)), include_private: true, ..Options::default() };
    drive(&guide, &mut session, &["", "1", "34", "1", ""], options);
    assert!(std::fs::read_to_string(&target).unwrap().contains("- **Your age**: 34"));
}

#[test]
fn enter_skips_an_optional_choice() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/authoring/optional-choice.toml");
    let guide = load_path(&path, CheckOptions::default()).guide.unwrap();
    let mut session = Session::new(&guide);
    let (outcome, out) = drive(&guide, &mut session, &["", "14", "", "3", ""], Options::default());
    assert_eq!(outcome, FINISHED, "{out}");
    assert!(out.contains("Press Enter to skip"), "{out}");
    assert_eq!(session.stored("employer"), None);
    assert_eq!(session.stored("weeks"), Some(&Value::Number(3.0)));
}
