//! Plain mode: the guide as lines of text, one question at a time, answered by typing a line.
//!
//! For screen readers, dumb terminals, pipes and scripts: nothing moves, nothing is redrawn, no
//! escape sequence is ever written (every line is cleaned on its way out), and each page reads
//! top to bottom: progress, title, text, numbered options, what to type. The session is saved
//! after every answer, exactly as in the full-screen interface.
//!
//! Input and output are passed in, so tests drive it with a `Cursor` and a `Vec<u8>`.

pub mod parse;
pub mod show;

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;

use parse::{Command, Reply};

use crate::engine::Session;
use crate::engine::report;
use crate::engine::session::AnswerError;
use crate::export::{self, Format};
use crate::guide::text::{sanitize, sanitize_line};
use crate::guide::{Guide, NodeKind};
use crate::store::Autosave;
use crate::write::{cannot_write, write_atomic};

/// The longest line read; the rest of a longer line is dropped (no answer is this long).
const MAX_LINE: u64 = 64 * 1024;

/// How a plain run is set up.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// Saves the session after every change; `None` runs without saving.
    pub autosave: Option<&'a mut Autosave>,
    /// Where to write the checklist at the end (`--save`), and in which format.
    pub save_to: Option<(PathBuf, Format)>,
    /// Lines shown after the introduction, such as what changed since a session was saved.
    pub notes: Vec<String>,
    /// Whether to print the guide's introduction first.
    pub intro: bool,
    /// List private answers in the checklist printed and saved at the end (`--include-private`).
    pub include_private: bool,
    /// Whether to print each line read after the prompt, so a transcript of piped input reads
    /// like a conversation (a terminal shows what is typed by itself).
    pub echo: bool,
}

/// How a plain run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The person reached the end and the checklist was printed.
    Finished {
        /// The problem saving the checklist to the `--save` path, if there was one.
        save_error: Option<String>,
    },
    /// The person typed quit.
    Quit,
    /// The input ended before the guide did; the message says where and what was kept.
    InputEnded {
        /// "Input ended at question “Your coverage” (coverage). Your answers are saved; run
        /// again to resume."
        message: String,
    },
}

/// Writes cleaned text, so no byte of a guide or an answer can act on the terminal.
struct Screen<'a> {
    out: &'a mut dyn Write,
}

impl Screen<'_> {
    fn say(&mut self, text: &str) -> std::io::Result<()> {
        self.out.write_all(sanitize(text).as_bytes())
    }

    fn prompt(&mut self) -> std::io::Result<()> {
        self.out.write_all(b"> ")?;
        self.out.flush()
    }
}

/// Saves after each change, warning once if saving fails, and remembers whether the last save
/// went through.
struct Saver<'a> {
    autosave: Option<&'a mut Autosave>,
    ok: bool,
    warned: bool,
}

impl Saver<'_> {
    fn save(&mut self, guide: &Guide, session: &Session, screen: &mut Screen<'_>) -> std::io::Result<()> {
        let Some(auto) = self.autosave.as_deref_mut() else {
            self.ok = false;
            return Ok(());
        };
        match auto.save(guide, session) {
            Ok(()) => {
                if !self.ok && self.warned {
                    screen.say("Your answers are being saved again.\n")?;
                }
                self.ok = true;
            }
            Err(e) => {
                self.ok = false;
                if !self.warned {
                    self.warned = true;
                    let msg = format!("Note: {e}. You can go on; saving will be tried again after each answer.");
                    screen.say(&crate::wrap::wrap(&msg, export::text::WIDTH, "", ""))?;
                }
            }
        }
        Ok(())
    }
}

/// Reads one line, without its line break; `None` at the end of the input. Invalid UTF-8 is
/// replaced and control characters are made visible, so nothing typed can reach a terminal.
fn read_line(input: &mut dyn BufRead) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let n = input.take(MAX_LINE).read_until(b'\n', &mut bytes)?;
    if n == 0 {
        return Ok(None);
    }
    if n as u64 == MAX_LINE && bytes.last() != Some(&b'\n') {
        // Drop the rest of an overlong line.
        let mut rest = Vec::new();
        input.read_until(b'\n', &mut rest)?;
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(sanitize_line(text.trim_end_matches(['\n', '\r'])).into_owned()))
}

/// Asks a yes/no question; an empty line takes `default`. `None` when the input ended.
pub fn ask_yes_no(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    default: bool,
) -> std::io::Result<Option<bool>> {
    let mut screen = Screen { out: output };
    let choices = if default { "[Y/n]" } else { "[y/N]" };
    screen.say(&format!("{question} {choices}\n"))?;
    loop {
        screen.prompt()?;
        let Some(line) = read_line(input)? else { return Ok(None) };
        match line.trim().to_lowercase().as_str() {
            "" => return Ok(Some(default)),
            "y" | "yes" => return Ok(Some(true)),
            "n" | "no" => return Ok(Some(false)),
            _ => screen.say("Type y for yes or n for no.\n")?,
        }
    }
}

/// Walks the guide from where `session` stands until the end, a quit, or the end of the input.
pub fn run(
    guide: &Guide,
    session: &mut Session,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    options: Options<'_>,
) -> std::io::Result<Outcome> {
    let mut screen = Screen { out: output };
    if options.intro {
        screen.say(&show::intro(guide))?;
    }
    if !options.notes.is_empty() {
        screen.say("\n")?;
    }
    for note in &options.notes {
        screen.say(&crate::wrap::wrap(note, export::text::WIDTH, "", "  "))?;
    }
    let mut saver = Saver { autosave: options.autosave, ok: true, warned: false };
    let mut show_page = true;
    loop {
        let node = guide.node(session.current());
        if matches!(node.kind, NodeKind::End) {
            saver.save(guide, session, &mut screen)?;
            return finish(guide, session, &mut screen, &mut saver, options.save_to, options.include_private);
        }
        if show_page {
            screen.say("\n")?;
            screen.say(&show::page(guide, session))?;
        }
        screen.prompt()?;
        let Some(line) = read_line(input)? else {
            screen.say("\n")?;
            return Ok(Outcome::InputEnded { message: ended_message(guide, session, saver.ok) });
        };
        if options.echo {
            screen.say(&format!("{}\n", crate::guide::text::sanitize_line(line.trim_end())))?;
        }
        let var = node.question.as_ref().map(|q| q.var.as_str());
        let stored = var.and_then(|v| session.stored(v));
        show_page = true;
        let moved = match parse::reply(node, &line, stored) {
            Reply::Command(Command::Back) => {
                if session.back() {
                    true
                } else {
                    screen.say("This is the first page; there is nothing before it.\n")?;
                    show_page = false;
                    false
                }
            }
            Reply::Command(Command::Help) => {
                screen.say(&show::help(guide, session))?;
                screen.say(&back_to(guide, session))?;
                show_page = false;
                false
            }
            Reply::Command(Command::Review) => {
                screen.say(&show::review(guide, session))?;
                screen.say(&back_to(guide, session))?;
                show_page = false;
                false
            }
            Reply::Command(Command::Quit) => {
                saver.save(guide, session, &mut screen)?;
                let msg = match (has_progress(session), saver.ok) {
                    (false, _) => "Stopped.\n",
                    (true, true) => "Your answers are saved. Run guidepost again to pick up where you left off.\n",
                    (true, false) => "Stopped. Your answers could not be saved.\n",
                };
                screen.say(msg)?;
                return Ok(Outcome::Quit);
            }
            Reply::Command(Command::Skip) | Reply::Skip => step(session.skip(guide), &mut screen, &mut show_page)?,
            Reply::Continue => step(session.advance(guide), &mut screen, &mut show_page)?,
            Reply::Answer(v) => step(session.answer(guide, &v), &mut screen, &mut show_page)?,
            Reply::Retry(message) => {
                screen.say(&crate::wrap::wrap(&message, export::text::WIDTH, "", ""))?;
                show_page = false;
                false
            }
        };
        if moved {
            saver.save(guide, session, &mut screen)?;
        }
    }
}

/// Reports a refused step; returns whether the walk moved.
fn step(result: Result<(), AnswerError>, screen: &mut Screen<'_>, show_page: &mut bool) -> std::io::Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(e) => {
            let mut text = e.to_string();
            if let Some(first) = text.get(..1) {
                text = first.to_uppercase() + &text[1..];
            }
            let msg = format!("That answer does not fit: {text}. Try again.");
            screen.say(&crate::wrap::wrap(&msg, export::text::WIDTH, "", ""))?;
            *show_page = false;
            Ok(false)
        }
    }
}

/// After help or review: which page the prompt is for, and what to type.
fn back_to(guide: &Guide, session: &Session) -> String {
    let node = guide.node(session.current());
    let stored = node.question.as_ref().and_then(|q| session.stored(&q.var));
    let text = format!(
        "Back to “{}”. {}",
        sanitize_line(&session.env(guide).interpolate(&node.title)),
        show::hint(node, stored)
    );
    crate::wrap::wrap(&text, export::text::WIDTH, "", "")
}

/// True once the person has done something worth saving (the same rule autosave follows).
fn has_progress(session: &Session) -> bool {
    session.has_answers() || !session.ticked().is_empty() || session.history().len() > 1
}

/// Where the input ended, and whether the answers so far are kept.
fn ended_message(guide: &Guide, session: &Session, saved: bool) -> String {
    let node = guide.node(session.current());
    let what = if node.is_question() { "question" } else { "page" };
    let title = sanitize_line(&session.env(guide).interpolate(&node.title)).into_owned();
    let mut message = format!("Input ended at {what} “{title}” ({}).", node.key);
    if has_progress(session) {
        message.push_str(if saved {
            " Your answers are saved; run again with --resume to go on."
        } else {
            " Your answers could not be saved."
        });
    }
    message
}

/// Prints the checklist and writes it to the `--save` path.
fn finish(
    guide: &Guide,
    session: &Session,
    screen: &mut Screen<'_>,
    saver: &mut Saver<'_>,
    save_to: Option<(PathBuf, Format)>,
    include_private: bool,
) -> std::io::Result<Outcome> {
    let report = report::build_with(guide, session, report::ReportOptions { include_private });
    screen.say("\n")?;
    screen.say(&export::text::render(&report))?;
    let mut save_error = None;
    if let Some((path, format)) = save_to {
        let shown = crate::write::shown(&path);
        match write_atomic(&path, export::render(format, &report).as_bytes()) {
            Ok(()) => {
                screen.say(&format!("\nSaved your checklist to {shown} ({}).\n", format.name()))?;
                if report.private_answers_left_out > 0 {
                    screen.say(&crate::wrap::wrap(
                        "Your private answers are not in it; to include them, run again with --include-private.",
                        export::text::WIDTH,
                        "",
                        "",
                    ))?;
                }
                if let Some(auto) = saver.autosave.as_deref_mut()
                    && let Err(e) = auto.checklist_saved(guide, session, &path)
                {
                    screen.say(&format!("Note: {e}.\n"))?;
                }
            }
            Err(reason) => {
                let message = cannot_write(&path, &reason);
                screen.say(&format!("\nYour checklist was not saved: {message}. It is shown above.\n"))?;
                save_error = Some(message);
            }
        }
    }
    screen.out.flush()?;
    Ok(Outcome::Finished { save_error })
}
