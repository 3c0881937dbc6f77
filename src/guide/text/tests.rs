//! Tests across the folder: every public type is shareable, and no public function panics.

use super::test_support::answers;
use super::*;

#[test]
fn types_are_send_sync_and_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<TextError>();
    check::<Filter>();
    check::<Slot>();
    check::<Part>();
    check::<Template>();
    check::<LinkTarget>();
    check::<Inline>();
    check::<Block>();
}

#[test]
fn no_public_function_panics_on_random_text() {
    const ALPHABET: &[char] = &[
        '{', '}', '|', '*', '[', ']', '(', ')', '-', ' ', '\n', ':', 'a', 'b', 'o', 'r', 'm', 'n', 'e', 'y', 'é', '✓',
        'İ', '\r', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2067}', '\u{0}',
    ];
    const WORDS: &[&str] =
        &["money", "or:", "resource:", "https://", "insurer", "estimate", "sneaky", "escape", "}}", "{{"];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let terms = ["a", "b a", "é", "İ", "or money", "✓ a"];
    for _ in 0..4000 {
        let len = (next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..len {
            let r = next();
            if r % 7 == 0 {
                s.push_str(WORDS[(r / 7) as usize % WORDS.len()]);
            } else {
                s.push(ALPHABET[(r / 7) as usize % ALPHABET.len()]);
            }
        }
        match parse_template(&s) {
            Ok(t) => {
                for slot in t.slots() {
                    assert_eq!(s.get(slot.span.clone()), Some(slot.name.as_str()));
                }
                let _ = t.render(&answers);
            }
            Err(e) => {
                assert!(s.get(e.span.clone()).is_some());
                assert!(!e.message.is_empty());
            }
        }
        let _ = interpolate(&s, &answers);
        let blocks = parse_markup(&s);
        let _ = to_plain(&blocks);
        let rendered = render_markup(&s, &answers);
        let plain_text = to_plain(&rendered);
        assert_eq!(forbidden_char(&plain_text), None);
        for (target, span) in link_targets(&s) {
            let raw = &s[span];
            match target {
                LinkTarget::Resource(id) => assert_eq!(raw, format!("resource:{id}")),
                LinkTarget::Url(u) => assert_eq!(raw, u),
            }
        }
        for (range, idx) in find_terms(&s, &terms) {
            assert!(idx < terms.len());
            assert!(s.get(range).is_some());
        }
        if let Some((pos, c)) = forbidden_char(&s) {
            assert_eq!(s[pos..].chars().next(), Some(c));
            assert!(!describe_char(c).is_empty());
        }
        let clean = sanitize(&s);
        assert_eq!(forbidden_char(&clean), None);
        let line = sanitize_line(&s);
        assert!(!line.contains('\n') && !line.contains('\r'));
        assert_eq!(forbidden_char(&line), None);
        let _ = money(f64::from_bits(next()));
    }
}
