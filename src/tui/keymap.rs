//! The one table of key bindings. Dispatch, the footer hints and the `?` help overlay are all read
//! from [`BINDINGS`], so the help can never drift from what the keys do.
//!
//! Keys are written as strings (`"enter"`, `"ctrl-c"`, `"?"`, `"pagedown"`) and parsed by
//! [`parse_key`]. Each binding belongs to one [`Context`]; a screen looks bindings up in a short
//! list of contexts, most specific first (for example a choice question uses
//! `[Choice, Walk, Global]`), so `q` quits on a question but types a `q` inside a text box.

use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere, even while typing.
    Global,
    /// Every screen of the walk while no input box has focus (help, search, review, quit...).
    Walk,
    /// The start screen.
    Start,
    /// A page of text.
    Info,
    /// Pick one option.
    Choice,
    /// Tick any number of options.
    Multi,
    /// Typing into a number or text answer.
    Editing,
    /// A number or text question whose input box does not have focus.
    Input,
    /// The side-by-side grid.
    Compare,
    /// The checklist at the end.
    Checklist,
    /// The help overlay.
    Help,
    /// The search overlay.
    Search,
    /// The review overlay.
    Review,
    /// The glossary overlay.
    Glossary,
    /// Details of a search result.
    Details,
    /// "Quit without saving?"
    Quit,
    /// The save dialog.
    Save,
    /// "About this guide".
    About,
    /// "Replace the existing file?"
    Replace,
    /// Problems found when the guide was reloaded.
    Problems,
}

impl Context {
    /// Whether a printable key that no binding claims is typed into an input here.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Editing | Context::Search | Context::Save)
    }

    /// The heading of this context's keys in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere",
            Context::Walk => "On every screen",
            Context::Start => "Start",
            Context::Info => "Reading a page",
            Context::Choice => "Choosing one option",
            Context::Multi => "Ticking options",
            Context::Editing => "Typing an answer",
            Context::Input => "An answer box",
            Context::Compare => "Comparing options",
            Context::Checklist => "Your checklist",
            Context::Help => "Help",
            Context::Search => "Search",
            Context::Review => "Review",
            Context::Glossary => "Terms",
            Context::Details => "Details",
            Context::Quit => "Quit",
            Context::Save => "Saving",
            Context::About => "About this guide",
            Context::Replace => "Replace a file",
            Context::Problems => "Problems in the guide",
        }
    }
}

/// When a binding is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Always.
    Always,
    /// Once the checklist exists (the end has been reached).
    ChecklistReady,
    /// When the guide says who wrote it, who paid and the like (`[guide]` disclosure keys).
    About,
    /// On a question the guide marks `optional`.
    Optional,
}

/// Facts about the moment that decide whether conditional bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct State {
    /// The end has been reached, so there is a checklist to save.
    pub checklist_ready: bool,
    /// A page of text has more below the window, so Enter shows it rather than moving on.
    pub more_below: bool,
    /// The guide has something to say under "About this guide".
    pub about: bool,
    /// The question on screen may be left unanswered.
    pub optional: bool,
}

/// One binding: keys, what they do, and how the help describes them.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys, as strings for [`parse_key`].
    pub keys: &'static [&'static str],
    /// How the keys are shown when that differs from listing them (`"↑↓"`, `"1–9"`).
    pub shown: Option<&'static str>,
    /// What it does (`Pick(0)` takes the number from the digit key).
    pub action: Action,
    /// One or two words for the footer.
    pub label: &'static str,
    /// A sentence for the help overlay.
    pub description: &'static str,
    /// Shown in the footer (the help overlay shows every binding).
    pub footer: bool,
    /// When it is offered.
    pub only: Only,
}

const fn b(
    context: Context,
    keys: &'static [&'static str],
    action: Action,
    label: &'static str,
    description: &'static str,
) -> Binding {
    Binding { context, keys, shown: None, action, label, description, footer: false, only: Only::Always }
}

impl Binding {
    const fn footer(mut self) -> Binding {
        self.footer = true;
        self
    }
    const fn shown(mut self, shown: &'static str) -> Binding {
        self.shown = Some(shown);
        self
    }
    const fn only(mut self, only: Only) -> Binding {
        self.only = only;
        self
    }
}

use Action as A;
use Context as C;

const DIGITS: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Every key binding, in the order the footer and the help list them.
pub static BINDINGS: &[Binding] = &[
    // Anywhere.
    b(C::Global, &["ctrl-c"], A::ForceQuit, "quit now", "Quit at once; the terminal is put back as it was"),
    b(C::Global, &["ctrl-z"], A::Suspend, "pause", "Pause and go back to the shell; type fg to return"),
    b(C::Global, &["ctrl-l"], A::Redraw, "redraw", "Draw the whole screen again"),
    b(C::Global, &["shift-tab"], A::Back, "back", "Go back to the previous step, even from inside a box"),
    // Every walk screen.
    b(C::Walk, &["s"], A::Save, "save", "Save your checklist to a file").footer().only(Only::ChecklistReady),
    b(C::Walk, &["/"], A::Search, "search", "Search questions, options, checklist items, resources and terms"),
    b(C::Walk, &["r"], A::Review, "review", "See your answers so far and why each question was asked; change one"),
    b(C::Walk, &["w"], A::Why, "why here", "Say why this page or question came up: the answers that led here"),
    b(C::Walk, &["g"], A::Glossary, "terms", "Explain the underlined terms on this screen"),
    b(C::Walk, &["a"], A::About, "about", "Who wrote this guide, who paid for it and how it is kept up to date")
        .only(Only::About),
    b(C::Walk, &["?"], A::Help, "help", "Show every key that works here").footer(),
    b(C::Walk, &["q"], A::Quit, "quit", "Quit (asks first if your checklist is not saved)").footer(),
    b(C::Walk, &["esc"], A::Close, "return", "After opening a search result: return to where the search began"),
    // Start screen.
    b(C::Start, &["enter"], A::Confirm, "begin", "Show the rest of the page, then begin the guide").footer(),
    b(C::Start, &["a"], A::About, "about", "Who wrote this guide, who paid for it and how it is kept up to date")
        .footer()
        .only(Only::About),
    b(C::Start, &["up", "k"], A::Up, "scroll", "Scroll up").shown("↑↓"),
    b(C::Start, &["down", "j"], A::Down, "scroll", "Scroll down"),
    b(C::Start, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Start, &["pagedown"], A::PageDown, "page down", "Scroll down a screen"),
    // A page of text.
    b(C::Info, &["enter"], A::Confirm, "continue", "Show the rest of the page, then go on to the next step").footer(),
    b(C::Info, &["up", "k"], A::Up, "scroll", "Scroll up a line").shown("↑↓").footer(),
    b(C::Info, &["down", "j"], A::Down, "scroll", "Scroll down a line"),
    b(C::Info, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Info, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Info, &["home"], A::Home, "top", "Go to the top"),
    b(C::Info, &["end"], A::End, "bottom", "Go to the bottom"),
    b(C::Info, &["backspace", "left"], A::Back, "back", "Go back to the previous step").shown("←").footer(),
    // Choice.
    b(C::Choice, &["enter"], A::Confirm, "choose", "Choose the highlighted option and continue").footer(),
    b(C::Choice, &["up", "k"], A::Up, "move", "Highlight the option above").shown("↑↓").footer(),
    b(C::Choice, &["down", "j"], A::Down, "move", "Highlight the option below"),
    b(C::Choice, DIGITS, A::Pick(0), "pick", "Choose that option by its number and continue").shown("1–9").footer(),
    b(C::Choice, &["x"], A::Skip, "skip", "Leave this optional question unanswered and continue")
        .footer()
        .only(Only::Optional),
    b(C::Choice, &["home"], A::Home, "first", "Highlight the first option"),
    b(C::Choice, &["end"], A::End, "last", "Highlight the last option"),
    b(C::Choice, &["pageup"], A::PageUp, "page up", "Move up a screen"),
    b(C::Choice, &["pagedown"], A::PageDown, "page down", "Move down a screen"),
    b(C::Choice, &["backspace", "left"], A::Back, "back", "Go back to the previous step").shown("←").footer(),
    // Multi.
    b(C::Multi, &["space"], A::Toggle, "tick", "Tick or untick the highlighted option").footer(),
    b(C::Multi, &["enter"], A::Confirm, "continue", "Continue with the options ticked").footer(),
    b(C::Multi, &["up", "k"], A::Up, "move", "Highlight the option above").shown("↑↓").footer(),
    b(C::Multi, &["down", "j"], A::Down, "move", "Highlight the option below"),
    b(C::Multi, DIGITS, A::Pick(0), "tick", "Tick or untick that option by its number").shown("1–9"),
    b(C::Multi, &["home"], A::Home, "first", "Highlight the first option"),
    b(C::Multi, &["end"], A::End, "last", "Highlight the last option"),
    b(C::Multi, &["pageup"], A::PageUp, "page up", "Move up a screen"),
    b(C::Multi, &["pagedown"], A::PageDown, "page down", "Move down a screen"),
    b(C::Multi, &["backspace", "left"], A::Back, "back", "Go back to the previous step").shown("←").footer(),
    // Typing an answer.
    b(C::Editing, &["enter"], A::Confirm, "continue", "Check the answer and continue").footer(),
    b(C::Editing, &["esc"], A::Close, "more keys", "Leave the box: then ← goes back and q, ?, / work").footer(),
    b(C::Editing, &["left"], A::CursorLeft, "left", "Move the cursor left"),
    b(C::Editing, &["right"], A::CursorRight, "right", "Move the cursor right"),
    b(C::Editing, &["home", "ctrl-a"], A::CursorHome, "start", "Move the cursor to the start"),
    b(C::Editing, &["end", "ctrl-e"], A::CursorEnd, "end", "Move the cursor to the end"),
    b(C::Editing, &["alt-left", "alt-b"], A::WordLeft, "word left", "Move the cursor to the word before"),
    b(C::Editing, &["alt-right", "alt-f"], A::WordRight, "word right", "Move the cursor past the next word"),
    b(C::Editing, &["ctrl-u"], A::DeleteToStart, "clear", "Delete everything before the cursor"),
    b(C::Editing, &["ctrl-k"], A::DeleteToEnd, "delete to end", "Delete everything from the cursor on"),
    b(C::Editing, &["ctrl-w"], A::DeleteWord, "delete word", "Delete the word before the cursor"),
    b(C::Editing, &["backspace"], A::DeleteBack, "delete", "Delete the character before the cursor"),
    b(C::Editing, &["delete"], A::DeleteForward, "delete", "Delete the character under the cursor"),
    b(C::Editing, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Editing, &["pagedown"], A::PageDown, "page down", "Scroll down a screen"),
    // An answer box without focus.
    b(C::Input, &["enter"], A::Confirm, "continue", "Check the answer and continue").footer(),
    b(C::Input, &["e", "tab"], A::Edit, "edit", "Go back into the box to change the answer").footer(),
    b(C::Input, &["up", "k"], A::Up, "scroll", "Scroll up a line").shown("↑↓"),
    b(C::Input, &["down", "j"], A::Down, "scroll", "Scroll down a line"),
    b(C::Input, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Input, &["pagedown"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Input, &["backspace", "left"], A::Back, "back", "Go back to the previous step").shown("←").footer(),
    // Compare.
    b(C::Compare, &["enter"], A::Confirm, "continue", "Show the rest of the page, then go on to the next step")
        .footer(),
    b(C::Compare, &["up", "k"], A::Up, "scroll", "Scroll up a line").shown("↑↓").footer(),
    b(C::Compare, &["down", "j"], A::Down, "scroll", "Scroll down a line"),
    b(C::Compare, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Compare, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Compare, &["home"], A::Home, "top", "Go to the top"),
    b(C::Compare, &["end"], A::End, "bottom", "Go to the bottom"),
    b(C::Compare, &["backspace", "left"], A::Back, "back", "Go back to the previous step").shown("←").footer(),
    // Checklist.
    b(C::Checklist, &["space"], A::Toggle, "tick", "Tick or untick the highlighted item").footer(),
    b(C::Checklist, &["enter"], A::Confirm, "details", "Show or hide the details of the highlighted item").footer(),
    b(C::Checklist, &["up", "k"], A::Up, "move", "Highlight the item above").shown("↑↓").footer(),
    b(C::Checklist, &["down", "j"], A::Down, "move", "Highlight the item below"),
    b(C::Checklist, &["home"], A::Home, "first", "Highlight the first item"),
    b(C::Checklist, &["end"], A::End, "last", "Highlight the last item and the resources"),
    b(C::Checklist, &["pageup"], A::PageUp, "page up", "Move up a screen"),
    b(C::Checklist, &["pagedown"], A::PageDown, "page down", "Move down a screen"),
    b(C::Checklist, &["backspace", "left"], A::Back, "back", "Go back to the last question").shown("←"),
    // Help.
    b(C::Help, &["esc", "?", "q"], A::Close, "close", "Close the help").footer(),
    b(C::Help, &["up", "k"], A::Up, "scroll", "Scroll up").shown("↑↓").footer(),
    b(C::Help, &["down", "j"], A::Down, "scroll", "Scroll down"),
    b(C::Help, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Help, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Help, &["home"], A::Home, "top", "Go to the top"),
    b(C::Help, &["end"], A::End, "bottom", "Go to the bottom"),
    // Search.
    b(C::Search, &["enter"], A::Confirm, "open", "Go to the highlighted result").footer(),
    b(C::Search, &["up", "ctrl-p"], A::Up, "move", "Highlight the result above").shown("↑↓").footer(),
    b(C::Search, &["down", "ctrl-n"], A::Down, "move", "Highlight the result below"),
    b(C::Search, &["pageup"], A::PageUp, "page up", "Move up a screen"),
    b(C::Search, &["pagedown"], A::PageDown, "page down", "Move down a screen"),
    b(C::Search, &["esc"], A::Close, "close", "Close the search").footer(),
    b(C::Search, &["backspace"], A::DeleteBack, "delete", "Delete the character before the cursor"),
    b(C::Search, &["delete"], A::DeleteForward, "delete", "Delete the character under the cursor"),
    b(C::Search, &["left"], A::CursorLeft, "left", "Move the cursor left"),
    b(C::Search, &["right"], A::CursorRight, "right", "Move the cursor right"),
    b(C::Search, &["home", "ctrl-a"], A::CursorHome, "start", "Move the cursor to the start"),
    b(C::Search, &["end", "ctrl-e"], A::CursorEnd, "end", "Move the cursor to the end"),
    b(C::Search, &["alt-left", "alt-b"], A::WordLeft, "word left", "Move the cursor to the word before"),
    b(C::Search, &["alt-right", "alt-f"], A::WordRight, "word right", "Move the cursor past the next word"),
    b(C::Search, &["ctrl-u"], A::DeleteToStart, "clear", "Delete everything before the cursor"),
    b(C::Search, &["ctrl-k"], A::DeleteToEnd, "delete to end", "Delete everything from the cursor on"),
    b(C::Search, &["ctrl-w"], A::DeleteWord, "delete word", "Delete the word before the cursor"),
    // Review.
    b(C::Review, &["enter"], A::Confirm, "change", "Go back to the highlighted question to change it").footer(),
    b(C::Review, &["up", "k"], A::Up, "move", "Highlight the answer above").shown("↑↓").footer(),
    b(C::Review, &["down", "j"], A::Down, "move", "Highlight the answer below"),
    b(C::Review, &["pageup"], A::PageUp, "page up", "Move up a screen"),
    b(C::Review, &["pagedown"], A::PageDown, "page down", "Move down a screen"),
    b(C::Review, &["home"], A::Home, "first", "Highlight the first answer"),
    b(C::Review, &["end"], A::End, "last", "Highlight the last answer"),
    b(C::Review, &["esc", "r", "q"], A::Close, "close", "Close the review").footer(),
    // Glossary.
    b(C::Glossary, &["esc", "g", "q"], A::Close, "close", "Close the terms").footer(),
    b(C::Glossary, &["up", "k"], A::Up, "scroll", "Scroll up").shown("↑↓").footer(),
    b(C::Glossary, &["down", "j"], A::Down, "scroll", "Scroll down"),
    b(C::Glossary, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Glossary, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Glossary, &["home"], A::Home, "top", "Go to the top"),
    b(C::Glossary, &["end"], A::End, "bottom", "Go to the bottom"),
    // Details.
    b(C::Details, &["esc", "enter", "q"], A::Close, "close", "Close the details").footer(),
    b(C::Details, &["up", "k"], A::Up, "scroll", "Scroll up").shown("↑↓").footer(),
    b(C::Details, &["down", "j"], A::Down, "scroll", "Scroll down"),
    b(C::Details, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Details, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Details, &["home"], A::Home, "top", "Go to the top"),
    b(C::Details, &["end"], A::End, "bottom", "Go to the bottom"),
    // Quit?
    b(C::Quit, &["y", "q"], A::Yes, "quit", "Quit without saving the checklist").footer(),
    b(C::Quit, &["s"], A::Save, "save and quit", "Save the checklist, then quit").footer(),
    b(C::Quit, &["n", "esc"], A::No, "stay", "Stay in the guide").footer(),
    // Save dialog.
    b(C::Save, &["enter"], A::Confirm, "save", "Save the checklist to this file").footer(),
    b(C::Save, &["tab"], A::CycleFormat, "format", "Switch between Markdown, plain text, JSON and HTML").footer(),
    b(C::Save, &["esc"], A::Close, "cancel", "Close without saving").footer(),
    b(C::Save, &["ctrl-p"], A::TogglePrivate, "private answers", "Include your private answers, or leave them out"),
    b(C::Save, &["backspace"], A::DeleteBack, "delete", "Delete the character before the cursor"),
    b(C::Save, &["delete"], A::DeleteForward, "delete", "Delete the character under the cursor"),
    b(C::Save, &["left"], A::CursorLeft, "left", "Move the cursor left"),
    b(C::Save, &["right"], A::CursorRight, "right", "Move the cursor right"),
    b(C::Save, &["home", "ctrl-a"], A::CursorHome, "start", "Move the cursor to the start"),
    b(C::Save, &["end", "ctrl-e"], A::CursorEnd, "end", "Move the cursor to the end"),
    b(C::Save, &["alt-left", "alt-b"], A::WordLeft, "word left", "Move the cursor to the word before"),
    b(C::Save, &["alt-right", "alt-f"], A::WordRight, "word right", "Move the cursor past the next word"),
    b(C::Save, &["ctrl-u"], A::DeleteToStart, "clear", "Delete everything before the cursor"),
    b(C::Save, &["ctrl-k"], A::DeleteToEnd, "delete to end", "Delete everything from the cursor on"),
    b(C::Save, &["ctrl-w"], A::DeleteWord, "delete word", "Delete the word before the cursor"),
    // About this guide.
    b(C::About, &["esc", "a", "q"], A::Close, "close", "Close this page").footer(),
    b(C::About, &["up", "k"], A::Up, "scroll", "Scroll up").shown("↑↓").footer(),
    b(C::About, &["down", "j"], A::Down, "scroll", "Scroll down"),
    b(C::About, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::About, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    // Replace?
    b(C::Replace, &["y"], A::Yes, "replace", "Replace the existing file").footer(),
    b(C::Replace, &["n", "esc"], A::No, "keep it", "Keep the file and choose another name").footer(),
    // Problems after a reload.
    b(C::Problems, &["esc"], A::Close, "hide", "Hide the problems (fix the guide and save to reload)").footer(),
    b(C::Problems, &["up", "k"], A::Up, "scroll", "Scroll up").shown("↑↓").footer(),
    b(C::Problems, &["down", "j"], A::Down, "scroll", "Scroll down"),
    b(C::Problems, &["pageup"], A::PageUp, "page up", "Scroll up a screen"),
    b(C::Problems, &["pagedown", "space"], A::PageDown, "page down", "Scroll down a screen"),
    b(C::Problems, &["q"], A::Quit, "quit", "Quit").footer(),
];

/// A parsed key: a code and the modifiers held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is part of the character for printable keys).
    pub modifiers: KeyModifiers,
}

/// Parses a key string: a name (`enter`, `esc`, `tab`, `backspace`, `delete`, `space`, `up`,
/// `down`, `left`, `right`, `home`, `end`, `pageup`, `pagedown`, `f1`…`f12`) or one character,
/// optionally after `ctrl-`, `alt-` or `shift-` (only `shift-tab` is meaningful).
pub fn parse_key(s: &str) -> Result<KeySpec, String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
            modifiers |= KeyModifiers::CONTROL;
            rest = &rest[5..];
        } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
            modifiers |= KeyModifiers::ALT;
            rest = &rest[4..];
        } else if rest.chars().count() > 1 && lower.starts_with("shift-") {
            modifiers |= KeyModifiers::SHIFT;
            rest = &rest[6..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (None, _) => return Err(format!("\"{s}\" names no key")),
        (Some(c), None) => {
            let c = if modifiers.contains(KeyModifiers::CONTROL) { c.to_ascii_lowercase() } else { c };
            KeyCode::Char(c)
        }
        _ => match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "insert" => KeyCode::Insert,
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n) if (1..=12).contains(&n) => KeyCode::F(n),
                _ => return Err(format!("\"{s}\" is not a key name")),
            },
            _ => return Err(format!("\"{s}\" is not a key name")),
        },
    };
    if code == KeyCode::BackTab {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    if matches!(code, KeyCode::Char(_)) && modifiers.contains(KeyModifiers::SHIFT) {
        return Err(format!("\"{s}\": write the shifted character itself (\"?\", \"Q\") instead of shift-"));
    }
    Ok(KeySpec { code, modifiers })
}

/// A key event reduced to what bindings compare: Shift is dropped where the character or code
/// already carries it (`?`, `Q`, back-tab), and Ctrl letters are lowercase.
pub fn normalize(key: &KeyEvent) -> KeySpec {
    let mut modifiers = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let mut code = key.code;
    match code {
        KeyCode::Char(c) => {
            modifiers.remove(KeyModifiers::SHIFT);
            if modifiers.contains(KeyModifiers::CONTROL) {
                code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        KeyCode::BackTab => modifiers.remove(KeyModifiers::SHIFT),
        _ => {}
    }
    KeySpec { code, modifiers }
}

fn parsed() -> &'static [Vec<KeySpec>] {
    static PARSED: OnceLock<Vec<Vec<KeySpec>>> = OnceLock::new();
    PARSED.get_or_init(|| BINDINGS.iter().map(|b| b.keys.iter().filter_map(|k| parse_key(k).ok()).collect()).collect())
}

fn offered(b: &Binding, state: State) -> bool {
    match b.only {
        Only::Always => true,
        Only::ChecklistReady => state.checklist_ready,
        Only::About => state.about,
        Only::Optional => state.optional,
    }
}

fn lookup(contexts: &[Context], spec: KeySpec, state: State) -> Option<Action> {
    for ctx in contexts {
        for (binding, keys) in BINDINGS.iter().zip(parsed()) {
            if binding.context != *ctx || !offered(binding, state) {
                continue;
            }
            if keys.contains(&spec) {
                return Some(match (binding.action, spec.code) {
                    (Action::Pick(_), KeyCode::Char(c)) => Action::Pick(c.to_digit(10).map_or(0, |d| d as u8)),
                    (a, _) => a,
                });
            }
        }
    }
    None
}

/// What a key press means in these contexts (most specific first), or `None` when it means
/// nothing here. In a context that takes text, a printable key that no binding claims types
/// itself. Elsewhere an uppercase letter falls back to its lowercase binding, so Caps Lock or
/// Shift does not make `Q` dead.
pub fn resolve(contexts: &[Context], key: &KeyEvent, state: State) -> Option<Action> {
    let spec = normalize(key);
    if let Some(a) = lookup(contexts, spec, state) {
        return Some(a);
    }
    if let KeyCode::Char(c) = spec.code
        && spec.modifiers.difference(KeyModifiers::SHIFT).is_empty()
    {
        if contexts.first().is_some_and(|c| c.takes_text()) {
            return (!c.is_control()).then_some(Action::Insert(c));
        }
        if c.is_ascii_uppercase() {
            return lookup(contexts, KeySpec { code: KeyCode::Char(c.to_ascii_lowercase()), ..spec }, state);
        }
    }
    None
}

/// How one key string reads for people: `↑`, `Enter`, `Ctrl-C`, `PgDn`, `?`.
pub fn key_label(key: &str) -> String {
    let Ok(spec) = parse_key(key) else { return key.to_string() };
    let mut out = String::new();
    if spec.modifiers.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
    }
    if spec.modifiers.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    let name = match spec.code {
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::Delete => "Delete".to_string(),
        KeyCode::Insert => "Insert".to_string(),
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(c) if spec.modifiers.contains(KeyModifiers::CONTROL) => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    };
    out.push_str(&name);
    out
}

/// How a binding's keys read in the help overlay: every key, `/`-separated.
pub fn keys_label(b: &Binding) -> String {
    if b.keys.len() > 3
        && let Some(s) = b.shown
    {
        return s.to_string();
    }
    b.keys.iter().map(|k| key_label(k)).collect::<Vec<_>>().join("/")
}

/// The short form for the footer: the `shown` text, or the first key.
pub fn footer_keys(b: &Binding) -> String {
    b.shown.map_or_else(|| b.keys.first().map(|k| key_label(k)).unwrap_or_default(), str::to_string)
}

/// The footer hints for a screen: `(keys, label, action)` in table order, only bindings
/// offered here.
pub fn footer(contexts: &[Context], state: State) -> Vec<(String, &'static str, Action)> {
    contexts
        .iter()
        .flat_map(|ctx| BINDINGS.iter().filter(move |b| b.context == *ctx))
        .filter(|b| b.footer && offered(b, state))
        .map(|b| {
            let label = if state.more_below && b.action == Action::Confirm { "read on" } else { b.label };
            (footer_keys(b), label, b.action)
        })
        .collect()
}

/// The help overlay for a screen: each context with its bindings, `(keys, description)`.
pub fn help(contexts: &[Context], state: State) -> Vec<(Context, Vec<(String, &'static str)>)> {
    contexts
        .iter()
        .map(|ctx| {
            let rows = BINDINGS
                .iter()
                .filter(|b| b.context == *ctx && offered(b, state))
                .map(|b| (keys_label(b), b.description))
                .collect::<Vec<_>>();
            (*ctx, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventKind, KeyEventState};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent { code, modifiers, kind: KeyEventKind::Press, state: KeyEventState::NONE }
    }

    #[test]
    fn key_strings_parse() {
        assert_eq!(
            parse_key("ctrl-c").unwrap(),
            KeySpec { code: KeyCode::Char('c'), modifiers: KeyModifiers::CONTROL }
        );
        assert_eq!(parse_key("Ctrl-C").unwrap().code, KeyCode::Char('c'));
        assert_eq!(parse_key("enter").unwrap().code, KeyCode::Enter);
        assert_eq!(parse_key("space").unwrap().code, KeyCode::Char(' '));
        assert_eq!(parse_key("?").unwrap().code, KeyCode::Char('?'));
        assert_eq!(parse_key("-").unwrap().code, KeyCode::Char('-'));
        assert_eq!(parse_key("pagedown").unwrap().code, KeyCode::PageDown);
        assert_eq!(parse_key("f1").unwrap().code, KeyCode::F(1));
        assert_eq!(parse_key("shift-tab").unwrap(), KeySpec { code: KeyCode::BackTab, modifiers: KeyModifiers::NONE });
        assert!(parse_key("").is_err());
        assert!(parse_key("enterr").is_err());
        assert!(parse_key("f13").is_err());
        assert!(parse_key("shift-a").is_err());
    }

    #[test]
    fn every_key_in_the_table_parses() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty(), "{:?} has no key", b.action);
            for k in b.keys {
                assert!(parse_key(k).is_ok(), "{k} does not parse");
            }
        }
    }

    #[test]
    fn a_key_is_bound_at_most_once_per_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for bb in &BINDINGS[i + 1..] {
                if a.context == bb.context {
                    for k in a.keys {
                        assert!(!bb.keys.contains(k), "{k} is bound twice in {:?}", a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn every_key_action_is_in_the_table_and_so_in_the_help() {
        let keyed = [
            A::Up,
            A::Down,
            A::PageUp,
            A::PageDown,
            A::Home,
            A::End,
            A::Confirm,
            A::Toggle,
            A::Pick(0),
            A::Back,
            A::Help,
            A::Search,
            A::Review,
            A::Glossary,
            A::Save,
            A::About,
            A::TogglePrivate,
            A::Quit,
            A::ForceQuit,
            A::Suspend,
            A::Redraw,
            A::Close,
            A::Edit,
            A::DeleteBack,
            A::DeleteForward,
            A::CursorLeft,
            A::CursorRight,
            A::CursorHome,
            A::CursorEnd,
            A::WordLeft,
            A::WordRight,
            A::DeleteToStart,
            A::DeleteToEnd,
            A::DeleteWord,
            A::CycleFormat,
            A::Yes,
            A::No,
        ];
        for a in keyed {
            let b = BINDINGS.iter().find(|b| b.action == a);
            assert!(b.is_some(), "{a:?} has no key");
            let b = b.unwrap();
            let help = help(&[b.context], State { checklist_ready: true, about: true, ..State::default() });
            assert!(help.iter().any(|(_, rows)| rows.iter().any(|(_, d)| *d == b.description)));
        }
    }

    #[test]
    fn the_footer_lists_only_keys_that_work_on_the_screen() {
        let ctx = [C::Choice, C::Walk, C::Global];
        let f = footer(&ctx, State::default());
        let labels: Vec<&str> = f.iter().map(|(_, l, _)| *l).collect();
        assert!(labels.contains(&"choose"));
        assert!(!labels.contains(&"save"), "no checklist yet, so no save: {labels:?}");
        assert!(!labels.contains(&"tick"), "ticking is for multi questions");
        assert!(!labels.contains(&"skip"), "only an optional question can be skipped");
        let ready = footer(&ctx, State { checklist_ready: true, about: true, ..State::default() });
        assert!(ready.iter().any(|(k, l, _)| k == "s" && *l == "save"));
        // Every footer entry resolves to its action in that screen.
        for (binding, _) in BINDINGS.iter().zip(parsed()).filter(|(b, _)| b.footer && ctx.contains(&b.context)) {
            let spec = parse_key(binding.keys[0]).unwrap();
            let key = press(spec.code, spec.modifiers);
            let all = State { checklist_ready: true, about: true, optional: true, ..State::default() };
            let got = resolve(&ctx, &key, all).unwrap();
            match binding.action {
                A::Pick(_) => assert!(matches!(got, A::Pick(1..=9))),
                a => assert_eq!(got, a),
            }
        }
    }

    #[test]
    fn digits_pick_by_number() {
        let ctx = [C::Choice, C::Walk, C::Global];
        let key = press(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(resolve(&ctx, &key, State::default()), Some(A::Pick(3)));
    }

    #[test]
    fn shift_and_caps_lock_letters_still_work() {
        let ctx = [C::Choice, C::Walk, C::Global];
        assert_eq!(resolve(&ctx, &press(KeyCode::Char('Q'), KeyModifiers::SHIFT), State::default()), Some(A::Quit));
        assert_eq!(resolve(&ctx, &press(KeyCode::Char('?'), KeyModifiers::SHIFT), State::default()), Some(A::Help));
        assert_eq!(
            resolve(&ctx, &press(KeyCode::Char('C'), KeyModifiers::CONTROL), State::default()),
            Some(A::ForceQuit)
        );
    }

    #[test]
    fn typing_contexts_take_letters_but_ctrl_c_still_quits() {
        let ctx = [C::Editing, C::Global];
        assert_eq!(
            resolve(&ctx, &press(KeyCode::Char('q'), KeyModifiers::NONE), State::default()),
            Some(A::Insert('q'))
        );
        assert_eq!(
            resolve(&ctx, &press(KeyCode::Char('Q'), KeyModifiers::SHIFT), State::default()),
            Some(A::Insert('Q'))
        );
        assert_eq!(
            resolve(&ctx, &press(KeyCode::Char('c'), KeyModifiers::CONTROL), State::default()),
            Some(A::ForceQuit)
        );
        assert_eq!(
            resolve(&ctx, &press(KeyCode::Backspace, KeyModifiers::NONE), State::default()),
            Some(A::DeleteBack)
        );
        assert_eq!(
            resolve(&[C::Input, C::Walk, C::Global], &press(KeyCode::Backspace, KeyModifiers::NONE), State::default()),
            Some(A::Back)
        );
    }

    #[test]
    fn unbound_keys_mean_nothing() {
        let ctx = [C::Info, C::Walk, C::Global];
        assert_eq!(resolve(&ctx, &press(KeyCode::Char('x'), KeyModifiers::NONE), State::default()), None);
        assert_eq!(resolve(&ctx, &press(KeyCode::F(5), KeyModifiers::NONE), State::default()), None);
    }

    #[test]
    fn keys_read_well() {
        assert_eq!(key_label("ctrl-c"), "Ctrl-C");
        assert_eq!(key_label("pagedown"), "PgDn");
        assert_eq!(key_label("up"), "↑");
        assert_eq!(key_label("space"), "Space");
        let digits = BINDINGS.iter().find(|b| matches!(b.action, A::Pick(_))).unwrap();
        assert_eq!(keys_label(digits), "1–9");
    }
}
