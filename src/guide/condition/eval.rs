//! Evaluation: the value of a checked (or unchecked) tree for a given set of answers.
//!
//! Every way two values combine (arithmetic, equality, ordering) is one `match` over the pair of
//! values, so a new kind of value is one more arm in each.

use super::super::value::Value;
use super::ast::{ArithOp, CmpOp, Kind, LogicOp, Node};

/// Evaluates one node.
///
/// An unanswered name makes arithmetic unanswered, but makes a comparison plainly false: "is
/// `x` equal to "a"?" has the answer "no" while `x` is open, so `not (x == "a")` holds then.
pub(super) fn eval(node: &Node, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Value> {
    match &node.kind {
        Kind::Bool(b) => Some(Value::Bool(*b)),
        Kind::Number(n) => Some(Value::Number(*n)),
        Kind::Text(s) => Some(Value::Text(s.clone())),
        Kind::List(items) => Some(Value::List(items.iter().map(|(item, _)| item.clone()).collect())),
        Kind::Name(name, _) => lookup(name),
        Kind::Answered { name, .. } => Some(Value::Bool(lookup(name).is_some())),
        Kind::Neg(x) => negate(&eval(x, lookup)?),
        Kind::Not(x) => match eval(x, lookup)? {
            Value::Bool(b) => Some(Value::Bool(!b)),
            _ => None,
        },
        Kind::Arith(op, l, r) => arithmetic(*op, &eval(l, lookup)?, &eval(r, lookup)?),
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

/// Unary minus on a present value; `None` for a value it does not apply to (only possible in
/// an expression that was never checked).
fn negate(value: &Value) -> Option<Value> {
    match value {
        Value::Number(n) => Some(Value::Number(-*n)),
        _ => None,
    }
}

/// `a op b` on two present values: one arm per pair of value kinds the operator applies to.
/// `None` for any other pair (only possible in an expression that was never checked), and for
/// a result that is not a real number.
fn arithmetic(op: ArithOp, a: &Value, b: &Value) -> Option<Value> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => op.apply(*x, *y).map(Value::Number),
        _ => None,
    }
}

impl ArithOp {
    /// Applies the operator; `None` for division by zero or a result too large to be a number,
    /// because a computed value that is not a real number is better treated as "no answer".
    pub(super) fn apply(self, a: f64, b: f64) -> Option<f64> {
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

impl CmpOp {
    /// Compares two present values; `None` when their types do not fit the operator (only
    /// possible for an expression that was never checked).
    pub(super) fn compare(self, a: &Value, b: &Value) -> Option<bool> {
        match self {
            CmpOp::Eq => values_equal(a, b),
            CmpOp::Ne => values_equal(a, b).map(|equal| !equal),
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => match (a, b) {
                // One arm per kind of value that has an order.
                (Value::Number(x), Value::Number(y)) => Some(self.orders(x, y)),
                _ => None,
            },
        }
    }

    /// Whether `x op y` holds for an ordering operator, whatever ordered kind `x` and `y` are.
    fn orders<T: PartialOrd>(self, x: &T, y: &T) -> bool {
        match self {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            _ => x >= y,
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
        (Value::Text(x), Value::Text(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => Some(x.iter().all(|i| y.contains(i)) && y.iter().all(|i| x.contains(i))),
        _ => None,
    }
}
#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::test_support::*;
    use super::*;

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
}
