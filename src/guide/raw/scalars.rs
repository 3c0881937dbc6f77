//! One TOML value as a number, and the words for a value of the wrong type.

use toml::de::DeValue;

pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// How to write a value of the expected type, given what was written instead.
pub(super) fn type_fix(key: &str, found: &DeValue<'_>, expected: &str) -> String {
    match (found, expected) {
        (DeValue::String(s), "true or false") => {
            let b = if matches!(s.trim().to_ascii_lowercase().as_str(), "no" | "false" | "n" | "0") {
                "false"
            } else {
                "true"
            };
            format!("write `{key} = {b}`, without quotes")
        }
        (DeValue::String(s), "a number") => match s.trim().replace([',', '_', '$'], "").parse::<f64>() {
            Ok(n) if n.is_finite() => format!("write `{key} = {}`, without quotes", s.trim().replace([',', '$'], "")),
            _ => format!("write a number without quotes, e.g. `{key} = 6`"),
        },
        (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_), "a string") => {
            format!("put the value in double quotes, e.g. `{key} = \"…\"`")
        }
        (_, "a list of strings") => format!("write a list in brackets, e.g. `{key} = [\"a\", \"b\"]`"),
        (_, "a table") => format!("write it as a table, e.g. [{key}] on a line of its own"),
        _ => format!("see docs/guide-format.md for what `{key}` holds"),
    }
}

pub(super) fn integer(v: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(&v.as_str().replace('_', ""), v.radix()).ok()
}

/// Largest number a guide or an answer may hold: far beyond any amount of money or count a
/// person deals with, and small enough that sums and comparisons stay exact to the unit.
pub const MAX_NUMBER: f64 = 1e15;

pub(super) fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => integer(i).map(|i| i as f64).filter(|n| n.abs() <= MAX_NUMBER),
        DeValue::Float(f) => {
            f.as_str().replace('_', "").parse::<f64>().ok().filter(|f| f.is_finite() && f.abs() <= MAX_NUMBER)
        }
        _ => None,
    }
}

/// Why a TOML number cannot be used (`nan`, `inf`, or out of range); `None` for any other value.
pub(super) fn unusable_number(v: &DeValue<'_>) -> Option<String> {
    let text = match v {
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        _ => return None,
    };
    if number(v).is_some() {
        return None;
    }
    let bare = text.trim_start_matches(['+', '-']);
    Some(if bare == "nan" {
        "`nan` (not a number) cannot be compared or added up".to_string()
    } else if bare == "inf" {
        format!("`{text}` (infinity) is not an amount anything can have")
    } else {
        format!("`{text}` is beyond any sensible range (at most ±1,000,000,000,000,000)")
    })
}
