//! The state of the interface: the guide, the person's [`Session`], and what is on screen (which
//! screen, the highlighted row, what is typed, which overlay is open, any message).
//!
//! Nothing here draws, lays out or does input and output, and nothing here changes state in
//! answer to a key: keys arrive through `App::handle_key` (defined in [`super::update`]),
//! become [`super::action::Action`]s through the keymap and change state there; anything that must touch the
//! outside world comes back as an effect for the loop (or a test) to run. What is here is the
//! state itself and the questions asked of it (which keys apply, which page comes up).

use std::path::{Path, PathBuf};

use super::input::LineInput;
use super::keymap::{self, Context};
use super::theme::{self, Theme};
use crate::engine::Session;
use crate::export::Format;
use crate::guide::{Guide, NodeId, NodeKind, Value};
use crate::search::{self, Hit};

/// How the interface is set up; everything has a sensible default.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// The look.
    pub theme: Theme,
    /// Make web links clickable (OSC 8); see [`super::links`].
    pub links: bool,
    /// The folder the save dialog offers (`.` means the current folder, shown as `./`).
    pub save_dir: PathBuf,
    /// A walk to continue (a resumed session) instead of a fresh one.
    pub session: Option<Session>,
    /// A note for the first screen, such as "Welcome back: 2 answers need a second look".
    pub start_message: Option<String>,
    /// The terminal size to lay out for until told otherwise.
    pub size: (u16, u16),
    /// Where the checklist of a resumed walk was saved, and whether it is unchanged since.
    pub saved: Option<(PathBuf, bool)>,
    /// The save dialog starts with private answers included (`--include-private`).
    pub include_private: bool,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            theme: theme::DEFAULT,
            links: false,
            save_dir: PathBuf::from("."),
            session: None,
            start_message: None,
            size: (80, 24),
            saved: None,
            include_private: false,
        }
    }
}

/// The main screen underneath any overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Title, summary, disclaimer, "Press Enter to begin".
    Start,
    /// The current node of the session.
    Walk,
}

/// How a message should read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral news.
    Info,
    /// Something worked (a file was saved).
    Success,
    /// Something needs the person (shown with a `!`).
    Error,
}

/// A one-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// How it reads.
    pub tone: Tone,
    /// The words.
    pub text: String,
}

impl Message {
    /// A problem the person can fix.
    pub fn error(text: impl Into<String>) -> Message {
        Message { tone: Tone::Error, text: text.into() }
    }

    /// Neutral news.
    pub fn info(text: impl Into<String>) -> Message {
        Message { tone: Tone::Info, text: text.into() }
    }

    /// A success.
    pub fn success(text: impl Into<String>) -> Message {
        Message { tone: Tone::Success, text: text.into() }
    }
}

/// What belongs to the page on screen; reset whenever the walk moves to another node.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The node shown.
    pub node: NodeId,
    /// The highlighted option or checklist item.
    pub cursor: usize,
    /// The first line shown.
    pub scroll: usize,
    /// Ticks of a multi question, one per option.
    pub ticks: Vec<bool>,
    /// What is typed in a number or text question.
    pub input: LineInput,
    /// Whether keys go into the input box.
    pub editing: bool,
    /// The checklist item whose details are open.
    pub open: Option<usize>,
    /// The person scrolled past the ends of the list (to read the text above or below it), so
    /// the highlighted row need not stay in view until the highlight moves again.
    pub free_scroll: bool,
    /// An inline message about this page ("Pick at least 1").
    pub message: Option<Message>,
}

impl Page {
    /// A page as it is on arriving at `node`: top of the page, first row, nothing typed.
    pub fn fresh(node: NodeId) -> Page {
        Page {
            node,
            cursor: 0,
            scroll: 0,
            ticks: Vec::new(),
            input: LineInput::default(),
            editing: false,
            open: None,
            free_scroll: false,
            message: None,
        }
    }
}

/// The search overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchState {
    /// What is typed.
    pub query: LineInput,
    /// The results for it.
    pub hits: Vec<Hit>,
    /// The highlighted result.
    pub cursor: usize,
    /// The first line shown.
    pub scroll: usize,
}

/// The save dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveDialog {
    /// The file to write, as typed.
    pub path: LineInput,
    /// The format to write.
    pub format: Format,
    /// Why the last try failed, with the path still editable.
    pub error: Option<String>,
    /// The file exists: asking "Replace it? y/n".
    pub confirm_replace: bool,
    /// Opened from the quit question: once saved, the interface quits.
    pub then_quit: bool,
    /// List the answers to private questions too (off unless the person turns it on).
    pub include_private: bool,
    /// What the dialog says about the checklist it will write.
    pub preview: SavePreview,
}

/// What the save dialog says about the checklist it will write. Working it out carries the walk
/// forward over every answer given, so it is done when the dialog opens and again when the walk
/// under it changes (a reloaded guide), never while drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SavePreview {
    /// The answers given lead to an end; otherwise the checklist covers the answers so far.
    pub complete: bool,
    /// How many checklist items are ticked.
    pub ticked: usize,
    /// How many answers on the path are to private questions.
    pub private: usize,
}

/// Something shown on top of the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The keys of the screen underneath.
    Help {
        /// The first line shown.
        scroll: usize,
    },
    /// Fuzzy search.
    Search(SearchState),
    /// The answers so far.
    Review {
        /// The highlighted answer.
        cursor: usize,
        /// The first line shown.
        scroll: usize,
    },
    /// Definitions of the terms on the screen.
    Glossary {
        /// The first line shown.
        scroll: usize,
    },
    /// A search result that is not a question: a checklist item, a resource or a term.
    Details {
        /// What it shows.
        target: search::Target,
        /// The first line shown.
        scroll: usize,
    },
    /// "Quit without saving?"
    Quit,
    /// Saving the checklist.
    Save(SaveDialog),
    /// Who wrote the guide, who paid, conflicts, updates and how to report an error.
    About {
        /// The first line shown.
        scroll: usize,
    },
    /// The guide was reloaded and has errors.
    Problems {
        /// The first line shown.
        scroll: usize,
    },
}

/// The whole state of the interface.
pub struct App {
    pub(crate) guide: Guide,
    pub(crate) session: Session,
    pub(crate) theme: Theme,
    pub(crate) links: bool,
    pub(crate) size: (u16, u16),
    pub(crate) screen: Screen,
    pub(crate) page: Page,
    pub(crate) overlay: Option<Overlay>,
    pub(crate) status: Option<Message>,
    pub(crate) start_message: Option<String>,
    /// The person jumped back to change an answer: after it, skip ahead to where they were.
    pub(crate) returning: bool,
    /// The end has been reached at least once, so the checklist exists.
    pub(crate) end_reached: bool,
    /// Where the checklist was last saved.
    pub(crate) saved: Option<PathBuf>,
    /// Nothing changed since the last save.
    pub(crate) saved_fresh: bool,
    pub(crate) save_dir: PathBuf,
    /// Whether the save dialog starts with private answers included.
    pub(crate) include_private: bool,
    pub(crate) index: Option<search::Index>,
    /// Rendered problems of a reloaded guide that did not load.
    pub(crate) problems: Option<String>,
    /// The guide is a preview of its `[guide]` table while the rest loads.
    pub(crate) loading: bool,
    /// A search result moved the walk back: Esc returns to where the search began.
    pub(crate) search_return: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("guide", &self.guide.meta.id)
            .field("screen", &self.screen)
            .field("page", &self.page)
            .field("overlay", &self.overlay)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The state for a guide before anything is laid out. [`App::new`] (in [`super::update`],
    /// which lays the page out for the screen) is how the interface starts.
    pub(crate) fn unsettled(guide: Guide, options: AppOptions) -> App {
        let session = options.session.unwrap_or_else(|| Session::new(&guide));
        let resumed = session.history().len() > 1;
        let node = session.current();
        let (saved, saved_fresh) = match options.saved {
            Some((path, fresh)) => (Some(path), fresh),
            None => (None, false),
        };
        App {
            guide,
            session,
            theme: options.theme,
            links: options.links,
            size: options.size,
            screen: if resumed { Screen::Walk } else { Screen::Start },
            page: Page::fresh(node),
            overlay: None,
            status: None,
            start_message: options.start_message,
            returning: false,
            end_reached: false,
            saved,
            saved_fresh,
            save_dir: options.save_dir,
            include_private: options.include_private,
            index: None,
            problems: None,
            loading: false,
            search_return: false,
        }
    }

    /// The guide being walked.
    pub fn guide(&self) -> &Guide {
        &self.guide
    }

    /// The person's walk.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Which main screen is showing.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The page state.
    pub fn page(&self) -> &Page {
        &self.page
    }

    /// The overlay on top, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The message in the status line, if any.
    pub fn status(&self) -> Option<&Message> {
        self.status.as_ref()
    }

    /// Where the checklist was last saved.
    pub fn saved_path(&self) -> Option<&Path> {
        self.saved.as_deref()
    }

    /// The terminal size laid out for.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The theme in use.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Whether the search index has been built (it is built on the first search, not before).
    pub fn search_ready(&self) -> bool {
        self.index.is_some()
    }

    /// The facts that decide which conditional keys are offered.
    pub(crate) fn key_state(&self) -> keymap::State {
        keymap::State {
            checklist_ready: self.end_reached,
            about: !self.guide.meta.about().is_empty(),
            optional: self.screen != Screen::Start
                && self.guide.node(self.page.node).question.as_ref().is_some_and(|q| q.optional),
            ..keymap::State::default()
        }
    }

    /// The keymap contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        let first = match &self.overlay {
            Some(Overlay::Help { .. }) => return vec![Context::Help, Context::Global],
            Some(Overlay::Search(_)) => return vec![Context::Search, Context::Global],
            Some(Overlay::Review { .. }) => return vec![Context::Review, Context::Global],
            Some(Overlay::Glossary { .. }) => return vec![Context::Glossary, Context::Global],
            Some(Overlay::Details { .. }) => return vec![Context::Details, Context::Global],
            Some(Overlay::Quit) => return vec![Context::Quit, Context::Global],
            Some(Overlay::Save(d)) if d.confirm_replace => return vec![Context::Replace, Context::Global],
            Some(Overlay::Save(_)) => return vec![Context::Save, Context::Global],
            Some(Overlay::Problems { .. }) => return vec![Context::Problems, Context::Global],
            Some(Overlay::About { .. }) => return vec![Context::About, Context::Global],
            None => self.page_context(),
        };
        if first == Context::Editing {
            vec![first, Context::Global]
        } else {
            vec![first, Context::Walk, Context::Global]
        }
    }

    /// The context of the main screen, ignoring overlays.
    pub fn page_context(&self) -> Context {
        if self.screen == Screen::Start {
            return Context::Start;
        }
        match &self.guide.node(self.page.node).kind {
            NodeKind::Info { .. } | NodeKind::Branch { .. } => Context::Info,
            NodeKind::Choice { .. } => Context::Choice,
            NodeKind::Multi { .. } => Context::Multi,
            NodeKind::Compare { .. } => Context::Compare,
            NodeKind::End => Context::Checklist,
            // A box to type in (a number, a date, text): see `guide::entry`.
            _ if self.page.editing => Context::Editing,
            _ => Context::Input,
        }
    }

    /// Sets up the page for the session's current node: the stored answer comes back (a dormant
    /// answer included), or the question's default. The page is not laid out yet; see
    /// `update`'s `enter_node`, which does both.
    pub(crate) fn arrive(&mut self) {
        let id = self.session.current();
        let node = self.guide.node(id);
        let stored = node.question.as_ref().and_then(|q| self.session.stored(&q.var).or(q.default.as_ref()));
        let mut page = Page::fresh(id);
        match (&node.kind, stored) {
            (NodeKind::Choice { options }, Some(Value::Text(v))) => {
                page.cursor = options.iter().position(|o| &o.value == v).unwrap_or(0);
            }
            (NodeKind::Multi { options, .. }, v) => {
                let picked: &[String] = match v {
                    Some(Value::List(l)) => l,
                    _ => &[],
                };
                page.ticks = options.iter().map(|o| picked.contains(&o.value)).collect();
            }
            (NodeKind::End, _) => self.end_reached = true,
            (kind, v) if kind.entry().is_some() => {
                if let Some(typed) = v.zip(kind.entry()).and_then(|(v, e)| e.prefill(v)) {
                    page.input = LineInput::prefilled(&typed);
                }
                page.editing = true;
            }
            _ => {}
        }
        self.page = page;
    }

    /// The history indices of the steps taken so far (each answered question or page read), in
    /// order: what the review lists.
    pub(crate) fn review_entries(&self) -> Vec<usize> {
        let hist = self.session.history();
        (0..hist.len().saturating_sub(1)).collect()
    }

    /// What the save dialog would say now about the checklist.
    pub(crate) fn save_preview(&self) -> SavePreview {
        let (session, complete) = self.report_session();
        let private = session.path_answers(&self.guide).filter(|(var, _)| self.guide.is_private(var)).count();
        SavePreview { complete, ticked: self.session.ticked().len(), private }
    }

    /// The session the saved checklist is made from: the walk carried forward over every answer
    /// already given, so saving from an earlier question still gives the whole checklist. The
    /// flag says whether it reached an end.
    pub(crate) fn report_session(&self) -> (Session, bool) {
        let mut s = self.session.clone();
        for _ in 0..self.guide.nodes.len() + 2 {
            s.fast_forward(&self.guide);
            if s.is_finished(&self.guide) {
                break;
            }
            let node = self.guide.node(s.current());
            if node.is_question() || s.advance(&self.guide).is_err() {
                break;
            }
        }
        let done = s.is_finished(&self.guide);
        (s, done)
    }
}
