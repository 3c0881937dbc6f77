//! A guide reloaded in watch mode: the answers replayed over the new guide, or its problems shown.

use std::collections::BTreeMap;

use super::settle;
use crate::engine::replay::replay;
use crate::guide::Guide;
use crate::tui::app::{App, Message, Overlay};
use crate::tui::effect::Effect;

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
                replay(&guide, &app.session.all_answers(), &BTreeMap::new(), &keys, app.session.ticked().clone());
            app.guide = guide;
            app.session = replayed.session;
            app.index = None;
            app.problems = None;
            app.returning = false;
            if !matches!(app.overlay, Some(Overlay::Help { .. } | Overlay::Save(_) | Overlay::Quit)) {
                app.overlay = None;
            }
            app.enter_node();
            // A save dialog left open speaks of the walk as it is now.
            let preview = app.save_preview();
            if let Some(Overlay::Save(d)) = &mut app.overlay {
                d.preview = preview;
            }
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, load_str};
    use crate::tui::action::Action;
    use crate::tui::app::AppOptions;

    fn guide(private: bool) -> Guide {
        let text = format!(
            r#"format = 1
[guide]
id = "g"
title = "G"
start = "age"
disclaimer = "D"
reviewed = 2026-11-01
[nodes.age]
type = "choice"
title = "Your age group"
var = "age"
private = {private}
next = "done"
options = [ {{ value = "young", label = "Under 30" }}, {{ value = "old", label = "30 or over" }} ]
[nodes.done]
type = "end"
"#
        );
        load_str("g.toml", &text, CheckOptions::default()).guide.unwrap()
    }

    fn preview(app: &App) -> Option<crate::tui::app::SavePreview> {
        match app.overlay() {
            Some(Overlay::Save(d)) => Some(d.preview),
            _ => None,
        }
    }

    #[test]
    fn an_open_save_dialog_speaks_of_the_reloaded_walk() {
        let mut app = App::new(guide(true), AppOptions::default());
        app.apply(Action::Confirm);
        app.apply(Action::Confirm);
        app.apply(Action::Save);
        let opened = preview(&app).unwrap();
        assert_eq!((opened.private, opened.complete), (1, true));

        reload(&mut app, Ok(guide(false)));
        let reloaded = preview(&app).unwrap();
        assert_eq!(reloaded.private, 0, "the question is no longer private");
    }
}
