//! `guidepost run` (and `guidepost` alone): walk a guide in the interactive terminal interface.

use std::io::Write;

use clap::ValueEnum;

use super::{CliError, RunArgs, load_guide, write_out};
use crate::guide::diagnostic::Color;
use crate::guide::text::sanitize_line;
use crate::tui::{self, Ended, NoHooks, RunOptions, ThemeName, TuiError};

/// The looks `--theme` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ThemeChoice {
    /// Calm colours with one accent.
    #[default]
    Default,
    /// Stronger colours and no dim text, for low vision or bright rooms.
    HighContrast,
}

impl From<ThemeChoice> for ThemeName {
    fn from(t: ThemeChoice) -> ThemeName {
        match t {
            ThemeChoice::Default => ThemeName::Default,
            ThemeChoice::HighContrast => ThemeName::HighContrast,
        }
    }
}

/// Runs a guide interactively. After the interface closes, says where the checklist was saved.
pub fn run(args: &RunArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    let guide = load_guide(args.guide.as_deref(), color)?;
    let options = RunOptions { theme: args.theme.into(), ..RunOptions::default() };
    // Both failures are usage or I/O problems; the plain mode will take over `NotATerminal`.
    let outcome = tui::run(guide, options, &mut NoHooks).map_err(|e: TuiError| CliError::io(e.to_string()))?;
    if let Some(path) = &outcome.saved {
        write_out(out, &format!("Checklist saved to {}\n", sanitize_line(&path.to_string_lossy())))?;
    }
    Ok(match outcome.ended {
        Ended::Quit => 0,
        Ended::Signal(sig) => u8::try_from(128 + sig).unwrap_or(1),
        Ended::Hangup => 1,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    #[test]
    fn theme_is_chosen_on_the_command_line() {
        let cli = Cli::try_parse_from(["guidepost", "--theme", "high-contrast"]).unwrap();
        assert_eq!(cli.run.theme, ThemeChoice::HighContrast);
        let cli = Cli::try_parse_from(["guidepost", "run", "g.toml", "--theme", "default"]).unwrap();
        match cli.command {
            Some(Command::Run(a)) => assert_eq!(a.theme, ThemeChoice::Default),
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["guidepost", "--theme", "neon"]).is_err());
    }
}
