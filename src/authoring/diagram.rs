//! Drawings of a guide's tree, in Graphviz DOT or Mermaid, so an author can see the whole
//! decision at once: what each node is, which answer leads where, which condition decides a
//! branch, where it ends and what nothing leads to.
//!
//! Shapes by node type: info box, choice diamond, multi parallelogram-like, number and text
//! rounded, branch hexagon, compare note, end double circle (DOT) or stadium (Mermaid).
//! Unreachable nodes are dashed and red, with "unreachable" in their label. Every label is
//! escaped for its format, so quotes, newlines and brackets in titles or conditions are safe.

use std::fmt::Write as _;

use crate::guide::routes::reachable;
use crate::guide::text::Part;
use crate::guide::{Guide, Node, NodeId, NodeKind};

/// Which drawing language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Graphviz: `dot -Tsvg guide.dot > guide.svg`.
    Dot,
    /// Mermaid flowchart: renders in GitHub, GitLab and many Markdown editors.
    Mermaid,
}

/// One edge, with the text on it.
struct Edge {
    from: NodeId,
    to: NodeId,
    label: Option<String>,
}

fn edges(guide: &Guide) -> Vec<Edge> {
    let mut out = Vec::new();
    for id in guide.node_ids() {
        match &guide.node(id).kind {
            NodeKind::Choice { options } => {
                // Options with the same target share one edge, their values joined.
                let mut grouped: Vec<(NodeId, Vec<&str>)> = Vec::new();
                for o in options {
                    let Some(next) = o.next else { continue };
                    match grouped.iter_mut().find(|(n, _)| *n == next) {
                        Some((_, vals)) => vals.push(&o.value),
                        None => grouped.push((next, vec![&o.value])),
                    }
                }
                for (to, vals) in grouped {
                    out.push(Edge { from: id, to, label: Some(vals.join(" | ")) });
                }
            }
            NodeKind::Branch { rules } => {
                for r in rules {
                    let label = r.when.as_ref().map_or_else(|| "otherwise".to_string(), |w| w.source().to_string());
                    out.push(Edge { from: id, to: r.next, label: Some(label) });
                }
            }
            NodeKind::Info { next }
            | NodeKind::Multi { next, .. }
            | NodeKind::Number { next, .. }
            | NodeKind::Text { next, .. }
            | NodeKind::Compare { next, .. } => out.push(Edge { from: id, to: *next, label: None }),
            NodeKind::End => {}
        }
    }
    out
}

fn reached(guide: &Guide) -> Vec<bool> {
    let succ: Vec<Vec<usize>> =
        guide.nodes.iter().map(|n| n.successors().into_iter().map(|s| s.0 as usize).collect()).collect();
    reachable(&succ, guide.start.0 as usize)
}

/// The label lines of a node: its id, its title when it says more, its var, and a warning.
fn node_lines(node: &Node, unreachable: bool) -> Vec<String> {
    let mut lines = vec![node.key.clone()];
    if node.title != node.key {
        lines.push(as_read(&node.title));
    }
    if let Some(q) = &node.question {
        lines.push(format!("{} ({})", q.var, node.type_name()));
    }
    if unreachable {
        lines.push("unreachable".to_string());
    }
    lines
}

/// A title as people read it: `{{` and `}}` are the braces they stand for, and a slot stays as
/// the author wrote it (`{plan}`), since no answer fills it in a graph.
fn as_read(text: &str) -> String {
    if !text.contains(['{', '}']) {
        return text.to_string();
    }
    let Ok(template) = crate::guide::text::parse_template(text) else { return text.to_string() };
    let mut out = String::with_capacity(text.len());
    for part in &template.parts {
        match part {
            Part::Literal(l) => out.push_str(l),
            Part::Slot(slot) => {
                let open = text[..slot.span.start].rfind('{').unwrap_or(slot.span.start);
                let close = text[slot.span.end..].find('}').map_or(text.len(), |i| slot.span.end + i + 1);
                out.push_str(&text[open..close]);
            }
        }
    }
    out
}

/// Escapes text for a DOT double-quoted string; lines are joined with `\n`.
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a Mermaid quoted label: quotes and markup-like characters become entity
/// codes, newlines become `<br/>`.
pub fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot_shape(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::Info { .. } => "box",
        NodeKind::Choice { .. } => "diamond",
        NodeKind::Multi { .. } => "box3d",
        NodeKind::Number { .. } | NodeKind::Text { .. } => "parallelogram",
        NodeKind::Branch { .. } => "hexagon",
        NodeKind::Compare { .. } => "note",
        NodeKind::End => "doublecircle",
    }
}

/// The guide as a Graphviz digraph.
pub fn to_dot(guide: &Guide) -> String {
    let reach = reached(guide);
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&guide.meta.id));
    let _ = writeln!(
        out,
        "  graph [label=\"{}\", labelloc=t, fontname=\"Helvetica\"];",
        dot_escape(&as_read(&guide.meta.title))
    );
    let _ = writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11];");
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
    let _ = writeln!(out, "  \"__start\" [shape=point, label=\"\"];");
    let _ = writeln!(out, "  \"__start\" -> \"{}\";", dot_escape(&guide.node(guide.start).key));
    for id in guide.node_ids() {
        let node = guide.node(id);
        let unreachable = !reach[id.0 as usize];
        let label = node_lines(node, unreachable).iter().map(|l| dot_escape(l)).collect::<Vec<_>>().join("\\n");
        let mut attrs = format!("shape={}, label=\"{label}\"", dot_shape(node));
        if matches!(node.kind, NodeKind::End) {
            attrs.push_str(", style=bold");
        }
        if matches!(node.kind, NodeKind::Branch { .. }) {
            attrs.push_str(", style=filled, fillcolor=\"#eeeeee\"");
        }
        if unreachable {
            attrs.push_str(", style=dashed, color=red, fontcolor=red");
        }
        let _ = writeln!(out, "  \"{}\" [{attrs}];", dot_escape(&node.key));
    }
    for e in edges(guide) {
        let from = dot_escape(&guide.node(e.from).key);
        let to = dot_escape(&guide.node(e.to).key);
        match e.label {
            Some(l) => {
                let _ = writeln!(out, "  \"{from}\" -> \"{to}\" [label=\"{}\"];", dot_escape(&l));
            }
            None => {
                let _ = writeln!(out, "  \"{from}\" -> \"{to}\";");
            }
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid_node(node: &Node, index: usize, label: &str) -> String {
    let id = format!("n{index}");
    match node.kind {
        NodeKind::Info { .. } => format!("{id}[\"{label}\"]"),
        NodeKind::Choice { .. } => format!("{id}{{\"{label}\"}}"),
        NodeKind::Multi { .. } => format!("{id}[/\"{label}\"/]"),
        NodeKind::Number { .. } | NodeKind::Text { .. } => format!("{id}(\"{label}\")"),
        NodeKind::Branch { .. } => format!("{id}{{{{\"{label}\"}}}}"),
        NodeKind::Compare { .. } => format!("{id}[[\"{label}\"]]"),
        NodeKind::End => format!("{id}([\"{label}\"])"),
    }
}

/// The guide as a Mermaid flowchart. Node ids are `n0`, `n1`… (guide ids may contain `-`,
/// which Mermaid reads as part of an arrow); each node's label starts with its guide id.
pub fn to_mermaid(guide: &Guide) -> String {
    let reach = reached(guide);
    let mut out = String::new();
    // The title sits in YAML front matter, where only `\` and `"` need escaping.
    let title: String = as_read(&guide.meta.title).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let _ = writeln!(out, "---\ntitle: \"{}\"\n---", title.replace('\\', "\\\\").replace('"', "\\\""));
    let _ = writeln!(out, "flowchart TD");
    let _ = writeln!(out, "  start(( )) --> n{}", guide.start.0);
    for id in guide.node_ids() {
        let node = guide.node(id);
        let unreachable = !reach[id.0 as usize];
        let label = node_lines(node, unreachable).iter().map(|l| mermaid_escape(l)).collect::<Vec<_>>().join("<br/>");
        let _ = writeln!(out, "  {}", mermaid_node(node, id.0 as usize, &label));
    }
    for e in edges(guide) {
        match e.label {
            Some(l) => {
                let _ = writeln!(out, "  n{} -->|\"{}\"| n{}", e.from.0, mermaid_escape(&l), e.to.0);
            }
            None => {
                let _ = writeln!(out, "  n{} --> n{}", e.from.0, e.to.0);
            }
        }
    }
    let ends: Vec<String> = guide
        .node_ids()
        .filter(|id| matches!(guide.node(*id).kind, NodeKind::End))
        .map(|id| format!("n{}", id.0))
        .collect();
    let unreachable: Vec<String> =
        guide.node_ids().filter(|id| !reach[id.0 as usize]).map(|id| format!("n{}", id.0)).collect();
    let _ = writeln!(out, "  classDef endNode stroke-width:3px;");
    let _ = writeln!(out, "  classDef unreachable stroke:#d00,stroke-dasharray:5 5,color:#d00;");
    if !ends.is_empty() {
        let _ = writeln!(out, "  class {} endNode;", ends.join(","));
    }
    if !unreachable.is_empty() {
        let _ = writeln!(out, "  class {} unreachable;", unreachable.join(","));
    }
    out
}

/// The guide drawn in `format`.
pub fn render(guide: &Guide, format: Format) -> String {
    match format {
        Format::Dot => to_dot(guide),
        Format::Mermaid => to_mermaid(guide),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(dot_escape("say \"hi\"\\ [x]\nnext"), "say \\\"hi\\\"\\\\ [x]\\nnext");
    }

    #[test]
    fn mermaid_escapes_quotes_pipes_and_newlines() {
        assert_eq!(mermaid_escape("a \"b\" | <c> #1\nd"), "a #quot;b#quot; #124; #lt;c#gt; #35;1<br/>d");
    }
}
