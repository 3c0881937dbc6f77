//! Running a guide in plain mode from the command line: the `--save` path checked before any
//! question, the saved session offered (or taken with `--resume`, or set aside with
//! `--fresh`), then [`crate::plain::run`] with autosave, and its ending turned into an exit code.

use std::io::{BufRead, IsTerminal, Write};

use super::{CliError, RunArgs, load_guide};
use crate::engine::Session;
use crate::engine::answers_file;
use crate::export::Format;
use crate::guide::Guide;
use crate::guide::diagnostic::Color;
use crate::plain::{self, Options, Outcome};
use crate::store::lock::LockError;
use crate::store::{Autosave, Resumed, Store, StoreError};
use crate::write::{cannot_write, check_target, shown};

/// Whether a run should be plain: asked for, a dumb terminal, or input or output that is not a
/// terminal (a pipe, a file, a screen reader's line mode).
pub fn wants_plain(args: &RunArgs) -> bool {
    args.plain
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb")
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
}

/// The `--save` path and its format, checked before any question is asked so nobody answers
/// twenty questions to learn that the folder does not exist.
pub fn save_target(args: &RunArgs) -> Result<Option<(std::path::PathBuf, Format)>, CliError> {
    let Some(path) = &args.save else { return Ok(None) };
    // `--save /dev/stdout` or a pipe has no extension to go by: Markdown, as `export` writes.
    let format = Format::from_path(path).or_else(|| is_stream(path).then_some(Format::Markdown)).ok_or_else(|| {
        CliError::io(format!(
            "cannot tell which format to save {} in: end the name with {}",
            shown(path),
            Format::endings_listed()
        ))
    })?;
    check_target(path).map_err(|reason| CliError::io(cannot_write(path, &reason)))?;
    Ok(Some((path.clone(), format)))
}

/// Whether a path is a character device or a FIFO, which is written into rather than replaced.
fn is_stream(path: &std::path::Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_fifo())
}

/// The walk to start from and the autosave to use, after offering the saved session.
pub(crate) struct Start {
    /// The walk: fresh, or the saved one replayed.
    pub(crate) session: Session,
    /// Where every change goes, when sessions can be saved.
    pub(crate) autosave: Option<Autosave>,
    /// What the person should know before the first question.
    pub(crate) notes: Vec<String>,
}

/// The walk `--start-at` and `--answers` ask for, the same in plain mode and in the interactive
/// interface: `None` when neither is given. The answers file must be there and valid (a missing,
/// unreadable or broken file is an error, exit 2, never ignored); the walk goes from the start
/// to the `--start-at` node (or stays at the start) with every answer kept to pre-fill later
/// questions. Such a walk is a preview and is not saved, so it cannot replace a real session.
pub(crate) fn preview_start(guide: &Guide, args: &RunArgs, color: Color) -> Result<Option<Start>, CliError> {
    if args.start_at.is_none() && args.answers.is_none() {
        return Ok(None);
    }
    let answers = match &args.answers {
        Some(p) => answers_file::read(p, color).map_err(|e| CliError::io(e.to_string().trim_end().to_string()))?,
        None => std::collections::BTreeMap::new(),
    };
    let node = args.start_at.clone().unwrap_or_else(|| guide.node(guide.start).key.clone());
    let session = crate::authoring::start_at(guide, &answers, &node)
        .map_err(|e| CliError::content(format!("cannot start at \"{node}\": {e}")))?;
    let note = match &args.start_at {
        Some(node) => format!("Preview from \"{node}\": answers are not saved."),
        None => "Preview with the answers file: answers are not saved.".to_string(),
    };
    Ok(Some(Start { session, autosave: None, notes: vec![note] }))
}

/// Decides between the saved session and a fresh start, asking in plain text when neither
/// `--resume` nor `--fresh` was given. The interactive interface asks the same way, before it
/// takes over the screen.
///
/// The session's lock is taken first (see [`crate::store::lock`]): when another window has the
/// session open, the person chooses what to do instead, and without a terminal to ask on, the
/// session is left alone and the walk runs without saving.
pub(crate) fn start(
    guide: &Guide,
    args: &RunArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Start, CliError> {
    let lock = match Store::open().map(|s| s.lock(&guide.meta.id)) {
        Ok(Ok(lock)) => Some(lock),
        Ok(Err(LockError::Held { pid })) => match open_elsewhere(guide, pid, input, out)? {
            Some(start) => return Ok(start),
            None => None,
        },
        // Without a lock file the walk still runs and saves, as it always did.
        Ok(Err(LockError::Io(_))) | Err(_) => None,
    };
    let mut start = start_unlocked(guide, args, input, out)?;
    start.autosave = start.autosave.map(|a| a.with_lock(lock));
    Ok(start)
}

/// The session is open in another window: read it without saving, start a separate walk saved
/// in a file of its own, or take it over (`None`: go on as usual; the other window sees it at
/// once and stops saving). Without a terminal nothing is asked.
fn open_elsewhere(
    guide: &Guide,
    pid: Option<u32>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Option<Start>, CliError> {
    let who = pid.map_or_else(|| "another window".to_string(), |p| format!("another window (process {p})"));
    let unsaved = |session, note: String| Some(Start { session, autosave: None, notes: vec![note] });
    if !std::io::stdin().is_terminal() {
        let message = format!("this guide's session is open in {who}; it is left alone and this walk is not saved");
        let _ = writeln!(std::io::stderr(), "guidepost: {message}");
        return Ok(unsaved(Session::new(guide), format!("Note: {message}.")));
    }
    let ask = format!(
        "This guide's session is open in {who}.\n  r  open it read-only (nothing you do here is saved)\n  \
         s  start a separate walk (saved in a file of its own)\n  t  take it over (the other window stops \
         saving and says so at once)\nType r, s or t."
    );
    out.write_all(format!("{}\n", crate::guide::text::sanitize(&ask)).as_bytes()).map_err(|e| output_error(&e))?;
    loop {
        out.write_all(b"> ").and_then(|()| out.flush()).map_err(|e| output_error(&e))?;
        let mut line = String::new();
        if input.read_line(&mut line).map_err(|e| output_error(&e))? == 0 {
            return Err(CliError::content("Input ended before the first question. The saved session was not changed."));
        }
        match line.trim().to_lowercase().as_str() {
            "r" => {
                let session = Store::open()
                    .ok()
                    .and_then(|s| s.load(guide).ok().flatten())
                    .map_or_else(|| Session::new(guide), |r| r.session);
                return Ok(unsaved(session, "Read-only: the session stays as the other window saves it.".to_string()));
            }
            "s" => {
                let Ok(store) = Store::open() else {
                    return Ok(unsaved(
                        Session::new(guide),
                        "A separate walk: these answers cannot be saved; save the checklist at the end.".to_string(),
                    ));
                };
                let (autosave, path) = Autosave::separate(store, guide);
                let note = format!(
                    "A separate walk: these answers are saved on their own, in {}, and the other window's session is left as it is.",
                    shown(&path)
                );
                return Ok(Some(Start { session: Session::new(guide), autosave: Some(autosave), notes: vec![note] }));
            }
            "t" => {
                // The other window sees this at once and stops saving.
                if let Ok(store) = Store::open() {
                    let _ = store.take_over(&guide.meta.id);
                }
                return Ok(None);
            }
            _ => out.write_all(b"Type r, s or t.\n").map_err(|e| output_error(&e))?,
        }
    }
}

/// [`start`] once the lock is settled.
fn start_unlocked(
    guide: &Guide,
    args: &RunArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Start, CliError> {
    let fresh = |autosave, notes| Start { session: Session::new(guide), autosave, notes };
    let store = match Store::open() {
        Ok(s) => s,
        Err(e) => return Ok(fresh(None, vec![format!("Note: your answers will not be saved: {e}.")])),
    };
    let resumed = match store.load(guide) {
        Ok(Some(r)) => r,
        Ok(None) => {
            let notes = if args.resume {
                vec!["There is no saved session for this guide, so it starts from the beginning.".to_string()]
            } else {
                Vec::new()
            };
            return Ok(fresh(Some(Autosave::new(store)), notes));
        }
        Err(e @ StoreError::Unusable { .. }) => {
            return Ok(fresh(Some(Autosave::new(store)), vec![format!("Note: {e}. Starting fresh.")]));
        }
        Err(e) => return Ok(fresh(None, vec![format!("Note: your answers will not be saved: {e}.")])),
    };
    let resume = if args.resume {
        true
    } else if args.fresh {
        false
    } else {
        let (question, default) = resumed.rerun_question(guide);
        let answer = plain::ask_yes_no(input, out, &question, default).map_err(|e| output_error(&e))?;
        answer.ok_or_else(|| {
            CliError::content("Input ended before the first question. Your saved session was not changed.")
        })?
    };
    if resume {
        let notes = resume_notes(&resumed);
        let autosave = Autosave::resuming(store, &resumed);
        return Ok(Start { session: resumed.session, autosave: Some(autosave), notes });
    }
    match store.keep_previous(&guide.meta.id) {
        Ok(Some(kept)) => Ok(fresh(
            Some(Autosave::new(store)),
            vec![format!("Starting fresh. Your earlier answers were kept in {}.", shown(&kept))],
        )),
        Ok(None) => Ok(fresh(Some(Autosave::new(store)), Vec::new())),
        // Saving over the old session would destroy it: run without saving instead.
        Err(e) => {
            Ok(fresh(None, vec![format!("Note: your answers will not be saved, to keep the earlier ones: {e}.")]))
        }
    }
}

/// What a person resuming should know: where they are, and what changed in the guide.
fn resume_notes(resumed: &Resumed) -> Vec<String> {
    let mut notes = vec![format!("Resuming {}.", resumed.describe())];
    if let Some(c) = &resumed.checklist {
        notes.push(format!("You saved your checklist to {} on {}.", shown(&c.path), c.at.short()));
    }
    if !resumed.flags.is_empty() {
        notes.push("The guide has changed since then:".to_string());
        notes.extend(resumed.flags.iter().map(|f| format!("- {}", f.describe())));
    } else if resumed.guide_changed {
        notes.push("The guide has been updated since then; all your answers still fit.".to_string());
    }
    notes
}

fn output_error(e: &std::io::Error) -> CliError {
    CliError::io(format!("cannot write output: {}", crate::guide::load::io_reason(e)))
}

/// Runs a guide in plain mode; the exit code is 0 at the end or after quit, 1 when the input
/// ends first, 2 when the checklist could not be saved.
pub fn run_plain(args: &RunArgs, input: &mut dyn BufRead, out: &mut dyn Write, color: Color) -> Result<u8, CliError> {
    if super::closed_stdout::stdout_was_closed() {
        return Err(CliError::io(super::closed_stdout::MESSAGE));
    }
    let save_to = save_target(args)?;
    let guide = load_guide(args.guide.as_deref(), color)?;
    let piped = !std::io::stdin().is_terminal();
    let Start { mut session, mut autosave, notes } = match preview_start(&guide, args, color)? {
        Some(preview) => preview,
        None if piped && !args.resume && !args.fresh => {
            // Piped input was written without knowing about a saved session: asking whether to
            // resume would take its first line for the reply, and saving would change the
            // session the person has. So the saved session is left alone unless asked for.
            let note = if Store::open().is_ok_and(|s| s.has_session(&guide.meta.id)) {
                "input is not a terminal, so your saved session is left as it is; add --resume to continue \
                 it or --fresh to replace it"
            } else {
                "input is not a terminal, so these answers are not saved; add --fresh to save them"
            };
            let _ = writeln!(std::io::stderr(), "guidepost: {note}");
            Start { session: crate::engine::Session::new(&guide), autosave: None, notes: Vec::new() }
        }
        None => start(&guide, args, input, out)?,
    };
    let options = Options {
        autosave: autosave.as_mut(),
        save_to,
        notes,
        intro: true,
        include_private: args.include_private,
        echo: piped,
    };
    match plain::run(&guide, &mut session, input, out, options) {
        Ok(Outcome::Finished { save_error: None } | Outcome::Quit) => Ok(0),
        Ok(Outcome::Finished { save_error: Some(message) }) => Err(CliError::io(message)),
        Ok(Outcome::InputEnded { message }) => Err(CliError::content(message)),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(output_error(&e)),
    }
}
