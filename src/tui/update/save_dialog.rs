//! The save dialog: opening it, its keys, and the results of saving coming back in.

use std::path::{Path, PathBuf};

use super::{edit_line, settle};
use crate::export::Format;
use crate::guide::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::app::{App, Message, Overlay, SaveDialog};
use crate::tui::effect::Effect;
use crate::tui::input::LineInput;

pub(super) fn open_save(app: &mut App, then_quit: bool) -> Vec<Effect> {
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
            preview: app.save_preview(),
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
        preview: app.save_preview(),
    }));
    vec![Effect::OfferSavePath {
        dir: app.save_dir.clone(),
        stem: format!("{}-checklist", app.guide.meta.id),
        ext: Format::Markdown.extension().to_string(),
    }]
}

pub(super) fn update_save(app: &mut App, mut d: SaveDialog, action: Action) -> Vec<Effect> {
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

/// The save dialog's suggested file name has been found.
pub(super) fn offer_save_path(app: &mut App, path: &Path) {
    if let Some(Overlay::Save(d)) = &mut app.overlay
        && d.path.is_empty()
    {
        d.path.set(&path.to_string_lossy());
    }
}

/// The file exists: ask before replacing it.
pub(super) fn ask_replace(app: &mut App) {
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
pub(super) fn save_finished(app: &mut App, result: Result<PathBuf, String>) -> bool {
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
}
