//! Questions answered by typing into a box: a number, a date or text.
//!
//! The interface and plain mode draw one answer box for all three and ask this module what
//! each needs: which characters the box takes, how typed text becomes an answer, what the hint
//! under the box says, and how an answer reads back. A new typed question type is one more
//! [`Entry`] variant here, and the box, plain mode and the engine follow.

use super::model::{NodeKind, Unit};
use super::text::sanitize_line;
use super::value::{Value, format_grouped, format_number};
use crate::date::{Date, DateBound};

/// A typed question's settings, borrowed from its node.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// A number.
    Number {
        /// Smallest allowed.
        min: Option<f64>,
        /// Largest allowed.
        max: Option<f64>,
        /// Words after the number.
        unit: Option<&'a Unit>,
        /// Only whole numbers.
        whole: bool,
    },
    /// A calendar date.
    Date {
        /// Earliest allowed.
        min: Option<DateBound>,
        /// Latest allowed.
        max: Option<DateBound>,
    },
    /// Free text.
    Text {
        /// Longest allowed, in characters.
        max_len: usize,
    },
}

/// Which characters an answer box takes, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepts {
    /// Only what a number is written with (digits, `,`, `.`, `$`, `-`, spaces): a pasted
    /// sentence leaves its digits behind, and the person is told.
    pub digits_only: bool,
    /// Only whole numbers: a typed `.` is refused as it is typed.
    pub whole: bool,
    /// Most characters.
    pub max_chars: usize,
}

/// Longest number a box takes: far more digits than any amount, few enough to read.
const MAX_NUMBER_CHARS: usize = 40;

/// Longest date anyone types: "September 30th, 2026" with room to spare.
const MAX_DATE_CHARS: usize = 32;

impl NodeKind {
    /// The settings of a question answered by typing; `None` for other kinds.
    pub fn entry(&self) -> Option<Entry<'_>> {
        match self {
            NodeKind::Number { min, max, unit, whole, .. } => {
                Some(Entry::Number { min: *min, max: *max, unit: unit.as_ref(), whole: *whole })
            }
            NodeKind::Date { min, max, .. } => Some(Entry::Date { min: *min, max: *max }),
            NodeKind::Text { max_len, .. } => Some(Entry::Text { max_len: *max_len }),
            _ => None,
        }
    }

    /// What the box shows while empty.
    pub fn placeholder(&self) -> Option<&str> {
        match self {
            NodeKind::Number { placeholder, .. }
            | NodeKind::Date { placeholder, .. }
            | NodeKind::Text { placeholder, .. } => placeholder.as_deref(),
            _ => None,
        }
    }
}

impl Entry<'_> {
    /// Which characters the box takes.
    pub fn accepts(&self) -> Accepts {
        match self {
            Entry::Number { whole, .. } => Accepts { digits_only: true, whole: *whole, max_chars: MAX_NUMBER_CHARS },
            Entry::Date { .. } => Accepts { digits_only: false, whole: false, max_chars: MAX_DATE_CHARS },
            Entry::Text { max_len } => Accepts { digits_only: false, whole: false, max_chars: *max_len },
        }
    }

    /// What a person typed, read as this kind of answer without checking its limits (the
    /// session checks those, in the same words wherever an answer comes from). The error says
    /// what to type instead.
    pub fn parse(&self, typed: &str) -> Result<Value, String> {
        let typed = typed.trim();
        match self {
            Entry::Number { .. } => parse_number(typed)
                .map(Value::Number)
                .ok_or_else(|| format!("“{}” is not a number. Type digits, like 6 or 1,200.", sanitize_line(typed))),
            Entry::Date { .. } => {
                Date::parse_typed(typed).map(Value::Date).map_err(|why| format!("“{}”: {why}.", sanitize_line(typed)))
            }
            Entry::Text { .. } => Ok(Value::Text(typed.to_string())),
        }
    }

    /// What to say when Enter is pressed on an empty box of a question that needs an answer.
    pub fn empty_prompt(&self) -> &'static str {
        match self {
            Entry::Number { .. } => "Type a number, then press Enter.",
            Entry::Date { .. } => "Type a date, like 10/01/2026, then press Enter.",
            Entry::Text { .. } => "Type an answer, then press Enter.",
        }
    }

    /// The settings a saved answer was given under, so a resumed session can tell when the
    /// question changed since (a new range, a shorter limit).
    pub fn fingerprint(&self) -> String {
        match self {
            Entry::Number { min, max, .. } => format!("{min:?}..{max:?}"),
            Entry::Date { min, max } => format!("{min:?}..{max:?}"),
            Entry::Text { max_len } => max_len.to_string(),
        }
    }

    /// Whether an answer (typed, from an answers file, a saved session or a default) is one
    /// this question takes, normalized: text is trimmed, a date written as text becomes a date.
    pub fn check(&self, value: &Value, today: Date) -> Result<Value, String> {
        match (self, value) {
            (Entry::Number { min, max, whole, .. }, Value::Number(n)) => {
                let n = *n;
                if !n.is_finite() {
                    return Err("enter a number".to_string());
                }
                if *whole && n.fract() != 0.0 {
                    return Err(format!(
                        "enter a whole number, like {}",
                        format_grouped(n.round().max(min.unwrap_or(0.0)))
                    ));
                }
                if let Some(lo) = min
                    && n < *lo
                {
                    return Err(format!("enter a number of at least {}", format_grouped(*lo)));
                }
                if let Some(hi) = max
                    && n > *hi
                {
                    return Err(format!("enter a number of at most {}", format_grouped(*hi)));
                }
                Ok(value.clone())
            }
            (Entry::Date { min, max }, Value::Date(_) | Value::Text(_)) => {
                let d = match value {
                    Value::Text(t) => Date::parse_typed(t)?,
                    _ => value.as_date().unwrap_or(today),
                };
                if let Some(lo) = min.map(|b| b.resolve(today))
                    && d < lo
                {
                    return Err(format!("enter a date on or after {}", lo.spelled()));
                }
                if let Some(hi) = max.map(|b| b.resolve(today))
                    && d > hi
                {
                    return Err(format!("enter a date on or before {}", hi.spelled()));
                }
                Ok(Value::Date(d))
            }
            (Entry::Text { max_len }, Value::Text(t)) => {
                let len = t.chars().count();
                if len > *max_len {
                    return Err(format!("keep it to {max_len} characters (this is {len})"));
                }
                if t.trim().is_empty() {
                    return Err("type an answer".to_string());
                }
                Ok(Value::Text(t.trim().to_string()))
            }
            (Entry::Number { .. }, _) => Err("the answer must be a number".to_string()),
            (Entry::Date { .. }, _) => Err("the answer must be a date, like 2026-10-01".to_string()),
            (Entry::Text { .. }, _) => Err("the answer must be text".to_string()),
        }
    }

    /// How an answer reads to a person: "1,200 infusions", "October 1, 2026".
    pub fn describe(&self, value: &Value) -> String {
        match (self, value) {
            (Entry::Number { unit: Some(u), .. }, Value::Number(n)) => {
                format!("{} {}", format_grouped(*n), u.for_count(*n))
            }
            (_, Value::Number(n)) => format_grouped(*n),
            (_, Value::Date(d)) => d.spelled(),
            (Entry::Date { .. }, Value::Text(t)) => Date::parse_typed(t).map_or_else(|_| t.clone(), Date::spelled),
            _ => value.to_string(),
        }
    }

    /// What goes back into the box for an answer given before.
    pub fn prefill(&self, value: &Value) -> Option<String> {
        match value {
            Value::Number(n) => Some(format_number(*n)),
            Value::Date(d) => Some(d.to_string()),
            Value::Text(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// The line under the box: what may be typed, or, for a date, the day the typing reads as,
    /// spelled out, so "02/03" is never taken for the wrong month. `chars` is how many characters
    /// are in the box.
    pub fn hint(&self, typed: &str, chars: usize, today: Date) -> String {
        match self {
            Entry::Number { min, max, unit, whole } => {
                let with_unit = |n: f64| match unit {
                    Some(u) => format!("{} {}", format_grouped(n), u.for_count(n)),
                    None => format_grouped(n),
                };
                let kind = if *whole { "A whole number" } else { "A number" };
                match (min, max) {
                    (Some(lo), Some(hi)) => format!("{kind} from {} to {}.", with_unit(*lo), with_unit(*hi)),
                    (Some(lo), None) => format!("{kind} of at least {}.", with_unit(*lo)),
                    (None, Some(hi)) => format!("{kind} of at most {}.", with_unit(*hi)),
                    (None, None) => format!("{kind}."),
                }
            }
            Entry::Date { .. } => match Date::parse_typed(typed) {
                Ok(d) if !typed.trim().is_empty() => format!("Reads as {}.", d.spelled()),
                _ => format!("{} Like 10/01/2026 or Oct 1 2026.", self.range(today)),
            },
            Entry::Text { max_len } => format!("{chars} of {max_len} characters."),
        }
    }

    /// The dates or numbers allowed, as a sentence: "A date from June 3, 2026 to today."
    pub fn range(&self, today: Date) -> String {
        match self {
            Entry::Date { min, max } => {
                let say = |b: DateBound| match b {
                    DateBound::FromToday(0) => "today".to_string(),
                    other => other.resolve(today).spelled(),
                };
                match (min, max) {
                    (Some(lo), Some(hi)) => format!("A date from {} to {}.", say(*lo), say(*hi)),
                    (Some(lo), None) => format!("A date on or after {}.", say(*lo)),
                    (None, Some(hi)) => format!("A date on or before {}.", say(*hi)),
                    (None, None) => "A date.".to_string(),
                }
            }
            _ => self.hint("", 0, today),
        }
    }

    /// What plain mode says may be typed: "Type a date from June 3, 2026 to today, like
    /// 10/01/2026 or Oct 1 2026."
    pub fn typing_hint(&self, today: Date) -> String {
        let range = self.range(today);
        let range = range.trim_end_matches('.');
        let lowered = range.get(..1).map_or_else(String::new, str::to_lowercase) + range.get(1..).unwrap_or("");
        match self {
            Entry::Date { .. } => format!("Type {lowered}, like 10/01/2026 or Oct 1 2026."),
            _ => format!("Type {lowered}."),
        }
    }

    /// The words after the box for what is typed so far: "infusion" after 1.
    pub fn unit_for(&self, typed: &str) -> Option<&str> {
        match self {
            Entry::Number { unit: Some(u), .. } => Some(u.for_count(parse_number(typed).unwrap_or(f64::NAN))),
            _ => None,
        }
    }

    /// How wide the box may grow, in columns.
    pub fn widest(&self) -> usize {
        match self {
            Entry::Text { max_len } => (*max_len + 1).clamp(16, 48),
            Entry::Date { .. } => 24,
            Entry::Number { .. } => 20,
        }
    }

    /// A few answers that test the question's limits, for proposed scenarios.
    pub fn samples(&self, today: Date) -> Vec<Value> {
        match self {
            Entry::Number { min, max, whole, .. } => {
                let lo = min.unwrap_or(0.0);
                let hi = max.unwrap_or(lo + 10.0);
                let mid = f64::midpoint(lo, hi);
                let mid = if *whole { mid.round() } else { mid };
                let mut out = vec![Value::Number(lo), Value::Number(mid), Value::Number(hi)];
                out.dedup();
                out
            }
            Entry::Date { min, max } => {
                let lo = min.map_or(today.add_days(-30), |b| b.resolve(today));
                let hi = max.map_or(today.add_days(30), |b| b.resolve(today));
                let mut out = vec![
                    Value::Date(lo),
                    Value::Date(Date::from_days(i64::midpoint(lo.days(), hi.days()))),
                    Value::Date(hi),
                ];
                out.dedup();
                out
            }
            Entry::Text { .. } => vec![Value::Text("example".to_string())],
        }
    }
}

/// Parses what a person typed into a number, accepting `$1,200` and `1 200`. Only digits, one
/// point and a leading minus make a number: `1e3` is not read as a thousand, nor `inf` as one.
pub fn parse_number(input: &str) -> Option<f64> {
    let cleaned: String = input.trim().chars().filter(|c| !matches!(c, ',' | '$' | '_' | ' ')).collect();
    let digits = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') || digits.matches('.').count() > 1
    {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 30).unwrap()
    }

    fn letter() -> Entry<'static> {
        Entry::Date { min: Some(DateBound::FromToday(-3650)), max: Some(DateBound::FromToday(0)) }
    }

    #[test]
    fn a_date_box_reads_every_written_form_and_says_it_back() {
        let e = letter();
        let oct1 = Value::Date(Date::new(2026, 10, 1).unwrap());
        for typed in ["2026-10-01", "10/01/2026", "Oct 1 2026"] {
            assert_eq!(e.parse(typed).and_then(|v| e.check(&v, today())), Ok(oct1.clone()), "{typed}");
            assert_eq!(e.hint(typed, typed.len(), today()), "Reads as October 1, 2026.");
        }
        assert_eq!(e.describe(&oct1), "October 1, 2026");
        assert_eq!(e.prefill(&oct1).as_deref(), Some("2026-10-01"));
    }

    #[test]
    fn a_date_outside_its_limits_is_refused_with_the_limit_spelled_out() {
        let e = letter();
        assert_eq!(
            e.parse("12/25/2026").and_then(|v| e.check(&v, today())).unwrap_err(),
            "enter a date on or before November 30, 2026"
        );
        assert_eq!(
            e.parse("01/01/2010").and_then(|v| e.check(&v, today())).unwrap_err(),
            "enter a date on or after December 2, 2016"
        );
        assert_eq!(e.range(today()), "A date from December 2, 2016 to today.");
        assert_eq!(e.hint("", 0, today()), "A date from December 2, 2016 to today. Like 10/01/2026 or Oct 1 2026.");
    }

    #[test]
    fn a_date_saved_as_text_comes_back_as_a_date() {
        let e = letter();
        assert_eq!(
            e.check(&Value::Text("2026-10-01".into()), today()),
            Ok(Value::Date(Date::new(2026, 10, 1).unwrap()))
        );
        assert!(e.check(&Value::Number(3.0), today()).unwrap_err().contains("must be a date"));
    }

    #[test]
    fn numbers_are_digits_only() {
        assert_eq!(parse_number("$1,200"), Some(1200.0));
        assert_eq!(parse_number("-3.5"), Some(-3.5));
        assert_eq!(parse_number("1e3"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("-"), None);
    }
}
