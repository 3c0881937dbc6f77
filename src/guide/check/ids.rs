//! Ids of nodes, sections, resources, checklist items and sources: their characters, and one
//! definition each. This pass runs first, so references can be resolved in any order.

use super::Checker;
use super::names::is_id;
use super::wording::place;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{ItemId, NodeId, ResourceId, Section, SectionId, SourceId};
use crate::guide::raw::inner_span;
use crate::guide::raw::{RawFile, RawNode, RawResource, Sp};
use crate::guide::text;

/// How an id is written, which decides how a second definition is worded.
#[derive(Debug, Clone, Copy)]
pub(super) enum Defined {
    /// The id names a table, as in `[nodes.ID]`; the kind as messages name it ("checklist item").
    Table(&'static str),
    /// The id is a key of an entry, as in `id = "…"` of `[[guide.sources]]`; the kind.
    Key(&'static str),
}

/// The first definition of each id, in file order, with what later passes need of it.
pub(super) struct Definitions<'f> {
    /// Nodes; a node's place here is its [`NodeId`].
    pub(super) nodes: Vec<&'f RawNode>,
    /// Sections, titled; a section's place is its [`SectionId`].
    pub(super) sections: Vec<Section>,
    /// Where each section's id is written.
    pub(super) section_ids: Vec<&'f Sp<String>>,
    /// Section titles, with how messages name them: titles may name any answer or value, which
    /// are only known later, so they are checked then.
    pub(super) section_titles: Vec<(&'f Sp<String>, String)>,
    /// Resources; a resource's place is its [`ResourceId`].
    pub(super) resources: Vec<&'f RawResource>,
}

/// Gives every node, section, resource, checklist item and source its id (the main file first).
pub(super) fn define<'f>(c: &mut Checker<'_>, files: &'f [RawFile]) -> Definitions<'f> {
    let nodes = define_nodes(c, files);
    let (sections, section_ids, section_titles) = define_sections(c, files);
    let resources = define_resources(c, files);
    define_items(c, files);
    if let Some(main) = files.first() {
        define_sources(c, main);
    }
    Definitions { nodes, sections, section_ids, section_titles, resources }
}

fn define_nodes<'f>(c: &mut Checker<'_>, files: &'f [RawFile]) -> Vec<&'f RawNode> {
    let mut nodes: Vec<&RawNode> = Vec::new();
    for n in files.iter().flat_map(|f| &f.nodes) {
        c.id_chars(&n.id, "node", "rename it, e.g. [nodes.my_question]");
        let first = c.node_keys.get(&n.id.v).map(|id| &nodes[id.0 as usize].id);
        if c.defined_twice(&n.id, first, Defined::Table("node")) {
            continue;
        }
        c.node_keys.insert(n.id.v.clone(), NodeId(nodes.len() as u32));
        nodes.push(n);
    }
    nodes
}

type SectionDefinitions<'f> = (Vec<Section>, Vec<&'f Sp<String>>, Vec<(&'f Sp<String>, String)>);

fn define_sections<'f>(c: &mut Checker<'_>, files: &'f [RawFile]) -> SectionDefinitions<'f> {
    let mut sections = Vec::new();
    let mut ids: Vec<&Sp<String>> = Vec::new();
    let mut titles = Vec::new();
    for s in files.iter().flat_map(|f| &f.sections) {
        c.id_chars(&s.id, "section", "rename it, e.g. [sections.before_you_call]");
        let first = c.section_keys.get(&s.id.v).map(|id| ids[id.0 as usize]);
        if c.defined_twice(&s.id, first, Defined::Table("section")) {
            continue;
        }
        let title = if let Some(t) = &s.title {
            titles.push((t, format!("the title of section `{}`", s.id.v)));
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
        ids.push(&s.id);
    }
    (sections, ids, titles)
}

fn define_resources<'f>(c: &mut Checker<'_>, files: &'f [RawFile]) -> Vec<&'f RawResource> {
    let mut resources: Vec<&RawResource> = Vec::new();
    for r in files.iter().flat_map(|f| &f.resources) {
        c.id_chars(&r.id, "resource", "rename it");
        let first = c.resource_keys.get(&r.id.v).map(|id| &resources[id.0 as usize].id);
        if c.defined_twice(&r.id, first, Defined::Table("resource")) {
            continue;
        }
        c.resource_keys.insert(r.id.v.clone(), ResourceId(resources.len() as u32));
        resources.push(r);
    }
    resources
}

fn define_items(c: &mut Checker<'_>, files: &[RawFile]) {
    let mut ids: Vec<&Sp<String>> = Vec::new();
    for it in files.iter().flat_map(|f| &f.checklist) {
        c.id_chars(&it.id, "checklist item", "rename it, e.g. [checklist.call_insurer]");
        let first = c.item_keys.get(&it.id.v).map(|id| ids[id.0 as usize]);
        if c.defined_twice(&it.id, first, Defined::Table("checklist item")) {
            continue;
        }
        c.item_keys.insert(it.id.v.clone(), ItemId(ids.len() as u32));
        ids.push(&it.id);
    }
}

/// Source ids: the index is the source's place in `[[guide.sources]]`, as in `Meta::sources`,
/// so a source without an id still takes its place.
fn define_sources(c: &mut Checker<'_>, main: &RawFile) {
    let Some(guide) = &main.guide else { return };
    for (i, s) in guide.sources.iter().enumerate() {
        let Some(id) = &s.id else { continue };
        c.id_chars(id, "source", "rename it, e.g. id = \"cms-abn\"");
        let first = c.source_keys.get(&id.v).and_then(|first| guide.sources[first.0 as usize].id.as_ref());
        if c.defined_twice(id, first, Defined::Key("source")) {
            continue;
        }
        c.source_keys.insert(id.v.clone(), SourceId(i as u32));
    }
}

impl Checker<'_> {
    /// Refuses an id with characters other than letters, digits, `_` and `-`: ids appear in
    /// links (`resource:ID`), graphs and file names, and are shown back in messages.
    pub(super) fn id_chars(&mut self, id: &Sp<String>, kind: &str, help: &str) {
        if is_id(&id.v) {
            return;
        }
        let invisible = text::first_invisible(&id.v);
        let (span, message) = match invisible {
            Some((at, c)) => (
                inner_span(self.sources, id, at..at + c.len_utf8()),
                format!(
                    "{kind} id \"{}\" has an invisible {} in it",
                    id.v.replace(text::is_invisible, "").escape_debug(),
                    text::describe_char(c)
                ),
            ),
            None => (id.span.clone(), format!("{kind} id \"{}\" has characters that are not allowed", id.v)),
        };
        let d = Diagnostic::new(Code::BadId, id.file, span, message)
            .label("use letters, digits, `_` and `-`")
            .help(help.to_string());
        self.push(d);
    }

    /// Reports `id` when an earlier definition (`first`) has it already, pointing at that one;
    /// true when it did, and the second definition is then left out.
    pub(super) fn defined_twice(&mut self, id: &Sp<String>, first: Option<&Sp<String>>, defined: Defined) -> bool {
        let Some(first) = first else { return false };
        let at = place(self.sources, first.file, &first.span);
        let (message, label, help) = match defined {
            Defined::Table(kind) => (
                format!("{kind} \"{}\" is defined twice", id.v),
                "second definition".to_string(),
                format!("the first is at {at}; rename one of them"),
            ),
            Defined::Key(kind) => (
                format!("two {kind}s have the id \"{}\"", id.v),
                format!("second {kind} with this id"),
                format!("the first is at {at}; give each {kind} its own id"),
            ),
        };
        let d = Diagnostic::new(Code::DuplicateId, id.file, id.span.clone(), message).label(label).help(help);
        self.push(d);
        true
    }
}
