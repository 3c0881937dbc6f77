//! HTML: one self-contained printable page, no scripts and no external assets; every text from
//! the guide or the person is escaped.

use std::fmt::Write as _;

use crate::engine::report::Report;
use crate::guide::text::{Block, Inline, LinkTarget};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An escaped `href` value, or `None` for anything that is not a web, mail or phone link.
fn safe_href(url: &str) -> Option<String> {
    super::linkable(url).then(|| esc(url))
}

fn inline(report: &Report, runs: &[Inline]) -> String {
    let mut out = String::new();
    for r in runs {
        let mut t = esc(&r.text);
        if r.bold {
            t = format!("<strong>{t}</strong>");
        }
        if r.emph {
            t = format!("<em>{t}</em>");
        }
        let href = match &r.link {
            Some(LinkTarget::Url(u)) => safe_href(u),
            Some(LinkTarget::Resource(id)) => {
                report.resources.iter().find(|x| &x.id == id).and_then(|x| x.url.as_deref()).and_then(safe_href)
            }
            None => None,
        };
        match href {
            Some(h) => {
                let _ = write!(out, "<a href=\"{h}\">{t}</a>");
            }
            None => out.push_str(&t),
        }
    }
    out
}

fn blocks(report: &Report, blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for b in blocks {
        match b {
            Block::ListItem(r) => {
                if !in_list {
                    out.push_str("<ul>");
                    in_list = true;
                }
                let _ = write!(out, "<li>{}</li>", inline(report, r));
            }
            Block::Paragraph(r) => {
                if in_list {
                    out.push_str("</ul>");
                    in_list = false;
                }
                let _ = write!(out, "<p>{}</p>", inline(report, r));
            }
        }
    }
    if in_list {
        out.push_str("</ul>");
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;color:#111}\
h1{font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:2em}\
.note{border-left:4px solid #555;padding:.2em 1em;background:#f3f3f3}\
.banner{font-weight:bold}ul.check{list-style:none;padding-left:0}\
ul.check>li{margin:.8em 0}.box{font-family:monospace;margin-right:.4em}\
.details{margin:.2em 0 0 2em;color:#333}a{color:#0645ad}\
@media print{a{color:#000}a[href^=http]::after{content:\" (\" attr(href) \")\";font-size:.85em}}";

/// Renders the report as one HTML page.
pub fn render(report: &Report) -> String {
    let g = &report.guide;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(if g.language.is_empty() { "en" } else { &g.language }),
        esc(&g.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&g.title));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&g.disclaimer));
    if let Some(b) = &g.banner {
        let _ = writeln!(out, "<p class=\"banner\">{}</p>", esc(b));
    }
    if let Some(r) = &g.reviewed {
        let _ = writeln!(out, "<p>Facts last reviewed: <time datetime=\"{0}\">{0}</time></p>", esc(r));
    }
    let _ = writeln!(out, "<h2>Your checklist</h2>");
    if report.checklist.is_empty() {
        let _ = writeln!(out, "<p>Nothing to do for these answers.</p>");
    }
    for s in &report.checklist {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul class=\"check\">", esc(&s.title));
        for i in &s.items {
            let mark = if i.ticked { "[x]" } else { "[ ]" };
            // One paragraph reads inline after the box; anything longer keeps its blocks.
            let body = match &i.blocks[..] {
                [Block::Paragraph(runs)] => inline(report, runs),
                many => blocks(report, many),
            };
            let _ = write!(out, "<li><span class=\"box\" aria-hidden=\"true\">{mark}</span>{body}");
            if i.ticked {
                out.push_str(" <em>(done)</em>");
            }
            for n in &i.sources {
                let _ = write!(out, " <sup><a href=\"#source-{n}\">[{n}]</a></sup>");
            }
            if let Some(d) = &i.details_blocks {
                let _ = write!(out, "<div class=\"details\">{}</div>", blocks(report, d));
            }
            for rid in &i.resources {
                if let Some(r) = report.resources.iter().find(|x| &x.id == rid) {
                    let _ = write!(out, "<div class=\"details\">{}</div>", resource_html(r));
                }
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    if !report.resources.is_empty() {
        let _ = writeln!(out, "<h2>Resources</h2>\n<ul>");
        for r in &report.resources {
            let text = r.text.as_deref().map(|t| format!("<br>{}", esc(t))).unwrap_or_default();
            let _ = writeln!(out, "<li>{}{text}</li>", resource_html(r));
        }
        out.push_str("</ul>\n");
    }
    if !report.answers.is_empty() || report.private_answers_left_out > 0 {
        let _ = writeln!(out, "<h2>Your answers</h2>");
        if !report.answers.is_empty() {
            out.push_str("<dl>\n");
            for a in &report.answers {
                let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&a.question), esc(&a.shown));
            }
            out.push_str("</dl>\n");
        }
        if let Some(note) = super::private_note(report) {
            let _ = writeln!(out, "<p>{}</p>", esc(&note));
        }
    }
    if !report.glossary.is_empty() {
        let _ = writeln!(out, "<h2>Words used</h2>\n<dl>");
        for t in &report.glossary {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&t.term), esc(&t.definition));
        }
        out.push_str("</dl>\n");
    }
    if !g.about.is_empty() {
        let _ = writeln!(out, "<h2>About this guide</h2>\n<dl>");
        for a in &g.about {
            let body = match &a.blocks[..] {
                [Block::Paragraph(runs)] => inline(report, runs),
                many => blocks(report, many),
            };
            let _ = writeln!(out, "<dt>{}</dt><dd>{body}</dd>", esc(&a.label));
        }
        if let Some(r) = &g.reviewed {
            let _ = writeln!(out, "<dt>Facts last checked</dt><dd><time datetime=\"{0}\">{0}</time></dd>", esc(r));
        }
        out.push_str("</dl>\n");
    }
    if !report.sources.is_empty() {
        let _ = writeln!(out, "<h2>Sources</h2>\n<ul>");
        for s in &report.sources {
            let facts = s.facts();
            let facts = if facts.is_empty() { String::new() } else { format!(" ({})", esc(&facts)) };
            let title = match s.url.as_deref().and_then(safe_href) {
                Some(h) => format!("<a href=\"{h}\">{}</a>", esc(&s.title)),
                None => esc(&s.title),
            };
            match s.number {
                Some(n) => {
                    let _ = writeln!(out, "<li id=\"source-{n}\">[{n}] {title}{facts}</li>");
                }
                None => {
                    let _ = writeln!(out, "<li>{title}{facts}</li>");
                }
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn resource_html(r: &crate::engine::report::ResourceLine) -> String {
    let mut s = format!("<strong>{}</strong>", esc(&r.title));
    if let Some(p) = &r.phone {
        let digits: String = p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        let _ = write!(s, " · phone <a href=\"tel:{}\">{}</a>", esc(&digits), esc(p));
    }
    if let Some(u) = r.url.as_deref().and_then(safe_href) {
        let _ = write!(s, " · <a href=\"{u}\">{u}</a>");
    }
    s
}
