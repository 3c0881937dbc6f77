//! Which saved session a run starts from, and what the person is told about it: the policy
//! behind `--resume`, `--fresh` and the question asked when neither is given, the same in plain
//! mode and in the interactive interface.
//!
//! The rules, so they are decided once:
//! - The session's lock is taken first ([`super::lock`]). When another window holds it, the
//!   person chooses: read it without saving, start a separate walk saved in a file of its own,
//!   or take it over. With nobody to ask, the session is left alone and the walk is not saved.
//! - A saved session is resumed with `--resume`, set aside with `--fresh` (kept as
//!   `<id>.json.previous`), or asked about. If it cannot be set aside, the walk runs without
//!   saving rather than write over it.
//! - A store that cannot be opened or read never stops a walk: it runs, and says it is not saved.
//!
//! Asking is the caller's: it passes an [`Ask`], so the rules can be tested without a terminal.

use std::io;

use super::lock::{LockError, SessionLock};
use super::{Autosave, Resumed, Store, StoreError};
use crate::engine::Session;
use crate::guide::Guide;
use crate::write::shown;

/// What the command line asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wish {
    /// Neither `--resume` nor `--fresh`: ask when there is a saved session.
    Ask,
    /// `--resume`: continue the saved session without asking.
    Resume,
    /// `--fresh`: start over without asking, keeping the saved session aside.
    Fresh,
}

/// What to do with a session another window has open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elsewhere {
    /// Open it read-only: nothing done here is saved.
    ReadOnly,
    /// Start a separate walk, saved in a file of its own.
    Separate,
    /// Take it over: the other window stops saving and says so.
    TakeOver,
}

/// How the policy asks the person, supplied by the caller (a terminal, or a test).
pub trait Ask {
    /// Whether to continue the saved session (`default` is the answer to an empty reply).
    /// `Ok(None)` when the input ended without a reply.
    fn resume(&mut self, question: &str, default: bool) -> Result<Option<bool>, StartError>;

    /// What to do about a session open in `who` ("another window (process 12)"). `Ok(None)`
    /// when there is nobody to ask (input is not a terminal).
    fn elsewhere(&mut self, who: &str) -> Result<Option<Elsewhere>, StartError>;

    /// A warning to show at once, outside the walk (standard error).
    fn warn(&mut self, message: &str);
}

/// The walk to start from and the autosave to use.
pub struct Start {
    /// The walk: fresh, or the saved one replayed.
    pub session: Session,
    /// Where every change goes, when sessions can be saved.
    pub autosave: Option<Autosave>,
    /// What the person should know before the first question.
    pub notes: Vec<String>,
}

/// Why no walk could be started.
#[derive(Debug)]
pub enum StartError {
    /// The input ended before the person replied; the message says the session is untouched.
    InputEnded(&'static str),
    /// Asking failed: the output could not be written or the input read.
    Io(io::Error),
}

impl From<io::Error> for StartError {
    fn from(e: io::Error) -> Self {
        StartError::Io(e)
    }
}

/// Decides between the saved session and a fresh start for `guide`, in `store` (or without
/// saving, when it could not be opened).
pub fn start(
    store: Result<Store, StoreError>,
    guide: &Guide,
    wish: Wish,
    ask: &mut dyn Ask,
) -> Result<Start, StartError> {
    let lock = match store.as_ref().map(|s| s.lock(&guide.meta.id)) {
        Ok(Ok(lock)) => Some(lock),
        Ok(Err(LockError::Held { pid })) => match open_elsewhere(store.as_ref().ok(), guide, pid, ask)? {
            Opened::Elsewhere(start) => return Ok(*start),
            Opened::TookOver(lock) => lock,
        },
        // Without a lock file the walk still runs and saves, as it always did.
        Ok(Err(LockError::Io(_))) | Err(_) => None,
    };
    let mut start = start_unlocked(store, guide, wish, ask)?;
    start.autosave = start.autosave.map(|a| a.with_lock(lock));
    Ok(start)
}

/// What a window does with a session open in another.
enum Opened {
    /// A walk of its own: read-only, separate, or unsaved.
    Elsewhere(Box<Start>),
    /// It took the session over and goes on as usual, with the lock once the other let go.
    TookOver(Option<SessionLock>),
}

/// The session is open in another window: the person's choice.
fn open_elsewhere(
    store: Option<&Store>,
    guide: &Guide,
    pid: Option<u32>,
    ask: &mut dyn Ask,
) -> Result<Opened, StartError> {
    let who = pid.map_or_else(|| "another window".to_string(), |p| format!("another window (process {p})"));
    let unsaved =
        |session, note: String| Opened::Elsewhere(Box::new(Start { session, autosave: None, notes: vec![note] }));
    let Some(choice) = ask.elsewhere(&who)? else {
        let message = format!("this guide's session is open in {who}; it is left alone and this walk is not saved");
        ask.warn(&message);
        return Ok(unsaved(Session::new(guide), format!("Note: {message}.")));
    };
    Ok(match choice {
        Elsewhere::ReadOnly => {
            let session =
                store.and_then(|s| s.load(guide).ok().flatten()).map_or_else(|| Session::new(guide), |r| r.session);
            unsaved(session, "Read-only: the session stays as the other window saves it.".to_string())
        }
        Elsewhere::Separate => {
            let Some(store) = store else {
                return Ok(unsaved(
                    Session::new(guide),
                    "A separate walk: these answers cannot be saved; save the checklist at the end.".to_string(),
                ));
            };
            let (autosave, path) = Autosave::separate(store.clone(), guide);
            let note = format!(
                "A separate walk: these answers are saved on their own, in {}, and the other window's session is left as it is.",
                shown(&path)
            );
            Opened::Elsewhere(Box::new(Start {
                session: Session::new(guide),
                autosave: Some(autosave),
                notes: vec![note],
            }))
        }
        Elsewhere::TakeOver => {
            // The other window sees this at once, stops saving and lets go of the lock.
            Opened::TookOver(store.and_then(|s| s.take_over(&guide.meta.id).ok().flatten()))
        }
    })
}

/// [`start`] once the lock is settled.
fn start_unlocked(
    store: Result<Store, StoreError>,
    guide: &Guide,
    wish: Wish,
    ask: &mut dyn Ask,
) -> Result<Start, StartError> {
    let fresh = |autosave, notes| Start { session: Session::new(guide), autosave, notes };
    let store = match store {
        Ok(s) => s,
        Err(e) => return Ok(fresh(None, vec![format!("Note: your answers will not be saved: {e}.")])),
    };
    let resumed = match store.load(guide) {
        Ok(Some(r)) => r,
        Ok(None) => {
            let notes = if wish == Wish::Resume {
                vec!["There is no saved session for this guide, so it starts from the beginning.".to_string()]
            } else {
                Vec::new()
            };
            return Ok(fresh(Some(Autosave::new(store)), notes));
        }
        Err(e @ StoreError::Unusable { .. }) => {
            return Ok(fresh(Some(Autosave::new(store)), vec![format!("Note: {e}. Starting fresh.")]));
        }
        Err(e) => return Ok(fresh(None, vec![format!("Note: your answers will not be saved: {e}.")])),
    };
    let resume = match wish {
        Wish::Resume => true,
        Wish::Fresh => false,
        Wish::Ask => {
            let (question, default) = resumed.rerun_question(guide);
            ask.resume(&question, default)?.ok_or(StartError::InputEnded(
                "Input ended before the first question. Your saved session was not changed.",
            ))?
        }
    };
    if resume {
        let notes = resume_notes(&resumed);
        let autosave = Autosave::resuming(store, &resumed);
        return Ok(Start { session: resumed.session, autosave: Some(autosave), notes });
    }
    match store.keep_previous(&guide.meta.id) {
        Ok(Some(kept)) => Ok(fresh(
            Some(Autosave::new(store)),
            vec![format!("Starting fresh. Your earlier answers were kept in {}.", shown(&kept))],
        )),
        Ok(None) => Ok(fresh(Some(Autosave::new(store)), Vec::new())),
        // Saving over the old session would destroy it: run without saving instead.
        Err(e) => {
            Ok(fresh(None, vec![format!("Note: your answers will not be saved, to keep the earlier ones: {e}.")]))
        }
    }
}

/// What a person resuming should know: where they are, and what changed in the guide.
fn resume_notes(resumed: &Resumed) -> Vec<String> {
    let mut notes = vec![format!("Resuming {}.", resumed.describe())];
    if let Some(c) = &resumed.checklist {
        notes.push(format!("You saved your checklist to {} on {}.", shown(&c.path), c.at.short()));
    }
    if !resumed.flags.is_empty() {
        notes.push("The guide has changed since then:".to_string());
        notes.extend(resumed.flags.iter().map(|f| format!("- {}", f.describe())));
    } else if resumed.guide_changed {
        notes.push("The guide has been updated since then; all your answers still fit.".to_string());
    }
    notes
}

/// What to say when answers come from a pipe and neither `--resume` nor `--fresh` was given.
/// Piped input was written without knowing about a saved session: asking whether to resume
/// would take its first line for the reply, and saving would change the session the person
/// has. So the saved session is left alone and the walk is not saved.
pub fn piped_note(store: Option<&Store>, guide_id: &str) -> &'static str {
    if store.is_some_and(|s| s.has_session(guide_id)) {
        "input is not a terminal, so your saved session is left as it is; add --resume to continue \
         it or --fresh to replace it"
    } else {
        "input is not a terminal, so these answers are not saved; add --fresh to save them"
    }
}

/// Whether a guide's saved session would be asked about before the walk: one is saved, or
/// another window has it open.
pub fn would_ask(store: &Store, guide_id: &str) -> bool {
    store.has_session(guide_id) || matches!(store.lock(guide_id), Err(LockError::Held { .. }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, Value, load_str};

    const GUIDE: &str = r#"
format = 1
[guide]
id = "trip"
title = "Trip"
start = "name"
disclaimer = "Info only."
reviewed = 2026-11-01
[nodes.name]
type = "text"
var = "name"
next = "done"
[nodes.done]
type = "end"
"#;

    /// Replies as scripted and records what was asked.
    #[derive(Default)]
    struct Script {
        resume: Option<bool>,
        elsewhere: Option<Elsewhere>,
        asked: Vec<String>,
        warned: Vec<String>,
    }

    impl Ask for Script {
        fn resume(&mut self, question: &str, _default: bool) -> Result<Option<bool>, StartError> {
            self.asked.push(question.to_string());
            Ok(self.resume)
        }
        fn elsewhere(&mut self, who: &str) -> Result<Option<Elsewhere>, StartError> {
            self.asked.push(who.to_string());
            Ok(self.elsewhere)
        }
        fn warn(&mut self, message: &str) {
            self.warned.push(message.to_string());
        }
    }

    fn guide() -> Guide {
        load_str("trip.toml", GUIDE, CheckOptions::default()).guide.unwrap()
    }

    /// A store holding a session with one answer.
    fn saved(dir: &std::path::Path, g: &Guide) -> Store {
        let store = Store::at(dir.join("sessions"));
        let mut s = Session::new(g);
        s.answer(g, &Value::Text("Ada".into())).unwrap();
        Autosave::new(store.clone()).save(g, &s).unwrap();
        store
    }

    #[test]
    fn resume_without_a_saved_session_says_it_starts_from_the_beginning() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let mut ask = Script::default();
        let start = start(Ok(Store::at(dir.path())), &g, Wish::Resume, &mut ask).unwrap();
        assert!(start.autosave.is_some());
        assert_eq!(start.notes, ["There is no saved session for this guide, so it starts from the beginning."]);
        assert!(ask.asked.is_empty());
    }

    #[test]
    fn a_saved_session_is_asked_about_and_resumed_with_its_answers() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let store = saved(dir.path(), &g);
        let mut ask = Script { resume: Some(true), ..Script::default() };
        let start = start(Ok(store), &g, Wish::Ask, &mut ask).unwrap();
        assert_eq!(ask.asked.len(), 1, "one question: {:?}", ask.asked);
        assert_eq!(start.session.stored("name"), Some(&Value::Text("Ada".into())));
        assert!(start.notes[0].starts_with("Resuming "), "{:?}", start.notes);
    }

    #[test]
    fn fresh_keeps_the_earlier_answers_aside_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let store = saved(dir.path(), &g);
        let start = start(Ok(store.clone()), &g, Wish::Fresh, &mut Script::default()).unwrap();
        assert_eq!(start.session.stored("name"), None);
        assert!(start.notes[0].starts_with("Starting fresh. Your earlier answers were kept in "), "{:?}", start.notes);
        assert!(store.dir().join("trip.json.previous").exists());
    }

    #[test]
    fn input_that_ends_before_the_reply_leaves_the_session_alone() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let store = saved(dir.path(), &g);
        let err = start(Ok(store.clone()), &g, Wish::Ask, &mut Script::default()).err().unwrap();
        assert!(matches!(err, StartError::InputEnded(m) if m.contains("was not changed")), "{err:?}");
        assert!(store.has_session("trip") && !store.dir().join("trip.json.previous").exists());
    }

    #[test]
    fn a_session_open_elsewhere_with_nobody_to_ask_is_left_alone_and_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let store = saved(dir.path(), &g);
        let _held = store.lock("trip").unwrap();
        assert!(would_ask(&store, "trip"));
        let mut ask = Script::default();
        let start = start(Ok(store), &g, Wish::Resume, &mut ask).unwrap();
        assert!(start.autosave.is_none());
        assert_eq!(ask.warned.len(), 1);
        assert!(
            start.notes[0].starts_with("Note: this guide's session is open in another window"),
            "{:?}",
            start.notes
        );
    }

    #[test]
    fn a_session_open_elsewhere_can_be_read_without_saving() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let store = saved(dir.path(), &g);
        let _held = store.lock("trip").unwrap();
        let mut ask = Script { elsewhere: Some(Elsewhere::ReadOnly), ..Script::default() };
        let start = start(Ok(store), &g, Wish::Ask, &mut ask).unwrap();
        assert!(start.autosave.is_none());
        assert_eq!(start.session.stored("name"), Some(&Value::Text("Ada".into())));
    }

    #[test]
    fn a_store_that_cannot_open_still_runs_the_walk_and_says_so() {
        let g = guide();
        let start = start(Err(StoreError::NoStateDir), &g, Wish::Ask, &mut Script::default()).unwrap();
        assert!(start.autosave.is_none());
        assert!(start.notes[0].starts_with("Note: your answers will not be saved: "), "{:?}", start.notes);
    }

    #[test]
    fn piped_input_says_whether_a_saved_session_was_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let g = guide();
        let store = saved(dir.path(), &g);
        assert!(piped_note(Some(&store), "trip").contains("add --resume"));
        assert!(piped_note(Some(&store), "other").contains("add --fresh to save them"));
        assert!(piped_note(None, "trip").contains("add --fresh to save them"));
    }
}
