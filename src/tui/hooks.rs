//! What the caller plugs into the interface: where the session goes after every change, news
//! for the status line, and where a saved checklist went. Effects call these; nothing else does.

use crate::engine::Session;
use crate::guide::Guide;

/// What the caller plugs into the interface.
pub trait TuiHooks {
    /// The session changed: an answer, a skip, a tick, a move back or forward. Called often;
    /// keep it quick (writing a small file is fine).
    fn session_changed(&mut self, guide: &Guide, session: &Session);

    /// Asked every turn of the interface: news for the status line that did not come from a
    /// key, such as saving having stopped because another window took the session over.
    fn notice(&mut self) -> Option<String> {
        None
    }

    /// The checklist was written to `path` (the full path), from this session: remember it, so
    /// a resumed walk knows where it went and whether it changed since.
    fn checklist_saved(&mut self, _guide: &Guide, _session: &Session, _path: &std::path::Path) {}
}

/// Hooks that do nothing, for callers that keep no sessions.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl TuiHooks for NoHooks {
    fn session_changed(&mut self, _guide: &Guide, _session: &Session) {}
}
