//! Reading a whole guide file table by table: `[guide]`, sections, nodes, values, the checklist,
//! resources, the glossary and `[[tests]]`; and an answers file.

use foldhash::{HashSet, HashSetExt};
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::reader::{Reader, in_file_order};
use super::scalars::{integer, type_name};
use super::{
    GUIDE_KEYS, ITEM_KEYS, NODE_COMMON_KEYS, OPTION_KEYS, RESOURCE_KEYS, ROW_KEYS, RULE_KEYS, RawFile, RawItem,
    RawMeta, RawNode, RawOption, RawResource, RawRow, RawRule, RawSection, RawSource, RawTest, SECTION_KEYS,
    SOURCE_KEYS, Sp, TEST_KEYS, TOP_KEYS, node_keys,
};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::source::FileId;
use crate::guide::value::Value;

impl Reader<'_> {
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
        if crate::guide::node_type::by_name(kind_str).is_some() {
            let mut allowed: Vec<&str> = NODE_COMMON_KEYS.to_vec();
            allowed.extend_from_slice(node_keys(kind_str));
            let what_typed = || format!("{kind_str} node `{}`", id.v);
            self.unknown_keys(t, &allowed, what_typed, &|k| {
                let owners: Vec<&str> =
                    crate::guide::node_type::names().filter(|ty| node_keys(ty).contains(&k)).collect();
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
