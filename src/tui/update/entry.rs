//! Where the app starts and where events enter it: [`App::new`], keys, pasted text, the mouse
//! and a new terminal size. They are methods of [`App`] so a caller (the loop, a test) holds one
//! object; they live here, beside the update they drive, so the state in `app` never reaches up
//! into update.

use crossterm::event::KeyEvent;

use super::{click, settle, update};
use crate::guide::Guide;
use crate::guide::model::Meta;
use crate::tui::action::Action;
use crate::tui::app::{App, AppOptions, Message, Screen};
use crate::tui::effect::Effect;
use crate::tui::keymap;

impl App {
    /// Sets up the interface for a guide. A resumed session that is past the first page skips the
    /// start screen.
    pub fn new(guide: Guide, options: AppOptions) -> App {
        let mut app = App::unsettled(guide, options);
        let resumed = app.screen == Screen::Walk;
        app.enter_node();
        if resumed && let Some(m) = app.start_message.clone() {
            app.status = Some(Message::info(m));
        }
        app
    }

    /// The start screen of a guide that is still loading, drawn from its `[guide]` table alone
    /// (see [`crate::guide::preview`]). It only draws; the loaded guide replaces it before any key
    /// is handled.
    pub fn preview(meta: Meta, options: AppOptions) -> App {
        let mut app = App::new(Guide::preview(meta), AppOptions { session: None, ..options });
        app.loading = true;
        app
    }

    /// Lays out for a new terminal size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        settle(self);
    }

    /// Handles one key press: the keymap decides the action, [`update`] applies it. Releases
    /// (which some terminals report) are ignored.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        match keymap::resolve(&self.contexts(), key, self.key_state()) {
            Some(action) => {
                // A status line answers the key before; the next key clears it.
                self.status = None;
                update(self, action)
            }
            None => Vec::new(),
        }
    }

    /// Handles pasted text (bracketed paste): it goes into the box with focus, never answers.
    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        super::paste(self, text)
    }

    /// Handles the mouse (with `--mouse`): the wheel scrolls, a click highlights an option or
    /// checklist item, and a click on the highlighted one chooses or ticks it.
    pub fn mouse(&mut self, event: &crossterm::event::MouseEvent) -> Vec<Effect> {
        use crossterm::event::{MouseButton, MouseEventKind};
        match event.kind {
            MouseEventKind::ScrollUp => update(self, Action::Up),
            MouseEventKind::ScrollDown => update(self, Action::Down),
            MouseEventKind::Down(MouseButton::Left) => click(self, event.column, event.row),
            _ => Vec::new(),
        }
    }

    /// Applies an action directly (tests and the mouse use this).
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        update(self, action)
    }

    /// Arrives at the session's current node: the page is set up for it and laid out.
    pub(crate) fn enter_node(&mut self) {
        self.arrive();
        settle(self);
    }
}
