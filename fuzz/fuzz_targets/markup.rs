//! Any text as author text: templates, markup, glossary matching and sanitizing must never
//! panic, and what they hand to a terminal must be safe.

#![no_main]

use guidepost::guide::Value;
use guidepost::guide::text::{
    find_terms, forbidden_char, interpolate, link_targets, parse_markup, parse_template, render_markup, sanitize,
    sanitize_line, to_plain,
};
use guidepost_fuzz::{assert_terminal_safe, unsafe_char};
use libfuzzer_sys::fuzz_target;

fn lookup(name: &str) -> Option<Value> {
    match name.len() % 5 {
        0 => Some(Value::Text("**x** [y](https://evil.example) \u{1b}[31m {a}".into())),
        1 => Some(Value::Number(-1234567.891)),
        2 => Some(Value::List(vec!["a".into(), "\u{202e}b".into()])),
        3 => None,
        _ => Some(Value::Number(f64::INFINITY)),
    }
}

fuzz_target!(|src: &str| {
    if let Ok(t) = parse_template(src) {
        for slot in t.slots() {
            assert!(src.get(slot.span.clone()).is_some(), "slot span is not a slice of the source");
        }
        let _ = t.render(&lookup);
    } else if let Err(e) = parse_template(src) {
        assert!(e.span.start <= e.span.end && e.span.end <= src.len(), "template error span out of bounds");
    }
    let _ = interpolate(src, &lookup);
    let blocks = parse_markup(src);
    let plain = to_plain(&blocks);
    if forbidden_char(src).is_none() {
        // Checked guide text: its plain form may reach a terminal as is.
        assert_terminal_safe(&plain, "to_plain of checked text");
    }
    let rendered = render_markup(src, &lookup);
    let _ = to_plain(&rendered);
    for (_, span) in link_targets(src) {
        assert!(src.get(span).is_some(), "link target span is not a slice of the source");
    }
    // Terms from the first line, text from the rest: any split works.
    let (head, body) = src.split_once('\n').unwrap_or((src, src));
    let terms: Vec<&str> = head.split('|').take(16).collect();
    let mut last_end = 0;
    for (range, idx) in find_terms(body, &terms) {
        assert!(range.start >= last_end, "glossary matches overlap");
        assert!(body.get(range.clone()).is_some(), "glossary match is not a slice of the text");
        assert!(idx < terms.len());
        last_end = range.end;
    }
    let clean = sanitize(src);
    assert!(unsafe_char(&clean, true).is_none(), "sanitize left a control character");
    let line = sanitize_line(src);
    assert!(unsafe_char(&line, false).is_none(), "sanitize_line left a control or a line break");
    if let Some((at, c)) = forbidden_char(src) {
        assert!(src[at..].starts_with(c), "forbidden_char offset does not point at the character");
    }
});
