//! The real binary in a pseudo-terminal: walk a guide to its checklist, save it and quit; stop it
//! with SIGTERM; shrink the window to one cell and back. Each time the terminal must be restored.
//!
//! The PTY is drained continuously by a thread into a `vt100::Parser`; tests wait by polling a
//! condition with a timeout (never a fixed sleep) and dump the screen when a wait fails.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::support::{BIN, guidepost};

const TIMEOUT: Duration = Duration::from_secs(15);

struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/every-kind.toml").to_string_lossy().into_owned()
}

/// How the pretend terminal answers queries: every real terminal answers a device-attributes
/// request; some also report their background colour.
#[derive(Clone, Copy)]
enum Answers {
    /// Answers device attributes only, as a terminal that cannot report colours.
    Attributes,
    /// Also reports this background (`rgb:rrrr/gggg/bbbb`).
    Background(&'static str),
    /// Answers nothing at all.
    Silent,
}

/// Answers the queries found in the output since `from`, in order; returns where to look next.
fn answer_queries(out: &[u8], from: usize, answers: Answers, writer: &Mutex<Box<dyn Write + Send>>) -> usize {
    const OSC11: &[u8] = b"\x1b]11;?";
    const DA1: &[u8] = b"\x1b[c";
    let mut at = from;
    loop {
        let rest = &out[at..];
        let osc = rest.windows(OSC11.len()).position(|w| w == OSC11);
        let da = rest.windows(DA1.len()).position(|w| w == DA1);
        let (pos, len, reply): (usize, usize, Option<String>) = match (osc, da) {
            (Some(o), d) if d.is_none_or(|d| o < d) => (
                o,
                OSC11.len(),
                match answers {
                    Answers::Background(bg) => Some(format!("\x1b]11;{bg}\x1b\\")),
                    _ => None,
                },
            ),
            (_, Some(d)) => (d, DA1.len(), (!matches!(answers, Answers::Silent)).then(|| "\x1b[?62;22c".to_string())),
            _ => return at.max(out.len().saturating_sub(OSC11.len())),
        };
        if let Some(reply) = reply {
            let mut w = writer.lock().unwrap();
            let _ = w.write_all(reply.as_bytes());
            let _ = w.flush();
        }
        at += pos + len;
    }
}

impl Pty {
    fn spawn(args: &[&str], cwd: &Path, cols: u16, rows: u16) -> Pty {
        Pty::spawn_answering(args, cwd, cols, rows, Answers::Attributes, &[])
    }

    /// Like `spawn`, with these environment variables set.
    fn spawn_with(args: &[&str], env: &[(&str, &str)], cwd: &Path, cols: u16, rows: u16) -> Pty {
        Pty::spawn_answering(args, cwd, cols, rows, Answers::Attributes, env)
    }

    fn spawn_answering(args: &[&str], cwd: &Path, cols: u16, rows: u16, answers: Answers, env: &[(&str, &str)]) -> Pty {
        let pair = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("GUIDEPOST_THEME");
        cmd.env("GUIDEPOST_HYPERLINKS", "0");
        // Sessions go to the test's own folder, never the person's, and none is offered.
        cmd.env("GUIDEPOST_STATE_DIR", cwd.join(".state"));
        cmd.env_remove("COLORFGBG");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let (p, r, w) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&writer));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut scanned = 0;
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        let mut raw = r.lock().unwrap();
                        raw.extend_from_slice(&buf[..n]);
                        scanned = answer_queries(&raw, scanned, answers, &w);
                    }
                }
            }
        });
        Pty { parser, raw, writer, child, master: pair.master }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, bytes: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// The colour of the cell where `text` starts on screen.
    fn colour_of(&self, text: &str) -> Option<vt100::Color> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        for row in 0..rows.get() {
            let line: String = (0..cols.get())
                .map(|c| {
                    screen.cell(row, c).map_or(" ".to_string(), |c| {
                        if c.has_contents() { c.contents().to_string() } else { " ".to_string() }
                    })
                })
                .collect();
            if let Some(byte) = line.find(text) {
                let col = line[..byte].chars().count() as u16;
                return screen.cell(row, col).map(vt100::Cell::fgcolor);
            }
        }
        None
    }

    /// Waits until `text` is drawn in `colour`.
    fn wait_for_colour(&self, text: &str, colour: vt100::Color) {
        let start = Instant::now();
        while self.colour_of(text) != Some(colour) {
            assert!(
                start.elapsed() < TIMEOUT,
                "{text:?} is drawn in {:?}, not {colour:?}:\n{}",
                self.colour_of(text),
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("the screen to show {text:?}"), |s| s.contains(text));
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if start.elapsed() >= TIMEOUT {
                let raw = self.raw.lock().unwrap();
                let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(600)..]).into_owned();
                panic!("timed out waiting for {what}; the screen:\n{screen}\nthe last output: {tail:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to exit; returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                let raw = self.raw.lock().unwrap();
                let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(1500)..]).into_owned();
                panic!("the program did not exit; the screen:\n{}\nthe last output: {tail:?}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until everything the program wrote has been read.
    fn drain(&self) {
        let start = Instant::now();
        let mut last = usize::MAX;
        loop {
            let len = self.raw.lock().unwrap().len();
            if len == last || start.elapsed() > Duration::from_secs(2) {
                return;
            }
            last = len;
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn resize(&self, cols: u16, rows: u16) {
        // The model first, under its lock, then the terminal, so no output lands in the wrong size.
        let mut parser = self.parser.lock().unwrap();
        parser.set_size(nz(rows), nz(cols));
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }

    /// Reads what is left of the output first: the program may have exited before the reader
    /// thread saw its last bytes.
    fn assert_restored(&self) {
        self.drain();
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "the alternate screen was left:\n{}", screen.contents());
        assert!(!screen.hide_cursor(), "the cursor is visible again");
        let raw = self.raw.lock().unwrap();
        let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(400)..]).into_owned();
        assert!(tail.contains("\u{1b}[?1049l"), "the output ends by leaving the alternate screen: {tail:?}");
        assert!(tail.contains("\u{1b}[?25h"), "and by showing the cursor: {tail:?}");
    }
}

#[test]
fn walk_to_the_checklist_save_it_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    pty.send("\r");
    pty.wait_for("This guide asks a few questions.");
    pty.send("\r");
    pty.wait_for("> 1. Getting to work");
    pty.send("\x1b[B");
    pty.wait_for("Rough ground and hills.");
    pty.send("\r");
    pty.wait_for("Which ground will you ride on?");
    pty.send(" ");
    pty.wait_for("[x] 1. Gravel");
    pty.send("\r");
    pty.wait_for("How much can you spend?");
    pty.send("$1,200\r");
    pty.wait_for("What name should the shop use?");
    pty.send("Sam\r");
    pty.wait_for("Bike types");
    pty.send("\r");
    pty.wait_for("Checklist ready");
    pty.wait_for("Book a test ride for Sam.");
    pty.send(" ");
    pty.wait_for("> [x] Measure your leg");
    pty.send("s");
    pty.wait_for("./every-kind-checklist.md");
    pty.send("\r");
    pty.wait_for("Saved to");
    pty.send("q");
    let code = pty.wait_exit();
    pty.drain();
    assert_eq!(code, 0, "{}", pty.screen());
    pty.assert_restored();
    let saved = dir.path().join("every-kind-checklist.md");
    let screen = pty.screen();
    assert!(screen.contains("Checklist saved to"), "the path is printed after the interface closes:\n{screen}");
    assert!(screen.contains("every-kind-checklist.md"));
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("[x] Measure your leg"), "{text}");
    assert!(text.contains("Keep to $1,200."), "{text}");
}

/// The start screen with its colours, as the terminal shows it.
fn start_screen(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_with(args, env, dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    // The start screen is drawn from the `[guide]` table first, then again once the guide has
    // loaded: wait until it stays the same.
    let formatted = |pty: &Pty| pty.parser.lock().unwrap().screen().contents_formatted();
    let start = Instant::now();
    let mut last = formatted(&pty);
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = formatted(&pty);
        if now == last || start.elapsed() > TIMEOUT {
            break;
        }
        last = now;
    }
    pty.send("\x03");
    pty.wait_exit();
    last
}

#[test]
fn guidepost_theme_sets_the_look_unless_theme_is_given() {
    let fixture = fixture();
    let default = start_screen(&[&fixture], &[]);
    let high_contrast = start_screen(&[&fixture, "--theme", "high-contrast"], &[]);
    assert_ne!(default, high_contrast, "the two looks differ on the start screen");
    let from_env = start_screen(&[&fixture], &[("GUIDEPOST_THEME", "high-contrast")]);
    assert!(from_env == high_contrast, "GUIDEPOST_THEME=high-contrast draws the high-contrast look");
    let overridden = start_screen(&[&fixture, "--theme", "default"], &[("GUIDEPOST_THEME", "high-contrast")]);
    assert!(overridden == default, "--theme wins over GUIDEPOST_THEME");
}

#[test]
fn a_large_guide_shows_its_start_screen_while_it_loads_and_keeps_keys_typed_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.toml");
    std::fs::write(&path, guidepost::generate::guide(3000)).unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap()], dir.path(), 80, 24);
    // Drawn from the [guide] table before thousands of questions are checked.
    pty.wait_for("Getting the questions ready…");
    assert!(pty.screen().contains("A generated guide with 3000 questions"), "{}", pty.screen());
    pty.send("\r");
    // The Enter typed while loading is not lost: it begins the guide once it has loaded.
    pty.wait_for("step 0");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0, "{}", pty.screen());
    pty.drain();
    pty.assert_restored();
}

#[test]
fn a_guide_that_fails_to_load_after_its_start_screen_gives_the_terminal_back_with_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    // A [guide] table that reads, so the start screen may be drawn, and a node that goes nowhere.
    let text = "format = 1\n\n[guide]\nid = \"broken\"\ntitle = \"A broken guide\"\nreviewed = 2026-11-01\n\
                disclaimer = \"Not advice.\"\nstart = \"first\"\n\n[nodes.first]\ntype = \"info\"\n\
                title = \"First\"\ntext = \"Hello.\"\nnext = \"nowhere\"\n";
    std::fs::write(&path, text).unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap()], dir.path(), 100, 30);
    let code = pty.wait_exit();
    pty.drain();
    assert_eq!(code, 1, "{}", pty.screen());
    let screen = pty.screen();
    assert!(screen.contains("E0301"), "the problem is printed on the normal screen:\n{screen}");
    assert!(screen.contains("nowhere"), "{screen}");
    let parser = pty.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "the alternate screen was left");
    assert!(!parser.screen().hide_cursor(), "the cursor is visible");
}

#[test]
fn ctrl_c_restores_the_terminal_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    pty.send("\r\r");
    pty.wait_for("> 1. Getting to work");
    pty.send("\x03");
    assert_eq!(pty.wait_exit(), 130, "Ctrl-C exits as interrupted");
    pty.drain();
    pty.assert_restored();
}

/// Starts a guide large enough that it is still loading when the test acts.
fn spawn_loading(dir: &Path) -> Pty {
    let path = dir.join("large.toml");
    std::fs::write(&path, guidepost::generate::guide(20_000)).unwrap();
    let pty = Pty::spawn(&[path.to_str().unwrap()], dir, 80, 24);
    pty.wait_for("Getting the questions ready…");
    pty
}

#[test]
fn ctrl_c_while_a_guide_loads_ends_at_once_with_130() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = spawn_loading(dir.path());
    pty.send("\x03");
    assert_eq!(pty.wait_exit(), 130, "{}", pty.screen());
    pty.drain();
    assert!(!pty.screen().contains("step 0"), "it ended before the guide had loaded:\n{}", pty.screen());
    pty.assert_restored();
}

#[test]
fn termination_signals_while_a_guide_loads_end_it_at_once() {
    for (signal, code) in [("-TERM", 143), ("-HUP", 129), ("-INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = spawn_loading(dir.path());
        let pid = pty.child.process_id().unwrap();
        assert!(std::process::Command::new("kill").args([signal, &pid.to_string()]).status().unwrap().success());
        assert_eq!(pty.wait_exit(), code, "{signal}: {}", pty.screen());
        pty.drain();
        assert!(!pty.screen().contains("step 0"), "{signal} ended it before the guide had loaded");
        pty.assert_restored();
    }
}

#[test]
fn sigterm_restores_the_terminal_and_exits_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["run", &fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    pty.send("\r");
    pty.wait_for("This guide asks a few questions.");
    let pid = pty.child.process_id().unwrap();
    let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    let code = pty.wait_exit();
    pty.drain();
    assert_eq!(code, 128 + 15, "exits as terminated by SIGTERM");
    pty.assert_restored();
}

#[test]
fn a_hangup_restores_the_terminal_and_exits_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    let pid = pty.child.process_id().unwrap();
    let status = std::process::Command::new("kill").args(["-HUP", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    assert_eq!(pty.wait_exit(), 128 + 1, "exits as hung up");
    pty.drain();
    pty.assert_restored();
}

#[test]
fn shrinking_to_one_cell_and_back_does_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    pty.resize(30, 8);
    pty.wait_for("Make the window larger");
    pty.resize(1, 1);
    // Give it input while tiny: keys still work and nothing breaks.
    pty.send("\r");
    pty.resize(80, 24);
    pty.wait_for("This guide asks a few questions.");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.drain();
    pty.assert_restored();
}

#[test]
fn without_a_terminal_it_falls_back_to_plain_mode() {
    let dir = tempfile::tempdir().unwrap();
    // Colour left to the program's own judgement: a pipe is not a terminal.
    let out = guidepost(&[&fixture()]).state(dir.path()).env_remove("NO_COLOR").run();
    let (stdout, err) = (&out.stdout, &out.stderr);
    assert!(stdout.contains("Press Enter"), "plain mode asks in lines: {stdout}");
    assert!(!stdout.contains('\x1b'), "no escape sequence goes to a pipe");
    assert_eq!(out.code, 1, "input ended before the end: {err}");
    assert!(err.contains("Input ended"), "{err}");
}

#[test]
fn a_window_taken_over_says_so_at_once_and_a_separate_walk_saves_to_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    first.wait_for("Press Enter to begin");
    first.send("\r");
    first.wait_for("This guide asks a few questions.");

    // A second window on the same session starts a separate walk, saved on its own.
    let mut separate = Pty::spawn(&[&fixture()], dir.path(), 100, 24);
    separate.wait_for("Type r, s or t.");
    separate.send("s\r");
    separate.wait_for("A separate walk");
    separate.send("\r");
    separate.wait_for("This guide asks a few questions.");
    separate.send("\r");
    separate.wait_for("> 1. Getting to work");
    separate.send("\r");
    separate.wait_for("How much can you spend?");
    separate.send("\x03");
    assert_eq!(separate.wait_exit(), 130, "{}", separate.screen());
    separate.drain();
    assert!(separate.screen().contains("Your answers are saved on their own in"), "{}", separate.screen());
    let sessions = dir.path().join(".state/sessions");
    let own: Vec<String> = std::fs::read_dir(&sessions)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".separate-") && Path::new(n).extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    let saved = std::fs::read_to_string(sessions.join(&own[0])).unwrap();
    assert!(saved.contains("\"use\""), "the separate walk's answer is saved: {saved}");
    let listed = guidepost(&["sessions"]).state(&dir.path().join(".state")).run();
    assert!(listed.stdout.contains("a separate walk, saved on its own in"), "{}", listed.all());

    // A third window takes the session over; the first says so without waiting for a key.
    let mut taker = Pty::spawn(&[&fixture()], dir.path(), 100, 24);
    taker.wait_for("Type r, s or t.");
    taker.send("t\r");
    first.wait_for("Another window took over: your answers here are no longer saved.");
    // The lock went with the session: a fourth window is told it is open in the taker's.
    taker.wait_for("Choosing a bike › Start");
    let mut fourth = Pty::spawn(&[&fixture()], dir.path(), 100, 24);
    fourth.wait_for("Type r, s or t.");
    fourth.send("\x03");
    fourth.wait_exit();
    taker.send("q");
    taker.wait_exit();
    first.send("q");
    first.wait_exit();
    first.drain();
    assert!(first.screen().contains("your answers stopped being saved as you went"), "{}", first.screen());
}

fn long_pages() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/long-pages.toml").to_string_lossy().into_owned()
}

const DARK_ACCENT: vt100::Color = vt100::Color::Idx(80);
const LIGHT_ACCENT: vt100::Color = vt100::Color::Idx(24);

#[test]
fn a_terminal_that_reports_a_light_background_gets_the_light_look() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty =
        Pty::spawn_answering(&[&fixture()], dir.path(), 80, 24, Answers::Background("rgb:ffff/ffff/ffff"), &[]);
    pty.wait_for("Press Enter to begin");
    pty.wait_for_colour("Enter", LIGHT_ACCENT);
    pty.send("\r");
    pty.wait_for("This guide asks a few questions.");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_terminal_that_cannot_report_its_background_keeps_the_guess_and_loses_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_answering(&[&fixture()], dir.path(), 80, 24, Answers::Attributes, &[]);
    pty.wait_for("Press Enter to begin");
    pty.send("\r");
    pty.wait_for("This guide asks a few questions.");
    assert_eq!(pty.colour_of("Enter"), Some(DARK_ACCENT), "dark is the guess without COLORFGBG");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);

    // COLORFGBG names a light background.
    let mut pty =
        Pty::spawn_answering(&[&fixture()], dir.path(), 80, 24, Answers::Attributes, &[("COLORFGBG", "0;15")]);
    pty.wait_for("Press Enter to begin");
    assert_eq!(pty.colour_of("Enter"), Some(LIGHT_ACCENT));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_silent_terminal_gets_its_first_frame_at_once_and_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_answering(&[&fixture()], dir.path(), 80, 24, Answers::Silent, &[]);
    pty.wait_for("Press Enter to begin");
    // Keys typed straight away are not taken for the terminal's answer.
    pty.send("\r\r");
    pty.wait_for("> 1. Getting to work");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.drain();
    pty.assert_restored();
}

#[test]
fn a_paste_fills_the_box_and_answers_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    pty.send("\r\r1");
    pty.wait_for("How much can you spend?");
    pty.send("800\r");
    pty.wait_for("What name should the shop use?");
    pty.send("\x1b[200~Molina Healthcare\r3\r2\x1b[201~");
    // The box holds 20 characters; the line breaks became spaces.
    pty.wait_for("│ Molina Healthcare 3 ");
    assert!(pty.screen().contains("What name should the shop use?"), "the paste answered nothing:\n{}", pty.screen());
    // A long paste is cut at the box's limit, at once.
    pty.send("\x15\x1b[200~");
    pty.send(&"x".repeat(100_000));
    pty.send("\x1b[201~");
    pty.wait_for("The paste was cut to fit: at most 20 characters here.");
    pty.send("\x03");
    assert_eq!(pty.wait_exit(), 130, "Ctrl-C exits as interrupted");
    pty.drain();
    pty.assert_restored();
}

#[test]
fn enter_shows_the_rest_of_a_long_page_before_moving_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&long_pages()], dir.path(), 50, 15);
    pty.wait_for("Long pages");
    while !pty.screen().contains("› Read this first") {
        let before = pty.screen();
        pty.send("\r");
        pty.wait_until("the start screen to move", |s| s != before);
    }
    pty.wait_for("Enter read on");
    let mut presses = 0;
    while !pty.screen().contains("The key sentence is here at the end.") {
        let before = pty.screen();
        pty.send("\r");
        pty.wait_until("the page to scroll", |s| s != before);
        assert!(pty.screen().contains("› Read this first"), "Enter left the page early:\n{}", pty.screen());
        presses += 1;
        assert!(presses < 10, "{}", pty.screen());
    }
    pty.wait_for("Enter continue");
    pty.send("\r");
    pty.wait_for("How many infusions have you had?");
    pty.send("\x03");
    assert_eq!(pty.wait_exit(), 130, "Ctrl-C exits as interrupted");
}

#[test]
fn the_exit_line_says_where_the_answers_are_and_whether_the_checklist_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 100, 30);
    pty.wait_for("Press Enter to begin");
    pty.send("\r\r1");
    pty.wait_for("How much can you spend?");
    pty.send("800\r");
    pty.wait_for("What name should the shop use?");
    pty.send("\r");
    pty.wait_for("Bike types");
    pty.send("\r");
    pty.wait_for("Checklist ready");
    pty.send("s");
    pty.wait_for("./every-kind-checklist.md");
    pty.send("\r");
    pty.wait_for("Saved to");
    // A change after saving: the exit line must not claim the file is up to date.
    pty.send(" q");
    pty.wait_for("Quit?");
    pty.send("y");
    assert_eq!(pty.wait_exit(), 0);
    pty.drain();
    pty.assert_restored();
    let screen = pty.screen().replace('\n', "");
    assert!(screen.contains("Your answers are saved in"), "{screen}");
    assert!(screen.contains("--resume"), "{screen}");
    assert!(screen.contains("changed after the checklist was saved"), "{screen}");
    assert!(!screen.contains("Checklist saved to"), "{screen}");

    // Resumed, the walk remembers the file; saving again updates it, and quitting says so.
    let mut pty = Pty::spawn(&[&fixture(), "--resume"], dir.path(), 100, 30);
    pty.wait_for("Checklist ready");
    pty.send("s");
    pty.wait_for("every-kind-checklist.md");
    pty.send("\r");
    pty.wait_for("Saved to");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.drain();
    let screen = pty.screen().replace('\n', "");
    assert!(screen.contains("Checklist saved to"), "{screen}");
    assert!(!dir.path().join("every-kind-checklist-2.md").exists(), "no second copy");
}

#[test]
fn shift_tab_goes_back_from_inside_a_box() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[&fixture()], dir.path(), 80, 24);
    pty.wait_for("Press Enter to begin");
    pty.send("\r\r1");
    pty.wait_for("How much can you spend?");
    pty.send("80");
    pty.send("\x1b[Z");
    pty.wait_for("> 1. Getting to work");
    pty.send("\x03");
    assert_eq!(pty.wait_exit(), 130, "Ctrl-C exits as interrupted");
    pty.drain();
    pty.assert_restored();
}

#[test]
fn watch_opens_a_broken_guide_shows_its_problems_and_loads_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture()).unwrap();
    let guide = dir.path().join("g.toml");
    std::fs::write(&guide, good.replacen("next = \"budget\"", "next = \"budgte\"", 1)).unwrap();
    let mut pty = Pty::spawn(&["--watch", "g.toml"], dir.path(), 80, 24);
    pty.wait_for("Problems in the guide");
    pty.wait_for("did you mean \"budget\"?");
    // Saving the fix loads the guide in place of the problems.
    std::fs::write(&guide, &good).unwrap();
    pty.wait_for("The guide changed and was reloaded");
    pty.wait_until("the problems to go", |s| !s.contains("Problems in the guide"));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.assert_restored();
}

#[test]
fn watch_runs_a_guide_whose_only_mistake_is_in_a_scenario_and_warns_about_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap()
        + "\n[[tests]]\nname = \"Wrong path\"\nanswers = {}\npath = [\"nowhere\"]\n";
    std::fs::write(dir.path().join("g.toml"), text).unwrap();
    let mut pty = Pty::spawn(&["--watch", "g.toml"], dir.path(), 80, 24);
    pty.wait_for("some [[tests]] scenarios have mistakes");
    pty.wait_for("warning[E");
    pty.send("\x1b");
    pty.wait_until("the guide under the warnings", |s| !s.contains("Problems in the guide"));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}
