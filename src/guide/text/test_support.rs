//! Answers shared by the unit tests of templates, markup and the whole folder.

use crate::guide::value::Value;

pub(super) fn answers(name: &str) -> Option<Value> {
    match name {
        "insurer" => Some(Value::Text("Acme Health".into())),
        "estimate" => Some(Value::Number(2400.5)),
        "deductible" => Some(Value::Number(1500.0)),
        "refund" => Some(Value::Number(-200.0)),
        "plans" => Some(Value::List(vec!["PPO".into(), "HMO".into()])),
        "agreed" => Some(Value::Bool(true)),
        "sneaky" => Some(Value::Text("**bold** [x](https://evil.example) {insurer}".into())),
        "escape" => Some(Value::Text("a\u{1b}[31mred".into())),
        _ => None,
    }
}
