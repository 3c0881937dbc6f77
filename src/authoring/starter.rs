//! `guidepost new PATH`: a small, valid, commented guide to start from, so an author begins with
//! something that works and changes it step by step instead of facing an empty file.

use std::path::Path;

use crate::guide::raw::Date;

/// The template; `{{ID}}`, `{{TITLE}}`, `{{REVIEWED}}` and `{{FILE}}` are filled in.
pub const TEMPLATE: &str = include_str!("starter.toml");

/// A guide id from a file name: lowercase letters and digits, other runs of characters become
/// one `-`. `My Guide (v2).toml` gives `my-guide-v2`; a name with nothing usable gives `my-guide`.
pub fn id_from_path(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut id = String::new();
    for c in stem.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    let id: String = id.chars().take(64).collect::<String>().trim_end_matches('-').to_string();
    if id.is_empty() { "my-guide".to_string() } else { id }
}

/// A title from an id: `appointment-prep` gives `Appointment prep`.
pub fn title_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Quotes a path for a shell command line when it needs it, so the printed commands can be pasted.
pub fn shell_word(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The starter guide for a file at `path`, reviewed `today`.
pub fn starter(path: &Path, today: Date) -> String {
    let id = id_from_path(path);
    let file = path.display().to_string();
    // The file name appears only in comments; keep it on one line.
    let file: String = file.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let file = shell_word(&file);
    TEMPLATE
        .replace("{{ID}}", &id)
        .replace("{{TITLE}}", &title_from_id(&id).replace('"', ""))
        .replace("{{REVIEWED}}", &today.to_string())
        .replace("{{FILE}}", &file)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::engine::scenario;
    use crate::guide::{CheckOptions, load_str};

    #[test]
    fn ids_come_from_the_file_name() {
        assert_eq!(id_from_path(Path::new("guides/My Guide (v2).toml")), "my-guide-v2");
        assert_eq!(id_from_path(Path::new("appeal_denied_claim.toml")), "appeal-denied-claim");
        assert_eq!(id_from_path(Path::new("---.toml")), "my-guide");
        assert_eq!(id_from_path(Path::new("Ünïcode.toml")), "n-code");
    }

    #[test]
    fn the_starter_has_no_problems_at_all_and_its_tests_pass() {
        let today = Date { year: 2026, month: 11, day: 27 };
        let text = starter(Path::new("appointment-prep.toml"), today);
        let loaded = load_str("appointment-prep.toml", &text, CheckOptions { today, ..CheckOptions::default() });
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        let guide = loaded.guide.unwrap();
        assert_eq!(guide.meta.id, "appointment-prep");
        assert_eq!(guide.meta.title, "Appointment prep");
        for o in scenario::run_all(&guide) {
            assert!(o.passed(), "{}", o.describe(&guide));
        }
    }

    #[test]
    fn the_starter_uses_every_node_type() {
        let today = Date { year: 2026, month: 11, day: 27 };
        let guide =
            load_str("s.toml", &starter(Path::new("s.toml"), today), CheckOptions { today, ..CheckOptions::default() })
                .guide
                .unwrap();
        for ty in crate::guide::node_type::names() {
            assert!(guide.nodes.iter().any(|n| n.type_name() == ty), "no {ty} node");
        }
    }
}
