//! Moving the walk: answering, skipping, advancing, stepping back and jumping to an earlier
//! answer, and setting up the page the walk arrives on.

use crate::guide::Value;
use crate::tui::app::{App, Message, Screen};
use crate::tui::effect::Effect;

/// Gives the answer (or skips an optional question) and moves on. After a change made from the
/// review or search, the walk skips ahead over what is still answered.
pub(super) fn submit(app: &mut App, value: Option<&Value>) -> Vec<Effect> {
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
            if app.guide.node(app.page.node).kind.entry().is_some() {
                app.page.editing = true;
            }
            Vec::new()
        }
    }
}

pub(super) fn advance(app: &mut App) -> Vec<Effect> {
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
pub(super) fn return_from_search(app: &mut App) -> Vec<Effect> {
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

pub(super) fn back(app: &mut App) -> Vec<Effect> {
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

/// Goes back to the node at `index` of the history so the person can change it; their later
/// answers are kept and replayed after the change.
pub(super) fn jump(app: &mut App, index: usize) -> Vec<Effect> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_messages_become_sentences() {
        assert_eq!(sentence("pick at least one"), "Pick at least one.");
        assert_eq!(sentence("Done!"), "Done!");
    }
}
