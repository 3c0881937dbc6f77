//! The `validate`, `export` and `list` subcommands, run as the real binary: exit codes (0 ok,
//! 1 the guide or the answers are wrong, 2 usage or I/O) and the messages people read.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// What one run of the binary left behind.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn guidepost(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(args)
        // Plain output whatever the terminal, and no colour codes in what the tests compare.
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const CLEAN: &str = "tests/fixtures/session/infusions.toml";
const BROKEN: &str = "tests/fixtures/invalid/E0301-unknown-start.toml";

/// The clean guide plus a section nothing uses: one warning, no errors.
fn with_a_warning(dir: &Path) -> String {
    let text = std::fs::read_to_string(CLEAN).unwrap() + "\n[sections.after]\ntitle = \"After your visit\"\n";
    let path = dir.join("warns.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------------------

#[test]
fn validate_a_clean_guide_exits_0_and_says_ok() {
    let run = guidepost(&["validate", CLEAN]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, format!("{CLEAN}: ok\n"));
}

#[test]
fn validate_with_no_guide_checks_the_built_in_one() {
    let run = guidepost(&["validate", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.stdout, "<built-in>/ketamine-coverage.toml: ok\n");
}

#[test]
fn validate_a_guide_with_errors_exits_1_with_every_message() {
    let run = guidepost(&["validate", BROKEN]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[E0301]: `start` names a node \"covrage\" that does not exist"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&format!("--> {BROKEN}:6:9")), "{}", run.stdout);
    assert!(run.stdout.contains("help: did you mean \"coverage\"?"));
    assert!(run.stdout.ends_with(&format!("{BROKEN}: has errors (1 error, 0 warnings)\n")), "{}", run.stdout);
}

#[test]
fn validate_a_missing_file_exits_2() {
    let run = guidepost(&["validate", "tests/fixtures/no-such-guide.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.all().contains("cannot read tests/fixtures/no-such-guide.toml: no such file or folder"),
        "{}",
        run.all()
    );
}

#[test]
fn validate_reports_the_worst_of_several_guides() {
    let run = guidepost(&["validate", CLEAN, BROKEN]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with(&format!("{CLEAN}: ok\n")), "{}", run.stdout);
    let run = guidepost(&["validate", BROKEN, "tests/fixtures/no-such-guide.toml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn warnings_pass_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let warns = with_a_warning(dir.path());
    let run = guidepost(&["validate", &warns]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("warning[W0104]"));
    assert!(run.stdout.contains("ok, with warnings (0 errors, 1 warning)"), "{}", run.stdout);
    let strict = guidepost(&["validate", "--strict", &warns]);
    assert_eq!(strict.code, 1);
    assert!(strict.stdout.contains("error[W0104]"), "{}", strict.stdout);
    assert!(strict.stdout.contains("has errors (1 error, 0 warnings)"), "{}", strict.stdout);
}

#[test]
fn validate_json_parses_and_locates_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let warns = with_a_warning(dir.path());
    let run = guidepost(&["validate", "--format", "json", BROKEN, &warns]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let first = &list[0];
    assert_eq!(first["code"], "E0301");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], BROKEN);
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(6), Some(9)));
    assert_eq!((first["end_line"].as_u64(), first["end_column"].as_u64()), (Some(6), Some(18)));
    assert_eq!(first["help"], "did you mean \"coverage\"?");
    assert_eq!(list[1]["code"], "W0104");
    assert_eq!(list[1]["severity"], "warning");
}

#[test]
fn validate_json_of_a_clean_guide_is_an_empty_list() {
    let run = guidepost(&["validate", "--format", "json", CLEAN]);
    assert_eq!(run.code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(), serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------------------------

fn answers_file(dir: &Path, text: &str) -> String {
    let path = dir.join("answers.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn export_writes_markdown_to_stdout_by_default() {
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/medicare.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# Is ketamine infusion therapy covered by my insurance?\n"));
    assert!(run.stdout.contains("- [ ] "));
    assert!(run.stderr.is_empty());
}

#[test]
fn export_writes_the_file_named_by_o_in_the_format_of_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("checklist.json");
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/uninsured.toml", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing on stdout when writing a file");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["guide"]["id"], "ketamine-coverage");
}

#[test]
fn export_format_overrides_the_extension() {
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/medicare.toml", "--format", "txt"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("IS KETAMINE INFUSION THERAPY COVERED BY MY INSURANCE?\n"));
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/medicare.toml", "--format", "pdf"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "guidepost: unknown format \"pdf\": use md, txt, json or html\n");
}

#[test]
fn export_with_a_missing_answer_exits_1_naming_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let answers =
        answers_file(dir.path(), "safe = \"safe\"\nage = \"adult\"\nhealth = [\"none\"]\ninsurance = \"medicare\"\n");
    let run = guidepost(&["export", "--answers", &answers]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "guidepost: cannot export: question \"medigap\" (“Medigap”) needs an answer: add `medigap = …` to the answers\n"
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn export_with_an_unknown_var_suggests_the_one_meant() {
    let dir = tempfile::tempdir().unwrap();
    let answers = answers_file(dir.path(), "safe = \"safe\"\ninsurence = \"medicare\"\n");
    let run = guidepost(&["export", "--answers", &answers]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "guidepost: cannot export: the answers name `insurence`, but no question has that var (did you mean `insurance`?)\n"
    );
}

#[test]
fn export_with_an_answer_that_does_not_fit_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let answers =
        answers_file(dir.path(), "safe = \"safe\"\nage = \"adult\"\nhealth = [\"none\"]\ninsurance = \"medicaire\"\n");
    let run = guidepost(&["export", "--answers", &answers]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the answer for `insurance` (question \"coverage\") is not valid"), "{}", run.stderr);
}

#[test]
fn export_with_a_missing_answers_file_exits_2() {
    let run = guidepost(&["export", "--answers", "tests/fixtures/answers/nobody.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "guidepost: cannot read answers file tests/fixtures/answers/nobody.toml: no such file or folder\n"
    );
}

#[test]
fn export_with_an_answers_file_that_is_not_toml_exits_2_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let answers = answers_file(dir.path(), "insurance = medicare\n");
    let run = guidepost(&["export", "--answers", &answers]);
    assert_eq!(run.code, 2, "a broken answers file is an input problem, as a missing one is");
    assert!(run.stderr.contains("error[E0101]: invalid TOML"), "{}", run.stderr);
    assert!(run.stderr.contains("answers.toml:1:13"), "{}", run.stderr);
}

#[test]
fn export_of_a_broken_guide_exits_1_with_its_errors() {
    let run = guidepost(&["export", BROKEN, "--answers", "tests/fixtures/answers/medicare.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0301]"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------

#[test]
fn list_shows_the_built_in_guides_with_the_default_marked() {
    let run = guidepost(&["list"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "ketamine-coverage      Is ketamine infusion therapy covered by my insurance?  (default)\n\
         appeal-denied-claim    Appealing a denied health insurance claim\n"
    );
}

#[test]
fn export_reads_an_answers_file_written_for_an_earlier_guide() {
    // `funding` is the var the job-plan question had before it was renamed (`was` in the guide).
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string("tests/fixtures/answers/employer-four-meds.toml")
        .unwrap()
        .replace("job_plan =", "funding =");
    let answers = answers_file(dir.path(), &old);
    let run = guidepost(&["export", "--answers", &answers, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("job_plan") && text.contains("fully_insured"), "{text}");
    assert!(run.stdout.contains("external review"), "the fully insured route is taken");
}
