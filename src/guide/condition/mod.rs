//! The small expression language of `when = '...'` conditions and computed `[values]`.
//!
//! A guide is written by hand, so a condition is parsed and type-checked as soon as the guide
//! loads: a misspelled name, an option value no question can produce, or a comparison between a
//! number and text is reported with its exact place in the source and a suggested fix, instead
//! of silently hiding a question at run time.
//!
//! The folder, in the order a condition passes through it:
//!
//! * `lexer` turns source into tokens on demand, refusing over-long input early;
//! * `parser` builds the syntax tree of `ast` by precedence climbing, bounding its depth;
//! * `types` checks the tree against the guide's names and reports every problem at once;
//! * `eval` computes a value from answers, with three-valued logic for unanswered names;
//! * `error` holds the error type and the helpers that word messages.
//!
//! This file is the public face: [`parse`] and [`Expr`]; the rest stays private, so the
//! language can change inside without touching the loader or the engine.
//!
//! The grammar, lowest precedence first:
//!
//! ```text
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | compare
//! compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") sum)?   -- never chained
//! sum     := product (("+" | "-") product)*
//! product := unary (("*" | "/") unary)*
//! unary   := "-" unary | atom
//! atom    := number | number "d" | "text" | true | false | name | answered(name)
//!          | "(" or ")" | "[" ("text" ("," "text")* ","?)? "]"
//! ```
//!
//! Conditions come from files that anyone may hand us, so parsing never recurses without bound:
//! nesting deeper than 64 levels and sources longer than 64 KiB are refused with an error, and
//! checking and evaluating walk a tree whose depth the parser has already bounded.

mod ast;
mod error;
mod eval;
mod lexer;
mod parser;
mod types;

use foldhash::HashMap;
use std::fmt;
use std::ops::Range;

use super::value::Value;
use ast::{Node, collect_names};
use lexer::Tok;
use parser::Parser;
use types::Checker;

pub use error::{CondError, CondErrorKind};
pub use types::{Type, VarInfo};

/// Deepest nesting accepted (parentheses, `not`, unary minus, and operators stacked on one
/// another). Far beyond any hand-written condition, yet small enough that the recursive parser,
/// checker and evaluator stay well inside any thread's stack.
const MAX_DEPTH: usize = 64;

/// Longest condition accepted, in bytes. Real conditions are a line or two; the limit bounds the
/// work a hostile or corrupted guide can cause.
const MAX_LEN: usize = 64 * 1024;

/// A parsed expression; keeps its source text (for display in graphs and "why asked").
#[derive(Debug, Clone)]
pub struct Expr {
    /// The condition exactly as written, so it can be shown back to people.
    src: String,
    /// The syntax tree; its depth is at most [`MAX_DEPTH`].
    root: Node,
}

/// Parses a condition.
///
/// # Errors
///
/// The first syntax error (parsing stops there because everything after it would be
/// guesswork), nesting deeper than 64 levels, or a source longer than 64 KiB.
pub fn parse(src: &str) -> Result<Expr, CondError> {
    let mut parser = Parser::new(src)?;
    let root = parser.parse_expr(0)?;
    if parser.tok.kind != Tok::Eof {
        return Err(parser.unexpected_after_value(None));
    }
    Ok(Expr { src: src.to_string(), root })
}

impl Expr {
    /// The condition exactly as written.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// Every name referenced, with its span, in source order (duplicates allowed).
    pub fn names(&self) -> Vec<(&str, Range<usize>)> {
        let mut out = Vec::new();
        collect_names(&self.root, &mut out);
        out
    }

    /// Type-checks against the known names, collecting every problem (not only the first), so
    /// an author fixes a guide in one pass. `Ok` holds the type of the whole expression; whether
    /// that type fits (a `when` must be [`Type::Bool`]) is the caller's call.
    ///
    /// # Errors
    ///
    /// Every unknown name, option value no option can take, and operand of the wrong type, each
    /// spanned at its culprit. One typo yields one error, not one per enclosing operator.
    pub fn check(&self, vars: &HashMap<String, VarInfo>) -> Result<Type, Vec<CondError>> {
        let mut checker = Checker { src: &self.src, vars, errors: Vec::new() };
        let ty = checker.ty(&self.root);
        match ty {
            Some(ty) if checker.errors.is_empty() => Ok(ty),
            _ => Err(checker.errors),
        }
    }

    /// Evaluates. `lookup` returns `None` for an unanswered name. The result is `None` when the
    /// value is unanswered (e.g. arithmetic on an unanswered number, or division by zero).
    ///
    /// Comparisons, `in` and `answered` always give a `Bool`: a comparison with an unanswered
    /// side is false, so `not (x == "a")` holds while `x` is open. `and`/`or` use three-valued
    /// logic (`false and ?` is false, `true or ?` is true, otherwise `?` stays `None`). An
    /// expression that was never checked may hold type errors; those evaluate to `None` rather
    /// than panicking.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Value> {
        eval::eval(&self.root, lookup)
    }

    /// True only when [`Expr::eval`] gives `Some(Value::Bool(true))`, so an unanswered or
    /// ill-typed condition never shows a question or an item.
    pub fn holds(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> bool {
        matches!(self.eval(lookup), Some(Value::Bool(true)))
    }
}

/// Shows the condition as written, which is what graphs and "why was this asked" display.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.src)
    }
}

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
