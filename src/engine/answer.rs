//! Whether a value is an acceptable answer to a question, with a message a person can act on.

use crate::guide::text::sanitize_line;
use crate::guide::{Node, NodeKind, Value};

/// Checks and normalizes an answer (a multi answer is put in option order without repeats).
pub fn validate(node: &Node, value: &Value) -> Result<Value, String> {
    validate_on(node, value, crate::date::today())
}

/// [`validate`] on a given day, for date limits counted from today.
pub fn validate_on(node: &Node, value: &Value, today: crate::date::Date) -> Result<Value, String> {
    match (&node.kind, value) {
        (NodeKind::Choice { options }, Value::Text(t)) => {
            if options.iter().any(|o| &o.value == t) {
                Ok(value.clone())
            } else {
                Err(format!("\"{}\" is not one of the choices: {}", sanitize_line(t), option_values(node)))
            }
        }
        (NodeKind::Multi { options, min, max, .. }, Value::List(items)) => {
            if let Some(bad) = items.iter().find(|i| !options.iter().any(|o| &o.value == *i)) {
                return Err(format!("\"{}\" is not one of the choices: {}", sanitize_line(bad), option_values(node)));
            }
            let picked: Vec<String> =
                options.iter().filter(|o| items.contains(&o.value)).map(|o| o.value.clone()).collect();
            if picked.len() < *min {
                return Err(if *min == 1 { "pick at least one".to_string() } else { format!("pick at least {min}") });
            }
            if picked.len() > *max {
                return Err(if *max == 1 { "pick at most one".to_string() } else { format!("pick at most {max}") });
            }
            Ok(Value::List(picked))
        }
        (NodeKind::Choice { .. }, _) => Err(format!("the answer must be one of: {}", option_values(node))),
        (NodeKind::Multi { .. }, _) => Err(format!("the answer must be a list of: {}", option_values(node))),
        (kind, _) => match kind.entry() {
            Some(entry) => entry.check(value, today),
            None => Err(format!("\"{}\" is not a question", node.key)),
        },
    }
}

pub use crate::guide::entry::parse_number;

pub(crate) fn option_values(node: &Node) -> String {
    let vals: Vec<String> = node.options().iter().take(10).map(|o| format!("\"{}\"", o.value)).collect();
    let more = if node.options().len() > 10 { ", …" } else { "" };
    format!("{}{more}", vals.join(", "))
}

/// How an answer reads to a person: option labels rather than values.
pub fn describe(node: &Node, value: &Value) -> String {
    match value {
        Value::Text(t) => node.options().iter().find(|o| &o.value == t).map_or_else(|| t.clone(), |o| o.label.clone()),
        Value::List(items) if items.is_empty() => "none".to_string(),
        Value::List(items) => items
            .iter()
            .map(|i| node.options().iter().find(|o| &o.value == i).map_or_else(|| i.clone(), |o| o.label.clone()))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Number(_) | Value::Date(_) => node.kind.entry().map_or_else(|| value.to_string(), |e| e.describe(value)),
        Value::Bool(_) => value.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::model::{Choice, Question};

    fn choice_node() -> Node {
        let option = |v: &str| Choice {
            value: v.into(),
            label: v.to_uppercase(),
            help: None,
            next: None,
            sources: Vec::new(),
            was: Vec::new(),
        };
        Node {
            key: "coverage".into(),
            title: "Coverage".into(),
            text: String::new(),
            kind: NodeKind::Choice { options: vec![option("private"), option("none")] },
            question: Some(Question {
                var: "insurance".into(),
                optional: false,
                default: None,
                private: false,
                was: Vec::new(),
                skip_to: None,
            }),
            sources: Vec::new(),
        }
    }

    #[test]
    fn an_unknown_choice_is_quoted_without_its_control_characters() {
        let err = validate(&choice_node(), &Value::Text("medi\u{1b}[31mcare\n".into())).unwrap_err();
        assert_eq!(err, "\"medi␛[31mcare \" is not one of the choices: \"private\", \"none\"");
    }

    #[test]
    fn one_of_a_plural_unit_reads_as_singular() {
        let unit = |w: &str, n: f64| crate::guide::model::Unit::from_plural(w).for_count(n).to_string();
        assert_eq!(unit("medicines", 1.0), "medicine");
        assert_eq!(unit("medicines", 2.0), "medicines");
        assert_eq!(unit("percent", 1.0), "percent");
        assert_eq!(unit("class", 1.0), "class");
        assert_eq!(unit("hours", 1.5), "hours");
    }

    #[test]
    fn a_whole_number_question_refuses_fractions() {
        let node = Node {
            key: "count".into(),
            title: "Count".into(),
            text: String::new(),
            kind: NodeKind::Number {
                min: Some(0.0),
                max: Some(5000.0),
                unit: Some(crate::guide::model::Unit { one: "infusion".into(), other: "infusions".into() }),
                whole: true,
                placeholder: None,
                next: crate::guide::NodeId(0),
            },
            question: Some(Question {
                var: "count".into(),
                optional: false,
                default: None,
                private: false,
                was: Vec::new(),
                skip_to: None,
            }),
            sources: Vec::new(),
        };
        assert_eq!(validate(&node, &Value::Number(12.345)).unwrap_err(), "enter a whole number, like 12");
        assert_eq!(validate(&node, &Value::Number(9000.0)).unwrap_err(), "enter a number of at most 5,000");
        assert!(validate(&node, &Value::Number(3.0)).is_ok());
        assert_eq!(describe(&node, &Value::Number(1.0)), "1 infusion");
        assert_eq!(describe(&node, &Value::Number(1200.0)), "1,200 infusions");
    }
}
