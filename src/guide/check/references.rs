//! References by id: to nodes, resources and sources, with a did-you-mean when one points nowhere.

use std::ops::Range;

use super::Checker;
use super::wording::{quoted_list, unknown_help};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{NodeId, ResourceId, SourceId};
use crate::guide::raw::{Describe, Sp};
use crate::guide::source::FileId;
use crate::guide::suggest::closest;

impl Checker<'_> {
    pub(super) fn resolve_node(&mut self, sp: &Sp<String>, what: impl Describe + Copy) -> Option<NodeId> {
        if let Some(id) = self.node_keys.get(&sp.v) {
            return Some(*id);
        }
        let converting = self.converting.clone();
        let help = unknown_help(
            &sp.v,
            "nodes",
            self.node_keys.keys().map(String::as_str).filter(|k| converting.as_deref() != Some(*k)),
            "define the node as [nodes.ID], or point to an existing one",
        );
        let d = Diagnostic::new(
            Code::UnknownNode,
            sp.file,
            sp.span.clone(),
            format!("{} names a node \"{}\" that does not exist", what.describe(), sp.v),
        )
        .label("no node has this id")
        .help(help);
        self.push(d);
        None
    }

    pub(super) fn resolve_resource(
        &mut self,
        id: &str,
        file: FileId,
        span: impl FnOnce() -> Range<usize>,
        what: impl Describe + Copy,
    ) -> Option<ResourceId> {
        if let Some(found) = self.resource_keys.get(id) {
            self.used_resources.insert(*found);
            return Some(*found);
        }
        let help = unknown_help(
            id,
            "resources",
            self.resource_keys.keys().map(String::as_str),
            "define it as [resources.ID] with a title and a url or phone",
        );
        let d = Diagnostic::new(
            Code::UnknownResource,
            file,
            // Placing a link inside a string with escapes takes a pass over it: only when needed.
            span(),
            format!("{} names a resource \"{}\" that does not exist", what.describe(), id),
        )
        .label("no resource has this id")
        .help(help);
        self.push(d);
        None
    }

    /// The sources a `sources = [...]` list cites; an id no source has is reported (E0311).
    pub(super) fn resolve_sources(&mut self, list: &[Sp<String>], what: impl Describe + Copy) -> Vec<SourceId> {
        let mut out = Vec::with_capacity(list.len());
        for sp in list {
            if let Some(id) = self.source_keys.get(&sp.v) {
                if !out.contains(id) {
                    out.push(*id);
                }
                continue;
            }
            let help = closest(&sp.v, self.source_keys.keys().map(String::as_str)).map_or_else(
                || {
                    if self.source_keys.is_empty() {
                        "give the source an id in [[guide.sources]], e.g. id = \"cms-abn\"".to_string()
                    } else {
                        let mut ids: Vec<&str> = self.source_keys.keys().map(String::as_str).collect();
                        ids.sort_unstable();
                        format!("the source ids are: {}", quoted_list(&ids))
                    }
                },
                |s| format!("did you mean \"{s}\"?"),
            );
            let d = Diagnostic::new(
                Code::UnknownSource,
                sp.file,
                sp.span.clone(),
                format!("{} cites a source \"{}\" that does not exist", what.describe(), sp.v),
            )
            .label("no source has this id")
            .help(help);
            self.push(d);
        }
        out
    }

    /// Warns about content that cites nothing, in a guide whose sources have ids (W0110).
    pub(super) fn uncited(&mut self, file: FileId, span: Range<usize>, what: impl Describe + Copy, example: &str) {
        if self.source_keys.is_empty() {
            return;
        }
        let d = Diagnostic::new(Code::Uncited, file, span, format!("{} cites no source", what.describe()))
            .label("no `sources`")
            .help(format!("name the sources behind it, e.g. {example}"));
        self.push(d);
    }
}
