//! What the fuzz targets share: a fixed "today", a stream of decisions drawn from the fuzz input,
//! a walk that drives a session the way a person would (answer, back, jump, skip), and the checks
//! that every text leaving the program is safe for a terminal.
//!
//! Each target in `fuzz_targets/` is a thin file over these helpers, so adding one (for example
//! for session files) is one file there and one `[[bin]]` in `Cargo.toml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use guidepost::engine::Session;
use guidepost::engine::report;
use guidepost::export::{self, Format};
use guidepost::guide::diagnostic::{Color, JsonDiagnostic, render_all};
use guidepost::guide::raw::Date;
use guidepost::guide::{CheckOptions, Guide, Loaded, NodeKind, Value};

/// A fixed date, so a run never depends on the clock (the "reviewed a year ago" warning would).
pub fn check_options() -> CheckOptions {
    CheckOptions { today: Date { year: 2026, month: 11, day: 27 }, ..CheckOptions::default() }
}

/// The default guide, loaded once for the whole run, for targets that read files made for it.
pub fn default_guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let b = guidepost::builtin::default_guide();
        guidepost::guide::load_static(b.file, b.text, check_options()).guide.expect("the default guide loads")
    })
}

/// The first character in `text` that could act on a terminal rather than be shown: C0
/// controls other than newline, DEL, C1 controls and bidi embeddings, overrides and isolates.
pub fn unsafe_char(text: &str, allow_newline: bool) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        let newline = c == '\n';
        (newline && !allow_newline)
            || (!newline && (c < ' ' || c == '\u{7f}'))
            || ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// Fails the run when `text`, which is about to reach a terminal or a file, could carry an
/// escape sequence.
pub fn assert_terminal_safe(text: &str, what: &str) {
    if let Some((at, c)) = unsafe_char(text, true) {
        let from = text.floor_char_boundary(at.saturating_sub(40));
        let to = text.ceil_char_boundary((at + 40).min(text.len()));
        panic!("{what} carries U+{:04X} at byte {at}: {:?}", u32::from(c), &text[from..to]);
    }
}

/// Decisions drawn from the fuzz input: which option, which number, when to go back.
///
/// When the bytes run out every decision is 0, so a walk always ends.
pub struct Choices<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Choices<'a> {
    /// Decisions read from `bytes`, front to back.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// The next byte, or 0 once they run out.
    pub fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { usize::from(self.byte()) % n }
    }
}

/// Text answers chosen to be hostile: escapes, markup, HTML, slots, bidi overrides, long runs.
const HOSTILE_TEXT: &[&str] = &[
    "Acme Health",
    "\u{1b}[2J\u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7}",
    "<script>alert(1)</script> & \"quoted\" 'single'",
    "**bold** [link](https://evil.example) {insurer} {{ }} *",
    "\u{202e}gnp.exe\u{2066}\u{9b}31m",
    "line one\nline two\r\nthree\ttab",
    "   ",
    "é ü 日本語 🙂",
];

/// An answer for the current question, drawn from the decisions: usually valid, sometimes
/// hostile or of the wrong type, so both the accepted and the refused paths run.
fn pick_answer(node: &guidepost::guide::Node, c: &mut Choices<'_>) -> Value {
    let wild = c.byte() % 8 == 0;
    if wild {
        return match c.below(5) {
            0 => Value::Number(f64::from(c.byte()) * 1e300),
            1 => Value::Number(f64::NAN),
            2 => Value::List(vec![HOSTILE_TEXT[c.below(HOSTILE_TEXT.len())].to_string()]),
            3 => Value::Bool(c.byte() % 2 == 0),
            _ => Value::Text(HOSTILE_TEXT[c.below(HOSTILE_TEXT.len())].to_string()),
        };
    }
    match &node.kind {
        NodeKind::Choice { options } => {
            Value::Text(options.get(c.below(options.len())).map(|o| o.value.clone()).unwrap_or_default())
        }
        NodeKind::Multi { options, .. } => {
            Value::List(options.iter().filter(|_| c.byte() % 2 == 1).map(|o| o.value.clone()).collect())
        }
        NodeKind::Number { min, max, .. } => {
            let (lo, hi) = (min.unwrap_or(-1e9), max.unwrap_or(1e9));
            Value::Number(match c.below(4) {
                0 => lo,
                1 => hi,
                2 => lo + (hi - lo) * f64::from(c.byte()) / 255.0,
                _ => f64::from(c.byte()) - 128.0,
            })
        }
        NodeKind::Date { .. } => match c.below(3) {
            0 => Value::Date(Date::from_days(i64::from(c.byte()) * 100 - 12_800)),
            1 => Value::Text(format!("{}/{}/2026", c.byte() % 14, c.byte() % 33)),
            _ => Value::Date(guidepost::date::today()),
        },
        _ => Value::Text(HOSTILE_TEXT[c.below(HOSTILE_TEXT.len())].to_string()),
    }
}

/// Drives a session through `guide` as a person might, then checks what it shows and exports.
///
/// Every step is bounded, so a guide that loaded can never make the walk run forever.
pub fn exercise_guide(guide: &Guide, c: &mut Choices<'_>) {
    let mut session = Session::new(guide);
    let steps = guide.nodes.len() * 3 + 16;
    for _ in 0..steps {
        let node = guide.node(session.current());
        if matches!(node.kind, NodeKind::End) {
            break;
        }
        match c.below(16) {
            0 => {
                session.back();
            }
            1 => {
                let len = session.history().len();
                session.jump_to(c.below(len + 1));
                session.fast_forward(guide);
            }
            2 => {
                let _ = session.skip(guide);
            }
            _ => {
                if node.is_question() {
                    let value = pick_answer(node, c);
                    if session.answer(guide, &value).is_err() {
                        // A person would try again with a valid answer; so does the walk.
                        let value = pick_answer(node, &mut Choices::new(&[]));
                        let _ = session.answer(guide, &value);
                    }
                } else {
                    let _ = session.advance(guide);
                }
            }
        }
        let _ = session.progress(guide).describe();
        let index = c.below(session.history().len());
        assert_terminal_safe(&session.explain(guide, index), "why a question was asked");
    }
    inspect(guide, &session, c);
}

/// Reads everything a finished (or abandoned) session can show, and checks the exports.
pub fn inspect(guide: &Guide, session: &Session, c: &mut Choices<'_>) {
    let env = session.env(guide);
    let node = guide.node(session.current());
    let blocks = guidepost::guide::text::render_markup(&node.text, &env.lookup());
    assert_terminal_safe(&guidepost::guide::text::to_plain(&blocks), "a page's text");
    assert_terminal_safe(&env.interpolate(&node.title), "a page's title");
    let checklist = session.checklist(guide);
    let mut session = session.clone();
    let keys: Vec<String> = checklist.items().map(|i| i.key.clone()).collect();
    for key in &keys {
        if c.byte() % 2 == 0 {
            session.toggle(key);
        }
    }
    session.toggle("\u{1b}[2Jnot-an-item");
    let report = report::build(guide, &session);
    for format in Format::ALL {
        let text = export::render(format, &report);
        assert_terminal_safe(&text, format.name());
        if format == Format::Html {
            assert!(!text.contains("<script>"), "HTML export carries a raw <script> tag");
        }
        if format == Format::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&text)
        {
            panic!("JSON export does not parse: {e}");
        }
    }
}

/// Renders a load's diagnostics both ways people see them and checks neither can carry an
/// escape sequence.
pub fn check_diagnostics(loaded: &Loaded) {
    let text = render_all(&loaded.diagnostics, loaded.sources(), Color::Never);
    assert_terminal_safe(&text, "rendered diagnostics");
    for d in &loaded.diagnostics {
        let _ = JsonDiagnostic::new(d, loaded.sources());
    }
}

/// The answers of a headless walk: parsed from an answers file, or empty.
pub type Answers = BTreeMap<String, Value>;
