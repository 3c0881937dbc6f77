//! Every way the command line can be pointed at something that is not there or cannot be
//! written: one clear line on standard error, exit code 2, never a panic.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{BIN, Run, guidepost};

/// Longer than any of these runs takes, short of a hang.
const HANG: Duration = Duration::from_secs(30);

/// Asserts exit code 2 with exactly this one line on standard error.
fn fails_with(ran: &Run, line: &str) {
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

fn export_to(s: &Setup, output: &Path) -> Run {
    guidepost(&["export", &small_guide(), "--answers", s.answers.to_str().unwrap(), "-o", output.to_str().unwrap()])
        .state(s.dir.path())
        .run()
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
    let ran = guidepost(&["export", &small_guide(), "--answers", missing.to_str().unwrap()]).state(s.dir.path()).run();
    fails_with(&ran, &format!("cannot read answers file {}: no such file or folder", missing.display()));
}

#[test]
fn export_in_an_unknown_format() {
    let s = setup();
    let ran = guidepost(&["export", &small_guide(), "--answers", s.answers.to_str().unwrap(), "--format", "pdf"])
        .state(s.dir.path())
        .run();
    fails_with(&ran, "unknown format \"pdf\": use md, txt, json or html");
}

#[test]
fn an_unknown_guide_path() {
    let s = setup();
    let ran = guidepost(&["no/such/guide.toml"]).state(s.dir.path()).run();
    fails_with(&ran, "cannot read no/such/guide.toml: no such file or folder");
}

#[test]
fn a_misspelled_built_in_guide_gets_a_suggestion() {
    let s = setup();
    let ran = guidepost(&["ketamine-coverag"]).state(s.dir.path()).run();
    fails_with(
        &ran,
        "cannot read ketamine-coverag: no such file or folder (no guide has that id either; did you mean \
         \"ketamine-coverage\"?)",
    );
}

#[test]
fn save_in_a_missing_folder_fails_before_any_question() {
    let s = setup();
    let folder = s.dir.path().join("gone");
    let target = folder.join("list.md");
    let ran = guidepost(&["--plain", "--save", target.to_str().unwrap()]).state(s.dir.path()).run();
    fails_with(&ran, &format!("cannot write {}: the folder {} does not exist", target.display(), folder.display()));
    assert_eq!(ran.stdout, "", "no question was asked");
}

#[test]
fn save_with_a_name_that_has_no_known_format() {
    let s = setup();
    let target = s.dir.path().join("list.pdf");
    let ran = guidepost(&["--save", target.to_str().unwrap()]).state(s.dir.path()).run();
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
    let ran = guidepost(&["--resume", "--fresh"]).state(s.dir.path()).run();
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("'--resume' cannot be used with '--fresh'"), "{}", ran.stderr);
}

#[test]
fn sessions_in_a_state_folder_that_is_a_file() {
    let s = setup();
    let ran = guidepost(&["sessions"]).state(&s.answers).run();
    fails_with(
        &ran,
        &format!("cannot read {}: a part of the path is not a folder", s.answers.join("sessions").display()),
    );
}

#[test]
fn an_unwritable_state_folder_warns_and_the_guide_still_runs() {
    let s = setup();
    let out = guidepost(&[&small_guide(), "--plain", "--fresh"])
        .env("GUIDEPOST_STATE_DIR", &s.answers)
        .run_with_input("\n1\nnone\n\n\n\n");
    let stdout = out.stdout;
    assert_eq!(out.code, 0, "{stdout}");
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
    let ran = guidepost(&["sessions", "--delete", "nothing-here"]).state(s.dir.path()).run();
    fails_with(&ran, "there is no saved session for \"nothing-here\"");
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[test]
fn export_to_dev_null_writes_into_it_and_leaves_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let s = setup();
    let ran = export_to(&s, Path::new("/dev/null"));
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn export_to_a_device_node_writes_into_it_when_running_as_root() {
    use std::os::unix::fs::FileTypeExt;
    if !is_root() {
        return; // Only root may make device nodes.
    }
    let s = setup();
    let null = s.dir.path().join("null");
    assert!(Command::new("mknod").arg(&null).args(["c", "1", "3"]).status().unwrap().success());
    let ran = export_to(&s, &null);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(std::fs::symlink_metadata(&null).unwrap().file_type().is_char_device(), "the device is still there");
    // A block device is refused by name.
    let block = s.dir.path().join("disk");
    assert!(Command::new("mknod").arg(&block).args(["b", "7", "200"]).status().unwrap().success());
    let ran = export_to(&s, &block);
    fails_with(
        &ran,
        &format!("cannot write {}: that is a block device (a disk), not a file; name a regular file", block.display()),
    );
}

#[test]
fn export_and_graph_into_a_fifo_write_through_it() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let s = setup();
    let fifo = s.dir.path().join("pipe");
    mkfifo(&fifo);
    for args in [
        vec!["export", &small_guide(), "--answers", s.answers.to_str().unwrap(), "-o", fifo.to_str().unwrap()],
        vec!["graph", &small_guide(), "-o", fifo.to_str().unwrap()],
    ] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                std::fs::File::open(&fifo).unwrap().read_to_string(&mut text).unwrap();
                text
            })
        };
        let ran = guidepost(&args).state(s.dir.path()).run_bounded(HANG);
        assert_eq!(ran.code, 0, "{args:?}: {}", ran.stderr);
        let text = reader.join().unwrap();
        assert!(!text.is_empty(), "{args:?} wrote through the pipe");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    }
}

#[test]
fn export_to_a_socket_is_refused_by_name() {
    let s = setup();
    let sock = s.dir.path().join("s.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let ran = export_to(&s, &sock);
    fails_with(&ran, &format!("cannot write {}: that is a socket, not a file; name a regular file", sock.display()));
}

#[test]
fn export_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup();
    let real = s.dir.path().join("real.md");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = s.dir.path().join("link.md");
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    let ran = export_to(&s, &link);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
    assert!(std::fs::read_to_string(&real).unwrap().contains("Plan a small trip"));
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640, "permissions are kept");
}

#[test]
fn plain_save_to_dev_null_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let s = setup();
    let out = guidepost(&[&small_guide(), "--plain", "--fresh", "--save", "/dev/null"])
        .state(s.dir.path())
        .run_with_input("\n1\nnone\n\n\n\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

/// A guide that includes `extra.toml`, which the caller makes.
fn guide_with_include(dir: &Path) -> PathBuf {
    let main = dir.join("main.toml");
    std::fs::write(
        &main,
        "format = 1\n[guide]\nid = \"inc\"\ntitle = \"T\"\nstart = \"a\"\ndisclaimer = \"D.\"\n\
         reviewed = 2026-11-01\ninclude = [\"extra.toml\"]\n[nodes.a]\ntype = \"end\"\ntitle = \"A\"\n",
    )
    .unwrap();
    main
}

#[test]
fn an_include_that_is_a_fifo_is_refused_at_once() {
    let s = setup();
    let main = guide_with_include(s.dir.path());
    mkfifo(&s.dir.path().join("extra.toml"));
    let ran = guidepost(&["validate", main.to_str().unwrap()]).state(s.dir.path()).run_bounded(HANG);
    assert_eq!(ran.code, 2, "a file that cannot be read is an I/O problem: {}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("extra.toml is a pipe (FIFO), not a regular file"), "{}", ran.stdout);
}

#[test]
fn validate_dev_zero_stops_at_the_size_limit() {
    let s = setup();
    let ran = guidepost(&["validate", "/dev/zero"]).state(s.dir.path()).run_bounded(HANG);
    assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("/dev/zero is more than that; a guide may be at most 16 MiB"), "{}", ran.stdout);
}

#[test]
fn a_guide_from_a_pipe_is_still_read() {
    let out =
        Command::new("bash").arg("-c").arg(format!("{:?} validate <(cat {:?})", BIN, small_guide())).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn includes_count_toward_one_size_limit_for_the_whole_guide() {
    let s = setup();
    let main = guide_with_include(s.dir.path());
    // Each file alone is under the limit; together they are over it.
    let mut big = String::from("# padding\n");
    while big.len() < 9 * 1024 * 1024 {
        big.push_str("# a comment line to take up room in the file, and nothing else\n");
    }
    std::fs::write(s.dir.path().join("extra.toml"), &big).unwrap();
    let mut padded = std::fs::read_to_string(&main).unwrap();
    padded.push_str(&big);
    std::fs::write(&main, padded).unwrap();
    let ran = guidepost(&["validate", main.to_str().unwrap()]).state(s.dir.path()).run_bounded(HANG);
    assert_eq!(ran.code, 1, "{}", ran.stdout);
    assert!(ran.stdout.contains("takes the guide over 16 MiB"), "{}", ran.stdout);
}

#[test]
fn an_answers_file_that_is_a_fifo_is_an_error_not_a_hang() {
    let s = setup();
    let fifo = s.dir.path().join("answers-pipe.toml");
    mkfifo(&fifo);
    let ran = guidepost(&["export", &small_guide(), "--answers", fifo.to_str().unwrap()])
        .state(s.dir.path())
        .run_bounded(HANG);
    fails_with(&ran, &format!("answers file {} is a pipe (FIFO), not a regular file", fifo.display()));
    let ran = guidepost(&[&small_guide(), "--plain", "--answers", fifo.to_str().unwrap()])
        .state(s.dir.path())
        .run_bounded(HANG);
    fails_with(&ran, &format!("answers file {} is a pipe (FIFO), not a regular file", fifo.display()));
}

#[test]
fn a_broken_answers_file_is_exit_2_in_every_mode() {
    let s = setup();
    let broken = s.dir.path().join("broken.toml");
    std::fs::write(&broken, "color = \"red\n").unwrap();
    for args in [
        vec!["export", &small_guide(), "--answers", broken.to_str().unwrap()],
        vec![&small_guide(), "--plain", "--answers", broken.to_str().unwrap()],
        vec![&small_guide(), "--plain", "--start-at", "pets", "--answers", broken.to_str().unwrap()],
    ] {
        let ran = guidepost(&args).state(s.dir.path()).run_bounded(HANG);
        assert_eq!(ran.code, 2, "{args:?}: {}", ran.stderr);
        assert!(ran.stderr.contains("invalid TOML"), "{args:?}: {}", ran.stderr);
    }
    let missing = s.dir.path().join("missing.toml");
    let ran = guidepost(&[&small_guide(), "--plain", "--answers", missing.to_str().unwrap()])
        .state(s.dir.path())
        .run_bounded(HANG);
    fails_with(&ran, &format!("cannot read answers file {}: no such file or folder", missing.display()));
}

#[test]
fn a_session_file_that_is_a_fifo_never_hangs_run_or_sessions() {
    let s = setup();
    let sessions = s.dir.path().join("sessions");
    std::fs::create_dir(&sessions).unwrap();
    mkfifo(&sessions.join("small-trip.json"));
    let ran = guidepost(&["sessions"]).state(s.dir.path()).run_bounded(HANG);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stdout.contains("small-trip"), "{}", ran.stdout);
    assert!(ran.stdout.contains("not a regular file"), "{}", ran.stdout);
    let ran = guidepost(&[&small_guide(), "--plain", "--resume"]).state(s.dir.path()).run_bounded(HANG);
    assert!(ran.stdout.contains("not a regular file"), "{}", ran.stdout);
}

/// Runs the binary through `sh` with these redirections of its standard output.
#[cfg(target_os = "linux")]
fn with_stdout(s: &Setup, redirect: &str, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirect}"))
        .arg(BIN)
        .args(args)
        .env("GUIDEPOST_STATE_DIR", s.dir.path())
        .env("XDG_DATA_HOME", s.dir.path().join("data"))
        .env_remove("GUIDEPOST_PATH")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn export_and_plain_mode_with_stdout_closed_exit_2_and_say_why() {
    let s = setup();
    let guide = small_guide();
    let answers = s.answers.to_str().unwrap().to_string();
    let message = "guidepost: standard output is closed, so nothing could be written; give the output somewhere to go (or -o FILE)\n";
    let ran = with_stdout(&s, ">&-", &["export", &guide, "--answers", &answers]);
    assert_eq!((ran.code, ran.stderr.as_str()), (2, message));
    let ran = with_stdout(&s, ">&- </dev/null", &["run", &guide, "--plain"]);
    assert_eq!((ran.code, ran.stderr.as_str()), (2, message));
    // Output sent to /dev/null on purpose is not a closed output.
    let ran = with_stdout(&s, ">/dev/null", &["export", &guide, "--answers", &answers]);
    assert_eq!((ran.code, ran.stderr.as_str()), (0, ""));
    // Nor is an export written to a file.
    let target = s.dir.path().join("out.md");
    let ran = with_stdout(&s, ">&-", &["export", &guide, "--answers", &answers, "-o", target.to_str().unwrap()]);
    assert_eq!((ran.code, ran.stderr.as_str()), (0, ""));
    assert!(target.exists());
}
