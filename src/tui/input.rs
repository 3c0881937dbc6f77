//! A one-line text input with a cursor, for number and text answers, the search box and the save
//! dialog's path. Positions are counted in characters, so editing never splits a character.

use unicode_width::UnicodeWidthStr;

/// The text typed so far and where the cursor is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in characters, `0..=len`.
    cursor: usize,
    /// The text was filled in for the person (an earlier answer or a default) and not touched
    /// yet: typing replaces it, as with selected text, so "6" never becomes "62" by surprise.
    prefilled: bool,
}

impl LineInput {
    /// An input holding `text`, with the cursor at the end.
    pub fn with_text(text: &str) -> LineInput {
        let mut i = LineInput::default();
        i.set(text);
        i
    }

    /// An input holding an earlier answer or a default: the first character typed replaces it,
    /// while moving the cursor or deleting keeps it for editing.
    pub fn prefilled(text: &str) -> LineInput {
        let mut i = LineInput::with_text(text);
        i.prefilled = !i.text.is_empty();
        i
    }

    /// True while the filled-in text is untouched (shown selected).
    pub fn is_prefilled(&self) -> bool {
        self.prefilled
    }

    /// What was typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the text and puts the cursor at the end.
    pub fn set(&mut self, text: &str) {
        self.prefilled = false;
        self.text = text.chars().filter(|c| !c.is_control()).collect();
        self.cursor = self.len();
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_pos: usize) -> usize {
        self.text.char_indices().nth(char_pos).map_or(self.text.len(), |(b, _)| b)
    }

    /// Types a character at the cursor. Control characters are ignored: they could never be
    /// shown safely and no answer needs them.
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        if std::mem::take(&mut self.prefilled) {
            self.text.clear();
            self.cursor = 0;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Types a whole text at the cursor at once (a paste): one insertion however long the text,
    /// control characters left out. Returns how many characters went in.
    pub fn insert_str(&mut self, text: &str) -> usize {
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        if clean.is_empty() {
            return 0;
        }
        if std::mem::take(&mut self.prefilled) {
            self.text.clear();
            self.cursor = 0;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        let n = clean.chars().count();
        self.cursor += n;
        n
    }

    /// Deletes the character before the cursor; false when there was none.
    pub fn backspace(&mut self) -> bool {
        self.prefilled = false;
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    /// Deletes the character under the cursor; false when there was none.
    pub fn delete(&mut self) -> bool {
        self.prefilled = false;
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    /// Moves the cursor one character left.
    pub fn left(&mut self) {
        self.prefilled = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor one character right.
    pub fn right(&mut self) {
        self.prefilled = false;
        self.cursor = (self.cursor + 1).min(self.len());
    }

    /// Moves the cursor to the start.
    pub fn home(&mut self) {
        self.prefilled = false;
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.prefilled = false;
        self.cursor = self.len();
    }

    /// The character positions where words start and end, for moving and deleting by words.
    fn chars(&self) -> Vec<char> {
        self.text.chars().collect()
    }

    /// The start of the word before the cursor (spaces before it skipped).
    fn word_start(&self) -> usize {
        let chars = self.chars();
        let mut at = self.cursor;
        while at > 0 && chars[at - 1].is_whitespace() {
            at -= 1;
        }
        while at > 0 && !chars[at - 1].is_whitespace() {
            at -= 1;
        }
        at
    }

    /// Moves the cursor to the start of the word before it.
    pub fn word_left(&mut self) {
        self.prefilled = false;
        self.cursor = self.word_start();
    }

    /// Moves the cursor past the end of the word after it.
    pub fn word_right(&mut self) {
        self.prefilled = false;
        let chars = self.chars();
        let mut at = self.cursor;
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        while at < chars.len() && !chars[at].is_whitespace() {
            at += 1;
        }
        self.cursor = at;
    }

    /// Deletes the characters between two positions, leaving the cursor at the first.
    fn remove_range(&mut self, from: usize, to: usize) -> bool {
        self.prefilled = false;
        if from >= to {
            return false;
        }
        let (a, b) = (self.byte_at(from), self.byte_at(to));
        self.text.replace_range(a..b, "");
        self.cursor = from;
        true
    }

    /// Deletes everything before the cursor (Ctrl-U).
    pub fn delete_to_start(&mut self) -> bool {
        self.remove_range(0, self.cursor)
    }

    /// Deletes everything from the cursor on (Ctrl-K).
    pub fn delete_to_end(&mut self) -> bool {
        let len = self.len();
        let cursor = self.cursor;
        self.remove_range(cursor, len)
    }

    /// Deletes the word before the cursor (Ctrl-W).
    pub fn delete_word(&mut self) -> bool {
        let start = self.word_start();
        let cursor = self.cursor;
        self.remove_range(start, cursor)
    }

    /// The display width of the text before the cursor, for placing the terminal cursor.
    pub fn cursor_width(&self) -> usize {
        self.text[..self.byte_at(self.cursor)].width()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_replaces_a_prefilled_answer() {
        let mut i = LineInput::prefilled("6");
        i.insert('2');
        assert_eq!(i.text(), "2");
        i.insert('0');
        assert_eq!(i.text(), "20", "only the first key replaces");
    }

    #[test]
    fn moving_the_cursor_keeps_a_prefilled_answer_for_editing() {
        let mut i = LineInput::prefilled("6");
        i.end();
        i.insert('0');
        assert_eq!(i.text(), "60");
        let mut j = LineInput::prefilled("60");
        assert!(j.backspace());
        assert_eq!(j.text(), "6");
    }

    #[test]
    fn editing_in_the_middle_keeps_characters_whole() {
        let mut i = LineInput::with_text("café");
        i.left();
        i.insert('x');
        assert_eq!(i.text(), "cafxé");
        assert!(i.backspace());
        i.home();
        assert!(i.delete());
        assert_eq!(i.text(), "afé");
        i.end();
        assert!(!i.delete());
        assert!(i.backspace());
        assert_eq!(i.text(), "af");
        assert_eq!(i.cursor(), 2);
    }

    #[test]
    fn control_characters_never_enter_the_text() {
        let mut i = LineInput::with_text("a\u{1b}[2Jb");
        i.insert('\u{7}');
        assert_eq!(i.text(), "a[2Jb");
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_in_one_piece() {
        let mut i = LineInput::with_text("ab");
        i.left();
        assert_eq!(i.insert_str("x\u{1b}y"), 2);
        assert_eq!(i.text(), "axyb");
        assert_eq!(i.cursor(), 3);
        let mut p = LineInput::prefilled("6");
        p.insert_str("12");
        assert_eq!(p.text(), "12", "a paste replaces a prefilled answer like typing does");
    }

    #[test]
    fn words_and_ends_delete_as_in_a_shell() {
        let mut i = LineInput::with_text("Molina  Health care");
        assert!(i.delete_word());
        assert_eq!(i.text(), "Molina  Health ");
        i.word_left();
        assert_eq!(i.cursor(), 8);
        i.word_left();
        assert_eq!(i.cursor(), 0);
        i.word_right();
        assert_eq!(i.cursor(), 6);
        assert!(i.delete_to_end());
        assert_eq!(i.text(), "Molina");
        i.left();
        assert!(i.delete_to_start());
        assert_eq!(i.text(), "a");
        assert_eq!(i.cursor(), 0);
        assert!(!i.delete_to_start());
    }

    #[test]
    fn cursor_width_counts_wide_characters() {
        let mut i = LineInput::with_text("日本");
        assert_eq!(i.cursor_width(), 4);
        i.left();
        assert_eq!(i.cursor_width(), 2);
    }
}
