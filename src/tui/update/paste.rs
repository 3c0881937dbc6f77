//! Pasted text (bracketed paste): one line into the box that has focus, never an answer.

use std::path::Path;

use super::settle;
use crate::export::Format;
use crate::search::MAX_HITS;
use crate::tui::app::{App, Message, Overlay, Screen};
use crate::tui::effect::Effect;

/// The longest search query kept from a paste.
const MAX_QUERY: usize = 200;

/// The longest file path kept from a paste.
const MAX_PATH: usize = 4096;

/// A paste as one line: line breaks and tabs become spaces, and breaks at either end go.
fn paste_line(raw: &str) -> String {
    let trimmed = raw.trim_matches(['\r', '\n']);
    let mut out = String::with_capacity(trimmed.len());
    let mut after_cr = false;
    for c in trimmed.chars() {
        match c {
            // A Windows line break is one break, not two spaces.
            '\n' if after_cr => {}
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
        after_cr = c == '\r';
    }
    out
}

/// The part of `text` that fits in `room` characters, and whether anything was cut.
fn fit(text: &str, room: usize) -> (&str, bool) {
    match text.char_indices().nth(room) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

/// Pasted text goes into the box that has focus, as one line, cut at the box's limit with a
/// note; it never answers anything. With no box in focus it is ignored.
pub fn paste(app: &mut App, raw: &str) -> Vec<Effect> {
    let text = paste_line(raw);
    match app.overlay.as_mut() {
        Some(Overlay::Search(state)) => {
            let (part, cut) = fit(&text, MAX_QUERY.saturating_sub(state.query.len()));
            if state.query.insert_str(part) > 0 {
                state.hits = app.index.as_ref().map(|i| i.search(state.query.text(), MAX_HITS)).unwrap_or_default();
                state.cursor = 0;
                state.scroll = 0;
            }
            app.status = cut.then(|| Message::info(format!("The paste was cut to {MAX_QUERY} characters.")));
        }
        Some(Overlay::Save(d)) if !d.confirm_replace => {
            let (part, cut) = fit(&text, MAX_PATH.saturating_sub(d.path.len()));
            d.path.insert_str(part);
            d.error = cut.then(|| format!("The paste was cut to {MAX_PATH} characters."));
            if let Some(f) = Format::from_path(Path::new(d.path.text().trim())) {
                d.format = f;
            }
        }
        None if app.screen == Screen::Walk && app.page.editing => paste_answer(app, &text),
        // No box has focus: a paste means nothing here.
        Some(_) | None => {}
    }
    settle(app);
    Vec::new()
}

fn paste_answer(app: &mut App, text: &str) {
    let Some(accepts) = app.guide.node(app.page.node).kind.entry().map(|e| e.accepts()) else { return };
    let (is_number, limit) = (accepts.digits_only, accepts.max_chars);
    let kept: String;
    let mut dropped = false;
    let text = if is_number {
        kept = text
            .chars()
            .filter(|c| {
                let ok = c.is_ascii_digit() || matches!(c, ',' | '.' | '$' | '-' | ' ' | '_');
                dropped |= !ok;
                ok
            })
            .collect();
        kept.as_str()
    } else {
        text
    };
    let used = if app.page.input.is_prefilled() { 0 } else { app.page.input.len() };
    let (part, cut) = fit(text, limit.saturating_sub(used));
    app.page.input.insert_str(part);
    app.page.message = if cut {
        Some(Message::info(format!("The paste was cut to fit: at most {limit} characters here.")))
    } else if dropped {
        Some(Message::error("Only digits go here (like 1,200). Letters and symbols are left out."))
    } else {
        None
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_become_one_line() {
        assert_eq!(paste_line("Molina Healthcare\n3\n2\n"), "Molina Healthcare 3 2");
        assert_eq!(paste_line("\r\na\r\nb\tc\r\n"), "a b c");
        assert_eq!(fit("héllo", 2), ("hé", true));
        assert_eq!(fit("hé", 2), ("hé", false));
    }
}
