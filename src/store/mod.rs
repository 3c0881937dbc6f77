//! Saved sessions: every answer is written to disk the moment it is given, so closing the
//! terminal, a crash or a killed process loses at most the question on screen.
//!
//! One file per guide, named by the guide's id, in the platform's state folder:
//! `$XDG_STATE_HOME/guidepost/sessions/<guide-id>.json` on Linux (`~/.local/state/...` when
//! `XDG_STATE_HOME` is not set), the local data folder elsewhere, or
//! `$GUIDEPOST_STATE_DIR/sessions/` when that variable is set (tests, portable installs).
//!
//! Reading a session replays its answers over the guide as it is now
//! ([`crate::engine::replay`]): questions that changed or disappeared are flagged and asked
//! again. A file that cannot be used (cut short, damaged, from a newer guidepost, for another
//! guide) is renamed aside, never deleted, and the person starts fresh.

pub mod autosave;
pub mod lock;
pub mod record;
pub mod resume;
pub mod time;

use std::fmt;
use std::path::{Path, PathBuf};

pub use autosave::Autosave;
pub use record::{Problem, Record, SESSION_FORMAT, SavedChecklist};
pub use time::Timestamp;

use crate::engine::Session;
use crate::engine::replay::{Flag, replay};
use crate::guide::Guide;
use crate::guide::load::io_reason;
use crate::read::{Allow, ReadError, read_bounded};
use crate::write::{Access, shown, write_atomic_as};

/// No session comes near this size; a larger file is not read into memory.
const MAX_SESSION_BYTES: u64 = 16 * 1024 * 1024;

/// The environment variable that moves the state folder.
pub const STATE_DIR_VAR: &str = "GUIDEPOST_STATE_DIR";

/// Why the store could not do what was asked. Each says what happened and what happens next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No folder for saved sessions could be found (no home folder).
    NoStateDir,
    /// A guide id that cannot name a file.
    BadId(String),
    /// Reading, writing or removing a file failed.
    Io {
        /// "read", "write" or "delete".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why, for a person.
        reason: String,
    },
    /// A session file could not be used; it was renamed aside so nothing is lost.
    Unusable {
        /// The session file as it was named.
        path: PathBuf,
        /// What is wrong with it.
        problem: Problem,
        /// Where it is now.
        set_aside: PathBuf,
    },
    /// `delete` was asked for a session that does not exist.
    NotFound {
        /// The id asked for.
        id: String,
        /// A saved session with a close id.
        suggestion: Option<String>,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NoStateDir => write!(
                f,
                "cannot find a folder to keep saved sessions in (no home folder); set {STATE_DIR_VAR} to a folder"
            ),
            StoreError::BadId(id) => {
                write!(f, "\"{}\" is not a guide id (ids use a-z, 0-9 and -)", crate::guide::text::sanitize_line(id))
            }
            StoreError::Io { action, path, reason } => write!(f, "cannot {action} {}: {reason}", shown(path)),
            StoreError::Unusable { path, problem, set_aside } => write!(
                f,
                "the saved session {} cannot be used: {}. It was kept as {}",
                shown(path),
                problem.describe(),
                shown(set_aside)
            ),
            StoreError::NotFound { id, suggestion } => {
                write!(f, "there is no saved session for \"{}\"", crate::guide::text::sanitize_line(id))?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean \"{s}\"?)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for StoreError {}

/// A saved session brought back over the guide as it is now.
#[derive(Debug, Clone)]
pub struct Resumed {
    /// The walk, standing where the person left off, or at the first question to answer again.
    pub session: Session,
    /// Answers that did not replay as they were (the guide changed).
    pub flags: Vec<Flag>,
    /// When the session was last saved.
    pub saved_at: Timestamp,
    /// How many answers were saved.
    pub answers: usize,
    /// Whether the person had reached the end.
    pub finished: bool,
    /// Whether the guide's text changed since (even if every answer still fits).
    pub guide_changed: bool,
    /// Where the checklist was saved, if it was.
    pub checklist: Option<SavedChecklist>,
}

impl Resumed {
    /// "a saved session from 2026-11-27 14:03 UTC with 5 answers".
    pub fn describe(&self) -> String {
        let answers = match self.answers {
            1 => "1 answer".to_string(),
            n => format!("{n} answers"),
        };
        let done = if self.finished { ", finished" } else { "" };
        format!("a saved session from {} with {answers}{done}", self.saved_at.short())
    }

    /// What to ask before going on, and the answer Enter gives. A finished walk over a guide
    /// that has since gained or changed a question goes on to that question, not to the old
    /// checklist: the checklist it would show is out of date.
    pub fn rerun_question(&self, guide: &Guide) -> (String, bool) {
        let when = self.saved_at.short();
        if !self.finished {
            return (format!("You have {}. Resume?", self.describe()), true);
        }
        if !self.session.is_finished(guide) {
            let node = guide.node(self.session.current());
            return (
                format!(
                    "You finished this guide on {when}, but it has changed since and asks “{}” now. Go on from there \
                     with your other answers kept?",
                    node.title
                ),
                true,
            );
        }
        if self.guide_changed {
            return (
                format!(
                    "You finished this guide on {when}; it has changed since, and your answers still fit. Show the \
                     checklist as the guide gives it now?"
                ),
                true,
            );
        }
        (format!("You finished this guide on {when}. Show that checklist again?"), true)
    }
}

/// One saved session, as `guidepost sessions` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The guide's id (and the file's name).
    pub id: String,
    /// The guide's title when saved, if the file could be read.
    pub title: Option<String>,
    /// How many answers it holds.
    pub answers: usize,
    /// When it was saved.
    pub saved_at: Option<Timestamp>,
    /// Whether the person reached the end.
    pub finished: bool,
    /// Why it cannot be used, if it cannot.
    pub problem: Option<Problem>,
    /// The file.
    pub path: PathBuf,
    /// A separate walk a second window saved on its own, which `--resume` does not open.
    pub separate: bool,
}

/// Makes a folder of guidepost's own owner-only (0700) when it is looser; a failure is left
/// alone, as the sessions in it are owner-only files anyway.
fn tighten(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::symlink_metadata(dir)
            && meta.is_dir()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
    }
}

/// True for ids that can name a file: `[a-z0-9-]+`, as the guide format requires.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// A session file as read: a record, or why it cannot be used.
type Parsed = Result<Record, Problem>;

/// The folder where saved sessions live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
    /// The folder around `dir` when guidepost chose it (its platform state folder), so it is
    /// guidepost's own to keep owner-only; `None` for a folder the person named.
    own_parent: Option<PathBuf>,
}

/// A warning for a state folder the person named (`GUIDEPOST_STATE_DIR`) that other users may
/// write into, such as `/tmp`. guidepost never changes a folder it did not make; saved sessions
/// stay owner-only in the `sessions/` folder it makes inside, but someone else could have made
/// that folder first.
pub fn named_folder_warning() -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = PathBuf::from(std::env::var_os(STATE_DIR_VAR).filter(|v| !v.is_empty())?);
        let mode = std::fs::metadata(&dir).ok()?.permissions().mode();
        if mode & 0o022 == 0 {
            return None;
        }
        Some(format!(
            "warning: {STATE_DIR_VAR} names {}, which other users can write to (mode {:o}); guidepost leaves it as it is and keeps sessions in its sessions folder, readable by you alone. Name a folder only you can write to",
            shown(&dir),
            mode & 0o7777
        ))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

impl Store {
    /// The store in the usual place: `$GUIDEPOST_STATE_DIR/sessions` when that is set, else the
    /// platform's state folder (the local data folder where there is none). Nothing is created
    /// until the first save.
    pub fn open() -> Result<Store, StoreError> {
        if let Some(dir) = std::env::var_os(STATE_DIR_VAR).filter(|v| !v.is_empty()) {
            return Ok(Store::at(PathBuf::from(dir).join("sessions")));
        }
        let dirs = directories::ProjectDirs::from("", "", "guidepost").ok_or(StoreError::NoStateDir)?;
        let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Store { dir: base.join("sessions"), own_parent: Some(base.to_path_buf()) })
    }

    /// A store in this folder.
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into(), own_parent: None }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The session file for a guide id.
    pub fn path_for(&self, id: &str) -> Result<PathBuf, StoreError> {
        if valid_id(id) { Ok(self.dir.join(format!("{id}.json"))) } else { Err(StoreError::BadId(id.to_string())) }
    }

    /// Whether anything is saved for a guide id, usable or not.
    pub fn has_session(&self, id: &str) -> bool {
        self.path_for(id).is_ok_and(|p| p.symlink_metadata().is_ok())
    }

    /// Saves a session now, replacing the previous save atomically. The checklist record says
    /// whether and where the checklist was saved. Returns the file written.
    pub fn save(
        &self,
        guide: &Guide,
        session: &Session,
        checklist: Option<&SavedChecklist>,
    ) -> Result<PathBuf, StoreError> {
        self.write(&Record::of(guide, session, checklist, Timestamp::now()))
    }

    /// Writes a record as its guide's session file.
    pub fn write(&self, record: &Record) -> Result<PathBuf, StoreError> {
        let path = self.path_for(&record.guide.id)?;
        self.write_to(&path, record)
    }

    /// Writes a record to a file of the store's folder (a separate walk's own file).
    pub fn write_to(&self, path: &Path, record: &Record) -> Result<PathBuf, StoreError> {
        let path = path.to_path_buf();
        self.ensure_dir()?;
        write_atomic_as(&path, record.to_json().as_bytes(), Access::Private).map_err(|reason| StoreError::Io {
            action: "write",
            path: path.clone(),
            reason,
        })?;
        Ok(path)
    }

    pub(crate) fn ensure_dir(&self) -> Result<(), StoreError> {
        // guidepost's own state folder (not one the person named) is owner-only too.
        if let Some(parent) = &self.own_parent {
            tighten(parent);
        }
        if self.dir.is_dir() {
            // `sessions/` is guidepost's own folder: one that was made or left looser than
            // owner-only is tightened. The folder around it may be one the person named
            // (`GUIDEPOST_STATE_DIR=/tmp`) and is never changed (see `named_folder_warning`).
            tighten(&self.dir);
            return Ok(());
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&self.dir).map_err(|e| StoreError::Io {
            action: "create the folder",
            path: self.dir.clone(),
            reason: io_reason(&e),
        })
    }

    /// Reads the saved record for a guide id without judging it against a guide.
    fn read(&self, id: &str) -> Result<Option<(PathBuf, Parsed)>, StoreError> {
        let path = self.path_for(id)?;
        Self::read_at(path, id)
    }

    /// A session file of guide `id` at `path` (its own, or a separate walk's).
    fn read_at(path: PathBuf, id: &str) -> Result<Option<(PathBuf, Parsed)>, StoreError> {
        match read_bounded(&path, MAX_SESSION_BYTES, Allow::RegularFile) {
            Ok(bytes) => {
                let parsed = record::parse(&bytes, id);
                Ok(Some((path, parsed)))
            }
            Err(ReadError::TooLarge { .. }) => {
                Ok(Some((path, Err(Problem::Damaged("it is far larger than any session".to_string())))))
            }
            Err(ReadError::NotRegular(kind)) => {
                Ok(Some((path, Err(Problem::Damaged(format!("it is {kind}, not a regular file"))))))
            }
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(ReadError::Io(e)) => Err(StoreError::Io { action: "read", path, reason: io_reason(&e) }),
        }
    }

    /// Loads the saved session for a guide and replays it over the guide as it is now.
    ///
    /// `Ok(None)` when there is none. A file that cannot be used is renamed aside (never
    /// deleted) and reported as [`StoreError::Unusable`]; the caller starts fresh.
    pub fn load(&self, guide: &Guide) -> Result<Option<Resumed>, StoreError> {
        let Some((path, parsed)) = self.read(&guide.meta.id)? else { return Ok(None) };
        let record = match parsed {
            Ok(r) => r,
            Err(problem) => {
                let set_aside = Self::set_aside(&path, problem.suffix())?;
                return Err(StoreError::Unusable { path, problem, set_aside });
            }
        };
        let replayed = replay(guide, &record.answers, &record.fingerprints, &record.path, record.ticked.clone());
        Ok(Some(Resumed {
            session: replayed.session,
            flags: replayed.flags,
            saved_at: record.saved_at,
            answers: record.answers.len(),
            finished: record.finished,
            guide_changed: record.guide.content_hash != guide.content_hash(),
            checklist: record.checklist,
        }))
    }

    /// Renames a file to `<name>.<suffix>-<n>` with the first free `n`, so it is kept.
    fn set_aside(path: &Path, suffix: &str) -> Result<PathBuf, StoreError> {
        let name = path.file_name().map_or_else(|| "session".into(), |n| n.to_string_lossy().into_owned());
        for n in 1..10_000 {
            let target = path.with_file_name(format!("{name}.{suffix}-{n}"));
            if target.exists() {
                continue;
            }
            return match std::fs::rename(path, &target) {
                Ok(()) => Ok(target),
                Err(e) => Err(StoreError::Io { action: "set aside", path: path.to_path_buf(), reason: io_reason(&e) }),
            };
        }
        Err(StoreError::Io {
            action: "set aside",
            path: path.to_path_buf(),
            reason: "too many files were already set aside; clear some out".to_string(),
        })
    }

    /// Before a fresh start over an existing session: keeps the old one as
    /// `<id>.json.previous` (replacing an older one there) so starting fresh never destroys
    /// answers. Returns where it went, or `None` when there was nothing to keep.
    pub fn keep_previous(&self, id: &str) -> Result<Option<PathBuf>, StoreError> {
        let path = self.path_for(id)?;
        if !path.exists() {
            return Ok(None);
        }
        let target = path.with_file_name(format!("{id}.json.previous"));
        std::fs::rename(&path, &target).map_err(|e| StoreError::Io {
            action: "keep",
            path: path.clone(),
            reason: io_reason(&e),
        })?;
        Ok(Some(target))
    }

    /// Every saved session in the folder, sorted by id, each guide's own session before its
    /// separate walks (saved by a second window, see [`Autosave::separate`]). Files that cannot
    /// be used are listed with their problem (and left alone).
    pub fn list(&self) -> Result<Vec<Summary>, StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::Io { action: "read", path: self.dir.clone(), reason: io_reason(&e) }),
        };
        let mut out = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".json") else { continue };
            let (id, separate) = match stem.split_once(".separate-") {
                Some((id, _)) => (id, true),
                None => (stem, false),
            };
            if !valid_id(id) {
                continue;
            }
            let Some((path, parsed)) = Self::read_at(self.dir.join(&name), id)? else { continue };
            out.push(match parsed {
                Ok(r) => Summary {
                    id: id.to_string(),
                    title: Some(crate::guide::text::sanitize_line(&r.guide.title).into_owned()),
                    answers: r.answers.len(),
                    saved_at: Some(r.saved_at),
                    finished: r.finished,
                    problem: None,
                    path,
                    separate,
                },
                Err(problem) => Summary {
                    id: id.to_string(),
                    title: None,
                    answers: 0,
                    saved_at: None,
                    finished: false,
                    problem: Some(problem),
                    path,
                    separate,
                },
            });
        }
        out.sort_by(|a, b| (&a.id, a.separate, &a.path).cmp(&(&b.id, b.separate, &b.path)));
        Ok(out)
    }

    /// Deletes the saved session for an id and returns what it was.
    pub fn delete(&self, id: &str) -> Result<Summary, StoreError> {
        let all = self.list()?;
        let Some(found) = all.iter().find(|s| s.id == id && !s.separate).cloned() else {
            let suggestion = crate::guide::suggest::closest(id, all.iter().map(|s| s.id.as_str())).map(str::to_string);
            return Err(StoreError::NotFound { id: id.to_string(), suggestion });
        };
        std::fs::remove_file(&found.path).map_err(|e| StoreError::Io {
            action: "delete",
            path: found.path.clone(),
            reason: io_reason(&e),
        })?;
        Ok(found)
    }
}
