//! One plain struct per TOML table, mirroring the file as written: every value keeps its span,
//! and whatever could not be read is simply absent (its problem is already a diagnostic).

use foldhash::HashSet;
use std::ops::Range;

use super::{Date, Sp};
use crate::guide::source::FileId;
use crate::guide::value::Value;

/// One whole file, as read.
#[derive(Debug, Clone, Default)]
pub struct RawFile {
    /// Which file.
    pub file: FileId,
    /// Keys that were written but could not be read (a wrong type), each with the start of the
    /// span the checks use for its table, so they are not also reported as missing.
    pub unreadable: HashSet<(usize, String)>,
    /// `format = 1`.
    pub format: Option<Sp<i64>>,
    /// `[guide]`; only the main file has one.
    pub guide: Option<RawMeta>,
    /// Top-level `include` (in included files) or `[guide] include` (in the main file).
    pub include: Vec<Sp<String>>,
    /// `[sections.*]` in file order.
    pub sections: Vec<RawSection>,
    /// `[nodes.*]` in file order.
    pub nodes: Vec<RawNode>,
    /// `[values]` in file order.
    pub values: Vec<(Sp<String>, Sp<String>)>,
    /// `[checklist.*]` in file order.
    pub checklist: Vec<RawItem>,
    /// `[resources.*]` in file order.
    pub resources: Vec<RawResource>,
    /// `[glossary]` in file order.
    pub glossary: Vec<(Sp<String>, Sp<String>)>,
    /// `[[tests]]`.
    pub tests: Vec<RawTest>,
}

impl RawFile {
    /// The nodes, checklist items and resources it holds, which [`crate::guide::check::MAX_ENTRIES`]
    /// limits.
    pub fn entries(&self) -> usize {
        self.nodes.len() + self.checklist.len() + self.resources.len()
    }
}

/// `[guide]`.
#[derive(Debug, Clone, Default)]
pub struct RawMeta {
    /// Where `[guide]` is.
    pub span: Range<usize>,
    /// `id`
    pub id: Option<Sp<String>>,
    /// `title`
    pub title: Option<Sp<String>>,
    /// `summary`
    pub summary: Option<Sp<String>>,
    /// `language`
    pub language: Option<Sp<String>>,
    /// `version`
    pub version: Option<Sp<String>>,
    /// `reviewed`
    pub reviewed: Option<Sp<Date>>,
    /// `start`
    pub start: Option<Sp<String>>,
    /// `disclaimer`
    pub disclaimer: Option<Sp<String>>,
    /// `banner`
    pub banner: Option<Sp<String>>,
    /// `target_grade`
    pub target_grade: Option<Sp<f64>>,
    /// `author`
    pub author: Option<Sp<String>>,
    /// `funding`
    pub funding: Option<Sp<String>>,
    /// `conflicts`
    pub conflicts: Option<Sp<String>>,
    /// `updates`
    pub updates: Option<Sp<String>>,
    /// `contact`
    pub contact: Option<Sp<String>>,
    /// `[[guide.sources]]`
    pub sources: Vec<RawSource>,
}

/// `[[guide.sources]]`.
#[derive(Debug, Clone)]
pub struct RawSource {
    /// The source's table.
    pub span: Range<usize>,
    /// `id`
    pub id: Option<Sp<String>>,
    /// `title`
    pub title: Option<Sp<String>>,
    /// `url`
    pub url: Option<Sp<String>>,
    /// `date`
    pub date: Option<Sp<Date>>,
    /// `kind`
    pub kind: Option<Sp<String>>,
}

/// `[sections.ID]`.
#[derive(Debug, Clone)]
pub struct RawSection {
    /// The table's key.
    pub id: Sp<String>,
    /// `title`
    pub title: Option<Sp<String>>,
}

/// `[nodes.ID]`, with the keys of every node type (the type decides which may be set).
#[derive(Debug, Clone)]
pub struct RawNode {
    /// The table's key.
    pub id: Sp<String>,
    /// `type`
    pub kind: Option<Sp<String>>,
    /// `title`
    pub title: Option<Sp<String>>,
    /// `text`
    pub text: Option<Sp<String>>,
    /// `var`
    pub var: Option<Sp<String>>,
    /// `next`
    pub next: Option<Sp<String>>,
    /// `options`
    pub options: Vec<RawOption>,
    /// Where `options` is, when given.
    pub options_span: Option<Range<usize>>,
    /// `min`
    pub min: Option<Sp<f64>>,
    /// `max`
    pub max: Option<Sp<f64>>,
    /// `min` of a date question, as written (`2026-01-01`, `today-180d`).
    pub date_min: Option<Sp<String>>,
    /// `max` of a date question.
    pub date_max: Option<Sp<String>>,
    /// `default`
    pub default: Option<Sp<Value>>,
    /// `unit` written as one string.
    pub unit: Option<Sp<String>>,
    /// `unit = { one = "…", other = "…" }`: the unit after exactly one, and after any other count.
    pub unit_forms: Option<(Sp<String>, Sp<String>)>,
    /// `whole`
    pub whole: Option<Sp<bool>>,
    /// `placeholder`
    pub placeholder: Option<Sp<String>>,
    /// `optional`
    pub optional: Option<Sp<bool>>,
    /// `private`
    pub private: Option<Sp<bool>>,
    /// `was`: vars this question answers under an earlier name.
    pub was: Vec<Sp<String>>,
    /// `max_len`
    pub max_len: Option<Sp<f64>>,
    /// `rules`
    pub rules: Vec<RawRule>,
    /// Where `rules` is, when given.
    pub rules_span: Option<Range<usize>>,
    /// `columns`
    pub columns: Vec<Sp<String>>,
    /// `rows`
    pub rows: Vec<RawRow>,
    /// `sources`
    pub sources: Vec<Sp<String>>,
}

/// One option of a choice or multi node.
#[derive(Debug, Clone)]
pub struct RawOption {
    /// The option's table.
    pub span: Range<usize>,
    /// `value`
    pub value: Option<Sp<String>>,
    /// `label`
    pub label: Option<Sp<String>>,
    /// `help`
    pub help: Option<Sp<String>>,
    /// `next`
    pub next: Option<Sp<String>>,
    /// `sources`
    pub sources: Vec<Sp<String>>,
    /// `was`: values this option had in earlier versions of the guide.
    pub was: Vec<Sp<String>>,
}

/// One rule of a branch node.
#[derive(Debug, Clone)]
pub struct RawRule {
    /// The rule's table.
    pub span: Range<usize>,
    /// `when`
    pub when: Option<Sp<String>>,
    /// `next`
    pub next: Option<Sp<String>>,
    /// `why`
    pub why: Option<Sp<String>>,
}

/// One row of a compare node.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// The row's table.
    pub span: Range<usize>,
    /// `label`
    pub label: Option<Sp<String>>,
    /// `cells`
    pub cells: Vec<RawCell>,
    /// `when`
    pub when: Option<Sp<String>>,
    /// `highlight`
    pub highlight: Option<Sp<String>>,
    /// `sources`
    pub sources: Vec<Sp<String>>,
}

/// One cell of a compare row: a string, or a table with `text` and the keys below.
#[derive(Debug, Clone)]
pub struct RawCell {
    /// The cell as written (the string, or its table).
    pub span: Range<usize>,
    /// The string, or the table's `text`.
    pub text: Option<Sp<String>>,
    /// `when`
    pub when: Option<Sp<String>>,
    /// `highlight`
    pub highlight: Option<Sp<String>>,
    /// `sources`
    pub sources: Vec<Sp<String>>,
}

/// `[checklist.ID]`.
#[derive(Debug, Clone)]
pub struct RawItem {
    /// The table's key.
    pub id: Sp<String>,
    /// `section`
    pub section: Option<Sp<String>>,
    /// `text`
    pub text: Option<Sp<String>>,
    /// `details`
    pub details: Option<Sp<String>>,
    /// `when`
    pub when: Option<Sp<String>>,
    /// `resources`
    pub resources: Vec<Sp<String>>,
    /// `sources`
    pub sources: Vec<Sp<String>>,
}

/// `[resources.ID]`.
#[derive(Debug, Clone)]
pub struct RawResource {
    /// The table's key.
    pub id: Sp<String>,
    /// `title`
    pub title: Option<Sp<String>>,
    /// `url`
    pub url: Option<Sp<String>>,
    /// `phone`
    pub phone: Option<Sp<String>>,
    /// `text`
    pub text: Option<Sp<String>>,
}

/// `[[tests]]`.
#[derive(Debug, Clone)]
pub struct RawTest {
    /// The scenario's table.
    pub span: Range<usize>,
    /// `name`
    pub name: Option<Sp<String>>,
    /// `answers`
    pub answers: Vec<(Sp<String>, Sp<Value>)>,
    /// `expect`
    pub expect: Vec<Sp<String>>,
    /// `reject`
    pub reject: Vec<Sp<String>>,
    /// `path`
    pub path: Option<Vec<Sp<String>>>,
    /// `ends`
    pub ends: Option<Sp<String>>,
    /// `today`: the date the scenario takes as today.
    pub today: Option<Sp<Date>>,
}
