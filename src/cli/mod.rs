//! The command line: each subcommand is a thin call into the library.
//!
//! Exit codes: 0 success; 1 the guide has errors or a test failed; 2 usage or I/O problems.

pub mod export;
pub mod list;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::builtin;
use crate::guide::diagnostic::{Color, render_all};
use crate::guide::{CheckOptions, Guide, Loaded, load_path, load_str};

/// Walk through a decision one question at a time and leave with a personalized checklist.
#[derive(Debug, Parser)]
#[command(name = "guidepost", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; with none, run a guide.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Running a guide (the default command).
    #[command(flatten)]
    pub run: RunArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk a guide interactively (the default).
    Run(RunArgs),
    /// Check guides and report every problem.
    Validate(validate::ValidateArgs),
    /// Walk a guide with an answers file and write the checklist.
    Export(export::ExportArgs),
    /// List the built-in guides.
    List,
}

/// Options for running a guide.
#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    /// A guide file, or the id of a built-in guide (default: the built-in default guide).
    #[arg(value_name = "GUIDE")]
    pub guide: Option<String>,
}

/// A failure the command line reports in one line, with its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// 1 for guide errors or failed tests, 2 for usage and I/O.
    pub code: u8,
    /// What went wrong (may be several lines for rendered diagnostics).
    pub message: String,
}

impl CliError {
    /// A usage or I/O problem (exit 2).
    pub fn io(message: impl Into<String>) -> Self {
        Self { code: 2, message: message.into() }
    }

    /// The guide or the answers are wrong (exit 1).
    pub fn content(message: impl Into<String>) -> Self {
        Self { code: 1, message: message.into() }
    }
}

/// Where a guide comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuideSource {
    /// Embedded in the binary.
    Builtin(&'static str),
    /// A file on disk.
    File(PathBuf),
}

/// Decides what a GUIDE argument names: an existing file wins over a built-in id.
pub fn guide_source(arg: Option<&str>) -> GuideSource {
    match arg {
        None => GuideSource::Builtin(builtin::default_guide().id),
        Some(a) => {
            if !Path::new(a).exists()
                && let Some(b) = builtin::find(a)
            {
                return GuideSource::Builtin(b.id);
            }
            GuideSource::File(PathBuf::from(a))
        }
    }
}

/// Loads a guide from where it comes from.
pub fn load_source(source: &GuideSource, opts: CheckOptions) -> Loaded {
    match source {
        GuideSource::Builtin(id) => {
            let b = builtin::find(id).unwrap_or(builtin::default_guide());
            load_str(&format!("<built-in>/{}", b.file), b.text, opts)
        }
        GuideSource::File(p) => load_path(p, opts),
    }
}

/// Loads a guide for a command that needs a usable one: errors are rendered and returned.
pub fn load_guide(arg: Option<&str>, color: Color) -> Result<Guide, CliError> {
    let source = guide_source(arg);
    let loaded = load_source(&source, CheckOptions::default());
    if let Some(g) = loaded.guide {
        Ok(g)
    } else {
        let unreadable = loaded.diagnostics.iter().all(|d| d.code == crate::guide::Code::FileUnreadable);
        let text = render_all(&loaded.diagnostics, loaded.sources(), color);
        if unreadable && !loaded.diagnostics.is_empty() {
            let first = loaded.diagnostics[0].message.clone();
            Err(CliError::io(first))
        } else {
            Err(CliError::content(text.trim_end().to_string()))
        }
    }
}

/// Writes output, treating a closed pipe (`| head`) as a normal end.
pub fn write_out(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::io(format!("cannot write output: {}", crate::guide::load::io_reason(&e)))),
    }
}

/// Runs a parsed command line; returns the exit code. Output goes to `out`, messages to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let color_out = Color::for_stream(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    let color_err = Color::for_stream(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let result = match cli.command {
        Some(Command::Validate(a)) => validate::run(&a, out, color_out),
        Some(Command::Export(a)) => export::run(&a, out, color_err),
        Some(Command::List) => list::run(out),
        Some(Command::Run(a)) => run_guide(&a, out, color_err),
        None => run_guide(&cli.run, out, color_err),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let msg = if e.message.contains('\n') { e.message.clone() } else { format!("guidepost: {}", e.message) };
            let _ = writeln!(err, "{msg}");
            e.code
        }
    }
}

fn run_guide(args: &RunArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    let guide = load_guide(args.guide.as_deref(), color)?;
    write_out(out, &format!("{}\n", guide.meta.title))?;
    Ok(0)
}
