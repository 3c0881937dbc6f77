//! Completion from what the guide defines: node ids where a node is named, vars and their option
//! values in conditions, slots and test answers, section, resource, source and item ids, keys the
//! current table may have, and node types.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse};

use super::index::{Kind, Token, compared_var, tokens};
use super::lookup::at;
use super::server::{GuideState, Server};
use crate::guide::raw::{
    GUIDE_KEYS, ITEM_KEYS, NODE_COMMON_KEYS, OPTION_KEYS, RESOURCE_KEYS, ROW_KEYS, RULE_KEYS, SECTION_KEYS,
    SOURCE_KEYS, TEST_KEYS, node_keys,
};

/// The bare keys a file may have above its first table (`include` only in an included file).
const TOP_KEYS: &[&str] = &["format", "include"];

/// Keys whose string is author text with `{...}` slots.
const TEXT_KEYS: &[&str] =
    &["text", "title", "label", "help", "details", "summary", "disclaimer", "banner", "why", "placeholder"];
const FILTERS: &[(&str, &str)] =
    &[("money", "format a number as money"), ("or:", "what to show when there is no answer")];

/// The completions at a position.
pub fn complete(server: &Server, p: &CompletionParams) -> Option<CompletionResponse> {
    let at = at(server, &p.text_document_position)?;
    let data = at.guide.analysis.files.get(at.file)?;
    let text = &data.text;
    let offset = at.offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = text.get(line_start..offset)?;
    let table = current_table(&text[..line_start]);
    let g = at.guide;
    let items = match value_context(prefix) {
        Some((key, Some(inside))) => in_string(g, &table, key, inside, prefix),
        Some((key, None)) if key == "answers" || table.ends_with(".answers") => answers_keys(g, prefix),
        Some(_) => Vec::new(),
        None if prefix.trim_start().starts_with('[') => Vec::new(),
        None => table_keys(g, &table, text, line_start),
    };
    Some(CompletionResponse::Array(items))
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: (!detail.is_empty()).then(|| detail.lines().next().unwrap_or("").chars().take(100).collect()),
        ..Default::default()
    }
}

fn defs(g: &GuideState, kind: Kind, ck: CompletionItemKind) -> Vec<CompletionItem> {
    let mut seen = std::collections::HashSet::new();
    g.index.defs_of(kind).filter(|o| seen.insert(o.name.clone())).map(|o| item(&o.name, ck, &o.detail)).collect()
}

fn values(g: &GuideState, var: &str) -> Vec<CompletionItem> {
    g.index
        .defs_of(Kind::Value)
        .filter(|o| o.scope.as_deref() == Some(var))
        .map(|o| item(&o.name, CompletionItemKind::ENUM_MEMBER, &o.detail))
        .collect()
}

/// The header of the table the line belongs to (`nodes.x.options`, `tests`...), without brackets.
fn current_table(before: &str) -> String {
    before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_start_matches('[').split(']').next().unwrap_or("").trim().to_string())
        .unwrap_or_default()
}

/// When the cursor is in a value: the key, and the string typed so far when inside quotes.
fn value_context(prefix: &str) -> Option<(&str, Option<&str>)> {
    let mut quote: Option<char> = None;
    let mut last_eq = None;
    let mut string_start = 0;
    for (i, c) in prefix.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                string_start = i + 1;
            }
            (None, '=') => last_eq = Some(i),
            (None, '#') => return None,
            _ => {}
        }
    }
    let eq = last_eq?;
    let before = prefix[..eq].trim_end();
    let key_start =
        before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')).map_or(0, |i| i + 1);
    let key = before[key_start..].rsplit('.').next().unwrap_or("");
    Some((key, quote.map(|_| &prefix[string_start..])))
}

fn in_string(g: &GuideState, table: &str, key: &str, inside: &str, prefix: &str) -> Vec<CompletionItem> {
    match key {
        "next" | "start" | "ends" | "path" => defs(g, Kind::Node, CompletionItemKind::REFERENCE),
        "section" => defs(g, Kind::Section, CompletionItemKind::MODULE),
        "resources" => defs(g, Kind::Resource, CompletionItemKind::FILE),
        "sources" => defs(g, Kind::Source, CompletionItemKind::REFERENCE),
        "expect" | "reject" => defs(g, Kind::Item, CompletionItemKind::FIELD),
        "type" => crate::guide::node_type::NODE_TYPES
            .iter()
            .map(|t| item(t.name, CompletionItemKind::ENUM_MEMBER, t.summary))
            .collect(),
        "when" | "highlight" => condition(g, inside),
        _ if table == "values" => condition(g, inside),
        k if TEXT_KEYS.contains(&k) => slot(g, inside),
        // `answers = { plan = "` and `[tests.answers]`: the var's values.
        var if (prefix.contains("answers") || table.ends_with("answers")) && !var.is_empty() => values(g, var),
        _ => Vec::new(),
    }
}

/// Inside a condition: a var, or inside quotes the values of the var it is compared with.
fn condition(g: &GuideState, src: &str) -> Vec<CompletionItem> {
    let quotes = src.matches(['"', '\'']).count();
    if quotes % 2 == 1 {
        // Close the open text so it tokenizes, then ask which var it is compared with.
        let closed = format!("{src}\"");
        let toks = tokens(&closed);
        let last = toks.iter().rposition(|t| matches!(t, Token::Text(_)));
        if let Some(var) = last.and_then(|i| compared_var(&closed, &toks, i)) {
            return values(g, var);
        }
        return Vec::new();
    }
    vars(g)
}

fn vars(g: &GuideState) -> Vec<CompletionItem> {
    defs(g, Kind::Var, CompletionItemKind::VARIABLE)
}

/// Inside author text: after an open `{`, a var; after `|`, a filter.
fn slot(g: &GuideState, src: &str) -> Vec<CompletionItem> {
    let Some(open) = src.rfind('{') else { return Vec::new() };
    if src[open..].contains('}') || src[..open].ends_with('{') {
        return Vec::new();
    }
    if src[open..].contains('|') {
        return FILTERS.iter().map(|(f, d)| item(f, CompletionItemKind::FUNCTION, d)).collect();
    }
    vars(g)
}

/// In an `answers = { ... }` table, before `=`: the vars a scenario can answer.
fn answers_keys(g: &GuideState, prefix: &str) -> Vec<CompletionItem> {
    let t = prefix.trim_end();
    if t.ends_with('{') || t.ends_with(',') || !t.contains('{') {
        return vars(g);
    }
    Vec::new()
}

fn table_keys(g: &GuideState, table: &str, text: &str, line_start: usize) -> Vec<CompletionItem> {
    let parts: Vec<&str> = table.split('.').map(|p| p.trim().trim_matches('"')).collect();
    let keys: Vec<&str> = match parts.as_slice() {
        [""] => TOP_KEYS.to_vec(),
        ["guide"] => GUIDE_KEYS.to_vec(),
        ["guide", "sources"] => SOURCE_KEYS.to_vec(),
        ["sections", _] => SECTION_KEYS.to_vec(),
        ["checklist", _] => ITEM_KEYS.to_vec(),
        ["resources", _] => RESOURCE_KEYS.to_vec(),
        ["tests"] => TEST_KEYS.to_vec(),
        ["nodes", _, "options"] => OPTION_KEYS.to_vec(),
        ["nodes", _, "rules"] => RULE_KEYS.to_vec(),
        ["nodes", _, "rows"] => ROW_KEYS.to_vec(),
        ["nodes", id] => {
            let kind = node_type(g, id, text, line_start);
            let mut k = NODE_COMMON_KEYS.to_vec();
            match kind {
                Some(kind) => k.extend(node_keys(&kind)),
                None => {
                    for t in crate::guide::node_type::names() {
                        for key in node_keys(t) {
                            if !k.contains(key) {
                                k.push(key);
                            }
                        }
                    }
                }
            }
            k
        }
        _ => Vec::new(),
    };
    keys.into_iter().map(|k| item(k, CompletionItemKind::PROPERTY, &format!("key of [{table}]"))).collect()
}

/// A node's type: from the index, or from a `type =` line written under its header.
fn node_type(g: &GuideState, id: &str, text: &str, line_start: usize) -> Option<String> {
    if let Some(d) = g.index.defs(Kind::Node, id, None).next()
        && let Some((kind, _)) = d.detail.split_once(": ")
        && kind != "?"
    {
        return Some(kind.to_string());
    }
    let header = text[..line_start].rfind('[').unwrap_or(0);
    text[header..].lines().skip(1).take_while(|l| !l.trim_start().starts_with('[')).find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "type").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_context_names_the_key_and_the_text_typed() {
        assert_eq!(value_context(r#"next = "he"#), Some(("next", Some("he"))));
        assert_eq!(value_context(r#"{ value = "a", next = "#), Some(("next", None)));
        assert_eq!(value_context("title"), None);
        assert_eq!(value_context(r#"when = 'plan == "p"#), Some(("when", Some(r#"plan == "p"#))));
    }
}
