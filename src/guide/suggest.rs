//! "Did you mean …?" suggestions for misspelled names.
//!
//! Every check that rejects a name (a node id, a var, an option value, a key) asks here for the
//! closest known name, so a typo is answered with the fix instead of a bare "not found".

/// Edit distance between two strings in characters, where swapping two neighbours counts as
/// one edit (`titel` is one typo away from `title`).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = best;
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a likely typo.
///
/// "Close enough" scales with length: one edit for short names, about a third of the name for
/// longer ones, so `medicaire` finds `medicare` but `tms` does not find `ect`.
pub fn closest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (name.chars().count() / 3).max(1);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let d = if c.to_lowercase() == lower { 0 } else { distance(&lower, &c.to_lowercase()) };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_one_letter_typo() {
        assert_eq!(closest("medicaire", ["medicare", "medicaid", "none"]), Some("medicare"));
    }

    #[test]
    fn a_swap_of_two_letters_is_one_typo() {
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(closest("titel", ["title", "text"]), Some("title"));
    }

    #[test]
    fn ignores_names_that_are_merely_short() {
        assert_eq!(closest("tms", ["ect", "ssri"]), None);
    }

    #[test]
    fn case_differences_count_as_close() {
        assert_eq!(closest("Welcome", ["welcome", "done"]), Some("welcome"));
    }
}
