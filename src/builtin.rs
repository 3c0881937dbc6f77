//! Guides embedded in the binary, so the program runs from any folder with nothing to fetch.

/// A guide shipped inside the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// The guide's id (as in its `[guide] id`).
    pub id: &'static str,
    /// The file name it has in the repository's `guides/` folder.
    pub file: &'static str,
    /// Its TOML text.
    pub text: &'static str,
}

/// Every built-in guide; the first is the default.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "ketamine-coverage",
        file: "ketamine-coverage.toml",
        text: include_str!("../guides/ketamine-coverage.toml"),
    },
    Builtin {
        id: "appeal-denied-claim",
        file: "appeal-denied-claim.toml",
        text: include_str!("../guides/appeal-denied-claim.toml"),
    },
];

/// The guide that runs when none is named.
pub fn default_guide() -> &'static Builtin {
    &BUILTINS[0]
}

/// Finds a built-in guide by id.
pub fn find(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}
