//! The node types, declared once.
//!
//! Each row says what a type is called in a file, which keys it takes, what its answer is in
//! conditions, how an author is told about it (completion, `explain`, the schema) and how maps
//! draw it. The loader, the checker, the language server, the diagram output and a test of the
//! JSON Schema read this table; how a typed answer is read and shown lives in
//! [`super::entry`], and the checked settings in [`super::model::NodeKind`].

use super::condition::Type;
use super::model::NodeKind;

/// One node type.
#[derive(Debug)]
pub struct NodeType {
    /// As written after `type =`.
    pub name: &'static str,
    /// A few words for completion and hover.
    pub summary: &'static str,
    /// Keys it takes beyond [`COMMON_KEYS`].
    pub keys: &'static [&'static str],
    /// The type of its answer in conditions; `None` for nodes nobody answers.
    pub answer: Option<Type>,
    /// Graphviz shape.
    pub dot_shape: &'static str,
    /// Mermaid brackets around the label.
    pub mermaid: (&'static str, &'static str),
}

/// Keys every node may have.
pub const COMMON_KEYS: &[&str] = &["type", "title", "text", "sources"];

/// Every node type, in the order docs and completion list them.
pub const NODE_TYPES: &[NodeType] = &[
    NodeType {
        name: "info",
        summary: "a page to read",
        keys: &["next"],
        answer: None,
        dot_shape: "box",
        mermaid: ("[\"", "\"]"),
    },
    NodeType {
        name: "choice",
        summary: "pick exactly one option",
        keys: &["var", "next", "options", "default", "optional", "private", "was"],
        answer: Some(Type::Text),
        dot_shape: "diamond",
        mermaid: ("{\"", "\"}"),
    },
    NodeType {
        name: "multi",
        summary: "pick any number of options",
        keys: &["var", "next", "options", "min", "max", "default", "optional", "private", "was"],
        answer: Some(Type::List),
        dot_shape: "box3d",
        mermaid: ("[/\"", "\"/]"),
    },
    NodeType {
        name: "number",
        summary: "a number",
        keys: &["var", "next", "min", "max", "default", "unit", "placeholder", "optional", "private", "was", "whole"],
        answer: Some(Type::Number),
        dot_shape: "parallelogram",
        mermaid: ("(\"", "\")"),
    },
    NodeType {
        name: "text",
        summary: "free text",
        keys: &["var", "next", "placeholder", "optional", "max_len", "default", "private", "was"],
        answer: Some(Type::Text),
        dot_shape: "parallelogram",
        mermaid: ("(\"", "\")"),
    },
    NodeType {
        name: "date",
        summary: "a date, shown back spelled out",
        keys: &["var", "next", "min", "max", "default", "placeholder", "optional", "private", "was"],
        answer: Some(Type::Date),
        dot_shape: "parallelogram",
        mermaid: ("(\"", "\")"),
    },
    NodeType {
        name: "branch",
        summary: "invisible: the first rule that holds decides",
        keys: &["rules"],
        answer: None,
        dot_shape: "hexagon",
        mermaid: ("{{\"", "\"}}"),
    },
    NodeType {
        name: "compare",
        summary: "a grid of options side by side",
        keys: &["next", "columns", "rows"],
        answer: None,
        dot_shape: "note",
        mermaid: ("[[\"", "\"]]"),
    },
    NodeType {
        name: "end",
        summary: "the end: the checklist",
        keys: &[],
        answer: None,
        dot_shape: "doublecircle",
        mermaid: ("([\"", "\"])"),
    },
];

/// The row for a type name, if it is one.
pub fn by_name(name: &str) -> Option<&'static NodeType> {
    NODE_TYPES.iter().find(|t| t.name == name)
}

/// Every type name, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    NODE_TYPES.iter().map(|t| t.name)
}

impl NodeKind {
    /// This kind's row in [`NODE_TYPES`].
    pub fn node_type(&self) -> &'static NodeType {
        let name = match self {
            NodeKind::Info { .. } => "info",
            NodeKind::Choice { .. } => "choice",
            NodeKind::Multi { .. } => "multi",
            NodeKind::Number { .. } => "number",
            NodeKind::Date { .. } => "date",
            NodeKind::Text { .. } => "text",
            NodeKind::Branch { .. } => "branch",
            NodeKind::Compare { .. } => "compare",
            NodeKind::End => "end",
        };
        by_name(name).unwrap_or(&NODE_TYPES[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys every question (a node with an answer) takes.
    const QUESTION: [&str; 6] = ["var", "next", "default", "optional", "private", "was"];

    #[test]
    fn every_question_type_takes_the_question_keys() {
        for t in NODE_TYPES.iter().filter(|t| t.answer.is_some()) {
            for key in QUESTION {
                assert!(t.keys.contains(&key), "{} lacks {key}", t.name);
            }
        }
        for t in NODE_TYPES.iter().filter(|t| t.answer.is_none()) {
            assert!(!t.keys.contains(&"var"), "{} has no answer, so no var", t.name);
        }
    }

    /// The JSON Schema editors use is written by hand; this keeps its node types and their keys
    /// the same as the table's, so neither can drift without a failing test.
    #[test]
    fn the_schema_has_every_node_type_with_exactly_its_keys() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../authoring/schema.json")).expect("the schema is JSON");
        let defs = &schema["$defs"];
        let listed: Vec<&str> = defs["node"]["properties"]["type"]["enum"]
            .as_array()
            .expect("node types are listed")
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        assert_eq!(listed, names().collect::<Vec<_>>(), "the schema lists other node types, or in another order");
        for branch in defs["node"]["allOf"].as_array().expect("one branch per type") {
            let name = branch["if"]["properties"]["type"]["const"].as_str().expect("a type name");
            let target = branch["then"]["$ref"].as_str().expect("a reference").trim_start_matches("#/$defs/");
            let mut in_schema: Vec<&str> = defs[target]["properties"]
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let row = by_name(name);
            assert!(row.is_some(), "the schema has a type {name} the table lacks");
            let Some(row) = row else { continue };
            let mut in_table: Vec<&str> = COMMON_KEYS.iter().chain(row.keys).copied().collect();
            in_schema.sort_unstable();
            in_table.sort_unstable();
            assert_eq!(in_schema, in_table, "the keys of {name} nodes differ between the schema and the table");
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = names().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NODE_TYPES.len());
    }
}
