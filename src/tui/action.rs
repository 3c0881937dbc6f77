//! What a person can ask the interface to do, independent of the key that asks for it.
//!
//! Keys become actions through the one table in [`super::keymap`]; [`super::update::update`]
//! turns an action into a change of state. The same action means the natural thing on each
//! screen (Confirm chooses an option, continues past a page, submits an answer, opens a
//! checklist item), so the table stays small and the keys stay the same everywhere.

/// One thing a person asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the highlight up, or scroll up a line on a page of text.
    Up,
    /// Move the highlight down, or scroll down a line.
    Down,
    /// Scroll up a screenful (or move the highlight up a screenful).
    PageUp,
    /// Scroll down a screenful.
    PageDown,
    /// Go to the top.
    Home,
    /// Go to the bottom.
    End,
    /// Choose, continue, submit, open: what Enter does on this screen.
    Confirm,
    /// Tick or untick the highlighted box.
    Toggle,
    /// Pick option number 1 to 9 (a choice picks and continues; a multi toggles). In the keymap
    /// table the number is taken from the key, so the table holds `Pick(0)` once for all digits.
    Pick(u8),
    /// Leave an optional question unanswered and go on.
    Skip,
    /// Go back to the previous question.
    Back,
    /// Show the keys that work here.
    Help,
    /// Search questions, options, checklist items, resources and terms.
    Search,
    /// Review every answer so far, with why each question was asked, and change one.
    Review,
    /// Say why this page or question came up: the answers that led here, or the guide's reason.
    Why,
    /// Show the definitions of the glossary terms on this screen.
    Glossary,
    /// Save the checklist to a file (once the checklist exists).
    Save,
    /// Show who wrote the guide, who paid for it, conflicts of interest, how it is kept up to
    /// date and how to report an error.
    About,
    /// In the save dialog: include the answers to private questions, or leave them out again.
    TogglePrivate,
    /// Quit, asking first when the checklist was not saved.
    Quit,
    /// Quit at once, restoring the terminal (Ctrl-C).
    ForceQuit,
    /// Hand the terminal back to the shell for now (Ctrl-Z); `fg` resumes.
    Suspend,
    /// Draw the whole screen again (Ctrl-L), in case something else wrote on it.
    Redraw,
    /// Close the overlay on top, or leave an input box.
    Close,
    /// Go back into the input box to edit the answer.
    Edit,
    /// Type a character into the focused input.
    Insert(char),
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Move the input cursor left.
    CursorLeft,
    /// Move the input cursor right.
    CursorRight,
    /// Move the input cursor to the start.
    CursorHome,
    /// Move the input cursor to the end.
    CursorEnd,
    /// Move the input cursor to the start of the word before it.
    WordLeft,
    /// Move the input cursor past the end of the word after it.
    WordRight,
    /// Delete everything before the cursor.
    DeleteToStart,
    /// Delete everything from the cursor on.
    DeleteToEnd,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Switch the save format (Markdown, plain text, JSON, HTML).
    CycleFormat,
    /// Answer yes to a question such as "Replace it?".
    Yes,
    /// Answer no.
    No,
}
