//! What a name means, shown on hover: a node's type, title and what leads to it; the question
//! behind a var and its values; a glossary term's definition; a diagnostic code's explanation.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::index::{Kind, Occurrence};
use super::lookup::at;
use super::server::{GuideState, Server};
use crate::authoring::explain;
use crate::guide::Code;

/// The hover text at a position.
pub fn hover(server: &Server, p: &HoverParams) -> Option<Hover> {
    let at = at(server, &p.text_document_position_params)?;
    let data = at.guide.analysis.files.get(at.file)?;
    let mut md = String::new();
    if let Some(o) = at.occurrence {
        describe(at.guide, o, &mut md);
    }
    let word = word_at(&data.text, at.offset);
    if let Some(code) = Code::parse(word).filter(|_| word.len() == 5) {
        push_explain(code, &mut md);
    }
    if at.occurrence.is_none() {
        glossary(at.guide, &data.text, at.offset, &mut md);
    }
    for d in at.guide.analysis.diagnostics.iter().filter(|d| {
        d.file.0 as usize == at.file && d.span.start <= at.offset && at.offset <= d.span.end.max(d.span.start + 1)
    }) {
        if !md.contains(&format!("`{}`", d.code.as_str())) {
            push_explain(d.code, &mut md);
        }
    }
    (!md.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md.trim_end().to_string() }),
        range: None,
    })
}

fn push_explain(code: Code, md: &mut String) {
    if !md.is_empty() {
        md.push_str("\n---\n");
    }
    let _ = writeln!(md, "**`{}`** {}\n", code.as_str(), code.summary());
    let _ = writeln!(md, "```text\n{}\n```", explain::render(code).trim_end());
}

fn describe(g: &GuideState, o: &Occurrence, md: &mut String) {
    let def = g.index.defs(o.kind, &o.name, if o.kind == Kind::Value { o.scope.as_deref() } else { None }).next();
    let Some(def) = def else {
        let _ = writeln!(md, "No {} `{}` is defined in this guide.", o.kind.word(), o.name);
        return;
    };
    match o.kind {
        Kind::Node => {
            let (kind, title) = def.detail.split_once(": ").unwrap_or(("?", &def.detail));
            let _ = writeln!(md, "**{kind}** node `{}`: {title}\n", o.name);
            let leads = leads_to(g, &o.name);
            if o.name == start(g).unwrap_or_default() {
                let _ = writeln!(md, "The guide starts here.");
            }
            if !leads.is_empty() {
                let _ = writeln!(
                    md,
                    "Reached from: {}",
                    leads.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                );
            } else if o.name != start(g).unwrap_or_default() {
                let _ = writeln!(md, "Nothing leads here.");
            }
        }
        Kind::Var => {
            let _ = writeln!(md, "var `{}`: {}\n", o.name, def.detail);
            if let Some(node) = def.detail.strip_prefix("set by ").and_then(|s| s.split_once(' ')).map(|(n, _)| n)
                && let Some(text) = g.guide.as_ref().and_then(|gd| gd.node_id(node).map(|id| gd.node(id).text.clone()))
            {
                let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                let _ = writeln!(md, "> {first}\n");
            }
            let values: Vec<String> = g
                .index
                .defs_of(Kind::Value)
                .filter(|v| v.scope.as_deref() == Some(o.name.as_str()))
                .map(|v| format!("- `{}`: {}", v.name, v.detail))
                .collect();
            if !values.is_empty() {
                let _ = writeln!(md, "Values:\n{}", values.join("\n"));
            }
        }
        Kind::Value => {
            let _ = writeln!(md, "option `{}` of `{}`: {}", o.name, def.scope.as_deref().unwrap_or("?"), def.detail);
        }
        Kind::Term => {
            let _ = writeln!(md, "**{}**: {}", o.name, def.detail);
        }
        Kind::Section | Kind::Resource | Kind::Source | Kind::Item => {
            let _ = writeln!(md, "{} `{}`: {}", o.kind.word(), o.name, def.detail);
        }
    }
}

fn start(g: &GuideState) -> Option<String> {
    g.guide.as_ref().map(|gd| gd.node(gd.start).key.clone())
}

/// The nodes with a way on to `key` (from the last guide without errors).
fn leads_to(g: &GuideState, key: &str) -> Vec<String> {
    let Some(guide) = &g.guide else { return Vec::new() };
    let Some(target) = guide.node_id(key) else { return Vec::new() };
    guide.nodes.iter().filter(|n| n.successors().contains(&target)).map(|n| n.key.clone()).collect()
}

/// The word (letters, digits, `_`, `-`) around an offset.
fn word_at(text: &str, offset: usize) -> &str {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let offset = offset.min(text.len());
    let start = text[..offset].rfind(|c: char| !is_word(c)).map_or(0, |i| i + 1);
    let end = text[offset..].find(|c: char| !is_word(c)).map_or(text.len(), |i| offset + i);
    text.get(start..end).unwrap_or("")
}

/// The definition of a glossary term written around the cursor.
fn glossary(g: &GuideState, text: &str, offset: usize, md: &mut String) {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].to_lowercase();
    if line.len() != line_end - line_start {
        return;
    }
    for term in g.index.defs_of(Kind::Term) {
        let t = term.name.to_lowercase();
        if t.is_empty() {
            continue;
        }
        let hit = line.match_indices(&t).any(|(i, _)| line_start + i <= offset && offset <= line_start + i + t.len());
        if hit {
            let _ = writeln!(md, "**{}**: {}", term.name, term.detail);
            return;
        }
    }
}
