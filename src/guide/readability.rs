//! How hard patient-facing text is to read, so `validate` can warn before a person in a hard
//! moment meets a wall of words.
//!
//! Two measures, both deliberately simple and documented in `docs/guide-format.md`:
//! - a sentence of more than [`MAX_SENTENCE_WORDS`] words (W0108);
//! - the Flesch–Kincaid grade of a whole text, for texts of at least [`MIN_GRADED_WORDS`] words,
//!   above the guide's `target_grade` plus [`GRADE_SLACK`] (W0109).
//!
//! Sentences are split at `.`, `!` and `?` that end a word, so dots inside a word (decimals like
//! `3.5`, web addresses like `988lifeline.org`, `U.S.` in the middle of a sentence) never split.
//! Common abbreviations (`e.g.`, `i.e.`, `vs.`, `Dr.`…) never end a sentence, paragraphs and list
//! items always do. Markup characters, link targets and `{name}` slots are not words.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::diagnostic::{Code, Diagnostic};
use super::raw::{InnerSpans, RawFile, Sp};
use super::source::SourceMap;

/// Longest sentence, in words, before W0108. Thirty words is about where plain-language guides
/// (and most readers under stress) lose the thread.
pub const MAX_SENTENCE_WORDS: usize = 30;
/// Shortest text, in words, whose grade is judged: a grade of a two-line snippet means little.
pub const MIN_GRADED_WORDS: usize = 40;
/// How far above `target_grade` a text may read before W0109.
pub const GRADE_SLACK: f64 = 4.0;
/// The target grade when a guide sets none (plain-language guidance for health information).
pub const DEFAULT_TARGET_GRADE: f64 = 8.0;

/// Abbreviations whose final dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "cf.", "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "approx.", "incl.", "jan.",
    "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "a.m.", "p.m.", "u.s.",
    "u.k.", "inc.", "co.", "jr.", "sr.", "mt.", "ft.", "min.", "max.",
];

/// One sentence: where it is in the text and how many words it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the text, from the first word's start to the last word's end.
    pub span: Range<usize>,
    /// Its words.
    pub words: usize,
}

/// What the measures found in one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Every sentence, in order.
    pub sentences: Vec<Sentence>,
    /// Words in the whole text.
    pub words: usize,
    /// Syllables in the whole text (estimated).
    pub syllables: usize,
}

impl Analysis {
    /// The Flesch–Kincaid grade level, or `None` for a text with no words.
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 || self.sentences.is_empty() {
            return None;
        }
        let w = self.words as f64;
        Some(0.39 * (w / self.sentences.len() as f64) + 11.8 * (self.syllables as f64 / w) - 15.59)
    }

    /// Sentences longer than [`MAX_SENTENCE_WORDS`].
    pub fn long_sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| s.words > MAX_SENTENCE_WORDS)
    }
}

/// A word found in the text: its span, its syllables, and whether it ends a sentence.
struct Word {
    span: Range<usize>,
    syllables: usize,
    ends_sentence: bool,
}

fn is_abbreviation(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials such as "J." or "N.Y.": single letters each followed by a dot.
    let parts: Vec<&str> = lower.trim_end_matches('.').split('.').collect();
    parts.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// Splits text into words, skipping markup, link targets and `{…}` slots.
fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    // One buffer each for every word's characters, its letters and its syllable count.
    let (mut raw, mut letters, mut chars) = (String::new(), String::new(), Vec::new());
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c == '\n' {
            // A blank line or a list item starts a new sentence.
            let rest = &text[i + 1..];
            let next_line = rest.split('\n').next().unwrap_or("");
            let trimmed = next_line.trim_start();
            if (next_line.trim().is_empty() || trimmed.starts_with("- "))
                && let Some(last) = out.last_mut()
            {
                last.ends_sentence = true;
            }
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if line_start && c == '-' && text[i..].starts_with("- ") {
            i += 2;
            line_start = false;
            continue;
        }
        line_start = false;
        // A word: up to whitespace, skipping link targets and slots inside it.
        let start = i;
        raw.clear();
        letters.clear();
        while i < text.len() {
            let ch = text[i..].chars().next().unwrap_or(' ');
            if ch.is_whitespace() {
                break;
            }
            if ch == ']' && bytes.get(i + 1) == Some(&b'(') {
                // Skip `](target)`.
                match text[i..].find(')') {
                    Some(close) => i += close + 1,
                    None => i = text.len(),
                }
                continue;
            }
            if ch == '{' {
                if text[i..].starts_with("{{") {
                    i += 2;
                    continue;
                }
                // A slot reads as one short word.
                match text[i..].find('}') {
                    Some(close) => i += close + 1,
                    None => i = text.len(),
                }
                // A digit, not a letter: `{x}.` must not look like an initial such as "J.".
                raw.push('0');
                letters.push('x');
                continue;
            }
            raw.push(ch);
            if ch.is_alphabetic() {
                letters.extend(ch.to_lowercase());
            }
            i += ch.len_utf8();
        }
        let end = i;
        let trimmed = raw.trim_end_matches(['*', '"', '\'', ')', ']', '”', '’', '_']);
        let stripped = trimmed.trim_start_matches(['*', '"', '\'', '(', '[', '“', '‘']);
        if stripped.chars().all(|ch| !ch.is_alphanumeric()) {
            // Punctuation or markup alone (a dash, `**`): not a word, but it may end a sentence.
            if matches!(stripped.chars().last(), Some('.' | '!' | '?'))
                && let Some(last) = out.last_mut()
            {
                last.ends_sentence = true;
            }
            continue;
        }
        let is_url = stripped.contains("://") || stripped.starts_with("www.");
        let ends = match stripped.chars().last() {
            Some('!' | '?') => true,
            Some('.') => !is_abbreviation(stripped) || (is_url && stripped.ends_with('.')),
            _ => false,
        };
        if is_url {
            letters.clear();
            letters.push('x');
        }
        out.push(Word { span: start..end, syllables: count_syllables(&letters, &mut chars), ends_sentence: ends });
    }
    out
}

/// Estimated syllables of one word (letters only, lowercase).
pub fn syllables(word: &str) -> usize {
    count_syllables(word, &mut Vec::new())
}

/// [`syllables`], with a buffer for the letters that the caller keeps from word to word.
fn count_syllables(word: &str, w: &mut Vec<char>) -> usize {
    w.clear();
    w.extend(word.chars().filter(char::is_ascii_alphabetic));
    if w.is_empty() {
        return 1;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut prev = false;
    for &c in w.iter() {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    // Silent final e ("make"), but not "-le" after a consonant ("table").
    if w[n - 1] == 'e' && !(n >= 3 && w[n - 2] == 'l' && !vowel(w[n - 3])) && count > 1 {
        count -= 1;
    }
    // "-ed" and "-es" are usually not their own syllable ("asked", "makes"), except after t/d or s/x/z/ch/sh.
    if n >= 4 && w[n - 1] == 'd' && w[n - 2] == 'e' && !matches!(w[n - 3], 't' | 'd') && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Measures one text (the string as written, markup included).
pub fn analyze(text: &str) -> Analysis {
    let words = words(text);
    let mut sentences = Vec::new();
    let mut first: Option<usize> = None;
    let mut count = 0;
    let mut syll = 0;
    for (i, w) in words.iter().enumerate() {
        syll += w.syllables;
        count += 1;
        let begin = *first.get_or_insert(i);
        if w.ends_sentence || i + 1 == words.len() {
            sentences.push(Sentence { span: words[begin].span.start..w.span.end, words: count });
            first = None;
            count = 0;
        }
    }
    Analysis { sentences, words: words.len(), syllables: syll }
}

/// The readability warnings for one text a person reads.
pub fn check_text(sources: &SourceMap, sp: &Sp<String>, what: &str, target: f64) -> Vec<Diagnostic> {
    warnings(sources, sp, what, target, &analyze(&sp.v))
}

/// The warnings for one text from its analysis; a text with nothing to warn about costs nothing
/// more.
fn warnings(sources: &SourceMap, sp: &Sp<String>, what: &str, target: f64, a: &Analysis) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if quiet(a, target) {
        return out;
    }
    let place = InnerSpans::new(sources, sp);
    for s in a.long_sentences() {
        let d = Diagnostic::new(
            Code::LongSentence,
            sp.file,
            place.span(s.span.clone()),
            format!("a sentence in {what} has {} words; people under stress lose the thread after about {MAX_SENTENCE_WORDS}", s.words),
        )
        .label(format!("{} words", s.words))
        .help("split it into two or three shorter sentences, or make a list");
        out.push(d);
    }
    if a.words >= MIN_GRADED_WORDS
        && let Some(grade) = a.grade()
        && grade > target + GRADE_SLACK
    {
        let d = Diagnostic::new(
            Code::HardReading,
            sp.file,
            sp.span.clone(),
            format!(
                "{what} is hard to read: it needs about {} years of school, and the guide aims at {} (its \
                 `target_grade`)",
                if grade > 20.0 { "20 or more".to_string() } else { format!("{grade:.0}") },
                super::value::format_number(target)
            ),
        )
        .label("hard to read")
        .help("use shorter sentences and everyday words; explain terms in the [glossary] instead of in the text");
        out.push(d);
    }
    out
}

/// True when a text with this analysis gets no warning.
fn quiet(a: &Analysis, target: f64) -> bool {
    a.long_sentences().next().is_none()
        && !(a.words >= MIN_GRADED_WORDS && a.grade().is_some_and(|grade| grade > target + GRADE_SLACK))
}

/// True for a text too short for either warning: it has no more runs of non-space characters
/// than a sentence may have words, and every word is at least one such run (markup and slots
/// only join runs), so it has no long sentence and too few words to be graded. Most texts are
/// this short, and are not measured at all.
fn cannot_warn(text: &str) -> bool {
    const { assert!(MAX_SENTENCE_WORDS < MIN_GRADED_WORDS) };
    text.split_whitespace().nth(MAX_SENTENCE_WORDS).is_none()
}

/// Warns about one text, measuring it only if the same text was not measured before, and
/// naming it (`what`) only when there is something to say.
fn check_once<'f>(
    measured: &mut HashMap<&'f str, Analysis>,
    sources: &SourceMap,
    sp: &'f Sp<String>,
    what: impl FnOnce() -> String,
    target: f64,
    out: &mut Vec<Diagnostic>,
) {
    if cannot_warn(&sp.v) {
        return;
    }
    let a = measured.entry(sp.v.as_str()).or_insert_with(|| analyze(&sp.v));
    if !quiet(a, target) {
        out.extend(warnings(sources, sp, &what(), target, a));
    }
}

/// Readability warnings for every patient-facing text of the guide's files: node text, option
/// help, checklist item text and details.
pub fn check_files(sources: &SourceMap, files: &[RawFile]) -> Vec<Diagnostic> {
    let target = files
        .first()
        .and_then(|f| f.guide.as_ref())
        .and_then(|g| g.target_grade.as_ref())
        .map_or(DEFAULT_TARGET_GRADE, |t| t.v);
    let mut out = Vec::new();
    // Guides repeat texts (the same help on many options, the same details on many items): each
    // distinct text is measured once, and what to call it is written only when it is warned about.
    let mut measured: HashMap<&str, Analysis> = HashMap::new();
    let mut check = |sp, what: &dyn Fn() -> String| check_once(&mut measured, sources, sp, what, target, &mut out);
    for f in files {
        for n in &f.nodes {
            if let Some(t) = &n.text {
                check(t, &|| format!("the text of node `{}`", n.id.v));
            }
            for o in &n.options {
                if let Some(h) = &o.help {
                    check(h, &|| format!("an option's help in node `{}`", n.id.v));
                }
            }
        }
        for it in &f.checklist {
            if let Some(t) = &it.text {
                check(t, &|| format!("checklist item `{}`", it.id.v));
            }
            if let Some(t) = &it.details {
                check(t, &|| format!("the details of checklist item `{}`", it.id.v));
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn texts_too_short_to_warn_are_not_measured_and_one_word_more_is() {
        let thirty = vec!["word"; MAX_SENTENCE_WORDS].join(" ");
        assert!(cannot_warn(&thirty));
        assert!(analyze(&thirty).long_sentences().next().is_none());
        let thirty_one = format!("{thirty} more");
        assert!(!cannot_warn(&thirty_one));
        assert_eq!(analyze(&thirty_one).long_sentences().count(), 1);
        // Slots and link targets with spaces only make a text look longer than it reads.
        assert!(!cannot_warn(&format!("{thirty} {{x|or:your plan}}")));
    }

    #[test]
    fn abbreviations_decimals_and_addresses_do_not_split_sentences() {
        let a = analyze("Ask about e.g. TMS in the U.S. market. It costs 3.5 times more at example.org today.");
        assert_eq!(a.sentences.len(), 2, "{:?}", a.sentences);
        assert_eq!(a.sentences[0].words, 8);
        assert_eq!(a.sentences[1].words, 8);
    }

    #[test]
    fn list_items_and_paragraphs_are_their_own_sentences() {
        let a = analyze("Bring these:\n\n- your card\n- your letter\n\nThen call");
        assert_eq!(a.sentences.len(), 4, "{:?}", a.sentences);
    }

    #[test]
    fn link_targets_and_slots_are_not_words() {
        let a = analyze("Call [the line](https://example.org/a/b/c) about {insurer|or:your plan} now.");
        assert_eq!(a.words, 6);
        assert_eq!(a.sentences.len(), 1);
    }

    #[test]
    fn a_slot_before_a_full_stop_ends_the_sentence() {
        let a = analyze("It costs {total|money}. Then you pay {rest}.");
        assert_eq!(a.sentences.len(), 2, "{:?}", a.sentences);
    }

    #[test]
    fn markup_does_not_hide_the_end_of_a_sentence() {
        let a = analyze("This is **important.** Read it.");
        assert_eq!(a.sentences.len(), 2);
    }

    #[test]
    fn counts_syllables_roughly_right() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("insurance"), 3);
        assert_eq!(syllables("asked"), 1);
        assert_eq!(syllables("authorization"), 5);
    }

    #[test]
    fn a_sentence_of_31_words_is_long_and_30_is_not() {
        let thirty = vec!["word"; 30].join(" ") + ".";
        let thirty_one = vec!["word"; 31].join(" ") + ".";
        assert_eq!(analyze(&thirty).long_sentences().count(), 0);
        assert_eq!(analyze(&thirty_one).long_sentences().count(), 1);
    }

    #[test]
    fn the_default_guide_reads_within_its_target() {
        let b = crate::builtin::default_guide();
        let loaded = crate::guide::load_str(b.file, b.text, crate::guide::CheckOptions::default());
        let hard: Vec<&Diagnostic> =
            loaded.diagnostics.iter().filter(|d| matches!(d.code, Code::LongSentence | Code::HardReading)).collect();
        assert!(hard.is_empty(), "{hard:#?}");
        assert_eq!(loaded.guide.unwrap().meta.target_grade, Some(8.0));
    }

    #[test]
    fn dense_prose_grades_higher_than_plain_prose() {
        let plain = analyze("Call your plan. Ask if it pays. Write down the name of the person you talk to.");
        let dense = analyze(
            "Administrative determinations regarding reimbursement eligibility necessitate comprehensive documentation substantiating medical necessity.",
        );
        assert!(plain.grade().unwrap() < 6.0, "{:?}", plain.grade());
        assert!(dense.grade().unwrap() > 16.0, "{:?}", dense.grade());
    }
}
