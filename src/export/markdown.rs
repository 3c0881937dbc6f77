//! Markdown with GitHub task lists, so the checklist can be ticked where it is read.

use std::fmt::Write as _;

use crate::engine::report::Report;
use crate::guide::text::{Block, Inline, LinkTarget, parse_markup};

/// Escapes characters Markdown would read as markup in text that is not meant as markup.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn inline(report: &Report, runs: &[Inline]) -> String {
    let mut out = String::new();
    for r in runs {
        let mut t = esc(&r.text);
        if r.bold {
            t = format!("**{t}**");
        }
        if r.emph {
            t = format!("*{t}*");
        }
        match &r.link {
            Some(LinkTarget::Url(u)) => {
                let _ = write!(out, "[{t}](<{}>)", u.replace('>', "%3E"));
            }
            Some(LinkTarget::Resource(id)) => {
                match report.resources.iter().find(|x| &x.id == id).and_then(|x| x.url.clone()) {
                    Some(u) => {
                        let _ = write!(out, "[{t}](<{}>)", u.replace('>', "%3E"));
                    }
                    None => out.push_str(&t),
                }
            }
            None => out.push_str(&t),
        }
    }
    out
}

fn blocks_inline(report: &Report, markup: &str) -> String {
    parse_markup(markup)
        .iter()
        .map(|b| match b {
            Block::Paragraph(r) | Block::ListItem(r) => inline(report, r),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let g = &report.guide;
    let _ = writeln!(out, "# {}\n", esc(&g.title));
    let _ = writeln!(out, "> {}\n", esc(&g.disclaimer).replace('\n', "\n> "));
    if let Some(b) = &g.banner {
        let _ = writeln!(out, "**{}**\n", esc(b));
    }
    let mut facts = Vec::new();
    if let Some(r) = &g.reviewed {
        facts.push(format!("Facts last reviewed: {r}"));
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
            let _ = writeln!(out, "- [{mark}] {}", blocks_inline(report, &i.markup));
            if let Some(d) = &i.details_markup {
                for b in parse_markup(d) {
                    match b {
                        Block::Paragraph(r) => {
                            let _ = writeln!(out, "  {}", inline(report, &r));
                        }
                        Block::ListItem(r) => {
                            let _ = writeln!(out, "  - {}", inline(report, &r));
                        }
                    }
                }
            }
            for rid in &i.resources {
                if let Some(r) = report.resources.iter().find(|x| &x.id == rid) {
                    let _ = writeln!(out, "  - {}", resource_line(r));
                }
            }
        }
        out.push('\n');
    }
    if !report.resources.is_empty() {
        let _ = writeln!(out, "## Resources\n");
        for r in &report.resources {
            let _ = writeln!(out, "- {}", resource_line(r));
            if let Some(t) = &r.text {
                let _ = writeln!(out, "  {}", esc(t).replace('\n', " "));
            }
        }
        out.push('\n');
    }
    if !report.answers.is_empty() {
        let _ = writeln!(out, "## Your answers\n");
        for a in &report.answers {
            let _ = writeln!(out, "- **{}**: {}", esc(&a.question), esc(&a.shown));
        }
        out.push('\n');
    }
    if !report.glossary.is_empty() {
        let _ = writeln!(out, "## Words used\n");
        for t in &report.glossary {
            let _ = writeln!(out, "- **{}**: {}", esc(&t.term), esc(&t.definition));
        }
        out.push('\n');
    }
    if !report.sources.is_empty() {
        let _ = writeln!(out, "## Sources\n");
        for s in &report.sources {
            let date = s.date.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
            match &s.url {
                Some(u) => {
                    let _ = writeln!(out, "- [{}](<{}>){date}", esc(&s.title), u.replace('>', "%3E"));
                }
                None => {
                    let _ = writeln!(out, "- {}{date}", esc(&s.title));
                }
            }
        }
    }
    out
}

fn resource_line(r: &crate::engine::report::ResourceLine) -> String {
    let mut parts = vec![format!("**{}**", esc(&r.title))];
    if let Some(p) = &r.phone {
        parts.push(format!("phone {}", esc(p)));
    }
    if let Some(u) = &r.url {
        parts.push(format!("<{}>", u.replace('>', "%3E")));
    }
    parts.join(" · ")
}
