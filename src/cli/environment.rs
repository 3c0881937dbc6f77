//! Every environment variable the program reads, in one table: the man page prints it and the
//! README's table is checked against it, so the two cannot drift apart.

/// One environment variable.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    /// Its name (a `*` stands for a family, as in `XDG_*`).
    pub name: &'static str,
    /// What it changes, in one or two sentences.
    pub effect: &'static str,
}

/// The variables, most specific first.
pub const VARIABLES: &[Variable] = &[
    Variable {
        name: "GUIDEPOST_PATH",
        effect: "More folders of guides, separated by `:` (`;` on Windows), searched in order after the built-in \
                 guides and before the library folder.",
    },
    Variable {
        name: "GUIDEPOST_STATE_DIR",
        effect: "Keep saved sessions in `$GUIDEPOST_STATE_DIR/sessions/` instead of the state folder.",
    },
    Variable {
        name: "GUIDEPOST_THEME",
        effect: "The default for `--theme` (`auto`, `dark`, `light` or `high-contrast`); `--theme` wins.",
    },
    Variable {
        name: "GUIDEPOST_TODAY",
        effect: "Take this date as today (`2026-11-30`), like `--today`: guides that count days from a date, their \
                 tests and saved checklists then give the same answer on any day; `--today` wins.",
    },
    Variable {
        name: "COLORFGBG",
        effect: "Set by some terminals (`15;0`: light text on a dark background); `--theme auto` uses it when the \
                 terminal does not report its background colour itself.",
    },
    Variable {
        name: "GUIDEPOST_HYPERLINKS",
        effect: "`1` makes web links clickable, `0` never; otherwise they are when the terminal is known to support \
                 them.",
    },
    Variable { name: "NO_COLOR", effect: "Any non-empty value turns colour off, on screen and in messages." },
    Variable { name: "TERM", effect: "`dumb` switches to plain mode; also used to guess whether links are supported." },
    Variable {
        name: "TERM_PROGRAM, VTE_VERSION, WT_SESSION, KITTY_WINDOW_ID",
        effect: "Read only to guess whether the terminal supports clickable links.",
    },
    Variable {
        name: "XDG_DATA_HOME",
        effect: "On Linux, the library folder is `$XDG_DATA_HOME/guidepost/guides/` (default \
                 `~/.local/share/guidepost/guides/`).",
    },
    Variable {
        name: "XDG_STATE_HOME",
        effect: "On Linux, sessions are saved in `$XDG_STATE_HOME/guidepost/sessions/` (default \
                 `~/.local/state/guidepost/sessions/`).",
    },
    Variable { name: "HOME", effect: "Where the default folders above are, and what `~` means in a save path." },
    Variable {
        name: "COMPLETE",
        effect: "Set by the completion script when it asks the program for completions; not for people.",
    },
];

/// The README's table, in Markdown.
pub fn markdown_table() -> String {
    let mut text = String::from("| Variable | What it does |\n| --- | --- |\n");
    for v in VARIABLES {
        let names: Vec<String> = v.name.split(", ").map(|n| format!("`{n}`")).collect();
        text.push_str(&format!("| {} | {} |\n", names.join(", "), v.effect));
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    const BEGIN: &str = "<!-- environment table: generated from src/cli/environment.rs -->\n";
    const END: &str = "<!-- end of environment table -->";

    fn names() -> Vec<&'static str> {
        VARIABLES.iter().flat_map(|v| v.name.split(", ")).collect()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The string literals the source reads as variables: `var("X")`, `var_os("X")`,
    /// `env = "X"` and constants named `..._VAR`.
    fn read_in_source() -> Vec<(String, PathBuf)> {
        let mut files = Vec::new();
        rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut found = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            // Only the program's own code: the tests that follow a file's `#[cfg(test)]` may read
            // variables of their own.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for pattern in ["var(\"", "var_os(\"", "env = \"", "_VAR: &str = \""] {
                for (at, _) in code.match_indices(pattern) {
                    let rest = &code[at + pattern.len()..];
                    let name = &rest[..rest.find('"').unwrap()];
                    found.push((name.to_string(), f.clone()));
                }
            }
        }
        found
    }

    #[test]
    fn every_variable_the_program_reads_is_in_the_table() {
        let found = read_in_source();
        for expected in [
            "GUIDEPOST_STATE_DIR",
            "GUIDEPOST_PATH",
            "GUIDEPOST_THEME",
            "GUIDEPOST_TODAY",
            "NO_COLOR",
            "TERM",
            COMPLETE,
        ] {
            assert!(found.iter().any(|(n, _)| n == expected), "the scan misses {expected}: {found:?}");
        }
        let names = names();
        for (name, file) in found {
            assert!(names.contains(&name.as_str()), "{} reads {name}, which the table lacks", file.display());
        }
    }

    const COMPLETE: &str = super::super::completions::COMPLETE_VAR;

    #[test]
    fn the_readme_table_is_generated_from_this_one() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let start = readme.find(BEGIN).expect("README lacks the environment table's opening marker") + BEGIN.len();
        let end = start + readme[start..].find(END).expect("README lacks the environment table's closing marker");
        let want = markdown_table();
        if std::env::var_os("GUIDEPOST_UPDATE_DOCS").is_some() {
            std::fs::write(&path, format!("{}{want}{}", &readme[..start], &readme[end..])).unwrap();
            return;
        }
        assert!(
            readme[start..end] == want,
            "README's environment table is out of date: run `GUIDEPOST_UPDATE_DOCS=1 cargo test --lib readme_table`"
        );
    }
}
