//! Filters: the ways a slot's value can be shown, written after `|` in `{name|filter}`.

use std::ops::Range;

use super::safety::sanitize_line;
use super::template::TextError;
use crate::guide::suggest::closest;

/// A transformation applied to a slot's value, written after `|`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `money`: a number is shown as US dollars, see [`money`]. Other values pass unchanged.
    Money,
    /// `or:text`: the text shown instead of "(not answered)" when the name has no value.
    Or(String),
    /// `count:one:other`: a number followed by the word that fits it, grouped as people write
    /// counts ("1 week", "3 weeks", "1,200 people"). Other values pass unchanged.
    Count {
        /// After exactly one.
        one: String,
        /// After any other number.
        other: String,
    },
}

/// Help when a filter is missing or too far from any known one to guess.
pub(super) const HELP_FILTERS: &str = "after `|` comes one of `money` (as $1,200), `count:one:other` (the word for the number) or `or:` (what to show when unanswered)";

/// Parses one trimmed filter; `bar` is the offset of the `|` before it, for empty filters.
pub(super) fn parse_filter(text: &str, span: Range<usize>, bar: usize) -> Result<Filter, TextError> {
    if text.is_empty() {
        return Err(TextError::new(bar..bar + 1, "nothing after `|`", HELP_FILTERS, "nothing after this"));
    }
    if text == "money" {
        return Ok(Filter::Money);
    }
    if let Some(rest) = text.strip_prefix("count") {
        let forms: Vec<&str> =
            rest.trim_start().strip_prefix(':').map(|r| r.split(':').map(str::trim).collect()).unwrap_or_default();
        return match forms.as_slice() {
            [one, other] if !one.is_empty() && !other.is_empty() => {
                Ok(Filter::Count { one: (*one).to_string(), other: (*other).to_string() })
            }
            _ => Err(TextError::new(
                span,
                "`count` needs the word for one and the word for any other number",
                "write both after colons, like `count:week:weeks`",
                "expected `count:one:other`",
            )),
        };
    }
    if let Some(rest) = text.strip_prefix("or") {
        if let Some(placeholder) = rest.trim_start().strip_prefix(':') {
            return Ok(Filter::Or(placeholder.trim().to_string()));
        }
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Err(TextError::new(
                span,
                "`or` needs a placeholder after `:`",
                "write the text to show when unanswered, like `or:your insurer`",
                "no placeholder",
            ));
        }
    }
    let head = text.split(':').next().unwrap_or(text).trim();
    if head == "money" {
        return Err(TextError::new(span, "`money` takes no argument", "write `money` alone", "no argument allowed"));
    }
    let help = match closest(head, ["money", "or", "count"]) {
        Some("or") => "did you mean `or:`?".to_string(),
        Some(s) => format!("did you mean `{s}`?"),
        None => HELP_FILTERS.to_string(),
    };
    Err(TextError {
        span,
        message: format!("`|{}` is not a way to show an answer", sanitize_line(head)),
        help: Some(help),
        label: "not known",
    })
}

/// Formats a number as US dollars: `2400` → `$2,400`, `2400.5` → `$2,400.50`, `-200` → `-$200`.
///
/// Cents are shown only when there are some, because whole-dollar amounts are the common case
/// and `$2,400.00` reads as false precision. Amounts that round to zero cents are never
/// negative. Non-finite numbers show as `?`, like [`crate::guide::value::format_number`].
pub fn money(n: f64) -> String {
    if !n.is_finite() {
        return "?".to_string();
    }
    // `{:.2}` rounds exactly and never uses an exponent, so the digits can be grouped as text.
    let digits = format!("{:.2}", n.abs());
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, "00"));
    let negative = n < 0.0 && digits.bytes().any(|b| matches!(b, b'1'..=b'9'));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    if negative {
        out.push('-');
    }
    out.push('$');
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if frac != "00" {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // --- money ---

    #[test]
    fn money_groups_thousands_and_shows_cents_only_when_present() {
        assert_eq!(money(2400.0), "$2,400");
        assert_eq!(money(2400.5), "$2,400.50");
        assert_eq!(money(-200.0), "-$200");
        assert_eq!(money(1_234_567.0), "$1,234,567");
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(0.5), "$0.50");
        assert_eq!(money(999.0), "$999");
        assert_eq!(money(100_000.0), "$100,000");
        assert_eq!(money(-1_234.56), "-$1,234.56");
    }

    #[test]
    fn money_rounds_to_cents_and_never_shows_negative_zero() {
        assert_eq!(money(999.999), "$1,000");
        assert_eq!(money(-0.001), "$0");
        assert_eq!(money(-0.0), "$0");
        assert_eq!(money(1e15), "$1,000,000,000,000,000");
    }

    #[test]
    fn money_of_non_finite_is_a_question_mark() {
        assert_eq!(money(f64::NAN), "?");
        assert_eq!(money(f64::INFINITY), "?");
        assert_eq!(money(f64::NEG_INFINITY), "?");
        assert!(money(f64::MAX).starts_with("$179,769,313"));
    }
}
