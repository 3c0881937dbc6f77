//! Turning an [`Action`] into a change of [`App`] state. Pure: no input or output happens here;
//! whatever needs the outside world is returned as an [`Effect`].
//!
//! The map, by what is on screen when the key arrives:
//! - `entry`: [`App::new`] and the events that enter the app (keys, paste, mouse, resize);
//! - this file: [`update`]; [`reply`], the one door through which what effects learn comes
//!   back; the keys every screen shares (help, search, review, save, quit); the mouse; and
//!   `settle`, which keeps scroll offsets in range after a change;
//! - `question`: the page underneath: the start screen, each kind of question, the checklist;
//! - `walk`: moving the walk (answer, skip, advance, back, jump) and what follows a move;
//! - `overlay`: the overlays that only scroll or pick (help, glossary, about, problems,
//!   details, quit, review);
//! - `search` and `save_dialog`: the two overlays with a box to type in;
//! - `paste`: pasted text, which goes into the box in focus;
//! - `reload`: a guide reloaded in watch mode.
//!
//! Measurements (page heights, where an option is) come from [`super::layout`], which view
//! reads too, so key handling and drawing agree without knowing each other.

mod entry;
mod overlay;
mod paste;
mod question;
mod reload;
mod save_dialog;
mod search;
mod walk;

use ratatui::layout::Rect;

use self::overlay::update_overlay;
pub use self::paste::paste;
use self::question::{update_node, update_start};
pub use self::reload::{reload, reloaded};
use self::save_dialog::{ask_replace, offer_save_path, open_save, save_finished};
use self::walk::return_from_search;
use super::action::Action;
use super::app::{App, Message, Overlay, Screen, SearchState};
use super::effect::{Effect, Reply};
use super::input::LineInput;
use super::layout::{self, rich::settle_scroll};
use crate::guide::NodeKind;

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

/// Takes in what the outside world answered to an effect; returns what to do next.
pub fn reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::SavePathFound(path) => offer_save_path(app, &path),
        Reply::FileExists => ask_replace(app),
        Reply::Saved(path) => {
            if save_finished(app, Ok(path)) {
                return vec![Effect::Quit];
            }
        }
        Reply::SaveFailed(reason) => {
            save_finished(app, Err(reason));
        }
    }
    Vec::new()
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

fn update_screen(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Help => open(app, Overlay::Help { scroll: 0 }),
        Action::Search => {
            if app.index.is_none() {
                app.index = Some(crate::search::Index::build(&app.guide));
            }
            open(
                app,
                Overlay::Search(SearchState { query: LineInput::default(), hits: Vec::new(), cursor: 0, scroll: 0 }),
            )
        }
        Action::Review => {
            open(app, Overlay::Review { cursor: app.review_entries().len().saturating_sub(1), scroll: 0 })
        }
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
