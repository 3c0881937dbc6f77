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
    _file: File,
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
                Ok(SessionLock { _file: file })
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
}
