//! The file as written: plain structs that mirror the TOML, every value with its span.
//!
//! Reading never stops at the first problem. Unknown keys, missing keys and wrong types are all
//! collected as diagnostics, and whatever could be read is kept, so the checks that follow can
//! report the rest of the file's problems in the same run.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Code, Diagnostic};
use super::source::FileId;
use super::suggest::closest;
use super::value::Value;

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub v: T,
    /// Its bytes in the file (for strings, including the quotes).
    pub span: Range<usize>,
    /// The file.
    pub file: FileId,
}

impl<T> Sp<T> {
    /// Wraps a value with its place.
    pub fn new(v: T, span: Range<usize>, file: FileId) -> Self {
        Self { v, span, file }
    }
}

/// A calendar date (from a TOML local date).
pub use crate::date::Date;

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

/// Keys every node may have, and those each type adds.
pub use super::node_type::COMMON_KEYS as NODE_COMMON_KEYS;

/// Keys a node of this type may have beyond [`NODE_COMMON_KEYS`].
pub fn node_keys(kind: &str) -> &'static [&'static str] {
    super::node_type::by_name(kind).map_or(&[], |t| t.keys)
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
/// The keys of a table-form compare cell.
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
pub const TEST_KEYS: &[&str] = &["name", "answers", "expect", "reject", "path", "ends", "today"];

/// What a message is about ("node `welcome`"). Readers and checks name their subject this way so
/// the words are only put together when there is a problem to report: a guide without problems
/// never pays for them.
pub(crate) trait Describe {
    /// The words, e.g. "the title of node `welcome`".
    fn describe(&self) -> String;
}

impl Describe for &str {
    fn describe(&self) -> String {
        (*self).to_string()
    }
}

impl Describe for &String {
    fn describe(&self) -> String {
        (*self).clone()
    }
}

impl<F: Fn() -> String> Describe for F {
    fn describe(&self) -> String {
        self()
    }
}

/// Reads TOML tables into raw structs, collecting diagnostics.
struct Reader<'d> {
    file: FileId,
    diags: &'d mut Vec<Diagnostic>,
    /// Where the table being read is, as the checks will name it (see [`RawFile::unreadable`]).
    anchor: usize,
    /// Keys written with a value that could not be read, by anchor.
    unreadable: HashSet<(usize, String)>,
}

/// Tables found in an array, with their spans, and where the array is.
type TableList<'a, 'i> = (Vec<(&'a DeTable<'i>, Range<usize>)>, Option<Range<usize>>);

type Entry<'a, 'i> = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

/// Entries of a table in the order they were written (the parser's map is sorted by key).
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// How to write a value of the expected type, given what was written instead.
fn type_fix(key: &str, found: &DeValue<'_>, expected: &str) -> String {
    match (found, expected) {
        (DeValue::String(s), "true or false") => {
            let b = if matches!(s.trim().to_ascii_lowercase().as_str(), "no" | "false" | "n" | "0") {
                "false"
            } else {
                "true"
            };
            format!("write `{key} = {b}`, without quotes")
        }
        (DeValue::String(s), "a number") => match s.trim().replace([',', '_', '$'], "").parse::<f64>() {
            Ok(n) if n.is_finite() => format!("write `{key} = {}`, without quotes", s.trim().replace([',', '$'], "")),
            _ => format!("write a number without quotes, e.g. `{key} = 6`"),
        },
        (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_), "a string") => {
            format!("put the value in double quotes, e.g. `{key} = \"…\"`")
        }
        (_, "a list of strings") => format!("write a list in brackets, e.g. `{key} = [\"a\", \"b\"]`"),
        (_, "a table") => format!("write it as a table, e.g. [{key}] on a line of its own"),
        _ => format!("see docs/guide-format.md for what `{key}` holds"),
    }
}

fn integer(v: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(&v.as_str().replace('_', ""), v.radix()).ok()
}

/// Largest number a guide or an answer may hold: far beyond any amount of money or count a
/// person deals with, and small enough that sums and comparisons stay exact to the unit.
pub const MAX_NUMBER: f64 = 1e15;

fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => integer(i).map(|i| i as f64).filter(|n| n.abs() <= MAX_NUMBER),
        DeValue::Float(f) => {
            f.as_str().replace('_', "").parse::<f64>().ok().filter(|f| f.is_finite() && f.abs() <= MAX_NUMBER)
        }
        _ => None,
    }
}

/// Why a TOML number cannot be used (`nan`, `inf`, or out of range); `None` for any other value.
fn unusable_number(v: &DeValue<'_>) -> Option<String> {
    let text = match v {
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        _ => return None,
    };
    if number(v).is_some() {
        return None;
    }
    let bare = text.trim_start_matches(['+', '-']);
    Some(if bare == "nan" {
        "`nan` (not a number) cannot be compared or added up".to_string()
    } else if bare == "inf" {
        format!("`{text}` (infinity) is not an amount anything can have")
    } else {
        format!("`{text}` is beyond any sensible range (at most ±1,000,000,000,000,000)")
    })
}

impl Reader<'_> {
    fn diag(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn unknown_keys(
        &mut self,
        table: &DeTable<'_>,
        allowed: &[&str],
        what: impl Describe + Copy,
        other: &dyn Fn(&str) -> Option<String>,
    ) {
        // Any order will do: diagnostics are sorted by place before they are shown.
        for (k, _) in table {
            let key: &str = k.get_ref();
            if allowed.contains(&key) {
                continue;
            }
            // A key that exists elsewhere in the format is a key in the wrong place, which is more
            // useful to hear than the nearest spelling of a key that belongs here.
            let elsewhere = other(key);
            let label = if elsewhere.is_some() { "not allowed here" } else { "not a key of the format" };
            let help = if let Some(o) = elsewhere {
                o
            } else if let Some(s) = closest(key, allowed.iter().copied()) {
                format!("did you mean `{s}`?")
            } else {
                format!(
                    "the keys of {} are: {}",
                    what.describe(),
                    allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                )
            };
            let d = Diagnostic::new(
                Code::UnknownKey,
                self.file,
                k.span(),
                format!("unknown key `{key}` in {}", what.describe()),
            )
            .label(label)
            .help(help);
            self.diag(d);
        }
    }

    fn wrong_type(&mut self, key: &str, v: &Spanned<DeValue<'_>>, expected: &str, what: impl Describe + Copy) {
        self.unreadable.insert((self.anchor, key.to_string()));
        if let Some(why) = unusable_number(v.get_ref()) {
            let d =
                Diagnostic::new(Code::WrongType, self.file, v.span(), format!("`{key}` in {}: {why}", what.describe()))
                    .label("not a usable number")
                    .help("write an ordinary number, such as 0, 12 or 99.5");
            self.diag(d);
            return;
        }
        let d = Diagnostic::new(
            Code::WrongType,
            self.file,
            v.span(),
            format!("`{key}` in {} must be {expected}, not {}", what.describe(), type_name(v.get_ref())),
        )
        .label(format!("expected {expected}"))
        .help(type_fix(key, v.get_ref(), expected));
        self.diag(d);
    }

    fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        table.get(key)
    }

    fn string(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<String>> {
        let v = Self::get(table, key)?;
        if let DeValue::String(s) = v.get_ref() {
            Some(Sp::new(s.to_string(), v.span(), self.file))
        } else {
            self.wrong_type(key, v, "a string", what);
            None
        }
    }

    fn number(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<f64>> {
        let v = Self::get(table, key)?;
        if let Some(n) = number(v.get_ref()) {
            Some(Sp::new(n, v.span(), self.file))
        } else {
            self.wrong_type(key, v, "a number", what);
            None
        }
    }

    /// A date question's `min` or `max`: a TOML date, or text such as `"today-180d"`, kept as
    /// written for the checker to read.
    fn date_bound(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<String>> {
        let v = Self::get(table, key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() => Some(Sp::new(dt.to_string(), v.span(), self.file)),
            DeValue::String(s) => Some(Sp::new(s.to_string(), v.span(), self.file)),
            _ => {
                self.wrong_type(key, v, "a date like 2026-01-01, or \"today\" or \"today-180d\"", what);
                None
            }
        }
    }

    /// `unit = { one = "infusion", other = "infusions" }`; a plain string is read by
    /// [`Reader::string`]. Both forms are required in the table.
    fn unit_forms(
        &mut self,
        table: &DeTable<'_>,
        id: &str,
        what: impl Describe + Copy,
    ) -> Option<(Sp<String>, Sp<String>)> {
        let v = Self::get(table, "unit")?;
        let DeValue::Table(t) = v.get_ref() else { return None };
        let whose = || format!("the unit of `{id}`");
        self.unknown_keys(t, &["one", "other"], whose, &|_| None);
        let one = self.string(t, "one", whose);
        let other = self.string(t, "other", whose);
        match (one, other) {
            (Some(one), Some(other)) => Some((one, other)),
            (one, _) => {
                let missing = if one.is_none() { "one" } else { "other" };
                let d = Diagnostic::new(
                    Code::MissingKey,
                    self.file,
                    v.span(),
                    format!("the unit of {} needs `{missing}`", what.describe()),
                )
                .label(format!("no `{missing}` here"))
                .help("write both forms, like unit = { one = \"infusion\", other = \"infusions\" }");
                self.diag(d);
                None
            }
        }
    }

    fn boolean(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<bool>> {
        let v = Self::get(table, key)?;
        if let DeValue::Boolean(b) = v.get_ref() {
            Some(Sp::new(*b, v.span(), self.file))
        } else {
            self.wrong_type(key, v, "true or false", what);
            None
        }
    }

    fn date(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<Date>> {
        let v = Self::get(table, key)?;
        if let DeValue::Datetime(dt) = v.get_ref()
            && let (Some(d), None) = (dt.date, dt.time)
        {
            return Some(Sp::new(Date { year: d.year, month: d.month, day: d.day }, v.span(), self.file));
        }
        self.unreadable.insert((self.anchor, key.to_string()));
        let d = Diagnostic::new(
            Code::WrongType,
            self.file,
            v.span(),
            format!("`{key}` in {} must be a date", what.describe()),
        )
        .label("expected a date")
        .help("write a bare TOML date without quotes, like 2026-11-27");
        self.diag(d);
        None
    }

    fn strings(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Vec<Sp<String>> {
        let Some(v) = Self::get(table, key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "a list of strings", what);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp::new(s.to_string(), item.span(), self.file)),
                _ => self.wrong_type(key, item, "a string", what),
            }
        }
        out
    }

    /// A compare row's `cells`: each a string, or a table `{ text = "…", when = "…", … }`.
    fn cells(&mut self, row: &DeTable<'_>, what: impl Describe + Copy) -> Vec<RawCell> {
        let Some(v) = Self::get(row, "cells") else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type("cells", v, "a list of strings", what);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(RawCell {
                    span: item.span(),
                    text: Some(Sp::new(s.to_string(), item.span(), self.file)),
                    when: None,
                    highlight: None,
                    sources: Vec::new(),
                }),
                DeValue::Table(t) => {
                    let anchor = std::mem::replace(&mut self.anchor, item.span().start);
                    self.unknown_keys(t, CELL_KEYS, "a compare cell", &|_| None);
                    out.push(RawCell {
                        span: item.span(),
                        text: self.string(t, "text", "a compare cell"),
                        when: self.string(t, "when", "a compare cell"),
                        highlight: self.string(t, "highlight", "a compare cell"),
                        sources: self.strings(t, "sources", "a compare cell"),
                    });
                    self.anchor = anchor;
                }
                _ => self.wrong_type("cells", item, "a string or a table like { text = \"…\", when = \"…\" }", what),
            }
        }
        out
    }

    fn value(&mut self, v: &Spanned<DeValue<'_>>, key: &str, what: impl Describe + Copy) -> Option<Sp<Value>> {
        let value = match v.get_ref() {
            DeValue::String(s) => Value::Text(s.to_string()),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                if let Some(d) = dt.date.and_then(|d| Date::new(d.year, d.month, d.day)) {
                    Value::Date(d)
                } else {
                    self.wrong_type(key, v, "a date like 2026-10-01", what);
                    return None;
                }
            }
            DeValue::Array(items) => {
                let mut list = Vec::new();
                for item in items {
                    if let DeValue::String(s) = item.get_ref() {
                        list.push(s.to_string());
                    } else {
                        self.wrong_type(key, item, "a string", what);
                        return None;
                    }
                }
                Value::List(list)
            }
            other => {
                if let Some(n) = number(other) {
                    Value::Number(n)
                } else {
                    self.wrong_type(key, v, "a string, number, true/false or list of strings", what);
                    return None;
                }
            }
        };
        Some(Sp::new(value, v.span(), self.file))
    }

    /// Entries of a sub-table like `[nodes]`, each of which must itself be a table.
    fn tables<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Vec<(Sp<String>, &'a DeTable<'i>, Range<usize>)> {
        let Some(v) = Self::get(table, key) else { return Vec::new() };
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(key, v, "a table", "the guide");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in in_file_order(t) {
            if let DeValue::Table(inner) = v.get_ref() {
                out.push((Sp::new(k.get_ref().to_string(), k.span(), self.file), inner, v.span()));
            } else {
                let d = Diagnostic::new(
                    Code::WrongType,
                    self.file,
                    v.span(),
                    format!("`{key}.{}` must be a table", k.get_ref()),
                )
                .label("expected a table")
                .help(format!("write it as a section: [{key}.{}]", k.get_ref()));
                self.diag(d);
            }
        }
        out
    }

    /// An array of tables, like `options` or `[[tests]]`.
    fn table_list<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        key: &str,
        what: impl Describe + Copy,
    ) -> TableList<'a, 'i> {
        let Some(v) = Self::get(table, key) else { return (Vec::new(), None) };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "a list of tables", what);
            return (Vec::new(), Some(v.span()));
        };
        let mut out = Vec::new();
        for item in items {
            if let DeValue::Table(t) = item.get_ref() {
                out.push((t, item.span()));
            } else {
                self.wrong_type(key, item, "a table like { value = \"...\", label = \"...\" }", what);
            }
        }
        (out, Some(v.span()))
    }

    fn string_map(&mut self, table: &DeTable<'_>, key: &str) -> Vec<(Sp<String>, Sp<String>)> {
        let Some(v) = Self::get(table, key) else { return Vec::new() };
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(key, v, "a table", "the guide");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in in_file_order(t) {
            if let DeValue::String(s) = v.get_ref() {
                out.push((
                    Sp::new(k.get_ref().to_string(), k.span(), self.file),
                    Sp::new(s.to_string(), v.span(), self.file),
                ));
            } else {
                self.wrong_type(k.get_ref(), v, "a string", &format!("[{key}]"));
            }
        }
        out
    }

    fn file(&mut self, root: &DeTable<'_>, is_main: bool) -> RawFile {
        let mut raw = RawFile { file: self.file, ..RawFile::default() };
        // The main file lists its includes in [guide]; only included files have a top-level one.
        let top_allowed: Vec<&str> =
            TOP_KEYS.iter().copied().filter(|k| if is_main { *k != "include" } else { *k != "guide" }).collect();
        self.unknown_keys(root, &top_allowed, "the guide file", &|k| {
            if !is_main && k == "guide" {
                Some("only the main guide file has a [guide] table; included files add nodes, checklist items and the like".to_string())
            } else if GUIDE_KEYS.contains(&k) {
                Some(format!("`{k}` belongs in the [guide] table"))
            } else {
                None
            }
        });
        if let Some(v) = Self::get(root, "format") {
            if let DeValue::Integer(i) = v.get_ref() {
                raw.format = integer(i).map(|n| Sp::new(n, v.span(), self.file));
            } else {
                self.unreadable.insert((0, "format".to_string()));
                let d = Diagnostic::new(Code::BadFormat, self.file, v.span(), "`format` must be the number 1")
                    .label(format!("this is {}", type_name(v.get_ref())))
                    .help("write `format = 1` without quotes");
                self.diag(d);
            }
        }
        if is_main {
            if let Some(v) = Self::get(root, "guide") {
                if let DeValue::Table(t) = v.get_ref() {
                    raw.guide = Some(self.meta(t, v.span()));
                    raw.include = self.strings(t, "include", "[guide]");
                } else {
                    self.wrong_type("guide", v, "a table", "the guide file");
                }
            }
        } else {
            raw.include = self.strings(root, "include", "the included file");
        }
        for (id, t, _) in self.tables(root, "sections") {
            self.anchor = id.span.start;
            let what = || format!("section `{}`", id.v);
            self.unknown_keys(t, SECTION_KEYS, what, &|_| None);
            let title = self.string(t, "title", what);
            raw.sections.push(RawSection { id, title });
        }
        for (id, t, _) in self.tables(root, "nodes") {
            let node = self.node(id, t);
            raw.nodes.push(node);
        }
        raw.values = self.string_map(root, "values");
        for (id, t, _) in self.tables(root, "checklist") {
            self.anchor = id.span.start;
            let what = || format!("checklist item `{}`", id.v);
            self.unknown_keys(t, ITEM_KEYS, what, &|_| None);
            raw.checklist.push(RawItem {
                section: self.string(t, "section", what),
                text: self.string(t, "text", what),
                details: self.string(t, "details", what),
                when: self.string(t, "when", what),
                resources: self.strings(t, "resources", what),
                sources: self.strings(t, "sources", what),
                id,
            });
        }
        for (id, t, _) in self.tables(root, "resources") {
            self.anchor = id.span.start;
            let what = || format!("resource `{}`", id.v);
            self.unknown_keys(t, RESOURCE_KEYS, what, &|_| None);
            raw.resources.push(RawResource {
                title: self.string(t, "title", what),
                url: self.string(t, "url", what),
                phone: self.string(t, "phone", what),
                text: self.string(t, "text", what),
                id,
            });
        }
        self.anchor = 0;
        raw.glossary = self.string_map(root, "glossary");
        let (tests, _) = self.table_list(root, "tests", "the guide file");
        for (t, span) in tests {
            raw.tests.push(self.test(t, span));
        }
        raw.unreadable = std::mem::take(&mut self.unreadable);
        raw
    }

    fn meta(&mut self, t: &DeTable<'_>, span: Range<usize>) -> RawMeta {
        let what = "[guide]";
        self.anchor = span.start;
        self.unknown_keys(t, GUIDE_KEYS, what, &|k| {
            TOP_KEYS.contains(&k).then(|| format!("`{k}` belongs at the top level, outside [guide]"))
        });
        let (sources_t, _) = self.table_list(t, "sources", what);
        let mut sources = Vec::new();
        for (s, source_span) in sources_t {
            self.anchor = source_span.start;
            self.unknown_keys(s, SOURCE_KEYS, "a source", &|_| None);
            sources.push(RawSource {
                id: self.string(s, "id", "a source"),
                title: self.string(s, "title", "a source"),
                url: self.string(s, "url", "a source"),
                date: self.date(s, "date", "a source"),
                kind: self.string(s, "kind", "a source"),
                span: source_span,
            });
        }
        self.anchor = span.start;
        RawMeta {
            span,
            id: self.string(t, "id", what),
            title: self.string(t, "title", what),
            summary: self.string(t, "summary", what),
            language: self.string(t, "language", what),
            version: self.string(t, "version", what),
            reviewed: self.date(t, "reviewed", what),
            start: self.string(t, "start", what),
            disclaimer: self.string(t, "disclaimer", what),
            banner: self.string(t, "banner", what),
            target_grade: self.number(t, "target_grade", what),
            author: self.string(t, "author", what),
            funding: self.string(t, "funding", what),
            conflicts: self.string(t, "conflicts", what),
            updates: self.string(t, "updates", what),
            contact: self.string(t, "contact", what),
            sources,
        }
    }

    fn node(&mut self, id: Sp<String>, t: &DeTable<'_>) -> RawNode {
        let what = || format!("node `{}`", id.v);
        self.anchor = id.span.start;
        let kind = self.string(t, "type", what);
        let kind_str = kind.as_ref().map_or("", |k| k.v.as_str());
        if super::node_type::by_name(kind_str).is_some() {
            let mut allowed: Vec<&str> = NODE_COMMON_KEYS.to_vec();
            allowed.extend_from_slice(node_keys(kind_str));
            let what_typed = || format!("{kind_str} node `{}`", id.v);
            self.unknown_keys(t, &allowed, what_typed, &|k| {
                let owners: Vec<&str> = super::node_type::names().filter(|ty| node_keys(ty).contains(&k)).collect();
                let owners = match owners.split_last() {
                    None => return None,
                    Some((last, [])) => (*last).to_string(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                };
                Some(format!("`{k}` is a key of {owners} nodes, not of {kind_str} nodes"))
            });
        }
        let mut options = Vec::new();
        let (opts, options_span) = self.table_list(t, "options", what);
        for (o, span) in opts {
            self.anchor = span.start;
            // `[[nodes.ID.options]]` tables run on to the next table header, so a node key written
            // under them lands in the last option.
            let node_key = |k: &str| {
                (node_keys(kind_str).contains(&k) || ["type", "title", "text"].contains(&k)).then(|| {
                    format!(
                        "keys written below [[nodes.{0}.options]] belong to that option; to set the node's `{k}`, \
                         move the line up, above the first [[nodes.{0}.options]]",
                        id.v
                    )
                })
            };
            self.unknown_keys(o, OPTION_KEYS, || format!("an option of `{}`", id.v), &node_key);
            options.push(RawOption {
                span,
                value: self.string(o, "value", what),
                label: self.string(o, "label", what),
                help: self.string(o, "help", what),
                next: self.string(o, "next", what),
                sources: self.strings(o, "sources", what),
                was: self.strings(o, "was", what),
            });
        }
        let mut rules = Vec::new();
        let (rs, rules_span) = self.table_list(t, "rules", what);
        for (r, span) in rs {
            self.anchor = span.start;
            self.unknown_keys(r, RULE_KEYS, || format!("a rule of `{}`", id.v), &|_| None);
            rules.push(RawRule {
                span,
                when: self.string(r, "when", what),
                next: self.string(r, "next", what),
                why: self.string(r, "why", what),
            });
        }
        let mut rows = Vec::new();
        let (rws, _) = self.table_list(t, "rows", what);
        for (r, span) in rws {
            self.anchor = span.start;
            self.unknown_keys(r, ROW_KEYS, || format!("a row of `{}`", id.v), &|_| None);
            rows.push(RawRow {
                span,
                label: self.string(r, "label", what),
                cells: self.cells(r, what),
                when: self.string(r, "when", what),
                highlight: self.string(r, "highlight", what),
                sources: self.strings(r, "sources", what),
            });
        }
        self.anchor = id.span.start;
        let default = Self::get(t, "default").and_then(|v| self.value(v, "default", what));
        let is_date = kind_str == "date";
        RawNode {
            title: self.string(t, "title", what),
            text: self.string(t, "text", what),
            var: self.string(t, "var", what),
            next: self.string(t, "next", what),
            options,
            options_span,
            min: if is_date { None } else { self.number(t, "min", what) },
            max: if is_date { None } else { self.number(t, "max", what) },
            date_min: if is_date { self.date_bound(t, "min", what) } else { None },
            date_max: if is_date { self.date_bound(t, "max", what) } else { None },
            default,
            unit: if Self::get(t, "unit").is_some_and(|v| matches!(v.get_ref(), DeValue::Table(_))) {
                None
            } else {
                self.string(t, "unit", what)
            },
            unit_forms: self.unit_forms(t, &id.v, what),
            whole: self.boolean(t, "whole", what),
            placeholder: self.string(t, "placeholder", what),
            optional: self.boolean(t, "optional", what),
            private: self.boolean(t, "private", what),
            was: self.strings(t, "was", what),
            max_len: self.number(t, "max_len", what),
            rules,
            rules_span,
            columns: self.strings(t, "columns", what),
            rows,
            sources: self.strings(t, "sources", what),
            kind,
            id,
        }
    }

    fn test(&mut self, t: &DeTable<'_>, span: Range<usize>) -> RawTest {
        let what = "a [[tests]] scenario";
        self.anchor = span.start;
        self.unknown_keys(t, TEST_KEYS, what, &|_| None);
        let mut answers = Vec::new();
        if let Some(v) = Self::get(t, "answers") {
            if let DeValue::Table(a) = v.get_ref() {
                for (k, v) in in_file_order(a) {
                    if let Some(val) = self.value(v, k.get_ref(), what) {
                        answers.push((Sp::new(k.get_ref().to_string(), k.span(), self.file), val));
                    }
                }
            } else {
                self.wrong_type("answers", v, "a table like { insurance = \"medicare\" }", what);
            }
        }
        RawTest {
            span,
            name: self.string(t, "name", what),
            answers,
            expect: self.strings(t, "expect", what),
            reject: self.strings(t, "reject", what),
            path: Self::get(t, "path").map(|_| self.strings(t, "path", what)),
            ends: self.string(t, "ends", what),
            today: self.date(t, "today", what),
        }
    }
}

/// Reads one parsed file. `is_main` is false for included files, which may not have `[guide]`.
pub fn read_file(root: &DeTable<'_>, file: FileId, is_main: bool, diags: &mut Vec<Diagnostic>) -> RawFile {
    Reader { file, diags, anchor: 0, unreadable: HashSet::new() }.file(root, is_main)
}

/// Reads an answers file (one key per var) into values with spans.
pub fn read_answers(root: &DeTable<'_>, file: FileId, diags: &mut Vec<Diagnostic>) -> Vec<(Sp<String>, Sp<Value>)> {
    let mut r = Reader { file, diags, anchor: 0, unreadable: HashSet::new() };
    let mut out = Vec::new();
    for (k, v) in in_file_order(root) {
        if let Some(val) = r.value(v, k.get_ref(), "the answers file") {
            out.push((Sp::new(k.get_ref().to_string(), k.span(), file), val));
        }
    }
    out
}
