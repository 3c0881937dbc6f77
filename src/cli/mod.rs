//! The command line: each subcommand is a thin call into the library.
//!
//! Exit codes (the table in the README): 0 success; 1 the guide has errors, a test failed or the
//! input ran out; 2 usage or I/O problems; 130 interrupted by Ctrl-C (128 + any other signal).

pub mod closed_stdout;
pub mod completions;
pub mod environment;
pub mod explain;
pub mod export;
pub mod graph;
pub mod guide_hint;
pub mod list;
pub mod man;
pub mod new;
pub mod plain_run;
pub mod run;
pub mod schema;
pub mod sessions;
pub mod test;
pub mod validate;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::ArgValueCompleter;

use crate::builtin;
use crate::guide::diagnostic::{Color, render_all};
use crate::guide::{CheckOptions, Guide, Loaded, load_path, load_static};
use crate::library::Library;

/// Walk through a decision one question at a time and leave with a personalized checklist.
#[derive(Debug, Parser)]
#[command(name = "guidepost", version, long_version = long_version(), about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; with none, run a guide.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Running a guide (the default command).
    #[command(flatten)]
    pub run: RunArgs,
    /// Take this date as today (2026-11-30), for dates in guides, their tests and checklists;
    /// default: the system clock's date in UTC.
    #[arg(long, global = true, value_name = "DATE", env = "GUIDEPOST_TODAY", value_parser = parse_today)]
    pub today: Option<crate::date::Date>,
}

/// `--today` takes any way of writing a date that a date question takes.
fn parse_today(text: &str) -> Result<crate::date::Date, String> {
    crate::date::Date::parse_typed(text)
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
    /// List every guide: built-in, in the library, and in the guide path folders.
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
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), e.g. `guidepost man | man -l -`.
    Man,
    /// Serve the Language Server Protocol on stdin and stdout, for editors (see docs/editors.md).
    Lsp,
}

/// Options for running a guide.
#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    /// A guide file, or the id of a built-in or library guide (default: the built-in default guide).
    #[arg(value_name = "GUIDE", add = ArgValueCompleter::new(completions::guide))]
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
    /// Also save the checklist here at the end (the help text lists the formats from
    /// [`crate::export::Format::ALL`]).
    #[arg(long, value_name = "PATH", help = save_help())]
    pub save: Option<PathBuf>,
    /// List the answers to private questions in the saved checklist too (they are left out
    /// unless you ask); in the full-screen interface, the save dialog starts with them included.
    #[arg(long)]
    pub include_private: bool,
    /// The look: `auto` (follows the terminal's light or dark background), `dark`, `light`, or
    /// `high-contrast` for stronger colours (`NO_COLOR` turns colour off).
    #[arg(long, value_enum, default_value_t, env = "GUIDEPOST_THEME")]
    pub theme: run::ThemeChoice,
    /// Let the mouse wheel scroll and clicks pick options and checklist items (off by default,
    /// so selecting text to copy works as usual).
    #[arg(long)]
    pub mouse: bool,
}

/// The help of `--save`, from the list of formats so it never misses one.
fn save_help() -> String {
    let extensions = crate::export::Format::ALL.map(crate::export::Format::extension);
    format!("Also save the checklist here at the end (format from the extension: {})", extensions.join(", "))
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

pub use crate::library::GuideSource;

/// What a GUIDE argument names, the library searched as the environment says; names that are
/// also subcommands are reached by path only.
pub fn guide_source(arg: Option<&str>) -> GuideSource {
    crate::library::guide_source(arg, &Library::from_env(), &is_subcommand)
}

/// The command-line definition, for completions and the manual page.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Parses the process's command line, or exits with clap's message. A bad `GUIDEPOST_THEME`
/// gets a note naming the variable, since the message speaks of `--theme`, which the person did
/// not type.
pub fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let typed_theme = std::env::args_os().any(|a| a.to_string_lossy().starts_with("--theme"));
            let from_env = e.kind() == clap::error::ErrorKind::InvalidValue
                && !typed_theme
                && std::env::var_os(THEME_VAR).is_some()
                && e.get(clap::error::ContextKind::InvalidArg).is_some_and(|a| a.to_string().starts_with("--theme"));
            if from_env {
                let _ = e.print();
                let _ = writeln!(std::io::stderr(), "note: the value comes from {THEME_VAR}; change or unset it");
                std::process::exit(e.exit_code());
            }
            e.exit()
        }
    }
}

/// The variable that sets the default of `--theme`.
pub const THEME_VAR: &str = "GUIDEPOST_THEME";

pub use crate::library::looks_like_id;

/// Whether a name is also a subcommand's (or its alias's): a guide with that id is reached by
/// path only, since `guidepost list` must always list.
pub fn is_subcommand(name: &str) -> bool {
    name == "help"
        || Cli::command().get_subcommands().any(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name))
}

/// `--version`: the program's version, then each built-in guide's own version and review date,
/// since a guide's facts age separately from the program.
pub(crate) fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = env!("CARGO_PKG_VERSION").to_string();
        for b in builtin::BUILTINS {
            let meta = crate::guide::preview::meta(b.text, true);
            let version = meta.as_ref().map(|m| m.version.clone()).filter(|v| !v.is_empty());
            let reviewed = meta.as_ref().and_then(|m| m.reviewed).map(|d| d.to_string());
            text.push_str(&format!(
                "\n{:<20} version {}, reviewed {}",
                b.id,
                version.as_deref().unwrap_or("-"),
                reviewed.as_deref().unwrap_or("never")
            ));
        }
        text
    })
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
    if let Some(today) = cli.today {
        crate::date::pin_today(today);
    }
    // NO_COLOR set to anything non-empty turns colour off (https://no-color.org).
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color_out = Color::for_stream(std::io::IsTerminal::is_terminal(&std::io::stdout()), no_color);
    let color_err = Color::for_stream(std::io::IsTerminal::is_terminal(&std::io::stderr()), no_color);
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
        Some(Command::Completions(a)) => completions::run(&a, out),
        Some(Command::Man) => man::run(out),
        Some(Command::Lsp) => crate::lsp::run().map_err(|e| CliError::io(format!("language server: {e}"))),
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
