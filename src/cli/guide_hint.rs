//! A hint for a GUIDE argument that names neither a file nor a guide id: most often an id with a
//! typo, or the id of a library guide that only its path can reach.

use std::path::Path;

use super::{is_subcommand, looks_like_id};
use crate::authoring::starter::shell_word;
use crate::guide::suggest::closest;
use crate::guide::text::sanitize_line;
use crate::library::{Hidden, Library};

/// Adds to the "cannot read" message of a missing file what the argument could have meant, when
/// it looks like an id rather than a path.
pub fn unknown_guide(arg: Option<&str>, message: String) -> String {
    unknown_guide_in(&Library::from_env(), arg, message)
}

/// [`unknown_guide`] against a given library.
pub fn unknown_guide_in(library: &Library, arg: Option<&str>, message: String) -> String {
    let Some(arg) = arg else { return message };
    if !looks_like_id(arg) || Path::new(arg).exists() {
        return message;
    }
    let catalog = library.catalog(&is_subcommand);
    if let Some(e) = catalog.entries.iter().find(|e| e.id == arg && e.hidden == Some(Hidden::Reserved))
        && let Some(p) = &e.path
    {
        let p = shell_word(&sanitize_line(&p.display().to_string()));
        return format!(
            "{message} (a guide in {} has this id, but it is also a command's name; run it by its path: \
             guidepost run {p})",
            e.origin.describe()
        );
    }
    let usable = catalog.entries.iter().filter(|e| e.hidden.is_none()).map(|e| e.id.as_str());
    match closest(arg, usable) {
        Some(id) => format!("{message} (no guide has that id either; did you mean \"{id}\"?)"),
        None => format!("{message} (no guide has that id either; `guidepost list` shows them)"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::library::{Folder, Origin};

    #[test]
    fn a_typo_in_a_built_in_id_gets_a_suggestion() {
        let m = unknown_guide_in(
            &Library::default(),
            Some("ketamine-coverag"),
            "cannot read ketamine-coverag: no such file or folder".into(),
        );
        assert_eq!(
            m,
            "cannot read ketamine-coverag: no such file or folder (no guide has that id either; did you mean \
             \"ketamine-coverage\"?)"
        );
    }

    #[test]
    fn a_typo_in_a_library_id_gets_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.toml"), "[guide]\nid = \"intake-form\"\n").unwrap();
        let lib = Library::new(vec![Folder { dir: dir.path().into(), origin: Origin::Library }]);
        let m = unknown_guide_in(&lib, Some("intake-from"), "cannot read intake-from".into());
        assert_eq!(m, "cannot read intake-from (no guide has that id either; did you mean \"intake-form\"?)");
    }

    #[test]
    fn a_guide_named_like_a_command_is_pointed_to_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schema.toml");
        std::fs::write(&path, "[guide]\nid = \"schema\"\n").unwrap();
        let lib = Library::new(vec![Folder { dir: dir.path().into(), origin: Origin::Path }]);
        let m = unknown_guide_in(&lib, Some("schema"), "cannot read schema".into());
        assert_eq!(
            m,
            format!(
                "cannot read schema (a guide in a GUIDEPOST_PATH folder has this id, but it is also a command's name; run it by \
                 its path: guidepost run {})",
                path.display()
            )
        );
    }

    #[test]
    fn a_path_gets_no_suggestion() {
        let m = unknown_guide(Some("guides/nope.toml"), "cannot read guides/nope.toml: no such file or folder".into());
        assert_eq!(m, "cannot read guides/nope.toml: no such file or folder");
    }
}
