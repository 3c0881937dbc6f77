//! Termination signals caught while the interface starts: whether the thread that acts on them
//! has started yet or not, a signal is never lost. The watch is global to the process and the
//! signals are raised in it, so the check runs in a process of its own: this test binary started
//! again with only this test.
#![allow(clippy::unwrap_used, missing_docs)]

use std::process::Command;
use std::time::{Duration, Instant};

use guidepost::tui::terminal;
use signal_hook::consts::signal::{SIGHUP, SIGTERM};

fn wait_for_signal(expected: i32) {
    let start = Instant::now();
    while terminal::pending_signal() != Some(expected) {
        assert!(start.elapsed() < Duration::from_secs(5), "the signal was not noticed");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Set in the process started to run the check alone.
const ALONE: &str = "GUIDEPOST_TEST_SIGNALS_ALONE";

#[test]
fn a_signal_is_noticed_before_and_after_the_watch_thread_starts() {
    if std::env::var_os(ALONE).is_some() {
        return noticed_before_and_after_the_watch_thread_starts();
    }
    let name = "signals::a_signal_is_noticed_before_and_after_the_watch_thread_starts";
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--test-threads=1"])
        .env(ALONE, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("test result: ok. 1 passed"), "the check ran alone: {stdout}");
}

fn noticed_before_and_after_the_watch_thread_starts() {
    // Caught from the start, noticed by polling while no thread runs (the first frame is drawn
    // before the thread starts).
    let mut watch = terminal::watch_signals().unwrap();
    assert_eq!(terminal::pending_signal(), None);
    signal_hook::low_level::raise(SIGTERM).unwrap();
    watch.poll();
    assert_eq!(terminal::pending_signal(), Some(SIGTERM));
    drop(watch);

    // Caught before the thread starts, handled by it once it does. The loop is told it has
    // finished, so the thread does not end the process for it.
    let mut watch = terminal::watch_signals().unwrap();
    signal_hook::low_level::raise(SIGHUP).unwrap();
    terminal::finished();
    assert_eq!(terminal::pending_signal(), None, "nothing acts on it before the thread starts");
    watch.start();
    wait_for_signal(SIGHUP);
    watch.start();
    drop(watch);
}
