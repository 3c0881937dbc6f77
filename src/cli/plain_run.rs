//! Running a guide in plain mode from the command line: the `--save` path checked before any
//! question, the saved session offered (or taken with `--resume`, or set aside with
//! `--fresh`), then [`crate::plain::run`] with autosave, and its ending turned into an exit code.

use std::io::{BufRead, IsTerminal, Write};

use super::{CliError, RunArgs, load_guide};
use crate::engine::answers_file;
use crate::export::Format;
use crate::guide::Guide;
use crate::guide::diagnostic::Color;
use crate::plain::{self, Options, Outcome};
use crate::store::Store;
use crate::store::resume::{self, Ask, Elsewhere, Start, StartError, Wish};
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

/// Decides between the saved session and a fresh start ([`crate::store::resume`]), asking in
/// plain text when neither `--resume` nor `--fresh` was given. The interactive interface asks
/// the same way, before it takes over the screen.
pub(crate) fn start(
    guide: &Guide,
    args: &RunArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Start, CliError> {
    let wish = if args.resume {
        Wish::Resume
    } else if args.fresh {
        Wish::Fresh
    } else {
        Wish::Ask
    };
    resume::start(Store::open(), guide, wish, &mut PlainAsk { input, out }).map_err(|e| match e {
        StartError::InputEnded(message) => CliError::content(message),
        StartError::Io(e) => output_error(&e),
    })
}

/// Asks the resume questions on plain lines.
struct PlainAsk<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
}

impl Ask for PlainAsk<'_> {
    fn resume(&mut self, question: &str, default: bool) -> Result<Option<bool>, StartError> {
        Ok(plain::ask_yes_no(self.input, self.out, question, default)?)
    }

    fn elsewhere(&mut self, who: &str) -> Result<Option<Elsewhere>, StartError> {
        if !std::io::stdin().is_terminal() {
            return Ok(None);
        }
        let ask = format!(
            "This guide's session is open in {who}.\n  r  open it read-only (nothing you do here is saved)\n  \
             s  start a separate walk (saved in a file of its own)\n  t  take it over (the other window stops \
             saving and says so at once)\nType r, s or t."
        );
        self.out.write_all(format!("{}\n", crate::guide::text::sanitize(&ask)).as_bytes())?;
        loop {
            self.out.write_all(b"> ").and_then(|()| self.out.flush())?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                return Err(StartError::InputEnded(
                    "Input ended before the first question. The saved session was not changed.",
                ));
            }
            match line.trim().to_lowercase().as_str() {
                "r" => return Ok(Some(Elsewhere::ReadOnly)),
                "s" => return Ok(Some(Elsewhere::Separate)),
                "t" => return Ok(Some(Elsewhere::TakeOver)),
                _ => self.out.write_all(b"Type r, s or t.\n")?,
            }
        }
    }

    fn warn(&mut self, message: &str) {
        let _ = writeln!(std::io::stderr(), "guidepost: {message}");
    }
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
            let note = resume::piped_note(Store::open().ok().as_ref(), &guide.meta.id);
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
