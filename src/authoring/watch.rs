//! Noticing that an author saved a guide file, so a running guide can reload itself.
//!
//! Polling, not OS notifications: the caller asks [`Watcher::poll`] between key presses, it
//! compares each file's modification time and length with what it saw last, and only when
//! those differ does it read the file and compare a content hash (so an editor that rewrites
//! the same bytes, or touches the file, does not trigger a reload). No thread, no dependency.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::guide::diagnostic::{Color, Severity, render_all};
use crate::guide::{CheckOptions, Guide, Loaded, load_path};

/// What a reload found: the guide, or the problems that stop it loading.
#[derive(Debug)]
pub struct Reloaded {
    /// The guide, or its rendered problems (without colour) to show until the author fixes them.
    pub guide: Result<Guide, String>,
    /// Problems that do not stop the preview (mistakes in `[[tests]]`), rendered as warnings.
    pub warnings: Option<String>,
}

/// How a watched guide is checked: a mistake in a scenario is a warning, so it never hides the
/// guide being previewed (`guidepost test` and `validate` still treat it as an error).
pub fn preview_options() -> CheckOptions {
    CheckOptions { tests_as_warnings: true, readability: false, ..CheckOptions::default() }
}

/// Loads `path` for a preview.
pub fn load_for_preview(path: &Path) -> Loaded {
    load_path(path, preview_options())
}

impl Reloaded {
    /// Splits a load into the guide (or its problems) and the lowered scenario problems.
    pub fn from_loaded(loaded: Loaded) -> Reloaded {
        let render = |diags: &[crate::guide::Diagnostic]| render_all(diags, loaded.sources(), Color::Never);
        let lowered: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && d.code.severity() == Severity::Error)
            .cloned()
            .collect();
        let warnings = (!lowered.is_empty()).then(|| render(&lowered));
        let problems = loaded.guide.is_none().then(|| render(&loaded.diagnostics));
        match (loaded.guide, problems) {
            (Some(g), _) => Reloaded { guide: Ok(g), warnings },
            (None, problems) => Reloaded { guide: Err(problems.unwrap_or_default()), warnings: None },
        }
    }
}

/// What was last seen of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    modified: Option<SystemTime>,
    len: u64,
    hash: u64,
}

/// One watched file.
#[derive(Debug, Clone)]
struct Watched {
    path: PathBuf,
    seen: Option<Seen>,
}

/// Watches the files of one guide: the main file and every file it includes.
#[derive(Debug, Clone)]
pub struct Watcher {
    main: PathBuf,
    files: Vec<Watched>,
}

fn look(path: &Path) -> Option<Seen> {
    let meta = std::fs::metadata(path).ok()?;
    let bytes = std::fs::read(path).ok()?;
    Some(Seen { modified: meta.modified().ok(), len: meta.len(), hash: crate::hash::fnv64(&bytes) })
}

impl Watcher {
    /// Watches `main` and the other files named (duplicates are watched once).
    pub fn new(main: &Path, others: impl IntoIterator<Item = PathBuf>) -> Watcher {
        let mut w = Watcher { main: main.to_path_buf(), files: Vec::new() };
        w.track(std::iter::once(main.to_path_buf()).chain(others));
        w
    }

    /// Watches the files a load read, whether or not the guide had errors: after a broken
    /// edit, the files named in the diagnostics are the ones to watch for the fix.
    pub fn for_loaded(main: &Path, loaded: &Loaded) -> Watcher {
        Watcher::new(main, loaded.sources().files().iter().filter_map(|f| f.path.clone()))
    }

    /// Watches the files a guide was loaded from.
    pub fn for_guide(main: &Path, guide: &Guide) -> Watcher {
        Watcher::new(main, guide.sources.files().iter().filter_map(|f| f.path.clone()))
    }

    /// The files watched, the main file first.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    fn track(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut files: Vec<Watched> = Vec::new();
        for path in paths {
            let key = path.canonicalize().unwrap_or_else(|_| path.clone());
            if files.iter().any(|f| f.path.canonicalize().unwrap_or_else(|_| f.path.clone()) == key) {
                continue;
            }
            let seen = self.files.iter().find(|f| f.path == path).map_or_else(|| look(&path), |f| f.seen.clone());
            files.push(Watched { path, seen });
        }
        self.files = files;
    }

    /// True when any watched file's content changed (or it appeared or disappeared) since the
    /// last poll or since the watcher was made. Cheap when nothing changed: metadata only.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        for f in &mut self.files {
            let meta = std::fs::metadata(&f.path).ok();
            match (&mut f.seen, meta) {
                (None, None) => {}
                (Some(_), None) => {
                    f.seen = None;
                    changed = true;
                }
                (seen, Some(meta)) => {
                    let same_meta =
                        seen.as_ref().is_some_and(|s| s.len == meta.len() && s.modified == meta.modified().ok());
                    if same_meta {
                        continue;
                    }
                    let now = look(&f.path);
                    if now.as_ref().map(|n| n.hash) != seen.as_ref().map(|s| s.hash) {
                        changed = true;
                    }
                    *seen = now;
                }
            }
        }
        changed
    }

    /// Loads the guide again. A guide with errors comes back as its rendered diagnostics
    /// (without colour), ready to show in place of the guide until the author fixes it.
    pub fn reload(&self) -> Result<Guide, String> {
        Reloaded::from_loaded(load_for_preview(&self.main)).guide
    }

    /// Reloads and starts watching any file the guide now includes (or stops watching one it
    /// no longer does), keeping the state of files that were already watched.
    pub fn reload_and_track(&mut self) -> Reloaded {
        let loaded = load_for_preview(&self.main);
        let paths: Vec<PathBuf> = loaded.sources().files().iter().filter_map(|f| f.path.clone()).collect();
        self.track(std::iter::once(self.main.clone()).chain(paths));
        Reloaded::from_loaded(loaded)
    }
}

/// The page shown under the problems while a watched guide does not load.
pub fn stand_in(path: &Path) -> Option<Guide> {
    let name: String = path
        .file_name()
        .map(|n| n.to_string_lossy().chars().filter(|c| c.is_alphanumeric() || " ._-".contains(*c)).collect())
        .unwrap_or_default();
    let text = format!(
        "format = 1\n[guide]\nid = \"guide-with-problems\"\ntitle = \"{name}\"\nstart = \"fix\"\n\
         disclaimer = \"This guide cannot be shown until its problems are fixed.\"\n\
         [nodes.fix]\ntype = \"info\"\ntitle = \"The guide has problems\"\n\
         text = \"Fix the problems listed, then save the file: the guide appears here by itself.\"\n\
         next = \"done\"\n[nodes.done]\ntype = \"end\"\n"
    );
    let loaded = crate::guide::load_str("stand-in.toml", &text, CheckOptions::default());
    loaded.guide
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::time::Duration;

    fn guide_text(title: &str) -> String {
        format!(
            "format = 1\n[guide]\nid = \"w\"\ntitle = \"{title}\"\nstart = \"a\"\ndisclaimer = \"Info only.\"\n\
             [nodes.a]\ntype = \"info\"\nnext = \"b\"\n[nodes.b]\ntype = \"end\"\n"
        )
    }

    /// Writes a file and gives it a fixed modification time, so tests never depend on the clock.
    fn write(path: &Path, text: &str, secs: u64) {
        std::fs::write(path, text).unwrap();
        let f = File::options().write(true).open(path).unwrap();
        f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)).unwrap();
    }

    #[test]
    fn sees_an_edit_and_reloads_the_new_guide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        write(&path, &guide_text("First"), 1_000);
        let mut w = Watcher::new(&path, []);
        assert!(!w.poll(), "nothing changed yet");
        write(&path, &guide_text("Secnd"), 2_000);
        assert!(w.poll(), "same length, new time and content");
        assert!(!w.poll(), "a change is reported once");
        assert_eq!(w.reload().unwrap().meta.title, "Secnd");
    }

    #[test]
    fn a_touch_without_new_content_is_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        write(&path, &guide_text("Same"), 1_000);
        let mut w = Watcher::new(&path, []);
        write(&path, &guide_text("Same"), 5_000);
        assert!(!w.poll());
    }

    #[test]
    fn a_broken_edit_gives_diagnostics_and_the_fix_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        write(&path, &guide_text("Good"), 1_000);
        let mut w = Watcher::new(&path, []);
        let broken = guide_text("Good").replace("next = \"b\"", "next = \"bb\"");
        write(&path, &broken, 2_000);
        assert!(w.poll());
        let err = w.reload().unwrap_err();
        assert!(err.contains("error[E0301]"), "{err}");
        assert!(err.contains("did you mean \"b\"?"), "{err}");
        write(&path, &guide_text("Fixed"), 3_000);
        assert!(w.poll());
        assert_eq!(w.reload().unwrap().meta.title, "Fixed");
    }

    #[test]
    fn watches_included_files_found_by_the_load() {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("g.toml");
        let part = dir.path().join("part.toml");
        let text = guide_text("Main")
            .replace("[guide]\n", "[guide]\ninclude = [\"part.toml\"]\n")
            .replace("[nodes.b]\ntype = \"end\"\n", "");
        write(&main, &text, 1_000);
        write(&part, "[nodes.b]\ntype = \"end\"\n", 1_000);
        let loaded = load_path(&main, CheckOptions::default());
        assert!(loaded.guide.is_some(), "{:?}", loaded.diagnostics);
        let mut w = Watcher::for_loaded(&main, &loaded);
        assert_eq!(w.files().count(), 2);
        write(&part, "[nodes.b]\ntype = \"end\"\ntitle = \"Done\"\n", 2_000);
        assert!(w.poll());
        assert_eq!(w.reload().unwrap().nodes[1].title, "Done");
    }

    #[test]
    fn a_mistake_in_a_scenario_is_a_warning_that_does_not_stop_the_preview() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        let text = guide_text("Tested") + "[[tests]]\nname = \"Walks\"\nanswers = {}\npath = [\"a\", \"bb\"]\n";
        write(&path, &text, 1_000);
        assert!(load_path(&path, CheckOptions::default()).guide.is_none(), "`validate` still refuses it");
        let mut w = Watcher::new(&path, []);
        let reloaded = w.reload_and_track();
        assert_eq!(reloaded.guide.unwrap().meta.title, "Tested");
        let warnings = reloaded.warnings.unwrap();
        assert!(warnings.starts_with("warning[E"), "{warnings}");
        assert!(warnings.contains("\"bb\""), "{warnings}");
    }

    #[test]
    fn a_deleted_file_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        write(&path, &guide_text("Gone"), 1_000);
        let mut w = Watcher::new(&path, []);
        std::fs::remove_file(&path).unwrap();
        assert!(w.poll());
        assert!(w.reload().unwrap_err().contains("cannot read"));
    }

    #[test]
    fn the_stand_in_page_of_a_broken_guide_loads_whatever_the_file_is_called() {
        for name in ["g.toml", "my \"odd\" guide\\.toml", "ünïcode.toml"] {
            let page = stand_in(Path::new(name)).unwrap();
            assert_eq!(page.node(page.start).title, "The guide has problems");
        }
    }
}
