//! Styled text wrapped to a width ahead of drawing.
//!
//! Wrapping here rather than in a widget lets the interface know exactly which lines an option
//! or a checklist item occupies (to keep it in view and to put the cursor on it) and where each
//! link's cells land (to make them clickable), and lets key handling and drawing share one
//! measurement.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::guide::text::sanitize_line;

/// A piece of text with one style, optionally a link.
#[derive(Debug, Clone)]
pub struct Seg {
    /// The text (cleaned before display).
    pub text: String,
    /// Its style.
    pub style: Style,
    /// A web address the text links to.
    pub link: Option<String>,
}

impl Seg {
    /// Plain styled text.
    pub fn new(text: impl Into<String>, style: Style) -> Seg {
        Seg { text: text.into(), style, link: None }
    }
}

/// A link's cells within the lines: line index, first column, width in cells, target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCells {
    /// Line index.
    pub line: usize,
    /// First column (from the left edge of the text).
    pub col: u16,
    /// Width in cells.
    pub width: u16,
    /// Where it goes.
    pub url: String,
}

/// Lines ready to draw, with what is known about them.
#[derive(Debug, Clone, Default)]
pub struct Rich {
    /// The width lines were wrapped to.
    pub width: usize,
    /// The lines.
    pub lines: Vec<Line<'static>>,
    /// Link cells.
    pub links: Vec<LinkCells>,
    /// Line ranges of the entries of a list (options, checklist items, results), in order.
    pub items: Vec<Range<usize>>,
    /// Glossary terms (indices into the guide's glossary) that appear in the text.
    pub terms: BTreeSet<usize>,
    /// The lines that must stay in view (the highlighted row, the input box).
    pub focus: Option<Range<usize>>,
    /// Where the terminal cursor belongs: line and column.
    pub cursor: Option<(usize, u16)>,
}

fn width_of(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

impl Rich {
    /// Empty text for a width (at least one column).
    pub fn new(width: usize) -> Rich {
        Rich { width: width.max(1), ..Rich::default() }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Takes the first `n` lines off into a text of their own (a heading that stays in view while
    /// the rest scrolls); what remains is renumbered from 0.
    #[must_use]
    pub fn split_top(&mut self, n: usize) -> Rich {
        let n = n.min(self.lines.len());
        let rest = self.lines.split_off(n);
        let top_lines = std::mem::replace(&mut self.lines, rest);
        let mut top = Rich { width: self.width, lines: top_lines, terms: self.terms.clone(), ..Rich::default() };
        let (top_links, rest_links): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.links).into_iter().partition(|l| l.line < n);
        top.links = top_links;
        self.links = rest_links.into_iter().map(|l| LinkCells { line: l.line - n, ..l }).collect();
        let shift = |r: &Range<usize>| r.start.saturating_sub(n)..r.end.saturating_sub(n);
        self.items = self.items.iter().map(shift).collect();
        self.focus = self.focus.as_ref().map(shift);
        match self.cursor {
            Some((line, col)) if line < n => {
                top.cursor = Some((line, col));
                self.cursor = None;
            }
            Some((line, col)) => self.cursor = Some((line - n, col)),
            None => {}
        }
        top
    }

    /// A blank line, unless the text is empty or already ends with one (so sections never stack
    /// up gaps).
    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| width_of(&l.spans) > 0) {
            self.lines.push(Line::default());
        }
    }

    /// A line as given, not wrapped (it is clipped if too wide).
    pub fn line(&mut self, spans: Vec<Span<'static>>) -> usize {
        self.lines.push(Line::from(spans));
        self.lines.len() - 1
    }

    /// One styled text, wrapped.
    pub fn text(&mut self, text: &str, style: Style) -> Range<usize> {
        self.wrap(&[Seg::new(text, style)], Vec::new(), Vec::new())
    }

    /// Wraps segments at spaces to the width. The first line starts with `first`, later lines
    /// with `rest` (a hanging indent). A word may span segments (`**bold**,` keeps its comma); a
    /// word longer than a line is broken. Returns the range of lines written.
    pub fn wrap(&mut self, segs: &[Seg], first: Vec<Span<'static>>, rest: Vec<Span<'static>>) -> Range<usize> {
        let start = self.lines.len();
        let used = width_of(&first);
        let cleaned: Vec<_> = segs.iter().map(|seg| sanitize_line(&seg.text)).collect();
        let mut w =
            Wrapper { rich: self, rest_prefix: rest, spans: first, used, pending: Vec::new(), line_started: false };
        let mut word: Vec<(&str, &Seg)> = Vec::new();
        for (seg, clean) in segs.iter().zip(&cleaned) {
            // Runs of spaces and runs of anything else, in order.
            let mut from = 0;
            while from < clean.len() {
                let space = clean.as_bytes()[from] == b' ';
                let len = clean[from..].find(|c| (c == ' ') != space).unwrap_or(clean.len() - from);
                let piece = &clean[from..from + len];
                if space {
                    if !word.is_empty() {
                        w.word(std::mem::take(&mut word));
                    }
                    w.space(piece, seg.style);
                } else {
                    word.push((piece, seg));
                }
                from += len;
            }
        }
        if !word.is_empty() {
            w.word(word);
        }
        w.finish();
        start..self.lines.len()
    }
}

/// Adds text to a line, into its last span when the style is the same, so a line is a few spans
/// rather than one per word.
fn append(spans: &mut Vec<Span<'static>>, text: &str, style: Style) {
    if let Some(last) = spans.last_mut()
        && last.style == style
        && let Cow::Owned(s) = &mut last.content
    {
        s.push_str(text);
    } else {
        spans.push(Span::styled(text.to_string(), style));
    }
}

struct Wrapper<'a> {
    rich: &'a mut Rich,
    rest_prefix: Vec<Span<'static>>,
    spans: Vec<Span<'static>>,
    /// Width used on the current line, prefix included.
    used: usize,
    /// Spaces waiting to be written if a word follows on the same line.
    pending: Vec<(&'a str, Style)>,
    /// Whether the current line has text after its prefix.
    line_started: bool,
}

impl<'a> Wrapper<'a> {
    fn space(&mut self, s: &'a str, style: Style) {
        if self.line_started {
            self.pending.push((s, style));
        }
    }

    fn pending_width(&self) -> usize {
        self.pending.iter().map(|(s, _)| s.width()).sum()
    }

    fn new_line(&mut self) {
        let spans = std::mem::replace(&mut self.spans, self.rest_prefix.clone());
        self.rich.lines.push(Line::from(spans));
        self.used = width_of(&self.spans);
        self.pending.clear();
        self.line_started = false;
    }

    fn push(&mut self, text: &str, seg: &Seg) {
        let width = text.width();
        if let Some(url) = &seg.link {
            self.rich.links.push(LinkCells {
                line: self.rich.lines.len(),
                col: self.used as u16,
                width: width as u16,
                url: url.clone(),
            });
        }
        append(&mut self.spans, text, seg.style);
        self.used += width;
        self.line_started = true;
    }

    fn word(&mut self, pieces: Vec<(&'a str, &Seg)>) {
        let width = self.rich.width;
        let ww: usize = pieces.iter().map(|(t, _)| t.width()).sum();
        if self.line_started && self.used + self.pending_width() + ww > width {
            self.new_line();
        }
        for (s, style) in std::mem::take(&mut self.pending) {
            self.used += s.width();
            append(&mut self.spans, s, style);
        }
        if self.used + ww <= width {
            for (text, seg) in pieces {
                self.push(text, seg);
            }
            return;
        }
        // A web address is never broken (a broken one cannot be copied): it starts its own line
        // and runs past the edge if it must.
        if pieces.iter().any(|(text, seg)| seg.link.is_some() || text.contains("://")) {
            if self.line_started {
                self.new_line();
            }
            for (text, seg) in pieces {
                self.push(text, seg);
            }
            return;
        }
        // Longer than a whole line: break it wherever it must.
        for (text, seg) in pieces {
            let (mut chunk_start, mut chunk_w) = (0, 0);
            for (at, c) in text.char_indices() {
                let cw = c.width().unwrap_or(0);
                if self.used + chunk_w + cw > width && (chunk_w > 0 || self.line_started) {
                    if at > chunk_start {
                        self.push(&text[chunk_start..at], seg);
                        (chunk_start, chunk_w) = (at, 0);
                    }
                    self.new_line();
                }
                chunk_w += cw;
            }
            if text.len() > chunk_start {
                self.push(&text[chunk_start..], seg);
            }
        }
    }

    fn finish(mut self) {
        let spans = std::mem::take(&mut self.spans);
        self.rich.lines.push(Line::from(spans));
    }
}

/// The text cut to a display width, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// Keeps a scroll offset within the text and, when there is a focus, moves it the least so that
/// the focus is in view (its top, if it is taller than the view).
pub fn settle_scroll(scroll: usize, total: usize, height: usize, focus: Option<Range<usize>>) -> usize {
    let max = total.saturating_sub(height);
    let mut s = scroll.min(max);
    if let Some(f) = focus {
        if f.start < s {
            s = f.start;
        } else if f.end > s + height {
            s = f.end.saturating_sub(height).min(f.start);
        }
    }
    s.min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(r: &Rich) -> Vec<String> {
        r.lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn a_web_address_is_never_broken() {
        let mut r = Rich::new(20);
        let url = "https://example.org/a/long/path/to/a/page";
        r.wrap(
            &[Seg::new("See ", Style::new()), Seg { text: url.into(), style: Style::new(), link: Some(url.into()) }],
            vec![],
            vec![],
        );
        assert_eq!(plain(&r), vec!["See".to_string(), url.to_string()]);
        let mut r = Rich::new(20);
        r.wrap(&[Seg::new("Read it at (https://example.org/bikes/today).", Style::new())], vec![], vec![]);
        assert_eq!(plain(&r), vec!["Read it at", "(https://example.org/bikes/today)."]);
    }

    #[test]
    fn wraps_at_spaces_with_a_hanging_indent() {
        let mut r = Rich::new(12);
        r.wrap(&[Seg::new("one two three four", Style::new())], vec![Span::raw("- ")], vec![Span::raw("  ")]);
        assert_eq!(plain(&r), vec!["- one two", "  three four"]);
    }

    #[test]
    fn styles_change_mid_line_without_breaking_it() {
        let mut r = Rich::new(40);
        r.wrap(
            &[Seg::new("a ", Style::new()), Seg::new("bold", Style::new().bold()), Seg::new(" c", Style::new())],
            vec![],
            vec![],
        );
        assert_eq!(plain(&r), vec!["a bold c"]);
        // Neighbours of one style share a span: one per change of style, not one per word.
        let spans: Vec<(&str, Style)> = r.lines[0].spans.iter().map(|s| (s.content.as_ref(), s.style)).collect();
        assert_eq!(spans, vec![("a ", Style::new()), ("bold", Style::new().bold()), (" c", Style::new())]);
    }

    #[test]
    fn punctuation_after_a_styled_word_stays_with_it() {
        let mut r = Rich::new(9);
        r.wrap(
            &[Seg::new("aaaa ", Style::new()), Seg::new("bold", Style::new().bold()), Seg::new(", c", Style::new())],
            vec![],
            vec![],
        );
        assert_eq!(plain(&r), vec!["aaaa", "bold, c"]);
    }

    #[test]
    fn a_long_word_is_broken() {
        let mut r = Rich::new(5);
        r.text("abcdefghijkl", Style::new());
        assert_eq!(plain(&r), vec!["abcde", "fghij", "kl"]);
    }

    #[test]
    fn escape_sequences_show_as_symbols_not_actions() {
        let mut r = Rich::new(40);
        r.text("a\u{1b}[2Jb", Style::new());
        assert_eq!(plain(&r), vec!["a␛[2Jb"]);
    }

    #[test]
    fn link_cells_are_recorded_where_they_land() {
        let mut r = Rich::new(10);
        let link = Seg { text: "site".into(), style: Style::new(), link: Some("https://e.org".into()) };
        r.wrap(&[Seg::new("see our", Style::new()), Seg::new(" ", Style::new()), link], vec![], vec![]);
        assert_eq!(plain(&r), vec!["see our", "site"]);
        assert_eq!(r.links, vec![LinkCells { line: 1, col: 0, width: 4, url: "https://e.org".into() }]);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("hi", 6), "hi");
    }

    #[test]
    fn scrolling_follows_the_focus() {
        assert_eq!(settle_scroll(0, 100, 10, Some(20..22)), 12);
        assert_eq!(settle_scroll(30, 100, 10, Some(20..22)), 20);
        assert_eq!(settle_scroll(500, 100, 10, None), 90);
        assert_eq!(settle_scroll(0, 100, 10, Some(20..40)), 20);
    }
}
