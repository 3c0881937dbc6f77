//! Where each character of a TOML string's value was written in the file.
//!
//! A condition or a template is checked on the string's value, after TOML has resolved its
//! escapes, but a message must put its caret on the characters the author typed. For
//! `title = "Your \u001b[31mcoverage"` the escape character is one byte of the value and six
//! bytes of the file; this module maps one onto the other.

use std::ops::Range;

/// Where the value's bytes were written in `raw`, built once per string so that every slot,
/// link or sentence in it is placed in constant time (a text with 20,000 links is mapped once,
/// not 20,000 times).
///
/// Only the places where the value and the source stop running side by side are kept (after an
/// escape or a joined line), so a string without escapes costs one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueMap {
    /// `(value offset, source offset)` where each run of one-to-one bytes starts, in order.
    runs: Vec<(usize, usize)>,
    /// The value's length: offsets past it are not mapped.
    len: usize,
}

impl ValueMap {
    /// Maps `value` onto `raw`, the string exactly as written, quotes included: `"…"`, `'…'`,
    /// `"""…"""` or `'''…'''`; `None` when `raw` does not decode to `value` (a form of string
    /// this does not understand), so callers fall back to the whole string.
    pub fn new(raw: &str, value: &str) -> Option<ValueMap> {
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
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let note = |runs: &mut Vec<(usize, usize)>, at: usize, pos: usize| {
            if runs.last().is_none_or(|&(v, r)| r + (at - v) != pos) {
                runs.push((at, pos));
            }
        };
        // Where in the value the next decoded character must be.
        let mut at = 0usize;
        while pos < end {
            let rest = &raw[pos..end];
            let c = rest.chars().next()?;
            let (ch, len) = if !basic || c != '\\' {
                (c, c.len_utf8())
            } else {
                match rest[1..].chars().next()? {
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
                }
            };
            // The decoded character must be the value's next one.
            if value.get(at..)?.chars().next()? != ch {
                return None;
            }
            note(&mut runs, at, pos);
            at += ch.len_utf8();
            pos += len;
        }
        if at != value.len() {
            return None;
        }
        note(&mut runs, at, pos);
        Some(ValueMap { runs, len: value.len() })
    }

    /// The offset in the source of byte `at` of the value (on a character boundary, or one past
    /// the end).
    fn offset(&self, at: usize) -> Option<usize> {
        if at > self.len {
            return None;
        }
        let k = self.runs.partition_point(|&(v, _)| v <= at).checked_sub(1)?;
        let (v, r) = self.runs[k];
        Some(r + (at - v))
    }

    /// The bytes of the source that hold `inner`, a byte range of the value.
    pub fn range(&self, inner: &Range<usize>) -> Option<Range<usize>> {
        let start = self.offset(inner.start)?;
        // The end is where the last character of the range ends in the source.
        let end = if inner.end > inner.start { self.offset(inner.end)? } else { start };
        Some(start..end.max(start))
    }
}

fn hex_char(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

/// The bytes of `raw` that hold `inner`, a byte range of the value, or `None` when the string
/// cannot be mapped. This maps the whole string: for several ranges of one string, build a
/// [`ValueMap`] once.
pub fn source_range(raw: &str, value: &str, inner: &Range<usize>) -> Option<Range<usize>> {
    ValueMap::new(raw, value)?.range(inner)
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

    #[test]
    fn one_map_places_every_range_of_a_string() {
        let raw = "\"a\\u00e9b [x](resource:r) \\t[y](resource:s)\"";
        let value = "a\u{e9}b [x](resource:r) \t[y](resource:s)";
        let map = ValueMap::new(raw, value).unwrap();
        for (i, _) in value.char_indices() {
            let want = source_range(raw, value, &(i..i + value[i..].chars().next().unwrap().len_utf8()));
            assert_eq!(map.range(&(i..i + value[i..].chars().next().unwrap().len_utf8())), want);
        }
        let x = value.find("resource:r").unwrap();
        assert_eq!(&raw[map.range(&(x..x + 10)).unwrap()], "resource:r");
        let y = value.find("resource:s").unwrap();
        assert_eq!(&raw[map.range(&(y..y + 10)).unwrap()], "resource:s");
        assert_eq!(&raw[map.range(&(1..3)).unwrap()], "\\u00e9");
        // Past the end is not mapped.
        assert_eq!(map.range(&(value.len() + 1..value.len() + 2)), None);
    }

    #[test]
    fn a_string_without_escapes_is_one_run() {
        let value = "[a](resource:r) ".repeat(1_000);
        let raw = format!("\"{value}\"");
        let map = ValueMap::new(&raw, &value).unwrap();
        assert_eq!(map.runs.len(), 1);
        assert_eq!(map.range(&(16_000 - 16..16_000 - 1)), Some(16_000 - 15..16_000));
    }
}
