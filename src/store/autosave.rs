//! Saving after every answer, tick and change: the one call a front end makes whenever the
//! session changes.

use std::path::Path;

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
}

impl Autosave {
    /// Autosaving a new session.
    pub fn new(store: Store) -> Autosave {
        Autosave { store, checklist: None, last: None }
    }

    /// Autosaving a resumed session: remembers where its checklist was saved.
    pub fn resuming(store: Store, resumed: &Resumed) -> Autosave {
        Autosave { store, checklist: resumed.checklist.clone(), last: None }
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
        self.store.write(&record).map_err(|e| format!("your answers were not saved: {e}"))?;
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
