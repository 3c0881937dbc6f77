//! Type checking: every name known, every option value possible, every operand of the right type.

use foldhash::HashMap;
use std::fmt;
use std::ops::Range;

use super::super::suggest::closest;
use super::ast::{CmpOp, Kind, Node};
use super::error::{CondError, CondErrorKind, list_for_help, shorten};

/// Static type of an expression or a var.
///
/// A new type is one variant here: the exhaustive matches of its `impl` (how messages name it,
/// whether arithmetic and ordering take it, how to make a condition of it) then fail to compile
/// until each is answered, and its values get one arm each in `eval.rs` (`values_equal`,
/// `arithmetic`, `CmpOp::compare`).
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

    /// Whether `+ - * /` and unary minus take values of this type.
    ///
    /// Written as an exhaustive match, like every question about a type here, so a new type
    /// cannot compile before each of them is answered for it.
    #[allow(clippy::match_like_matches_macro)]
    fn is_arithmetic(self) -> bool {
        match self {
            Type::Number => true,
            // Dates move by days and subtract, which [`date_arith`] types on its own.
            Type::Bool | Type::Text | Type::List | Type::Date => false,
        }
    }

    /// Whether `< <= > >=` order values of this type.
    #[allow(clippy::match_like_matches_macro)]
    fn is_ordered(self) -> bool {
        match self {
            Type::Number | Type::Date => true,
            Type::Bool | Type::Text | Type::List => false,
        }
    }

    /// A hint for turning `source`, a value of this type, into a condition (`sessions` into
    /// `sessions > 0`).
    fn condition_hint(self, source: &str) -> String {
        match self {
            Type::Number => format!("compare it with something, e.g. `{source} > 0`"),
            Type::Text => format!("compare it with something, e.g. `{source} == \"yes\"`"),
            Type::List => format!("test what it contains, e.g. `\"a\" in {source}`"),
            Type::Date => format!("compare it with a date, e.g. `{source} < today`"),
            Type::Bool => "use a comparison here".to_string(),
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

/// The type of `l op r` for `+` and `-` with a date on a side: a date moved by days, or the days
/// between two dates. `None` for the combinations that mean nothing (`date * 2`, `3 - date`).
fn date_arith(op: super::ast::ArithOp, l: Type, r: Type) -> Option<Type> {
    use super::ast::ArithOp;
    match (op, l, r) {
        (ArithOp::Add | ArithOp::Sub, Type::Date, Type::Number) | (ArithOp::Add, Type::Number, Type::Date) => {
            Some(Type::Date)
        }
        (ArithOp::Sub, Type::Date, Type::Date) => Some(Type::Number),
        _ => None,
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

/// Walks the tree once, collecting every problem so an author can fix them all in one go.
pub(super) struct Checker<'a> {
    /// The condition's source, for quoting operands in messages.
    pub(super) src: &'a str,
    /// The names the guide defines.
    pub(super) vars: &'a HashMap<String, VarInfo>,
    /// Problems found so far.
    pub(super) errors: Vec<CondError>,
}

impl Checker<'_> {
    /// The type of `node`, or `None` when it cannot be known because of an error already
    /// reported (an unknown name), so that one typo does not cascade into several errors.
    /// Operators always report their result type even when an operand is wrong, for the same
    /// reason.
    pub(super) fn ty(&mut self, node: &Node) -> Option<Type> {
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
                    && !t.is_arithmetic()
                {
                    self.operand_error(x, t, "unary `-` needs a number", "a minus sign can only negate a number");
                }
                Some(Type::Number)
            }
            Kind::Not(x) => {
                if let Some(t) = self.ty(x)
                    && t != Type::Bool
                {
                    let help = t.condition_hint(&self.snippet(x));
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
                        let help = t.condition_hint(&self.snippet(side));
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
                    if let Some(t) = date_arith(*op, a, b) {
                        return Some(t);
                    }
                    let (side, t) = if a == Type::Date && b != Type::Number { (r, b) } else { (l, a) };
                    let what = format!("`{}` cannot take {} here", op.symbol(), t.phrase());
                    self.operand_error(
                        side,
                        t,
                        &what,
                        "move a date by days (`letter_date + 60d`), or subtract two dates for the days between them",
                    );
                    // What it was meant to be is unknown: no second error about its result.
                    return None;
                }
                for (side, t) in [(l, lt), (r, rt)] {
                    if let Some(t) = t
                        && !t.is_arithmetic()
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
            let offending =
                [(l, lt), (r, rt)].into_iter().find_map(|(side, t)| t.filter(|t| !t.is_ordered()).map(|t| (side, t)));
            if let Some((side, t)) = offending {
                let what = format!("`{}` compares numbers", op.symbol());
                let help = if t == Type::Text {
                    "text can only be tested for equality, with `==` or `!=`"
                } else {
                    "`<`, `<=`, `>` and `>=` only order numbers and dates"
                };
                self.operand_error(side, t, &what, help);
            } else if let (Some(a), Some(b)) = (lt, rt)
                && a != b
            {
                self.mismatch(node, op, (l, a), (r, b));
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
        } else if self.vars.keys().all(|k| k == super::super::TODAY) {
            "no names are defined; a name is a question's `var` or a `[values]` entry".to_string()
        } else {
            let mut known: Vec<&str> =
                self.vars.keys().map(String::as_str).filter(|k| *k != super::super::TODAY).collect();
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

    /// The source text of a node, shortened for messages.
    fn snippet(&self, node: &Node) -> String {
        shorten(self.src.get(node.span.clone()).unwrap_or("?"))
    }
}
#[cfg(test)]
mod tests {
    use foldhash::{HashMap, HashMapExt};

    use super::super::parse;
    use super::super::test_support::*;
    use super::*;

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
}
