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
    /// For a separate walk on a session open in another window: the file it is saved in
    /// instead of the guide's session file.
    separate: Option<std::path::PathBuf>,
}

/// What a walk saving to a separate file is told, and what it stops with when taken over.
pub const TAKEN_OVER: &str = "another window took over this session, so your answers here are no longer saved; save your checklist with s to keep them";

/// Which file is at a path: each save makes a new file (see [`crate::write`]), so another
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
        Autosave { store, checklist: None, last: None, written: None, lock: None, separate: None }
    }

    /// Autosaving a separate walk of a guide whose session is open in another window: saved in
    /// a file of its own beside the session (`<id>.separate-<time>-<process>.json`), which is
    /// returned so the person can be told where their answers are.
    pub fn separate(store: Store, guide: &Guide) -> (Autosave, std::path::PathBuf) {
        let name = format!("{}.separate-{}-{}.json", guide.meta.id, Timestamp::now().0, std::process::id());
        let path = store.dir().join(name);
        (Autosave { separate: Some(path.clone()), ..Autosave::new(store) }, path)
    }

    /// The file this walk is saved in: the guide's session file, or a separate walk's own.
    pub fn file(&self, guide_id: &str) -> Option<std::path::PathBuf> {
        match &self.separate {
            Some(p) => Some(p.clone()),
            None => self.store.path_for(guide_id).ok(),
        }
    }

    /// Whether this is a separate walk, saved in a file of its own that `--resume` does not open.
    pub fn is_separate(&self) -> bool {
        self.separate.is_some()
    }

    /// Whether another window took the session over, so this one must stop saving it.
    pub fn taken_over(&self) -> bool {
        self.lock.as_ref().is_some_and(|l| l.taken_over())
    }

    /// Autosaving a resumed session: remembers where its checklist was saved.
    pub fn resuming(store: Store, resumed: &Resumed) -> Autosave {
        Autosave { store, checklist: resumed.checklist.clone(), last: None, written: None, lock: None, separate: None }
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
        if self.taken_over() {
            return Err(TAKEN_OVER.to_string());
        }
        let target = match &self.separate {
            Some(p) => Ok(p.clone()),
            None => self.store.path_for(&guide.meta.id),
        };
        if let (Some(before), Ok(path)) = (self.written, &target)
            && stamp(path).is_some_and(|now| now != before)
        {
            return Err("your answers were not saved: another window saved this guide's session since; \
                        save your checklist to keep these answers"
                .to_string());
        }
        let written = match &self.separate {
            Some(p) => self.store.write_to(p, &record),
            None => self.store.write(&record),
        };
        let path = written.map_err(|e| format!("your answers were not saved: {e}"))?;
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
