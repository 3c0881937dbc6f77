//! Light markup: paragraphs, `- ` list items, `**bold**`, `*emphasis*` and `[label](target)` links.

use std::borrow::Cow;
use std::ops::Range;

use super::safety::sanitize;
use super::template::interpolate;
use crate::guide::value::Value;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::answers;
    use super::*;

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
}
