//! Saving after every answer, tick and change: the one call a front end makes whenever the
//! session changes.

use std::path::Path;

use super::lock::SessionLock;
use super::record::{Record, SavedChecklist};
use super::time::Timestamp;
use super::{Resumed, Store};
use crate::engine::Session;
use crate::guide::Guide;

/// Keeps a guide's session file up to date as the person goes.
///
/// Call [`Autosave::save`] after every change; it writes only when something a resume would
/// need has changed, and never before the person has done anything (opening a guide and
/// quitting leaves no session behind).
#[derive(Debug, Clone)]
pub struct Autosave {
    store: Store,
    checklist: Option<SavedChecklist>,
    /// The last record written, without its time, to skip writes that change nothing.
    last: Option<String>,
    /// The session file as this window last wrote it, to notice another window writing it.
    written: Option<FileStamp>,
    /// The lock on the session, held as long as this autosave (and its clones) live.
    lock: Option<std::sync::Arc<SessionLock>>,
}

/// Which file is at a path: each save makes a new file (see [`crate::save`]), so another
/// window's save shows as another inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    dev: u64,
    ino: u64,
}

fn stamp(path: &Path) -> Option<FileStamp> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).ok().map(|m| FileStamp { dev: m.dev(), ino: m.ino() })
}

impl Autosave {
    /// Autosaving a new session.
    pub fn new(store: Store) -> Autosave {
        Autosave { store, checklist: None, last: None, written: None, lock: None }
    }

    /// Autosaving a resumed session: remembers where its checklist was saved.
    pub fn resuming(store: Store, resumed: &Resumed) -> Autosave {
        Autosave { store, checklist: resumed.checklist.clone(), last: None, written: None, lock: None }
    }

    /// Keeps the session's lock for as long as this autosave lives.
    #[must_use]
    pub fn with_lock(mut self, lock: Option<SessionLock>) -> Autosave {
        self.lock = lock.map(std::sync::Arc::new);
        self
    }

    /// The store written to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where the checklist was last saved, if it was.
    pub fn checklist(&self) -> Option<&SavedChecklist> {
        self.checklist.as_ref()
    }

    /// Saves the session if it changed. The error is one line for a person, naming the file.
    pub fn save(&mut self, guide: &Guide, session: &Session) -> Result<(), String> {
        let record = Record::of(guide, session, self.checklist.as_ref(), Timestamp::now());
        if !record.has_progress() && self.last.is_none() {
            return Ok(());
        }
        let fingerprint = Record { saved_at: Timestamp(0), ..record.clone() }.to_json();
        if self.last.as_deref() == Some(fingerprint.as_str()) {
            return Ok(());
        }
        if let (Some(before), Ok(path)) = (self.written, self.store.path_for(&guide.meta.id))
            && stamp(&path).is_some_and(|now| now != before)
        {
            return Err("your answers were not saved: another window saved this guide's session since; \
                        save your checklist to keep these answers"
                .to_string());
        }
        let path = self.store.write(&record).map_err(|e| format!("your answers were not saved: {e}"))?;
        self.written = stamp(&path);
        self.last = Some(fingerprint);
        Ok(())
    }

    /// Records that the checklist was written to `path`, and saves.
    pub fn checklist_saved(&mut self, guide: &Guide, session: &Session, path: &Path) -> Result<(), String> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let fingerprint = Some(crate::export::fingerprint(guide, session));
        self.checklist = Some(SavedChecklist { path, at: Timestamp::now(), fingerprint });
        self.save(guide, session)
    }
}
