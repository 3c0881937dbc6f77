//! The interface with no terminal: keys go in as the strings the keymap reads ("down", "ctrl-c"),
//! effects run as the event loop would run them, and frames are drawn into ratatui's
//! `TestBackend` to be read as text or cell by cell.

use crossterm::event::{KeyEvent, KeyEventKind, KeyEventState};
use guidepost::engine::Session;
use guidepost::guide::Guide;
use guidepost::tui::keymap::parse_key;
use guidepost::tui::theme::Theme;
use guidepost::tui::{App, AppOptions, Effect, Flow, TuiHooks, perform, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Counts the sessions handed to the hooks, keeping the last: what autosave would have written.
#[derive(Default)]
pub struct Recorder {
    pub calls: usize,
    pub last: Option<Session>,
}

impl TuiHooks for Recorder {
    fn session_changed(&mut self, _guide: &Guide, session: &Session) {
        self.calls += 1;
        self.last = Some(session.clone());
    }
}

/// A key press as the terminal would report it, from a keymap string.
pub fn key_event(spec: &str) -> KeyEvent {
    let k = parse_key(spec).unwrap_or_else(|e| panic!("{e}"));
    KeyEvent { code: k.code, modifiers: k.modifiers, kind: KeyEventKind::Press, state: KeyEventState::NONE }
}

/// The app, its hooks, and the size of the window it draws into.
pub struct Harness {
    pub app: App,
    pub hooks: Recorder,
    pub size: (u16, u16),
}

impl Harness {
    /// The guide in a window of this size, in the default theme.
    pub fn new(guide: Guide, width: u16, height: u16) -> Harness {
        Harness::with(guide, AppOptions { size: (width, height), ..AppOptions::default() })
    }

    /// The guide in a window of this size and theme.
    pub fn themed(guide: Guide, size: (u16, u16), theme: Theme) -> Harness {
        Harness::with(guide, AppOptions { size, theme, ..AppOptions::default() })
    }

    pub fn with(guide: Guide, options: AppOptions) -> Harness {
        let size = options.size;
        Harness { app: App::new(guide, options), hooks: Recorder::default(), size }
    }

    /// Presses keys given as space-separated key strings ("down down enter", "ctrl-c").
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        self.effects(keys);
        self
    }

    /// Presses keys like [`Harness::keys`] and returns the effects the loop acted on, with
    /// [`Effect::Quit`] added where acting on one ended the loop.
    pub fn effects(&mut self, keys: &str) -> Vec<Effect> {
        let mut all = Vec::new();
        for k in keys.split_whitespace() {
            all.extend(self.press(&key_event(k)));
        }
        all
    }

    pub fn press(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let mut all = Vec::new();
        for effect in self.app.handle_key(key) {
            all.push(effect.clone());
            if perform(&mut self.app, effect, &mut self.hooks) == Flow::Quit {
                all.push(Effect::Quit);
            }
        }
        all
    }

    /// Types text one character at a time.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            let spec = if c == ' ' { "space".to_string() } else { c.to_string() };
            self.press(&key_event(&spec));
        }
        self
    }

    /// Pastes text as a terminal with bracketed paste hands it over: in one piece.
    pub fn paste(&mut self, text: &str) {
        for effect in self.app.paste(text) {
            perform(&mut self.app, effect, &mut self.hooks);
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.size = (width, height);
        self.app.resize(width, height);
        self
    }

    fn draw(&self) -> Terminal<TestBackend> {
        let mut term = Terminal::new(TestBackend::new(self.size.0, self.size.1)).unwrap();
        term.draw(|f| view::render(&self.app, f)).unwrap();
        term
    }

    pub fn buffer(&self) -> Buffer {
        self.draw().backend().buffer().clone()
    }

    /// Where the terminal cursor is after drawing, if it is shown.
    pub fn cursor(&self) -> Option<(u16, u16)> {
        let term = self.draw();
        let b = term.backend();
        b.cursor_visible().then(|| (b.cursor_position().x, b.cursor_position().y))
    }

    /// The frame as `TestBackend` prints it, for snapshots.
    pub fn screen(&self) -> String {
        self.draw().backend().to_string()
    }

    /// The frame's symbols, one line a row, with no quoting.
    pub fn text(&self) -> String {
        buffer_text(&self.buffer())
    }

    /// The key of the node on screen.
    pub fn current(&self) -> String {
        self.app.guide().node(self.app.session().current()).key.clone()
    }

    /// What the input box holds.
    pub fn input(&self) -> String {
        self.app.page().input.text().to_string()
    }
}

pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The row of the screen holding `needle`, and the column where it starts.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect();
        if let Some(byte) = line.find(needle) {
            let col = line[..byte].chars().count() as u16;
            return Some((col, y));
        }
    }
    None
}
