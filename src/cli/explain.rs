//! `guidepost explain [CODE]`: the long explanation of a diagnostic code, or the list of codes.

use std::io::Write;

use clap::Args;

use super::{CliError, write_out};
use crate::authoring::explain;

/// Options of `explain`.
#[derive(Debug, Args, Clone)]
pub struct ExplainArgs {
    /// A code from a message, like E0301, or a topic: `private`, `optional` (without one, every
    /// code is listed).
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let text = match &args.code {
        None => explain::list(),
        Some(name) if explain::topic(name).is_some() => explain::topic(name).unwrap_or_default().to_string(),
        Some(code) => {
            let code =
                explain::lookup(code).map_err(|m| CliError::io(crate::guide::text::sanitize_line(&m).into_owned()))?;
            explain::render(code)
        }
    };
    write_out(out, &text)?;
    Ok(0)
}
