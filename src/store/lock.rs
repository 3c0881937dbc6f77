//! One window per saved session: an advisory lock held while a session is open.
//!
//! Two windows on the same guide used to save over each other, the last write winning, while
//! both said "Your answers are saved". Now the first window holds an advisory lock on
//! `<guide-id>.lock` beside the session for as long as it runs. A second window sees at once
//! that the session is open elsewhere and asks what to do (see
//! [`crate::cli::plain_run`]). The lock is the kernel's (`flock`), so it goes with the process
//! that held it: a lock left by a killed process is no lock at all, and the file left behind is
//! simply taken again.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};

use super::{Store, StoreError};
use crate::guide::load::io_reason;

/// A held lock; dropping it (or the process ending in any way) releases it.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
}

impl SessionLock {
    /// Whether another window has taken the session over ([`Store::take_over`]): the lock file
    /// then names that window's process instead of this one.
    pub fn taken_over(&self) -> bool {
        let mut text = String::new();
        let mut file = &self.file;
        if file.rewind().is_err() || file.take(32).read_to_string(&mut text).is_err() {
            return false;
        }
        // A file caught half-written reads as nothing: not taken over, asked again next time.
        text.trim().parse::<u32>().is_ok_and(|pid| pid != std::process::id())
    }
}

/// Why the lock was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockError {
    /// Another running guidepost holds it; its process id, when it wrote one.
    Held {
        /// The process that holds it.
        pid: Option<u32>,
    },
    /// The lock file could not be made (a read-only folder, say): run without a lock.
    Io(StoreError),
}

impl Store {
    /// Takes the lock on a guide's session, creating the folder and the lock file if needed.
    pub fn lock(&self, id: &str) -> Result<SessionLock, LockError> {
        let session = self.path_for(id).map_err(LockError::Io)?;
        let path = session.with_file_name(format!("{id}.lock"));
        self.ensure_dir().map_err(LockError::Io)?;
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
        }
        let io = |e: std::io::Error| {
            LockError::Io(StoreError::Io { action: "lock", path: path.clone(), reason: io_reason(&e) })
        };
        let mut file = opts.open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {
                // Who holds it, for the other window's message; the lock works without it.
                let _ = file.set_len(0);
                let _ = writeln!(file, "{}", std::process::id());
                Ok(SessionLock { file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.rewind();
                let _ = file.take(32).read_to_string(&mut text);
                Err(LockError::Held { pid: text.trim().parse().ok() })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

/// How long a window that took a session over waits for the other window to let go of the lock.
const TAKE_OVER_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

impl Store {
    /// Takes over a session another window holds: its lock file is made to name this process,
    /// which that window notices at once ([`SessionLock::taken_over`]), stops saving and lets go
    /// of the lock. The lock then passes to this window, so a third window is told that the
    /// session is open here. `None` when the other window has not let go in time; this window
    /// saves all the same, as the other no longer does.
    pub fn take_over(&self, id: &str) -> Result<Option<SessionLock>, StoreError> {
        self.name_in_lock(id)?;
        Ok(self.wait_for_lock(id, TAKE_OVER_WAIT))
    }

    /// Tries the lock until it is free or `wait` has passed.
    fn wait_for_lock(&self, id: &str, wait: std::time::Duration) -> Option<SessionLock> {
        let until = std::time::Instant::now() + wait;
        loop {
            match self.lock(id) {
                Ok(lock) => return Some(lock),
                Err(LockError::Held { .. }) if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(_) => return None,
            }
        }
    }

    /// Writes this process's id into a session's lock file, held or not.
    fn name_in_lock(&self, id: &str) -> Result<(), StoreError> {
        let session = self.path_for(id)?;
        let path = session.with_file_name(format!("{id}.lock"));
        let mut opts = OpenOptions::new();
        opts.write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
        }
        let io = |e: std::io::Error| StoreError::Io { action: "take over", path: path.clone(), reason: io_reason(&e) };
        let mut file = opts.open(&path).map_err(io)?;
        file.set_len(0).map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_session_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions"));
        let first = store.lock("trip").unwrap();
        assert_eq!(store.lock("trip").unwrap_err(), LockError::Held { pid: Some(std::process::id()) });
        assert!(store.lock("other").is_ok(), "another guide is not affected");
        drop(first);
        assert!(store.lock("trip").is_ok(), "a released lock is taken again");
    }

    #[test]
    fn the_holder_sees_a_take_over_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions"));
        let held = store.lock("trip").unwrap();
        assert!(!held.taken_over());
        // Another process writes its id into the lock file.
        std::fs::write(dir.path().join("sessions/trip.lock"), format!("{}\n", std::process::id() + 1)).unwrap();
        assert!(held.taken_over());
    }

    #[test]
    fn the_lock_passes_to_the_window_that_took_over_once_the_other_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions"));
        let held = store.lock("trip").unwrap();
        std::fs::write(dir.path().join("sessions/trip.lock"), format!("{}\n", std::process::id() + 1)).unwrap();
        let other = std::thread::spawn(move || {
            // The other window notices on its next tick, stops saving and drops its lock.
            while !held.taken_over() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            drop(held);
        });
        let lock = store.wait_for_lock("trip", std::time::Duration::from_secs(10));
        other.join().unwrap();
        assert!(lock.is_some(), "the lock came to this window");
        assert!(matches!(store.lock("trip"), Err(LockError::Held { .. })), "a third window finds it held");
    }

    #[test]
    fn a_lock_that_is_never_let_go_is_not_waited_for_forever() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sessions"));
        let _held = store.lock("trip").unwrap();
        assert!(store.wait_for_lock("trip", std::time::Duration::from_millis(50)).is_none());
    }
}
