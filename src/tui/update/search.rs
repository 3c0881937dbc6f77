//! Keys in the search overlay: typing re-runs the query; Enter opens a result where it is on the
//! walk, or shows what it is.

use super::edit_line;
use super::walk::jump;
use crate::guide::NodeId;
use crate::guide::text::sanitize_line;
use crate::search::{MAX_HITS, Target};
use crate::tui::action::Action;
use crate::tui::app::{App, Message, Overlay, SearchState};
use crate::tui::effect::Effect;

pub(super) fn update_search(app: &mut App, mut state: SearchState, action: Action) -> Vec<Effect> {
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
