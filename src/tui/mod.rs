//! The interactive terminal interface: the only module that knows about ratatui and crossterm.
//!
//! A person walks a guide with the keyboard alone, sees why each question is asked and how far
//! they have to go, can look back and change anything, and ends on their checklist.
//!
//! The map, in the direction data flows:
//! - [`keymap`]: one table of key bindings per screen context. Dispatch, the footer and the `?`
//!   help all read it. [`action`]: what the keys mean, independent of the key.
//! - [`app`]: the state: the guide, the [`Session`], the screen, the overlay, what is typed,
//!   and read-only questions about it (which keys apply, what the save dialog would say).
//! - [`layout`]: where everything goes on screen and what each page and overlay says, wrapped
//!   to the width. It only reads the app; update and view both measure with it, so paging,
//!   clicks and drawing agree.
//! - [`update`]: `update(&mut App, Action) -> Vec<Effect>`, pure; `App::new` and the event
//!   entry points (`handle_key`, `paste`, `mouse`, `resize`) live there too. What effects learn
//!   comes back through the one function [`update::reply`].
//! - [`effect`]: the effects (save the session through the [`hooks`], save the checklist,
//!   quit) and [`effect::run`], which only reads the app and answers with an [`effect::Reply`].
//!   [`perform`] joins run and reply for the loop and the tests.
//! - [`view`]: drawing, which only reads the app and the layout.
//! - [`theme`], [`links`], [`input`]: styles, clickable links, the one-line editor.
//! - [`terminal`], [`background`]: entering and always restoring the terminal, signals,
//!   suspend; asking the terminal about its background.
//!
//! Imports go one way only (`a → b`: `a` may import `b`, never the other way):
//!
//! ```text
//! mod.rs (the loop, perform) → everything below
//! update → effect, layout, app, keymap, action, input
//! effect → app (read only), hooks
//! view   → layout, app, keymap, action, links, theme
//! layout → app, keymap, links, theme
//! app    → keymap, input, theme
//! keymap → action
//! ```
//!
//! `view` never changes state and never calls `update` or `effect`; `app` reaches neither
//! `update`, `layout` nor `view`; `effect` never calls `update`. Only this file, which runs
//! the loop, sees them all. A test (`import_direction.rs`) reads the sources and fails if an
//! import goes the other way.
//!
//! Everything a person can do can be done by a test without a terminal: build an [`App`], feed it
//! key events with [`App::handle_key`], run the effects with [`perform`], and draw it into
//! ratatui's `TestBackend` with [`view::render`].
//!
//! # Running
//!
//! [`Tui::enter`] takes over the terminal; [`Tui::show_preview`] can draw the start screen from
//! the `[guide]` table while the guide is still loading; [`Tui::run`] takes the loaded guide,
//! [`RunOptions`] and a [`TuiHooks`] object, and gives the terminal back at the end. The hooks
//! are called after every change to the session (an answer, a tick, a move), so the caller can
//! persist it. A resumed walk is passed as [`RunOptions::session`], with
//! [`RunOptions::start_message`] to say what happened ("Welcome back: 2 answers need a second
//! look"). [`RunOptions::watch`] is polled twice a second: it returns `Some(Ok(guide))` when the
//! guide file changed and loaded (the answers are replayed and the person stays where they were),
//! `Some(Err(text))` with rendered problems (shown in a panel until fixed), or `None` when
//! nothing changed.

pub mod action;
pub mod app;
pub mod background;
pub mod effect;
pub mod hooks;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod links;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

#[cfg(test)]
mod import_direction;

use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::signal::SIGINT;

pub use self::action::Action;
pub use self::app::{App, AppOptions};
pub use self::effect::{Effect, Flow};
pub use self::hooks::{NoHooks, TuiHooks};
pub use self::theme::{Background, Theme, ThemeName};
use crate::engine::Session;
use crate::guide::Guide;
use crate::guide::model::Meta;

/// A source of reloaded guides for watch mode: `None` when nothing changed, `Some(Ok(guide))`
/// when the guide changed and loads, `Some(Err(rendered problems))` when it changed and does not.
/// Render the problems without colour (`Color::Never`): the panel shows text, and any escape
/// character in it is shown as a symbol, never sent to the terminal.
pub type Watch = Box<dyn FnMut() -> Option<crate::authoring::watch::Reloaded>>;

/// What to walk once the interface runs.
#[derive(Default)]
pub struct RunOptions {
    /// A walk to continue instead of a fresh one.
    pub session: Option<Session>,
    /// A note for the first screen.
    pub start_message: Option<String>,
    /// Watch mode's reload source.
    pub watch: Option<Watch>,
    /// Where this walk's checklist was saved before, and whether that file still says what the
    /// checklist says now.
    pub saved: Option<(PathBuf, bool)>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("session", &self.session.is_some())
            .field("start_message", &self.start_message)
            .field("watch", &self.watch.is_some())
            .field("saved", &self.saved)
            .finish()
    }
}

/// How the interface ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The person quit.
    Quit,
    /// A termination signal arrived (its number); the session was handed to the hooks first.
    Signal(i32),
    /// The terminal went away.
    Hangup,
}

/// What the interface hands back once the terminal is restored.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The walk as it was at the end.
    pub session: Session,
    /// Where the checklist was saved, if it was.
    pub saved: Option<PathBuf>,
    /// The saved checklist still says what the checklist says now.
    pub saved_fresh: bool,
    /// How it ended.
    pub ended: Ended,
}

/// Why the interface could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TuiError {
    /// stdin or stdout is not a terminal; the caller may fall back to a plain mode.
    NotATerminal,
    /// The terminal could not be set up.
    Terminal(String),
}

impl std::fmt::Display for TuiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TuiError::NotATerminal => {
                f.write_str("a terminal is needed (stdin and stdout must both be one); use --plain")
            }
            TuiError::Terminal(m) => write!(f, "cannot use the terminal: {m}"),
        }
    }
}

impl std::error::Error for TuiError {}

/// Runs one effect and everything it leads to: what the outside world answers goes back into
/// the app through [`update::reply`], which may ask for more (a save made on the way out asks
/// to quit). Shared by the loop and the tests. Returns what the loop must do next.
pub fn perform(app: &mut App, effect: Effect, hooks: &mut dyn TuiHooks) -> Flow {
    let mut pending = std::collections::VecDeque::from([effect]);
    while let Some(effect) = pending.pop_front() {
        match effect::run(app, effect, hooks) {
            effect::Ran::Flow(Flow::Continue) => {}
            effect::Ran::Flow(flow) => return flow,
            effect::Ran::Reply(reply) => pending.extend(update::reply(app, reply)),
        }
    }
    Flow::Continue
}

/// How often the loop wakes without input: to notice signals and poll the watch source.
const TICK: Duration = Duration::from_millis(100);
/// How often keys and signals are checked while a guide loads.
const LOAD_TICK: Duration = Duration::from_millis(50);

/// Ctrl-C, which raw mode turns into a key.
fn is_interrupt(ev: &Event) -> bool {
    ev.as_key_press_event().is_some_and(|k| {
        k.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
            && matches!(k.code, crossterm::event::KeyCode::Char('c' | 'C'))
    })
}

/// How often the watch source is polled.
const WATCH_EVERY: Duration = Duration::from_millis(500);

type Term = Terminal<CrosstermBackend<std::io::Stdout>>;

/// The terminal, taken over: raw mode, the alternate screen, the panic hook and the signal
/// watch. Dropping it gives the terminal back, whatever happened.
pub struct Tui {
    term: ManuallyDrop<Term>,
    theme_name: ThemeName,
    no_color: bool,
    background: Background,
    /// The terminal is still to be asked about its background.
    ask_background: bool,
    /// Listening for the terminal's answer about its background.
    listener: Option<background::ReplyListener>,
    links: bool,
    signals: Option<terminal::SignalWatch>,
    /// The save dialog starts with private answers included (`--include-private`).
    include_private: bool,
    /// Events read while the guide loaded, handled first by [`Tui::run`].
    early_events: Vec<Event>,
}

impl std::fmt::Debug for Tui {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tui")
            .field("theme", &self.theme_name)
            .field("background", &self.background)
            .field("links", &self.links)
            .finish_non_exhaustive()
    }
}

impl Tui {
    /// Takes over the terminal with a look (`NO_COLOR` turns colour off whatever the theme) and
    /// clickable links (`None` decides from the terminal, see [`links`]). A look that follows
    /// the background asks the terminal about it (see [`background`]) once the first frame is
    /// up; that frame is drawn from the guess (`COLORFGBG`, else dark).
    pub fn enter(theme_name: ThemeName, links: Option<bool>, mouse: bool) -> Result<Tui, TuiError> {
        if !terminal::is_interactive() {
            return Err(TuiError::NotATerminal);
        }
        let links = links.unwrap_or_else(links::supported_by_terminal);
        let no_color = theme::no_color_requested();
        terminal::install_panic_hook();
        // Without the signal watch the interface still works; it only exits less gracefully.
        let signals = terminal::watch_signals().ok();
        terminal::use_mouse(mouse);
        terminal::enter().map_err(|e| TuiError::Terminal(e.to_string()))?;
        // The terminal's own drop would print to stderr if showing the cursor fails (which panics
        // when stderr is gone), so it is never dropped; `terminal::restore` does its work.
        match Terminal::new(CrosstermBackend::new(std::io::stdout())) {
            Ok(t) => Ok(Tui {
                term: ManuallyDrop::new(t),
                theme_name,
                no_color,
                background: background::guess(),
                ask_background: theme_name.follows_background() && !no_color,
                listener: None,
                links,
                signals,
                include_private: false,
                early_events: Vec::new(),
            }),
            Err(e) => {
                terminal::restore();
                Err(TuiError::Terminal(e.to_string()))
            }
        }
    }

    /// The look for what is known of the background so far.
    fn theme(&self) -> Theme {
        Theme::pick(self.theme_name, self.background, self.no_color)
    }

    /// Asks the terminal about its background, once, after a frame is up; the answer is
    /// picked out of the keys by the loop (see [`background`]).
    fn ask_background(&mut self) {
        if std::mem::take(&mut self.ask_background) {
            use std::io::Write;
            let mut out = std::io::stdout();
            if out.write_all(background::QUERY.as_bytes()).and_then(|()| out.flush()).is_ok() {
                self.listener = Some(background::ReplyListener::new(Instant::now()));
            }
        }
    }

    /// Makes the save dialog start with private answers included (`--include-private`).
    pub fn include_private(&mut self, include: bool) {
        self.include_private = include;
    }

    fn app_options(&mut self, session: Option<Session>, start_message: Option<String>) -> AppOptions {
        let size = self.term.size().map_or((80, 24), |s| (s.width, s.height));
        AppOptions {
            theme: self.theme(),
            links: self.links,
            save_dir: PathBuf::from("."),
            session,
            start_message,
            size,
            saved: None,
            include_private: self.include_private,
        }
    }

    /// Draws the start screen of a guide that is still loading, from its `[guide]` table (see
    /// [`crate::guide::preview`]), so the person sees where they are at once. Keys wait in the
    /// terminal until [`Tui::run`] starts with the loaded guide.
    pub fn show_preview(&mut self, meta: Meta) {
        let app = App::preview(meta, self.app_options(None, None));
        let _ = self.term.draw(|f| view::render(&app, f));
        self.ask_background();
        // Acting on signals can wait until the screen is up; they are caught already.
        self.start_signals();
    }

    /// Runs `load` (parsing and checking the guide) on another thread while this one keeps
    /// watching: Ctrl-C and termination signals end the walk within a tick even while a large
    /// guide loads. Other keys are kept for [`Tui::run`]. `Err` holds how the interface ended
    /// (the terminal is then restored when the `Tui` is dropped).
    pub fn load_while_watching<T: Send + 'static>(
        &mut self,
        load: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Ended> {
        self.start_signals();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("guidepost-load".to_string()).spawn(move || {
            let _ = tx.send(load());
        });
        if spawned.is_err() {
            return Err(Ended::Hangup);
        }
        loop {
            if let Some(s) = self.signals.as_mut() {
                s.poll();
            }
            if let Some(sig) = terminal::pending_signal() {
                return Err(Ended::Signal(sig));
            }
            match rx.recv_timeout(Duration::ZERO) {
                Ok(loaded) => return Ok(loaded),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Err(Ended::Hangup),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            }
            match event::poll(LOAD_TICK) {
                Ok(true) => match event::read() {
                    Ok(ev) if is_interrupt(&ev) => return Err(Ended::Signal(SIGINT)),
                    Ok(ev) => self.early_events.push(ev),
                    Err(_) => return Err(Ended::Hangup),
                },
                Ok(false) => {}
                Err(_) => return Err(Ended::Hangup),
            }
        }
    }

    fn start_signals(&mut self) {
        if let Some(s) = self.signals.as_mut() {
            s.start();
        }
    }

    /// Runs the interface until the person quits, a signal arrives or the terminal goes away,
    /// then gives the terminal back.
    pub fn run(mut self, guide: Guide, mut options: RunOptions, hooks: &mut dyn TuiHooks) -> Outcome {
        let mut app_options = self.app_options(options.session.take(), options.start_message.take());
        app_options.saved = options.saved.take();
        let mut app = App::new(guide, app_options);
        self.start_signals();
        if self.ask_background {
            // The first frame goes up before the terminal is asked.
            let _ = self.term.draw(|f| view::render(&app, f));
            self.ask_background();
        }
        let mut looks = Looks { name: self.theme_name, no_color: self.no_color, listener: self.listener.take() };
        let mut ended = None;
        for ev in std::mem::take(&mut self.early_events) {
            // The terminal's answer about its background may have come while the guide loaded.
            if let Some(key) = ev.as_key_press_event()
                && looks.hear(&mut app, &key)
            {
                continue;
            }
            if let Some(e) = handle_event(&mut self.term, &mut app, hooks, &ev) {
                ended = Some(e);
                break;
            }
        }
        let ended = match ended {
            Some(e) => e,
            None => {
                event_loop(&mut self.term, &mut app, self.signals.as_mut(), hooks, options.watch.as_mut(), &mut looks)
            }
        };
        drop(self);
        Outcome { saved: app.saved.clone(), saved_fresh: app.saved_fresh, session: app.session.clone(), ended }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        terminal::restore();
        terminal::finished();
        // The signal watch is dropped after this, which stops its thread.
    }
}

/// What the loop needs to change the look when the terminal reports its background.
struct Looks {
    name: ThemeName,
    no_color: bool,
    listener: Option<background::ReplyListener>,
}

impl Looks {
    /// Takes a key event that may be part of the terminal's report; true when it was.
    fn hear(&mut self, app: &mut App, key: &crossterm::event::KeyEvent) -> bool {
        let Some(listener) = self.listener.as_mut() else { return false };
        if listener.expired(Instant::now()) {
            self.listener = None;
            return false;
        }
        match listener.hear(key) {
            background::Heard::Key => false,
            background::Heard::Report => true,
            background::Heard::Done(found) => {
                self.listener = None;
                if let Some(b) = found {
                    app.theme = Theme::pick(self.name, b, self.no_color);
                }
                true
            }
        }
    }
}

fn event_loop(
    term: &mut Term,
    app: &mut App,
    mut signals: Option<&mut terminal::SignalWatch>,
    hooks: &mut dyn TuiHooks,
    mut watch: Option<&mut Watch>,
    looks: &mut Looks,
) -> Ended {
    let mut dirty = true;
    let mut last_watch = Instant::now();
    let mut errors = 0;
    // Reading events starts crossterm's resize watcher; start it before the first frame so a
    // resize in the first moments is not lost.
    let _ = event::poll(Duration::ZERO);
    loop {
        if let Some(s) = signals.as_deref_mut() {
            s.poll();
        }
        if let Some(sig) = terminal::pending_signal() {
            hooks.session_changed(&app.guide, &app.session);
            return Ended::Signal(sig);
        }
        if let Some(news) = hooks.notice() {
            app.status = Some(app::Message::error(news));
            dirty = true;
        }
        // The size is checked every turn too, in case a resize event went missing.
        if let Ok(s) = term.size()
            && (s.width, s.height) != app.size
        {
            app.resize(s.width, s.height);
            dirty = true;
        }
        if dirty {
            if term.draw(|f| view::render(app, f)).is_err() {
                hooks.session_changed(&app.guide, &app.session);
                return Ended::Hangup;
            }
            dirty = false;
        }
        match event::poll(TICK) {
            Ok(true) => {
                let Ok(ev) = event::read() else {
                    errors += 1;
                    if errors > 3 {
                        hooks.session_changed(&app.guide, &app.session);
                        return Ended::Hangup;
                    }
                    continue;
                };
                errors = 0;
                dirty = true;
                if let Some(key) = ev.as_key_press_event()
                    && looks.hear(app, &key)
                {
                    continue;
                }
                if let Some(ended) = handle_event(term, app, hooks, &ev) {
                    return ended;
                }
            }
            Ok(false) => {}
            Err(_) => {
                hooks.session_changed(&app.guide, &app.session);
                return Ended::Hangup;
            }
        }
        if let Some(w) = watch.as_deref_mut()
            && last_watch.elapsed() >= WATCH_EVERY
        {
            last_watch = Instant::now();
            if let Some(result) = w() {
                for effect in update::reloaded(app, result) {
                    let _ = perform(app, effect, hooks);
                }
                dirty = true;
            }
        }
    }
}

/// Handles one terminal event; returns how the interface ends if it does.
fn handle_event(term: &mut Term, app: &mut App, hooks: &mut dyn TuiHooks, ev: &Event) -> Option<Ended> {
    if let Some(key) = ev.as_key_press_event() {
        for effect in app.handle_key(&key) {
            match perform(app, effect, hooks) {
                Flow::Continue => {}
                Flow::Quit => return Some(Ended::Quit),
                Flow::Interrupt => {
                    hooks.session_changed(&app.guide, &app.session);
                    return Some(Ended::Signal(SIGINT));
                }
                Flow::Suspend => {
                    terminal::suspend();
                    if terminal::enter().is_err() {
                        hooks.session_changed(&app.guide, &app.session);
                        return Some(Ended::Hangup);
                    }
                    let _ = term.clear();
                }
                Flow::Redraw => {
                    let _ = term.clear();
                }
            }
        }
    } else if let Event::Paste(text) = ev {
        for effect in app.paste(text) {
            let _ = perform(app, effect, hooks);
        }
    } else if let Event::Mouse(m) = ev {
        for effect in app.mouse(m) {
            let _ = perform(app, effect, hooks);
        }
    } else if let Event::Resize(w, h) = *ev {
        app.resize(w, h);
    }
    None
}
