//! `guidepost schema`: the JSON Schema of the guide format, for editor completion.

use std::io::Write;

use super::{CliError, write_out};

/// Prints the schema; see docs/schema.md for how to use it in an editor.
pub fn run(out: &mut dyn Write) -> Result<u8, CliError> {
    write_out(out, crate::authoring::SCHEMA)?;
    if !crate::authoring::SCHEMA.ends_with('\n') {
        write_out(out, "\n")?;
    }
    Ok(0)
}
