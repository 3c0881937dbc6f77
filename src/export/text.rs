//! Plain text: 80 columns, no markup, for printing, pasting into an email or reading aloud.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::engine::report::Report;
use crate::wrap::wrap;

/// Width of the page.
pub const WIDTH: usize = 80;

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "-".repeat(title.width().min(WIDTH)));
}

/// Renders the report as plain text.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let g = &report.guide;
    out.push_str(&wrap(&g.title.to_uppercase(), WIDTH, "", ""));
    let _ = writeln!(out, "{}", "=".repeat(g.title.width().min(WIDTH)));
    out.push('\n');
    out.push_str(&wrap(&g.disclaimer, WIDTH, "", ""));
    if let Some(b) = &g.banner {
        out.push('\n');
        out.push_str(&wrap(b, WIDTH, "", ""));
    }
    if let Some(r) = &g.reviewed {
        let _ = writeln!(out, "\nFacts last reviewed: {r}");
    }
    out.push('\n');
    heading(&mut out, "YOUR CHECKLIST");
    if report.checklist.is_empty() {
        out.push_str("Nothing to do for these answers.\n");
    }
    for s in &report.checklist {
        out.push('\n');
        out.push_str(&wrap(&s.title, WIDTH, "", ""));
        for i in &s.items {
            let mark = if i.ticked { "[x] " } else { "[ ] " };
            out.push_str(&wrap(&i.text, WIDTH, mark, "    "));
            if let Some(d) = &i.details {
                out.push_str(&wrap(d, WIDTH, "    ", "    "));
            }
            for rid in &i.resources {
                if let Some(r) = report.resources.iter().find(|x| &x.id == rid) {
                    out.push_str(&wrap(&resource_line(r), WIDTH, "    -> ", "       "));
                }
            }
            if !i.sources.is_empty() {
                let numbers: Vec<String> = i.sources.iter().map(|n| format!("[{n}]")).collect();
                out.push_str(&wrap(&format!("Sources: {}", numbers.join(" ")), WIDTH, "    ", "    "));
            }
        }
    }
    if !report.resources.is_empty() {
        out.push('\n');
        heading(&mut out, "RESOURCES");
        for r in &report.resources {
            out.push_str(&wrap(&resource_line(r), WIDTH, "* ", "  "));
            if let Some(t) = &r.text {
                out.push_str(&wrap(t, WIDTH, "  ", "  "));
            }
        }
    }
    if !report.answers.is_empty() || report.private_answers_left_out > 0 {
        out.push('\n');
        heading(&mut out, "YOUR ANSWERS");
        for a in &report.answers {
            out.push_str(&wrap(&format!("{}: {}", a.question, a.shown), WIDTH, "* ", "  "));
        }
        if let Some(note) = super::private_note(report) {
            out.push_str(&wrap(&note, WIDTH, "", ""));
        }
    }
    if !report.glossary.is_empty() {
        out.push('\n');
        heading(&mut out, "WORDS USED");
        for t in &report.glossary {
            out.push_str(&wrap(&format!("{}: {}", t.term, t.definition), WIDTH, "* ", "  "));
        }
    }
    if !g.about.is_empty() {
        out.push('\n');
        heading(&mut out, "ABOUT THIS GUIDE");
        for a in &g.about {
            out.push_str(&wrap(&format!("{}: {}", a.label, a.text), WIDTH, "* ", "  "));
        }
        if let Some(r) = &g.reviewed {
            out.push_str(&wrap(&format!("Facts last checked: {r}"), WIDTH, "* ", "  "));
        }
    }
    if !report.sources.is_empty() {
        out.push('\n');
        heading(&mut out, "SOURCES");
        for s in &report.sources {
            let facts = s.facts();
            let facts = if facts.is_empty() { String::new() } else { format!(" ({facts})") };
            let url = s.url.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
            let text = format!("{}{facts}{url}", s.title);
            match s.number {
                Some(n) => {
                    let first = format!("[{n}] ");
                    out.push_str(&wrap(&text, WIDTH, &first, &" ".repeat(first.len())));
                }
                None => out.push_str(&wrap(&text, WIDTH, "* ", "  ")),
            }
        }
    }
    out
}

fn resource_line(r: &crate::engine::report::ResourceLine) -> String {
    let mut s = r.title.clone();
    if let Some(p) = &r.phone {
        s.push_str(&format!(", phone {p}"));
    }
    if let Some(u) = &r.url {
        s.push_str(&format!(", {u}"));
    }
    s
}
