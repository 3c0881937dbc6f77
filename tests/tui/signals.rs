//! Termination signals caught while the interface starts: whether the thread that acts on them
//! has started yet or not, a signal is never lost. (Its own test binary: it raises signals in
//! its own process, and the watch is global.)
#![allow(clippy::unwrap_used, missing_docs)]

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

#[test]
fn a_signal_is_noticed_before_and_after_the_watch_thread_starts() {
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
