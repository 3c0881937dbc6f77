//! `guidepost list`: the built-in guides.

use std::io::Write;

use super::{CliError, write_out};
use crate::builtin::BUILTINS;
use crate::guide::{CheckOptions, load_static};

/// Prints each built-in guide's id and title, the default first.
pub fn run(out: &mut dyn Write) -> Result<u8, CliError> {
    let mut text = String::new();
    for (i, b) in BUILTINS.iter().enumerate() {
        let loaded = load_static(b.file, b.text, CheckOptions::default());
        let title = loaded
            .guide
            .as_ref()
            .map_or("(has errors: run `guidepost validate`)", |g| g.meta.title.as_str())
            .to_string();
        let default = if i == 0 { "  (default)" } else { "" };
        text.push_str(&format!("{:<22} {title}{default}\n", b.id));
    }
    write_out(out, &text)?;
    Ok(0)
}
