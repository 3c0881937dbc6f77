//! `guidepost graph GUIDE`: the guide's tree as Graphviz DOT or Mermaid.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, load_guide, write_out};
use crate::authoring::diagram::{self, Format};
use crate::guide::diagnostic::Color;

/// Which drawing language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GraphFormat {
    /// Graphviz DOT: `guidepost graph GUIDE | dot -Tsvg > guide.svg`.
    #[default]
    Dot,
    /// A Mermaid flowchart, for Markdown pages.
    Mermaid,
}

/// Options of `graph`.
#[derive(Debug, Args, Clone)]
pub struct GraphArgs {
    /// A guide file or guide id (default: the built-in default guide).
    #[arg(value_name = "GUIDE", add = clap_complete::ArgValueCompleter::new(super::completions::guide))]
    pub guide: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write here instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `graph`.
pub fn run(args: &GraphArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    let guide = load_guide(args.guide.as_deref(), color)?;
    let format = match args.format {
        GraphFormat::Dot => Format::Dot,
        GraphFormat::Mermaid => Format::Mermaid,
    };
    let text = diagram::render(&guide, format);
    match &args.output {
        None => write_out(out, &text)?,
        Some(path) => crate::write::write_atomic(path, text.as_bytes()).map_err(|e| {
            CliError::io(format!(
                "cannot write {}: {e}",
                crate::guide::text::sanitize_line(&path.display().to_string())
            ))
        })?,
    }
    Ok(0)
}
