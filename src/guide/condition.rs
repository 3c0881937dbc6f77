//! The small expression language of `when = '...'` conditions and computed `[values]`.
//!
//! A guide is written by hand, so a condition is parsed and type-checked as soon as the guide
//! loads: a misspelled name, an option value no question can produce, or a comparison between a
//! number and text is reported with its exact place in the source and a suggested fix, instead
//! of silently hiding a question at run time.
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

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use super::suggest::closest;
use super::value::Value;

/// Deepest nesting accepted (parentheses, `not`, unary minus, and operators stacked on one
/// another). Far beyond any hand-written condition, yet small enough that the recursive parser,
/// checker and evaluator stay well inside any thread's stack.
const MAX_DEPTH: usize = 64;

/// Longest condition accepted, in bytes. Real conditions are a line or two; the limit bounds the
/// work a hostile or corrupted guide can cause.
const MAX_LEN: usize = 64 * 1024;

/// How many known names or option values a help text lists before it stops with "…", so the
/// hint stays readable for guides with hundreds of questions.
const LIST_IN_HELP: usize = 8;

/// Static type of an expression or a var.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A true/false result: comparisons, `and`/`or`/`not`, `in`, `answered(x)`.
    Bool,
    /// A number answer, a computed value, or arithmetic on them.
    Number,
    /// A choice's value or a free-text answer.
    Text,
    /// A multi answer (the values of the ticked options) or a list literal.
    List,
    /// A date answer, `today`, or a date moved by days.
    Date,
}

impl Type {
    /// The phrase used for this type in messages ("cannot compare a number with text").
    fn phrase(self) -> &'static str {
        match self {
            Type::Bool => "a true/false condition",
            Type::Number => "a number",
            Type::Text => "text",
            Type::List => "a list",
            Type::Date => "a date",
        }
    }
}

/// Writes the type the way messages speak of it, so callers can word their own errors (such as
/// "a `when` must be a true/false condition, but this is a number") consistently with ours.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

/// What the checker knows about a name.
#[derive(Debug, Clone)]
pub struct VarInfo {
    /// The type of the answer or computed value the name stands for.
    pub ty: Type,
    /// For a choice (Text) or multi (List) var: the values its options can take. None = free text / any.
    pub values: Option<Vec<String>>,
}

/// What kind of problem a [`CondError`] is, so the loader can give each its own stable code
/// without reading the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CondErrorKind {
    /// The text cannot be parsed as a condition.
    Syntax,
    /// A name that is no question's `var` and no `[values]` entry; holds the name, so the loader
    /// can stay quiet about names whose question is already reported as broken.
    UnknownName(String),
    /// A text value that no option of the var it is compared with can take.
    UnknownValue,
    /// Operands of the wrong type.
    Type,
}

/// A problem in a condition, located by byte offsets into the condition's source string.
#[derive(Debug, Clone, PartialEq)]
pub struct CondError {
    /// The culprit token or subexpression, as byte offsets into the condition's source.
    pub span: Range<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// What kind of problem it is.
    pub kind: CondErrorKind,
    /// A few words shown under the culprit, naming what is wrong with it.
    pub label: Option<String>,
}

impl CondError {
    /// Builds a syntax error with a help text; nearly every error has one, because the reader is
    /// a guide author who needs the fix more than the diagnosis.
    fn new(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Self {
        CondError { span, message: message.into(), help: Some(help.into()), kind: CondErrorKind::Syntax, label: None }
    }

    /// Sets the kind (errors start as syntax errors).
    fn kind(mut self, kind: CondErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// Sets the words shown under the culprit.
    fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// A parsed expression; keeps its source text (for display in graphs and "why asked").
#[derive(Debug, Clone)]
pub struct Expr {
    /// The condition exactly as written, so it can be shown back to people.
    src: String,
    /// The syntax tree; its depth is at most [`MAX_DEPTH`].
    root: Node,
}

/// One node of the syntax tree, with the source range it came from (for error spans).
#[derive(Debug, Clone)]
struct Node {
    /// What the node is.
    kind: Kind,
    /// Where it is in the source; a parenthesized node includes its parentheses.
    span: Range<usize>,
    /// Height of the subtree (0 for a leaf); kept so the parser can refuse over-deep trees the
    /// moment they are built, before anything recurses over them.
    depth: usize,
}

/// The kinds of syntax-tree nodes.
#[derive(Debug, Clone)]
enum Kind {
    /// `true` or `false`.
    Bool(bool),
    /// A number literal.
    Number(f64),
    /// A text literal, escapes already resolved.
    Text(String),
    /// A list literal; each item keeps its span so a bad option value can be pointed at.
    List(Vec<(String, Range<usize>)>),
    /// A reference to a var or a `[values]` name.
    /// The name keeps its own span: parentheses around it widen the node's span, but errors
    /// and [`Expr::names`] must point at the name alone.
    Name(String, Range<usize>),
    /// `answered(name)`; the name's own span is kept for "unknown name" errors.
    Answered { name: String, name_span: Range<usize> },
    /// Unary minus.
    Neg(Box<Node>),
    /// `not`.
    Not(Box<Node>),
    /// `+ - * /`.
    Arith(ArithOp, Box<Node>, Box<Node>),
    /// `== != < <= > >=`.
    Compare(CmpOp, Box<Node>, Box<Node>),
    /// `left in right`.
    In(Box<Node>, Box<Node>),
    /// `and` / `or`.
    Logic(LogicOp, Box<Node>, Box<Node>),
}

impl Kind {
    /// The direct children, so depth, names and checks can be computed generically.
    fn children(&self) -> [Option<&Node>; 2] {
        match self {
            Kind::Bool(_)
            | Kind::Number(_)
            | Kind::Text(_)
            | Kind::List(_)
            | Kind::Name(..)
            | Kind::Answered { .. } => [None, None],
            Kind::Neg(x) | Kind::Not(x) => [Some(x), None],
            Kind::Arith(_, l, r) | Kind::Compare(_, l, r) | Kind::In(l, r) | Kind::Logic(_, l, r) => [Some(l), Some(r)],
        }
    }
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    /// The operator as written, for messages.
    fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }

    /// Applies the operator; `None` for division by zero or a result too large to be a number,
    /// because a computed value that is not a real number is better treated as "no answer".
    fn apply(self, a: f64, b: f64) -> Option<f64> {
        let v = match self {
            ArithOp::Add => a + b,
            ArithOp::Sub => a - b,
            ArithOp::Mul => a * b,
            ArithOp::Div => {
                if b == 0.0 {
                    return None;
                }
                a / b
            }
        };
        v.is_finite().then_some(v)
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// The operator as written, for messages.
    fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// `==` and `!=` work on any type; the others order numbers only.
    fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }

    /// Compares two present values; `None` when their types do not fit the operator (only
    /// possible for an expression that was never checked).
    fn compare(self, a: &Value, b: &Value) -> Option<bool> {
        match self {
            CmpOp::Eq => values_equal(a, b),
            CmpOp::Ne => values_equal(a, b).map(|equal| !equal),
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                let (x, y) = match (a, b) {
                    (Value::Date(x), Value::Date(y)) => (x.days() as f64, y.days() as f64),
                    _ => (a.as_number()?, b.as_number()?),
                };
                Some(match self {
                    CmpOp::Lt => x < y,
                    CmpOp::Le => x <= y,
                    CmpOp::Gt => x > y,
                    _ => x >= y,
                })
            }
        }
    }
}

/// Equality of two values of the same type.
///
/// Lists compare as sets: a multi answer lists its values in option order, and an author should
/// not have to repeat that order in `tried == ["a", "b"]`. Numbers compare exactly, as the format
/// promises; authors who need a tolerance can write `<`/`>`.
#[allow(clippy::float_cmp)]
fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::Date(x), Value::Date(y)) => Some(x == y),
        (Value::Text(x), Value::Text(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => Some(x.iter().all(|i| y.contains(i)) && y.iter().all(|i| x.contains(i))),
        _ => None,
    }
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LogicOp {
    And,
    Or,
}

impl LogicOp {
    /// The operator as written, for messages.
    fn symbol(self) -> &'static str {
        match self {
            LogicOp::And => "and",
            LogicOp::Or => "or",
        }
    }
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
        eval(&self.root, lookup)
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

/// Pushes the names under `node` in source order (left before right).
fn collect_names<'a>(node: &'a Node, out: &mut Vec<(&'a str, Range<usize>)>) {
    match &node.kind {
        Kind::Name(name, span) => out.push((name, span.clone())),
        Kind::Answered { name, name_span } => out.push((name, name_span.clone())),
        kind => {
            for child in kind.children().into_iter().flatten() {
                collect_names(child, out);
            }
        }
    }
}

/// Evaluates one node.
///
/// An unanswered name makes arithmetic unanswered, but makes a comparison plainly false: "is
/// `x` equal to "a"?" has the answer "no" while `x` is open, so `not (x == "a")` holds then.
fn eval(node: &Node, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Value> {
    match &node.kind {
        Kind::Bool(b) => Some(Value::Bool(*b)),
        Kind::Number(n) => Some(Value::Number(*n)),
        Kind::Text(s) => Some(Value::Text(s.clone())),
        Kind::List(items) => Some(Value::List(items.iter().map(|(item, _)| item.clone()).collect())),
        Kind::Name(name, _) => lookup(name),
        Kind::Answered { name, .. } => Some(Value::Bool(lookup(name).is_some())),
        Kind::Neg(x) => Some(Value::Number(-eval(x, lookup)?.as_number()?)),
        Kind::Not(x) => match eval(x, lookup)? {
            Value::Bool(b) => Some(Value::Bool(!b)),
            _ => None,
        },
        Kind::Arith(op, l, r) => match (eval(l, lookup)?, eval(r, lookup)?) {
            (Value::Number(a), Value::Number(b)) => op.apply(a, b).map(Value::Number),
            (Value::Date(d), Value::Number(n)) if matches!(op, ArithOp::Add | ArithOp::Sub) => {
                move_date(d, if *op == ArithOp::Add { n } else { -n })
            }
            (Value::Number(n), Value::Date(d)) if *op == ArithOp::Add => move_date(d, n),
            (Value::Date(a), Value::Date(b)) if *op == ArithOp::Sub => {
                Some(Value::Number((a.days() - b.days()) as f64))
            }
            _ => None,
        },
        Kind::Compare(op, l, r) => match (eval(l, lookup), eval(r, lookup)) {
            (Some(a), Some(b)) => op.compare(&a, &b).map(Value::Bool),
            _ => Some(Value::Bool(false)),
        },
        Kind::In(l, r) => match (eval(l, lookup), eval(r, lookup)) {
            (Some(Value::Text(needle)), Some(Value::List(items))) => Some(Value::Bool(items.contains(&needle))),
            (None, _) | (_, None) => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::Logic(op, l, r) => {
            // Three-valued logic: a deciding side (false for `and`, true for `or`) settles the
            // result even when the other side is unanswered.
            let decisive = *op == LogicOp::Or;
            let left = eval(l, lookup);
            if matches!(left, Some(Value::Bool(found)) if found == decisive) {
                return Some(Value::Bool(decisive));
            }
            let right = eval(r, lookup);
            if matches!(right, Some(Value::Bool(found)) if found == decisive) {
                return Some(Value::Bool(decisive));
            }
            match (left, right) {
                (Some(Value::Bool(_)), Some(Value::Bool(_))) => Some(Value::Bool(!decisive)),
                _ => None,
            }
        }
    }
}

/// A date moved by a number of days; a fraction of a day counts as a whole one (`+ 0.5` is the
/// next day), and a move beyond any calendar is unanswered.
fn move_date(d: crate::date::Date, days: f64) -> Option<Value> {
    (days.is_finite() && days.abs() <= 3_000_000.0).then(|| Value::Date(d.add_days(days.ceil() as i64)))
}

/// The type of `l op r` for `+` and `-` with a date on a side: a date moved by days, or the days
/// between two dates. `None` for the combinations that mean nothing (`date * 2`, `3 - date`).
fn date_arith(op: ArithOp, l: Type, r: Type) -> Option<Type> {
    match (op, l, r) {
        (ArithOp::Add | ArithOp::Sub, Type::Date, Type::Number) | (ArithOp::Add, Type::Number, Type::Date) => {
            Some(Type::Date)
        }
        (ArithOp::Sub, Type::Date, Type::Date) => Some(Type::Number),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------

/// Walks the tree once, collecting every problem so an author can fix them all in one go.
struct Checker<'a> {
    /// The condition's source, for quoting operands in messages.
    src: &'a str,
    /// The names the guide defines.
    vars: &'a HashMap<String, VarInfo>,
    /// Problems found so far.
    errors: Vec<CondError>,
}

impl Checker<'_> {
    /// The type of `node`, or `None` when it cannot be known because of an error already
    /// reported (an unknown name), so that one typo does not cascade into several errors.
    /// Operators always report their result type even when an operand is wrong, for the same
    /// reason.
    fn ty(&mut self, node: &Node) -> Option<Type> {
        match &node.kind {
            Kind::Bool(_) => Some(Type::Bool),
            Kind::Number(_) => Some(Type::Number),
            Kind::Text(_) => Some(Type::Text),
            Kind::List(_) => Some(Type::List),
            Kind::Name(name, span) => {
                if let Some(info) = self.vars.get(name) {
                    Some(info.ty)
                } else {
                    self.unknown_name(name, span);
                    None
                }
            }
            Kind::Answered { name, name_span } => {
                if !self.vars.contains_key(name) {
                    self.unknown_name(name, name_span);
                }
                Some(Type::Bool)
            }
            Kind::Neg(x) => {
                if let Some(t) = self.ty(x)
                    && t != Type::Number
                {
                    self.operand_error(x, t, "unary `-` needs a number", "a minus sign can only negate a number");
                }
                Some(Type::Number)
            }
            Kind::Not(x) => {
                if let Some(t) = self.ty(x)
                    && t != Type::Bool
                {
                    let help = self.make_condition_help(x, t);
                    self.operand_error(x, t, "`not` needs a true/false condition", &help);
                }
                Some(Type::Bool)
            }
            Kind::Logic(op, l, r) => {
                for side in [l, r] {
                    if let Some(t) = self.ty(side)
                        && t != Type::Bool
                    {
                        let what = format!("`{}` needs true/false conditions", op.symbol());
                        let help = self.make_condition_help(side, t);
                        self.operand_error(side, t, &what, &help);
                    }
                }
                Some(Type::Bool)
            }
            Kind::Arith(op, l, r) => {
                let (lt, rt) = (self.ty(l), self.ty(r));
                if let (Some(a), Some(b)) = (lt, rt)
                    && (a == Type::Date || b == Type::Date)
                {
                    return Some(date_arith(*op, a, b).unwrap_or_else(|| {
                        let (side, t) = if a == Type::Date && b != Type::Number { (r, b) } else { (l, a) };
                        let what = format!("`{}` cannot take {} here", op.symbol(), t.phrase());
                        self.operand_error(
                            side,
                            t,
                            &what,
                            "move a date by days (`letter_date + 60d`), or subtract two dates for the days between them",
                        );
                        Type::Date
                    }));
                }
                for (side, t) in [(l, lt), (r, rt)] {
                    if let Some(t) = t
                        && t != Type::Number
                    {
                        let what = format!("`{}` needs numbers", op.symbol());
                        self.operand_error(side, t, &what, "`+`, `-`, `*` and `/` only do arithmetic on numbers");
                    }
                }
                Some(Type::Number)
            }
            Kind::Compare(op, l, r) => {
                self.check_compare(node, *op, l, r);
                Some(Type::Bool)
            }
            Kind::In(l, r) => {
                self.check_in(l, r);
                Some(Type::Bool)
            }
        }
    }

    /// Checks `==`/`!=` (same type on both sides, known option values) and the orderings
    /// (numbers only).
    fn check_compare(&mut self, node: &Node, op: CmpOp, l: &Node, r: &Node) {
        let (lt, rt) = (self.ty(l), self.ty(r));
        if op.is_equality() {
            if let (Some(lt), Some(rt)) = (lt, rt) {
                if lt == rt {
                    self.check_option_values(l, r);
                    self.check_option_values(r, l);
                } else {
                    self.mismatch(node, op, (l, lt), (r, rt));
                }
            }
        } else {
            // Only the first offending side is reported: `insurance < "medicare"` is
            // one mistake (ordering text), not two.
            let both_dates = lt == Some(Type::Date) && rt == Some(Type::Date);
            let offending = [(l, lt), (r, rt)]
                .into_iter()
                .filter(|_| !both_dates)
                .find_map(|(side, t)| t.filter(|t| *t != Type::Number).map(|t| (side, t)));
            if let Some((side, t)) = offending {
                let what = format!("`{}` compares numbers", op.symbol());
                let help = match t {
                    Type::Text => "text can only be tested for equality, with `==` or `!=`",
                    Type::Date => "a date is ordered against another date, like `letter_date < today - 60d`",
                    _ => "`<`, `<=`, `>` and `>=` only order numbers and dates",
                };
                self.operand_error(side, t, &what, help);
            }
        }
    }

    /// Checks `text in list`, including option values on either side.
    fn check_in(&mut self, l: &Node, r: &Node) {
        let (lt, rt) = (self.ty(l), self.ty(r));
        if let Some(t) = rt
            && t != Type::List
        {
            let help = format!(
                "write `{} in [\"a\", \"b\"]`, or `\"a\" in tried` where `tried` is a multi question",
                self.snippet(l)
            );
            self.operand_error(r, t, "`in` needs a list on its right", &help);
        }
        if let Some(t) = lt
            && t != Type::Text
        {
            self.operand_error(
                l,
                t,
                "`in` looks for text in a list",
                "the left side of `in` must be text, e.g. `x in [\"a\", \"b\"]` or `\"a\" in tried`",
            );
        }
        if lt == Some(Type::Text) && rt == Some(Type::List) {
            self.check_option_values(l, r);
            self.check_option_values(r, l);
        }
    }

    /// Reports a name the guide does not define, suggesting the likely intended one.
    fn unknown_name(&mut self, name: &str, span: &Range<usize>) {
        let mut owners: Vec<&str> = self
            .vars
            .iter()
            .filter(|(_, info)| info.values.as_ref().is_some_and(|v| v.iter().any(|x| x == name)))
            .map(|(var, _)| var.as_str())
            .collect();
        owners.sort_unstable();
        if let Some(var) = owners.first() {
            self.errors.push(
                CondError::new(
                    span.clone(),
                    format!("`{name}` is an answer of `{var}`, written without quotes"),
                    format!(
                        "put answers in double quotes, and the whole condition in single quotes so TOML \
                         keeps them: '{var} == \"{name}\"'"
                    ),
                )
                .kind(CondErrorKind::UnknownName(name.to_string()))
                .label("needs quotes"),
            );
            return;
        }
        let help = if let Some(near) = closest(name, self.vars.keys().map(String::as_str)) {
            format!("did you mean `{near}`?")
        } else if self.vars.keys().all(|k| k == super::TODAY) {
            "no names are defined; a name is a question's `var` or a `[values]` entry".to_string()
        } else {
            let mut known: Vec<&str> = self.vars.keys().map(String::as_str).filter(|k| *k != super::TODAY).collect();
            known.sort_unstable();
            format!("known names: {}", list_for_help(&known, |n| (*n).to_string()))
        };
        self.errors.push(
            CondError::new(span.clone(), format!("unknown name `{name}`"), help)
                .kind(CondErrorKind::UnknownName(name.to_string()))
                .label("no question or value has this name"),
        );
    }

    /// Checks literal text on one side against the option values of the var on the other side:
    /// `var == "text"`, `var in ["a", "b"]`, `"a" in multi`. A value no option can take makes
    /// the condition silently never (or always) hold, which is almost always a typo.
    fn check_option_values(&mut self, var_side: &Node, literal_side: &Node) {
        let Kind::Name(name, _) = &var_side.kind else {
            return;
        };
        let Some(values) = self.vars.get(name).and_then(|info| info.values.as_ref()) else {
            return;
        };
        let mut unknown = Vec::new();
        match &literal_side.kind {
            Kind::Text(text) if !values.contains(text) => {
                unknown.push((text, literal_side.span.clone()));
            }
            Kind::List(items) => {
                for (item, span) in items {
                    if !values.contains(item) {
                        unknown.push((item, span.clone()));
                    }
                }
            }
            _ => {}
        }
        for (text, span) in unknown {
            let help = if let Some(near) = closest(text, values.iter().map(String::as_str)) {
                format!("did you mean {near:?}?")
            } else if values.is_empty() {
                format!("`{name}` has no options")
            } else {
                format!("its values are: {}", list_for_help(values, |v| format!("{v:?}")))
            };
            self.errors.push(
                CondError::new(span, format!("no option of `{name}` has the value {text:?}"), help)
                    .kind(CondErrorKind::UnknownValue)
                    .label(format!("not a value of `{name}`")),
            );
        }
    }

    /// Reports `==`/`!=` between different types, spanning the whole comparison since neither
    /// side alone is at fault.
    fn mismatch(&mut self, node: &Node, op: CmpOp, left: (&Node, Type), right: (&Node, Type)) {
        let (l, lt) = left;
        let (r, rt) = right;
        let help = match (&l.kind, lt, &r.kind, rt) {
            (_, Type::List, _, Type::Text) | (_, Type::Text, _, Type::List) => {
                let (list, text) = if lt == Type::List { (l, r) } else { (r, l) };
                format!(
                    "to test whether `{}` includes a value, write `{} in {}`",
                    self.snippet(list),
                    self.snippet(text),
                    self.snippet(list)
                )
            }
            (_, Type::Number, Kind::Text(t), _) | (Kind::Text(t), _, _, Type::Number)
                if t.trim().parse::<f64>().is_ok() =>
            {
                format!("write the number without quotes: `{}`", t.trim())
            }
            _ => format!(
                "`{}` is {} but `{}` is {}; `{}` needs the same kind of value on both sides",
                self.snippet(l),
                lt.phrase(),
                self.snippet(r),
                rt.phrase(),
                op.symbol()
            ),
        };
        self.errors.push(
            CondError::new(node.span.clone(), format!("cannot compare {} with {}", lt.phrase(), rt.phrase()), help)
                .kind(CondErrorKind::Type)
                .label(format!("{} compared with {}", lt.phrase(), rt.phrase())),
        );
    }

    /// Reports an operand of the wrong type, pointing at that operand.
    fn operand_error(&mut self, operand: &Node, actual: Type, what: &str, help: &str) {
        let message = format!("{what}, but `{}` is {}", self.snippet(operand), actual.phrase());
        self.errors.push(
            CondError::new(operand.span.clone(), message, help)
                .kind(CondErrorKind::Type)
                .label(format!("this is {}", actual.phrase())),
        );
    }

    /// A hint for turning a non-condition into one, e.g. `sessions` into `sessions > 0`.
    fn make_condition_help(&self, operand: &Node, actual: Type) -> String {
        let s = self.snippet(operand);
        match actual {
            Type::Number => format!("compare it with something, e.g. `{s} > 0`"),
            Type::Text => format!("compare it with something, e.g. `{s} == \"yes\"`"),
            Type::List => format!("test what it contains, e.g. `\"a\" in {s}`"),
            Type::Date => format!("compare it with a date, e.g. `{s} < today`"),
            Type::Bool => "use a comparison here".to_string(),
        }
    }

    /// The source text of a node, shortened for messages.
    fn snippet(&self, node: &Node) -> String {
        shorten(self.src.get(node.span.clone()).unwrap_or("?"))
    }
}

/// Joins up to [`LIST_IN_HELP`] items for a help text, ending with "…" when some were left out.
fn list_for_help<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    let mut out: Vec<String> = items.iter().take(LIST_IN_HELP).map(show).collect();
    if items.len() > LIST_IN_HELP {
        out.push("…".to_string());
    }
    out.join(", ")
}

/// Shortens quoted source so a message about a long subexpression stays one line.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(MAX_CHARS - 1).collect();
        short.push('…');
        short
    }
}

// ---------------------------------------------------------------------------------------------
// Lexing
// ---------------------------------------------------------------------------------------------

/// Token kinds. Names carry no text: it is sliced from the source by span when needed.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
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
    fn is_binary_operator(&self) -> bool {
        matches!(self, Tok::And | Tok::Or | Tok::In | Tok::Cmp(_) | Tok::Arith(_))
    }
}

/// A token and where it is.
#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    span: Range<usize>,
}

/// Turns source into tokens on demand, so that an absurdly nested or long input is refused after
/// looking at only the part needed to know it is too much.
struct Lexer<'a> {
    src: &'a str,
    /// Byte offset of the next unread character; always on a character boundary.
    pos: usize,
}

/// The error for an over-long condition, pointing at where the limit was crossed.
fn too_long(at: usize) -> CondError {
    CondError::new(
        at..at,
        format!("the condition is too long (the limit is {} KiB)", MAX_LEN / 1024),
        "keep conditions short; split a long one over several questions or `[values]`",
    )
    .label("the limit is reached here")
}

/// The error for nesting past [`MAX_DEPTH`].
fn too_deep(span: Range<usize>) -> CondError {
    CondError::new(
        span,
        format!("the condition is nested too deeply (more than {MAX_DEPTH} levels)"),
        "simplify it: remove extra parentheses or `not`s, or split it into several conditions",
    )
    .label("nested too deeply")
}

impl Lexer<'_> {
    /// The next token; past [`MAX_LEN`] bytes, an error instead.
    fn next_token(&mut self) -> Result<Token, CondError> {
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
        // `60d` is 60 days: the unit says what a number added to a date means.
        let days_unit = bytes.get(end) == Some(&b'd')
            && !bytes.get(end + 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                let end = end + usize::from(days_unit);
                self.pos = end;
                Ok(Token { kind: Tok::Number(n), span: start..end })
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

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

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
struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    /// The current (not yet consumed) token.
    tok: Token,
    /// The span of the token consumed last, to word "missing a value after `==`".
    prev: Option<Range<usize>>,
    /// How many parentheses, `not`s and unary minuses are open; bounded by [`MAX_DEPTH`].
    nest: usize,
}

impl<'a> Parser<'a> {
    /// Starts a parser on `src`, reading the first token.
    fn new(src: &'a str) -> Result<Self, CondError> {
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
    fn parse_expr(&mut self, min: u8) -> Result<Node, CondError> {
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
    fn unexpected_after_value(&self, open: Option<&Range<usize>>) -> CondError {
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
    use super::*;

    /// A guide's worth of names: a choice, a multi, a number, a free text and a computed value.
    fn vars() -> HashMap<String, VarInfo> {
        let mut v = HashMap::new();
        let choice = |values: &[&str]| VarInfo {
            ty: Type::Text,
            values: Some(values.iter().map(ToString::to_string).collect()),
        };
        v.insert("insurance".to_string(), choice(&["private", "medicare", "medicaid", "none"]));
        v.insert(
            "tried".to_string(),
            VarInfo { ty: Type::List, values: Some(vec!["ssri".into(), "snri".into(), "therapy".into()]) },
        );
        v.insert("sessions".to_string(), VarInfo { ty: Type::Number, values: None });
        v.insert("note".to_string(), VarInfo { ty: Type::Text, values: None });
        v.insert("cost".to_string(), VarInfo { ty: Type::Number, values: None });
        v.insert("severity".to_string(), choice(&["mild", "moderate", "severe", "crisis", "a", "b", "c", "d", "e"]));
        v
    }

    /// Answers used by evaluation tests; `note` and `cost` stay unanswered.
    fn answers(name: &str) -> Option<Value> {
        match name {
            "insurance" => Some(Value::Text("medicare".into())),
            "tried" => Some(Value::List(vec!["ssri".into(), "therapy".into()])),
            "sessions" => Some(Value::Number(6.0)),
            _ => None,
        }
    }

    fn nothing(_: &str) -> Option<Value> {
        None
    }

    fn eval_with(src: &str, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Value> {
        parse(src).expect("parses").eval(lookup)
    }

    fn syntax_error(src: &str) -> CondError {
        parse(src).expect_err("should not parse")
    }

    /// The single error `check` reports for `src`.
    fn check_error(src: &str) -> CondError {
        let mut errors = parse(src).expect("parses").check(&vars()).expect_err("should not check");
        assert_eq!(errors.len(), 1, "expected exactly one error: {errors:?}");
        errors.remove(0)
    }

    fn span_of(src: &str, part: &str) -> Range<usize> {
        let start = src.find(part).expect("part occurs in source");
        start..start + part.len()
    }

    fn rspan_of(src: &str, part: &str) -> Range<usize> {
        let start = src.rfind(part).expect("part occurs in source");
        start..start + part.len()
    }

    fn help(e: &CondError) -> &str {
        e.help.as_deref().unwrap_or("")
    }

    // --- parsing and evaluation -------------------------------------------------------------

    #[test]
    fn precedence_follows_the_contract() {
        let t = Some(Value::Bool(true));
        assert_eq!(eval_with("1 + 2 * 3 == 7", &nothing), t);
        assert_eq!(eval_with("(1 + 2) * 3 == 9", &nothing), t);
        assert_eq!(eval_with("-2 * 3 == -6", &nothing), t);
        assert_eq!(eval_with("10 - 2 - 3 == 5", &nothing), t);
        assert_eq!(eval_with("12 / 2 / 3 == 2", &nothing), t);
        assert_eq!(eval_with("true or true and false", &nothing), t);
        assert_eq!(eval_with("not false and false", &nothing), Some(Value::Bool(false)));
        assert_eq!(eval_with("not 1 == 2", &nothing), t);
        assert_eq!(eval_with("--3 == 3", &nothing), t);
        assert_eq!(eval_with("3.5 * 2", &nothing), Some(Value::Number(7.0)));
    }

    #[test]
    fn text_escapes_are_resolved() {
        let e = parse(r#""say \"hi\" \\ bye""#).expect("parses");
        assert_eq!(e.eval(&nothing), Some(Value::Text(r#"say "hi" \ bye"#.into())));
        assert_eq!(e.source(), r#""say \"hi\" \\ bye""#);
        assert_eq!(e.to_string(), e.source());
    }

    #[test]
    fn answers_are_compared() {
        let holds = |src: &str| parse(src).expect("parses").holds(&answers);
        assert!(holds("insurance == \"medicare\""));
        assert!(holds("\"medicare\" == insurance"));
        assert!(!holds("insurance == \"Medicare\""));
        assert!(holds("insurance != \"none\""));
        assert!(holds("insurance in [\"medicare\", \"medicaid\"]"));
        assert!(!holds("insurance in []"));
        assert!(holds("\"ssri\" in tried"));
        assert!(!holds("\"snri\" in tried"));
        assert!(holds("sessions >= 6 and sessions < 7 and sessions > 5.5 and sessions <= 6"));
        assert!(holds("sessions * 2 + 1 == 13"));
        assert!(holds("tried == [\"therapy\", \"ssri\"]"));
        assert!(holds("answered(insurance) and not answered(note)"));
        assert!(holds("true == true"));
    }

    #[test]
    fn comparisons_with_unanswered_are_false() {
        let f = Some(Value::Bool(false));
        let t = Some(Value::Bool(true));
        assert_eq!(eval_with("note == \"a\"", &nothing), f);
        assert_eq!(eval_with("note != \"a\"", &nothing), f);
        assert_eq!(eval_with("not (note == \"a\")", &nothing), t);
        assert_eq!(eval_with("not note == \"a\"", &nothing), t);
        assert_eq!(eval_with("cost < 3", &nothing), f);
        assert_eq!(eval_with("cost + 1 > 3", &nothing), f);
        assert_eq!(eval_with("note in [\"a\"]", &nothing), f);
        assert_eq!(eval_with("\"a\" in tried", &nothing), f);
        assert_eq!(eval_with("answered(note)", &nothing), f);
    }

    #[test]
    fn arithmetic_on_unanswered_or_by_zero_is_unanswered() {
        assert_eq!(eval_with("cost + 1", &nothing), None);
        assert_eq!(eval_with("-cost", &nothing), None);
        assert_eq!(eval_with("1 / 0", &nothing), None);
        assert_eq!(eval_with("sessions / (sessions - 6)", &answers), None);
        assert_eq!(eval_with("cost", &nothing), None);
    }

    #[test]
    fn and_or_use_three_valued_logic() {
        let unanswered_bool = |name: &str| (name == "t").then_some(Value::Bool(true));
        assert_eq!(eval_with("u and false", &unanswered_bool), Some(Value::Bool(false)));
        assert_eq!(eval_with("u or t", &unanswered_bool), Some(Value::Bool(true)));
        assert_eq!(eval_with("u and t", &unanswered_bool), None);
        assert_eq!(eval_with("u or false", &unanswered_bool), None);
        assert!(!parse("u and t").expect("parses").holds(&unanswered_bool));
    }

    #[test]
    fn unchecked_type_errors_evaluate_to_none() {
        for src in [
            "\"a\" + 1",
            "not 3",
            "1 and true",
            "1 < \"a\"",
            "1 == \"a\"",
            "3 in [\"a\"]",
            "\"a\" in \"b\"",
            "-\"a\"",
            "false or 3",
        ] {
            assert_eq!(eval_with(src, &nothing), None, "{src}");
        }
    }

    #[test]
    fn names_come_in_source_order_with_spans() {
        let src = "answered(note) and (insurance == \"x\" or sessions + insurance > 1)";
        let e = parse(src).expect("parses");
        let names = e.names();
        let got: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        assert_eq!(got, ["note", "insurance", "sessions", "insurance"]);
        for (name, span) in names {
            assert_eq!(&src[span], name);
        }
    }

    #[test]
    fn parenthesized_names_keep_their_own_span() {
        let src = "((insurence)) == \"a\" or answered(note)";
        let e = parse(src).expect("parses");
        assert_eq!(e.names(), [("insurence", 2..11), ("note", 33..37)]);
        let err = check_error(src);
        assert_eq!(err.span, 2..11);
    }

    #[test]
    fn check_returns_the_type() {
        let v = vars();
        let ty = |src: &str| parse(src).expect("parses").check(&v);
        assert_eq!(ty("insurance == \"medicare\""), Ok(Type::Bool));
        assert_eq!(ty("sessions * 2 + cost"), Ok(Type::Number));
        assert_eq!(ty("note"), Ok(Type::Text));
        assert_eq!(ty("tried"), Ok(Type::List));
        assert_eq!(ty("\"ssri\" in tried and answered(note)"), Ok(Type::Bool));
        assert_eq!(ty("note == \"anything at all\""), Ok(Type::Bool));
        assert_eq!(ty("tried == [\"ssri\", \"therapy\"]"), Ok(Type::Bool));
        assert_eq!(ty("insurance in []"), Ok(Type::Bool));
        assert_eq!(Type::Number.to_string(), "a number");
    }

    #[test]
    fn expr_is_send_sync_clone() {
        fn assert_traits<T: Send + Sync + Clone + 'static>() {}
        assert_traits::<Expr>();
        let e = parse("x == 1").expect("parses");
        let copy = e.clone();
        assert_eq!(copy.source(), "x == 1");
    }

    // --- check errors ------------------------------------------------------------------------

    #[test]
    fn unknown_name_suggests_the_closest() {
        let src = "insurence == \"medicare\"";
        let e = check_error(src);
        assert_eq!(e.message, "unknown name `insurence`");
        assert_eq!(e.span, span_of(src, "insurence"));
        assert_eq!(help(&e), "did you mean `insurance`?");
    }

    #[test]
    fn unknown_name_without_a_close_one_lists_known_names() {
        let mut v = vars();
        for extra in ["alpha", "beta", "gamma", "delta"] {
            v.insert(extra.to_string(), VarInfo { ty: Type::Number, values: None });
        }
        let errors = parse("zzz > 1").expect("parses").check(&v).expect_err("unknown");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "unknown name `zzz`");
        assert_eq!(errors[0].span, 0..3);
        assert_eq!(help(&errors[0]), "known names: alpha, beta, cost, delta, gamma, insurance, note, sessions, …");

        let few: HashMap<String, VarInfo> = v.into_iter().filter(|(k, _)| k == "cost").collect();
        let errors = parse("zzz").expect("parses").check(&few).expect_err("unknown");
        assert_eq!(help(&errors[0]), "known names: cost");
        let none = HashMap::new();
        let errors = parse("zzz").expect("parses").check(&none).expect_err("unknown");
        assert!(help(&errors[0]).starts_with("no names are defined"));
    }

    #[test]
    fn answered_with_an_unknown_name() {
        let src = "answered(insurence)";
        let e = check_error(src);
        assert_eq!(e.message, "unknown name `insurence`");
        assert_eq!(e.span, span_of(src, "insurence"));
        assert_eq!(help(&e), "did you mean `insurance`?");
    }

    #[test]
    fn option_value_typo_on_either_side() {
        for src in ["insurance == \"medicaire\"", "\"medicaire\" == insurance", "insurance != \"medicaire\""] {
            let e = check_error(src);
            assert_eq!(e.message, "no option of `insurance` has the value \"medicaire\"", "{src}");
            assert_eq!(e.span, span_of(src, "\"medicaire\""), "{src}");
            assert_eq!(help(&e), "did you mean \"medicare\"?");
        }
    }

    #[test]
    fn option_value_far_off_lists_values() {
        let src = "insurance == \"veterans\"";
        let e = check_error(src);
        assert_eq!(e.message, "no option of `insurance` has the value \"veterans\"");
        assert_eq!(e.span, span_of(src, "\"veterans\""));
        assert_eq!(help(&e), "its values are: \"private\", \"medicare\", \"medicaid\", \"none\"");
        let src = "severity == \"zzzzzz\"";
        let e = check_error(src);
        assert_eq!(
            help(&e),
            "its values are: \"mild\", \"moderate\", \"severe\", \"crisis\", \"a\", \"b\", \"c\", \"d\", …"
        );
    }

    #[test]
    fn option_values_in_a_list_are_each_checked() {
        let src = "insurance in [\"private\", \"medicaire\", \"nope-nope\"]";
        let errors = parse(src).expect("parses").check(&vars()).expect_err("bad values");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].message, "no option of `insurance` has the value \"medicaire\"");
        assert_eq!(errors[0].span, span_of(src, "\"medicaire\""));
        assert_eq!(help(&errors[0]), "did you mean \"medicare\"?");
        assert_eq!(errors[1].span, span_of(src, "\"nope-nope\""));
        assert!(help(&errors[1]).starts_with("its values are: "));
    }

    #[test]
    fn option_value_in_a_multi() {
        let src = "\"ssrii\" in tried";
        let e = check_error(src);
        assert_eq!(e.message, "no option of `tried` has the value \"ssrii\"");
        assert_eq!(e.span, span_of(src, "\"ssrii\""));
        assert_eq!(help(&e), "did you mean \"ssri\"?");

        let src = "tried == [\"ssri\", \"yoga\"]";
        let e = check_error(src);
        assert_eq!(e.message, "no option of `tried` has the value \"yoga\"");
        assert_eq!(e.span, span_of(src, "\"yoga\""));
    }

    #[test]
    fn comparing_a_number_with_text() {
        let src = "sessions == \"six\"";
        let e = check_error(src);
        assert_eq!(e.message, "cannot compare a number with text");
        assert_eq!(e.span, 0..src.len());
        assert_eq!(
            help(&e),
            "`sessions` is a number but `\"six\"` is text; `==` needs the same kind of value on both sides"
        );
        let e = check_error("sessions != \"6\"");
        assert_eq!(help(&e), "write the number without quotes: `6`");
        let src = "(tried == \"ssri\") or true";
        let e = check_error(src);
        assert_eq!(e.message, "cannot compare a list with text");
        assert_eq!(e.span, span_of(src, "(tried == \"ssri\")"));
        assert_eq!(help(&e), "to test whether `tried` includes a value, write `\"ssri\" in tried`");
    }

    #[test]
    fn plus_on_text() {
        let src = "sessions + note";
        let e = check_error(src);
        assert_eq!(e.message, "`+` needs numbers, but `note` is text");
        assert_eq!(e.span, span_of(src, "note"));
        assert!(help(&e).contains("numbers"));
    }

    #[test]
    fn and_on_a_number() {
        let src = "sessions and answered(note)";
        let e = check_error(src);
        assert_eq!(e.message, "`and` needs true/false conditions, but `sessions` is a number");
        assert_eq!(e.span, span_of(src, "sessions"));
        assert_eq!(help(&e), "compare it with something, e.g. `sessions > 0`");
    }

    #[test]
    fn in_with_a_non_list_right_side() {
        let src = "\"ssri\" in note";
        let e = check_error(src);
        assert_eq!(e.message, "`in` needs a list on its right, but `note` is text");
        assert_eq!(e.span, span_of(src, "note"));
        let src = "sessions in [\"a\"]";
        let e = check_error(src);
        assert_eq!(e.message, "`in` looks for text in a list, but `sessions` is a number");
        assert_eq!(e.span, span_of(src, "sessions"));
    }

    #[test]
    fn less_than_on_text() {
        let src = "insurance < \"medicare\"";
        let e = check_error(src);
        assert_eq!(e.message, "`<` compares numbers, but `insurance` is text");
        assert_eq!(e.span, span_of(src, "insurance"));
        assert!(help(&e).contains("`==`"));
    }

    #[test]
    fn not_on_a_number() {
        let src = "not (sessions * 2)";
        let e = check_error(src);
        assert_eq!(e.message, "`not` needs a true/false condition, but `(sessions * 2)` is a number");
        assert_eq!(e.span, span_of(src, "(sessions * 2)"));
    }

    #[test]
    fn unary_minus_on_text() {
        let src = "-note";
        let e = check_error(src);
        assert_eq!(e.message, "unary `-` needs a number, but `note` is text");
        assert_eq!(e.span, 1..5);
    }

    #[test]
    fn every_problem_is_collected_without_cascades() {
        let src = "insurence == \"x\" and sessions == \"six\" or \"ssrii\" in tried";
        let errors = parse(src).expect("parses").check(&vars()).expect_err("three problems");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown name `insurence`",
                "cannot compare a number with text",
                "no option of `tried` has the value \"ssrii\"",
            ]
        );
        // An unknown name inside arithmetic gives one error, not one per enclosing operator.
        let errors = parse("-(zz * 2 + 1) > 3 and not zz").expect("parses").check(&vars()).expect_err("unknown");
        assert_eq!(errors.len(), 2);
    }

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

    #[test]
    fn worst_case_nesting_fits_a_small_stack() {
        // The deepest accepted condition must parse, check and evaluate well inside the 2 MiB
        // a spawned thread gets by default, so callers need no special threads for untrusted
        // guides. Measured: about 64 KiB in release builds, about 450 KiB unoptimized.
        let src = format!("{}x == 1{}", "(not ".repeat(MAX_DEPTH / 2), ")".repeat(MAX_DEPTH / 2));
        let chain = format!("{}{}", "-(".repeat(MAX_DEPTH / 2), "1");
        let chain = format!("{chain}{}", ")".repeat(MAX_DEPTH / 2));
        let worker = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                for src in [src, chain] {
                    let e = parse(&src).expect("at the limit");
                    let _ = e.check(&vars());
                    let _ = e.eval(&answers);
                    let _ = e.names();
                    let _ = syntax_error(&format!("({src}"));
                }
            })
            .expect("spawns");
        assert!(worker.join().is_ok());
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

    // --- robustness --------------------------------------------------------------------------

    /// Deterministic xorshift64, so failures are reproducible without a dependency.
    struct Rng(u64);

    impl Rng {
        fn step(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            let n = u64::try_from(n).unwrap_or(u64::MAX);
            usize::try_from(self.step() % n).unwrap_or(0)
        }
    }

    /// Parses, checks, lists names and evaluates `src`, asserting every span is a valid slice.
    fn exercise(src: &str, v: &HashMap<String, VarInfo>) {
        match parse(src) {
            Err(e) => assert!(src.get(e.span.clone()).is_some(), "{src:?}: {e:?}"),
            Ok(expr) => {
                for (name, span) in expr.names() {
                    assert_eq!(src.get(span), Some(name), "{src:?}");
                }
                if let Err(errors) = expr.check(v) {
                    assert!(!errors.is_empty());
                    for e in errors {
                        assert!(src.get(e.span.clone()).is_some(), "{src:?}: {e:?}");
                    }
                }
                let _ = expr.eval(&answers);
                let _ = expr.eval(&nothing);
                let _ = expr.holds(&|_| Some(Value::Number(0.0)));
                let _ = expr.holds(&|_| Some(Value::Text("a".into())));
            }
        }
    }

    #[test]
    fn random_inputs_never_panic() {
        const PIECES: &[&str] = &[
            "a",
            "x",
            "_",
            "insurance",
            "tried",
            "sessions",
            "note",
            "1",
            "0",
            "2.5",
            ".",
            "\"",
            "\\",
            "\"a\"",
            "\"ssri\"",
            "(",
            ")",
            "[",
            "]",
            ",",
            "=",
            "==",
            "!",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "+",
            "-",
            "*",
            "/",
            "&",
            "|",
            " ",
            " ",
            "and ",
            "or ",
            "not ",
            " in ",
            "answered",
            "true",
            "false",
            "é",
            "'",
            "\n",
            "\t",
        ];
        let v = vars();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..4000 {
            let len = rng.below(30);
            let src: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            exercise(&src, &v);
        }
    }

    #[test]
    fn mutated_conditions_never_panic() {
        const SEEDS: &[&str] = &[
            "insurance == \"medicare\" and not (\"ssri\" in tried)",
            "sessions * 2 + -cost / 3 >= 10 or answered(note)",
            "insurance in [\"private\", \"medicaid\",] and note != \"a \\\"b\\\" c\"",
            "not not (sessions < 3 or sessions > 5.5) and tried == [\"ssri\"]",
        ];
        const CHARS: &[char] = &[
            '(', ')', '[', ']', '"', '\\', '=', '!', '<', '>', '+', '-', '*', '/', ',', ' ', 'a', '1', '.', '&', '|',
            'é', '\'',
        ];
        let v = vars();
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        for _ in 0..4000 {
            let mut chars: Vec<char> = SEEDS[rng.below(SEEDS.len())].chars().collect();
            for _ in 0..=rng.below(4) {
                let at = rng.below(chars.len() + 1);
                match rng.below(3) {
                    0 => chars.insert(at, CHARS[rng.below(CHARS.len())]),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = CHARS[rng.below(CHARS.len())],
                    _ => {}
                }
            }
            let src: String = chars.into_iter().collect();
            exercise(&src, &v);
        }
        for seed in SEEDS {
            exercise(seed, &v);
            assert!(parse(seed).expect("seed parses").check(&v).is_ok(), "{seed}");
        }
    }
}
