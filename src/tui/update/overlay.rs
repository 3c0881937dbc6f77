//! Keys in the overlays that only scroll or pick: help, glossary, about, problems, details, the
//! quit question and the review of answers.

use super::save_dialog::{open_save, update_save};
use super::search::update_search;
use super::walk::jump;
use super::{quit, update_screen};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::effect::Effect;

pub(super) fn update_overlay(app: &mut App, overlay: Overlay, action: Action, height: usize) -> Vec<Effect> {
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

fn update_review(app: &mut App, action: Action, cursor: usize, scroll: usize, height: usize) -> Vec<Effect> {
    let entries = app.review_entries();
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
