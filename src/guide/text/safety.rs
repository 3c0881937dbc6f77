//! Terminal safety: characters an author may not use, invisible characters, and making any text
//! safe to print.

use std::borrow::Cow;

/// C1 controls: terminals may act on them (U+009B is a one-byte CSI).
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Bidi embeddings, overrides and isolates: they can make text display in a different order
/// than it is stored ("Trojan Source"), so what a reader sees is not what the guide says.
fn is_bidi_control(c: char) -> bool {
    ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The first character an author may not use, with its byte offset.
///
/// Forbidden: C0 controls other than `\n` and `\t` (`\r` is allowed directly before `\n`, so
/// files saved with Windows line endings load), DEL, C1 controls, and bidi embeddings,
/// overrides and isolates (U+202A..=U+202E, U+2066..=U+2069).
pub fn forbidden_char(src: &str) -> Option<(usize, char)> {
    // Every text of a guide passes through here, nearly always clean, so this is a byte scan.
    // Controls are ASCII below space, DEL, `\r`; C1 controls start with 0xC2 and the bidi
    // controls with 0xE2 in UTF-8 (lead bytes, so always at a character's start): only those
    // bytes need a closer look. Typographic dashes and quotes also start with 0xE2.
    let bytes = src.as_bytes();
    let mut from = 0;
    while let Some(i) = next_suspect(bytes, from) {
        let c = src[i..].chars().next()?;
        let bad = match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            c if c < ' ' || c == '\u{7f}' => true,
            c => is_c1(c) || is_bidi_control(c),
        };
        if bad {
            return Some((i, c));
        }
        from = i + 1;
    }
    None
}

/// Characters that show nothing and take no width: zero-width spaces and joiners, the word
/// joiner and invisible operators, direction marks, the soft hyphen, fillers and other format
/// characters. Pasted from a web page or a word processor, they make two ids or values that look
/// the same differ, and they hide text from whoever reviews a guide.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
    )
}

/// The first invisible character (see [`is_invisible`]) in text that may hold none: an option
/// value is compared and saved, so one that looks like another must be the same.
pub fn first_invisible(src: &str) -> Option<(usize, char)> {
    if src.is_ascii() {
        return None;
    }
    src.char_indices().find(|&(_, c)| is_invisible(c))
}

/// Where an invisible character sits in text a person reads, when it cannot belong there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misplaced {
    /// First in the text.
    Start,
    /// Last in the text.
    End,
    /// Next to this character: ASCII, a space, or another invisible one.
    Beside(char),
}

/// The first invisible character in a title or text that cannot belong where it is: at the start
/// or the end, or next to ASCII, a space or another invisible character. Inside a word or an
/// emoji of a script that needs one (a zero-width joiner in Devanagari or in a family emoji, a
/// non-joiner in Persian, a zero-width space between Thai words) both neighbours are other
/// characters of that script, and it is allowed.
pub fn misplaced_invisible(src: &str) -> Option<(usize, char, Misplaced)> {
    if src.is_ascii() {
        return None;
    }
    let fits = |n: char| !n.is_ascii() && !n.is_whitespace() && !is_invisible(n);
    let mut prev: Option<char> = None;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_invisible(c) {
            let next = chars.peek().map(|&(_, n)| n);
            let place = match (prev, next) {
                (None, _) => Some(Misplaced::Start),
                (_, None) => Some(Misplaced::End),
                (Some(p), _) if !fits(p) => Some(Misplaced::Beside(p)),
                (_, Some(n)) if !fits(n) => Some(Misplaced::Beside(n)),
                _ => None,
            };
            if let Some(place) = place {
                return Some((i, c, place));
            }
        }
        prev = Some(c);
    }
    None
}

/// The next byte from `from` on that may start a forbidden character (see [`forbidden_char`]).
fn next_suspect(bytes: &[u8], from: usize) -> Option<usize> {
    // Whole blocks without a suspect are skipped with a test the compiler can vectorize.
    const BLOCK: usize = 32;
    let suspect = |b: u8| (b < b' ' && b != b'\n' && b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xE2);
    let rest = bytes.get(from..)?;
    let clean = rest.chunks_exact(BLOCK).take_while(|c| !c.iter().fold(false, |a, &b| a | suspect(b))).count();
    let start = from + clean * BLOCK;
    bytes[start..].iter().position(|&b| suspect(b)).map(|i| start + i)
}

/// Whether `sanitize` (or `sanitize_line` when `line`) would change `c`.
fn needs_change(c: char, line: bool) -> bool {
    match c {
        '\n' => line,
        c if c < ' ' || c == '\u{7f}' => true,
        c => is_c1(c) || is_bidi_control(c),
    }
}

fn sanitize_impl(s: &str, line: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_change(c, line)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A Windows line ending is one line break, not a stray control character: drop the
            // `\r` and let the `\n` be handled next.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' if line => out.push(' '),
            // One tab stop; a raw tab would let the terminal, not the layout, decide the width.
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if c < ' ' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_c1(c) || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Makes any text safe to print on a terminal or in a file.
///
/// C0 controls other than `\n` become their visible Control Pictures symbol (ESC → `␛`), so a
/// stray control is seen instead of acted on; DEL becomes `␡`; a tab becomes four spaces; C1
/// controls and bidi controls are dropped. A `\r\n` pair becomes `\n`, while a lone `\r` shows
/// as `␍`. Borrows when nothing changes, which is the common case.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_impl(s, false)
}

/// Like [`sanitize`], and also turns line breaks (`\n`, `\r`, or `\r\n` as a whole) into one
/// space: for places that must stay on one line (titles, labels, file names).
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize_impl(s, true)
}

/// "a" or "an" for a word, so messages read "an escape" and "a tab".
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) { "an" } else { "a" }
}

/// A short human name for a character, for error messages such as "escape (U+001B) is not
/// allowed".
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => "null",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        ' ' => "space",
        '\u{7f}' => "delete",
        '\u{a0}' => "no-break space",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{feff}' => "byte order mark",
        '\u{ad}' => "soft hyphen",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{2060}' => "word joiner",
        '\u{61c}' => "Arabic letter mark",
        c if is_invisible(c) => return format!("invisible character U+{:04X}", u32::from(c)),
        c if c.is_control() => return format!("control character U+{:04X}", u32::from(c)),
        c => return format!("`{c}` (U+{:04X})", u32::from(c)),
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // --- safety ---

    #[test]
    fn forbidden_char_finds_controls_and_bidi_overrides() {
        assert_eq!(forbidden_char("ok\ttext\nmore"), None);
        assert_eq!(forbidden_char("é\u{1b}[2J"), Some((2, '\u{1b}')));
        assert_eq!(forbidden_char("a\u{7f}"), Some((1, '\u{7f}')));
        assert_eq!(forbidden_char("a\u{9b}"), Some((1, '\u{9b}')));
        assert_eq!(forbidden_char("abc\u{202e}cba"), Some((3, '\u{202e}')));
        assert_eq!(forbidden_char("\u{2066}"), Some((0, '\u{2066}')));
        assert_eq!(forbidden_char("a\u{0}"), Some((1, '\0')));
    }

    #[test]
    fn carriage_return_is_allowed_only_before_newline() {
        assert_eq!(forbidden_char("a\r\nb"), None);
        assert_eq!(forbidden_char("a\rb"), Some((1, '\r')));
        assert_eq!(forbidden_char("a\r"), Some((1, '\r')));
    }

    #[test]
    fn the_byte_scan_agrees_with_a_char_by_char_check_for_every_character_that_matters() {
        let reference = |s: &str| {
            let mut chars = s.char_indices().peekable();
            while let Some((pos, c)) = chars.next() {
                let bad = match c {
                    '\n' | '\t' => false,
                    '\r' => chars.peek().map(|&(_, n)| n) != Some('\n'),
                    c => c < ' ' || c == '\u{7f}' || is_c1(c) || is_bidi_control(c),
                };
                if bad {
                    return Some((pos, c));
                }
            }
            None
        };
        // Every character of one and two bytes, and the three-byte block with the dashes,
        // quotes and bidi controls, alone and after typographic text.
        let chars = (0u32..0x800).chain(0x2000..0x2100).filter_map(char::from_u32);
        for c in chars {
            for s in [c.to_string(), format!("“a–b” {c}x"), format!("{c}\n")] {
                assert_eq!(forbidden_char(&s), reference(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn escape_becomes_visible_symbol() {
        assert_eq!(sanitize("a\u{1b}[31m"), "a\u{241b}[31m");
        assert_eq!(sanitize("\u{0}\u{7}\u{7f}"), "\u{2400}\u{2407}\u{2421}");
    }

    #[test]
    fn sanitize_expands_tabs_and_drops_c1_and_bidi_controls() {
        assert_eq!(sanitize("a\tb"), "a    b");
        assert_eq!(sanitize("x\u{202e}y\u{9b}z\u{2069}"), "xyz");
    }

    #[test]
    fn sanitize_keeps_newlines_and_normalizes_crlf() {
        assert_eq!(sanitize("a\nb\r\nc\rd"), "a\nb\nc\u{240d}d");
    }

    #[test]
    fn sanitize_borrows_clean_text() {
        assert!(matches!(sanitize("plain é ✓\nline"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("plain é ✓"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("two\nlines"), Cow::Owned(_)));
    }

    #[test]
    fn sanitize_line_turns_line_breaks_into_one_space() {
        assert_eq!(sanitize_line("a\nb\r\nc\rd\te\u{1b}"), "a b c d    e\u{241b}");
    }

    #[test]
    fn describe_char_names_dangerous_characters() {
        assert_eq!(describe_char('\u{1b}'), "escape (U+001B)");
        assert_eq!(describe_char('\u{202e}'), "right-to-left override (U+202E)");
        assert_eq!(describe_char('\u{7}'), "control character U+0007");
        assert_eq!(describe_char('\u{85}'), "control character U+0085");
        assert_eq!(describe_char('é'), "`é` (U+00E9)");
        assert_eq!(describe_char('\u{1f600}'), "`\u{1f600}` (U+1F600)");
    }
}
