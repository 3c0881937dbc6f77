//! Word wrapping for plain text: the text export, plain mode and `guidepost explain` lay out
//! their lines the same way. (The interface wraps styled spans itself, in `tui::view::rich`.)

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// True for a word that must stay whole even past the edge, because a broken URL stops
/// working: anything with `://`, `www.` or `mailto:` in it.
pub fn is_url_like(word: &str) -> bool {
    word.contains("://") || word.contains("www.") || word.contains("mailto:")
}

/// Splits a word wider than `width` columns into pieces that fit (by character, so wide
/// characters are never cut in half).
fn split_long(word: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut used = 0;
    for c in word.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width && !piece.is_empty() {
            pieces.push(std::mem::take(&mut piece));
            used = 0;
        }
        piece.push(c);
        used += w;
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// Wraps text to `width` columns with a hanging indent. A word too long for a line is split,
/// except a URL, which is kept whole on a line of its own (a broken link would not work).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (pi, para) in text.split('\n').enumerate() {
        let prefix = if pi == 0 { first } else { rest };
        // A list item's later lines hang under its text, not under its dash.
        let hanging = if para.starts_with("- ") { format!("{rest}  ") } else { rest.to_string() };
        let rest = hanging.as_str();
        let mut line = String::from(prefix);
        let mut line_has_word = false;
        let mut current = prefix.width();
        let room = width.saturating_sub(rest.width().max(prefix.width())).max(1);
        let words = para.split_whitespace().flat_map(|word| {
            if word.width() > room && !is_url_like(word) { split_long(word, room) } else { vec![word.to_string()] }
        });
        for word in words {
            let w = word.width();
            if line_has_word && current + 1 + w > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(rest);
                current = rest.width();
                line_has_word = false;
            }
            if line_has_word {
                line.push(' ');
                current += 1;
            }
            line.push_str(&word);
            current += w;
            line_has_word = true;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
