//! What the pure update asks the outside world to do, and the one place that does it.
//!
//! [`run`] only reads the app: what it learns (a free file name, a file in the way, a save that
//! worked or failed) comes back as one [`Reply`], which `update::reply` takes in. The two are
//! joined by [`crate::tui::perform`], shared by the terminal loop and the tests, so a test that
//! saves a checklist goes through exactly the code a person does; only suspending and quitting
//! are left to the loop, which owns the terminal.

use std::path::{Path, PathBuf};

use super::app::App;
use super::hooks::TuiHooks;
use crate::engine::report;
use crate::export::{self, Format};

/// A request from `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The session changed (an answer, a tick, a move): hand it to the hooks, which may persist
    /// it.
    SaveSession,
    /// Offer a file name in `dir` for the save dialog that no file has yet: `stem.ext`, else
    /// `stem-2.ext`, `stem-3.ext`...
    OfferSavePath {
        /// The folder.
        dir: PathBuf,
        /// The name without extension.
        stem: String,
        /// The extension.
        ext: String,
    },
    /// Write the checklist.
    SaveChecklist {
        /// Where, as the person typed it.
        path: PathBuf,
        /// In which format.
        format: Format,
        /// The person agreed to replace an existing file.
        replace: bool,
        /// List private answers too.
        include_private: bool,
    },
    /// Leave the interface.
    Quit,
    /// Leave at once, as if interrupted (Ctrl-C): the program exits 130, as shells expect.
    Interrupt,
    /// Give the terminal back to the shell until resumed.
    Suspend,
    /// Draw everything again.
    Redraw,
}

/// What the loop should do after an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Leave.
    Quit,
    /// Leave as interrupted.
    Interrupt,
    /// Suspend (only the loop can).
    Suspend,
    /// Clear and redraw (only the loop can).
    Redraw,
}

/// What the outside world answered, for `update::reply` to take in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A file name for the save dialog that no file has yet.
    SavePathFound(PathBuf),
    /// The file to save to exists and replacing it was not agreed: ask first.
    FileExists,
    /// The checklist was saved, to this full path.
    Saved(PathBuf),
    /// The checklist could not be saved; the reason, for a person.
    SaveFailed(String),
}

/// What running an effect gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// What the loop does next.
    Flow(Flow),
    /// News for the app, which may ask for more effects.
    Reply(Reply),
}

/// Runs one effect. The app is only read: any result comes back as a [`Reply`].
pub fn run(app: &App, effect: Effect, hooks: &mut dyn TuiHooks) -> Ran {
    match effect {
        Effect::SaveSession => {
            hooks.session_changed(&app.guide, &app.session);
            Ran::Flow(Flow::Continue)
        }
        Effect::OfferSavePath { dir, stem, ext } => Ran::Reply(Reply::SavePathFound(free_path(&dir, &stem, &ext))),
        Effect::SaveChecklist { path, format, replace, include_private } => {
            let target = absolute(&expand_home(&path));
            // A folder is said to be one before anything is asked about replacing it.
            if target.is_dir() {
                let shown = crate::guide::text::sanitize_line(&target.to_string_lossy()).into_owned();
                return Ran::Reply(Reply::SaveFailed(format!(
                    "{shown} is a folder; add a file name, like {shown}/checklist.md"
                )));
            }
            if !replace && target.exists() {
                return Ran::Reply(Reply::FileExists);
            }
            let (session, _) = app.report_session();
            let options = report::ReportOptions { include_private };
            let text = export::render(format, &report::build_with(&app.guide, &session, options));
            match crate::write::write_atomic(&target, text.as_bytes()) {
                Ok(()) => {
                    hooks.checklist_saved(&app.guide, &app.session, &target);
                    Ran::Reply(Reply::Saved(target))
                }
                Err(e) => Ran::Reply(Reply::SaveFailed(e)),
            }
        }
        Effect::Quit => Ran::Flow(Flow::Quit),
        Effect::Interrupt => Ran::Flow(Flow::Interrupt),
        Effect::Suspend => Ran::Flow(Flow::Suspend),
        Effect::Redraw => Ran::Flow(Flow::Redraw),
    }
}

/// The first of `stem.ext`, `stem-2.ext`, `stem-3.ext`... that does not exist in `dir`.
pub fn free_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..10_000).map(|n| dir.join(format!("{stem}-{n}.{ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

/// `~/x` means the home folder, as in a shell.
fn expand_home(path: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(dirs) = directories::BaseDirs::new()
    {
        return dirs.home_dir().join(rest);
    }
    path.to_path_buf()
}

/// The full path, so the person learns exactly where the file went. Falls back to the path as
/// given if the current folder cannot be read.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // `absolute` keeps `.` components; drop them for a clean message.
    abs.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_path(dir.path(), "g-checklist", "md"), dir.path().join("g-checklist.md"));
        std::fs::write(dir.path().join("g-checklist.md"), "x").unwrap();
        assert_eq!(free_path(dir.path(), "g-checklist", "md"), dir.path().join("g-checklist-2.md"));
        std::fs::write(dir.path().join("g-checklist-2.md"), "x").unwrap();
        assert_eq!(free_path(dir.path(), "g-checklist", "md"), dir.path().join("g-checklist-3.md"));
    }

    #[test]
    fn saved_paths_are_absolute_and_clean() {
        let p = absolute(Path::new("./a/./b.md"));
        assert!(p.is_absolute());
        assert!(p.ends_with("a/b.md"));
        assert!(!p.to_string_lossy().contains("/./"));
    }
}
