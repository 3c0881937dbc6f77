//! Go to definition, find references, the outline of a file and symbols across guides.

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Location, OneOf, Position, Range, ReferenceParams, SymbolKind, WorkspaceSymbol, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};

use super::index::{Kind, Occurrence};
use super::lookup::{at, location};
use super::position::path_to_uri;
use super::server::Server;

fn scope(o: &Occurrence) -> Option<&str> {
    if o.kind == Kind::Value { o.scope.as_deref() } else { None }
}

/// Where the name under the cursor is defined; on an `include`, the included file.
pub fn definition(server: &Server, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = at(server, &p.text_document_position_params)?;
    if let Some(o) = at.occurrence {
        let locations: Vec<Location> =
            at.guide.index.defs(o.kind, &o.name, scope(o)).filter_map(|d| location(server, at.guide, d)).collect();
        return (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations));
    }
    let inc = at
        .guide
        .index
        .includes
        .iter()
        .find(|i| i.file == at.file && i.span.start <= at.offset && at.offset <= i.span.end)?;
    let target = at.guide.analysis.files.get(inc.target?)?;
    let uri = server.uri_for(&target.path).or_else(|| path_to_uri(&target.path))?;
    Some(GotoDefinitionResponse::Scalar(Location::new(uri, Range::new(Position::new(0, 0), Position::new(0, 0)))))
}

/// Every use of the name under the cursor, in every file of the guide.
pub fn references(server: &Server, p: &ReferenceParams) -> Option<Vec<Location>> {
    let at = at(server, &p.text_document_position)?;
    let o = at.occurrence?;
    Some(
        at.guide
            .index
            .all(o.kind, &o.name, scope(o))
            .filter(|r| p.context.include_declaration || !r.def)
            .filter_map(|r| location(server, at.guide, r))
            .collect(),
    )
}

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Node => SymbolKind::CLASS,
        Kind::Var => SymbolKind::VARIABLE,
        Kind::Value => SymbolKind::ENUM_MEMBER,
        Kind::Section => SymbolKind::NAMESPACE,
        Kind::Resource => SymbolKind::FILE,
        Kind::Source => SymbolKind::OBJECT,
        Kind::Item => SymbolKind::FIELD,
        Kind::Term => SymbolKind::STRING,
    }
}

#[allow(deprecated)]
fn symbol(
    name: String,
    detail: String,
    kind: SymbolKind,
    range: Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.is_empty() { "?".to_string() } else { name },
        detail: (!detail.is_empty()).then_some(detail),
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children,
    }
}

/// The outline of one file: nodes (with their options), the checklist by section, then
/// resources, sources and glossary terms.
pub fn document_symbols(server: &Server, p: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let (guide, file) = server.locate(&p.text_document.uri)?;
    let data = guide.analysis.files.get(file)?;
    let parsed = data.parsed.as_ref()?;
    let range = |o: &Occurrence| parsed.lines.range(&parsed.text, &o.span);
    let defs: Vec<&Occurrence> = guide.index.occurrences.iter().filter(|o| o.def && o.file == file).collect();
    let group = |name: &str, kind: SymbolKind, children: Vec<DocumentSymbol>| -> Option<DocumentSymbol> {
        let first = children.first()?.range;
        let last = children.last()?.range;
        Some(symbol(name.to_string(), String::new(), kind, Range::new(first.start, last.end), Some(children)))
    };
    let mut out = Vec::new();
    let nodes: Vec<DocumentSymbol> = defs
        .iter()
        .filter(|o| o.kind == Kind::Node)
        .map(|n| {
            let var =
                defs.iter().find(|v| v.kind == Kind::Var && v.detail.starts_with(&format!("set by {} (", n.name)));
            let options: Vec<DocumentSymbol> = defs
                .iter()
                .filter(|v| {
                    v.kind == Kind::Value && var.is_some_and(|var| v.scope.as_deref() == Some(var.name.as_str()))
                })
                .map(|v| symbol(v.name.clone(), v.detail.clone(), SymbolKind::ENUM_MEMBER, range(v), None))
                .collect();
            symbol(
                n.name.clone(),
                n.detail.clone(),
                SymbolKind::CLASS,
                range(n),
                (!options.is_empty()).then_some(options),
            )
        })
        .collect();
    out.extend(group("nodes", SymbolKind::NAMESPACE, nodes));
    // Checklist items under their section, in file order of the sections.
    let items: Vec<&&Occurrence> = defs.iter().filter(|o| o.kind == Kind::Item).collect();
    let raw = &parsed.raw;
    let mut sections: Vec<(String, Vec<DocumentSymbol>)> = Vec::new();
    for it in &items {
        let section = raw
            .checklist
            .iter()
            .find(|r| r.id.v == it.name)
            .and_then(|r| r.section.as_ref())
            .map_or_else(|| "checklist".to_string(), |s| format!("checklist: {}", s.v));
        let sym = symbol(it.name.clone(), it.detail.clone(), SymbolKind::FIELD, range(it), None);
        match sections.iter_mut().find(|(n, _)| *n == section) {
            Some((_, v)) => v.push(sym),
            None => sections.push((section, vec![sym])),
        }
    }
    for (name, children) in sections {
        out.extend(group(&name, SymbolKind::NAMESPACE, children));
    }
    for (name, kind) in [
        ("sections", Kind::Section),
        ("values", Kind::Var),
        ("resources", Kind::Resource),
        ("sources", Kind::Source),
        ("glossary", Kind::Term),
    ] {
        let children: Vec<DocumentSymbol> = defs
            .iter()
            .filter(|o| o.kind == kind && (kind != Kind::Var || o.detail.starts_with("computed")))
            .map(|o| symbol(o.name.clone(), o.detail.clone(), symbol_kind(kind), range(o), None))
            .collect();
        out.extend(group(name, SymbolKind::NAMESPACE, children));
    }
    Some(DocumentSymbolResponse::Nested(out))
}

/// Definitions in every known guide whose name contains the query (case-insensitively).
pub fn workspace_symbols(server: &Server, p: &WorkspaceSymbolParams) -> WorkspaceSymbolResponse {
    let query = p.query.to_lowercase();
    let mut out = Vec::new();
    for g in server.guides() {
        let container = g.analysis.main.file_name().map(|n| n.to_string_lossy().into_owned());
        for o in g.index.occurrences.iter().filter(|o| o.def) {
            if !o.name.to_lowercase().contains(&query) {
                continue;
            }
            let Some(location) = location(server, g, o) else { continue };
            out.push(WorkspaceSymbol {
                name: o.name.clone(),
                kind: symbol_kind(o.kind),
                tags: None,
                container_name: container.clone(),
                location: OneOf::Left(location),
                data: None,
            });
            if out.len() >= 1000 {
                return WorkspaceSymbolResponse::Nested(out);
            }
        }
    }
    WorkspaceSymbolResponse::Nested(out)
}
