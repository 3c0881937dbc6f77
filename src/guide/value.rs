//! The values an answer or a computed `[values]` entry can hold.
//!
//! Conditions, text interpolation, sessions and exports all speak this one type, so an answer
//! means the same thing wherever it is read.

use std::fmt;

/// One answer or computed value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A true/false result (only conditions produce these).
    Bool(bool),
    /// A number answer or a computed value.
    Number(f64),
    /// A choice's value or a text answer.
    Text(String),
    /// A multi answer: the values of the ticked options, in option order.
    List(Vec<String>),
}

impl Value {
    /// The number inside, if this is a number.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The text inside, if this is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Formats a number the way a person writes it: no trailing `.0`, at most two decimals.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return "?".to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            Value::Number(n) => f.write_str(&format_number(*n)),
            Value::Text(s) => f.write_str(s),
            Value::List(items) => f.write_str(&items.join(", ")),
        }
    }
}
