//! Turning an [`Action`] into a change of [`App`] state. Pure: no input or output happens here;
//! whatever needs the outside world is returned as an [`Effect`].
//!
//! The functions at the bottom (`offer_save_path`, `ask_replace`, `save_finished`, `reload`)
//! are how results from the outside world come back in, so they too change state only here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::layout::Rect;

use super::action::Action;
use super::app::{App, Message, Overlay, SaveDialog, Screen, SearchState};
use super::effect::Effect;
use super::input::LineInput;
use super::layout::{self, rich::settle_scroll};
use crate::engine::Session;
use crate::engine::answer::parse_number;
use crate::engine::replay::replay;
use crate::export::Format;
use crate::guide::text::sanitize_line;
use crate::guide::{Guide, NodeId, NodeKind, Value};
use crate::search::{self, MAX_HITS, Target};

/// Applies one action; returns what the loop must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::ForceQuit => return vec![Effect::Interrupt],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Redraw => return vec![Effect::Redraw],
        _ => {}
    }
    // Measured while the overlay is still open: paging moves by its height.
    let overlay_height = layout::overlay_area_height(app);
    let effects = match app.overlay.take() {
        Some(overlay) => update_overlay(app, overlay, action, overlay_height),
        None => update_screen(app, action),
    };
    settle(app);
    effects
}

/// Keeps scroll offsets inside the text and the highlighted row in view, for the current size.
pub(crate) fn settle(app: &mut App) {
    if layout::too_small(Rect::new(0, 0, app.size.0, app.size.1)) {
        // Nothing is laid out; scroll positions wait for a usable size.
        return;
    }
    let pv = layout::page_view(app);
    let height = pv.area.height as usize;
    let focus = if app.page.free_scroll { None } else { pv.body.focus.clone() };
    app.page.scroll = settle_scroll(app.page.scroll, pv.body.len(), height, focus);
    if let Some(ov) = layout::overlay_view(app) {
        let height = ov.area.height as usize;
        let total = ov.body.len();
        let focus = ov.body.focus.clone();
        if let Some(scroll) = overlay_scroll(app) {
            *scroll = settle_scroll(*scroll, total, height, focus);
        }
    }
}

fn overlay_scroll(app: &mut App) -> Option<&mut usize> {
    match app.overlay.as_mut()? {
        Overlay::Help { scroll }
        | Overlay::Review { scroll, .. }
        | Overlay::Glossary { scroll }
        | Overlay::Details { scroll, .. }
        | Overlay::Problems { scroll }
        | Overlay::About { scroll }
        | Overlay::Search(SearchState { scroll, .. }) => Some(scroll),
        Overlay::Quit | Overlay::Save(_) => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The main screen
// ---------------------------------------------------------------------------------------------

fn update_screen(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Help => open(app, Overlay::Help { scroll: 0 }),
        Action::Search => {
            if app.index.is_none() {
                app.index = Some(search::Index::build(&app.guide));
            }
            open(
                app,
                Overlay::Search(SearchState { query: LineInput::default(), hits: Vec::new(), cursor: 0, scroll: 0 }),
            )
        }
        Action::Review => open(app, Overlay::Review { cursor: review_entries(app).len().saturating_sub(1), scroll: 0 }),
        Action::Glossary => open(app, Overlay::Glossary { scroll: 0 }),
        Action::Why if app.screen != Screen::Start => {
            let here = app.session.history().len().saturating_sub(1);
            let node = app.session.current();
            let why = crate::engine::why::why_asked(&app.guide, &app.session, here).describe_at(&app.guide, node);
            app.page.message = Some(Message::info(format!("Why this page: {why}")));
            Vec::new()
        }
        Action::Save => open_save(app, false),
        Action::About => open(app, Overlay::About { scroll: 0 }),
        Action::Quit => quit(app),
        Action::Close if app.search_return && !app.page.editing => return_from_search(app),
        _ if app.screen == Screen::Start => update_start(app, action),
        _ => update_node(app, action),
    }
}

fn open(app: &mut App, overlay: Overlay) -> Vec<Effect> {
    app.overlay = Some(overlay);
    Vec::new()
}

fn quit(app: &mut App) -> Vec<Effect> {
    if app.end_reached && !app.saved_fresh {
        app.overlay = Some(Overlay::Quit);
        Vec::new()
    } else {
        vec![Effect::Quit]
    }
}

fn open_save(app: &mut App, then_quit: bool) -> Vec<Effect> {
    if !app.end_reached {
        return Vec::new();
    }
    // Saving again offers the file saved before, to bring it up to date.
    if let Some(path) = app.saved.clone() {
        let format = Format::from_path(&path).unwrap_or(Format::Markdown);
        app.overlay = Some(Overlay::Save(SaveDialog {
            path: LineInput::with_text(&path.to_string_lossy()),
            format,
            error: None,
            confirm_replace: false,
            then_quit,
            include_private: app.include_private,
        }));
        return Vec::new();
    }
    app.overlay = Some(Overlay::Save(SaveDialog {
        path: LineInput::default(),
        format: Format::Markdown,
        error: None,
        confirm_replace: false,
        then_quit,
        include_private: app.include_private,
    }));
    vec![Effect::OfferSavePath {
        dir: app.save_dir.clone(),
        stem: format!("{}-checklist", app.guide.meta.id),
        ext: Format::Markdown.extension().to_string(),
    }]
}

fn update_start(app: &mut App, action: Action) -> Vec<Effect> {
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

fn update_node(app: &mut App, action: Action) -> Vec<Effect> {
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
        NodeKind::Number { .. } | NodeKind::Text { .. } => update_input(app, action),
        NodeKind::End => update_checklist(app, action),
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
    let (is_number, whole, max_len) = match &app.guide.node(app.page.node).kind {
        NodeKind::Number { whole, .. } => (true, *whole, usize::MAX),
        NodeKind::Text { max_len, .. } => (false, false, *max_len),
        _ => (false, false, usize::MAX),
    };
    let editing = app.page.editing;
    match action {
        Action::Confirm => submit_input(app, is_number),
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

/// The editing keys every box shares beyond single characters (words, and either end of the
/// line): `Some(true)` when the text changed, `Some(false)` when only the cursor moved, `None`
/// when the action is not one of them.
fn edit_line(input: &mut LineInput, action: Action) -> Option<bool> {
    match action {
        Action::WordLeft => input.word_left(),
        Action::WordRight => input.word_right(),
        Action::DeleteToStart => return Some(input.delete_to_start()),
        Action::DeleteToEnd => return Some(input.delete_to_end()),
        Action::DeleteWord => return Some(input.delete_word()),
        _ => return None,
    }
    Some(false)
}

fn edit(app: &mut App, f: impl FnOnce(&mut LineInput) -> bool) -> Vec<Effect> {
    f(&mut app.page.input);
    app.page.message = None;
    Vec::new()
}

fn submit_input(app: &mut App, is_number: bool) -> Vec<Effect> {
    let text = app.page.input.text().trim().to_string();
    let optional = app.guide.node(app.page.node).question.as_ref().is_some_and(|q| q.optional);
    if text.is_empty() {
        if optional {
            return submit(app, None);
        }
        app.page.editing = true;
        app.page.message = Some(Message::error(if is_number {
            "Type a number, then press Enter."
        } else {
            "Type an answer, then press Enter."
        }));
        return Vec::new();
    }
    let value = if is_number {
        let Some(n) = parse_number(&text) else {
            app.page.editing = true;
            app.page.message = Some(Message::error(format!(
                "“{}” is not a number. Type digits, like 6 or 1,200.",
                sanitize_line(&text)
            )));
            return Vec::new();
        };
        Value::Number(n)
    } else {
        Value::Text(text)
    };
    submit(app, Some(&value))
}

fn choose(app: &mut App, index: usize) -> Vec<Effect> {
    let value = app.guide.node(app.page.node).options().get(index).map(|o| Value::Text(o.value.clone()));
    match value {
        Some(v) => submit(app, Some(&v)),
        None => Vec::new(),
    }
}

/// Gives the answer (or skips an optional question) and moves on. After a change made from the
/// review or search, the walk skips ahead over what is still answered.
fn submit(app: &mut App, value: Option<&Value>) -> Vec<Effect> {
    let result = match value {
        Some(v) => app.session.answer(&app.guide, v),
        None => app.session.skip(&app.guide),
    };
    match result {
        Ok(()) => {
            moved(app);
            vec![Effect::SaveSession]
        }
        Err(e) => {
            app.page.message = Some(Message::error(sentence(&e.to_string())));
            if matches!(app.guide.node(app.page.node).kind, NodeKind::Number { .. } | NodeKind::Text { .. }) {
                app.page.editing = true;
            }
            Vec::new()
        }
    }
}

fn advance(app: &mut App) -> Vec<Effect> {
    match app.session.advance(&app.guide) {
        Ok(()) => {
            moved(app);
            vec![Effect::SaveSession]
        }
        Err(e) => {
            app.page.message = Some(Message::error(sentence(&e.to_string())));
            Vec::new()
        }
    }
}

/// Back to where the search began, after a result moved the walk to an earlier question: the
/// walk goes forward over everything still answered.
fn return_from_search(app: &mut App) -> Vec<Effect> {
    app.search_return = false;
    app.returning = false;
    app.session.fast_forward(&app.guide);
    app.screen = Screen::Walk;
    app.enter_node();
    vec![Effect::SaveSession]
}

fn moved(app: &mut App) {
    app.search_return = false;
    if app.returning {
        app.session.fast_forward(&app.guide);
        app.returning = false;
    }
    app.saved_fresh = false;
    app.status = None;
    app.enter_node();
}

fn back(app: &mut App) -> Vec<Effect> {
    app.returning = false;
    app.search_return = false;
    app.status = None;
    if app.session.back() {
        app.enter_node();
        vec![Effect::SaveSession]
    } else {
        app.screen = Screen::Start;
        app.page.scroll = 0;
        Vec::new()
    }
}

/// A message from the engine as a sentence: capital first letter, full stop.
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
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

// ---------------------------------------------------------------------------------------------
// Overlays
// ---------------------------------------------------------------------------------------------

fn update_overlay(app: &mut App, overlay: Overlay, action: Action, height: usize) -> Vec<Effect> {
    // Shift-Tab goes back from anywhere: the overlay closes and the walk steps back.
    if action == Action::Back && !matches!(overlay, Overlay::Problems { .. }) {
        return update_screen(app, Action::Back);
    }
    match overlay {
        Overlay::Help { scroll } => scroll_overlay(app, action, scroll, height, |s| Overlay::Help { scroll: s }),
        Overlay::Glossary { scroll } => {
            scroll_overlay(app, action, scroll, height, |s| Overlay::Glossary { scroll: s })
        }
        Overlay::About { scroll } => scroll_overlay(app, action, scroll, height, |s| Overlay::About { scroll: s }),
        Overlay::Problems { scroll } => {
            if action == Action::Quit {
                return quit(app);
            }
            scroll_overlay(app, action, scroll, height, |s| Overlay::Problems { scroll: s })
        }
        Overlay::Details { target, scroll } => {
            scroll_overlay(app, action, scroll, height, move |s| Overlay::Details { target, scroll: s })
        }
        Overlay::Quit => match action {
            Action::Yes => vec![Effect::Quit],
            Action::Save => open_save(app, true),
            Action::No | Action::Close => Vec::new(),
            _ => {
                app.overlay = Some(Overlay::Quit);
                Vec::new()
            }
        },
        Overlay::Review { cursor, scroll } => update_review(app, action, cursor, scroll, height),
        Overlay::Search(state) => update_search(app, state, action),
        Overlay::Save(dialog) => update_save(app, dialog, action),
    }
}

fn scroll_overlay(
    app: &mut App,
    action: Action,
    scroll: usize,
    height: usize,
    make: impl FnOnce(usize) -> Overlay,
) -> Vec<Effect> {
    if action == Action::Close {
        return Vec::new();
    }
    let step = height.saturating_sub(1).max(1);
    let s = match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll + 1,
        Action::PageUp => scroll.saturating_sub(step),
        Action::PageDown => scroll + step,
        Action::Home => 0,
        Action::End => usize::MAX / 2,
        _ => scroll,
    };
    app.overlay = Some(make(s));
    Vec::new()
}

/// The history indices of the questions answered so far, in order.
pub(crate) fn review_entries(app: &App) -> Vec<usize> {
    let hist = app.session.history();
    hist.iter().enumerate().take(hist.len().saturating_sub(1)).map(|(i, _)| i).collect()
}

fn update_review(app: &mut App, action: Action, cursor: usize, scroll: usize, height: usize) -> Vec<Effect> {
    let entries = review_entries(app);
    let count = entries.len();
    let last = count.saturating_sub(1);
    // An answer takes about four lines (title, answer, why, gap): a page is that many fewer.
    let (cursor, step) = (cursor.min(last), (height / 4).max(1));
    let cursor = match action {
        Action::Close => return Vec::new(),
        Action::Confirm => {
            return match entries.get(cursor) {
                Some(&index) => jump(app, index),
                None => Vec::new(),
            };
        }
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(step),
        Action::PageDown => (cursor + step).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => cursor,
    };
    app.overlay = Some(Overlay::Review { cursor, scroll });
    Vec::new()
}

/// Goes back to the node at `index` of the history so the person can change it; their later
/// answers are kept and replayed after the change.
fn jump(app: &mut App, index: usize) -> Vec<Effect> {
    let current = app.session.history().len().saturating_sub(1);
    if index >= current {
        app.screen = Screen::Walk;
        return Vec::new();
    }
    app.session.jump_to(index);
    app.screen = Screen::Walk;
    app.enter_node();
    app.returning = true;
    app.status = Some(Message::info("Change your answer if you like; your other answers are kept."));
    vec![Effect::SaveSession]
}

fn update_search(app: &mut App, mut state: SearchState, action: Action) -> Vec<Effect> {
    let count = state.hits.len();
    let last = count.saturating_sub(1);
    let mut requery = false;
    match action {
        Action::Close => return Vec::new(),
        Action::Confirm => {
            if let Some(hit) = state.hits.get(state.cursor) {
                let target = hit.target;
                return open_target(app, state, target);
            }
        }
        Action::Up => state.cursor = state.cursor.saturating_sub(1),
        Action::Down => state.cursor = (state.cursor + 1).min(last),
        Action::PageUp => state.cursor = state.cursor.saturating_sub(5),
        Action::PageDown => state.cursor = (state.cursor + 5).min(last),
        Action::Insert(c) => {
            state.query.insert(c);
            requery = true;
        }
        Action::DeleteBack => requery = state.query.backspace(),
        Action::DeleteForward => requery = state.query.delete(),
        Action::CursorLeft => state.query.left(),
        Action::CursorRight => state.query.right(),
        Action::CursorHome => state.query.home(),
        Action::CursorEnd => state.query.end(),
        other => requery = edit_line(&mut state.query, other).unwrap_or(false),
    }
    if requery {
        state.hits = app.index.as_ref().map(|i| i.search(state.query.text(), MAX_HITS)).unwrap_or_default();
        state.cursor = 0;
        state.scroll = 0;
        app.status = None;
    }
    app.overlay = Some(Overlay::Search(state));
    Vec::new()
}

fn open_target(app: &mut App, state: SearchState, target: Target) -> Vec<Effect> {
    let node = match target {
        Target::Node(id) | Target::Option { node: id, .. } => id,
        Target::Item(_) | Target::Resource(_) | Target::Term(_) => {
            app.overlay = Some(Overlay::Details { target, scroll: 0 });
            return Vec::new();
        }
    };
    if let Some(index) = where_on_path(app, node) {
        let here = app.session.history().len().saturating_sub(1);
        let effects = jump(app, index);
        // An option result opens its question with that option highlighted, not the answer.
        if let Target::Option { index: option, .. } = target
            && app.page.node == node
        {
            app.page.cursor = option;
        }
        if index < here {
            app.search_return = true;
            app.status = Some(Message::info(
                "Change your answer if you like; your other answers are kept. Esc returns to where you were.",
            ));
        }
        return effects;
    }
    let title = sanitize_line(&app.guide.node(node).title).into_owned();
    app.status =
        Some(Message::error(format!("You have not reached “{title}” yet. It opens once your answers lead there.")));
    app.overlay = Some(Overlay::Search(state));
    Vec::new()
}

/// Where a node is on the path walked (the latest visit), if it is there.
fn where_on_path(app: &App, node: NodeId) -> Option<usize> {
    app.session.history().iter().rposition(|v| v.node == node)
}

fn update_save(app: &mut App, mut d: SaveDialog, action: Action) -> Vec<Effect> {
    if d.confirm_replace {
        return match action {
            Action::Yes => {
                let effects = vec![Effect::SaveChecklist {
                    path: PathBuf::from(d.path.text().trim()),
                    format: d.format,
                    replace: true,
                    include_private: d.include_private,
                }];
                app.overlay = Some(Overlay::Save(d));
                effects
            }
            Action::No | Action::Close => {
                d.confirm_replace = false;
                d.error = Some("The file was kept. Change the name and press Enter.".to_string());
                app.overlay = Some(Overlay::Save(d));
                Vec::new()
            }
            _ => {
                app.overlay = Some(Overlay::Save(d));
                Vec::new()
            }
        };
    }
    let mut edited = false;
    match action {
        Action::Close => return Vec::new(),
        Action::Confirm => {
            let text = d.path.text().trim().to_string();
            if text.is_empty() {
                d.error = Some("Type a file name, such as checklist.md.".to_string());
                app.overlay = Some(Overlay::Save(d));
                return Vec::new();
            }
            // A name that asks for a format this program cannot write is not saved as another.
            if let Some(ext) = Path::new(&text).extension().map(|e| e.to_string_lossy().into_owned())
                && Format::from_path(Path::new(&text)).is_none()
            {
                d.error = Some(format!(
                    "A .{} file cannot be written here. End the name with {}.",
                    sanitize_line(&ext),
                    Format::endings_listed()
                ));
                app.overlay = Some(Overlay::Save(d));
                return Vec::new();
            }
            // The file saved before is brought up to date without asking.
            let replace = app.saved.as_deref().is_some_and(|p| same_file(p, Path::new(&text)));
            let effects = vec![Effect::SaveChecklist {
                path: PathBuf::from(text),
                format: d.format,
                replace,
                include_private: d.include_private,
            }];
            app.overlay = Some(Overlay::Save(d));
            return effects;
        }
        Action::TogglePrivate => d.include_private = !d.include_private,
        Action::CycleFormat => {
            d.format = d.format.next();
            let text = with_extension(d.path.text(), d.format);
            d.path.set(&text);
            d.error = None;
        }
        Action::Insert(c) => {
            d.path.insert(c);
            edited = true;
        }
        Action::DeleteBack => edited = d.path.backspace(),
        Action::DeleteForward => edited = d.path.delete(),
        Action::CursorLeft => d.path.left(),
        Action::CursorRight => d.path.right(),
        Action::CursorHome => d.path.home(),
        Action::CursorEnd => d.path.end(),
        other => edited = edit_line(&mut d.path, other).unwrap_or(false),
    }
    if edited {
        d.error = None;
        if let Some(f) = Format::from_path(Path::new(d.path.text().trim())) {
            d.format = f;
        }
    }
    app.overlay = Some(Overlay::Save(d));
    Vec::new()
}

/// The path with its extension set for a format (a known extension is replaced, anything else
/// kept and the extension added).
fn with_extension(path: &str, format: Format) -> String {
    let p = Path::new(path);
    let known = Format::from_path(p).is_some();
    match (known, path.rfind('.')) {
        (true, Some(dot)) => format!("{}.{}", &path[..dot], format.extension()),
        _ if path.trim().is_empty() => format!("checklist.{}", format.extension()),
        _ => format!("{path}.{}", format.extension()),
    }
}

// ---------------------------------------------------------------------------------------------
// The mouse
// ---------------------------------------------------------------------------------------------

/// A click at a cell: on an option or checklist item it highlights it; on the one already
/// highlighted it does what Enter does for an option and what Space does for a checklist item.
pub(crate) fn click(app: &mut App, column: u16, row: u16) -> Vec<Effect> {
    if app.overlay.is_some() || app.screen != Screen::Walk || layout::too_small(Rect::new(0, 0, app.size.0, app.size.1))
    {
        return Vec::new();
    }
    let pv = layout::page_view(app);
    let area = pv.area;
    if column < area.x || column >= area.right() || row < area.y || row >= area.bottom() {
        return Vec::new();
    }
    let scroll = settle_scroll(app.page.scroll, pv.body.len(), area.height as usize, None);
    let line = scroll + usize::from(row - area.y);
    let Some(index) = pv.body.items.iter().position(|r| r.contains(&line)) else { return Vec::new() };
    let again = index == app.page.cursor;
    app.page.cursor = index;
    app.page.free_scroll = false;
    let effects = if again {
        let action = match app.guide.node(app.page.node).kind {
            NodeKind::Multi { .. } | NodeKind::End => Action::Toggle,
            _ => Action::Confirm,
        };
        update_screen(app, action)
    } else {
        Vec::new()
    };
    settle(app);
    effects
}

// ---------------------------------------------------------------------------------------------
// Pasted text
// ---------------------------------------------------------------------------------------------

/// The longest search query kept from a paste.
const MAX_QUERY: usize = 200;
/// The longest file path kept from a paste.
const MAX_PATH: usize = 4096;
/// The longest number kept from a paste ("1,000,000,000.00" and then some).
const MAX_NUMBER: usize = 40;

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
    let (is_number, limit) = match &app.guide.node(app.page.node).kind {
        NodeKind::Number { .. } => (true, MAX_NUMBER),
        NodeKind::Text { max_len, .. } => (false, *max_len),
        _ => return,
    };
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

// ---------------------------------------------------------------------------------------------
// Results from the outside world
// ---------------------------------------------------------------------------------------------

/// The save dialog's suggested file name has been found.
pub(crate) fn offer_save_path(app: &mut App, path: &Path) {
    if let Some(Overlay::Save(d)) = &mut app.overlay
        && d.path.is_empty()
    {
        d.path.set(&path.to_string_lossy());
    }
}

/// The file exists: ask before replacing it.
pub(crate) fn ask_replace(app: &mut App) {
    if let Some(Overlay::Save(d)) = &mut app.overlay {
        d.confirm_replace = true;
        d.error = None;
    }
}

/// Whether two paths name the same file (as typed, or once made absolute).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || std::path::absolute(b).is_ok_and(|b| b == a)
}

/// Saving finished: on success the dialog closes and the full path is shown; on failure the
/// dialog stays open with the reason and the path still editable. Returns true when the save
/// was asked for on the way out, so the interface quits now.
pub(crate) fn save_finished(app: &mut App, result: Result<PathBuf, String>) -> bool {
    match result {
        Ok(path) => {
            let then_quit = matches!(&app.overlay, Some(Overlay::Save(d)) if d.then_quit);
            app.overlay = None;
            app.status = Some(Message::success(format!("Saved to {}", sanitize_line(&path.to_string_lossy()))));
            app.saved = Some(path);
            app.saved_fresh = true;
            if then_quit {
                return true;
            }
        }
        Err(reason) => {
            if let Some(Overlay::Save(d)) = &mut app.overlay {
                d.confirm_replace = false;
                d.error = Some(format!(
                    "Could not save: {}. Change the name or folder and press Enter.",
                    sanitize_line(&reason)
                ));
            }
        }
    }
    settle(app);
    false
}

/// The session the saved checklist is made from: the walk carried forward over every answer
/// already given, so saving from an earlier question still gives the whole checklist. The flag
/// says whether it reached an end.
pub(crate) fn report_session(app: &App) -> (Session, bool) {
    let mut s = app.session.clone();
    for _ in 0..app.guide.nodes.len() + 2 {
        s.fast_forward(&app.guide);
        if s.is_finished(&app.guide) {
            break;
        }
        let node = app.guide.node(s.current());
        if node.is_question() || s.advance(&app.guide).is_err() {
            break;
        }
    }
    let done = s.is_finished(&app.guide);
    (s, done)
}

/// The guide file changed on disk: reloads as [`reload`] does, then shows the problems of its
/// scenarios, if any, as warnings over the running guide.
pub fn reloaded(app: &mut App, reloaded: crate::authoring::watch::Reloaded) -> Vec<Effect> {
    let effects = reload(app, reloaded.guide);
    if let Some(warnings) = reloaded.warnings {
        app.problems = Some(warnings);
        if app.overlay.is_none() {
            app.overlay = Some(Overlay::Problems { scroll: 0 });
        }
        app.status = Some(Message::info(
            "The guide reloaded. Some [[tests]] scenarios have mistakes; they are listed as warnings.",
        ));
    }
    effects
}

/// The guide file changed on disk: `Ok` replays the answers over the new guide and stays on the
/// same question when it still exists; `Err` shows the problems and keeps the old guide running.
pub fn reload(app: &mut App, result: Result<Guide, String>) -> Vec<Effect> {
    match result {
        Ok(guide) => {
            let keys: Vec<String> = app.session.history().iter().map(|v| app.guide.node(v.node).key.clone()).collect();
            let replayed =
                replay(&guide, app.session.all_answers(), &BTreeMap::new(), &keys, app.session.ticked().clone());
            app.guide = guide;
            app.session = replayed.session;
            app.index = None;
            app.problems = None;
            app.returning = false;
            if !matches!(app.overlay, Some(Overlay::Help { .. } | Overlay::Save(_) | Overlay::Quit)) {
                app.overlay = None;
            }
            app.enter_node();
            let note = match replayed.flags.len() {
                0 => "The guide changed and was reloaded; your answers are kept.".to_string(),
                1 => "The guide changed and was reloaded; 1 answer needs a second look.".to_string(),
                n => format!("The guide changed and was reloaded; {n} answers need a second look."),
            };
            app.status = Some(Message::info(note));
            settle(app);
            vec![Effect::SaveSession]
        }
        Err(text) => {
            app.problems = Some(text);
            if app.overlay.is_none() || matches!(app.overlay, Some(Overlay::Problems { .. })) {
                app.overlay = Some(Overlay::Problems { scroll: 0 });
            }
            app.status = Some(Message::error("The guide has problems; fix them and save the file to reload."));
            settle(app);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_follow_the_format() {
        assert_eq!(with_extension("./g-checklist.md", Format::Text), "./g-checklist.txt");
        assert_eq!(with_extension("notes", Format::Json), "notes.json");
        assert_eq!(with_extension("a.b/notes.html", Format::Markdown), "a.b/notes.md");
        assert_eq!(with_extension("", Format::Html), "checklist.html");
    }

    #[test]
    fn pasted_lines_become_one_line() {
        assert_eq!(paste_line("Molina Healthcare\n3\n2\n"), "Molina Healthcare 3 2");
        assert_eq!(paste_line("\r\na\r\nb\tc\r\n"), "a b c");
        assert_eq!(fit("héllo", 2), ("hé", true));
        assert_eq!(fit("hé", 2), ("hé", false));
    }

    #[test]
    fn engine_messages_become_sentences() {
        assert_eq!(sentence("pick at least one"), "Pick at least one.");
        assert_eq!(sentence("Done!"), "Done!");
    }

    #[test]
    fn page_jumps_move_about_a_screen() {
        let items: Vec<std::ops::Range<usize>> = (0..20).map(|i| i * 2..i * 2 + 2).collect();
        assert_eq!(page_jump(&items, 0, 10, true), 4);
        assert_eq!(page_jump(&items, 10, 10, false), 6);
        assert_eq!(page_jump(&items, 19, 10, true), 19);
        assert_eq!(page_jump(&items, 0, 10, false), 0);
    }
}
