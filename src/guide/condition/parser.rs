//! Parsing: tokens into a syntax tree, by precedence climbing with one token of lookahead.

use std::ops::Range;

use super::MAX_DEPTH;
use super::ast::{ArithOp, CmpOp, Kind, LogicOp, Node};
use super::error::{CondError, shorten, too_deep};
use super::lexer::{Lexer, Tok, Token};

/// Binding strength of `or`; the loosest operator.
const PREC_OR: u8 = 1;
/// Binding strength of `and`.
const PREC_AND: u8 = 2;
/// Binding strength of prefix `not`: looser than comparisons, so `not x == "a"` negates the
/// comparison.
const PREC_NOT: u8 = 3;
/// Binding strength of comparisons and `in`.
const PREC_COMPARE: u8 = 4;
/// Binding strength of `+` and `-`.
const PREC_SUM: u8 = 5;
/// Binding strength of `*` and `/`.
const PREC_PRODUCT: u8 = 6;
/// Binding strength of unary minus, tighter than every binary operator.
const PREC_UNARY: u8 = 7;

/// A binary operator, as the parser's precedence loop sees it.
#[derive(Debug, Clone, Copy)]
enum BinOp {
    Logic(LogicOp),
    Cmp(CmpOp),
    In,
    Arith(ArithOp),
}

/// The precedence and operator of a token that is a binary operator.
fn binary_op(tok: &Tok) -> Option<(u8, BinOp)> {
    Some(match tok {
        Tok::Or => (PREC_OR, BinOp::Logic(LogicOp::Or)),
        Tok::And => (PREC_AND, BinOp::Logic(LogicOp::And)),
        Tok::Cmp(op) => (PREC_COMPARE, BinOp::Cmp(*op)),
        Tok::In => (PREC_COMPARE, BinOp::In),
        Tok::Arith(op @ (ArithOp::Add | ArithOp::Sub)) => (PREC_SUM, BinOp::Arith(*op)),
        Tok::Arith(op) => (PREC_PRODUCT, BinOp::Arith(*op)),
        _ => return None,
    })
}

/// A precedence-climbing parser with one token of lookahead.
pub(super) struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    /// The current (not yet consumed) token.
    pub(super) tok: Token,
    /// The span of the token consumed last, to word "missing a value after `==`".
    prev: Option<Range<usize>>,
    /// How many parentheses, `not`s and unary minuses are open; bounded by [`MAX_DEPTH`].
    nest: usize,
}

impl<'a> Parser<'a> {
    /// Starts a parser on `src`, reading the first token.
    pub(super) fn new(src: &'a str) -> Result<Self, CondError> {
        let mut lexer = Lexer { src, pos: 0 };
        let tok = lexer.next_token()?;
        Ok(Parser { src, lexer, tok, prev: None, nest: 0 })
    }

    /// Consumes the current token and returns it.
    fn bump(&mut self) -> Result<Token, CondError> {
        let next = self.lexer.next_token()?;
        let tok = std::mem::replace(&mut self.tok, next);
        self.prev = Some(tok.span.clone());
        Ok(tok)
    }

    /// The source text of a span in backticks, for messages.
    fn quote(&self, span: &Range<usize>) -> String {
        format!("`{}`", shorten(self.src.get(span.clone()).unwrap_or("?")))
    }

    /// Enters one more nesting level (a parenthesis, `not` or unary minus), refusing to go past
    /// [`MAX_DEPTH`]; this is what keeps `((((…` and `not not not …` from overflowing the
    /// stack. The caller leaves with `self.nest -= 1`; after an error nothing is left to leave,
    /// since the whole parse stops.
    fn enter(&mut self, at: &Range<usize>) -> Result<(), CondError> {
        if self.nest >= MAX_DEPTH {
            return Err(too_deep(at.clone()));
        }
        self.nest += 1;
        Ok(())
    }

    /// Builds a node, refusing trees deeper than [`MAX_DEPTH`] (long operator chains such as
    /// `a + a + a + …` grow the tree without growing `nest`). `at` is blamed when it is too deep.
    fn node(kind: Kind, span: Range<usize>, at: &Range<usize>) -> Result<Node, CondError> {
        let depth = kind.children().into_iter().flatten().map(|child| child.depth + 1).max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(too_deep(at.clone()));
        }
        Ok(Node { kind, span, depth })
    }

    /// Parses an expression whose binary operators bind at least as tightly as `min`.
    ///
    /// Precedence climbing handles every binary level in one loop, so each nesting level costs
    /// only a few stack frames; that keeps the deepest accepted condition cheap on the stack.
    pub(super) fn parse_expr(&mut self, min: u8) -> Result<Node, CondError> {
        let mut left = self.parse_prefix(min)?;
        while let Some((prec, op)) = binary_op(&self.tok.kind) {
            if prec < min {
                break;
            }
            let op_span = self.bump()?.span;
            let right = self.parse_expr(prec + 1)?;
            let span = left.span.start..right.span.end;
            let (l, r) = (Box::new(left), Box::new(right));
            let kind = match op {
                BinOp::Logic(op) => Kind::Logic(op, l, r),
                BinOp::Cmp(op) => Kind::Compare(op, l, r),
                BinOp::In => Kind::In(l, r),
                BinOp::Arith(op) => Kind::Arith(op, l, r),
            };
            left = Self::node(kind, span, &op_span)?;
            // Comparisons do not chain: `a == b == c` and `1 < x < 5` read differently to
            // different people, so they must be spelled out with `and`.
            if prec == PREC_COMPARE && matches!(self.tok.kind, Tok::Cmp(_) | Tok::In) {
                return Err(CondError::new(
                    self.tok.span.clone(),
                    "comparisons cannot be chained",
                    "join them with `and`, e.g. `a < b and b < c`",
                )
                .label("a second comparison"));
            }
        }
        Ok(left)
    }

    /// `not` (where the precedence allows it), unary minus, or an atom.
    fn parse_prefix(&mut self, min: u8) -> Result<Node, CondError> {
        match self.tok.kind {
            Tok::Not if min <= PREC_NOT => {
                let op = self.tok.span.clone();
                self.enter(&op)?;
                self.bump()?;
                let operand = self.parse_expr(PREC_NOT)?;
                self.nest -= 1;
                let span = op.start..operand.span.end;
                Self::node(Kind::Not(Box::new(operand)), span, &op)
            }
            Tok::Arith(ArithOp::Sub) => {
                let op = self.tok.span.clone();
                self.enter(&op)?;
                self.bump()?;
                let operand = self.parse_prefix(PREC_UNARY)?;
                self.nest -= 1;
                let span = op.start..operand.span.end;
                Self::node(Kind::Neg(Box::new(operand)), span, &op)
            }
            _ => self.parse_atom(),
        }
    }

    /// Literals, names, `answered(…)`, parentheses and lists.
    fn parse_atom(&mut self) -> Result<Node, CondError> {
        let span = self.tok.span.clone();
        let kind = match &self.tok.kind {
            Tok::Number(n) => Kind::Number(*n),
            Tok::Text(s) => Kind::Text(s.clone()),
            Tok::True => Kind::Bool(true),
            Tok::False => Kind::Bool(false),
            Tok::Name => Kind::Name(self.src[span.clone()].to_string(), span.clone()),
            Tok::Answered => return self.parse_answered(),
            Tok::LParen => {
                self.enter(&span)?;
                let inner = self.parse_parens()?;
                self.nest -= 1;
                return Ok(inner);
            }
            Tok::LBracket => return self.parse_list(),
            _ => return Err(self.missing_value()),
        };
        self.bump()?;
        Self::node(kind, span.clone(), &span)
    }

    /// `( expr )`; the node's span grows to include the parentheses so errors about the
    /// subexpression underline what the author sees as one unit.
    fn parse_parens(&mut self) -> Result<Node, CondError> {
        let open = self.bump()?.span;
        let mut inner = self.parse_expr(0)?;
        if self.tok.kind != Tok::RParen {
            return Err(self.unexpected_after_value(Some(&open)));
        }
        let close = self.bump()?.span;
        inner.span = open.start..close.end;
        Ok(inner)
    }

    /// `answered(name)`.
    fn parse_answered(&mut self) -> Result<Node, CondError> {
        let keyword = self.bump()?.span;
        let needs_name = |span: Range<usize>| {
            CondError::new(
                span,
                "`answered` needs a name in parentheses",
                "write `answered(x)`, where `x` is a question's `var`",
            )
            .label("needs a name in parentheses")
        };
        if self.tok.kind != Tok::LParen {
            return Err(needs_name(keyword));
        }
        let open = self.bump()?.span;
        if self.tok.kind != Tok::Name {
            let at = if self.tok.kind == Tok::Eof { keyword.start..open.end } else { self.tok.span.clone() };
            return Err(needs_name(at));
        }
        let name_span = self.bump()?.span;
        match self.tok.kind {
            Tok::RParen => {}
            Tok::Eof => {
                return Err(CondError::new(open, "unclosed `(`", "add a `)` after the name").label("never closed"));
            }
            _ => {
                return Err(CondError::new(
                    self.tok.span.clone(),
                    format!("expected `)` after the name, found {}", self.quote(&self.tok.span)),
                    "`answered(...)` takes exactly one name",
                )
                .label("expected `)`"));
            }
        }
        let close = self.bump()?.span;
        let name = self.src[name_span.clone()].to_string();
        Self::node(Kind::Answered { name, name_span }, keyword.start..close.end, &keyword)
    }

    /// `["a", "b"]`; a trailing comma is allowed so one-item-per-line lists diff nicely.
    fn parse_list(&mut self) -> Result<Node, CondError> {
        let open = self.bump()?.span;
        let mut items = Vec::new();
        loop {
            match &self.tok.kind {
                Tok::RBracket => break,
                Tok::Text(s) => {
                    let item = (s.clone(), self.tok.span.clone());
                    self.bump()?;
                    items.push(item);
                }
                Tok::Eof => return Err(Self::unclosed_bracket(&open)),
                _ => {
                    return Err(CondError::new(
                        self.tok.span.clone(),
                        format!("a list holds only text in double quotes, found {}", self.quote(&self.tok.span)),
                        "write each item in double quotes, e.g. `[\"a\", \"b\"]`",
                    )
                    .label("not text in double quotes"));
                }
            }
            match self.tok.kind {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::RBracket => break,
                Tok::Eof => return Err(Self::unclosed_bracket(&open)),
                _ => {
                    return Err(CondError::new(
                        self.tok.span.clone(),
                        format!("expected `,` or `]` in the list, found {}", self.quote(&self.tok.span)),
                        "separate the items with commas, e.g. `[\"a\", \"b\"]`",
                    )
                    .label("expected `,` or `]`"));
                }
            }
        }
        let close = self.bump()?.span;
        let span = open.start..close.end;
        Self::node(Kind::List(items), span, &open)
    }

    /// The error for a `[` never closed.
    fn unclosed_bracket(open: &Range<usize>) -> CondError {
        CondError::new(open.clone(), "unclosed `[`", "add a `]` after the last item").label("never closed")
    }

    /// The error when a value was expected but the current token cannot start one.
    fn missing_value(&self) -> CondError {
        let tok = &self.tok;
        match (&tok.kind, &self.prev) {
            (Tok::Eof, None) => {
                CondError::new(0..0, "the condition is empty", "write a condition, e.g. `x == \"a\"`").label("empty")
            }
            (Tok::Eof, Some(prev)) => CondError::new(
                prev.clone(),
                format!("missing a value after {}", self.quote(prev)),
                "finish the condition, e.g. `x == \"a\"`",
            )
            .label("a value should follow"),
            (Tok::RParen, Some(prev)) if self.src.get(prev.clone()) == Some("(") => CondError::new(
                prev.start..tok.span.end,
                "empty parentheses",
                "put a condition or a value between `(` and `)`",
            )
            .label("nothing inside"),
            (Tok::Not, _) => CondError::new(
                tok.span.clone(),
                "`not` cannot stand here",
                "`not` goes in front of a whole condition; wrap it in parentheses to use it \
                 inside one, e.g. `x == (not y)`",
            )
            .label("`not` cannot go here"),
            (kind, _) if kind.is_binary_operator() => CondError::new(
                tok.span.clone(),
                format!("missing a value before {}", self.quote(&tok.span)),
                "both sides of an operator need a value, e.g. `x == \"a\"`",
            )
            .label("a value should come before this"),
            _ => CondError::new(
                tok.span.clone(),
                format!("expected a value, found {}", self.quote(&tok.span)),
                "a value is a name, \"text\", a number, `true`, `false`, a list or `(…)`",
            )
            .label("not a value"),
        }
    }

    /// The error for a token that cannot follow a complete value: trailing input at the top
    /// level, or something other than `)` inside parentheses (`open` is the `(` then).
    pub(super) fn unexpected_after_value(&self, open: Option<&Range<usize>>) -> CondError {
        let tok = &self.tok;
        let found = self.quote(&tok.span);
        let word = self.src.get(tok.span.clone()).unwrap_or("");
        let lower = word.to_ascii_lowercase();
        let digit_before = self.src[..tok.span.start].ends_with(|c: char| c.is_ascii_digit());
        let digits_after: String =
            self.src[tok.span.end.min(self.src.len())..].chars().take_while(char::is_ascii_digit).collect();
        if word == "," && digit_before && !digits_after.is_empty() {
            let before: String = self.src[..tok.span.start]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let written = format!("{before},{digits_after}");
            let number: String = written.chars().filter(char::is_ascii_digit).collect();
            return CondError::new(
                tok.span.clone(),
                format!("the number {written} has a comma in it"),
                format!("write numbers in conditions without commas: {number}"),
            )
            .label("no commas in numbers");
        }
        match (&tok.kind, open) {
            (Tok::Eof, Some(open)) => {
                CondError::new(open.clone(), "unclosed `(`", "add a `)` to close it").label("never closed")
            }
            (Tok::RParen, None) => {
                CondError::new(tok.span.clone(), "unmatched `)`", "remove it, or add the `(` it should close")
                    .label("closes nothing")
            }
            (Tok::Name, _) if matches!(lower.as_str(), "and" | "or" | "not" | "in") => CondError::new(
                tok.span.clone(),
                format!("unexpected {found}"),
                format!("keywords are lowercase: write `{lower}`"),
            )
            .label("write keywords in lowercase"),
            (Tok::Not, _) => CondError::new(
                tok.span.clone(),
                "unexpected `not`",
                "`not` goes in front of a whole condition, e.g. `not (x in [\"a\", \"b\"])`",
            )
            .label("`not` cannot go here"),
            (_, Some(open)) => CondError::new(
                tok.span.clone(),
                format!("expected `)`, found {found}"),
                format!("close the `(` at byte {} with `)`, or join conditions with `and`/`or`", open.start),
            )
            .label("expected `)`"),
            (_, None) => CondError::new(
                tok.span.clone(),
                format!("unexpected {found}"),
                "the condition was already complete here; join conditions with `and` or `or`",
            )
            .label("the condition already ended"),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{MAX_DEPTH, parse};
    use crate::guide::Value;

    // --- syntax errors -----------------------------------------------------------------------

    #[test]
    fn unexpected_token() {
        let src = "insurance == == \"a\"";
        let e = syntax_error(src);
        assert_eq!(e.message, "missing a value before `==`");
        assert_eq!(e.span, rspan_of(src, "=="));
        let src = "x == ,";
        let e = syntax_error(src);
        assert_eq!(e.message, "expected a value, found `,`");
        assert_eq!(e.span, 5..6);
        let src = "x == é";
        let e = syntax_error(src);
        assert_eq!(e.message, "unexpected character `é`");
        assert_eq!(e.span, 5..7);
        let e = syntax_error("x == 'a'");
        assert_eq!(e.message, "text goes in double quotes");
        assert_eq!(e.span, 5..6);
    }

    #[test]
    fn unclosed_parenthesis() {
        let src = "(x == 1 or (y == 2)";
        let e = syntax_error(src);
        assert_eq!(e.message, "unclosed `(`");
        assert_eq!(e.span, 0..1);
        assert_eq!(help(&e), "add a `)` to close it");
        let src = "(x == 1 y";
        let e = syntax_error(src);
        assert_eq!(e.message, "expected `)`, found `y`");
        assert_eq!(e.span, 8..9);
        let e = syntax_error("x in [\"a\", \"b\"");
        assert_eq!(e.message, "unclosed `[`");
        assert_eq!(e.span, 5..6);
        let e = syntax_error("x in [\"a\" \"b\"]");
        assert_eq!(e.message, "expected `,` or `]` in the list, found `\"b\"`");
        let e = syntax_error("x in [\"a\", 3]");
        assert_eq!(e.message, "a list holds only text in double quotes, found `3`");
        assert_eq!(e.span, 11..12);
    }

    #[test]
    fn missing_operand() {
        let src = "sessions >";
        let e = syntax_error(src);
        assert_eq!(e.message, "missing a value after `>`");
        assert_eq!(e.span, 9..10);
        let e = syntax_error("== 3");
        assert_eq!(e.message, "missing a value before `==`");
        assert_eq!(e.span, 0..2);
        let e = syntax_error("x and");
        assert_eq!(e.message, "missing a value after `and`");
        assert_eq!(e.span, 2..5);
        let e = syntax_error("");
        assert_eq!(e.message, "the condition is empty");
        let e = syntax_error("   ");
        assert_eq!(e.message, "the condition is empty");
        let src = "x == ()";
        let e = syntax_error(src);
        assert_eq!(e.message, "empty parentheses");
        assert_eq!(e.span, 5..7);
        let e = syntax_error("not");
        assert_eq!(e.message, "missing a value after `not`");
        let e = syntax_error("x == not y");
        assert_eq!(e.message, "`not` cannot stand here");
        assert_eq!(e.span, 5..8);
        assert!(parse("x == (not y)").is_ok());
    }

    #[test]
    fn trailing_input() {
        let src = "x == \"a\" y == \"b\"";
        let e = syntax_error(src);
        assert_eq!(e.message, "unexpected `y`");
        assert_eq!(e.span, 9..10);
        assert!(help(&e).contains("`and` or `or`"));
        let e = syntax_error("x == 1)");
        assert_eq!(e.message, "unmatched `)`");
        assert_eq!(e.span, 6..7);
        let e = syntax_error("x == 1 AND y == 2");
        assert_eq!(e.message, "unexpected `AND`");
        assert_eq!(help(&e), "keywords are lowercase: write `and`");
        let e = syntax_error("x not in [\"a\"]");
        assert_eq!(e.message, "unexpected `not`");
        assert_eq!(e.span, 2..5);
    }

    #[test]
    fn answered_needs_a_name_in_parentheses() {
        for (src, span) in [
            ("answered", 0..8),
            ("answered x", 0..8),
            ("answered(\"x\")", 9..12),
            ("answered()", 9..10),
            ("answered(", 0..9),
        ] {
            let e = syntax_error(src);
            assert_eq!(e.message, "`answered` needs a name in parentheses", "{src}");
            assert_eq!(e.span, span, "{src}");
        }
        let e = syntax_error("answered(x");
        assert_eq!(e.message, "unclosed `(`");
        assert_eq!(e.span, 8..9);
        let e = syntax_error("answered(x y)");
        assert_eq!(e.message, "expected `)` after the name, found `y`");
    }

    #[test]
    fn chained_comparisons_are_refused() {
        let src = "a == b == c";
        let e = syntax_error(src);
        assert_eq!(e.message, "comparisons cannot be chained");
        assert_eq!(e.span, 7..9);
        let e = syntax_error("1 < x < 5");
        assert_eq!(e.span, 6..7);
        let e = syntax_error("x in [\"a\"] in y");
        assert_eq!(e.message, "comparisons cannot be chained");
        assert!(parse("(a == b) == c").is_ok());
    }

    // --- limits ------------------------------------------------------------------------------

    #[test]
    fn deep_parentheses_are_refused() {
        let src = "(".repeat(100_000);
        let e = syntax_error(&src);
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(e.span, MAX_DEPTH..MAX_DEPTH + 1);
        let closed = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(syntax_error(&closed).message.contains("nested too deeply"));
    }

    #[test]
    fn deep_nots_and_minuses_are_refused() {
        let src = "not ".repeat(100_000);
        let e = syntax_error(&src);
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(e.span, 4 * MAX_DEPTH..4 * MAX_DEPTH + 3);
        let src = format!("{}1", "-".repeat(100_000));
        assert!(syntax_error(&src).message.contains("nested too deeply"));
        let src = format!("{}1", "- (".repeat(100_000));
        assert!(syntax_error(&src).message.contains("nested too deeply"));
    }

    #[test]
    fn long_operator_chains_are_refused() {
        let ok = vec!["1"; MAX_DEPTH + 1].join(" + ");
        assert_eq!(
            parse(&ok).expect("at the limit").eval(&nothing),
            Some(Value::Number(65.0)) // MAX_DEPTH + 1 ones
        );
        let deep = vec!["1"; MAX_DEPTH + 2].join(" + ");
        assert!(syntax_error(&deep).message.contains("nested too deeply"));
        let deep = vec!["x"; 50_000].join(" or ");
        assert!(syntax_error(&deep).message.contains("nested too deeply"));
    }

    #[test]
    fn nesting_up_to_the_limit_is_fine() {
        let parens = format!("{}x == 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&parens).is_ok());
        let nots = format!("{}true", "not ".repeat(MAX_DEPTH));
        assert_eq!(parse(&nots).expect("at the limit").eval(&nothing), Some(Value::Bool(true)));
        let too_many = format!("{}true", "not ".repeat(MAX_DEPTH + 1));
        assert!(syntax_error(&too_many).message.contains("nested too deeply"));
    }
}
