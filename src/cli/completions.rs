//! `guidepost completions SHELL`: the shell script that completes guidepost's command line.
//!
//! The script is `clap_complete`'s dynamic one: on each Tab it asks the program itself
//! (`COMPLETE=SHELL guidepost -- words...`), so subcommands, options and their values come from the
//! same definitions that parse them, and guide ids come from the library as it is at that moment.

use std::ffi::OsStr;
use std::io::Write;

use clap::Args;
use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};
use clap_complete::env::Shells;

use super::{CliError, is_subcommand, write_out};
use crate::library::Library;

/// The environment variable through which the script calls the program back.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Options of `completions`.
#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL", value_parser = ["bash", "zsh", "fish", "elvish", "powershell"])]
    pub shell: String,
}

/// Runs `completions`: writes the registration script for the shell.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let shells = Shells::builtins();
    let shell =
        shells.completer(&args.shell).ok_or_else(|| CliError::io(format!("unknown shell \"{}\"", args.shell)))?;
    let mut script = Vec::new();
    shell
        .write_registration(COMPLETE_VAR, "guidepost", "guidepost", &completer(), &mut script)
        .map_err(|e| CliError::io(format!("cannot write the script: {e}")))?;
    write_out(out, &String::from_utf8_lossy(&script))?;
    Ok(0)
}

/// The program the script calls back: as it was started when that names it on `PATH`, else its
/// full path, so the script keeps working from any folder.
fn completer() -> String {
    let arg0 = std::env::args_os().next().unwrap_or_else(|| "guidepost".into());
    let path = std::path::PathBuf::from(arg0);
    let path = if path.components().count() > 1 { std::path::absolute(&path).unwrap_or(path) } else { path };
    path.to_string_lossy().into_owned()
}

/// Candidates for a GUIDE argument: the ids that run a guide (built-in first, then the library's
/// in search order), then files and folders.
pub fn guide(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let catalog = Library::from_env().catalog(&is_subcommand);
    let mut candidates: Vec<CompletionCandidate> = catalog
        .entries
        .into_iter()
        .filter(|e| e.hidden.is_none() && e.id.starts_with(typed.as_ref()))
        .map(|e| CompletionCandidate::new(e.id).help(Some(e.origin.as_str().into())))
        .collect();
    candidates.extend(PathCompleter::any().complete(current));
    candidates
}
