//! Time to the first screen, end to end, next to `dialog`; and the peak memory of the real
//! interface. Run with `cargo bench --bench first_screen`.
//!
//! Each run spawns a program in a pseudo-terminal (80x24) and times from the spawn until the
//! default guide's title is on the screen: `guidepost --fresh` (sessions kept in a temporary
//! folder, so nothing is offered to resume), and `dialog --menu "<the title>" 20 70 5 1 a 2 b`
//! showing the same title. The two alternate, 40 runs each, so a busy machine slows both alike;
//! the median, the 90th percentile and their ratios are printed.
//!
//! guidepost draws its start screen from the `[guide]` table before it has checked the whole
//! guide, and fills in the question count once it has: the time until that count is on screen
//! (the guide loaded and ready for keys) is printed too.
//!
//! Then the interface is walked a few screens, search is opened and typed into, and the peak
//! resident memory (`VmHWM` from `/proc/<pid>/status`) is printed.
#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 40;
const TIMEOUT: Duration = Duration::from_secs(15);
const COLS: u16 = 80;
const ROWS: u16 = 24;

struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(program: &str, args: &[&str], state: &Path) -> Pty {
        let pair =
            native_pty_system().openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(state);
        cmd.env("TERM", "xterm-256color");
        cmd.env("GUIDEPOST_STATE_DIR", state.join(".state"));
        cmd.env("GUIDEPOST_HYPERLINKS", "0");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(ROWS).unwrap(),
            std::num::NonZeroU16::new(COLS).unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let p = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => p.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty { parser, writer, child, _master: pair.master }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits (polling every 100 µs) until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {text:?}; the screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_micros(100));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Milliseconds from spawning `program` until `title` is on the screen, and then until `ready`
/// is, when given.
fn time_once(program: &str, args: &[&str], title: &str, ready: Option<&str>) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let pty = Pty::spawn(program, args, dir.path());
    pty.wait_for(title);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let ready_ms = ready.map_or(ms, |text| {
        pty.wait_for(text);
        start.elapsed().as_secs_f64() * 1000.0
    });
    pty.stop();
    (ms, ready_ms)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn summary(name: &str, mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let (median, p90) = (percentile(&times, 0.5), percentile(&times, 0.9));
    println!(
        "{name:<10} median {median:>6.2} ms | p90 {p90:>6.2} ms | min {:>6.2} ms | max {:>6.2} ms (n = {})",
        times[0],
        times[times.len() - 1],
        times.len()
    );
    (median, p90)
}

fn dialog_path() -> Option<String> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|d| d.join("dialog")).find(|p| p.is_file()).map(|p| p.display().to_string())
    })
}

/// `VmHWM` (peak resident set) of a process, in KiB.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn peak_memory(bin: &str, title: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(bin, &["--fresh"], dir.path());
    pty.wait_for(title);
    // Into the guide, a few questions in, then search.
    pty.send("\r");
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        pty.send("1");
        std::thread::sleep(Duration::from_millis(200));
    }
    pty.send("/");
    std::thread::sleep(Duration::from_millis(200));
    for c in "prior auth".chars() {
        pty.send(&c.to_string());
        std::thread::sleep(Duration::from_millis(30));
    }
    std::thread::sleep(Duration::from_millis(300));
    let pid = pty.child.process_id();
    match pid.and_then(peak_kib) {
        Some(kib) => println!(
            "peak memory of the interface (VmHWM after walking 4 screens and searching): {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("peak memory: /proc/<pid>/status is not readable here"),
    }
    pty.stop();
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_guidepost");
    let b = guidepost::builtin::default_guide();
    let guide = guidepost::guide::load_str(b.file, b.text, guidepost::guide::CheckOptions::default()).guide.unwrap();
    let title = guide.meta.title.clone();
    // `cargo test --benches` runs bench targets too: one run of each is enough there.
    let runs = if std::env::args().any(|a| a == "--test") { 1 } else { RUNS };
    let dialog = dialog_path();
    if dialog.is_none() {
        println!("dialog is not installed (apt-get install dialog): measuring guidepost alone");
    }
    let menu = ["--menu", title.as_str(), "20", "70", "5", "1", "a", "2", "b"];
    let ready = Some("About ");
    // One unmeasured run of each warms the file cache.
    time_once(bin, &["--fresh"], &title, ready);
    if let Some(d) = &dialog {
        time_once(d, &menu, &title, None);
    }
    let (mut ours, mut ours_ready, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (title_ms, ready_ms) = time_once(bin, &["--fresh"], &title, ready);
        ours.push(title_ms);
        ours_ready.push(ready_ms);
        if let Some(d) = &dialog {
            theirs.push(time_once(d, &menu, &title, None).0);
        }
    }
    println!("time from spawn to the title on screen, {COLS}x{ROWS} pseudo-terminal:");
    let (m, p) = summary("guidepost", ours);
    if dialog.is_some() {
        let (dm, dp) = summary("dialog", theirs);
        println!("guidepost / dialog: median {:.2}x, p90 {:.2}x", m / dm, p / dp);
    }
    println!("time from spawn until the guide is loaded (its question count on screen):");
    summary("guidepost", ours_ready);
    peak_memory(bin, &title);
}
