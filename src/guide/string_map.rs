//! Where each character of a TOML string's value was written in the file.
//!
//! A condition or a template is checked on the string's value, after TOML has resolved its
//! escapes, but a message must put its caret on the characters the author typed. For
//! `title = "Your \u001b[31mcoverage"` the escape character is one byte of the value and six
//! bytes of the file; this module maps one onto the other.

use std::ops::Range;

/// For every byte offset of the value (and one past its end), the offset in `raw` it came from;
/// `None` when `raw` does not decode to `value` (a form of string this does not understand), so
/// callers fall back to the whole string.
///
/// `raw` is the string exactly as written, quotes included: `"…"`, `'…'`, `"""…"""` or `'''…'''`.
pub fn value_offsets(raw: &str, value: &str) -> Option<Vec<usize>> {
    let (quote, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return None;
    };
    if raw.len() < quote * 2 {
        return None;
    }
    let end = raw.len() - quote;
    let mut pos = quote;
    if quote == 3 {
        // A newline right after the opening quotes is not part of the value.
        if raw[pos..].starts_with("\r\n") {
            pos += 2;
        } else if raw[pos..].starts_with('\n') {
            pos += 1;
        }
    }
    let mut decoded = String::with_capacity(value.len());
    let mut map = Vec::with_capacity(value.len() + 1);
    let push = |decoded: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        for _ in 0..c.len_utf8() {
            map.push(at);
        }
        decoded.push(c);
    };
    while pos < end {
        let rest = &raw[pos..end];
        let c = rest.chars().next()?;
        if !basic || c != '\\' {
            push(&mut decoded, &mut map, c, pos);
            pos += c.len_utf8();
            continue;
        }
        let esc = rest[1..].chars().next()?;
        let (ch, len) = match esc {
            'b' => ('\u{8}', 2),
            't' => ('\t', 2),
            'n' => ('\n', 2),
            'f' => ('\u{c}', 2),
            'r' => ('\r', 2),
            'e' => ('\u{1b}', 2),
            '"' => ('"', 2),
            '\\' => ('\\', 2),
            'x' => (hex_char(rest.get(2..4)?)?, 4),
            'u' => (hex_char(rest.get(2..6)?)?, 6),
            'U' => (hex_char(rest.get(2..10)?)?, 10),
            c if quote == 3 && c.is_whitespace() => {
                // A backslash at the end of a line joins the lines, eating the whitespace.
                let skipped = rest[1..].len() - rest[1..].trim_start().len();
                pos += 1 + skipped;
                continue;
            }
            _ => return None,
        };
        push(&mut decoded, &mut map, ch, pos);
        pos += len;
    }
    map.push(pos);
    (decoded == value).then_some(map)
}

fn hex_char(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

/// The bytes of `raw` that hold `inner`, a byte range of the value, or `None` when the string
/// cannot be mapped.
pub fn source_range(raw: &str, value: &str, inner: &Range<usize>) -> Option<Range<usize>> {
    let map = value_offsets(raw, value)?;
    let start = *map.get(inner.start)?;
    // The end is where the last character of the range ends in the source.
    let end = if inner.end > inner.start { *map.get(inner.end)? } else { start };
    Some(start..end.max(start))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_map_one_to_one_after_the_quote() {
        assert_eq!(source_range("\"abc\"", "abc", &(1..2)), Some(2..3));
        assert_eq!(source_range("'a\\b'", "a\\b", &(1..2)), Some(2..3));
    }

    #[test]
    fn an_escape_maps_to_all_the_characters_that_wrote_it() {
        let raw = "\"Your \\u001b[31m\"";
        let value = "Your \u{1b}[31m";
        assert_eq!(source_range(raw, value, &(5..6)), Some(6..12));
        assert_eq!(&raw[6..12], "\\u001b");
        // After the escape, offsets are shifted by its length.
        assert_eq!(source_range(raw, value, &(6..7)), Some(12..13));
    }

    #[test]
    fn multi_line_strings_skip_the_first_newline_and_joined_lines() {
        let raw = "\"\"\"\nab \\\n   cd\"\"\"";
        let value = "ab cd";
        let r = source_range(raw, value, &(3..5)).unwrap();
        assert_eq!(&raw[r], "cd");
    }

    #[test]
    fn a_string_that_does_not_decode_to_the_value_is_not_mapped() {
        assert_eq!(source_range("\"abc\"", "abd", &(0..1)), None);
        assert_eq!(source_range("abc", "abc", &(0..1)), None);
    }
}
