//! `guidepost export`: a headless walk with an answers file, written in any export format.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, load_guide, write_out};
use crate::engine::answers_file;
use crate::engine::{report, walk};
use crate::export::{self, Format};
use crate::guide::diagnostic::Color;

/// Options of `export`.
#[derive(Debug, Args, Clone)]
pub struct ExportArgs {
    /// A guide file or guide id (default: the built-in default guide).
    #[arg(value_name = "GUIDE", add = clap_complete::ArgValueCompleter::new(super::completions::guide))]
    pub guide: Option<String>,
    /// The answers: a TOML file with one `var = value` line per question.
    #[arg(long, value_name = "FILE")]
    pub answers: PathBuf,
    /// The format (the help text lists them from [`Format::ALL`]).
    #[arg(long, value_name = "FORMAT", help = format_help())]
    pub format: Option<String>,
    /// Write here instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// List the answers to private questions too (they are left out unless you ask).
    #[arg(long)]
    pub include_private: bool,
}

/// The help of `--format`, from the list of formats so it never misses one.
fn format_help() -> String {
    format!(
        "{} (default: from the output file's extension, else {})",
        Format::extensions_listed(),
        Format::Markdown.extension()
    )
}

/// Runs `export`.
pub fn run(args: &ExportArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    if args.output.is_none() && super::closed_stdout::stdout_was_closed() {
        return Err(CliError::io(super::closed_stdout::MESSAGE));
    }
    let format = match (&args.format, &args.output) {
        (Some(f), _) => Format::parse(f)
            .ok_or_else(|| CliError::io(format!("unknown format \"{f}\": use {}", Format::extensions_listed())))?,
        (None, Some(p)) => Format::from_path(p).unwrap_or(Format::Markdown),
        (None, None) => Format::Markdown,
    };
    let guide = load_guide(args.guide.as_deref(), color)?;
    // A broken answers file is a problem with the input given, as a missing one is (exit 2).
    let answers =
        answers_file::read(&args.answers, color).map_err(|e| CliError::io(e.to_string().trim_end().to_string()))?;
    let session = walk::walk(&guide, &answers).map_err(|e| CliError::content(format!("cannot export: {e}")))?;
    let options = report::ReportOptions { include_private: args.include_private };
    let text = export::render(format, &report::build_with(&guide, &session, options));
    match &args.output {
        None => write_out(out, &text)?,
        Some(path) => crate::write::write_atomic(path, text.as_bytes())
            .map_err(|e| CliError::io(crate::write::cannot_write(path, &e)))?,
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use crate::export::Format;
    use crate::tui::action::Action;
    use crate::tui::keymap::BINDINGS;

    /// The interface's key help is a fixed string; this keeps it naming every format.
    #[test]
    fn the_save_dialogs_key_help_names_every_format() {
        let cycle = BINDINGS.iter().find(|b| b.action == Action::CycleFormat).map(|b| b.description);
        assert_eq!(cycle, Some(format!("Switch between {}", Format::names_listed()).as_str()));
    }
}
