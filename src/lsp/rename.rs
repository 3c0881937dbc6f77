//! Renaming a node id, var, option value, section or resource everywhere it is written: table
//! headers, references, conditions, `{...}` slots, tests and included files.

use std::collections::HashMap;

use lsp_types::{PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit};

use super::index::{Kind, Occurrence};
use super::lookup::{At, at};
use super::server::{Failure, GuideState, Server};

/// Checks that the name under the cursor can be renamed, and gives its range.
pub fn prepare(server: &Server, p: &TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>, Failure> {
    let Some(at) = at(server, p) else { return Ok(None) };
    let o = renamable(&at)?;
    let data = &at.guide.analysis.files[at.file];
    let range = data.lines.range(&data.text, &o.span);
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder: o.name.clone() }))
}

fn renamable<'a>(at: &At<'a>) -> Result<&'a Occurrence, Failure> {
    if at.guide.analysis.files.iter().any(|f| f.stale) {
        return Err(Failure::refused(
            "fix the TOML syntax errors first: renaming needs every file of the guide to parse",
        ));
    }
    let o = at
        .occurrence
        .ok_or_else(|| Failure::refused("put the cursor on a node id, var, option value, section or resource id"))?;
    if !matches!(o.kind, Kind::Node | Kind::Var | Kind::Value | Kind::Section | Kind::Resource) {
        return Err(Failure::refused(format!("a {} cannot be renamed here", o.kind.word())));
    }
    Ok(o)
}

/// Why a new name cannot be used, if it cannot.
fn invalid(kind: Kind, name: &str) -> Option<String> {
    let id_ok = !name.is_empty()
        && name.len() <= 128
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    match kind {
        Kind::Var => {
            let mut chars = name.chars();
            let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
                && name.len() <= 128
                && !matches!(name, "and" | "or" | "not" | "in" | "true" | "false" | "answered");
            (!ok).then(|| format!("`{name}` is not a var name: use letters, digits and `_`, starting with a letter, and not a word of the condition language"))
        }
        Kind::Value => (name.is_empty() || name.chars().any(|c| c.is_control() || c == '"' || c == '\'' || c == '\\'))
            .then(|| {
                "an option value must be non-empty text without quotes, backslashes or control characters".to_string()
            }),
        _ => (!id_ok).then(|| format!("`{name}` is not an id: use letters, digits, `-` and `_` (at most 128)")),
    }
}

/// The edits of a rename, or why it is refused.
// `WorkspaceEdit` keys its changes by `Uri`, as lsp-types defines it; nothing mutates a key.
#[allow(clippy::mutable_key_type)]
pub fn rename(server: &Server, p: &RenameParams) -> Result<Option<WorkspaceEdit>, Failure> {
    let Some(at) = at(server, &p.text_document_position) else { return Ok(None) };
    let o = renamable(&at)?;
    let new = p.new_name.trim();
    if let Some(why) = invalid(o.kind, new) {
        return Err(Failure::refused(why));
    }
    let g = at.guide;
    let scope = if o.kind == Kind::Value { o.scope.as_deref() } else { None };
    if new != o.name && g.index.defs(o.kind, new, scope).next().is_some() {
        return Err(Failure::refused(format!("`{new}` is already a {} in this guide", o.kind.word())));
    }
    if o.kind == Kind::Var && new != o.name && g.index.defs(Kind::Var, new, None).next().is_some() {
        return Err(Failure::refused(format!("`{new}` is already a var or value name")));
    }
    let mut edits: HashMap<usize, Vec<(std::ops::Range<usize>, String)>> = HashMap::new();
    for occ in g.index.all(o.kind, &o.name, scope) {
        edits.entry(occ.file).or_default().push((occ.span.clone(), new.to_string()));
    }
    // A node's id is also in the headers of its option, rule and row tables.
    if let Some(table) = match o.kind {
        Kind::Node => Some("nodes"),
        Kind::Section => Some("sections"),
        Kind::Resource => Some("resources"),
        _ => None,
    } {
        header_edits(g, table, &o.name, new, &mut edits);
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, mut list) in edits {
        let data = &g.analysis.files[file];
        list.sort_by_key(|(r, _)| r.start);
        list.dedup_by_key(|(r, _)| r.start);
        let Some(uri) = server.uri_for(&data.path) else { continue };
        changes
            .insert(uri, list.into_iter().map(|(r, t)| TextEdit::new(data.lines.range(&data.text, &r), t)).collect());
    }
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }))
}

/// `[nodes.ID.xxx]` and `[[nodes.ID.xxx]]` headers (the plain `[nodes.ID]` is the definition).
fn header_edits(
    g: &GuideState,
    table: &str,
    old: &str,
    new: &str,
    edits: &mut HashMap<usize, Vec<(std::ops::Range<usize>, String)>>,
) {
    for (file, data) in g.analysis.files.iter().enumerate() {
        let mut offset = 0;
        for line in data.text.split_inclusive('\n') {
            let t = line.trim_start();
            if t.starts_with('[') {
                let lead = line.len() - t.len();
                let inner = t.trim_start_matches('[').trim_start();
                let bracket = t.len() - t.trim_start_matches('[').len();
                let pad = t.trim_start_matches('[').len() - inner.len();
                if let Some(rest) = inner.strip_prefix(table).and_then(|r| r.trim_start().strip_prefix('.')) {
                    let key = rest.trim_start();
                    let (quoted, key) = match key.strip_prefix('"') {
                        Some(k) => (1, k),
                        None => (0, key),
                    };
                    let after = &key[old.len().min(key.len())..];
                    if key.starts_with(old) && (after.starts_with(['.', ']', ' ', '"'])) {
                        let start = offset
                            + lead
                            + bracket
                            + pad
                            + (inner.len() - rest.len())
                            + (rest.len() - rest.trim_start().len())
                            + quoted;
                        edits.entry(file).or_default().push((start..start + old.len(), new.to_string()));
                    }
                }
            }
            offset += line.len();
        }
    }
}
