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
    /// A number answer or a computed value. Whole numbers are written as integers (`600`, not
    /// `600.0`) in exports and session files; either form reads back.
    Number(#[serde(serialize_with = "whole_as_integer")] f64),
    /// A choice's value or a text answer.
    Text(String),
    /// A multi answer: the values of the ticked options, in option order.
    List(Vec<String>),
}

/// Writes a whole number as an integer, the way a person wrote it; other numbers as they are.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `serialize_with` hands over a reference
fn whole_as_integer<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    // Within ±2^53 every whole f64 is an exact integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if n.fract() == 0.0 && n.abs() <= EXACT {
        #[allow(clippy::cast_possible_truncation)]
        s.serialize_i64(*n as i64)
    } else {
        s.serialize_f64(*n)
    }
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

/// A number as people read amounts and counts: [`format_number`] with thousands separated
/// (`5,000`, `12,500.5`). Bounds, answers and counts in text all use it, so one number never
/// reads two ways.
pub fn format_grouped(n: f64) -> String {
    let plain = format_number(n);
    let (int, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return plain;
    }
    let mut out = String::from(sign);
    out.push_str(&crate::thousands::group_digits(digits));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_integers_and_either_form_reads_back() {
        let json = |v: &Value| serde_json::to_string(v).unwrap();
        assert_eq!(json(&Value::Number(600.0)), "600");
        assert_eq!(json(&Value::Number(-3.0)), "-3");
        assert_eq!(json(&Value::Number(2.5)), "2.5");
        assert_eq!(json(&Value::Number(1e300)), "1e+300");
        for text in ["600", "600.0"] {
            assert_eq!(serde_json::from_str::<Value>(text).unwrap(), Value::Number(600.0));
        }
    }
}
