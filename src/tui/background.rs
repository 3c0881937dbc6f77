//! Finding out whether the terminal's background is light or dark, without ever waiting on a
//! terminal that does not answer, without delaying the first frame, and without losing a key.
//!
//! Once the first frame is up, the terminal is asked for its background colour (`OSC 11`),
//! followed by a request every terminal answers (primary device attributes). Nothing waits for
//! the answers: they arrive among the keys, where the key reader already drops the answer to the
//! second request, and [`ReplyListener`] picks the colour report out of the key events (the
//! reader sees `ESC ]` as Alt-`]` followed by the report's characters). A terminal that cannot
//! report its colour answers only the second request, which costs nothing; keys typed meanwhile
//! are handled as usual. Until an answer comes the look follows the guess: `COLORFGBG`, else
//! dark.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Background;

/// The question: the background colour, then the device attributes every terminal reports.
pub const QUERY: &str = "\x1b]11;?\x1b\\\x1b[c";

/// How long after asking a colour report is looked for among the keys; past this an Alt-`]`
/// typed by a person is theirs.
const LISTEN_FOR: Duration = Duration::from_secs(2);

/// The longest report taken (`11;rgba:ffff/ffff/ffff/ffff` and some slack).
const MAX_REPORT: usize = 48;

/// The guess before (or without) an answer: `COLORFGBG`, else dark.
pub fn guess() -> Background {
    std::env::var("COLORFGBG").ok().and_then(|v| Background::from_colorfgbg(&v)).unwrap_or_default()
}

/// The background named by a colour report's body (`11;rgb:ffff/ffff/ffff`).
pub fn parse_report(body: &str) -> Option<Background> {
    let colour = body.strip_prefix("11;")?;
    let c = xterm_color::Color::parse(colour.as_bytes()).ok()?;
    let [r, g, b] = [c.red, c.green, c.blue].map(|v| (v >> 8) as u8);
    Some(Background::of_rgb((r, g, b)))
}

/// What a key event turned out to be while listening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// A key of the person's: handle it as usual.
    Key,
    /// Part of the terminal's report: drop it.
    Report,
    /// The end of the report, with the background it names (`None` if it could not be read).
    Done(Option<Background>),
}

/// Picks the terminal's colour report out of the key events for a while after asking.
#[derive(Debug, Clone)]
pub struct ReplyListener {
    asked: Instant,
    report: Option<String>,
}

impl ReplyListener {
    /// Listening from now on (call right after writing [`QUERY`]).
    pub fn new(asked: Instant) -> ReplyListener {
        ReplyListener { asked, report: None }
    }

    /// Whether the listener is done: the report came, or it is too late for one.
    pub fn expired(&self, now: Instant) -> bool {
        self.report.is_none() && now.duration_since(self.asked) > LISTEN_FOR
    }

    /// Looks at one key event.
    pub fn hear(&mut self, key: &KeyEvent) -> Heard {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match (&mut self.report, key.code) {
            (None, KeyCode::Char(']')) if alt => {
                self.report = Some(String::new());
                Heard::Report
            }
            (None, _) => Heard::Key,
            // The report ends with ST (`ESC \`, read as Alt-`\`) or BEL (read as Ctrl-G).
            (Some(body), KeyCode::Char('\\')) if alt => Heard::Done(parse_report(&std::mem::take(body))),
            (Some(body), KeyCode::Char('g')) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Heard::Done(parse_report(&std::mem::take(body)))
            }
            (Some(body), KeyCode::Char(c)) if !alt && body.len() < MAX_REPORT => {
                body.push(c);
                Heard::Report
            }
            // Not a report after all: give up on it.
            (Some(_), _) => Heard::Done(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn feed(l: &mut ReplyListener, text: &str) -> Vec<Heard> {
        text.chars().map(|c| l.hear(&key(KeyCode::Char(c), KeyModifiers::NONE))).collect()
    }

    #[test]
    fn reports_in_every_form_terminals_use_are_read() {
        assert_eq!(parse_report("11;rgb:ffff/ffff/ffff"), Some(Background::Light));
        assert_eq!(parse_report("11;rgb:00/00/00"), Some(Background::Dark));
        assert_eq!(parse_report("11;#fdf6e3"), Some(Background::Light));
        assert_eq!(parse_report("11;rgba:2828/2c2c/3434/ffff"), Some(Background::Dark));
        assert_eq!(parse_report("10;rgb:ffff/ffff/ffff"), None, "the foreground is not the background");
        assert_eq!(parse_report("11;nonsense"), None);
    }

    #[test]
    fn the_report_is_taken_out_of_the_keys_and_keys_around_it_stay() {
        let mut l = ReplyListener::new(Instant::now());
        assert_eq!(l.hear(&key(KeyCode::Enter, KeyModifiers::NONE)), Heard::Key, "a key typed before the report");
        assert_eq!(l.hear(&key(KeyCode::Char(']'), KeyModifiers::ALT)), Heard::Report);
        assert!(feed(&mut l, "11;rgb:ffff/ffff/ffff").iter().all(|h| *h == Heard::Report));
        assert_eq!(l.hear(&key(KeyCode::Char('\\'), KeyModifiers::ALT)), Heard::Done(Some(Background::Light)));
    }

    #[test]
    fn a_report_ended_by_bel_is_read_too() {
        let mut l = ReplyListener::new(Instant::now());
        l.hear(&key(KeyCode::Char(']'), KeyModifiers::ALT));
        feed(&mut l, "11;rgb:0000/0000/0000");
        assert_eq!(l.hear(&key(KeyCode::Char('g'), KeyModifiers::CONTROL)), Heard::Done(Some(Background::Dark)));
    }

    #[test]
    fn listening_ends_after_a_while_so_alt_bracket_is_a_key_again() {
        let asked = Instant::now();
        let l = ReplyListener::new(asked);
        assert!(!l.expired(asked));
        assert!(l.expired(asked + LISTEN_FOR + Duration::from_millis(1)));
    }
}
