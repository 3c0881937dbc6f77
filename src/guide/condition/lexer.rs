//! Lexing: source text into tokens, one at a time.

use std::ops::Range;

use super::MAX_LEN;
use super::ast::{ArithOp, CmpOp};
use super::error::{CondError, too_long};

/// Token kinds. Names carry no text: it is sliced from the source by span when needed.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Number(f64),
    Text(String),
    Name,
    True,
    False,
    And,
    Or,
    Not,
    In,
    Answered,
    Cmp(CmpOp),
    Arith(ArithOp),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Eof,
}

impl Tok {
    /// Binary operators, used to word "missing a value before `==`".
    pub(super) fn is_binary_operator(&self) -> bool {
        matches!(self, Tok::And | Tok::Or | Tok::In | Tok::Cmp(_) | Tok::Arith(_))
    }
}

/// A token and where it is.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) kind: Tok,
    pub(super) span: Range<usize>,
}

/// Turns source into tokens on demand, so that an absurdly nested or long input is refused after
/// looking at only the part needed to know it is too much.
pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    /// Byte offset of the next unread character; always on a character boundary.
    pub(super) pos: usize,
}
impl Lexer<'_> {
    /// The next token; past [`MAX_LEN`] bytes, an error instead.
    pub(super) fn next_token(&mut self) -> Result<Token, CondError> {
        let token = self.scan()?;
        if token.span.end > MAX_LEN {
            return Err(too_long(token.span.start));
        }
        Ok(token)
    }

    /// Reads one token after skipping whitespace.
    fn scan(&mut self) -> Result<Token, CondError> {
        let rest = self.src.get(self.pos..).unwrap_or("");
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        let start = self.pos;
        let Some(c) = trimmed.chars().next() else {
            return Ok(Token { kind: Tok::Eof, span: start..start });
        };
        let next = self.src.as_bytes().get(start + 1).copied();
        let followed_by = |b: u8| next == Some(b);
        let (kind, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '[' => (Tok::LBracket, 1),
            ']' => (Tok::RBracket, 1),
            ',' => (Tok::Comma, 1),
            '+' => (Tok::Arith(ArithOp::Add), 1),
            '-' => (Tok::Arith(ArithOp::Sub), 1),
            '*' => (Tok::Arith(ArithOp::Mul), 1),
            '/' => (Tok::Arith(ArithOp::Div), 1),
            '=' if followed_by(b'=') => (Tok::Cmp(CmpOp::Eq), 2),
            '!' if followed_by(b'=') => (Tok::Cmp(CmpOp::Ne), 2),
            '<' if followed_by(b'=') => (Tok::Cmp(CmpOp::Le), 2),
            '>' if followed_by(b'=') => (Tok::Cmp(CmpOp::Ge), 2),
            '<' => (Tok::Cmp(CmpOp::Lt), 1),
            '>' => (Tok::Cmp(CmpOp::Gt), 1),
            '=' => {
                return Err(CondError::new(
                    start..start + 1,
                    "`=` is not a comparison",
                    "use `==` to test whether two values are equal",
                )
                .label("use `==`"));
            }
            '!' => {
                return Err(CondError::new(
                    start..start + 1,
                    "`!` is not an operator here",
                    "use `not` to negate a condition (or `!=` for \"not equal\")",
                )
                .label("use `not` or `!=`"));
            }
            '&' | '|' => {
                let (byte, word) = if c == '&' { (b'&', "and") } else { (b'|', "or") };
                let len = if followed_by(byte) { 2 } else { 1 };
                return Err(CondError::new(
                    start..start + len,
                    format!("`{}` is not an operator here", &trimmed[..len]),
                    format!("use `{word}`"),
                )
                .label(format!("use `{word}`")));
            }
            '"' => return self.text(start),
            '0'..='9' => return self.number(start),
            'a'..='z' | 'A'..='Z' | '_' => return Ok(self.word(start)),
            '\'' => {
                return Err(CondError::new(
                    start..start + 1,
                    "text goes in double quotes",
                    "write \"like this\"; single quotes belong to the TOML around the condition",
                )
                .label("use double quotes"));
            }
            '.' if next.is_some_and(|b| b.is_ascii_digit()) => {
                return Err(CondError::new(
                    start..start + 1,
                    "a number cannot start with `.`",
                    "write a digit before the point, e.g. `0.5`",
                )
                .label("add a digit before the point"));
            }
            _ => {
                return Err(CondError::new(
                    start..start + c.len_utf8(),
                    format!("unexpected character `{c}`"),
                    "a condition is made of names, \"text\", numbers, `== != < <= > >=`, \
                     `and or not`, `in`, `answered(name)`, `+ - * /` and parentheses",
                )
                .label("not part of a condition"));
            }
        };
        self.pos = start + len;
        Ok(Token { kind, span: start..start + len })
    }

    /// Reads a double-quoted text literal starting at `start` (the opening quote).
    fn text(&mut self, start: usize) -> Result<Token, CondError> {
        let body = self.src.get(start + 1..).unwrap_or("");
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            let at = start + 1 + i;
            if at >= MAX_LEN {
                return Err(too_long(start));
            }
            match c {
                '"' => {
                    self.pos = at + 1;
                    return Ok(Token { kind: Tok::Text(out), span: start..at + 1 });
                }
                '\\' => match chars.next() {
                    Some((_, '"')) => out.push('"'),
                    Some((_, '\\')) => out.push('\\'),
                    Some((j, other)) => {
                        return Err(CondError::new(
                            at..start + 1 + j + other.len_utf8(),
                            format!("unknown escape `\\{other}`"),
                            "inside text, a backslash can only be followed by `\"` (a quote) \
                             or `\\` (a backslash)",
                        )
                        .label("unknown escape"));
                    }
                    None => break,
                },
                _ => out.push(c),
            }
        }
        Err(CondError::new(
            start..start + 1,
            "unclosed text: this `\"` has no closing `\"`",
            "add a `\"` at the end of the text",
        )
        .label("this text is never closed"))
    }

    /// Reads a number: digits, optionally a point and more digits.
    fn number(&mut self, start: usize) -> Result<Token, CondError> {
        let bytes = self.src.as_bytes();
        let digits_end = |from: usize| (from..bytes.len()).find(|&i| !bytes[i].is_ascii_digit()).unwrap_or(bytes.len());
        let mut end = digits_end(start);
        if bytes.get(end) == Some(&b'.') {
            if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end = digits_end(end + 1);
            } else {
                return Err(CondError::new(
                    start..end + 1,
                    "a number cannot end with `.`",
                    "write digits after the point, e.g. `3.5`, or leave the point out",
                )
                .label("digits missing after the point"));
            }
        }
        let span = start..end;
        if end > MAX_LEN {
            return Err(too_long(start));
        }
        let text = self.src.get(span.clone()).unwrap_or("");
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                self.pos = end;
                Ok(Token { kind: Tok::Number(n), span })
            }
            _ => Err(CondError::new(span, "this number is too large", "numbers must be smaller than about 1.8e308")
                .label("too large")),
        }
    }

    /// Reads a name or keyword.
    fn word(&mut self, start: usize) -> Token {
        let bytes = self.src.as_bytes();
        let end = (start..bytes.len())
            .find(|&i| !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_'))
            .unwrap_or(bytes.len());
        self.pos = end;
        let kind = match &self.src[start..end] {
            "true" => Tok::True,
            "false" => Tok::False,
            "and" => Tok::And,
            "or" => Tok::Or,
            "not" => Tok::Not,
            "in" => Tok::In,
            "answered" => Tok::Answered,
            _ => Tok::Name,
        };
        Token { kind, span: start..end }
    }
}
#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{MAX_LEN, parse};

    #[test]
    fn unclosed_string() {
        let src = "x == \"medicare";
        let e = syntax_error(src);
        assert_eq!(e.message, "unclosed text: this `\"` has no closing `\"`");
        assert_eq!(e.span, 5..6);
        let e = syntax_error("x == \"ends in backslash\\");
        assert_eq!(e.span, 5..6);
        let src = "x == \"a\\n\"";
        let e = syntax_error(src);
        assert_eq!(e.message, "unknown escape `\\n`");
        assert_eq!(e.span, 7..9);
    }

    #[test]
    fn single_equals() {
        let src = "insurance = \"medicare\"";
        let e = syntax_error(src);
        assert_eq!(e.message, "`=` is not a comparison");
        assert_eq!(e.span, 10..11);
        assert!(help(&e).contains("`==`"));
    }

    #[test]
    fn c_style_operators() {
        let e = syntax_error("a && b");
        assert_eq!(e.message, "`&&` is not an operator here");
        assert_eq!(e.span, 2..4);
        assert_eq!(help(&e), "use `and`");
        let e = syntax_error("a || b");
        assert_eq!(e.message, "`||` is not an operator here");
        assert_eq!(e.span, 2..4);
        assert_eq!(help(&e), "use `or`");
        let e = syntax_error("!answered(x)");
        assert_eq!(e.message, "`!` is not an operator here");
        assert_eq!(e.span, 0..1);
        assert!(help(&e).starts_with("use `not`"));
        assert!(parse("a != b").is_ok());
    }

    #[test]
    fn bad_numbers() {
        let e = syntax_error("x > 3.");
        assert_eq!(e.message, "a number cannot end with `.`");
        assert_eq!(e.span, 4..6);
        let e = syntax_error("x > .5");
        assert_eq!(e.message, "a number cannot start with `.`");
        let huge = format!("x > {}", "9".repeat(400));
        let e = syntax_error(&huge);
        assert_eq!(e.message, "this number is too large");
        assert_eq!(e.span, 4..404);
    }

    #[test]
    fn over_long_sources_are_refused() {
        let src = format!("x in [{}\"a\"]", "\"a\", ".repeat(MAX_LEN / 5));
        let e = syntax_error(&src);
        assert!(e.message.contains("too long"), "{}", e.message);
        assert!(src.get(e.span.clone()).is_some());
        let src = format!("x == \"{}\"", "a".repeat(MAX_LEN));
        assert!(syntax_error(&src).message.contains("too long"));
        let src = format!("x == 1{}", " ".repeat(MAX_LEN));
        assert!(syntax_error(&src).message.contains("too long"));
    }
}
