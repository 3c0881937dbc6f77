//! Keys on the page underneath any overlay: the start screen, each kind of question, and the
//! checklist, with scrolling and moving the highlight by the page's measured layout.

use super::edit_line;
use super::walk::{advance, back, submit};
use crate::guide::{NodeKind, Value};
use crate::tui::action::Action;
use crate::tui::app::{App, Message, Screen};
use crate::tui::effect::Effect;
use crate::tui::input::LineInput;
use crate::tui::layout::{self, rich::settle_scroll};

pub(super) fn update_start(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm if layout::more_below(app) => scroll_text(app, Action::PageDown),
        Action::Confirm => {
            app.screen = Screen::Walk;
            app.enter_node();
        }
        other => scroll_text(app, other),
    }
    Vec::new()
}

/// Scrolls a page of text by lines or screens.
fn scroll_text(app: &mut App, action: Action) {
    let height = layout::page_view(app).area.height.max(1) as usize;
    let s = &mut app.page.scroll;
    match action {
        Action::Up => *s = s.saturating_sub(1),
        Action::Down => *s += 1,
        Action::PageUp => *s = s.saturating_sub(height.saturating_sub(1).max(1)),
        Action::PageDown => *s += height.saturating_sub(1).max(1),
        Action::Home => *s = 0,
        Action::End => *s = usize::MAX / 2,
        _ => {}
    }
}

/// Moves the highlight of a list: by one, by a screenful, or to either end. Past either end of
/// the list the page scrolls instead, so text above or below the list can be read.
fn move_cursor(app: &mut App, action: Action, count: usize) {
    if count == 0 {
        scroll_text(app, action);
        return;
    }
    let pv = layout::page_view(app);
    let height = pv.area.height.max(1) as usize;
    let c = app.page.cursor.min(count - 1);
    let beyond = match action {
        Action::Down | Action::PageDown | Action::End => c == count - 1,
        Action::Up | Action::PageUp | Action::Home => c == 0,
        _ => false,
    };
    if beyond {
        if !app.page.free_scroll {
            // Start from what is on screen now.
            let focus = pv.body.focus.clone();
            app.page.scroll = settle_scroll(app.page.scroll, pv.body.len(), height, focus);
        }
        app.page.free_scroll = true;
        scroll_text(app, action);
        return;
    }
    app.page.free_scroll = false;
    app.page.cursor = match action {
        Action::Up => c.saturating_sub(1),
        Action::Down => (c + 1).min(count - 1),
        Action::Home => 0,
        Action::End => count - 1,
        Action::PageDown => page_jump(&pv.body.items, c, height, true),
        Action::PageUp => page_jump(&pv.body.items, c, height, false),
        _ => c,
    };
}

/// The list entry about a screen away from `from`.
fn page_jump(items: &[std::ops::Range<usize>], from: usize, height: usize, down: bool) -> usize {
    let Some(here) = items.get(from) else { return from };
    let step = height.saturating_sub(1).max(1);
    if down {
        let target = here.start + step;
        let last = items.iter().rposition(|r| r.start <= target).unwrap_or(from);
        last.max((from + 1).min(items.len() - 1))
    } else {
        let target = here.start.saturating_sub(step);
        let first = items.iter().position(|r| r.start >= target).unwrap_or(0);
        first.min(from.saturating_sub(1))
    }
}

pub(super) fn update_node(app: &mut App, action: Action) -> Vec<Effect> {
    let node = app.guide.node(app.page.node);
    match &node.kind {
        NodeKind::Info { .. } | NodeKind::Compare { .. } | NodeKind::Branch { .. } => match action {
            // Nothing is skipped: Enter shows the rest of the page before it moves on.
            Action::Confirm if layout::more_below(app) => {
                scroll_text(app, Action::PageDown);
                Vec::new()
            }
            Action::Confirm => advance(app),
            Action::Back => back(app),
            other => {
                scroll_text(app, other);
                Vec::new()
            }
        },
        NodeKind::Choice { options } => {
            let count = options.len();
            match action {
                Action::Confirm => choose(app, app.page.cursor),
                Action::Pick(n) if (1..=count).contains(&usize::from(n)) => {
                    app.page.cursor = usize::from(n) - 1;
                    choose(app, usize::from(n) - 1)
                }
                Action::Pick(n) => {
                    app.page.message = Some(Message::error(format!("There is no option {n} here.")));
                    Vec::new()
                }
                Action::Skip => submit(app, None),
                Action::Back => back(app),
                other => {
                    move_cursor(app, other, count);
                    Vec::new()
                }
            }
        }
        NodeKind::Multi { options, min, max, .. } => {
            let (count, min, max) = (options.len(), *min, *max);
            match action {
                Action::Toggle => {
                    tick(app, app.page.cursor, max);
                    Vec::new()
                }
                Action::Pick(n) if (1..=count).contains(&usize::from(n)) => {
                    app.page.cursor = usize::from(n) - 1;
                    tick(app, usize::from(n) - 1, max);
                    Vec::new()
                }
                Action::Pick(n) => {
                    app.page.message = Some(Message::error(format!("There is no option {n} here.")));
                    Vec::new()
                }
                Action::Confirm => {
                    let picked: Vec<String> = options
                        .iter()
                        .zip(&app.page.ticks)
                        .filter(|(_, t)| **t)
                        .map(|(o, _)| o.value.clone())
                        .collect();
                    if picked.len() < min {
                        app.page.message = Some(Message::error(format!("Pick at least {min}.")));
                        return Vec::new();
                    }
                    submit(app, Some(&Value::List(picked)))
                }
                Action::Back => back(app),
                other => {
                    move_cursor(app, other, count);
                    Vec::new()
                }
            }
        }
        NodeKind::End => update_checklist(app, action),
        // A box to type in (a number, a date, text): see `guide::entry`.
        _ => update_input(app, action),
    }
}

fn tick(app: &mut App, index: usize, max: usize) {
    let Some(&ticked) = app.page.ticks.get(index) else { return };
    let count = app.page.ticks.iter().filter(|t| **t).count();
    if !ticked && count >= max {
        app.page.message = Some(Message::error(if max == 1 {
            "You can pick only one. Untick it first to pick another.".to_string()
        } else {
            format!("You can pick up to {max}. Untick one first to pick another.")
        }));
        return;
    }
    app.page.ticks[index] = !ticked;
    app.page.message = None;
}

fn update_input(app: &mut App, action: Action) -> Vec<Effect> {
    let accepts = app.guide.node(app.page.node).kind.entry().map(|e| e.accepts());
    let (is_number, whole, max_len) =
        accepts.map_or((false, false, usize::MAX), |a| (a.digits_only, a.whole, a.max_chars));
    let editing = app.page.editing;
    match action {
        Action::Confirm => submit_input(app),
        Action::Close if editing => {
            app.page.editing = false;
            Vec::new()
        }
        Action::Edit => {
            app.page.editing = true;
            Vec::new()
        }
        Action::Back => back(app),
        Action::Insert(c) if editing => {
            if whole && c == '.' {
                app.page.message = Some(Message::error("Whole numbers only here, like 3."));
            } else if is_number && !(c.is_ascii_digit() || matches!(c, ',' | '.' | '$' | '-' | ' ' | '_')) {
                app.page.message =
                    Some(Message::error("Only digits go here (like 1,200). Letters and symbols are left out."));
            } else if app.page.input.len() >= max_len {
                app.page.message = Some(Message::error(format!("Keep it to {max_len} characters.")));
            } else {
                app.page.input.insert(c);
                app.page.message = None;
            }
            Vec::new()
        }
        Action::DeleteBack if editing => edit(app, LineInput::backspace),
        Action::DeleteForward if editing => edit(app, LineInput::delete),
        Action::CursorLeft if editing => edit(app, |i| {
            i.left();
            true
        }),
        Action::CursorRight if editing => edit(app, |i| {
            i.right();
            true
        }),
        Action::CursorHome if editing => edit(app, |i| {
            i.home();
            true
        }),
        Action::CursorEnd if editing => edit(app, |i| {
            i.end();
            true
        }),
        a if editing && edit_line(&mut app.page.input, a).is_some() => {
            app.page.message = None;
            Vec::new()
        }
        other => {
            scroll_text(app, other);
            Vec::new()
        }
    }
}

fn edit(app: &mut App, f: impl FnOnce(&mut LineInput) -> bool) -> Vec<Effect> {
    f(&mut app.page.input);
    app.page.message = None;
    Vec::new()
}

fn submit_input(app: &mut App) -> Vec<Effect> {
    let text = app.page.input.text().trim().to_string();
    let node = app.guide.node(app.page.node);
    let optional = node.question.as_ref().is_some_and(|q| q.optional);
    let Some(entry) = node.kind.entry() else { return Vec::new() };
    if text.is_empty() {
        if optional {
            return submit(app, None);
        }
        app.page.editing = true;
        app.page.message = Some(Message::error(entry.empty_prompt()));
        return Vec::new();
    }
    // Only what cannot be read at all is refused here; limits are the session's to check, with
    // the same words wherever an answer comes from.
    match entry.parse(&text) {
        Ok(value) => submit(app, Some(&value)),
        Err(why) => {
            app.page.editing = true;
            app.page.message = Some(Message::error(why));
            Vec::new()
        }
    }
}

fn choose(app: &mut App, index: usize) -> Vec<Effect> {
    let value = app.guide.node(app.page.node).options().get(index).map(|o| Value::Text(o.value.clone()));
    match value {
        Some(v) => submit(app, Some(&v)),
        None => Vec::new(),
    }
}

fn update_checklist(app: &mut App, action: Action) -> Vec<Effect> {
    let items = app.session.checklist(&app.guide);
    let keys: Vec<String> = items.items().map(|i| i.key.clone()).collect();
    if matches!(action, Action::Toggle | Action::Confirm) {
        // Acting on the highlighted item brings it back into view.
        app.page.free_scroll = false;
    }
    match action {
        Action::Toggle => {
            if let Some(key) = keys.get(app.page.cursor) {
                app.session.toggle(key);
                app.saved_fresh = false;
                return vec![Effect::SaveSession];
            }
            Vec::new()
        }
        Action::Confirm => {
            if app.page.cursor < keys.len() {
                app.page.open = if app.page.open == Some(app.page.cursor) { None } else { Some(app.page.cursor) };
            }
            Vec::new()
        }
        Action::Back => back(app),
        other => {
            move_cursor(app, other, keys.len());
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_jumps_move_about_a_screen() {
        let items: Vec<std::ops::Range<usize>> = (0..20).map(|i| i * 2..i * 2 + 2).collect();
        assert_eq!(page_jump(&items, 0, 10, true), 4);
        assert_eq!(page_jump(&items, 10, 10, false), 6);
        assert_eq!(page_jump(&items, 19, 10, true), 19);
        assert_eq!(page_jump(&items, 0, 10, false), 0);
    }
}
