//! Reading one key of a table as the type the format expects, and reporting it when it is not.

use foldhash::HashSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::scalars::{number, type_fix, type_name, unusable_number};
use super::{CELL_KEYS, Date, Describe, RawCell, Sp};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::source::FileId;
use crate::guide::suggest::closest;
use crate::guide::value::Value;

/// Reads TOML tables into raw structs, collecting diagnostics.
pub(super) struct Reader<'d> {
    pub(super) file: FileId,
    pub(super) diags: &'d mut Vec<Diagnostic>,
    /// Where the table being read is, as the checks will name it (see [`super::RawFile::unreadable`]).
    pub(super) anchor: usize,
    /// Keys written with a value that could not be read, by anchor.
    pub(super) unreadable: HashSet<(usize, String)>,
}

/// Tables found in an array, with their spans, and where the array is.
pub(super) type TableList<'a, 'i> = (Vec<(&'a DeTable<'i>, Range<usize>)>, Option<Range<usize>>);

pub(super) type Entry<'a, 'i> = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

/// Entries of a table in the order they were written (the parser's map is sorted by key).
pub(super) fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

impl Reader<'_> {
    pub(super) fn diag(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(super) fn unknown_keys(
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

    pub(super) fn wrong_type(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        expected: &str,
        what: impl Describe + Copy,
    ) {
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

    pub(super) fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        table.get(key)
    }

    pub(super) fn string(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<String>> {
        let v = Self::get(table, key)?;
        if let DeValue::String(s) = v.get_ref() {
            Some(Sp::new(s.to_string(), v.span(), self.file))
        } else {
            self.wrong_type(key, v, "a string", what);
            None
        }
    }

    pub(super) fn number(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<f64>> {
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
    pub(super) fn date_bound(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        what: impl Describe + Copy,
    ) -> Option<Sp<String>> {
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
    pub(super) fn unit_forms(
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

    pub(super) fn boolean(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<bool>> {
        let v = Self::get(table, key)?;
        if let DeValue::Boolean(b) = v.get_ref() {
            Some(Sp::new(*b, v.span(), self.file))
        } else {
            self.wrong_type(key, v, "true or false", what);
            None
        }
    }

    pub(super) fn date(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Option<Sp<Date>> {
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

    pub(super) fn strings(&mut self, table: &DeTable<'_>, key: &str, what: impl Describe + Copy) -> Vec<Sp<String>> {
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
    pub(super) fn cells(&mut self, row: &DeTable<'_>, what: impl Describe + Copy) -> Vec<RawCell> {
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

    pub(super) fn value(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        key: &str,
        what: impl Describe + Copy,
    ) -> Option<Sp<Value>> {
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
    pub(super) fn tables<'a, 'i>(
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
    pub(super) fn table_list<'a, 'i>(
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

    pub(super) fn string_map(&mut self, table: &DeTable<'_>, key: &str) -> Vec<(Sp<String>, Sp<String>)> {
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
}
