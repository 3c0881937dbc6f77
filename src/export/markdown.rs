//! Markdown with GitHub task lists, so the checklist can be ticked where it is read.
//!
//! Every text from the guide or the person is escaped, so it reads as the characters typed:
//! an answer of `**x**` or `[a](b)` stays literal, and cannot add a style, a link, a heading or
//! an HTML tag. Only `http(s)`, `mailto:` and `tel:` links are written as links.

use std::fmt::Write as _;

use super::linkable;
use crate::engine::report::{Report, ResourceLine, SourceLine};
use crate::guide::text::{Block, Inline, LinkTarget};

/// Escapes every character Markdown (`CommonMark` and GitHub's extensions) could read as markup.
/// `CommonMark` lets any ASCII punctuation be escaped with a backslash; only the characters that
/// can start markup are escaped, so the file stays readable as text. Line breaks become spaces:
/// each call is one line of output.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Only `&` before a name or number can start an entity such as `&lt;`.
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => out.push_str("\\&"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text that starts a line, where `-`, `+`, `=` or `1.` would start a list or heading.
fn esc_line_start(s: &str) -> String {
    let e = esc(s);
    let digits = e.bytes().take_while(u8::is_ascii_digit).count();
    if e.starts_with(['-', '+', '=']) {
        format!("\\{e}")
    } else if digits > 0 && e[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &e[..digits], &e[digits..])
    } else {
        e
    }
}

/// A link destination in `<…>` form, which allows any character but `<`, `>` and line breaks.
fn destination(url: &str) -> String {
    format!("<{}>", url.replace('<', "%3C").replace('>', "%3E").replace(' ', "%20"))
}

/// Wraps escaped text in a style marker, keeping spaces at the edges outside it (Markdown does
/// not treat `** x**` as bold).
fn styled(text: &str, marker: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marker}{trimmed}{marker}{trail}")
}

fn inline(report: &Report, runs: &[Inline]) -> String {
    let mut out = String::new();
    for r in runs {
        let mut t = esc(&r.text);
        if r.bold {
            t = styled(&t, "**");
        }
        if r.emph {
            t = styled(&t, "*");
        }
        let url = match &r.link {
            Some(LinkTarget::Url(u)) => Some(u.clone()),
            Some(LinkTarget::Resource(id)) => report.resources.iter().find(|x| &x.id == id).and_then(|x| x.url.clone()),
            None => None,
        };
        match url.filter(|u| linkable(u)) {
            Some(u) => {
                let _ = write!(out, "[{t}]({})", destination(&u));
            }
            None => out.push_str(&t),
        }
    }
    out
}

fn blocks_inline(report: &Report, blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(r) | Block::ListItem(r) => inline(report, r),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first run of a block escaped as the start of a line.
fn inline_at_line_start(report: &Report, runs: &[Inline]) -> String {
    let text = inline(report, runs);
    match runs.first() {
        Some(first) if !first.bold && !first.emph && first.link.is_none() => {
            let head = esc(&first.text);
            let rest = text.strip_prefix(head.as_str()).unwrap_or(&text);
            format!("{}{rest}", esc_line_start(&first.text))
        }
        _ => text,
    }
}

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let g = &report.guide;
    let _ = writeln!(out, "# {}\n", esc(&g.title));
    for line in g.disclaimer.lines() {
        let _ = writeln!(out, "> {}", esc(line));
    }
    out.push('\n');
    if let Some(b) = &g.banner {
        let _ = writeln!(out, "**{}**\n", esc(b).trim());
    }
    let mut facts = Vec::new();
    if let Some(r) = &g.reviewed {
        facts.push(format!("Facts last reviewed: {}", esc(r)));
    }
    if !g.version.is_empty() {
        facts.push(format!("Guide version: {}", esc(&g.version)));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "{}\n", facts.join(" · "));
    }
    let _ = writeln!(out, "## Your checklist\n");
    if report.checklist.is_empty() {
        let _ = writeln!(out, "Nothing to do for these answers.\n");
    }
    for s in &report.checklist {
        let _ = writeln!(out, "### {}\n", esc(&s.title));
        for i in &s.items {
            let mark = if i.ticked { "x" } else { " " };
            let mut cites = String::new();
            for n in &i.sources {
                let _ = write!(cites, " [\\[{n}\\]](#source-{n})");
            }
            let _ = writeln!(out, "- [{mark}] {}{cites}", blocks_inline(report, &i.blocks));
            // Details and resources are blocks of their own inside the item, separated by blank
            // lines so that a paragraph after a list is not read as part of its last entry.
            let mut parts: Vec<String> = Vec::new();
            let mut last_was_list = false;
            for b in i.details_blocks.iter().flatten() {
                match b {
                    Block::Paragraph(r) => {
                        parts.push(format!("  {}", inline_at_line_start(report, r)));
                        last_was_list = false;
                    }
                    Block::ListItem(r) => {
                        let entry = format!("  - {}", inline_at_line_start(report, r));
                        match parts.last_mut() {
                            Some(list) if last_was_list => {
                                list.push('\n');
                                list.push_str(&entry);
                            }
                            _ => parts.push(entry),
                        }
                        last_was_list = true;
                    }
                }
            }
            let links: Vec<String> = i
                .resources
                .iter()
                .filter_map(|rid| report.resources.iter().find(|x| &x.id == rid))
                .map(|r| format!("  - {}", resource_line(r)))
                .collect();
            if !links.is_empty() {
                parts.push(links.join("\n"));
            }
            if !parts.is_empty() {
                let _ = writeln!(out, "\n{}\n", parts.join("\n\n"));
            }
        }
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    if !report.resources.is_empty() {
        let _ = writeln!(out, "## Resources\n");
        for r in &report.resources {
            let _ = writeln!(out, "- {}", resource_line(r));
            if let Some(t) = &r.text {
                let _ = writeln!(out, "  {}", esc_line_start(t));
            }
        }
        out.push('\n');
    }
    if !report.answers.is_empty() || report.private_answers_left_out > 0 {
        let _ = writeln!(out, "## Your answers\n");
        for a in &report.answers {
            let _ = writeln!(out, "- **{}**: {}", esc(&a.question).trim(), esc(&a.shown));
        }
        if let Some(note) = super::private_note(report) {
            if !report.answers.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", esc(&note));
        }
        out.push('\n');
    }
    if !report.glossary.is_empty() {
        let _ = writeln!(out, "## Words used\n");
        for t in &report.glossary {
            let _ = writeln!(out, "- **{}**: {}", esc(&t.term).trim(), esc(&t.definition));
        }
        out.push('\n');
    }
    if !report.guide.about.is_empty() {
        let _ = writeln!(out, "## About this guide\n");
        for a in &report.guide.about {
            let _ = writeln!(out, "- **{}**: {}", esc(&a.label), blocks_inline(report, &a.blocks));
        }
        if let Some(r) = &report.guide.reviewed {
            let _ = writeln!(out, "- **Facts last checked**: {}", esc(r));
        }
        out.push('\n');
    }
    if !report.sources.is_empty() {
        let _ = writeln!(out, "## Sources\n");
        for s in &report.sources {
            let _ = writeln!(out, "- {}", source_line(s));
        }
    }
    out
}

/// One source: its anchor and number when numbered, its title (linked), date and kind.
fn source_line(s: &SourceLine) -> String {
    let mut line = String::new();
    if let Some(n) = s.number {
        let _ = write!(line, "<a id=\"source-{n}\"></a>\\[{n}\\] ");
    }
    match s.url.as_deref().filter(|u| linkable(u)) {
        Some(u) => {
            let _ = write!(line, "[{}]({})", esc(&s.title), destination(u));
        }
        None => line.push_str(&esc(&s.title)),
    }
    let facts = s.facts();
    if !facts.is_empty() {
        let _ = write!(line, " ({})", esc(&facts));
    }
    line
}

fn resource_line(r: &ResourceLine) -> String {
    let mut parts = vec![format!("**{}**", esc(&r.title).trim())];
    if let Some(p) = &r.phone {
        parts.push(format!("phone {}", esc(p)));
    }
    if let Some(u) = r.url.as_deref().filter(|u| linkable(u)) {
        parts.push(destination(u));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters_and_keeps_one_line() {
        assert_eq!(esc("**a** [b](c) <i>\nx &amp; A & B"), "\\*\\*a\\*\\* \\[b\\](c) \\<i\\> x \\&amp; A & B");
    }

    #[test]
    fn a_line_that_would_start_a_list_is_escaped() {
        assert_eq!(esc_line_start("- not a list"), "\\- not a list");
        assert_eq!(esc_line_start("1. not a list"), "1\\. not a list");
        assert_eq!(esc_line_start("12) neither"), "12\\) neither");
        assert_eq!(esc_line_start("10 items"), "10 items");
    }
}
