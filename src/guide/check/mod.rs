//! From raw structs to a checked [`Guide`], collecting every problem on the way.
//!
//! [`check`] runs the passes in order; each file holds one kind of check:
//! - `checker`: the state every pass shares (ids and names found so far, the diagnostics);
//! - `ids`, `names`: what ids and answer names may be made of; `references`: ids used elsewhere;
//! - `vars`, `values`: answer names and `[values]`, the names conditions and text may use;
//! - `texts`, `links`, `expressions`: text a person reads, its links, conditions and values;
//! - `meta`, `nodes` (with `options`, `rules`, `compare`), `scenarios`: one per kind of table;
//! - `wording`: pieces of messages many checks share.
//!
//! The shape of the whole graph (reachability, loops) is checked afterwards, in
//! [`super::routes`]; answers used before they are asked, in [`super::unanswered`].

mod checker;
mod compare;
mod expressions;
mod ids;
mod links;
mod meta;
mod names;
mod nodes;
mod options;
mod references;
mod rules;
mod scenarios;
#[cfg(test)]
mod tests;
mod texts;
mod values;
mod vars;
mod wording;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use checker::Checker;
use meta::convert_meta;
use names::{as_var, is_var, var_problem};
use nodes::convert_node;
use scenarios::convert_test;
use values::order_values;
use vars::check_was;
use wording::{header, place, unknown_help};

pub use links::is_safe_url;

use super::condition::{Type, VarInfo};
use super::diagnostic::{Code, Diagnostic, Severity};
use super::model::{Guide, Item, ItemId, Node, NodeId, Resource, ResourceId, Section, SectionId, SourceId};
use super::raw::{Date, RawFile, RawNode, Sp};
use super::routes;
use super::source::{FileId, SourceMap};

/// What the checks need to know about the world.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Today, for "reviewed more than a year ago".
    pub today: Date,
    /// Whether to measure how plainly the text reads (W0108, W0109). Those warnings are for
    /// authors; running a guide for a person skips the work so the first screen comes sooner.
    pub readability: bool,
    /// Whether a mistake in a `[[tests]]` scenario is only a warning (the scenario is left
    /// out): while an author previews a guide, a wrong test must not hide the guide itself.
    pub tests_as_warnings: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self { today: Date::today(), readability: true, tests_as_warnings: false }
    }
}

/// Longest title that fits a breadcrumb.
pub const MAX_TITLE: usize = 60;
/// Default `max_len` of text questions.
pub const DEFAULT_MAX_LEN: usize = 500;
/// Most nodes, items or resources a guide may have; far beyond any real guide, it keeps a
/// hostile file from exhausting memory in later passes.
pub const MAX_ENTRIES: usize = 200_000;

/// The error for a guide over [`MAX_ENTRIES`], counted over all its files.
pub(crate) fn too_many_entries(main_file: FileId, total: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TooMany,
        main_file,
        0..0,
        format!("the guide has {total} nodes, items and resources; at most {MAX_ENTRIES} are allowed"),
    )
    .help("split it into several guides")
}

/// The part of a TOML string's span that holds `inner` (a byte range of the string's value), so
/// a message about a condition or a template can point at the exact characters the author
/// typed, escapes included. Falls back to the whole string when it cannot be mapped.
///
/// This maps the whole string; for several ranges of one string use [`InnerSpans`].
pub fn inner_span(sources: &SourceMap, sp: &Sp<String>, inner: Range<usize>) -> Range<usize> {
    InnerSpans::new(sources, sp).span(inner)
}

/// Places any number of ranges of one string's value in the file, mapping the string once, on
/// first use: a text with thousands of links or slots costs one pass, not one per link.
pub struct InnerSpans<'s> {
    sources: &'s SourceMap,
    sp: &'s Sp<String>,
    map: std::cell::OnceCell<Option<crate::guide::string_map::ValueMap>>,
}

impl<'s> InnerSpans<'s> {
    /// Nothing is mapped until the first [`InnerSpans::span`].
    pub fn new(sources: &'s SourceMap, sp: &'s Sp<String>) -> Self {
        InnerSpans { sources, sp, map: std::cell::OnceCell::new() }
    }

    /// See [`inner_span`].
    pub fn span(&self, inner: Range<usize>) -> Range<usize> {
        let sp = self.sp;
        let map = self.map.get_or_init(|| {
            let raw = self.sources.get(sp.file)?.text.get(sp.span.clone())?;
            crate::guide::string_map::ValueMap::new(raw, &sp.v)
        });
        match map.as_ref().and_then(|m| m.range(&inner)) {
            // An empty range (the end of the text) still needs one character for the caret.
            Some(r) if r.is_empty() => sp.span.start + r.start..sp.span.start + r.start + 1,
            Some(r) => sp.span.start + r.start..sp.span.start + r.end,
            None => sp.span.clone(),
        }
    }
}

/// Checks raw files (the main file first) and builds the guide, or explains why it cannot.
///
/// The files' text comes back inside the guide, or alone when the guide has errors, so the
/// diagnostics can always be rendered against it.
pub fn check(files: &[RawFile], sources: SourceMap, opts: CheckOptions) -> (Result<Guide, SourceMap>, Vec<Diagnostic>) {
    let (guide, diags) = check_files(files, &sources, opts);
    match guide {
        Some(mut g) => {
            g.sources = sources;
            (Ok(g), diags)
        }
        None => (Err(sources), diags),
    }
}

fn check_files(files: &[RawFile], sources: &SourceMap, opts: CheckOptions) -> (Option<Guide>, Vec<Diagnostic>) {
    let mut c = Checker {
        sources,
        diags: Vec::new(),
        node_keys: HashMap::new(),
        section_keys: HashMap::new(),
        item_keys: HashMap::new(),
        resource_keys: HashMap::new(),
        source_keys: HashMap::new(),
        private_vars: HashSet::new(),
        vars: HashMap::new(),
        value_names: HashSet::new(),
        used_resources: HashSet::new(),
        broken_vars: HashSet::new(),
        unreadable: files
            .iter()
            .flat_map(|f| f.unreadable.iter().map(|(at, key)| (f.file, *at, key.clone())))
            .collect(),
        converting: None,
    };
    let Some(main) = files.first() else { return (None, c.diags) };
    let main_file = main.file;
    let main_len = sources.get(main_file).map_or(0, |f| f.text.len());

    // format
    match &main.format {
        None if c.was_unreadable(main_file, 0, "format") => {}
        None => {
            let d = Diagnostic::new(Code::BadFormat, main_file, 0..0, "the guide does not say which format it uses")
                .label("`format` is missing")
                .help("add `format = 1` as the first line");
            c.push(d);
        }
        Some(f) if f.v != 1 => {
            let d = Diagnostic::new(
                Code::BadFormat,
                main_file,
                f.span.clone(),
                format!("this guide uses format {}, and this program reads format 1", f.v),
            )
            .label("unsupported format")
            .help(if f.v > 1 {
                "update guidepost to a version that reads this format"
            } else {
                "write `format = 1`"
            });
            c.push(d);
        }
        Some(_) => {}
    }
    for f in files.iter().skip(1) {
        if let Some(fm) = &f.format
            && fm.v != 1
        {
            let d = Diagnostic::new(
                Code::BadFormat,
                f.file,
                fm.span.clone(),
                format!("this file uses format {}, and this program reads format 1", fm.v),
            )
            .label("unsupported format")
            .help("write `format = 1`, or leave it out of included files");
            c.push(d);
        }
    }

    let total_nodes: usize = files.iter().map(|f| f.nodes.len() + f.checklist.len() + f.resources.len()).sum();
    if total_nodes > MAX_ENTRIES {
        c.push(too_many_entries(main_file, total_nodes));
        return (None, c.diags);
    }

    // First pass: every id, so references can be resolved in any order.
    let mut all_nodes: Vec<&RawNode> = Vec::new();
    for f in files {
        for n in &f.nodes {
            c.id_chars(&n.id, "node", "rename it, e.g. [nodes.my_question]");
            if let Some((_, file, span)) = c.node_keys.get(&n.id.v) {
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    n.id.file,
                    n.id.span.clone(),
                    format!("node \"{}\" is defined twice", n.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, *file, span)));
                c.push(d);
                continue;
            }
            let id = NodeId(all_nodes.len() as u32);
            c.node_keys.insert(n.id.v.clone(), (id, n.id.file, n.id.span.clone()));
            all_nodes.push(n);
        }
    }
    let mut sections = Vec::new();
    let mut section_spans = Vec::new();
    // Titles may name any var or value, which are only known further down: checked there.
    let mut section_titles: Vec<(&Sp<String>, String)> = Vec::new();
    for f in files {
        for s in &f.sections {
            c.id_chars(&s.id, "section", "rename it, e.g. [sections.before_you_call]");
            if let Some(first) = c.section_keys.get(&s.id.v) {
                let first: &Sp<String> = &section_spans[first.0 as usize];
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    s.id.file,
                    s.id.span.clone(),
                    format!("section \"{}\" is defined twice", s.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, first.file, &first.span)));
                c.push(d);
                continue;
            }
            let title = if let Some(t) = &s.title {
                section_titles.push((t, format!("the title of section `{}`", s.id.v)));
                t.v.clone()
            } else {
                c.missing(
                    s.id.file,
                    s.id.span.clone(),
                    "title",
                    || format!("section `{}`", s.id.v),
                    "add title = \"…\" under the section",
                );
                s.id.v.clone()
            };
            c.section_keys.insert(s.id.v.clone(), SectionId(sections.len() as u32));
            sections.push(Section { key: s.id.v.clone(), title });
            section_spans.push(s.id.clone());
        }
    }
    let mut resources = Vec::new();
    let mut resource_spans: Vec<&crate::guide::raw::RawResource> = Vec::new();
    for f in files {
        for r in &f.resources {
            c.id_chars(&r.id, "resource", "rename it");
            if let Some(first) = c.resource_keys.get(&r.id.v) {
                let first: &Sp<String> = &resource_spans[first.0 as usize].id;
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    r.id.file,
                    r.id.span.clone(),
                    format!("resource \"{}\" is defined twice", r.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, first.file, &first.span)));
                c.push(d);
                continue;
            }
            c.resource_keys.insert(r.id.v.clone(), ResourceId(resources.len() as u32));
            resources.push(Resource { key: r.id.v.clone(), title: String::new(), url: None, phone: None, text: None });
            resource_spans.push(r);
        }
    }
    let mut item_firsts: Vec<&Sp<String>> = Vec::new();
    for f in files {
        for it in &f.checklist {
            c.id_chars(&it.id, "checklist item", "rename it, e.g. [checklist.call_insurer]");
            if let Some(first) = c.item_keys.get(&it.id.v) {
                let first = item_firsts[first.0 as usize];
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    it.id.file,
                    it.id.span.clone(),
                    format!("checklist item \"{}\" is defined twice", it.id.v),
                )
                .label("second definition")
                .help(format!("the first is at {}; rename one of them", place(sources, first.file, &first.span)));
                c.push(d);
                continue;
            }
            c.item_keys.insert(it.id.v.clone(), ItemId(item_firsts.len() as u32));
            item_firsts.push(&it.id);
        }
    }
    // Source ids: the index is the source's place in [[guide.sources]], as in `Meta::sources`.
    for (i, s) in main.guide.iter().flat_map(|g| g.sources.iter()).enumerate() {
        let Some(id) = &s.id else { continue };
        c.id_chars(id, "source", "rename it, e.g. id = \"cms-abn\"");
        if let Some(first) = c.source_keys.get(&id.v) {
            let first = main.guide.as_ref().and_then(|g| g.sources[first.0 as usize].id.as_ref());
            let at = first.map_or_else(String::new, |f| place(sources, f.file, &f.span));
            let d = Diagnostic::new(
                Code::DuplicateId,
                id.file,
                id.span.clone(),
                format!("two sources have the id \"{}\"", id.v),
            )
            .label("second source with this id")
            .help(format!("the first is at {at}; give each source its own id"));
            c.push(d);
            continue;
        }
        c.source_keys.insert(id.v.clone(), SourceId(i as u32));
    }

    // Vars and their types.
    let mut var_index = HashMap::new();
    for (i, n) in all_nodes.iter().enumerate() {
        let kind = n.kind.as_ref().map_or("", |k| k.v.as_str());
        let ty = match kind {
            "choice" | "text" => Type::Text,
            "multi" => Type::List,
            "number" => Type::Number,
            _ => {
                if !crate::guide::raw::NODE_TYPES.contains(&kind)
                    && let Some(var) = &n.var
                {
                    c.broken_vars.insert(var.v.clone());
                }
                continue;
            }
        };
        let Some(var) = &n.var else {
            c.missing(
                n.id.file,
                n.id.span.clone(),
                "var",
                || format!("{kind} node `{}`", n.id.v),
                "add var = \"name\": the answer is stored under this name",
            );
            continue;
        };
        if !is_var(&var.v) {
            let d = Diagnostic::new(
                Code::BadId,
                var.file,
                var.span.clone(),
                format!("the answer's name (`var`) \"{}\" {}", var.v, var_problem(&var.v)),
            )
            .label("letters, digits and `_` only, starting with a letter")
            .help(format!("conditions and text refer to the answer by this name; write var = \"{}\"", as_var(&var.v)));
            c.push(d);
            continue;
        }
        if let Some(other) = var_index.get(&var.v) {
            let other: &NodeId = other;
            let d = Diagnostic::new(
                Code::DuplicateVar,
                var.file,
                var.span.clone(),
                format!(
                    "node `{}` already stores its answer under the name (`var`) \"{}\"",
                    all_nodes[other.0 as usize].id.v, var.v
                ),
            )
            .label("used twice")
            .help("give each question a name of its own that says what the answer is");
            c.push(d);
            continue;
        }
        let values = matches!(kind, "choice" | "multi").then(|| {
            let mut values: Vec<String> = Vec::with_capacity(n.options.len());
            for v in n.options.iter().filter_map(|o| o.value.as_ref()) {
                if !values.contains(&v.v) {
                    values.push(v.v.clone());
                }
            }
            values
        });
        if n.private.as_ref().is_some_and(|p| p.v) {
            c.private_vars.insert(var.v.clone());
        }
        c.vars.insert(var.v.clone(), VarInfo { ty, values });
        var_index.insert(var.v.clone(), NodeId(i as u32));
    }

    check_was(&mut c, &all_nodes, &var_index);

    // [values]: names, dependency order, types.
    let mut raw_values: Vec<&(Sp<String>, Sp<String>)> = Vec::new();
    for f in files {
        for v in &f.values {
            if !is_var(&v.0.v) {
                let d = Diagnostic::new(
                    Code::BadId,
                    v.0.file,
                    v.0.span.clone(),
                    format!("value name \"{}\" is not a usable name", v.0.v),
                )
                .label("start with a letter; use letters, digits and `_`")
                .help("rename it");
                c.push(d);
                continue;
            }
            if c.vars.contains_key(&v.0.v) || c.value_names.contains(&v.0.v) {
                let d = Diagnostic::new(
                    Code::DuplicateVar,
                    v.0.file,
                    v.0.span.clone(),
                    format!("\"{}\" is already the name of a question's answer (its `var`) or another value", v.0.v),
                )
                .label("used twice")
                .help("rename the value");
                c.push(d);
                continue;
            }
            c.value_names.insert(v.0.v.clone());
            raw_values.push(v);
        }
    }
    let values = order_values(&mut c, &raw_values);
    for (title, what) in &section_titles {
        c.text(title, what, false);
    }

    // Nodes.
    let mut nodes = Vec::with_capacity(all_nodes.len());
    for n in &all_nodes {
        nodes.push(convert_node(&mut c, n));
    }

    // Meta.
    let meta = convert_meta(&mut c, main, main_file, main_len, opts);
    let start = main.guide.as_ref().and_then(|g| g.start.as_ref()).and_then(|s| c.resolve_node(s, "`start`"));
    if main.guide.as_ref().is_some_and(|g| g.start.is_none()) {
        let span = main.guide.as_ref().map_or(0..0, |g| header(sources, main_file, &g.span));
        c.missing(main_file, span, "start", "[guide]", "add start = \"ID\" naming the first node");
    }

    // Checklist.
    let mut checklist: Vec<Item> = Vec::with_capacity(c.item_keys.len());
    let mut item_spans: Vec<(FileId, Range<usize>)> = Vec::with_capacity(c.item_keys.len());
    let mut used_sections = HashSet::new();
    // A second definition of an id was reported above; only the first is converted.
    let mut converted: HashSet<&str> = HashSet::with_capacity(c.item_keys.len());
    for f in files {
        for it in &f.checklist {
            if !converted.insert(it.id.v.as_str()) {
                continue;
            }
            let what = format!("checklist item `{}`", it.id.v);
            let section = if let Some(s) = &it.section {
                if let Some(id) = c.section_keys.get(&s.v) {
                    used_sections.insert(*id);
                    Some(*id)
                } else {
                    let help = unknown_help(
                        &s.v,
                        "sections",
                        c.section_keys.keys().map(String::as_str),
                        "define it as [sections.ID] with a title",
                    );
                    let d = Diagnostic::new(
                        Code::UnknownSection,
                        s.file,
                        s.span.clone(),
                        format!("{what} names a section \"{}\" that does not exist", s.v),
                    )
                    .label("no section has this id")
                    .help(help);
                    c.push(d);
                    None
                }
            } else {
                c.missing(
                    it.id.file,
                    it.id.span.clone(),
                    "section",
                    &what,
                    "add section = \"ID\" naming one of the [sections]",
                );
                None
            };
            let text = if let Some(t) = &it.text {
                c.text(t, &what, true);
                c.private_slots(t, &what);
                t.v.clone()
            } else {
                c.missing(it.id.file, it.id.span.clone(), "text", &what, "add text = \"…\": the line the person reads");
                String::new()
            };
            let details = c.opt_text(it.details.as_ref(), || format!("the details of {what}"), true);
            if let Some(d) = &it.details {
                c.private_slots(d, || format!("the details of {what}"));
            }
            let item_sources = c.resolve_sources(&it.sources, &what);
            if it.sources.is_empty() {
                c.uncited(it.id.file, it.id.span.clone(), &what, "sources = [\"cms-abn\"]");
            }
            let when = it.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of {what}"), Type::Bool));
            let had_when = it.when.is_some();
            let mut res = Vec::new();
            for r in &it.resources {
                if let Some(id) = c.resolve_resource(r, r.span.clone(), &what) {
                    res.push(id);
                }
            }
            if let Some(section) = section
                && (when.is_some() || !had_when)
            {
                item_spans.push((it.id.file, it.id.span.clone()));
                checklist.push(Item {
                    key: it.id.v.clone(),
                    section,
                    text,
                    details,
                    when,
                    resources: res,
                    sources: item_sources,
                });
            }
        }
    }

    // Resources (texts may link to other resources).
    for (i, r) in resource_spans.iter().enumerate() {
        let what = format!("resource `{}`", r.id.v);
        let title = if let Some(t) = &r.title {
            c.text(t, || format!("the title of {what}"), false);
            t.v.clone()
        } else {
            c.missing(r.id.file, r.id.span.clone(), "title", &what, "add title = \"…\"");
            r.id.v.clone()
        };
        if let Some(u) = &r.url
            && !is_safe_url(&u.v)
        {
            let d = Diagnostic::new(
                Code::BadLink,
                u.file,
                u.span.clone(),
                format!("the url of {what} is not a web address"),
            )
            .label("expected https://…")
            .help("write the full address, starting with https://");
            c.push(d);
        }
        if r.url.is_none() && r.phone.is_none() {
            c.missing(
                r.id.file,
                r.id.span.clone(),
                "url",
                &what,
                "give a resource a url, a phone, or both, so people can reach it",
            );
        }
        let phone = c.opt_text(r.phone.as_ref(), || format!("the phone of {what}"), false);
        let text = c.opt_text(r.text.as_ref(), || format!("the text of {what}"), true);
        resources[i] = Resource { key: r.id.v.clone(), title, url: r.url.as_ref().map(|u| u.v.clone()), phone, text };
    }

    // Glossary.
    let mut glossary = Vec::new();
    for f in files {
        for (term, def) in &f.glossary {
            c.text(term, "a glossary term", false);
            c.text(def, || format!("the definition of \"{}\"", term.v), false);
            glossary.push((term.v.clone(), def.v.clone()));
        }
    }

    // Unused sections and resources. When some item names a section or resource that does not
    // exist, it probably meant one of these, so calling them unused would only add noise.
    let unknown_section = c.diags.iter().any(|d| d.code == Code::UnknownSection);
    let unknown_resource = c.diags.iter().any(|d| d.code == Code::UnknownResource);
    for (i, s) in section_spans.iter().enumerate() {
        if !unknown_section && !used_sections.contains(&SectionId(i as u32)) {
            let d = Diagnostic::new(
                Code::UnusedSection,
                s.file,
                s.span.clone(),
                format!("section \"{}\" has no checklist items", s.v),
            )
            .label("never used")
            .help("add items with section = \"…\", or remove the section");
            c.push(d);
        }
    }
    for (i, r) in resource_spans.iter().enumerate() {
        if !unknown_resource && !c.used_resources.contains(&ResourceId(i as u32)) {
            let d = Diagnostic::new(
                Code::UnusedResource,
                r.id.file,
                r.id.span.clone(),
                format!("resource \"{}\" is not used by any checklist item or link", r.id.v),
            )
            .label("never used")
            .help("attach it to an item with resources = [\"…\"], link it as [label](resource:ID), or remove it");
            c.push(d);
        }
    }

    // Readability of what people read (warnings only).
    if opts.readability {
        c.diags.extend(crate::guide::readability::check_files(sources, files));
    }

    // Tests.
    let mut tests = Vec::new();
    let before_tests = c.diags.len();
    for f in files {
        for t in &f.tests {
            let errors = c.diags.iter().filter(|d| d.is_error()).count();
            if let Some(s) = convert_test(&mut c, t, &nodes) {
                // A scenario with an error of its own is left out when its errors are lowered.
                if !opts.tests_as_warnings || c.diags.iter().filter(|d| d.is_error()).count() == errors {
                    tests.push(s);
                }
            }
        }
    }
    if opts.tests_as_warnings {
        for d in &mut c.diags[before_tests..] {
            d.severity = Severity::Warning;
        }
    }

    // Graph checks need every node converted.
    let has_errors = c.diags.iter().any(Diagnostic::is_error);
    let (Some(start), Some(meta), false) = (start, meta, has_errors) else {
        return (None, c.diags);
    };
    let nodes: Vec<Node> = nodes.into_iter().flatten().collect();
    if nodes.len() != all_nodes.len() {
        return (None, c.diags);
    }
    let spans: Vec<(FileId, Range<usize>)> = all_nodes.iter().map(|n| (n.id.file, n.id.span.clone())).collect();
    let graph_diags = routes::check(&nodes, start, &spans);
    let bounds = routes::question_bounds(&nodes);
    c.diags.extend(graph_diags);
    let raw_items: Vec<&crate::guide::raw::RawItem> = files.iter().flat_map(|f| f.checklist.iter()).collect();
    c.diags.extend(crate::guide::unanswered::check(sources, &nodes, start, &all_nodes, &checklist, &raw_items));
    let node_index = std::mem::take(&mut c.node_keys).into_iter().map(|(k, (id, _, _))| (k, id)).collect();
    let diags = std::mem::take(&mut c.diags);
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    let renamed = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.question.as_ref().map(|q| (i, q)))
        .flat_map(|(i, q)| q.was.iter().map(move |w| (w.clone(), NodeId(i as u32))))
        .collect();
    let guide = Guide {
        meta,
        start,
        nodes,
        sections,
        checklist,
        resources,
        glossary,
        values,
        tests,
        sources: SourceMap::default(),
        bounds,
        item_spans,
        node_index,
        var_index,
        renamed,
        term_finder: std::sync::OnceLock::new(),
    };
    (Some(guide), diags)
}
