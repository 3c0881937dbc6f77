//! Fuzzy search over everything a person may want to find again in a guide: questions and pages
//! (titles and text), options, checklist items, resources and glossary terms.
//!
//! The index is built once per guide (the terminal interface builds it on the first search, not
//! before) and answers a query with ranked hits. Each hit carries the byte ranges that matched, so
//! a view can highlight them without knowing how the matcher counts characters.
//!
//! How a query matches:
//! - **Titles** (question titles, option labels, item lines, resource names, terms) match fuzzily:
//!   the query's letters in order, ranked by [`SkimMatcherV2`] (consecutive letters and word
//!   starts count most). Typing `yur cov` finds "Your coverage".
//! - **Longer text** (page text, option help, item details, definitions) matches by word starts:
//!   every word of the query must begin a word of the text (`prior auth` finds "prior
//!   authorization"). Letters scattered over a paragraph would match almost anything.
//! - A title match always ranks above a match in longer text.
//! - **Typos**: when few entries match as typed, a query word of five letters or more also
//!   matches a word one edit away (two from nine letters on): a wrong, missing, extra or swapped
//!   letter, as in "deductable" for "deductible" or "spravto" for "Spravato". Such matches rank
//!   below every match as typed.
//!
//! Speed matters because a search runs on every keystroke. Every entry gets a cheap score from
//! lowercased text prepared when the index is built (no allocation per entry); only the best few
//! hundred are then scored and located by the matcher. A keystroke on a guide of 10,000
//! questions takes a few milliseconds (see `benches/search.rs`).

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
    /// Every word of every entry, lowercased: a query word that starts one of them is spelled as
    /// the guide spells it, so no typo needs looking for.
    words: std::collections::BTreeSet<String>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("entries", &self.entries.len()).finish_non_exhaustive()
    }
}

/// Plain one-line text of a piece of guide markup, for matching and showing.
fn plain(markup: &str) -> String {
    // Answers are not known to the index: a value not filled in is left out, not shown as
    // "(not answered)" in a snippet.
    let text = interpolate(markup, &|_| None).replace(crate::guide::text::NOT_ANSWERED, "");
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
            let title_lower = fold(&title);
            let body_lower = fold(&body);
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
        let mut words = std::collections::BTreeSet::new();
        for e in &entries {
            for text in [&e.title_lower, &e.body_lower] {
                for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= TYPO_MIN_LETTERS) {
                    if !words.contains(w) {
                        words.insert(w.to_string());
                    }
                }
            }
        }
        Index { entries, matcher: SkimMatcherV2::default().ignore_case(), words }
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
    /// [`MAX_HITS`]). An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = fold(query.trim());
        let needle: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        if needle.is_empty() {
            return Vec::new();
        }
        let terms: Vec<&str> = query.split_whitespace().collect();
        let needle_chars: Vec<char> = needle.chars().collect();
        let limit = limit.min(MAX_HITS);
        // A cheap score for every entry ...
        let mut candidates: Vec<(i64, usize, Field)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(score) = cheap_title_score(&e.title_lower, &query, &needle_chars) {
                candidates.push((TITLE_BASE + score, i, Field::Title));
            } else if let Some(score) = body_score(&e.body_lower, &terms) {
                candidates.push((score, i, Field::Body));
            }
        }
        // ... then the matcher for the best of them only.
        let keep = (limit * 2).max(64);
        if candidates.len() > keep {
            candidates.select_nth_unstable_by(keep, |a, b| b.0.cmp(&a.0));
            candidates.truncate(keep);
        }
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .filter_map(|(cheap, i, field)| {
                let e = &self.entries[i];
                match field {
                    Field::Title => {
                        let (score, indices) = self.matcher.fuzzy_indices(&e.title, &needle)?;
                        let ranges = char_indices_to_byte_ranges(&e.title, &indices);
                        Some(Hit { target: e.target, field, score: TITLE_BASE + score, ranges, entry: i })
                    }
                    Field::Body => {
                        let ranges = word_start_ranges(&e.body_lower, &terms);
                        Some(Hit { target: e.target, field, score: cheap, ranges, entry: i })
                    }
                }
            })
            .collect();
        let misspelled = |t: &&str| {
            t.chars().count() >= TYPO_MIN_LETTERS
                && !self
                    .words
                    .range::<str, _>((std::ops::Bound::Included(*t), std::ops::Bound::Unbounded))
                    .next()
                    .is_some_and(|w| w.starts_with(*t))
        };
        if hits.len() < TYPO_WHEN_FEWER && terms.iter().any(misspelled) {
            let found: std::collections::BTreeSet<usize> = hits.iter().map(|h| h.entry).collect();
            for (i, e) in self.entries.iter().enumerate() {
                if found.contains(&i) {
                    continue;
                }
                if let Some(ranges) = typo_ranges(&e.title_lower, &terms) {
                    hits.push(Hit { target: e.target, field: Field::Title, score: TYPO_TITLE, ranges, entry: i });
                } else if let Some(ranges) = typo_ranges(&e.body_lower, &terms) {
                    let first = ranges.first().map_or(0, |r| r.start);
                    let score = TYPO_BODY - small(first);
                    hits.push(Hit { target: e.target, field: Field::Body, score, ranges, entry: i });
                }
            }
        }
        hits.sort_by(|a, b| {
            b.score.cmp(&a.score).then(a.target.rank().cmp(&b.target.rank())).then(a.entry.cmp(&b.entry))
        });
        hits.truncate(limit);
        hits
    }
}

/// Every title match ranks above every match in longer text.
const TITLE_BASE: i64 = 1_000_000;
/// Words this long or longer also match with a typo.
const TYPO_MIN_LETTERS: usize = 5;
/// Typos are looked for only when fewer entries than this match as typed.
const TYPO_WHEN_FEWER: usize = 10;
/// A title that matches with typos ranks below every match as typed.
const TYPO_TITLE: i64 = 500;
/// Longer text that matches with typos ranks below that.
const TYPO_BODY: i64 = 0;

/// The ranges of `text` matching each query term, allowing typos in terms of
/// [`TYPO_MIN_LETTERS`] or more (one edit, two from nine letters), `None` unless every term
/// matches. A shorter term must start a word as typed.
fn typo_ranges(text: &str, terms: &[&str]) -> Option<Vec<Range<usize>>> {
    // Every term as typed first: a short term that is missing rules the text out before any
    // typo is looked for, which is the slow part.
    let exact: Vec<Option<usize>> =
        terms.iter().map(|t| text.match_indices(t).map(|(p, _)| p).find(|&p| at_word_start(text, p))).collect();
    if terms.iter().zip(&exact).any(|(t, e)| e.is_none() && t.chars().count() < TYPO_MIN_LETTERS) {
        return None;
    }
    let mut ranges = Vec::with_capacity(terms.len());
    for (term, exact) in terms.iter().zip(exact) {
        let range = if let Some(p) = exact {
            p..p + term.len()
        } else {
            let n = term.chars().count();
            near_word(text, term, n, if n >= 9 { 2 } else { 1 })?
        };
        ranges.push(range);
    }
    ranges.sort_by_key(|r| r.start);
    Some(ranges)
}

/// The first word of `text` (or the start of one, for a word still being typed) within `max`
/// edits of `term`. Typos rarely hit the first letter, so only words that start with the same
/// letter are compared; that keeps this quick.
fn near_word(text: &str, term: &str, n: usize, max: usize) -> Option<Range<usize>> {
    let first = term.chars().next()?;
    let mut words = text.char_indices().peekable();
    while let Some((start, c)) = words.next() {
        if !c.is_alphanumeric() || !at_word_start(text, start) {
            continue;
        }
        let end = text[start..].find(|ch: char| !ch.is_alphanumeric()).map_or(text.len(), |e| start + e);
        if c == first {
            let word = &text[start..end];
            let len = word.chars().count();
            // The whole word, or its start as long as the term give or take a letter.
            for take in [len, n, n + 1, n.saturating_sub(1)] {
                if take == 0 || take > len || (take < len && take + 2 < n) {
                    continue;
                }
                let cut = word.char_indices().nth(take).map_or(word.len(), |(b, _)| b);
                if crate::guide::suggest::distance(&word[..cut], term) <= max {
                    return Some(start..start + cut);
                }
            }
        }
        while words.peek().is_some_and(|&(i, _)| i < end) {
            words.next();
        }
    }
    None
}

/// Lowercases character by character, keeping any character whose lowercase form has another
/// length, so byte offsets in the folded text are offsets in the original.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// A length or position as a score term, capped at 1,000.
fn small(n: usize) -> i64 {
    i64::from(n.min(1_000) as u16)
}

fn at_word_start(hay: &str, pos: usize) -> bool {
    !hay[..pos].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// A quick estimate of how well a title matches: a whole-phrase match near the start of a word
/// scores highest, letters in order with small gaps less; `None` when the letters are not all
/// there in order.
fn cheap_title_score(title: &str, phrase: &str, needle: &[char]) -> Option<i64> {
    let shorter = -small(title.len());
    if let Some(pos) = title.find(phrase) {
        let start = if pos == 0 {
            600
        } else if at_word_start(title, pos) {
            400
        } else {
            200
        };
        return Some(start + 200 - small(pos) + shorter);
    }
    let mut want = needle.iter().peekable();
    let mut gaps = 0i64;
    let mut run = false;
    for c in title.chars() {
        match want.peek() {
            None => break,
            Some(&&w) if w == c => {
                want.next();
                run = true;
            }
            Some(_) => {
                if run {
                    gaps += 1;
                }
                run = false;
            }
        }
    }
    // Letters scattered across a long sentence ("superb" in "Ask your prescriber…") are noise,
    // not a match: allow only a few runs, as in an abbreviation ("medadv").
    let max_gaps = i64::try_from(needle.len() / 3).unwrap_or(i64::MAX).max(1);
    (want.peek().is_none() && gaps <= max_gaps).then_some(100 - (gaps * 10).min(100) + shorter)
}

/// Whether every term starts a word of `body`, scored by how early the first one does.
fn body_score(body: &str, terms: &[&str]) -> Option<i64> {
    let mut first = usize::MAX;
    for term in terms {
        let pos = body.match_indices(term).map(|(p, _)| p).find(|&p| at_word_start(body, p))?;
        first = first.min(pos);
    }
    Some(1_000 - small(first))
}

/// The byte ranges of the first word-start occurrence of each term, sorted and merged.
fn word_start_ranges(body: &str, terms: &[&str]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = terms
        .iter()
        .filter_map(|t| body.match_indices(t).map(|(p, _)| p).find(|&p| at_word_start(body, p)).map(|p| p..p + t.len()))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
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
#[allow(clippy::single_range_in_vec_init)]
mod typo_tests {
    use super::*;

    #[test]
    fn long_words_match_with_one_typo_and_short_ones_do_not() {
        assert_eq!(typo_ranges("your deductible is high", &["deductable"]), Some(vec![5..15]));
        assert_eq!(typo_ranges("spravato (esketamine)", &["spravto"]), Some(vec![0..8]));
        assert_eq!(typo_ranges("prior authorization", &["prior", "autorization"]), Some(vec![0..5, 6..19]));
        assert_eq!(typo_ranges("the cost", &["cots"]), None, "four letters must match as typed");
        assert_eq!(typo_ranges("medicare", &["medicaid"]), None, "one edit in eight letters is the most");
        assert_eq!(typo_ranges("a ketamine clinic", &["kxtamine"]), Some(vec![2..10]));
        assert_eq!(typo_ranges("a ketamine clinic", &["xetamine"]), None, "the first letter must be right");
    }
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
    fn longer_text_matches_by_word_starts_only() {
        let g = guide();
        let idx = Index::build(&g);
        let hits = idx.search("fed gov", 10);
        let hit = hits.iter().find(|h| h.field == Field::Body).unwrap();
        assert_eq!(hit.target, Target::Option { node: g.node_id("coverage").unwrap(), index: 0 });
        let matched: Vec<&str> = hit.ranges.iter().map(|r| &idx.body(hit)[r.clone()]).collect();
        assert_eq!(matched, vec!["fed", "gov"]);
        assert!(idx.search("eral ernment", 10).iter().all(|h| h.field == Field::Title), "not mid-word in text");
    }

    #[test]
    fn letters_scattered_across_a_sentence_are_not_a_match() {
        assert_eq!(
            cheap_title_score("ask your prescriber to send a letter", "superb", &['s', 'u', 'p', 'e', 'r', 'b']),
            None
        );
        assert!(cheap_title_score("medicare advantage", "medadv", &['m', 'e', 'd', 'a', 'd', 'v']).is_some());
    }

    #[test]
    fn titles_rank_above_longer_text() {
        let g = guide();
        let idx = Index::build(&g);
        let hits = idx.search("insur", 10);
        let first_body = hits.iter().position(|h| h.field == Field::Body).unwrap_or(hits.len());
        assert!(first_body > 0);
        assert!(hits[..first_body].iter().all(|h| h.field == Field::Title));
        assert!(hits[first_body..].iter().all(|h| h.field == Field::Body));
    }

    #[test]
    fn folding_keeps_byte_offsets() {
        for s in ["İstanbul Straße ÉCOLE", "ǅ ẞ K"] {
            assert_eq!(fold(s).len(), s.len());
        }
        assert_eq!(fold("Prior AUTH"), "prior auth");
    }

    #[test]
    fn results_are_capped() {
        let g = guide();
        let idx = Index::build(&g);
        assert!(idx.search("e", 2).len() <= 2);
        assert!(idx.search("e", 10_000).len() <= MAX_HITS);
    }
}
