//! Taking over the terminal and always giving it back.
//!
//! The rules, each learned the hard way:
//! - Check that stdin and stdout are terminals before touching anything; otherwise the restore
//!   sequences would end up in a redirected file.
//! - [`restore`] never panics and ignores write errors: the terminal may already be gone, and a
//!   panic inside the panic hook would abort. It runs at most once per [`enter`].
//! - A panic hook restores the terminal before the message is printed, so the message is
//!   readable and the shell is usable.
//! - Termination signals (SIGTERM, SIGHUP, SIGINT, SIGQUIT) are caught from the moment the
//!   terminal is taken, and acted on by a small thread started once the first screen is drawn.
//!   It tells the loop, which saves the session through the hooks, restores and returns; if the
//!   loop has not finished within 150 ms (for example because the terminal is gone and
//!   waiting for input spins), the thread restores the terminal itself and exits the process.
//!   The session was handed to the hooks after every change anyway, so nothing is lost.
//! - Ctrl-Z is a key in raw mode: [`suspend`] restores the terminal and stops the process as the
//!   shell expects; when the shell resumes it, [`enter`] takes the terminal back.

use std::io::{IsTerminal, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{execute, queue};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

/// The terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// The termination signal received, 0 for none.
static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// The loop has finished its own shutdown after a signal.
static FINISHED: AtomicBool = AtomicBool::new(false);
/// The person asked for the mouse (`--mouse`); [`enter`] turns it on each time.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Whether [`enter`] reports the mouse: off by default, so a terminal's own selection (to copy
/// text) keeps working.
pub fn use_mouse(on: bool) {
    MOUSE.store(on, Ordering::SeqCst);
}

/// Whether both stdin and stdout are terminals, so the interactive interface can run.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Raw mode, the alternate screen and bracketed paste (so a pasted line break is text, never
/// Enter). On failure, whatever was changed is put back.
pub fn enter() -> std::io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    if let Err(e) = execute!(std::io::stdout(), EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    if MOUSE.load(Ordering::SeqCst)
        && let Err(e) = execute!(std::io::stdout(), EnableMouseCapture)
    {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Leaves the alternate screen, shows the cursor and turns raw mode off. Safe to call any number
/// of times, from any thread, with or without a terminal: it never panics.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let mut out = std::io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = queue!(out, DisableMouseCapture);
    }
    let _ = queue!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = out.flush();
}

/// Installs (once) a panic hook that restores the terminal, then runs the previous hook, so the
/// panic message lands on a normal screen.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Stops the process the way the shell expects for Ctrl-Z, with the terminal restored first.
/// Returns when the shell resumes it (`fg`); the caller then calls [`enter`] and redraws.
pub fn suspend() {
    restore();
    let _ = signal_hook::low_level::raise(SIGTSTP);
}

/// The termination signal received so far, if any.
pub fn pending_signal() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// Tells the signal thread that the loop has saved and restored on its own.
pub fn finished() {
    FINISHED.store(true, Ordering::SeqCst);
}

/// The watch for termination signals; dropping it stops watching.
///
/// Signals are caught from [`watch_signals`] on; the thread that acts on them starts with
/// [`SignalWatch::start`], which can wait until the first screen is drawn (a signal that arrives
/// in between is handled as soon as it starts).
pub struct SignalWatch {
    handle: signal_hook::iterator::Handle,
    signals: Option<signal_hook::iterator::Signals>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SignalWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignalWatch").finish_non_exhaustive()
    }
}

/// Catches SIGTERM, SIGHUP, SIGINT and SIGQUIT from now on (see the module documentation).
pub fn watch_signals() -> std::io::Result<SignalWatch> {
    SIGNAL.store(0, Ordering::SeqCst);
    FINISHED.store(false, Ordering::SeqCst);
    let signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    Ok(SignalWatch { handle: signals.handle(), signals: Some(signals), thread: None })
}

impl SignalWatch {
    /// Starts the thread that acts on the signals caught; does nothing after the first call.
    /// Should the thread fail to start, the signals stay here for [`SignalWatch::poll`], so the
    /// loop still notices them (only without the rescue for a loop that does not finish).
    pub fn start(&mut self) {
        if self.thread.is_some() || self.signals.is_none() {
            return;
        }
        // The signals are handed over once the thread runs, so a failed start keeps them here.
        let (tx, rx) = std::sync::mpsc::channel::<signal_hook::iterator::Signals>();
        let spawned = std::thread::Builder::new().name("guidepost-signals".to_string()).spawn(move || {
            let Ok(mut signals) = rx.recv() else { return };
            if let Some(sig) = signals.forever().next() {
                SIGNAL.store(sig, Ordering::SeqCst);
                // Give the loop a moment to save and restore by itself, short enough that the
                // program is gone within 200 ms whatever it was doing (loading, re-reading).
                for _ in 0..6 {
                    if FINISHED.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                restore();
                std::process::exit(128 + sig);
            }
        });
        if let Ok(thread) = spawned
            && let Some(signals) = self.signals.take()
        {
            // Sending fails only if the thread is gone already; it then has nothing to watch.
            let _ = tx.send(signals);
            self.thread = Some(thread);
        }
    }

    /// Notes a signal caught while no thread watches (before [`SignalWatch::start`], or when it
    /// failed), for [`pending_signal`].
    pub fn poll(&mut self) {
        if let Some(sig) = self.signals.as_mut().and_then(|s| s.pending().next()) {
            SIGNAL.store(sig, Ordering::SeqCst);
        }
    }
}

impl Drop for SignalWatch {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
