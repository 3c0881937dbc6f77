//! The keys each table of format 1 allows, and its node types: the reader refuses any other key,
//! and the language server offers these as completions.

/// Keys every node may have, and those each type adds.
pub const NODE_COMMON_KEYS: &[&str] = &["type", "title", "text", "sources"];

/// The node types of format 1.
pub const NODE_TYPES: &[&str] = &["info", "choice", "multi", "number", "text", "branch", "compare", "end"];

/// Keys a node of this type may have beyond [`NODE_COMMON_KEYS`].
pub fn node_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "info" => &["next"],
        "choice" => &["var", "next", "options", "default", "optional", "private", "was"],
        "multi" => &["var", "next", "options", "min", "max", "default", "optional", "private", "was"],
        "number" => {
            &["var", "next", "min", "max", "default", "unit", "placeholder", "optional", "private", "was", "whole"]
        }
        "text" => &["var", "next", "placeholder", "optional", "max_len", "default", "private", "was"],
        "branch" => &["rules"],
        "compare" => &["next", "columns", "rows"],
        _ => &[],
    }
}

/// The tables and keys at the top of a guide file.
pub const TOP_KEYS: &[&str] =
    &["format", "guide", "include", "sections", "nodes", "values", "checklist", "resources", "glossary", "tests"];
/// The keys of `[guide]`.
pub const GUIDE_KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "language",
    "version",
    "reviewed",
    "start",
    "disclaimer",
    "banner",
    "include",
    "sources",
    "target_grade",
    "author",
    "funding",
    "conflicts",
    "updates",
    "contact",
];

/// The keys of a `[[guide.sources]]` entry.
pub const SOURCE_KEYS: &[&str] = &["id", "title", "url", "date", "kind"];

/// The keys of a compare cell written as a table.
pub const CELL_KEYS: &[&str] = &["text", "when", "highlight", "sources"];
/// The keys of a `[sections.ID]` table.
pub const SECTION_KEYS: &[&str] = &["title"];
/// The keys of a `[checklist.ID]` item.
pub const ITEM_KEYS: &[&str] = &["section", "text", "details", "when", "resources", "sources"];
/// The keys of a `[resources.ID]` table.
pub const RESOURCE_KEYS: &[&str] = &["title", "url", "phone", "text"];
/// The keys of a choice or multi option.
pub const OPTION_KEYS: &[&str] = &["value", "label", "help", "next", "sources", "was"];
/// The keys of a branch rule.
pub const RULE_KEYS: &[&str] = &["when", "next", "why"];
/// The keys of a compare row.
pub const ROW_KEYS: &[&str] = &["label", "cells", "when", "highlight", "sources"];
/// The keys of a `[[tests]]` scenario.
pub const TEST_KEYS: &[&str] = &["name", "answers", "expect", "reject", "path", "ends"];
