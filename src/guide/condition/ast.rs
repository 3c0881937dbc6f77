//! The syntax tree a condition parses into, and the operators it is built from.

use std::ops::Range;

/// One node of the syntax tree, with the source range it came from (for error spans).
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// What the node is.
    pub(super) kind: Kind,
    /// Where it is in the source; a parenthesized node includes its parentheses.
    pub(super) span: Range<usize>,
    /// Height of the subtree (0 for a leaf); kept so the parser can refuse over-deep trees the
    /// moment they are built, before anything recurses over them.
    pub(super) depth: usize,
}

/// The kinds of syntax-tree nodes.
#[derive(Debug, Clone)]
pub(super) enum Kind {
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
    pub(super) fn children(&self) -> [Option<&Node>; 2] {
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
pub(super) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    /// The operator as written, for messages.
    pub(super) fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// The operator as written, for messages.
    pub(super) fn symbol(self) -> &'static str {
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
    pub(super) fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LogicOp {
    And,
    Or,
}

impl LogicOp {
    /// The operator as written, for messages.
    pub(super) fn symbol(self) -> &'static str {
        match self {
            LogicOp::And => "and",
            LogicOp::Or => "or",
        }
    }
}

/// Pushes the names under `node` in source order (left before right).
pub(super) fn collect_names<'a>(node: &'a Node, out: &mut Vec<(&'a str, Range<usize>)>) {
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
