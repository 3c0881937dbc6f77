//! What the test crates share, so each check is written once:
//!
//! - `guidepost(args)`: the one way to run the real binary, kept apart from the person running the
//!   tests (their guide library, theme, terminal and saved sessions), and what a run left behind.
//! - `default_guide()` and `opts()`: the built-in guide, checked on a fixed day so nothing goes
//!   stale as the calendar moves.
//! - `tui`: the interface driven by key strings and drawn into ratatui's `TestBackend`.
//! - `schema`: the JSON Schema keywords `src/authoring/schema.json` uses, checked against a guide.
//!
//! Each test crate includes this folder with `#[path]`; a crate uses only part of it, hence the
//! `dead_code` allowance where it is included.
#![allow(clippy::unwrap_used, clippy::panic)]

pub mod schema;
pub mod tui;

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use guidepost::guide::raw::Date;
use guidepost::guide::{CheckOptions, Guide, load_str};

/// The day the tests live on: review dates and "reviewed more than a year ago" warnings are
/// measured from it, not from the clock.
pub const TODAY: Date = Date { year: 2026, month: 11, day: 30 };

/// Check options on [`TODAY`], which is also what `today` means in conditions, date limits and
/// text for the rest of the test process.
pub fn opts() -> CheckOptions {
    guidepost::date::pin_today(TODAY);
    CheckOptions { today: TODAY, ..CheckOptions::default() }
}

/// The built-in default guide, loaded as the program loads it.
pub fn default_guide() -> Guide {
    let b = guidepost::builtin::default_guide();
    load_str(b.file, b.text, opts()).guide.expect("the default guide loads")
}

/// The repository root, where relative fixture paths start.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_guidepost");

/// What one run of the binary left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output followed by standard error.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The binary about to run, built up with the methods below.
pub struct Guidepost {
    cmd: Command,
}

/// The binary with these arguments, in the repository root, with nothing of the person running
/// the tests: no colour codes in what the tests compare, no guide library, no `GUIDEPOST_PATH`
/// or `GUIDEPOST_THEME`, today pinned to [`TODAY`], and nothing on standard input.
pub fn guidepost(args: &[&str]) -> Guidepost {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("XDG_DATA_HOME", "/nonexistent/guidepost-tests/data")
        .env("GUIDEPOST_TODAY", TODAY.to_string())
        .env_remove("GUIDEPOST_PATH")
        .env_remove("GUIDEPOST_THEME")
        .stdin(Stdio::null());
    Guidepost { cmd }
}

impl Guidepost {
    /// More arguments.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.cmd.args(args);
        self
    }

    /// One more argument, such as a path that need not be UTF-8.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    /// Runs in this folder instead of the repository root.
    pub fn in_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// Keeps saved sessions in this folder, and looks for the guide library under it.
    pub fn state(mut self, dir: &Path) -> Self {
        self.cmd.env("GUIDEPOST_STATE_DIR", dir).env("XDG_DATA_HOME", dir.join("data"));
        self
    }

    /// One more environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// Without this environment variable, to test what happens when it is not set.
    pub fn env_remove(mut self, key: &str) -> Self {
        self.cmd.env_remove(key);
        self
    }

    /// Runs to the end with nothing on standard input.
    pub fn run(mut self) -> Run {
        let out = self.cmd.output().unwrap();
        finished(out.status.code(), out.stdout, out.stderr)
    }

    /// Runs to the end with this text on standard input.
    pub fn run_with_input(self, input: &str) -> Run {
        let mut child = self.spawn();
        // The program may stop reading early (and close its end): what it read is what counts.
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        let out = child.wait_with_output().unwrap();
        finished(out.status.code(), out.stdout, out.stderr)
    }

    /// Runs to the end with nothing on standard input, killing it and failing the test should it
    /// run longer than `limit`: for the runs whose bug would be a hang.
    pub fn run_bounded(self, limit: Duration) -> Run {
        let mut child = self.spawn();
        drop(child.stdin.take());
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > limit {
                let _ = child.kill();
                panic!("guidepost hung: {:?}", child.id());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        finished(out.status.code(), stdout.as_bytes().to_vec(), stderr.as_bytes().to_vec())
    }

    /// Starts it with every standard stream piped, for tests that talk to it while it runs.
    pub fn spawn(mut self) -> Child {
        self.cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
    }

    /// The command itself, for what the methods above do not cover (a shell around it).
    pub fn command(self) -> Command {
        self.cmd
    }
}

/// A run's result; a panic message on standard error fails the test whatever else it checks.
fn finished(code: Option<i32>, stdout: Vec<u8>, stderr: Vec<u8>) -> Run {
    let run = Run {
        code: code.unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}
