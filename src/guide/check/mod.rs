//! From raw structs to a checked [`Guide`], collecting every problem on the way.
//!
//! [`check`] runs the passes in order (`check_files` reads as that list); each file holds one
//! kind of check:
//! - `checker`: the state every pass shares (ids and names found so far, the diagnostics);
//! - `ids`: every id defined once, with allowed characters (the first pass, so references resolve
//!   in any order); `references`: ids used elsewhere, with a did-you-mean;
//! - `names`, `vars`, `values`: answer names and `[values]`, the names conditions and text use;
//! - `texts`, `links`, `expressions`: text a person reads, its links, conditions and values;
//! - one file per kind of table: `meta` (`[guide]`, `format`), `nodes` (with `options` for choice
//!   and multi, `rules` for branch, `compare`), `items` (the checklist), `resources`, `scenarios`;
//! - `wording`: pieces of messages many checks share.
//!
//! The shape of the whole graph (reachability, loops) is checked afterwards, in
//! [`super::routes`]; answers used before they are asked, in [`super::unanswered`]; how plainly
//! text reads, in [`super::readability`]. None of them imports this module.

mod checker;
mod compare;
mod expressions;
mod ids;
mod items;
mod links;
mod meta;
mod names;
mod nodes;
mod options;
mod references;
mod resources;
mod rules;
mod scenarios;
#[cfg(test)]
mod tests;
mod texts;
mod values;
mod vars;
mod wording;

use std::ops::Range;

use checker::Checker;

pub use crate::guide::raw::{InnerSpans, inner_span};
pub use links::is_safe_url;

use super::diagnostic::{Code, Diagnostic};
use super::model::{Computed, Guide, Node, NodeId, NodeKind};
use super::raw::{Date, RawFile, RawItem};
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
        Self { today: crate::date::today(), readability: true, tests_as_warnings: false }
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
    let total: usize = files.iter().map(RawFile::entries).sum();
    if !opts.readability || total > MAX_ENTRIES {
        return check_format(files, sources, opts);
    }
    // Warnings only: how plainly what people read reads. It reads the raw files alone, so it
    // runs on another core while the format is checked; diagnostics are sorted by place later.
    let (readability, (guide, mut diags)) = crate::parallel::join(
        || super::readability::check_files(sources, files),
        || check_format(files, sources, opts),
    );
    diags.extend(readability);
    (guide, diags)
}

fn check_format(files: &[RawFile], sources: &SourceMap, opts: CheckOptions) -> (Option<Guide>, Vec<Diagnostic>) {
    let mut c = Checker::new(sources, files);
    let Some(main) = files.first() else { return (None, c.diags) };
    meta::check_formats(&mut c, files);
    let total: usize = files.iter().map(RawFile::entries).sum();
    if total > MAX_ENTRIES {
        c.push(too_many_entries(main.file, total));
        return (None, c.diags);
    }

    // Every id first, so references can be resolved in any order; then the names conditions and
    // text may use; then everything that uses them.
    let defined = ids::define(&mut c, files);
    let var_index = vars::define_vars(&mut c, &defined.nodes);
    c.vars
        .insert(super::TODAY.to_string(), super::condition::VarInfo { ty: super::condition::Type::Date, values: None });
    vars::check_was(&mut c, &defined.nodes, &var_index);
    let values = values::define_values(&mut c, files);
    for (title, what) in &defined.section_titles {
        c.text(title, what, false);
    }
    let nodes: Vec<Option<Node>> = defined.nodes.iter().map(|n| nodes::convert_node(&mut c, n)).collect();
    let meta = meta::convert_meta(&mut c, main, opts);
    let start = meta::start(&mut c, main);
    let checklist = items::convert_checklist(&mut c, files);
    let resources = resources::convert_resources(&mut c, &defined.resources);
    let glossary = glossary(&mut c, files);
    items::report_unused_sections(&mut c, &defined.section_ids, &checklist.used_sections);
    resources::report_unused_resources(&mut c, &defined.resources);
    let tests = scenarios::convert_scenarios(&mut c, files, &nodes, opts.tests_as_warnings);

    // The graph checks need every node converted.
    let (Some(start), Some(meta), false) = (start, meta, c.diags.iter().any(Diagnostic::is_error)) else {
        return (None, c.diags);
    };
    let Some(mut nodes) = nodes.into_iter().collect::<Option<Vec<Node>>>() else { return (None, c.diags) };
    mark_rules_reading_values(&mut nodes, &values);
    let spans: Vec<(FileId, Range<usize>)> = defined.nodes.iter().map(|n| (n.id.file, n.id.span.clone())).collect();
    c.diags.extend(routes::check(&nodes, start, &spans));
    let raw_items: Vec<&RawItem> = files.iter().flat_map(|f| &f.checklist).collect();
    c.diags.extend(super::unanswered::check(sources, &nodes, start, &defined.nodes, &checklist.items, &raw_items));
    if c.diags.iter().any(Diagnostic::is_error) {
        return (None, c.diags);
    }
    let bounds = routes::question_bounds(&nodes);
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
        sections: defined.sections,
        checklist: checklist.items,
        resources,
        glossary,
        values,
        tests,
        sources: SourceMap::default(),
        bounds,
        item_spans: checklist.spans,
        node_index: c.node_keys,
        var_index,
        renamed,
        term_finder: std::sync::OnceLock::new(),
    };
    (Some(guide), c.diags)
}

/// Sets each branch rule's `reads_values`, once, so a walk need not look through the names of
/// its conditions at every branch.
fn mark_rules_reading_values(nodes: &mut [Node], values: &[Computed]) {
    if values.is_empty() {
        return;
    }
    let names: foldhash::HashSet<&str> = values.iter().map(|v| v.name.as_str()).collect();
    for node in nodes {
        if let NodeKind::Branch { rules } = &mut node.kind {
            for rule in rules {
                rule.reads_values =
                    rule.when.as_ref().is_some_and(|w| w.names().iter().any(|(name, _)| names.contains(name)));
            }
        }
    }
}

/// `[glossary]`: terms and their definitions, in file order.
fn glossary(c: &mut Checker<'_>, files: &[RawFile]) -> Vec<(String, String)> {
    let mut glossary = Vec::new();
    for (term, def) in files.iter().flat_map(|f| &f.glossary) {
        c.text(term, "a glossary term", false);
        c.text(def, || format!("the definition of \"{}\"", term.v), false);
        glossary.push((term.v.clone(), def.v.clone()));
    }
    glossary
}
