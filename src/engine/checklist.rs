//! The personalized checklist: a pure function of the answers on the path.

use super::env::Env;
use crate::guide::{Guide, ItemId, ResourceId, SectionId};

/// One item as the person sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    /// Which item.
    pub id: ItemId,
    /// Its key, for ticks and tests.
    pub key: String,
    /// The line, with answers filled in (light markup).
    pub text: String,
    /// The longer explanation, with answers filled in (light markup).
    pub details: Option<String>,
    /// Resources attached.
    pub resources: Vec<ResourceId>,
}

/// One section with the items that apply.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistSection {
    /// Which section.
    pub id: SectionId,
    /// Its heading, with answers filled in.
    pub title: String,
    /// Items in file order.
    pub items: Vec<ChecklistItem>,
}

/// The whole checklist, sections in file order, empty sections left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checklist {
    /// The sections.
    pub sections: Vec<ChecklistSection>,
}

impl Checklist {
    /// Every item, section by section.
    pub fn items(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// Whether an item is in the checklist.
    pub fn contains(&self, id: ItemId) -> bool {
        self.items().any(|i| i.id == id)
    }

    /// Every resource used by an item, once, in order of first use.
    pub fn resources(&self) -> Vec<ResourceId> {
        let mut out = Vec::new();
        for r in self.items().flat_map(|i| i.resources.iter()) {
            if !out.contains(r) {
                out.push(*r);
            }
        }
        out
    }
}

/// Items whose `when` holds, grouped by section in file order, with text interpolated.
pub fn build(guide: &Guide, env: &Env) -> Checklist {
    let mut sections: Vec<ChecklistSection> = guide
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| ChecklistSection { id: SectionId(i as u32), title: env.interpolate(&s.title), items: Vec::new() })
        .collect();
    for (i, item) in guide.checklist.iter().enumerate() {
        if !env.holds(item.when.as_ref()) {
            continue;
        }
        sections[item.section.0 as usize].items.push(ChecklistItem {
            id: ItemId(i as u32),
            key: item.key.clone(),
            text: env.interpolate(&item.text),
            details: item.details.as_deref().map(|d| env.interpolate(d)),
            resources: item.resources.clone(),
        });
    }
    sections.retain(|s| !s.items.is_empty());
    Checklist { sections }
}
