//! `[checklist.ID]` items: their section, text, condition, resources and sources; and sections
//! no item uses.

use foldhash::{HashSet, HashSetExt};
use std::ops::Range;

use super::Checker;
use super::wording::unknown_help;
use crate::guide::condition::Type;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Item, SectionId};
use crate::guide::raw::{RawFile, RawItem, Sp};
use crate::guide::source::FileId;

/// The checklist as checked, with where each item is and which sections items use.
pub(super) struct Checklist {
    /// Items that are complete; an item with an error is left out.
    pub(super) items: Vec<Item>,
    /// Where each item of `items` is defined.
    pub(super) spans: Vec<(FileId, Range<usize>)>,
    /// Sections some item names.
    pub(super) used_sections: HashSet<SectionId>,
}

/// Converts every item (a second definition of an id was reported with the ids; only the first
/// is converted).
pub(super) fn convert_checklist(c: &mut Checker<'_>, files: &[RawFile]) -> Checklist {
    let mut list = Checklist {
        items: Vec::with_capacity(c.item_keys.len()),
        spans: Vec::with_capacity(c.item_keys.len()),
        used_sections: HashSet::new(),
    };
    let mut converted: HashSet<&str> = HashSet::with_capacity(c.item_keys.len());
    for it in files.iter().flat_map(|f| &f.checklist) {
        if converted.insert(it.id.v.as_str()) {
            convert_item(c, it, &mut list);
        }
    }
    list
}

fn convert_item(c: &mut Checker<'_>, it: &RawItem, list: &mut Checklist) {
    let what = format!("checklist item `{}`", it.id.v);
    let section = if let Some(s) = &it.section {
        let section = item_section(c, s, &what);
        list.used_sections.extend(section);
        section
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
    let sources = c.resolve_sources(&it.sources, &what);
    if it.sources.is_empty() {
        c.uncited(it.id.file, it.id.span.clone(), &what, "sources = [\"cms-abn\"]");
    }
    let when = it.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of {what}"), Type::Bool));
    let had_when = it.when.is_some();
    let mut resources = Vec::new();
    for r in &it.resources {
        if let Some(id) = c.resolve_resource(&r.v, r.file, || r.span.clone(), &what) {
            resources.push(id);
        }
    }
    if let Some(section) = section
        && (when.is_some() || !had_when)
    {
        list.spans.push((it.id.file, it.id.span.clone()));
        list.items.push(Item { key: it.id.v.clone(), section, text, details, when, resources, sources });
    }
}

/// The section an item names, reported when there is none by that id.
fn item_section(c: &mut Checker<'_>, s: &Sp<String>, what: &str) -> Option<SectionId> {
    if let Some(id) = c.section_keys.get(&s.v) {
        return Some(*id);
    }
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

/// Warns about sections no item uses. When some item names a section that does not exist, it
/// probably meant one of these, so calling them unused would only add noise.
pub(super) fn report_unused_sections(c: &mut Checker<'_>, ids: &[&Sp<String>], used: &HashSet<SectionId>) {
    if c.diags.iter().any(|d| d.code == Code::UnknownSection) {
        return;
    }
    for (i, s) in ids.iter().enumerate() {
        if !used.contains(&SectionId(i as u32)) {
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
}
