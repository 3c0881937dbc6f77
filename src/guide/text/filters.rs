//! Filters: the ways a slot's value can be shown, written after `|` in `{name|filter}`.

use std::ops::Range;

use super::safety::sanitize_line;
use super::template::TextError;
use crate::guide::suggest::closest;
use crate::guide::value::{Value, format_grouped};

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

/// What a filter's reader makes of the text after its name: a filter, an error about it, or
/// `None` when the text is not this filter after all.
type Parsed = Option<Result<Filter, TextError>>;

/// One filter an author can write after `|`: everything the parser and the help texts need to
/// know about it, so a new filter is one entry here plus its [`Filter`] variant and its arm in
/// [`Filter::apply`].
struct FilterSpec {
    /// The word that starts it, before any `:`.
    name: &'static str,
    /// How "did you mean …?" writes it when an author's filter is close to `name`.
    suggest: &'static str,
    /// How the list of filters in help texts describes it.
    describe: &'static str,
    /// Reads what follows `name` in the trimmed filter (`""` for the bare name). `None` means
    /// the text only starts like this filter (`order` is not `or`), so it is reported unknown.
    parse: fn(rest: &str, span: &Range<usize>) -> Parsed,
}

/// Every filter, in the order help texts list them.
const FILTERS: &[FilterSpec] = &[
    FilterSpec { name: "money", suggest: "money", describe: "`money` (as $1,200)", parse: parse_money },
    FilterSpec {
        name: "count",
        suggest: "count",
        describe: "`count:one:other` (the word for the number)",
        parse: parse_count,
    },
    FilterSpec { name: "or", suggest: "or:", describe: "`or:` (what to show when unanswered)", parse: parse_or },
];

/// `money`, which takes no argument.
fn parse_money(rest: &str, span: &Range<usize>) -> Parsed {
    if rest.is_empty() {
        return Some(Ok(Filter::Money));
    }
    rest.trim_start().starts_with(':').then(|| {
        Err(TextError::new(span.clone(), "`money` takes no argument", "write `money` alone", "no argument allowed"))
    })
}

/// `count:one:other`; anything else that starts with `count` is a malformed count.
#[allow(clippy::unnecessary_wraps)] // every reader in the table has the same signature
fn parse_count(rest: &str, span: &Range<usize>) -> Parsed {
    let forms: Vec<&str> =
        rest.trim_start().strip_prefix(':').map(|r| r.split(':').map(str::trim).collect()).unwrap_or_default();
    Some(match forms.as_slice() {
        [one, other] if !one.is_empty() && !other.is_empty() => {
            Ok(Filter::Count { one: (*one).to_string(), other: (*other).to_string() })
        }
        _ => Err(TextError::new(
            span.clone(),
            "`count` needs the word for one and the word for any other number",
            "write both after colons, like `count:week:weeks`",
            "expected `count:one:other`",
        )),
    })
}

/// `or:placeholder`; the placeholder may be empty.
fn parse_or(rest: &str, span: &Range<usize>) -> Parsed {
    if let Some(placeholder) = rest.trim_start().strip_prefix(':') {
        return Some(Ok(Filter::Or(placeholder.trim().to_string())));
    }
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| {
        Err(TextError::new(
            span.clone(),
            "`or` needs a placeholder after `:`",
            "write the text to show when unanswered, like `or:your insurer`",
            "no placeholder",
        ))
    })
}

/// Help when a filter is missing or too far from any known one to guess: every filter, from
/// the table, so the list can never leave one out.
pub(super) fn help_filters() -> String {
    let names: Vec<&str> = FILTERS.iter().map(|f| f.describe).collect();
    let listed = match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("after `|` comes one of {listed}")
}

/// Parses one trimmed filter; `bar` is the offset of the `|` before it, for empty filters.
pub(super) fn parse_filter(text: &str, span: Range<usize>, bar: usize) -> Result<Filter, TextError> {
    if text.is_empty() {
        return Err(TextError::new(bar..bar + 1, "nothing after `|`", help_filters(), "nothing after this"));
    }
    for spec in FILTERS {
        if let Some(rest) = text.strip_prefix(spec.name)
            && let Some(parsed) = (spec.parse)(rest, &span)
        {
            return parsed;
        }
    }
    let head = text.split(':').next().unwrap_or(text).trim();
    let help = match closest(head, FILTERS.iter().map(|f| f.name)) {
        Some(near) => {
            let spec = FILTERS.iter().find(|f| f.name == near);
            format!("did you mean `{}`?", spec.map_or(near, |f| f.suggest))
        }
        None => help_filters(),
    };
    Err(TextError {
        span,
        message: format!("`|{}` is not a way to show an answer", sanitize_line(head)),
        help: Some(help),
        label: "not known",
    })
}

impl Filter {
    /// Applies the filter to a slot's value (`None` while unanswered). Filters that format a
    /// kind of value pass every other value through unchanged, so chains such as
    /// `{x|money|or:later}` read left to right.
    pub(super) fn apply(&self, value: Option<Value>) -> Option<Value> {
        match (self, value) {
            (Filter::Money, Some(Value::Number(n))) => Some(Value::Text(money(n))),
            (Filter::Count { one, other }, Some(Value::Number(n))) => {
                #[allow(clippy::float_cmp)]
                let word = if n == 1.0 { one } else { other };
                Some(Value::Text(format!("{} {word}", format_grouped(n))))
            }
            (Filter::Or(p), None) => Some(Value::Text(p.clone())),
            (_, v) => v,
        }
    }
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

    #[test]
    fn every_filter_in_the_table_is_listed_in_help_and_suggested_for_a_typo() {
        let help = help_filters();
        for spec in FILTERS {
            assert!(help.contains(spec.describe), "{help}");
            let typo = &spec.name[..spec.name.len() - 1];
            let e = parse_filter(typo, 0..typo.len(), 0).unwrap_err();
            assert_eq!(e.help.unwrap(), format!("did you mean `{}`?", spec.suggest), "{typo}");
        }
    }

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
