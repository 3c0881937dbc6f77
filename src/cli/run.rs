//! `guidepost run` (and `guidepost` alone): walk a guide in the interactive terminal interface.

use std::io::{Read, Write};

use clap::ValueEnum;

use super::plain_run;
use super::{CliError, GuideSource, RunArgs, guide_source, load_guide, write_out};
use crate::authoring::watch::{self, Reloaded, Watcher};
use crate::engine::Session;
use crate::guide::Guide;
use crate::guide::diagnostic::Color;
use crate::guide::model::Meta;
use crate::guide::preview;
use crate::guide::text::sanitize_line;
use crate::store::resume::{self, Start};
use crate::store::{Autosave, Store};
use crate::tui::{Ended, RunOptions, ThemeName, Tui, TuiHooks, Watch};

/// The looks `--theme` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ThemeChoice {
    /// Calm colours with one accent, for the terminal's light or dark background (asked of the
    /// terminal, else taken from COLORFGBG, else dark).
    #[default]
    #[value(alias = "default")]
    Auto,
    /// Colours for a dark background.
    Dark,
    /// Colours for a light background.
    Light,
    /// Stronger colours and bold text, for low vision or bright rooms, on light or dark.
    HighContrast,
}

impl From<ThemeChoice> for ThemeName {
    fn from(t: ThemeChoice) -> ThemeName {
        match t {
            ThemeChoice::Auto => ThemeName::Auto,
            ThemeChoice::Dark => ThemeName::Dark,
            ThemeChoice::Light => ThemeName::Light,
            ThemeChoice::HighContrast => ThemeName::HighContrast,
        }
    }
}

/// Saves the session after every change, so a crash or a killed process loses at most the
/// question on screen.
struct SaveHooks {
    autosave: Option<Autosave>,
    /// Why saving stopped, told once the terminal is back.
    warned: Option<String>,
    /// Why saving stopped, not yet shown in the status line.
    unsaid: Option<String>,
}

impl TuiHooks for SaveHooks {
    fn session_changed(&mut self, guide: &Guide, session: &Session) {
        if let Some(a) = self.autosave.as_mut()
            && let Err(e) = a.save(guide, session)
        {
            // Nothing may be printed while the interface owns the screen; stop trying rather
            // than fail on every keystroke, and say so in the status line. The person still has
            // the checklist save.
            self.stop(e);
        }
    }

    fn notice(&mut self) -> Option<String> {
        if self.autosave.as_ref().is_some_and(Autosave::taken_over) {
            self.stop(crate::store::autosave::TAKEN_OVER.to_string());
            // Short enough for the status line of a small window.
            self.unsaid = None;
            return Some("Another window took over: your answers here are no longer saved.".to_string());
        }
        self.unsaid.take().map(|e| {
            let mut e = sanitize_line(&e).into_owned();
            if let Some(first) = e.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("{e}.")
        })
    }

    fn checklist_saved(&mut self, guide: &Guide, session: &Session, path: &std::path::Path) {
        if let Some(a) = self.autosave.as_mut()
            && let Err(e) = a.checklist_saved(guide, session, path)
        {
            self.stop(e);
        }
    }
}

impl SaveHooks {
    /// Stops saving for this reason, to be shown at once and printed at the end.
    fn stop(&mut self, reason: String) {
        self.unsaid = Some(reason.clone());
        self.warned = Some(reason);
        self.autosave = None;
    }
}

/// The one line printed after the full screen is gone: where the answers are, how to come back,
/// and where the checklist is (and whether it is still up to date).
///
/// `answers_at` is the session file, and whether it is a separate walk's own, which `--resume`
/// does not open.
fn exit_line(args: &RunArgs, answers_at: Option<(&std::path::Path, bool)>, outcome: &crate::tui::Outcome) -> String {
    let mut line = match answers_at {
        Some((p, true)) => format!("Your answers are saved on their own in {}", sanitize_line(&p.to_string_lossy())),
        Some((p, false)) => {
            let mut command = "guidepost".to_string();
            if let Some(g) = &args.guide {
                command.push(' ');
                command.push_str(&shell_word(g));
            }
            format!(
                "Your answers are saved in {}; to continue, run: {command} --resume",
                sanitize_line(&p.to_string_lossy())
            )
        }
        None => "Your answers were not saved.".to_string(),
    };
    match (&outcome.saved, outcome.saved_fresh) {
        (Some(p), true) => line.push_str(&format!(" · Checklist saved to {}", sanitize_line(&p.to_string_lossy()))),
        (Some(p), false) => line.push_str(&format!(
            " · Your answers changed after the checklist was saved to {}; save it again to update it",
            sanitize_line(&p.to_string_lossy())
        )),
        (None, _) => {}
    }
    line.push('\n');
    line
}

/// A word as a shell reads it: quoted when it holds anything but plain characters.
fn shell_word(w: &str) -> String {
    if !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./~+,:@".contains(&b)) {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// Runs a guide: the interactive interface on a terminal, plain mode otherwise (or when asked).
///
/// When the walk will open on the start screen, the terminal is taken over and the start screen
/// drawn from the `[guide]` table alone before the guide is parsed and checked, so the person sees
/// it at once; a guide that then turns out not to load gives the terminal back and its problems
/// are printed as usual.
pub fn run(args: &RunArgs, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    // Said before the terminal is taken over, so it stays on screen after.
    if let Some(warning) = crate::store::named_folder_warning() {
        let _ = writeln!(std::io::stderr(), "guidepost: {}", sanitize_line(&warning));
    }
    if plain_run::wants_plain(args) {
        return plain_run::run_plain(args, &mut std::io::stdin().lock(), out, color);
    }
    let mut tui = match early_preview(args) {
        Some(meta) => {
            let mut tui = enter(args)?;
            tui.show_preview(meta);
            Some(tui)
        }
        None => None,
    };
    let (guide, watch, broken) = if args.watch {
        let w = watched(args, color)?;
        (w.guide, Some(w.watch), w.broken)
    } else {
        let guide = match tui.as_mut() {
            // The start screen is up and the terminal raw: load on the side, so Ctrl-C and
            // signals still end the program at once.
            Some(t) => {
                let arg = args.guide.clone();
                match t.load_while_watching(move || load_guide(arg.as_deref(), color)) {
                    Ok(loaded) => loaded?,
                    Err(ended) => {
                        drop(tui);
                        return Ok(exit_code(ended));
                    }
                }
            }
            None => load_guide(args.guide.as_deref(), color)?,
        };
        (guide, None, false)
    };
    let (session, autosave, notes) = if broken {
        // Nothing of the real guide is known yet, so nothing is saved: a session saved now
        // could only replace the one the author already has.
        let note = "The guide has problems: fix them and save the file. Answers given in this run are not saved.";
        (Session::new(&guide), None, vec![note.to_string()])
    } else if let Some(preview) = plain_run::preview_start(&guide, args, color)? {
        (preview.session, preview.autosave, preview.notes)
    } else {
        // With the start screen already showing there is nothing left to ask: there was no saved
        // session a moment ago, so should one appear now, it is kept aside, never replaced.
        let decided;
        let args = if tui.is_some() && !args.resume {
            decided = RunArgs { fresh: true, ..args.clone() };
            &decided
        } else {
            args
        };
        let Start { session, autosave, notes } =
            plain_run::start(&guide, args, &mut std::io::stdin().lock(), &mut std::io::stdout().lock())?;
        (session, autosave, notes)
    };
    let tui = match tui.take() {
        Some(t) => t,
        None => enter(args)?,
    };
    // A resumed walk knows where its checklist went, and whether that file is still up to date.
    let saved = autosave.as_ref().and_then(|a| a.checklist()).map(|c| {
        let fresh = c.fingerprint.as_deref() == Some(crate::export::fingerprint(&guide, &session).as_str());
        (c.path.clone(), fresh)
    });
    let options = RunOptions {
        session: Some(session),
        start_message: (!notes.is_empty()).then(|| notes.join(" ")),
        watch,
        saved,
    };
    let mut hooks = SaveHooks { autosave, warned: None, unsaid: None };
    let guide_id = guide.meta.id.clone();
    let outcome = tui.run(guide, options, &mut hooks);
    let answers_at = hooks.autosave.as_ref().and_then(|a| a.file(&guide_id).map(|f| (f, a.is_separate())));
    write_out(out, &exit_line(args, answers_at.as_ref().map(|(f, s)| (f.as_path(), *s)), &outcome))?;
    if let Some(reason) = &hooks.warned {
        let _ = writeln!(
            std::io::stderr(),
            "guidepost: your answers stopped being saved as you went ({}); save the checklist next time with s",
            sanitize_line(reason)
        );
    }
    Ok(exit_code(outcome.ended))
}

/// The exit code for how the interface ended: 128 + the signal, as shells report it (130 for
/// Ctrl-C).
fn exit_code(ended: Ended) -> u8 {
    match ended {
        Ended::Quit => 0,
        Ended::Signal(sig) => u8::try_from(128 + sig).unwrap_or(1),
        Ended::Hangup => 1,
    }
}

fn enter(args: &RunArgs) -> Result<Tui, CliError> {
    let mut tui = Tui::enter(args.theme.into(), None, args.mouse).map_err(|e| CliError::io(e.to_string()))?;
    tui.include_private(args.include_private);
    Ok(tui)
}

/// How much of a guide file is read for the preview.
const PREVIEW_BYTES: u64 = 64 * 1024;

/// The `[guide]` table to draw the start screen from while the guide loads, when the walk will
/// open there: not for `--start-at`, `--answers` or `--watch` (authors' runs), and not when a saved session
/// may be resumed (that is asked, or shown, first).
fn early_preview(args: &RunArgs) -> Option<Meta> {
    if args.start_at.is_some() || args.answers.is_some() || args.watch || !crate::tui::terminal::is_interactive() {
        return None;
    }
    let meta = match guide_source(args.guide.as_deref()) {
        GuideSource::Builtin(id) => {
            preview::meta(crate::builtin::find(id).unwrap_or(crate::builtin::default_guide()).text, true)?
        }
        GuideSource::File(path) => {
            // `[guide]` opens a guide: its beginning is enough, however large the file.
            let mut start = Vec::new();
            let read = std::fs::File::open(path).and_then(|f| f.take(PREVIEW_BYTES).read_to_end(&mut start));
            let whole = read.ok()? < PREVIEW_BYTES as usize;
            let text = match std::str::from_utf8(&start) {
                Ok(t) => t,
                // Cut inside a character: the part before it.
                Err(e) if !whole && e.error_len().is_none() => std::str::from_utf8(&start[..e.valid_up_to()]).ok()?,
                Err(_) => return None,
            };
            preview::meta(text, whole)?
        }
    };
    // A session saved, or open in another window, is asked about first.
    let saved = Store::open().is_ok_and(|s| resume::would_ask(&s, &meta.id));
    (args.fresh || !saved).then_some(meta)
}

/// A guide opened with `--watch`.
struct Watched {
    /// The guide, or a stand-in page while the file has problems.
    guide: Guide,
    /// The reload source: the guide's files polled for changes. Its first answer is what the
    /// first load found (the problems, or the mistakes in the scenarios), so they show at once.
    watch: Watch,
    /// The file had problems at the start.
    broken: bool,
}

/// Opens a guide file for `--watch`. A guide with problems still opens: the problems show over
/// a stand-in page until the author saves a fixed file. Only a file that cannot be read at all
/// is an error.
fn watched(args: &RunArgs, color: Color) -> Result<Watched, CliError> {
    let GuideSource::File(path) = guide_source(args.guide.as_deref()) else {
        return Err(CliError::io("--watch needs a guide file to watch, not a built-in guide"));
    };
    let loaded = watch::load_for_preview(&path);
    if loaded.guide.is_none() && loaded.diagnostics.iter().all(|d| d.code == crate::guide::Code::FileUnreadable) {
        return Err(load_guide(args.guide.as_deref(), color)
            .err()
            .unwrap_or_else(|| CliError::io(format!("cannot read {}", path.display()))));
    }
    let mut watcher = Watcher::for_loaded(&path, &loaded);
    let found = Reloaded::from_loaded(loaded);
    let (guide, first, broken) = match found.guide {
        Ok(g) => {
            let first = found.warnings.map(|w| Reloaded { guide: Ok(g.clone()), warnings: Some(w) });
            (g, first, false)
        }
        Err(problems) => {
            let Some(page) = watch::stand_in(&path) else {
                return Err(CliError::content(problems.trim_end().to_string()));
            };
            (page, Some(Reloaded { guide: Err(problems), warnings: None }), true)
        }
    };
    let mut first = first;
    let watch: Watch = Box::new(move || first.take().or_else(|| watcher.poll().then(|| watcher.reload_and_track())));
    Ok(Watched { guide, watch, broken })
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
            Some(Command::Run(a)) => assert_eq!(a.theme, ThemeChoice::Auto),
            other => panic!("{other:?}"),
        }
        for (name, choice) in [("light", ThemeChoice::Light), ("dark", ThemeChoice::Dark), ("auto", ThemeChoice::Auto)]
        {
            assert_eq!(Cli::try_parse_from(["guidepost", "--theme", name]).unwrap().run.theme, choice);
        }
        let cli = Cli::try_parse_from(["guidepost", "run", "g.toml"]).unwrap();
        match cli.command {
            Some(Command::Run(a)) => assert_eq!(a.theme, ThemeChoice::Auto),
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["guidepost", "--theme", "neon"]).is_err());
    }
}
