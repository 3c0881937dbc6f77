//! Fuzzy search over everything a person may want to find again in a guide: questions and pages
//! (titles and text), options, checklist items, resources and glossary terms.
//!
//! The index is built once per guide (the terminal interface builds it on the first search, not
//! before) and answers a query with ranked hits. Each hit carries the byte ranges that matched, so
//! a view can highlight them without knowing how the matcher counts characters.
//!
//! Speed matters because a search runs on every keystroke: a cheap subsequence check on
//! lowercased text rules out most entries before the scoring matcher runs, scores are computed
//! without match positions, and positions are only computed for the hits that are returned.

use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::guide::text::{interpolate, parse_markup, sanitize_line, to_plain};
use crate::guide::{Guide, ItemId, NodeId, NodeKind, ResourceId};

/// The most hits a search returns; more would not fit on any screen and only cost time.
pub const MAX_HITS: usize = 200;

/// What a hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A page or question (any visible node).
    Node(NodeId),
    /// An option of a choice or multi question.
    Option {
        /// The question.
        node: NodeId,
        /// The option's index.
        index: usize,
    },
    /// A checklist item.
    Item(ItemId),
    /// A resource.
    Resource(ResourceId),
    /// A glossary term, by its index in [`Guide::glossary`].
    Term(usize),
}

impl Target {
    /// A one-word name of what kind of thing this is, for people.
    pub fn kind_name(self) -> &'static str {
        match self {
            Target::Node(_) => "Page",
            Target::Option { .. } => "Option",
            Target::Item(_) => "Checklist",
            Target::Resource(_) => "Resource",
            Target::Term(_) => "Term",
        }
    }

    /// The order in which kinds are listed when scores tie: questions before the rest.
    fn rank(self) -> u8 {
        match self {
            Target::Node(_) => 0,
            Target::Option { .. } => 1,
            Target::Item(_) => 2,
            Target::Resource(_) => 3,
            Target::Term(_) => 4,
        }
    }
}

/// Which text of an entry matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The title, label, term or item line.
    Title,
    /// The longer text: a page's body, an option's help, an item's details, a definition.
    Body,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What it points at.
    pub target: Target,
    /// Which text matched.
    pub field: Field,
    /// Higher is better.
    pub score: i64,
    /// Byte ranges of the matched characters in that text, sorted and merged.
    pub ranges: Vec<Range<usize>>,
    /// Position of the entry in the index, for stable ordering.
    entry: usize,
}

/// One searchable thing.
#[derive(Debug)]
struct Entry {
    target: Target,
    title: String,
    body: String,
    title_lower: String,
    body_lower: String,
}

/// The index over one guide.
pub struct Index {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("entries", &self.entries.len()).finish_non_exhaustive()
    }
}

/// Plain one-line text of a piece of guide markup, for matching and showing.
fn plain(markup: &str) -> String {
    let text = interpolate(markup, &|_| None);
    let flat = to_plain(&parse_markup(&text));
    let one_line = sanitize_line(&flat);
    // Runs of spaces (from joined lines) would waste room in a one-line snippet.
    let mut out = String::with_capacity(one_line.len());
    let mut last_space = false;
    for c in one_line.chars() {
        let space = c == ' ';
        if !(space && last_space) {
            out.push(c);
        }
        last_space = space;
    }
    out.trim().to_string()
}

fn line(s: &str) -> String {
    sanitize_line(&interpolate(s, &|_| None)).trim().to_string()
}

impl Index {
    /// Builds the index for a guide. Branch nodes are invisible and left out.
    pub fn build(guide: &Guide) -> Index {
        let mut entries = Vec::new();
        let mut push = |target: Target, title: String, body: String| {
            let title_lower = title.to_lowercase();
            let body_lower = body.to_lowercase();
            entries.push(Entry { target, title, body, title_lower, body_lower });
        };
        for id in guide.node_ids() {
            let node = guide.node(id);
            if matches!(node.kind, NodeKind::Branch { .. }) {
                continue;
            }
            push(Target::Node(id), line(&node.title), plain(&node.text));
            for (index, option) in node.options().iter().enumerate() {
                push(
                    Target::Option { node: id, index },
                    line(&option.label),
                    option.help.as_deref().map(plain).unwrap_or_default(),
                );
            }
        }
        for (i, item) in guide.checklist.iter().enumerate() {
            push(
                Target::Item(ItemId(i as u32)),
                plain(&item.text),
                item.details.as_deref().map(plain).unwrap_or_default(),
            );
        }
        for (i, r) in guide.resources.iter().enumerate() {
            let mut body = r.text.as_deref().map(plain).unwrap_or_default();
            for extra in [&r.phone, &r.url].into_iter().flatten() {
                if !body.is_empty() {
                    body.push_str(" · ");
                }
                body.push_str(&sanitize_line(extra));
            }
            push(Target::Resource(ResourceId(i as u32)), line(&r.title), body);
        }
        for (i, (term, definition)) in guide.glossary.iter().enumerate() {
            push(Target::Term(i), line(term), plain(definition));
        }
        Index { entries, matcher: SkimMatcherV2::default().ignore_case() }
    }

    /// How many entries the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the guide has nothing to search.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The title text of a hit's entry (what [`Field::Title`] ranges index into).
    pub fn title(&self, hit: &Hit) -> &str {
        self.entries.get(hit.entry).map_or("", |e| e.title.as_str())
    }

    /// The body text of a hit's entry (what [`Field::Body`] ranges index into).
    pub fn body(&self, hit: &Hit) -> &str {
        self.entries.get(hit.entry).map_or("", |e| e.body.as_str())
    }

    /// The best hits for a query, best first, at most `limit` (and never more than
    /// [`MAX_HITS`]). A title match outranks a body match of the same quality. An empty query
    /// finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let limit = limit.min(MAX_HITS);
        let needle: Vec<char> = query.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        // Score everything first (no positions, no allocation per entry) ...
        let mut scored: Vec<(i64, u8, usize, Field)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let title = if is_subsequence(&e.title_lower, &needle) {
                self.matcher.fuzzy_match(&e.title, query).map(|s| s + title_bonus(query.len()))
            } else {
                None
            };
            let body = if title.is_none() && is_subsequence(&e.body_lower, &needle) {
                self.matcher.fuzzy_match(&e.body, query)
            } else {
                None
            };
            if let Some(s) = title {
                scored.push((s, e.target.rank(), i, Field::Title));
            } else if let Some(s) = body {
                scored.push((s, e.target.rank(), i, Field::Body));
            }
        }
        // ... then keep the best and compute positions for those only.
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        scored.truncate(limit);
        scored
            .into_iter()
            .filter_map(|(score, _, i, field)| {
                let e = &self.entries[i];
                let text = match field {
                    Field::Title => &e.title,
                    Field::Body => &e.body,
                };
                let (_, indices) = self.matcher.fuzzy_indices(text, query)?;
                Some(Hit {
                    target: e.target,
                    field,
                    score,
                    ranges: char_indices_to_byte_ranges(text, &indices),
                    entry: i,
                })
            })
            .collect()
    }
}

/// A title match counts for more than a match somewhere in a long text.
fn title_bonus(query_len: usize) -> i64 {
    8 * i64::from(query_len.min(16) as u8)
}

/// Whether every character of `needle` appears in `hay` in order: a cheap test that rules out
/// most entries before the matcher runs. Both sides are lowercase.
fn is_subsequence(hay: &str, needle: &[char]) -> bool {
    let mut want = needle.iter();
    let Some(mut next) = want.next() else { return true };
    for c in hay.chars() {
        if c == *next {
            match want.next() {
                Some(n) => next = n,
                None => return true,
            }
        }
    }
    false
}

/// Turns the matcher's character indices into byte ranges of `text`, merging neighbours, so a
/// view can slice and style the text directly.
pub fn char_indices_to_byte_ranges(text: &str, indices: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut wanted = indices.iter().copied().peekable();
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        let Some(&next) = wanted.peek() else { break };
        if next < ci {
            wanted.next();
            continue;
        }
        if next == ci {
            wanted.next();
            let end = bi + c.len_utf8();
            match out.last_mut() {
                Some(last) if last.end == bi => last.end = end,
                _ => out.push(bi..end),
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, load_str};

    fn guide() -> Guide {
        let src = r#"
format = 1
[guide]
id = "t"
title = "T"
summary = "s"
language = "en"
version = "1"
reviewed = 2026-01-01
start = "coverage"
disclaimer = "d"

[sections.call]
title = "Call"

[nodes.coverage]
type = "choice"
title = "Your coverage"
text = "How are you insured? Think about **prior authorization**."
var = "insurance"
next = "done"
options = [ { value = "medicare", label = "Original Medicare", help = "Run by the federal government." },
            { value = "none", label = "No insurance" } ]

[nodes.done]
type = "end"
title = "Your checklist"

[checklist.call]
section = "call"
text = "Call your insurer about the superbill."
details = "Ask for the fax number."
resources = ["nami"]

[resources.nami]
title = "NAMI HelpLine"
phone = "1-800-950-6264"
text = "Free support."

[glossary]
"superbill" = "An itemized receipt."
"#;
        let loaded = load_str("t.toml", src, CheckOptions::default());
        loaded.guide.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    #[test]
    fn finds_a_question_by_a_fuzzy_title() {
        let g = guide();
        let idx = Index::build(&g);
        let hits = idx.search("yur cov", 10);
        assert_eq!(hits[0].target, Target::Node(g.node_id("coverage").unwrap()));
        assert_eq!(hits[0].field, Field::Title);
    }

    #[test]
    fn finds_options_items_resources_and_terms() {
        let g = guide();
        let idx = Index::build(&g);
        let kinds = |q: &str| idx.search(q, 10).iter().map(|h| h.target.kind_name()).collect::<Vec<_>>();
        assert!(kinds("medicare").contains(&"Option"));
        assert!(kinds("nami").contains(&"Resource"));
        assert_eq!(kinds("superbill")[0], "Term", "a term's own name ranks first");
        assert!(kinds("superbill").contains(&"Checklist"));
    }

    #[test]
    fn body_text_matches_without_markup_characters() {
        let g = guide();
        let idx = Index::build(&g);
        let hits = idx.search("prior authorization", 10);
        let hit = hits.iter().find(|h| h.target == Target::Node(g.node_id("coverage").unwrap())).unwrap();
        assert_eq!(hit.field, Field::Body);
        assert!(!idx.body(hit).contains("**"));
        let matched: String = hit.ranges.iter().map(|r| &idx.body(hit)[r.clone()]).collect();
        assert_eq!(matched.replace(' ', ""), "priorauthorization");
    }

    #[test]
    fn match_positions_are_byte_ranges_even_after_wide_characters() {
        let text = "é—Medicare";
        let ranges = char_indices_to_byte_ranges(text, &[2, 3, 4]);
        assert_eq!(ranges, vec![5..8]);
        assert_eq!(&text[ranges[0].clone()], "Med");
    }

    #[test]
    fn an_empty_query_finds_nothing_and_a_miss_finds_nothing() {
        let g = guide();
        let idx = Index::build(&g);
        assert!(idx.search("   ", 10).is_empty());
        assert!(idx.search("zzzzqqq", 10).is_empty());
    }

    #[test]
    fn results_are_capped() {
        let g = guide();
        let idx = Index::build(&g);
        assert!(idx.search("e", 2).len() <= 2);
        assert!(idx.search("e", 10_000).len() <= MAX_HITS);
    }
}
