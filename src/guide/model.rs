//! The checked guide: every reference resolved to an index, every condition parsed and typed.
//!
//! A `Guide` is only ever built by the checker, after every problem has been ruled out, so code
//! that walks it never meets a dangling `next`, an unknown section or an unparsed condition.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::sync::OnceLock;

use super::condition::Expr;
use super::raw::Date;
use super::source::{FileId, SourceMap};
use super::text::TermFinder;
use super::value::Value;
use crate::date::DateBound;

/// Index of a node in [`Guide::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// Index of a section in [`Guide::sections`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(pub u32);

/// Index of a checklist item in [`Guide::checklist`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(pub u32);

/// Index of a resource in [`Guide::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub u32);

/// Index of a source in [`Meta::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);

/// What sort of publication a source is, so a reader can weigh a claim by what stands behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A government or regulator's own page, a law, or a drug's label.
    Official,
    /// A study published in a peer-reviewed journal.
    PeerReviewed,
    /// A study not yet peer-reviewed.
    Preprint,
    /// Journalism.
    News,
    /// A clinic's or practice's own page.
    Clinic,
}

impl SourceKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [SourceKind; 5] =
        [SourceKind::Official, SourceKind::PeerReviewed, SourceKind::Preprint, SourceKind::News, SourceKind::Clinic];

    /// The value written in a guide (`kind = "peer-reviewed"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::PeerReviewed => "peer-reviewed",
            SourceKind::Preprint => "preprint",
            SourceKind::News => "news",
            SourceKind::Clinic => "clinic",
        }
    }

    /// Reads the value written in a guide.
    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where the facts come from; listed in exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The id content cites it by (`sources = ["ID"]`); older guides leave it out.
    pub key: Option<String>,
    /// What the source is called.
    pub title: String,
    /// Where to find it.
    pub url: Option<String>,
    /// When it was published or checked.
    pub date: Option<Date>,
    /// What sort of publication it is.
    pub kind: Option<SourceKind>,
}

/// `[guide]`: what the guide is and how it presents itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// `[a-z0-9-]+`, used in file names of exports and sessions.
    pub id: String,
    /// Shown on the start screen and in exports.
    pub title: String,
    /// One paragraph for the start screen.
    pub summary: String,
    /// BCP 47 tag.
    pub language: String,
    /// The content's own version.
    pub version: String,
    /// When the facts were last checked.
    pub reviewed: Option<Date>,
    /// Start screen and every export.
    pub disclaimer: String,
    /// Always visible while the guide runs.
    pub banner: Option<String>,
    /// Reading grade the author aims for (readability warnings use it).
    pub target_grade: Option<f64>,
    /// Who wrote the guide (markup).
    pub author: Option<String>,
    /// Who paid for it (markup).
    pub funding: Option<String>,
    /// Conflicts of interest (markup).
    pub conflicts: Option<String>,
    /// How often the facts are re-checked and what triggers an early update (markup).
    pub updates: Option<String>,
    /// How to report an error (markup); filled in by whoever publishes the guide.
    pub contact: Option<String>,
    /// Where the facts come from.
    pub sources: Vec<Source>,
}

impl Meta {
    /// The disclosure a person reads under "About this guide", as (key, heading, markup) in a
    /// fixed order, leaving out what the guide does not say. Every screen and export takes its
    /// headings from here, so they say the same thing.
    pub fn about(&self) -> Vec<(&'static str, &'static str, &str)> {
        [
            ("author", "Written by", &self.author),
            ("funding", "Funding", &self.funding),
            ("conflicts", "Conflicts of interest", &self.conflicts),
            ("updates", "How it is kept up to date", &self.updates),
            ("contact", "To report an error", &self.contact),
        ]
        .into_iter()
        .filter_map(|(key, label, v)| v.as_deref().filter(|t| !t.trim().is_empty()).map(|t| (key, label, t)))
        .collect()
    }

    /// A source.
    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }
}

/// One option of a choice or multi question.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What conditions compare against and answers files hold.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// Shown while the option is highlighted.
    pub help: Option<String>,
    /// Where choosing it leads (choice nodes only; already defaulted to the node's `next`).
    pub next: Option<NodeId>,
    /// The sources behind what the option says.
    pub sources: Vec<SourceId>,
    /// Earlier values of this option: saved answers holding them are read as `value`.
    pub was: Vec<String>,
}

/// One rule of a branch.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `None` is the otherwise.
    pub when: Option<Expr>,
    /// Where it leads.
    pub next: NodeId,
    /// An author's plain explanation, shown when a person asks why a question came up.
    pub why: Option<String>,
    /// Whether `when` names a computed `[values]` entry: a walk works the values out for a
    /// branch only when a rule on the way needs them.
    pub reads_values: bool,
}

/// One row of a compare grid.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row heading.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// Shown only when this holds; `None` means always.
    pub when: Option<Expr>,
    /// Highlighted when this holds (the person said this matters to them).
    pub highlight: Option<Expr>,
    /// The sources behind the row.
    pub sources: Vec<SourceId>,
}

/// One cell of a compare row.
#[derive(Debug, Clone)]
pub struct Cell {
    /// What it says (interpolated).
    pub text: String,
    /// Shown only when this holds, else a dash; `None` means always.
    pub when: Option<Expr>,
    /// Highlighted when this holds.
    pub highlight: Option<Expr>,
    /// The sources behind the cell.
    pub sources: Vec<SourceId>,
}

/// What kind of node, with the keys that kind has.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A page to read.
    Info {
        /// Where continue leads.
        next: NodeId,
    },
    /// Pick exactly one.
    Choice {
        /// The options, each with its resolved `next`.
        options: Vec<Choice>,
    },
    /// Pick any number.
    Multi {
        /// The options.
        options: Vec<Choice>,
        /// Fewest ticks allowed.
        min: usize,
        /// Most ticks allowed.
        max: usize,
        /// Where it leads.
        next: NodeId,
    },
    /// A number.
    Number {
        /// Smallest allowed.
        min: Option<f64>,
        /// Largest allowed.
        max: Option<f64>,
        /// Shown after the input and after the number wherever it is shown ("1 infusion",
        /// "2 infusions").
        unit: Option<Unit>,
        /// Only whole numbers are answers (counts: infusions, medicines, days).
        whole: bool,
        /// Shown while empty.
        placeholder: Option<String>,
        /// Where it leads.
        next: NodeId,
    },
    /// A calendar date.
    Date {
        /// Earliest allowed, worked out on the day the guide runs (`today-180d`).
        min: Option<DateBound>,
        /// Latest allowed.
        max: Option<DateBound>,
        /// Shown while empty.
        placeholder: Option<String>,
        /// Where it leads.
        next: NodeId,
    },
    /// Free text.
    Text {
        /// Shown while empty.
        placeholder: Option<String>,
        /// Longest allowed, in characters.
        max_len: usize,
        /// Where it leads.
        next: NodeId,
    },
    /// Invisible: the first rule that holds decides.
    Branch {
        /// In order; the last is the otherwise.
        rules: Vec<Rule>,
    },
    /// A side-by-side grid.
    Compare {
        /// Column headings.
        columns: Vec<String>,
        /// Rows.
        rows: Vec<Row>,
        /// Where it leads.
        next: NodeId,
    },
    /// Shows the checklist.
    End,
}

/// The unit of a number, in the form for exactly one and the form for any other count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// After exactly 1: "infusion".
    pub one: String,
    /// After any other number: "infusions".
    pub other: String,
}

impl Unit {
    /// A unit written as one word: authors write the plural ("infusions", "dollars"), and
    /// exactly one of them reads "1 infusion". A word that does not end in a single `s`
    /// ("percent", "class") is the same for every count.
    pub fn from_plural(other: &str) -> Unit {
        let one = match other.strip_suffix('s') {
            Some(singular) if !singular.ends_with('s') && !singular.is_empty() => singular,
            _ => other,
        };
        Unit { one: one.to_string(), other: other.to_string() }
    }

    /// The form that reads after `n`.
    pub fn for_count(&self, n: f64) -> &str {
        #[allow(clippy::float_cmp)]
        if n == 1.0 { &self.one } else { &self.other }
    }
}

/// A question's answer slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The answer's name.
    pub var: String,
    /// May be left unanswered.
    pub optional: bool,
    /// Used when no answer is given (headless) and offered first (TUI).
    pub default: Option<Value>,
    /// Left out of the answers in exports unless the person chooses to include them.
    pub private: bool,
    /// Earlier names of `var`: answers saved under them are carried over to this question.
    pub was: Vec<String>,
    /// Where an optional choice goes when it is left unanswered: its node's `next`. Other
    /// questions have one `next` for every answer, so they need none.
    pub skip_to: Option<NodeId>,
}

/// One node of the tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The id authors use.
    pub key: String,
    /// Short title for breadcrumb, review and search (defaults to the id).
    pub title: String,
    /// Body text (light markup, interpolated).
    pub text: String,
    /// What kind.
    pub kind: NodeKind,
    /// Set for the node types that have an answer (choice, multi, number, date, text).
    pub question: Option<Question>,
    /// The sources behind what the page says.
    pub sources: Vec<SourceId>,
}

impl Node {
    /// The type name as written in the file.
    pub fn type_name(&self) -> &'static str {
        self.kind.node_type().name
    }

    /// True for nodes a person answers (choice, multi, number, date, text).
    pub fn is_question(&self) -> bool {
        self.question.is_some()
    }

    /// The one node every answer leads to, for kinds that have one `next` (not choices, whose
    /// options route, nor branches and the end).
    pub fn next(&self) -> Option<NodeId> {
        match &self.kind {
            NodeKind::Info { next }
            | NodeKind::Multi { next, .. }
            | NodeKind::Number { next, .. }
            | NodeKind::Date { next, .. }
            | NodeKind::Text { next, .. }
            | NodeKind::Compare { next, .. } => Some(*next),
            NodeKind::Choice { .. } | NodeKind::Branch { .. } | NodeKind::End => None,
        }
    }

    /// The options of a choice or multi node.
    pub fn options(&self) -> &[Choice] {
        match &self.kind {
            NodeKind::Choice { options } | NodeKind::Multi { options, .. } => options,
            _ => &[],
        }
    }

    /// Every node this one can lead to, in order, with duplicates removed.
    pub fn successors(&self) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = match &self.kind {
            _ if self.next().is_some() => self.next().into_iter().collect(),
            NodeKind::Choice { options } => {
                options.iter().filter_map(|o| o.next).chain(self.question.as_ref().and_then(|q| q.skip_to)).collect()
            }
            NodeKind::Branch { rules } => rules.iter().map(|r| r.next).collect(),
            _ => Vec::new(),
        };
        // Each once, in order; the lists are a few entries long.
        let mut i = 0;
        while i < out.len() {
            if out[..i].contains(&out[i]) {
                out.remove(i);
            } else {
                i += 1;
            }
        }
        out
    }
}

/// A checklist section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The id authors use.
    pub key: String,
    /// The heading.
    pub title: String,
}

/// A checklist item.
#[derive(Debug, Clone)]
pub struct Item {
    /// The id authors use.
    pub key: String,
    /// Its section.
    pub section: SectionId,
    /// The line itself (interpolated).
    pub text: String,
    /// Longer explanation (interpolated, light markup).
    pub details: Option<String>,
    /// When it applies; `None` means always.
    pub when: Option<Expr>,
    /// Resources attached.
    pub resources: Vec<ResourceId>,
    /// The sources behind the item.
    pub sources: Vec<SourceId>,
}

/// A place to get help.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The id authors use.
    pub key: String,
    /// Its name.
    pub title: String,
    /// A link.
    pub url: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// What it offers.
    pub text: Option<String>,
}

/// A computed number from `[values]`.
#[derive(Debug, Clone)]
pub struct Computed {
    /// Its name.
    pub name: String,
    /// Its expression.
    pub expr: Expr,
}

/// A `[[tests]]` scenario, resolved.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its name.
    pub name: String,
    /// The answers, by var.
    pub answers: Vec<(String, Value)>,
    /// Items that must appear.
    pub expect: Vec<ItemId>,
    /// Items that must not.
    pub reject: Vec<ItemId>,
    /// The exact visible path expected, when given.
    pub path: Option<Vec<NodeId>>,
    /// The end node expected, when given.
    pub ends: Option<NodeId>,
    /// The date the scenario takes as today (`None`: the day it runs).
    pub today: Option<Date>,
}

/// A checked guide.
#[derive(Debug, Clone)]
pub struct Guide {
    /// `[guide]`.
    pub meta: Meta,
    /// The first node.
    pub start: NodeId,
    /// Every node, in file order.
    pub nodes: Vec<Node>,
    /// Sections in file order.
    pub sections: Vec<Section>,
    /// Checklist items in file order.
    pub checklist: Vec<Item>,
    /// Resources in file order.
    pub resources: Vec<Resource>,
    /// Term and definition, in file order.
    pub glossary: Vec<(String, String)>,
    /// `[values]` in an order where each comes after those it uses.
    pub values: Vec<Computed>,
    /// `[[tests]]`.
    pub tests: Vec<Scenario>,
    /// The files it came from (for messages and watching).
    pub sources: SourceMap,
    /// Fewest and most questions from each node to an end, for progress.
    pub(crate) bounds: Vec<(u32, u32)>,
    /// Where each checklist item's id is written, for messages about an item found after
    /// loading (W0102), so nothing searches the text for it.
    pub(crate) item_spans: Vec<(FileId, Range<usize>)>,
    pub(crate) node_index: HashMap<String, NodeId>,
    pub(crate) var_index: HashMap<String, NodeId>,
    /// Earlier var names (`was`) and the question that answers them now.
    pub(crate) renamed: HashMap<String, NodeId>,
    /// The glossary prepared for finding terms in text, on first use: every frame and export
    /// marks terms, and preparing 100 terms cost more than the rest of a frame's text.
    pub(crate) term_finder: OnceLock<TermFinder>,
}

impl Guide {
    /// A stand-in made of the `[guide]` table alone (see [`super::preview`]): one page, no
    /// questions, no glossary. The interface draws its start screen while the real guide loads;
    /// it is never walked.
    pub fn preview(meta: Meta) -> Guide {
        let start = NodeId(0);
        let page = Node {
            key: String::new(),
            title: meta.title.clone(),
            text: String::new(),
            kind: NodeKind::Info { next: start },
            question: None,
            sources: Vec::new(),
        };
        Guide {
            meta,
            start,
            nodes: vec![page],
            sections: Vec::new(),
            checklist: Vec::new(),
            resources: Vec::new(),
            glossary: Vec::new(),
            values: Vec::new(),
            tests: Vec::new(),
            sources: SourceMap::default(),
            bounds: vec![(0, 0)],
            item_spans: Vec::new(),
            node_index: HashMap::new(),
            var_index: HashMap::new(),
            renamed: HashMap::new(),
            term_finder: OnceLock::new(),
        }
    }

    /// The glossary's terms, prepared for [`TermFinder::find`]; indices in its results are
    /// indices into [`Guide::glossary`].
    pub fn term_finder(&self) -> &TermFinder {
        self.term_finder
            .get_or_init(|| TermFinder::new(&self.glossary.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>()))
    }

    /// The glossary entries whose terms appear in any of `texts`, in glossary order.
    pub fn glossary_used_in<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<&(String, String)> {
        let finder = self.term_finder();
        let mut used = vec![false; self.glossary.len()];
        for text in texts {
            for (_, t) in finder.find(text) {
                used[t] = true;
            }
        }
        self.glossary.iter().zip(used).filter(|(_, u)| *u).map(|(entry, _)| entry).collect()
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Finds a node by the id authors use.
    pub fn node_id(&self, key: &str) -> Option<NodeId> {
        self.node_index.get(key).copied()
    }

    /// The question node that stores `var`.
    pub fn var_node(&self, var: &str) -> Option<NodeId> {
        self.var_index.get(var).copied()
    }

    /// Whether any content cites a source (`sources = [...]` on a node, option, compare row or
    /// cell, or checklist item). Exports of such a guide list only the sources a person's
    /// checklist stands on; a guide that cites nothing lists all of its sources, as before.
    pub fn cites_sources(&self) -> bool {
        self.checklist.iter().any(|i| !i.sources.is_empty())
            || self.nodes.iter().any(|n| {
                !n.sources.is_empty()
                    || n.options().iter().any(|o| !o.sources.is_empty())
                    || matches!(&n.kind, NodeKind::Compare { rows, .. }
                        if rows.iter().any(|r| !r.sources.is_empty() || r.cells.iter().any(|c| !c.sources.is_empty())))
            })
    }

    /// Whether the question storing `var` is marked `private = true`.
    pub fn is_private(&self, var: &str) -> bool {
        self.var_node(var).and_then(|id| self.node(id).question.as_ref()).is_some_and(|q| q.private)
    }

    /// Whether the graph leads from `from` to `target` (a node leads to itself), following every
    /// way out whatever the answers. "Why asked" and the scenario proposer both ask this.
    pub fn leads_to(&self, from: NodeId, target: NodeId) -> bool {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == target {
                return true;
            }
            if !std::mem::replace(&mut seen[n.0 as usize], true) {
                stack.extend(self.node(n).successors());
            }
        }
        false
    }

    /// The question that now answers a var the guide used to call `var` (its `was`).
    pub fn renamed_var_node(&self, var: &str) -> Option<NodeId> {
        self.renamed.get(var).copied()
    }

    /// A checklist item.
    pub fn item(&self, id: ItemId) -> &Item {
        &self.checklist[id.0 as usize]
    }

    /// Where a checklist item's id is written: its file and byte range (an empty range at the
    /// start of the first file for a guide that was not loaded from text).
    pub fn item_span(&self, id: ItemId) -> (FileId, Range<usize>) {
        self.item_spans.get(id.0 as usize).cloned().unwrap_or((FileId(0), 0..0))
    }

    /// Finds a checklist item by key.
    pub fn item_id(&self, key: &str) -> Option<ItemId> {
        self.checklist.iter().position(|i| i.key == key).map(|i| ItemId(i as u32))
    }

    /// A resource.
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0 as usize]
    }

    /// Finds a resource by key.
    pub fn resource_id(&self, key: &str) -> Option<ResourceId> {
        self.resources.iter().position(|r| r.key == key).map(|i| ResourceId(i as u32))
    }

    /// A section.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0 as usize]
    }

    /// Every node id, in file order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).map(|i| NodeId(i as u32))
    }

    /// Fewest and most questions between this node (included) and an end.
    pub fn questions_left(&self, id: NodeId) -> (u32, u32) {
        self.bounds.get(id.0 as usize).copied().unwrap_or((0, 0))
    }

    /// A hash of the guide's files, to notice that it changed since a session was saved.
    pub fn content_hash(&self) -> String {
        self.sources.content_hash()
    }

    /// The glossary definition of a term, case-insensitively.
    pub fn define(&self, term: &str) -> Option<&str> {
        self.glossary.iter().find(|(t, _)| t.eq_ignore_ascii_case(term)).map(|(_, d)| d.as_str())
    }
}
