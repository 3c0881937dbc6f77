//! Keeps the interface's modules one-way: keys → state → update → effect, with layout below
//! update and view, and view only reading. Rust allows modules to import each other in a loop,
//! so nothing but this test stops a loop from coming back.
//!
//! It reads the source of each module and looks for paths through a module it must not reach:
//! the module's name followed by `::`, or named in a `use` statement. Comments are skipped
//! (a doc link is not an import), and so are other crates' modules (`ratatui::layout`).

use std::path::{Path, PathBuf};

/// Each module of `src/tui/`, and the modules (or names they export) it must not reach.
const RULES: &[(&str, &[&str])] = &[
    ("action", &["keymap", "app", "layout", "update", "effect", "Effect", "view", "hooks"]),
    ("keymap", &["app", "layout", "update", "effect", "Effect", "view", "hooks"]),
    ("input", &["keymap", "app", "layout", "update", "effect", "Effect", "view", "hooks"]),
    ("theme", &["keymap", "app", "layout", "update", "effect", "Effect", "view", "hooks"]),
    ("links", &["keymap", "app", "layout", "update", "effect", "Effect", "view", "hooks"]),
    ("hooks", &["keymap", "app", "layout", "update", "effect", "Effect", "view"]),
    ("app", &["layout", "update", "effect", "Effect", "perform", "view", "hooks"]),
    ("layout", &["update", "effect", "Effect", "perform", "view", "hooks"]),
    ("view", &["update", "effect", "Effect", "perform", "hooks"]),
    ("effect", &["layout", "update", "view"]),
    ("update", &["view", "perform"]),
];

/// The source files of a module: `name.rs`, or every file under `name/`.
fn files_of(module: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let file = root.join(format!("{module}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut found = Vec::new();
    let mut dirs = vec![root.join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The identifiers of a line of code, with where each starts.
fn identifiers(code: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in code.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            found.push((s, &code[s..at]));
        }
    }
    if let Some(s) = start {
        found.push((s, &code[s..]));
    }
    found
}

/// The lines (1-based) of `source` that reach `name`: `name::` anywhere in code, or `name` in a
/// `use` statement (which may span lines).
fn reaches(source: &str, name: &str) -> Vec<usize> {
    let mut hits = Vec::new();
    let mut in_use = false;
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let trimmed = code.trim_start();
        in_use |= ["use ", "pub use ", "pub(crate) use ", "pub(super) use "].iter().any(|p| trimmed.starts_with(p));
        let ids = identifiers(code);
        let found = ids.iter().enumerate().any(|(i, &(at, id))| {
            // `ratatui::layout` is another crate's module: only paths from here count.
            let ours = match code[..at].strip_suffix("::") {
                Some(_) => i > 0 && ["super", "self", "tui"].contains(&ids[i - 1].1),
                None => true,
            };
            id == name && ours && (in_use || code[at + id.len()..].starts_with("::"))
        });
        if found {
            hits.push(n + 1);
        }
        if code.contains(';') {
            in_use = false;
        }
    }
    hits
}

#[test]
fn the_detector_sees_paths_and_use_statements_but_not_comments() {
    assert_eq!(reaches("use crate::tui::update::reload;", "update"), vec![1]);
    assert_eq!(reaches("let x = super::update::settle(app);", "update"), vec![1]);
    assert_eq!(reaches("use super::{\n    app::App,\n    update,\n};", "update"), vec![3]);
    assert_eq!(reaches("use crate::tui::Effect;", "Effect"), vec![1]);
    assert!(reaches("use ratatui::layout::Rect;", "layout").is_empty());
    assert!(reaches("// see update::settle\n/// [`super::update`]", "update").is_empty());
    assert!(reaches("fn update_node() {}\nlet page_view = 1;\napp.update();", "update").is_empty());
}

#[test]
fn tui_modules_import_one_way() {
    let mut wrong = Vec::new();
    for (module, forbidden) in RULES {
        let files = files_of(module);
        assert!(!files.is_empty(), "no source found for tui::{module}: update the rules in {}", file!());
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for name in *forbidden {
                for line in reaches(&source, name) {
                    wrong.push(format!("{}:{line}: tui::{module} must not reach {name}", path.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the direction keys → app → update → effect:\n{}", wrong.join("\n"));
}
