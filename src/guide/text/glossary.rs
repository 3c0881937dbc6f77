//! Glossary terms: where the terms a guide defines occur in a piece of text.

use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;
use std::ops::Range;

/// Where glossary terms occur in `text`: byte ranges and the index of the term in `terms`.
///
/// Matching is case-insensitive and by whole words: the characters before and after a match
/// must not be alphanumeric, so "superbill" does **not** match inside "superbills" (a plural
/// is a different word to the matcher; add it as its own term if it should be marked). Any run
/// of whitespace in a term matches exactly one whitespace character in the text, so "prior
/// authorization" matches across a single space or line break. When matches overlap the
/// longer one wins (ties: the earlier, then the lower term index). Sorted by start.
pub fn find_terms(text: &str, terms: &[&str]) -> Vec<(Range<usize>, usize)> {
    TermFinder::new(terms).find(text)
}

/// Glossary terms prepared once (lowercased, indexed by first letter), so marking terms in every
/// paragraph of every frame does not redo that work each time.
#[derive(Debug, Clone, Default)]
pub struct TermFinder {
    /// Each term as lowercase characters, with `None` for "one whitespace character".
    prepared: Vec<Vec<Option<char>>>,
    /// The terms by their first (lowercase) character: ASCII ones by index, with no hashing on
    /// the way, since every word of every text is looked up.
    ascii_first: Vec<Vec<usize>>,
    other_first: HashMap<char, Vec<usize>>,
}

impl TermFinder {
    /// Prepares the terms; indices in results refer to this slice.
    pub fn new(terms: &[&str]) -> TermFinder {
        let prepared: Vec<Vec<Option<char>>> = terms
            .iter()
            .map(|term| {
                let mut pieces = Vec::new();
                for c in term.trim().chars() {
                    if c.is_whitespace() {
                        if pieces.last() != Some(&None) {
                            pieces.push(None);
                        }
                    } else {
                        pieces.extend(c.to_lowercase().map(Some));
                    }
                }
                pieces
            })
            .collect();
        let mut ascii_first = vec![Vec::new(); 128];
        let mut other_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (idx, pieces) in prepared.iter().enumerate() {
            match pieces.first() {
                Some(Some(c)) if c.is_ascii() => ascii_first[*c as usize].push(idx),
                Some(Some(c)) => other_first.entry(*c).or_default().push(idx),
                _ => {}
            }
        }
        TermFinder { prepared, ascii_first, other_first }
    }

    /// Same as [`find_terms`], with the terms given to [`TermFinder::new`].
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let prepared = &self.prepared;
        let mut candidates = Vec::new();
        let mut prev: Option<char> = None;
        for (pos, c) in text.char_indices() {
            let at_boundary = !prev.is_some_and(char::is_alphanumeric);
            prev = Some(c);
            if !at_boundary {
                continue;
            }
            let idxs = if c.is_ascii() {
                self.ascii_first.get(c.to_ascii_lowercase() as usize)
            } else {
                c.to_lowercase().next().and_then(|first| self.other_first.get(&first))
            };
            let Some(idxs) = idxs else { continue };
            for &idx in idxs {
                if let Some(end) = match_term(text, pos, &prepared[idx]) {
                    candidates.push((pos..end, idx));
                }
            }
        }

        candidates.sort_by_key(|(r, idx)| (std::cmp::Reverse(r.len()), r.start, *idx));
        let mut accepted: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (range, idx) in candidates {
            // Accepted ranges are disjoint, so only the last one starting before `range.end` can
            // overlap it.
            let overlaps = accepted.range(..range.end).next_back().is_some_and(|(_, &(end, _))| end > range.start);
            if !overlaps {
                accepted.insert(range.start, (range.end, idx));
            }
        }
        accepted.into_iter().map(|(start, (end, idx))| (start..end, idx)).collect()
    }
}

/// The end of a whole-word match of `pieces` at `pos`, if there is one.
fn match_term(text: &str, pos: usize, pieces: &[Option<char>]) -> Option<usize> {
    let mut k = 0;
    let mut end = pos;
    let mut chars = text[pos..].chars();
    while k < pieces.len() {
        let c = chars.next()?;
        end += c.len_utf8();
        if pieces[k].is_none() {
            if !c.is_whitespace() {
                return None;
            }
            k += 1;
            continue;
        }
        for lc in c.to_lowercase() {
            if pieces.get(k) != Some(&Some(lc)) {
                return None;
            }
            k += 1;
        }
    }
    let at_boundary = !text[end..].chars().next().is_some_and(char::is_alphanumeric);
    at_boundary.then_some(end)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // --- glossary ---

    #[test]
    fn terms_match_whole_words_case_insensitively() {
        let text = "Ask for a Superbill. Superbills are different; a superbill-style form too.";
        let found = find_terms(text, &["superbill"]);
        let words: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(words, vec!["Superbill", "superbill"]);
    }

    #[test]
    fn plural_does_not_match_singular_term() {
        assert!(find_terms("superbills", &["superbill"]).is_empty());
        assert!(find_terms("xsuperbill", &["superbill"]).is_empty());
    }

    #[test]
    fn multi_word_terms_match_across_one_space() {
        let text = "Get prior authorization or Prior\nAuthorization, not prior  authorization.";
        let found = find_terms(text, &["prior  authorization"]);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].0.clone()], "prior authorization");
        assert_eq!(&text[found[1].0.clone()], "Prior\nAuthorization");
    }

    #[test]
    fn longer_terms_win_over_overlapping_shorter_ones() {
        let text = "the prior authorization review process";
        let terms = ["authorization", "prior authorization", "authorization review process", "the"];
        let found = find_terms(text, &terms);
        assert_eq!(found, vec![(0..3, 3), (10..38, 2)]);
    }

    #[test]
    fn terms_are_sorted_by_start_and_handle_multibyte_text() {
        let text = "Café EOB — the eob and CAFÉ.";
        let found = find_terms(text, &["eob", "café", ""]);
        let got: Vec<(&str, usize)> = found.iter().map(|(r, i)| (&text[r.clone()], *i)).collect();
        assert_eq!(got, vec![("Café", 1), ("EOB", 0), ("eob", 0), ("CAFÉ", 1)]);
    }
}
