//! The command line: each subcommand is a thin call into the library.
//!
//! Exit codes: 0 success; 1 the guide has errors or a test failed; 2 usage or I/O problems.

pub mod explain;
pub mod export;
pub mod graph;
pub mod guide_hint;
pub mod list;
pub mod new;
pub mod plain_run;
pub mod run;
pub mod schema;
pub mod sessions;
pub mod test;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::builtin;
use crate::guide::diagnostic::{Color, render_all};
use crate::guide::{CheckOptions, Guide, Loaded, load_path, load_static};

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
    /// Write a small working guide to start from.
    New(new::NewArgs),
    /// Run the [[tests]] scenarios of guides.
    Test(test::TestArgs),
    /// List every path through a guide and what no scenario reaches.
    Paths(test::PathsArgs),
    /// Explain a diagnostic code, with an example.
    Explain(explain::ExplainArgs),
    /// Draw a guide as Graphviz DOT or Mermaid.
    Graph(graph::GraphArgs),
    /// Print the JSON Schema of the guide format (for editors).
    Schema,
    /// List saved sessions, or delete one.
    Sessions(sessions::SessionsArgs),
}

/// Options for running a guide.
#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    /// A guide file, or the id of a built-in guide (default: the built-in default guide).
    #[arg(value_name = "GUIDE")]
    pub guide: Option<String>,
    /// Reload the guide whenever its files change (for authors).
    #[arg(long)]
    pub watch: bool,
    /// Open the guide at this node, walking there with `--answers`.
    #[arg(long, value_name = "NODE")]
    pub start_at: Option<String>,
    /// An answers file (one `var = value` per line) to walk with.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Plain line-by-line questions, for screen readers and pipes (automatic when TERM=dumb or
    /// input or output is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Continue the saved session without asking.
    #[arg(long, conflicts_with = "fresh")]
    pub resume: bool,
    /// Start over without asking (the saved session is kept as <id>.json.previous).
    #[arg(long)]
    pub fresh: bool,
    /// Also save the checklist here at the end (format from the extension: md, txt, json, html).
    #[arg(long, value_name = "PATH")]
    pub save: Option<PathBuf>,
    /// The look: `auto` (follows the terminal's light or dark background), `dark`, `light`, or
    /// `high-contrast` for stronger colours (`NO_COLOR` turns colour off).
    #[arg(long, value_enum, default_value_t)]
    pub theme: run::ThemeChoice,
    /// Let the mouse wheel scroll and clicks pick options and checklist items (off by default,
    /// so selecting text to copy works as usual).
    #[arg(long)]
    pub mouse: bool,
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
            load_static(&format!("<built-in>/{}", b.file), b.text, opts)
        }
        GuideSource::File(p) => load_path(p, opts),
    }
}

/// Loads a guide for a command that needs a usable one: errors are rendered and returned.
/// Warnings are for authors (`validate` shows them), so the readability pass is skipped.
pub fn load_guide(arg: Option<&str>, color: Color) -> Result<Guide, CliError> {
    let source = guide_source(arg);
    let loaded = load_source(&source, CheckOptions { readability: false, ..CheckOptions::default() });
    if let Some(g) = loaded.guide {
        Ok(g)
    } else {
        let unreadable = loaded.diagnostics.iter().all(|d| d.code == crate::guide::Code::FileUnreadable);
        let text = render_all(&loaded.diagnostics, loaded.sources(), color);
        if unreadable && !loaded.diagnostics.is_empty() {
            let first = loaded.diagnostics[0].message.clone();
            Err(CliError::io(guide_hint::unknown_guide(arg, first)))
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
        Some(Command::New(a)) => new::run(&a, out),
        Some(Command::Test(a)) => test::run(&a, out, err, color_err),
        Some(Command::Paths(a)) => test::run_paths(&a, out, color_err),
        Some(Command::Explain(a)) => explain::run(&a, out),
        Some(Command::Graph(a)) => graph::run(&a, out, color_err),
        Some(Command::Schema) => schema::run(out),
        Some(Command::Sessions(a)) => sessions::run(&a, out),
        Some(Command::Run(a)) => run::run(&a, out, color_err),
        None => run::run(&cli.run, out, color_err),
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
