//! The state shared by every check: the ids and names found so far, and the diagnostics.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;

use crate::guide::condition::VarInfo;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{ItemId, NodeId, ResourceId, SectionId, SourceId};
use crate::guide::raw::{Describe, RawFile};
use crate::guide::source::{FileId, SourceMap};

/// What the passes have found so far, and the problems they reported.
pub(super) struct Checker<'a> {
    pub(super) sources: &'a SourceMap,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) node_keys: HashMap<String, NodeId>,
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

impl<'a> Checker<'a> {
    /// A checker for these files, knowing which keys they could not read.
    pub(super) fn new(sources: &'a SourceMap, files: &[RawFile]) -> Self {
        Checker {
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
        }
    }

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
