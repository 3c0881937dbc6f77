//! Every way the command line can be pointed at something that is not there or cannot be
//! written: one clear line on standard error, exit code 2, never a panic.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with no input and a private state folder.
fn guidepost(state: &Path, args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(args)
        .env("GUIDEPOST_STATE_DIR", state)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let ran = Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    ran
}

/// Asserts exit code 2 with exactly this one line on standard error.
fn fails_with(ran: &Ran, line: &str) {
    assert_eq!(ran.stderr, format!("guidepost: {line}\n"), "stdout: {}", ran.stdout);
    assert_eq!(ran.code, 2);
}

fn small_guide() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/small.toml").display().to_string()
}

struct Setup {
    dir: tempfile::TempDir,
    answers: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "color = \"red\"\npets = []\ndays = 2\n").unwrap();
    Setup { dir, answers }
}

fn export_to(s: &Setup, output: &Path) -> Ran {
    guidepost(
        s.dir.path(),
        &["export", &small_guide(), "--answers", s.answers.to_str().unwrap(), "-o", output.to_str().unwrap()],
    )
}

#[test]
fn export_into_a_missing_folder_names_the_folder() {
    let s = setup();
    let folder = s.dir.path().join("x");
    let target = folder.join("y.md");
    let ran = export_to(&s, &target);
    fails_with(&ran, &format!("cannot write {}: the folder {} does not exist", target.display(), folder.display()));
}

#[test]
fn export_onto_a_folder_says_to_add_a_file_name() {
    let s = setup();
    let ran = export_to(&s, s.dir.path());
    fails_with(&ran, &format!("cannot write {}: that is a folder; add a file name", s.dir.path().display()));
}

#[test]
fn export_under_a_regular_file_says_which_part_is_not_a_folder() {
    let s = setup();
    let ran = export_to(&s, &s.answers.join("list.md"));
    fails_with(
        &ran,
        &format!(
            "cannot write {}: {} is a file, not a folder",
            s.answers.join("list.md").display(),
            s.answers.display()
        ),
    );
    assert!(std::fs::read_to_string(&s.answers).unwrap().contains("color"), "the file in the way is untouched");
}

#[test]
fn export_with_a_missing_answers_file() {
    let s = setup();
    let missing = s.dir.path().join("nope.toml");
    let ran = guidepost(s.dir.path(), &["export", &small_guide(), "--answers", missing.to_str().unwrap()]);
    fails_with(&ran, &format!("cannot read answers file {}: no such file or folder", missing.display()));
}

#[test]
fn export_in_an_unknown_format() {
    let s = setup();
    let ran = guidepost(
        s.dir.path(),
        &["export", &small_guide(), "--answers", s.answers.to_str().unwrap(), "--format", "pdf"],
    );
    fails_with(&ran, "unknown format \"pdf\": use md, txt, json or html");
}

#[test]
fn an_unknown_guide_path() {
    let s = setup();
    let ran = guidepost(s.dir.path(), &["no/such/guide.toml"]);
    fails_with(&ran, "cannot read no/such/guide.toml: no such file or folder");
}

#[test]
fn a_misspelled_built_in_guide_gets_a_suggestion() {
    let s = setup();
    let ran = guidepost(s.dir.path(), &["ketamine-coverag"]);
    fails_with(
        &ran,
        "cannot read ketamine-coverag: no such file or folder (no built-in guide is called that either; did you mean \
         \"ketamine-coverage\"?)",
    );
}

#[test]
fn save_in_a_missing_folder_fails_before_any_question() {
    let s = setup();
    let folder = s.dir.path().join("gone");
    let target = folder.join("list.md");
    let ran = guidepost(s.dir.path(), &["--plain", "--save", target.to_str().unwrap()]);
    fails_with(&ran, &format!("cannot write {}: the folder {} does not exist", target.display(), folder.display()));
    assert_eq!(ran.stdout, "", "no question was asked");
}

#[test]
fn save_with_a_name_that_has_no_known_format() {
    let s = setup();
    let target = s.dir.path().join("list.pdf");
    let ran = guidepost(s.dir.path(), &["--save", target.to_str().unwrap()]);
    fails_with(
        &ran,
        &format!(
            "cannot tell which format to save {} in: end the name with .md, .txt, .json or .html",
            target.display()
        ),
    );
}

#[test]
fn resume_and_fresh_together_is_a_usage_error() {
    let s = setup();
    let ran = guidepost(s.dir.path(), &["--resume", "--fresh"]);
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("'--resume' cannot be used with '--fresh'"), "{}", ran.stderr);
}

#[test]
fn sessions_in_a_state_folder_that_is_a_file() {
    let s = setup();
    let ran = guidepost(&s.answers, &["sessions"]);
    fails_with(
        &ran,
        &format!("cannot read {}: a part of the path is not a folder", s.answers.join("sessions").display()),
    );
}

#[test]
fn an_unwritable_state_folder_warns_and_the_guide_still_runs() {
    let s = setup();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args([&small_guide(), "--plain", "--fresh"])
        .env("GUIDEPOST_STATE_DIR", &s.answers)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"\n1\nnone\n\n\n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!(
            "Note: your answers will not be saved: cannot read {}",
            s.answers.join("sessions").display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("YOUR CHECKLIST"), "{stdout}");
}

#[test]
fn deleting_a_session_that_does_not_exist() {
    let s = setup();
    let ran = guidepost(s.dir.path(), &["sessions", "--delete", "nothing-here"]);
    fails_with(&ran, "there is no saved session for \"nothing-here\"");
}
