//! The state shared by every check: the ids and names found so far, and the diagnostics.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::guide::condition::VarInfo;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{ItemId, NodeId, ResourceId, SectionId, SourceId};
use crate::guide::raw::Describe;
use crate::guide::source::{FileId, SourceMap};

pub(super) struct Checker<'a> {
    pub(super) sources: &'a SourceMap,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) node_keys: HashMap<String, (NodeId, FileId, Range<usize>)>,
    pub(super) section_keys: HashMap<String, SectionId>,
    pub(super) item_keys: HashMap<String, ItemId>,
    pub(super) resource_keys: HashMap<String, ResourceId>,
    /// Ids of `[[guide.sources]]`; when there are any, content is expected to cite them (W0110).
    pub(super) source_keys: HashMap<String, SourceId>,
    /// Vars of questions marked `private = true`.
    pub(super) private_vars: HashSet<String>,
    pub(super) vars: HashMap<String, VarInfo>,
    pub(super) value_names: HashSet<String>,
    pub(super) used_resources: HashSet<ResourceId>,
    /// Vars of questions that are already reported as broken (no or an unknown `type`), so
    /// conditions, text and tests that use them do not add a second, misleading error.
    pub(super) broken_vars: HashSet<String>,
    /// Keys that were written but could not be read, already reported as the wrong type: by
    /// file, the start of their table's span, and key (see `RawFile::unreadable`).
    pub(super) unreadable: HashSet<(FileId, usize, String)>,
    /// The node being converted: a mistyped `next` never means the node itself, so it is left
    /// out of the did-you-mean.
    pub(super) converting: Option<String>,
}

impl Checker<'_> {
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// True when `key` was written in the table at `anchor` but had the wrong type, so saying it
    /// is missing would contradict the error already given.
    pub(super) fn was_unreadable(&self, file: FileId, anchor: usize, key: &str) -> bool {
        self.unreadable.contains(&(file, anchor, key.to_string()))
    }

    pub(super) fn missing(
        &mut self,
        file: FileId,
        span: Range<usize>,
        key: &str,
        what: impl Describe + Copy,
        help: &str,
    ) {
        if self.was_unreadable(file, span.start, key) {
            return;
        }
        let d = Diagnostic::new(Code::MissingKey, file, span, format!("{} has no `{key}`", what.describe()))
            .label(format!("`{key}` is required here"))
            .help(help.to_string());
        self.push(d);
    }
}
