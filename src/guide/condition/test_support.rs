//! Names, answers and helpers shared by the unit tests of every stage.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::{CondError, Type, VarInfo, parse};
use crate::guide::Value;

/// A guide's worth of names: a choice, a multi, a number, a free text and a computed value.
pub(super) fn vars() -> HashMap<String, VarInfo> {
    let mut v = HashMap::new();
    let choice =
        |values: &[&str]| VarInfo { ty: Type::Text, values: Some(values.iter().map(ToString::to_string).collect()) };
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
pub(super) fn answers(name: &str) -> Option<Value> {
    match name {
        "insurance" => Some(Value::Text("medicare".into())),
        "tried" => Some(Value::List(vec!["ssri".into(), "therapy".into()])),
        "sessions" => Some(Value::Number(6.0)),
        _ => None,
    }
}

pub(super) fn nothing(_: &str) -> Option<Value> {
    None
}

pub(super) fn eval_with(src: &str, lookup: &dyn Fn(&str) -> Option<Value>) -> Option<Value> {
    parse(src).expect("parses").eval(lookup)
}

pub(super) fn syntax_error(src: &str) -> CondError {
    parse(src).expect_err("should not parse")
}

/// The single error `check` reports for `src`.
pub(super) fn check_error(src: &str) -> CondError {
    let mut errors = parse(src).expect("parses").check(&vars()).expect_err("should not check");
    assert_eq!(errors.len(), 1, "expected exactly one error: {errors:?}");
    errors.remove(0)
}

pub(super) fn span_of(src: &str, part: &str) -> Range<usize> {
    let start = src.find(part).expect("part occurs in source");
    start..start + part.len()
}

pub(super) fn rspan_of(src: &str, part: &str) -> Range<usize> {
    let start = src.rfind(part).expect("part occurs in source");
    start..start + part.len()
}

pub(super) fn help(e: &CondError) -> &str {
    e.help.as_deref().unwrap_or("")
}
