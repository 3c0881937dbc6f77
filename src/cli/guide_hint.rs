//! A hint for a GUIDE argument that names neither a file nor a built-in guide: most often a
//! built-in id with a typo.

use std::path::Path;

use crate::builtin::BUILTINS;
use crate::guide::suggest::closest;

/// Adds a did-you-mean for a built-in guide to the "cannot read" message of a missing file, when
/// the argument looks like an id rather than a path.
pub fn unknown_guide(arg: Option<&str>, message: String) -> String {
    let Some(arg) = arg else { return message };
    let looks_like_id = !arg.contains(['/', '\\', '.']) && !Path::new(arg).exists();
    if !looks_like_id {
        return message;
    }
    match closest(arg, BUILTINS.iter().map(|b| b.id)) {
        Some(id) => format!("{message} (no built-in guide is called that either; did you mean \"{id}\"?)"),
        None => format!("{message} (no built-in guide is called that either; `guidepost list` shows them)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_in_a_built_in_id_gets_a_suggestion() {
        let m = unknown_guide(Some("ketamine-coverag"), "cannot read ketamine-coverag: no such file or folder".into());
        assert_eq!(
            m,
            "cannot read ketamine-coverag: no such file or folder (no built-in guide is called that either; did you \
             mean \"ketamine-coverage\"?)"
        );
    }

    #[test]
    fn a_path_gets_no_suggestion() {
        let m = unknown_guide(Some("guides/nope.toml"), "cannot read guides/nope.toml: no such file or folder".into());
        assert_eq!(m, "cannot read guides/nope.toml: no such file or folder");
    }
}
