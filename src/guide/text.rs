//! Author-written text: interpolation, light markup, glossary terms and terminal safety.
//!
//! Titles, labels, body text and checklist items all go through here, so a guide author learns
//! one small language and every screen, export and error message treats it the same way.
//!
//! The rules, in the order a piece of text meets them:
//!
//! * **Load time.** [`forbidden_char`] refuses control characters and bidi overrides, because
//!   they can rewrite what a terminal shows. [`parse_template`] reports broken `{…}` slots with an
//!   exact span, and [`link_targets`] hands every link target to the loader so unknown resources
//!   and bad URLs are caught before anyone reads the guide.
//! * **Display time.** [`render_markup`] parses the *raw* source into blocks and only then fills
//!   in answers, so an answer can never inject markup. Nothing at display time fails: a broken
//!   template shows its source, unmatched `*` or `[` show as themselves.
//! * **Output.** [`sanitize`] and [`sanitize_line`] make any string (answers come from people and
//!   session files, not only from the checked guide) safe to print.
//!
//! Everything runs on every frame, so every function here is linear in its input (up to a factor
//! for the number of glossary terms) and nothing recurses.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::suggest::closest;
use super::value::Value;

// ---------------------------------------------------------------------------------------------
// Interpolation
// ---------------------------------------------------------------------------------------------

/// A problem in a template, with the byte span in the template source it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct TextError {
    /// Byte range in the source text that the message points at.
    pub span: Range<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// A few words shown under the culprit.
    pub label: &'static str,
}

impl TextError {
    fn new(span: Range<usize>, message: impl Into<String>, help: impl Into<String>, label: &'static str) -> Self {
        TextError { span, message: message.into(), help: Some(help.into()), label }
    }
}

/// A transformation applied to a slot's value, written after `|`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `money`: a number is shown as US dollars, see [`money`]. Other values pass unchanged.
    Money,
    /// `or:text`: the text shown instead of "(not answered)" when the name has no value.
    Or(String),
    /// `date`: a date spelled out ("October 1, 2026"), also one saved as `2026-10-01`. Other
    /// values pass unchanged.
    Date,
    /// `count:one:other`: a number followed by the word that fits it, grouped as people write
    /// counts ("1 week", "3 weeks", "1,200 people"). Other values pass unchanged.
    Count {
        /// After exactly one.
        one: String,
        /// After any other number.
        other: String,
    },
}

/// One `{name|filter|…}` in a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The answer or computed value to show.
    pub name: String,
    /// Byte span of the name in the template source, so the loader can point at unknown names.
    pub span: Range<usize>,
    /// Filters in the order they are applied.
    pub filters: Vec<Filter>,
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Text shown as is (with `{{` and `}}` already turned into single braces).
    Literal(String),
    /// A value to fill in.
    Slot(Slot),
}

/// A parsed piece of author text: literal runs and slots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// The parts in source order. Adjacent literals are always merged into one.
    pub parts: Vec<Part>,
}

/// What a slot shows when its name has no value and no `or:` filter says otherwise.
/// What a template shows for a name with no value and no `or:` text.
pub const NOT_ANSWERED: &str = "(not answered)";

/// Help for a `{` that opens no slot: most often the author meant a literal brace.
const HELP_OPEN: &str = "write `{{` for a literal brace";
/// Help for a `}` that closes no slot.
const HELP_CLOSE: &str = "write `}}` for a literal brace";
/// Help when a filter is missing or too far from any known one to guess.
const HELP_FILTERS: &str = "after `|` comes one of `money` (as $1,200), `count:one:other` (the word for the number), `date` (as October 1, 2026) or `or:` (what to show when unanswered)";

/// Parses author text with `{name|filter}` slots.
///
/// Errors, each with the span it is about: an unclosed `{` (help: write `{{` for a literal
/// brace), a lone `}` (help: `}}`), an empty name, a name that is not `[A-Za-z_][A-Za-z0-9_]*`,
/// an empty filter, an unknown filter (help: did you mean `money` or `or:`), `or` without `:`,
/// and `money` with an argument.
///
/// An `or:` placeholder ends at the next `|` or `}`, so it cannot contain `|`, `{` or `}`.
pub fn parse_template(src: &str) -> Result<Template, TextError> {
    let bytes = src.as_bytes();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut lit_start = 0;
    let mut i = 0;
    // Only ASCII bytes are compared, so every index used for slicing is a char boundary.
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                lit.push_str(&src[lit_start..=i]);
                i += 2;
                lit_start = i;
            }
            b'{' => {
                let close = bytes[i + 1..]
                    .iter()
                    .position(|b| matches!(b, b'{' | b'}'))
                    .map(|k| i + 1 + k)
                    .filter(|&k| bytes[k] == b'}');
                let Some(close) = close else {
                    return Err(TextError::new(i..i + 1, "unclosed `{`", HELP_OPEN, "never closed"));
                };
                lit.push_str(&src[lit_start..i]);
                if !lit.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut lit)));
                }
                parts.push(Part::Slot(parse_slot(src, i, close)?));
                i = close + 1;
                lit_start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                lit.push_str(&src[lit_start..=i]);
                i += 2;
                lit_start = i;
            }
            b'}' => return Err(TextError::new(i..i + 1, "unmatched `}`", HELP_CLOSE, "closes nothing")),
            _ => i += 1,
        }
    }
    lit.push_str(&src[lit_start..]);
    if !lit.is_empty() {
        parts.push(Part::Literal(lit));
    }
    Ok(Template { parts })
}

/// The trimmed text of `src[range]` and its byte range in `src`.
fn trimmed(src: &str, range: Range<usize>) -> (&str, Range<usize>) {
    let seg = &src[range.clone()];
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim();
    (t, range.start + lead..range.start + lead + t.len())
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses the inside of `{…}`, where `open` and `close` are the byte offsets of the braces.
fn parse_slot(src: &str, open: usize, close: usize) -> Result<Slot, TextError> {
    let mut segments = Vec::new();
    let mut seg_start = open + 1;
    for (k, b) in src.as_bytes()[open + 1..close].iter().enumerate() {
        if *b == b'|' {
            segments.push(seg_start..open + 1 + k);
            seg_start = open + 2 + k;
        }
    }
    segments.push(seg_start..close);

    let mut segments = segments.into_iter();
    let (name, span) = trimmed(src, segments.next().unwrap_or(open + 1..close));
    if name.is_empty() {
        return Err(TextError::new(
            open..close + 1,
            "empty name in `{}`",
            "put an answer or value name between the braces, like `{name}`, or write `{{` for a literal brace",
            "no name",
        ));
    }
    if !is_name(name) {
        return Err(TextError::new(
            span,
            format!("`{}` is not a valid name", sanitize_line(name)),
            "names use letters, digits and `_`, and do not start with a digit",
            "not a name",
        ));
    }

    let mut filters = Vec::new();
    for seg in segments {
        let bar = seg.start - 1;
        let (text, span) = trimmed(src, seg);
        filters.push(parse_filter(text, span, bar)?);
    }
    Ok(Slot { name: name.to_string(), span, filters })
}

/// Parses one trimmed filter; `bar` is the offset of the `|` before it, for empty filters.
fn parse_filter(text: &str, span: Range<usize>, bar: usize) -> Result<Filter, TextError> {
    if text.is_empty() {
        return Err(TextError::new(bar..bar + 1, "nothing after `|`", HELP_FILTERS, "nothing after this"));
    }
    if text == "money" {
        return Ok(Filter::Money);
    }
    if text == "date" {
        return Ok(Filter::Date);
    }
    if let Some(rest) = text.strip_prefix("count") {
        let forms: Vec<&str> =
            rest.trim_start().strip_prefix(':').map(|r| r.split(':').map(str::trim).collect()).unwrap_or_default();
        return match forms.as_slice() {
            [one, other] if !one.is_empty() && !other.is_empty() => {
                Ok(Filter::Count { one: (*one).to_string(), other: (*other).to_string() })
            }
            _ => Err(TextError::new(
                span,
                "`count` needs the word for one and the word for any other number",
                "write both after colons, like `count:week:weeks`",
                "expected `count:one:other`",
            )),
        };
    }
    if let Some(rest) = text.strip_prefix("or") {
        if let Some(placeholder) = rest.trim_start().strip_prefix(':') {
            return Ok(Filter::Or(placeholder.trim().to_string()));
        }
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Err(TextError::new(
                span,
                "`or` needs a placeholder after `:`",
                "write the text to show when unanswered, like `or:your insurer`",
                "no placeholder",
            ));
        }
    }
    let head = text.split(':').next().unwrap_or(text).trim();
    if head == "money" || head == "date" {
        return Err(TextError::new(
            span,
            format!("`{head}` takes no argument"),
            format!("write `{head}` alone"),
            "no argument allowed",
        ));
    }
    let help = match closest(head, ["money", "or", "count", "date"]) {
        Some("or") => "did you mean `or:`?".to_string(),
        Some(s) => format!("did you mean `{s}`?"),
        None => HELP_FILTERS.to_string(),
    };
    Err(TextError {
        span,
        message: format!("`|{}` is not a way to show an answer", sanitize_line(head)),
        help: Some(help),
        label: "not known",
    })
}

impl Template {
    /// Every slot, in source order, so the loader can check the names exist.
    pub fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.parts.iter().filter_map(|p| match p {
            Part::Slot(s) => Some(s),
            Part::Literal(_) => None,
        })
    }

    /// Fills in every slot; `lookup` returns `None` for a name that is unanswered.
    ///
    /// Filters apply left to right: `money` formats a number (anything else passes through) and
    /// `or:` supplies a value only when there is none yet. A slot still without a value shows
    /// "(not answered)". Filled-in values are sanitized: they come from people and session
    /// files, which the load-time character check never saw.
    pub fn render(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Slot(slot) => {
                    let mut value = lookup(&slot.name);
                    for filter in &slot.filters {
                        value = match (filter, value) {
                            (Filter::Money, Some(Value::Number(n))) => Some(Value::Text(money(n))),
                            (Filter::Count { one, other }, Some(Value::Number(n))) => {
                                #[allow(clippy::float_cmp)]
                                let word = if n == 1.0 { one } else { other };
                                Some(Value::Text(format!("{} {word}", super::value::format_grouped(n))))
                            }
                            (Filter::Date, Some(Value::Text(t))) => {
                                Some(crate::date::Date::parse_iso(&t).map_or(Value::Text(t), Value::Date))
                            }
                            (Filter::Or(p), None) => Some(Value::Text(p.clone())),
                            (_, v) => v,
                        };
                    }
                    match value {
                        Some(v) => out.push_str(&sanitize(&v.to_string())),
                        None => out.push_str(NOT_ANSWERED),
                    }
                }
            }
        }
        out
    }
}

/// Formats a number as US dollars: `2400` → `$2,400`, `2400.5` → `$2,400.50`, `-200` → `-$200`.
///
/// Cents are shown only when there are some, because whole-dollar amounts are the common case
/// and `$2,400.00` reads as false precision. Amounts that round to zero cents are never
/// negative. Non-finite numbers show as `?`, like [`super::value::format_number`].
pub fn money(n: f64) -> String {
    if !n.is_finite() {
        return "?".to_string();
    }
    // `{:.2}` rounds exactly and never uses an exponent, so the digits can be grouped as text.
    let digits = format!("{:.2}", n.abs());
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, "00"));
    let negative = n < 0.0 && digits.bytes().any(|b| matches!(b, b'1'..=b'9'));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    if negative {
        out.push('-');
    }
    out.push('$');
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if frac != "00" {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Parses and renders in one step; text that does not parse is returned unchanged.
///
/// Template errors are reported when the guide loads, so at display time showing the source is
/// more useful than showing nothing.
pub fn interpolate(src: &str, lookup: &dyn Fn(&str) -> Option<Value>) -> String {
    match parse_template(src) {
        Ok(t) => t.render(lookup),
        Err(_) => src.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Markup
// ---------------------------------------------------------------------------------------------

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Any target other than `resource:…`, verbatim (`https://…`, `mailto:…`, `tel:…`). The
    /// loader decides which schemes are acceptable, so a typo is reported rather than hidden.
    Url(String),
    /// `resource:ID`: one of the guide's resources, by id.
    Resource(String),
}

impl LinkTarget {
    fn parse(target: &str) -> Self {
        match target.strip_prefix("resource:") {
            Some(id) => LinkTarget::Resource(id.to_string()),
            None => LinkTarget::Url(target.to_string()),
        }
    }

    /// What to show for a link written with an empty label, so it is never invisible.
    fn fallback_label(&self) -> &str {
        match self {
            LinkTarget::Url(s) | LinkTarget::Resource(s) => s,
        }
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    /// The text, without markup characters.
    pub text: String,
    /// Inside `**…**`.
    pub bold: bool,
    /// Inside `*…*`.
    pub emph: bool,
    /// Inside `[…](target)`.
    pub link: Option<LinkTarget>,
}

/// A paragraph or list item of marked-up text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Lines up to a blank line, joined with spaces.
    Paragraph(Vec<Inline>),
    /// A line starting with `- `, plus any indented lines after it.
    ListItem(Vec<Inline>),
}

/// One block's text with its lines joined, and how to map offsets back to the source.
struct RawBlock {
    list: bool,
    text: String,
    /// `(offset in text, offset in source)` for the start of each joined line.
    segments: Vec<(usize, usize)>,
}

impl RawBlock {
    fn new(list: bool) -> Self {
        RawBlock { list, text: String::new(), segments: Vec::new() }
    }

    fn push_line(&mut self, line: &str, src_offset: usize) {
        if line.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.segments.push((self.text.len(), src_offset));
        self.text.push_str(line);
    }

    /// The source offset of `pos` in the joined text. Exact for anything that does not span a
    /// joining space, which holds for link targets because they never contain whitespace.
    fn source_offset(&self, pos: usize) -> usize {
        let k = self.segments.partition_point(|&(t, _)| t <= pos);
        match k.checked_sub(1).and_then(|k| self.segments.get(k)) {
            Some(&(t, s)) => s + (pos - t),
            None => pos,
        }
    }
}

/// Splits source text into blocks.
///
/// A blank line ends a block. A line starting with `- ` (after optional whitespace) starts a
/// list item. A following line that is indented continues the item; an unindented one starts a
/// new paragraph, so a sentence after a list does not get glued onto its last item.
fn split_blocks(src: &str) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<RawBlock> = None;
    let mut line_start = 0;
    for raw_line in src.split('\n') {
        let start = line_start;
        line_start += raw_line.len() + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if body.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if let Some(item) = body.strip_prefix("- ") {
            blocks.extend(current.take());
            let text = item.trim();
            let lead = item.len() - item.trim_start().len();
            let mut block = RawBlock::new(true);
            block.push_line(text, start + indent + 2 + lead);
            current = Some(block);
            continue;
        }
        let continues = match &current {
            Some(b) => !b.list || indent > 0,
            None => false,
        };
        if !continues {
            blocks.extend(current.take());
        }
        current.get_or_insert_with(|| RawBlock::new(false)).push_line(body.trim_end(), start + indent);
    }
    blocks.extend(current);
    blocks
}

/// What the lexer found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    /// Plain text, including anything that could not be markup and whole `{…}` slots.
    Text,
    /// `*` (`strong == false`) or `**`, with whether it may open and close a span.
    Star { strong: bool, open: bool, close: bool },
    /// `[`
    LinkOpen,
    /// `](target)` with a non-empty target free of whitespace and brackets.
    LinkClose,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: TokKind,
    range: Range<usize>,
}

impl Tok {
    /// The target inside a `LinkClose` token's `](…)`.
    fn target(&self) -> Range<usize> {
        self.range.start + 2..self.range.end - 1
    }
}

/// Splits one block's text into tokens without allocating.
///
/// Every scan ahead (for a `}` or a `)`) stops at the first character that could start another
/// such scan, so the scanned regions never overlap and lexing stays linear.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// The `*` of a `***` run, handed out after its `**`.
    pending: Option<Tok>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0, pending: None }
    }

    fn emit(&mut self, kind: TokKind, end: usize) -> Tok {
        let tok = Tok { kind, range: self.pos..end };
        self.pos = end;
        tok
    }

    fn is_special(b: u8) -> bool {
        matches!(b, b'*' | b'[' | b']' | b'{' | b'}')
    }
}

impl Iterator for Lexer<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        if let Some(tok) = self.pending.take() {
            return Some(tok);
        }
        let text = self.text;
        let bytes = text.as_bytes();
        let i = self.pos;
        let b = *bytes.get(i)?;
        Some(match b {
            b'*' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'*').count();
                if run > 3 {
                    // `****` and longer are rules or decoration, not emphasis.
                    return Some(self.emit(TokKind::Text, i + run));
                }
                // Like Markdown's flanking rule: `2 * 3 * 4` is arithmetic, not emphasis.
                let open = text[i + run..].chars().next().is_some_and(|c| !c.is_whitespace());
                let close = text[..i].chars().next_back().is_some_and(|c| !c.is_whitespace());
                if run == 3 {
                    self.pending =
                        Some(Tok { kind: TokKind::Star { strong: false, open, close }, range: i + 2..i + 3 });
                    self.pos = i + 3;
                    return Some(Tok { kind: TokKind::Star { strong: true, open, close }, range: i..i + 2 });
                }
                self.emit(TokKind::Star { strong: run == 2, open, close }, i + run)
            }
            b'[' => self.emit(TokKind::LinkOpen, i + 1),
            b']' if bytes.get(i + 1) == Some(&b'(') => {
                // Balanced parentheses belong to the target, as in
                // `https://en.wikipedia.org/wiki/Ketamine_(drug)` (and `javascript:alert(1)`,
                // which must reach the loader whole to be refused).
                let mut end = None;
                let mut depth = 0usize;
                for (k, c) in text[i + 2..].char_indices() {
                    match c {
                        ')' if depth == 0 => {
                            end = (k > 0).then_some(i + 2 + k + 1);
                            break;
                        }
                        ')' => depth -= 1,
                        '(' => depth += 1,
                        c if c.is_whitespace() || matches!(c, '[' | ']') => break,
                        _ => {}
                    }
                }
                match end {
                    Some(end) => self.emit(TokKind::LinkClose, end),
                    None => self.emit(TokKind::Text, i + 1),
                }
            }
            b'{' if bytes.get(i + 1) == Some(&b'{') => self.emit(TokKind::Text, i + 2),
            b'{' => {
                // A whole slot is one text token, so `{x|or:*none*}` is not read as emphasis
                // and the slot reaches interpolation in one piece.
                let close = bytes[i + 1..]
                    .iter()
                    .position(|b| matches!(b, b'{' | b'}'))
                    .map(|k| i + 1 + k)
                    .filter(|&k| bytes[k] == b'}');
                self.emit(TokKind::Text, close.map_or(i + 1, |k| k + 1))
            }
            _ => {
                let end = bytes[i + 1..].iter().position(|&b| Lexer::is_special(b)).map_or(bytes.len(), |k| i + 1 + k);
                self.emit(TokKind::Text, end)
            }
        })
    }
}

/// A delimiter that found its partner. Link openers carry their target's range.
#[derive(Debug, Clone)]
struct Mark {
    pos: usize,
    target: Option<Range<usize>>,
}

/// Pairs delimiters in one block and returns the matched ones, sorted by position.
///
/// At most one opener of each kind is pending; a newer opener replaces an older one (which
/// stays literal), as in `**a **b**`. That keeps the pass linear and bounds its memory by the
/// number of matched pairs rather than the number of delimiters.
fn pair_marks(text: &str) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut bold: Option<usize> = None;
    let mut emph: Option<usize> = None;
    let mut link: Option<usize> = None;
    for tok in Lexer::new(text) {
        let pos = tok.range.start;
        match tok.kind {
            TokKind::Text => {}
            TokKind::Star { strong, open, close } => {
                let pending = if strong { &mut bold } else { &mut emph };
                match pending.take() {
                    Some(o) if close => {
                        marks.push(Mark { pos: o, target: None });
                        marks.push(Mark { pos, target: None });
                    }
                    old => *pending = if open { Some(pos) } else { old },
                }
            }
            TokKind::LinkOpen => link = Some(pos),
            TokKind::LinkClose => {
                if let Some(o) = link.take() {
                    marks.push(Mark { pos: o, target: Some(tok.target()) });
                    marks.push(Mark { pos, target: None });
                }
            }
        }
    }
    marks.sort_unstable_by_key(|m| m.pos);
    marks
}

/// Accumulates styled runs, merging neighbours that share a style.
#[derive(Default)]
struct RunBuilder {
    inlines: Vec<Inline>,
    buf: String,
    bold: bool,
    emph: bool,
    link: Option<LinkTarget>,
    link_has_text: bool,
}

impl RunBuilder {
    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.buf);
        if self.link.is_some() {
            self.link_has_text = true;
        }
        if let Some(last) = self.inlines.last_mut()
            && last.bold == self.bold
            && last.emph == self.emph
            && last.link == self.link
        {
            last.text.push_str(&text);
            return;
        }
        self.inlines.push(Inline { text, bold: self.bold, emph: self.emph, link: self.link.clone() });
    }
}

/// Builds the inlines of one block from its joined text.
fn parse_inlines(text: &str) -> Vec<Inline> {
    let marks = pair_marks(text);
    let mut next_mark = 0;
    let mut out = RunBuilder::default();
    for tok in Lexer::new(text) {
        let pos = tok.range.start;
        let mut mark = None;
        if tok.kind != TokKind::Text {
            while marks.get(next_mark).is_some_and(|m| m.pos < pos) {
                next_mark += 1;
            }
            if let Some(m) = marks.get(next_mark).filter(|m| m.pos == pos) {
                mark = Some(m);
                next_mark += 1;
            }
        }
        let Some(mark) = mark else {
            out.buf.push_str(&text[tok.range]);
            continue;
        };
        out.flush();
        match tok.kind {
            TokKind::Star { strong: true, .. } => out.bold = !out.bold,
            TokKind::Star { strong: false, .. } => out.emph = !out.emph,
            TokKind::LinkOpen => {
                let target = mark.target.clone().unwrap_or(pos..pos);
                out.link = Some(LinkTarget::parse(&text[target]));
                out.link_has_text = false;
            }
            TokKind::LinkClose => {
                if !out.link_has_text
                    && let Some(link) = &out.link
                {
                    out.buf.push_str(link.fallback_label());
                    out.flush();
                }
                out.link = None;
            }
            TokKind::Text => {}
        }
    }
    out.flush();
    out.inlines
}

/// Parses light markup into blocks. Never fails: anything that is not well-formed markup is
/// shown as the characters the author typed.
///
/// Supported: paragraphs separated by blank lines (single newlines inside a paragraph become
/// spaces), `- ` list items (indented lines continue an item), `**bold**`, `*emphasis*` and
/// `[label](target)` links. `{…}` slots are left in the text for [`render_markup`] and are never
/// split by markup, so `{x|or:*none*}` stays one slot.
pub fn parse_markup(src: &str) -> Vec<Block> {
    split_blocks(src)
        .into_iter()
        .map(|b| {
            let inlines = parse_inlines(&b.text);
            if b.list { Block::ListItem(inlines) } else { Block::Paragraph(inlines) }
        })
        .collect()
}

/// Parses markup on the raw source, then fills in every inline's text (link labels included).
///
/// Markup is parsed before interpolation on purpose: an answer containing `**` or `[x](y)`
/// stays literal text and cannot restyle the page or add links. Link targets are not
/// interpolated, so every target the loader checked is exactly the one shown.
pub fn render_markup(src: &str, lookup: &dyn Fn(&str) -> Option<Value>) -> Vec<Block> {
    let mut blocks = parse_markup(src);
    for block in &mut blocks {
        let (Block::Paragraph(inlines) | Block::ListItem(inlines)) = block;
        for inline in inlines {
            inline.text = interpolate(&inline.text, lookup);
        }
    }
    blocks
}

/// Every link target in the source, with the byte span of the target text between the
/// parentheses (for `resource:ID` the span covers `resource:ID`), for load-time checks.
///
/// Only links that render as links are listed; an unmatched `](…)` is plain text.
pub fn link_targets(src: &str) -> Vec<(LinkTarget, Range<usize>)> {
    let mut out = Vec::new();
    for block in split_blocks(src) {
        for mark in pair_marks(&block.text) {
            if let Some(target) = mark.target {
                let start = block.source_offset(target.start);
                let span = start..start + target.len();
                out.push((LinkTarget::parse(&block.text[target]), span));
            }
        }
    }
    out
}

/// Blocks as plain text, for exports and non-styled output.
///
/// Paragraphs are separated by a blank line, consecutive list items by a single newline, list
/// items start with `- `. A URL link becomes `label (url)` (just `url` when the label is the
/// URL); a resource link becomes its label, because callers list resources separately. The
/// result is sanitized, since exports are read in terminals too.
pub fn to_plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_list = None;
    for block in blocks {
        let (list, inlines) = match block {
            Block::Paragraph(i) => (false, i),
            Block::ListItem(i) => (true, i),
        };
        match prev_list {
            Some(true) if list => out.push('\n'),
            Some(_) => out.push_str("\n\n"),
            None => {}
        }
        prev_list = Some(list);
        if list {
            out.push_str("- ");
        }
        for inline in inlines {
            out.push_str(&inline.text);
            if let Some(LinkTarget::Url(url)) = &inline.link
                && *url != inline.text
            {
                out.push_str(" (");
                out.push_str(url);
                out.push(')');
            }
        }
    }
    match sanitize(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(s) => s,
    }
}

// ---------------------------------------------------------------------------------------------
// Glossary
// ---------------------------------------------------------------------------------------------

/// Where glossary terms occur in `text`: byte ranges and the index of the term in `terms`.
///
/// Matching is case-insensitive and by whole words: the characters before and after a match
/// must not be alphanumeric, so "superbill" does **not** match inside "superbills" (a plural
/// is a different word to the matcher; add it as its own term if it should be marked). Any run
/// of whitespace in a term matches exactly one whitespace character in the text, so "prior
/// authorization" matches across a single space or line break. When matches overlap the
/// longer one wins (ties: the earlier, then the lower term index). Sorted by start.
pub fn find_terms(text: &str, terms: &[&str]) -> Vec<(Range<usize>, usize)> {
    TermFinder::new(terms).find(text)
}

/// Glossary terms prepared once (lowercased, indexed by first letter), so marking terms in every
/// paragraph of every frame does not redo that work each time.
#[derive(Debug, Clone, Default)]
pub struct TermFinder {
    /// Each term as lowercase characters, with `None` for "one whitespace character".
    prepared: Vec<Vec<Option<char>>>,
    /// The terms by their first (lowercase) character: ASCII ones by index, with no hashing on
    /// the way, since every word of every text is looked up.
    ascii_first: Vec<Vec<usize>>,
    other_first: HashMap<char, Vec<usize>>,
}

impl TermFinder {
    /// Prepares the terms; indices in results refer to this slice.
    pub fn new(terms: &[&str]) -> TermFinder {
        let prepared: Vec<Vec<Option<char>>> = terms
            .iter()
            .map(|term| {
                let mut pieces = Vec::new();
                for c in term.trim().chars() {
                    if c.is_whitespace() {
                        if pieces.last() != Some(&None) {
                            pieces.push(None);
                        }
                    } else {
                        pieces.extend(c.to_lowercase().map(Some));
                    }
                }
                pieces
            })
            .collect();
        let mut ascii_first = vec![Vec::new(); 128];
        let mut other_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (idx, pieces) in prepared.iter().enumerate() {
            match pieces.first() {
                Some(Some(c)) if c.is_ascii() => ascii_first[*c as usize].push(idx),
                Some(Some(c)) => other_first.entry(*c).or_default().push(idx),
                _ => {}
            }
        }
        TermFinder { prepared, ascii_first, other_first }
    }

    /// Same as [`find_terms`], with the terms given to [`TermFinder::new`].
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let prepared = &self.prepared;
        let mut candidates = Vec::new();
        let mut prev: Option<char> = None;
        for (pos, c) in text.char_indices() {
            let at_boundary = !prev.is_some_and(char::is_alphanumeric);
            prev = Some(c);
            if !at_boundary {
                continue;
            }
            let idxs = if c.is_ascii() {
                self.ascii_first.get(c.to_ascii_lowercase() as usize)
            } else {
                c.to_lowercase().next().and_then(|first| self.other_first.get(&first))
            };
            let Some(idxs) = idxs else { continue };
            for &idx in idxs {
                if let Some(end) = match_term(text, pos, &prepared[idx]) {
                    candidates.push((pos..end, idx));
                }
            }
        }

        candidates.sort_by_key(|(r, idx)| (std::cmp::Reverse(r.len()), r.start, *idx));
        let mut accepted: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (range, idx) in candidates {
            // Accepted ranges are disjoint, so only the last one starting before `range.end` can
            // overlap it.
            let overlaps = accepted.range(..range.end).next_back().is_some_and(|(_, &(end, _))| end > range.start);
            if !overlaps {
                accepted.insert(range.start, (range.end, idx));
            }
        }
        accepted.into_iter().map(|(start, (end, idx))| (start..end, idx)).collect()
    }
}

/// The end of a whole-word match of `pieces` at `pos`, if there is one.
fn match_term(text: &str, pos: usize, pieces: &[Option<char>]) -> Option<usize> {
    let mut k = 0;
    let mut end = pos;
    let mut chars = text[pos..].chars();
    while k < pieces.len() {
        let c = chars.next()?;
        end += c.len_utf8();
        if pieces[k].is_none() {
            if !c.is_whitespace() {
                return None;
            }
            k += 1;
            continue;
        }
        for lc in c.to_lowercase() {
            if pieces.get(k) != Some(&Some(lc)) {
                return None;
            }
            k += 1;
        }
    }
    let at_boundary = !text[end..].chars().next().is_some_and(char::is_alphanumeric);
    at_boundary.then_some(end)
}

// ---------------------------------------------------------------------------------------------
// Safety
// ---------------------------------------------------------------------------------------------

/// C1 controls: terminals may act on them (U+009B is a one-byte CSI).
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Bidi embeddings, overrides and isolates: they can make text display in a different order
/// than it is stored ("Trojan Source"), so what a reader sees is not what the guide says.
fn is_bidi_control(c: char) -> bool {
    ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The first character an author may not use, with its byte offset.
///
/// Forbidden: C0 controls other than `\n` and `\t` (`\r` is allowed directly before `\n`, so
/// files saved with Windows line endings load), DEL, C1 controls, and bidi embeddings,
/// overrides and isolates (U+202A..=U+202E, U+2066..=U+2069).
pub fn forbidden_char(src: &str) -> Option<(usize, char)> {
    // Every text of a guide passes through here, nearly always clean, so this is a byte scan.
    // Controls are ASCII below space, DEL, `\r`; C1 controls start with 0xC2 and the bidi
    // controls with 0xE2 in UTF-8 (lead bytes, so always at a character's start): only those
    // bytes need a closer look. Typographic dashes and quotes also start with 0xE2.
    let bytes = src.as_bytes();
    let mut from = 0;
    while let Some(i) = next_suspect(bytes, from) {
        let c = src[i..].chars().next()?;
        let bad = match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            c if c < ' ' || c == '\u{7f}' => true,
            c => is_c1(c) || is_bidi_control(c),
        };
        if bad {
            return Some((i, c));
        }
        from = i + 1;
    }
    None
}

/// Characters that show nothing and take no width: zero-width spaces and joiners, the word
/// joiner and invisible operators, direction marks, the soft hyphen, fillers and other format
/// characters. Pasted from a web page or a word processor, they make two ids or values that look
/// the same differ, and they hide text from whoever reviews a guide.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
    )
}

/// The first invisible character (see [`is_invisible`]) in text that may hold none: an option
/// value is compared and saved, so one that looks like another must be the same.
pub fn first_invisible(src: &str) -> Option<(usize, char)> {
    if src.is_ascii() {
        return None;
    }
    src.char_indices().find(|&(_, c)| is_invisible(c))
}

/// Where an invisible character sits in text a person reads, when it cannot belong there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misplaced {
    /// First in the text.
    Start,
    /// Last in the text.
    End,
    /// Next to this character: ASCII, a space, or another invisible one.
    Beside(char),
}

/// The first invisible character in a title or text that cannot belong where it is: at the start
/// or the end, or next to ASCII, a space or another invisible character. Inside a word or an
/// emoji of a script that needs one (a zero-width joiner in Devanagari or in a family emoji, a
/// non-joiner in Persian, a zero-width space between Thai words) both neighbours are other
/// characters of that script, and it is allowed.
pub fn misplaced_invisible(src: &str) -> Option<(usize, char, Misplaced)> {
    if src.is_ascii() {
        return None;
    }
    let fits = |n: char| !n.is_ascii() && !n.is_whitespace() && !is_invisible(n);
    let mut prev: Option<char> = None;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_invisible(c) {
            let next = chars.peek().map(|&(_, n)| n);
            let place = match (prev, next) {
                (None, _) => Some(Misplaced::Start),
                (_, None) => Some(Misplaced::End),
                (Some(p), _) if !fits(p) => Some(Misplaced::Beside(p)),
                (_, Some(n)) if !fits(n) => Some(Misplaced::Beside(n)),
                _ => None,
            };
            if let Some(place) = place {
                return Some((i, c, place));
            }
        }
        prev = Some(c);
    }
    None
}

/// The next byte from `from` on that may start a forbidden character (see [`forbidden_char`]).
fn next_suspect(bytes: &[u8], from: usize) -> Option<usize> {
    // Whole blocks without a suspect are skipped with a test the compiler can vectorize.
    const BLOCK: usize = 32;
    let suspect = |b: u8| (b < b' ' && b != b'\n' && b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xE2);
    let rest = bytes.get(from..)?;
    let clean = rest.chunks_exact(BLOCK).take_while(|c| !c.iter().fold(false, |a, &b| a | suspect(b))).count();
    let start = from + clean * BLOCK;
    bytes[start..].iter().position(|&b| suspect(b)).map(|i| start + i)
}

/// Whether `sanitize` (or `sanitize_line` when `line`) would change `c`.
fn needs_change(c: char, line: bool) -> bool {
    match c {
        '\n' => line,
        c if c < ' ' || c == '\u{7f}' => true,
        c => is_c1(c) || is_bidi_control(c),
    }
}

fn sanitize_impl(s: &str, line: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_change(c, line)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A Windows line ending is one line break, not a stray control character: drop the
            // `\r` and let the `\n` be handled next.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' if line => out.push(' '),
            // One tab stop; a raw tab would let the terminal, not the layout, decide the width.
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if c < ' ' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_c1(c) || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Makes any text safe to print on a terminal or in a file.
///
/// C0 controls other than `\n` become their visible Control Pictures symbol (ESC → `␛`), so a
/// stray control is seen instead of acted on; DEL becomes `␡`; a tab becomes four spaces; C1
/// controls and bidi controls are dropped. A `\r\n` pair becomes `\n`, while a lone `\r` shows
/// as `␍`. Borrows when nothing changes, which is the common case.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_impl(s, false)
}

/// Like [`sanitize`], and also turns line breaks (`\n`, `\r`, or `\r\n` as a whole) into one
/// space: for places that must stay on one line (titles, labels, file names).
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize_impl(s, true)
}

/// "a" or "an" for a word, so messages read "an escape" and "a tab".
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) { "an" } else { "a" }
}

/// A short human name for a character, for error messages such as "escape (U+001B) is not
/// allowed".
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => "null",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        ' ' => "space",
        '\u{7f}' => "delete",
        '\u{a0}' => "no-break space",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{feff}' => "byte order mark",
        '\u{ad}' => "soft hyphen",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{2060}' => "word joiner",
        '\u{61c}' => "Arabic letter mark",
        c if is_invisible(c) => return format!("invisible character U+{:04X}", u32::from(c)),
        c if c.is_control() => return format!("control character U+{:04X}", u32::from(c)),
        c => return format!("`{c}` (U+{:04X})", u32::from(c)),
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn answers(name: &str) -> Option<Value> {
        match name {
            "insurer" => Some(Value::Text("Acme Health".into())),
            "estimate" => Some(Value::Number(2400.5)),
            "deductible" => Some(Value::Number(1500.0)),
            "refund" => Some(Value::Number(-200.0)),
            "plans" => Some(Value::List(vec!["PPO".into(), "HMO".into()])),
            "agreed" => Some(Value::Bool(true)),
            "sneaky" => Some(Value::Text("**bold** [x](https://evil.example) {insurer}".into())),
            "escape" => Some(Value::Text("a\u{1b}[31mred".into())),
            _ => None,
        }
    }

    fn render(src: &str) -> String {
        parse_template(src).unwrap().render(&answers)
    }

    fn err(src: &str) -> TextError {
        parse_template(src).unwrap_err()
    }

    fn plain(text: &str) -> Inline {
        Inline { text: text.into(), bold: false, emph: false, link: None }
    }

    fn bold(text: &str) -> Inline {
        Inline { bold: true, ..plain(text) }
    }

    fn emph(text: &str) -> Inline {
        Inline { emph: true, ..plain(text) }
    }

    fn link(text: &str, target: LinkTarget) -> Inline {
        Inline { link: Some(target), ..plain(text) }
    }

    fn url(s: &str) -> LinkTarget {
        LinkTarget::Url(s.into())
    }

    fn resource(s: &str) -> LinkTarget {
        LinkTarget::Resource(s.into())
    }

    // --- interpolation ---

    #[test]
    fn answered_name_is_filled_in() {
        assert_eq!(render("Call {insurer} today."), "Call Acme Health today.");
    }

    #[test]
    fn unanswered_name_without_placeholder_says_not_answered() {
        assert_eq!(render("Insurer: {missing}"), "Insurer: (not answered)");
    }

    #[test]
    fn unanswered_name_uses_or_placeholder() {
        assert_eq!(render("Call {missing|or:your insurer}."), "Call your insurer.");
        assert_eq!(render("Call {insurer|or:your insurer}."), "Call Acme Health.");
    }

    #[test]
    fn money_filter_formats_numbers_as_dollars() {
        assert_eq!(render("{estimate|money}"), "$2,400.50");
        assert_eq!(render("{deductible|money}"), "$1,500");
        assert_eq!(render("{refund|money}"), "-$200");
    }

    #[test]
    fn count_filter_follows_the_number() {
        let t = parse_template("{weeks|count:week:weeks} and {people|count:person:people}").unwrap();
        let lookup = |n: f64| move |name: &str| Some(Value::Number(if name == "weeks" { n } else { 1200.0 }));
        assert_eq!(t.render(&lookup(1.0)), "1 week and 1,200 people");
        assert_eq!(t.render(&lookup(3.0)), "3 weeks and 1,200 people");
        assert_eq!(t.render(&lookup(0.0)), "0 weeks and 1,200 people");
        assert!(parse_template("{weeks|count:week}").is_err());
        assert!(parse_template("{weeks|count}").is_err());
        let e = parse_template("{weeks|cuont:week:weeks}").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `count`?"));
    }

    #[test]
    fn money_filter_leaves_non_numbers_alone() {
        assert_eq!(render("{insurer|money}"), "Acme Health");
    }

    #[test]
    fn filters_chain_left_to_right() {
        assert_eq!(render("{estimate|money|or:an amount you will know later}"), "$2,400.50");
        assert_eq!(render("{missing|money|or:an amount you will know later}"), "an amount you will know later");
        // `or:` first supplies text, which `money` then leaves alone.
        assert_eq!(render("{missing|or:unknown|money}"), "unknown");
        let t = parse_template("{estimate|money|or:later}").unwrap();
        let slot = t.slots().next().unwrap();
        assert_eq!(slot.filters, vec![Filter::Money, Filter::Or("later".into())]);
    }

    #[test]
    fn list_answers_are_joined_with_commas_and_bools_say_yes_or_no() {
        assert_eq!(render("{plans}"), "PPO, HMO");
        assert_eq!(render("{agreed}"), "yes");
    }

    #[test]
    fn doubled_braces_are_literal_braces() {
        assert_eq!(render("{{insurer}} is {insurer}"), "{insurer} is Acme Health");
        let t = parse_template("a{{b}}c").unwrap();
        assert_eq!(t.parts, vec![Part::Literal("a{b}c".into())]);
    }

    #[test]
    fn whitespace_around_name_and_filters_is_trimmed() {
        assert_eq!(render("{  estimate | money |  or: later  }"), "$2,400.50");
        assert_eq!(render("{ missing | or : your insurer }"), "your insurer");
    }

    #[test]
    fn slot_span_points_at_the_name() {
        let src = "Hi { insurer |money} and {plans}";
        let t = parse_template(src).unwrap();
        let spans: Vec<&str> = t.slots().map(|s| &src[s.span.clone()]).collect();
        assert_eq!(spans, vec!["insurer", "plans"]);
        assert_eq!(t.slots().next().unwrap().span, 5..12);
    }

    #[test]
    fn template_without_slots_is_one_literal() {
        assert_eq!(parse_template("").unwrap(), Template::default());
        assert_eq!(parse_template("plain é ✓").unwrap().parts, vec![Part::Literal("plain é ✓".into())]);
    }

    #[test]
    fn interpolated_values_are_sanitized() {
        assert_eq!(render("{escape}"), "a\u{241b}[31mred");
    }

    #[test]
    fn interpolate_returns_source_when_template_is_broken() {
        assert_eq!(interpolate("oops {insurer", &answers), "oops {insurer");
        assert_eq!(interpolate("ok {insurer}", &answers), "ok Acme Health");
    }

    // --- template errors ---

    #[test]
    fn unclosed_brace_is_an_error_with_help() {
        let e = err("Call {insurer today");
        assert_eq!(e.message, "unclosed `{`");
        assert_eq!(e.span, 5..6);
        assert_eq!(e.help.as_deref(), Some("write `{{` for a literal brace"));
    }

    #[test]
    fn brace_opened_again_inside_a_slot_reports_the_first_one() {
        let e = err("é {a {b}");
        assert_eq!(e.message, "unclosed `{`");
        assert_eq!(e.span, 3..4);
    }

    #[test]
    fn lone_closing_brace_is_an_error_with_help() {
        let e = err("a } b");
        assert_eq!(e.message, "unmatched `}`");
        assert_eq!(e.span, 2..3);
        assert_eq!(e.help.as_deref(), Some("write `}}` for a literal brace"));
    }

    #[test]
    fn empty_name_is_an_error() {
        let e = err("x { } y");
        assert_eq!(e.message, "empty name in `{}`");
        assert_eq!(e.span, 2..5);
        assert!(e.help.unwrap().contains("`{{`"));
        assert_eq!(err("{|money}").message, "empty name in `{}`");
    }

    #[test]
    fn invalid_name_is_an_error_pointing_at_the_name() {
        let e = err("Hi { first name }!");
        assert_eq!(e.message, "`first name` is not a valid name");
        assert_eq!(e.span, 5..15);
        assert_eq!(e.help.as_deref(), Some("names use letters, digits and `_`, and do not start with a digit"));
        assert_eq!(err("{2nd}").message, "`2nd` is not a valid name");
        assert_eq!(err("{café}").message, "`café` is not a valid name");
        assert!(parse_template("{_x9}").is_ok());
    }

    #[test]
    fn unknown_filter_suggests_the_closest() {
        let e = err("{estimate|mony}");
        assert_eq!(e.message, "`|mony` is not a way to show an answer");
        assert_eq!(e.span, 10..14);
        assert_eq!(e.help.as_deref(), Some("did you mean `money`?"));
        let e = err("{a| orr:x }");
        assert_eq!(e.message, "`|orr` is not a way to show an answer");
        assert_eq!(e.span, 4..9);
        assert_eq!(e.help.as_deref(), Some("did you mean `or:`?"));
    }

    #[test]
    fn unknown_filter_far_from_any_lists_the_filters() {
        let e = err("{a|uppercase}");
        assert_eq!(e.message, "`|uppercase` is not a way to show an answer");
        assert_eq!(e.help.as_deref(), Some(HELP_FILTERS));
        assert_eq!(err("{a|order}").message, "`|order` is not a way to show an answer");
    }

    #[test]
    fn or_without_colon_is_an_error() {
        let e = err("{insurer|or}");
        assert_eq!(e.message, "`or` needs a placeholder after `:`");
        assert_eq!(e.span, 9..11);
        assert_eq!(e.help.as_deref(), Some("write the text to show when unanswered, like `or:your insurer`"));
        assert_eq!(err("{insurer|or your insurer}").message, "`or` needs a placeholder after `:`");
    }

    #[test]
    fn empty_filter_is_an_error_at_the_bar() {
        let e = err("{a|money| }");
        assert_eq!(e.message, "nothing after `|`");
        assert_eq!(e.span, 8..9);
        assert_eq!(e.help.as_deref(), Some(HELP_FILTERS));
    }

    #[test]
    fn money_with_an_argument_is_an_error() {
        let e = err("{a|money:2}");
        assert_eq!(e.message, "`money` takes no argument");
        assert_eq!(e.span, 3..10);
        assert_eq!(e.help.as_deref(), Some("write `money` alone"));
    }

    // --- money ---

    #[test]
    fn money_groups_thousands_and_shows_cents_only_when_present() {
        assert_eq!(money(2400.0), "$2,400");
        assert_eq!(money(2400.5), "$2,400.50");
        assert_eq!(money(-200.0), "-$200");
        assert_eq!(money(1_234_567.0), "$1,234,567");
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(0.5), "$0.50");
        assert_eq!(money(999.0), "$999");
        assert_eq!(money(100_000.0), "$100,000");
        assert_eq!(money(-1_234.56), "-$1,234.56");
    }

    #[test]
    fn money_rounds_to_cents_and_never_shows_negative_zero() {
        assert_eq!(money(999.999), "$1,000");
        assert_eq!(money(-0.001), "$0");
        assert_eq!(money(-0.0), "$0");
        assert_eq!(money(1e15), "$1,000,000,000,000,000");
    }

    #[test]
    fn money_of_non_finite_is_a_question_mark() {
        assert_eq!(money(f64::NAN), "?");
        assert_eq!(money(f64::INFINITY), "?");
        assert_eq!(money(f64::NEG_INFINITY), "?");
        assert!(money(f64::MAX).starts_with("$179,769,313"));
    }

    // --- markup ---

    #[test]
    fn blank_lines_separate_paragraphs_and_newlines_become_spaces() {
        let blocks = parse_markup("First line\nsecond line.\n\n  \nNext paragraph.");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![plain("First line second line.")]),
                Block::Paragraph(vec![plain("Next paragraph.")]),
            ]
        );
    }

    #[test]
    fn windows_line_endings_are_line_breaks() {
        let blocks = parse_markup("a\r\nb\r\n\r\n- c\r\n");
        assert_eq!(blocks, vec![Block::Paragraph(vec![plain("a b")]), Block::ListItem(vec![plain("c")])]);
    }

    #[test]
    fn dash_lines_are_list_items() {
        let blocks = parse_markup("Bring:\n- your card\n  - a photo ID\n-not an item");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![plain("Bring:")]),
                Block::ListItem(vec![plain("your card")]),
                Block::ListItem(vec![plain("a photo ID")]),
                Block::Paragraph(vec![plain("-not an item")]),
            ]
        );
    }

    #[test]
    fn indented_line_continues_a_list_item_and_unindented_starts_a_paragraph() {
        let blocks = parse_markup("- call the\n  billing office\nThen wait.");
        assert_eq!(
            blocks,
            vec![Block::ListItem(vec![plain("call the billing office")]), Block::Paragraph(vec![plain("Then wait.")]),]
        );
    }

    #[test]
    fn bold_and_emphasis_are_styled_runs() {
        let blocks = parse_markup("a **b** *c* d");
        assert_eq!(blocks, vec![Block::Paragraph(vec![plain("a "), bold("b"), plain(" "), emph("c"), plain(" d")])]);
    }

    #[test]
    fn nested_bold_inside_list_item() {
        let blocks = parse_markup("- **Ask for *all* of it** now");
        let both = Inline { bold: true, emph: true, ..plain("all") };
        assert_eq!(blocks, vec![Block::ListItem(vec![bold("Ask for "), both, bold(" of it"), plain(" now")])]);
    }

    #[test]
    fn triple_stars_are_bold_and_emphasis() {
        let blocks = parse_markup("***x***");
        assert_eq!(blocks, vec![Block::Paragraph(vec![Inline { bold: true, emph: true, ..plain("x") }])]);
    }

    #[test]
    fn styles_span_joined_lines() {
        let blocks = parse_markup("**a\nb**");
        assert_eq!(blocks, vec![Block::Paragraph(vec![bold("a b")])]);
    }

    #[test]
    fn unmatched_stars_are_literal() {
        assert_eq!(parse_markup("5 * 3 = 15"), vec![Block::Paragraph(vec![plain("5 * 3 = 15")])]);
        assert_eq!(parse_markup("a *b"), vec![Block::Paragraph(vec![plain("a *b")])]);
        assert_eq!(parse_markup("**a"), vec![Block::Paragraph(vec![plain("**a")])]);
        assert_eq!(parse_markup("****"), vec![Block::Paragraph(vec![plain("****")])]);
        assert_eq!(parse_markup("**a **b**"), vec![Block::Paragraph(vec![plain("**a "), bold("b")])]);
    }

    #[test]
    fn stars_do_not_pair_across_paragraphs() {
        assert_eq!(
            parse_markup("*a\n\nb*"),
            vec![Block::Paragraph(vec![plain("*a")]), Block::Paragraph(vec![plain("b*")])]
        );
    }

    #[test]
    fn link_with_resource_target() {
        let blocks = parse_markup("See [the appeal letter](resource:appeal_letter).");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![
                plain("See "),
                link("the appeal letter", resource("appeal_letter")),
                plain("."),
            ])]
        );
    }

    #[test]
    fn links_with_url_mailto_and_tel_targets() {
        let blocks = parse_markup("[site](https://example.org/a?b=1) [mail](mailto:a@b.org) [call](tel:+15551234)");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![
                link("site", url("https://example.org/a?b=1")),
                plain(" "),
                link("mail", url("mailto:a@b.org")),
                plain(" "),
                link("call", url("tel:+15551234")),
            ])]
        );
    }

    #[test]
    fn bold_inside_link_label() {
        let blocks = parse_markup("[**Call** us](tel:1)");
        let t = url("tel:1");
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![Inline { bold: true, ..link("Call", t.clone()) }, link(" us", t)])]
        );
    }

    #[test]
    fn unmatched_brackets_and_bad_targets_are_literal() {
        assert_eq!(parse_markup("[a"), vec![Block::Paragraph(vec![plain("[a")])]);
        assert_eq!(parse_markup("a] b"), vec![Block::Paragraph(vec![plain("a] b")])]);
        assert_eq!(parse_markup("[a](b c)"), vec![Block::Paragraph(vec![plain("[a](b c)")])]);
        assert_eq!(parse_markup("[a]()"), vec![Block::Paragraph(vec![plain("[a]()")])]);
        assert_eq!(parse_markup("[a](https://x"), vec![Block::Paragraph(vec![plain("[a](https://x")])]);
        assert_eq!(parse_markup("](https://x)"), vec![Block::Paragraph(vec![plain("](https://x)")])]);
    }

    #[test]
    fn latest_open_bracket_owns_the_link() {
        let blocks = parse_markup("[a [b](resource:r)");
        assert_eq!(blocks, vec![Block::Paragraph(vec![plain("[a "), link("b", resource("r"))])]);
    }

    #[test]
    fn link_with_empty_label_shows_its_target() {
        let blocks = parse_markup("[](https://example.org)");
        assert_eq!(blocks, vec![Block::Paragraph(vec![link("https://example.org", url("https://example.org"))])]);
    }

    #[test]
    fn link_targets_may_hold_balanced_parentheses() {
        let src = "See [the article](https://en.wikipedia.org/wiki/Ketamine_(drug)) and [x](javascript:alert(1)).";
        let targets: Vec<LinkTarget> = link_targets(src).into_iter().map(|(t, _)| t).collect();
        assert_eq!(targets, vec![url("https://en.wikipedia.org/wiki/Ketamine_(drug)"), url("javascript:alert(1)")]);
        // An unbalanced `(` still leaves the text as it was typed.
        assert!(link_targets("[x](a(b) c").is_empty());
    }

    #[test]
    fn slot_with_stars_in_placeholder_stays_one_slot() {
        let blocks = render_markup("Pay {missing|or:*whatever* is due}.", &answers);
        assert_eq!(blocks, vec![Block::Paragraph(vec![plain("Pay *whatever* is due.")])]);
    }

    #[test]
    fn answer_with_markup_stays_literal() {
        let blocks = render_markup("Note: {sneaky}", &answers);
        assert_eq!(blocks, vec![Block::Paragraph(vec![plain("Note: **bold** [x](https://evil.example) {insurer}")])]);
    }

    #[test]
    fn markup_around_slots_styles_the_filled_in_text() {
        let blocks = render_markup("- Ask **{insurer}** for [{estimate|money}](resource:quote)", &answers);
        assert_eq!(
            blocks,
            vec![Block::ListItem(vec![
                plain("Ask "),
                bold("Acme Health"),
                plain(" for "),
                link("$2,400.50", resource("quote")),
            ])]
        );
    }

    #[test]
    fn link_targets_are_not_interpolated() {
        let blocks = render_markup("[x](https://example.org/{insurer})", &answers);
        assert_eq!(blocks, vec![Block::Paragraph(vec![link("x", url("https://example.org/{insurer}"))])]);
    }

    #[test]
    fn link_targets_have_source_spans() {
        let src =
            "Intro **text**\n  see [letter](resource:letter_1) and\n\n- [site](https://example.org)\n[not](a link)";
        let targets = link_targets(src);
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].0, resource("letter_1"));
        assert_eq!(&src[targets[0].1.clone()], "resource:letter_1");
        assert_eq!(targets[1].0, url("https://example.org"));
        assert_eq!(&src[targets[1].1.clone()], "https://example.org");
    }

    #[test]
    fn link_target_spans_survive_multibyte_text_and_crlf() {
        let src = "é ✓\r\n  ✓ [a](resource:ré)";
        let targets = link_targets(src);
        assert_eq!(targets, vec![(resource("ré"), 18..30)]);
        assert_eq!(&src[18..30], "resource:ré");
    }

    #[test]
    fn plain_text_has_no_markup_characters() {
        let blocks = parse_markup(
            "**Before** you call:\n\n- have *your card*\n- read [the letter](resource:l)\n\nSee [the site](https://x.org) or [https://y.org](https://y.org).",
        );
        assert_eq!(
            to_plain(&blocks),
            "Before you call:\n\n- have your card\n- read the letter\n\nSee the site (https://x.org) or https://y.org."
        );
    }

    #[test]
    fn plain_text_is_sanitized() {
        let blocks = render_markup("{escape}", &answers);
        assert_eq!(to_plain(&blocks), "a\u{241b}[31mred");
    }

    #[test]
    fn empty_source_has_no_blocks() {
        assert!(parse_markup("").is_empty());
        assert!(parse_markup("\n \n\t\n").is_empty());
        assert_eq!(to_plain(&[]), "");
    }

    #[test]
    // Guards against quadratic scanning: each of these would take minutes if an unmatched
    // `[`, `*`, `{` or `](` rescanned the rest of the text.
    fn huge_hostile_markup_parses() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut s = String::with_capacity(5 << 20);
        while s.len() < 5 << 20 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push(if state & 1 == 0 { '*' } else { '[' });
        }
        let blocks = parse_markup(&s);
        assert_eq!(blocks.len(), 1);
        let _ = link_targets(&s);
        let only_brackets = "[".repeat(1 << 20);
        assert_eq!(to_plain(&parse_markup(&only_brackets)).len(), 1 << 20);
        let opens = "{](".repeat(1 << 18);
        assert_eq!(to_plain(&render_markup(&opens, &answers)).len(), 3 << 18);
        let stars = "*a".repeat(1 << 18);
        assert!(!parse_markup(&stars).is_empty());
    }

    // --- glossary ---

    #[test]
    fn terms_match_whole_words_case_insensitively() {
        let text = "Ask for a Superbill. Superbills are different; a superbill-style form too.";
        let found = find_terms(text, &["superbill"]);
        let words: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(words, vec!["Superbill", "superbill"]);
    }

    #[test]
    fn plural_does_not_match_singular_term() {
        assert!(find_terms("superbills", &["superbill"]).is_empty());
        assert!(find_terms("xsuperbill", &["superbill"]).is_empty());
    }

    #[test]
    fn multi_word_terms_match_across_one_space() {
        let text = "Get prior authorization or Prior\nAuthorization, not prior  authorization.";
        let found = find_terms(text, &["prior  authorization"]);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].0.clone()], "prior authorization");
        assert_eq!(&text[found[1].0.clone()], "Prior\nAuthorization");
    }

    #[test]
    fn longer_terms_win_over_overlapping_shorter_ones() {
        let text = "the prior authorization review process";
        let terms = ["authorization", "prior authorization", "authorization review process", "the"];
        let found = find_terms(text, &terms);
        assert_eq!(found, vec![(0..3, 3), (10..38, 2)]);
    }

    #[test]
    fn terms_are_sorted_by_start_and_handle_multibyte_text() {
        let text = "Café EOB — the eob and CAFÉ.";
        let found = find_terms(text, &["eob", "café", ""]);
        let got: Vec<(&str, usize)> = found.iter().map(|(r, i)| (&text[r.clone()], *i)).collect();
        assert_eq!(got, vec![("Café", 1), ("EOB", 0), ("eob", 0), ("CAFÉ", 1)]);
    }

    // --- safety ---

    #[test]
    fn forbidden_char_finds_controls_and_bidi_overrides() {
        assert_eq!(forbidden_char("ok\ttext\nmore"), None);
        assert_eq!(forbidden_char("é\u{1b}[2J"), Some((2, '\u{1b}')));
        assert_eq!(forbidden_char("a\u{7f}"), Some((1, '\u{7f}')));
        assert_eq!(forbidden_char("a\u{9b}"), Some((1, '\u{9b}')));
        assert_eq!(forbidden_char("abc\u{202e}cba"), Some((3, '\u{202e}')));
        assert_eq!(forbidden_char("\u{2066}"), Some((0, '\u{2066}')));
        assert_eq!(forbidden_char("a\u{0}"), Some((1, '\0')));
    }

    #[test]
    fn carriage_return_is_allowed_only_before_newline() {
        assert_eq!(forbidden_char("a\r\nb"), None);
        assert_eq!(forbidden_char("a\rb"), Some((1, '\r')));
        assert_eq!(forbidden_char("a\r"), Some((1, '\r')));
    }

    #[test]
    fn the_byte_scan_agrees_with_a_char_by_char_check_for_every_character_that_matters() {
        let reference = |s: &str| {
            let mut chars = s.char_indices().peekable();
            while let Some((pos, c)) = chars.next() {
                let bad = match c {
                    '\n' | '\t' => false,
                    '\r' => chars.peek().map(|&(_, n)| n) != Some('\n'),
                    c => c < ' ' || c == '\u{7f}' || is_c1(c) || is_bidi_control(c),
                };
                if bad {
                    return Some((pos, c));
                }
            }
            None
        };
        // Every character of one and two bytes, and the three-byte block with the dashes,
        // quotes and bidi controls, alone and after typographic text.
        let chars = (0u32..0x800).chain(0x2000..0x2100).filter_map(char::from_u32);
        for c in chars {
            for s in [c.to_string(), format!("“a–b” {c}x"), format!("{c}\n")] {
                assert_eq!(forbidden_char(&s), reference(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn escape_becomes_visible_symbol() {
        assert_eq!(sanitize("a\u{1b}[31m"), "a\u{241b}[31m");
        assert_eq!(sanitize("\u{0}\u{7}\u{7f}"), "\u{2400}\u{2407}\u{2421}");
    }

    #[test]
    fn sanitize_expands_tabs_and_drops_c1_and_bidi_controls() {
        assert_eq!(sanitize("a\tb"), "a    b");
        assert_eq!(sanitize("x\u{202e}y\u{9b}z\u{2069}"), "xyz");
    }

    #[test]
    fn sanitize_keeps_newlines_and_normalizes_crlf() {
        assert_eq!(sanitize("a\nb\r\nc\rd"), "a\nb\nc\u{240d}d");
    }

    #[test]
    fn sanitize_borrows_clean_text() {
        assert!(matches!(sanitize("plain é ✓\nline"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("plain é ✓"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("two\nlines"), Cow::Owned(_)));
    }

    #[test]
    fn sanitize_line_turns_line_breaks_into_one_space() {
        assert_eq!(sanitize_line("a\nb\r\nc\rd\te\u{1b}"), "a b c d    e\u{241b}");
    }

    #[test]
    fn describe_char_names_dangerous_characters() {
        assert_eq!(describe_char('\u{1b}'), "escape (U+001B)");
        assert_eq!(describe_char('\u{202e}'), "right-to-left override (U+202E)");
        assert_eq!(describe_char('\u{7}'), "control character U+0007");
        assert_eq!(describe_char('\u{85}'), "control character U+0085");
        assert_eq!(describe_char('é'), "`é` (U+00E9)");
        assert_eq!(describe_char('\u{1f600}'), "`\u{1f600}` (U+1F600)");
    }

    // --- robustness ---

    #[test]
    fn types_are_send_sync_and_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<TextError>();
        check::<Filter>();
        check::<Slot>();
        check::<Part>();
        check::<Template>();
        check::<LinkTarget>();
        check::<Inline>();
        check::<Block>();
    }

    #[test]
    fn no_public_function_panics_on_random_text() {
        const ALPHABET: &[char] = &[
            '{', '}', '|', '*', '[', ']', '(', ')', '-', ' ', '\n', ':', 'a', 'b', 'o', 'r', 'm', 'n', 'e', 'y', 'é',
            '✓', 'İ', '\r', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2067}', '\u{0}',
        ];
        const WORDS: &[&str] =
            &["money", "or:", "resource:", "https://", "insurer", "estimate", "sneaky", "escape", "}}", "{{"];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let terms = ["a", "b a", "é", "İ", "or money", "✓ a"];
        for _ in 0..4000 {
            let len = (next() % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                let r = next();
                if r % 7 == 0 {
                    s.push_str(WORDS[(r / 7) as usize % WORDS.len()]);
                } else {
                    s.push(ALPHABET[(r / 7) as usize % ALPHABET.len()]);
                }
            }
            match parse_template(&s) {
                Ok(t) => {
                    for slot in t.slots() {
                        assert_eq!(s.get(slot.span.clone()), Some(slot.name.as_str()));
                    }
                    let _ = t.render(&answers);
                }
                Err(e) => {
                    assert!(s.get(e.span.clone()).is_some());
                    assert!(!e.message.is_empty());
                }
            }
            let _ = interpolate(&s, &answers);
            let blocks = parse_markup(&s);
            let _ = to_plain(&blocks);
            let rendered = render_markup(&s, &answers);
            let plain_text = to_plain(&rendered);
            assert_eq!(forbidden_char(&plain_text), None);
            for (target, span) in link_targets(&s) {
                let raw = &s[span];
                match target {
                    LinkTarget::Resource(id) => assert_eq!(raw, format!("resource:{id}")),
                    LinkTarget::Url(u) => assert_eq!(raw, u),
                }
            }
            for (range, idx) in find_terms(&s, &terms) {
                assert!(idx < terms.len());
                assert!(s.get(range).is_some());
            }
            if let Some((pos, c)) = forbidden_char(&s) {
                assert_eq!(s[pos..].chars().next(), Some(c));
                assert!(!describe_char(c).is_empty());
            }
            let clean = sanitize(&s);
            assert_eq!(forbidden_char(&clean), None);
            let line = sanitize_line(&s);
            assert!(!line.contains('\n') && !line.contains('\r'));
            assert_eq!(forbidden_char(&line), None);
            let _ = money(f64::from_bits(next()));
        }
    }
}
