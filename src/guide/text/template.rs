//! Templates: author text with `{name|filter}` slots, parsed once and filled in with answers.

use std::ops::Range;

use super::filters::{Filter, parse_filter};
use super::safety::{sanitize, sanitize_line};
use crate::guide::value::Value;

/// A problem in a template, with the byte span in the template source it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct TextError {
    /// Byte range in the source text that the message points at.
    pub span: Range<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// A few words shown under the culprit.
    pub label: &'static str,
}

impl TextError {
    pub(super) fn new(
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
        label: &'static str,
    ) -> Self {
        TextError { span, message: message.into(), help: Some(help.into()), label }
    }
}

/// One `{name|filter|…}` in a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The answer or computed value to show.
    pub name: String,
    /// Byte span of the name in the template source, so the loader can point at unknown names.
    pub span: Range<usize>,
    /// Filters in the order they are applied.
    pub filters: Vec<Filter>,
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Text shown as is (with `{{` and `}}` already turned into single braces).
    Literal(String),
    /// A value to fill in.
    Slot(Slot),
}

/// A parsed piece of author text: literal runs and slots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// The parts in source order. Adjacent literals are always merged into one.
    pub parts: Vec<Part>,
}

/// What a template shows for a name with no value and no `or:` text.
pub const NOT_ANSWERED: &str = "(not answered)";

/// Help for a `{` that opens no slot: most often the author meant a literal brace.
const HELP_OPEN: &str = "write `{{` for a literal brace";
/// Help for a `}` that closes no slot.
const HELP_CLOSE: &str = "write `}}` for a literal brace";

/// Parses author text with `{name|filter}` slots.
///
/// Errors, each with the span it is about: an unclosed `{` (help: write `{{` for a literal
/// brace), a lone `}` (help: `}}`), an empty name, a name that is not `[A-Za-z_][A-Za-z0-9_]*`,
/// an empty filter, an unknown filter (help: did you mean `money` or `or:`), `or` without `:`,
/// and `money` with an argument.
///
/// An `or:` placeholder ends at the next `|` or `}`, so it cannot contain `|`, `{` or `}`.
pub fn parse_template(src: &str) -> Result<Template, TextError> {
    let bytes = src.as_bytes();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut lit_start = 0;
    let mut i = 0;
    // Only ASCII bytes are compared, so every index used for slicing is a char boundary.
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                lit.push_str(&src[lit_start..=i]);
                i += 2;
                lit_start = i;
            }
            b'{' => {
                let close = bytes[i + 1..]
                    .iter()
                    .position(|b| matches!(b, b'{' | b'}'))
                    .map(|k| i + 1 + k)
                    .filter(|&k| bytes[k] == b'}');
                let Some(close) = close else {
                    return Err(TextError::new(i..i + 1, "unclosed `{`", HELP_OPEN, "never closed"));
                };
                lit.push_str(&src[lit_start..i]);
                if !lit.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut lit)));
                }
                parts.push(Part::Slot(parse_slot(src, i, close)?));
                i = close + 1;
                lit_start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                lit.push_str(&src[lit_start..=i]);
                i += 2;
                lit_start = i;
            }
            b'}' => return Err(TextError::new(i..i + 1, "unmatched `}`", HELP_CLOSE, "closes nothing")),
            _ => i += 1,
        }
    }
    lit.push_str(&src[lit_start..]);
    if !lit.is_empty() {
        parts.push(Part::Literal(lit));
    }
    Ok(Template { parts })
}

/// The trimmed text of `src[range]` and its byte range in `src`.
fn trimmed(src: &str, range: Range<usize>) -> (&str, Range<usize>) {
    let seg = &src[range.clone()];
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim();
    (t, range.start + lead..range.start + lead + t.len())
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses the inside of `{…}`, where `open` and `close` are the byte offsets of the braces.
fn parse_slot(src: &str, open: usize, close: usize) -> Result<Slot, TextError> {
    let mut segments = Vec::new();
    let mut seg_start = open + 1;
    for (k, b) in src.as_bytes()[open + 1..close].iter().enumerate() {
        if *b == b'|' {
            segments.push(seg_start..open + 1 + k);
            seg_start = open + 2 + k;
        }
    }
    segments.push(seg_start..close);

    let mut segments = segments.into_iter();
    let (name, span) = trimmed(src, segments.next().unwrap_or(open + 1..close));
    if name.is_empty() {
        return Err(TextError::new(
            open..close + 1,
            "empty name in `{}`",
            "put an answer or value name between the braces, like `{name}`, or write `{{` for a literal brace",
            "no name",
        ));
    }
    if !is_name(name) {
        return Err(TextError::new(
            span,
            format!("`{}` is not a valid name", sanitize_line(name)),
            "names use letters, digits and `_`, and do not start with a digit",
            "not a name",
        ));
    }

    let mut filters = Vec::new();
    for seg in segments {
        let bar = seg.start - 1;
        let (text, span) = trimmed(src, seg);
        filters.push(parse_filter(text, span, bar)?);
    }
    Ok(Slot { name: name.to_string(), span, filters })
}

impl Template {
    /// Every slot, in source order, so the loader can check the names exist.
    pub fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.parts.iter().filter_map(|p| match p {
            Part::Slot(s) => Some(s),
            Part::Literal(_) => None,
        })
    }

    /// Fills in every slot; `lookup` returns `None` for a name that is unanswered.
    ///
    /// Filters apply left to right: `money` formats a number (anything else passes through) and
    /// `or:` supplies a value only when there is none yet. A slot still without a value shows
    /// "(not answered)". Filled-in values are sanitized: they come from people and session
    /// files, which the load-time character check never saw.
    pub fn render(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Slot(slot) => {
                    let mut value = lookup(&slot.name);
                    for filter in &slot.filters {
                        value = filter.apply(value);
                    }
                    match value {
                        Some(v) => out.push_str(&sanitize(&v.to_string())),
                        None => out.push_str(NOT_ANSWERED),
                    }
                }
            }
        }
        out
    }
}

/// Parses and renders in one step; text that does not parse is returned unchanged.
///
/// Template errors are reported when the guide loads, so at display time showing the source is
/// more useful than showing nothing.
pub fn interpolate(src: &str, lookup: &dyn Fn(&str) -> Option<Value>) -> String {
    match parse_template(src) {
        Ok(t) => t.render(lookup),
        Err(_) => src.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::answers;
    use super::*;

    /// The help that lists every filter, written out so a change to the list shows here.
    const EVERY_FILTER: &str = "after `|` comes one of `money` (as $1,200), `count:one:other` (the word for the \
                                number) or `or:` (what to show when unanswered)";

    fn render(src: &str) -> String {
        parse_template(src).unwrap().render(&answers)
    }

    fn err(src: &str) -> TextError {
        parse_template(src).unwrap_err()
    }

    // --- interpolation ---

    #[test]
    fn answered_name_is_filled_in() {
        assert_eq!(render("Call {insurer} today."), "Call Acme Health today.");
    }

    #[test]
    fn unanswered_name_without_placeholder_says_not_answered() {
        assert_eq!(render("Insurer: {missing}"), "Insurer: (not answered)");
    }

    #[test]
    fn unanswered_name_uses_or_placeholder() {
        assert_eq!(render("Call {missing|or:your insurer}."), "Call your insurer.");
        assert_eq!(render("Call {insurer|or:your insurer}."), "Call Acme Health.");
    }

    #[test]
    fn money_filter_formats_numbers_as_dollars() {
        assert_eq!(render("{estimate|money}"), "$2,400.50");
        assert_eq!(render("{deductible|money}"), "$1,500");
        assert_eq!(render("{refund|money}"), "-$200");
    }

    #[test]
    fn count_filter_follows_the_number() {
        let t = parse_template("{weeks|count:week:weeks} and {people|count:person:people}").unwrap();
        let lookup = |n: f64| move |name: &str| Some(Value::Number(if name == "weeks" { n } else { 1200.0 }));
        assert_eq!(t.render(&lookup(1.0)), "1 week and 1,200 people");
        assert_eq!(t.render(&lookup(3.0)), "3 weeks and 1,200 people");
        assert_eq!(t.render(&lookup(0.0)), "0 weeks and 1,200 people");
        assert!(parse_template("{weeks|count:week}").is_err());
        assert!(parse_template("{weeks|count}").is_err());
        let e = parse_template("{weeks|cuont:week:weeks}").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `count`?"));
    }

    #[test]
    fn money_filter_leaves_non_numbers_alone() {
        assert_eq!(render("{insurer|money}"), "Acme Health");
    }

    #[test]
    fn filters_chain_left_to_right() {
        assert_eq!(render("{estimate|money|or:an amount you will know later}"), "$2,400.50");
        assert_eq!(render("{missing|money|or:an amount you will know later}"), "an amount you will know later");
        // `or:` first supplies text, which `money` then leaves alone.
        assert_eq!(render("{missing|or:unknown|money}"), "unknown");
        let t = parse_template("{estimate|money|or:later}").unwrap();
        let slot = t.slots().next().unwrap();
        assert_eq!(slot.filters, vec![Filter::Money, Filter::Or("later".into())]);
    }

    #[test]
    fn list_answers_are_joined_with_commas_and_bools_say_yes_or_no() {
        assert_eq!(render("{plans}"), "PPO, HMO");
        assert_eq!(render("{agreed}"), "yes");
    }

    #[test]
    fn doubled_braces_are_literal_braces() {
        assert_eq!(render("{{insurer}} is {insurer}"), "{insurer} is Acme Health");
        let t = parse_template("a{{b}}c").unwrap();
        assert_eq!(t.parts, vec![Part::Literal("a{b}c".into())]);
    }

    #[test]
    fn whitespace_around_name_and_filters_is_trimmed() {
        assert_eq!(render("{  estimate | money |  or: later  }"), "$2,400.50");
        assert_eq!(render("{ missing | or : your insurer }"), "your insurer");
    }

    #[test]
    fn slot_span_points_at_the_name() {
        let src = "Hi { insurer |money} and {plans}";
        let t = parse_template(src).unwrap();
        let spans: Vec<&str> = t.slots().map(|s| &src[s.span.clone()]).collect();
        assert_eq!(spans, vec!["insurer", "plans"]);
        assert_eq!(t.slots().next().unwrap().span, 5..12);
    }

    #[test]
    fn template_without_slots_is_one_literal() {
        assert_eq!(parse_template("").unwrap(), Template::default());
        assert_eq!(parse_template("plain é ✓").unwrap().parts, vec![Part::Literal("plain é ✓".into())]);
    }

    #[test]
    fn interpolated_values_are_sanitized() {
        assert_eq!(render("{escape}"), "a\u{241b}[31mred");
    }

    #[test]
    fn interpolate_returns_source_when_template_is_broken() {
        assert_eq!(interpolate("oops {insurer", &answers), "oops {insurer");
        assert_eq!(interpolate("ok {insurer}", &answers), "ok Acme Health");
    }

    // --- template errors ---

    #[test]
    fn unclosed_brace_is_an_error_with_help() {
        let e = err("Call {insurer today");
        assert_eq!(e.message, "unclosed `{`");
        assert_eq!(e.span, 5..6);
        assert_eq!(e.help.as_deref(), Some("write `{{` for a literal brace"));
    }

    #[test]
    fn brace_opened_again_inside_a_slot_reports_the_first_one() {
        let e = err("é {a {b}");
        assert_eq!(e.message, "unclosed `{`");
        assert_eq!(e.span, 3..4);
    }

    #[test]
    fn lone_closing_brace_is_an_error_with_help() {
        let e = err("a } b");
        assert_eq!(e.message, "unmatched `}`");
        assert_eq!(e.span, 2..3);
        assert_eq!(e.help.as_deref(), Some("write `}}` for a literal brace"));
    }

    #[test]
    fn empty_name_is_an_error() {
        let e = err("x { } y");
        assert_eq!(e.message, "empty name in `{}`");
        assert_eq!(e.span, 2..5);
        assert!(e.help.unwrap().contains("`{{`"));
        assert_eq!(err("{|money}").message, "empty name in `{}`");
    }

    #[test]
    fn invalid_name_is_an_error_pointing_at_the_name() {
        let e = err("Hi { first name }!");
        assert_eq!(e.message, "`first name` is not a valid name");
        assert_eq!(e.span, 5..15);
        assert_eq!(e.help.as_deref(), Some("names use letters, digits and `_`, and do not start with a digit"));
        assert_eq!(err("{2nd}").message, "`2nd` is not a valid name");
        assert_eq!(err("{café}").message, "`café` is not a valid name");
        assert!(parse_template("{_x9}").is_ok());
    }

    #[test]
    fn unknown_filter_suggests_the_closest() {
        let e = err("{estimate|mony}");
        assert_eq!(e.message, "`|mony` is not a way to show an answer");
        assert_eq!(e.span, 10..14);
        assert_eq!(e.help.as_deref(), Some("did you mean `money`?"));
        let e = err("{a| orr:x }");
        assert_eq!(e.message, "`|orr` is not a way to show an answer");
        assert_eq!(e.span, 4..9);
        assert_eq!(e.help.as_deref(), Some("did you mean `or:`?"));
    }

    #[test]
    fn unknown_filter_far_from_any_lists_the_filters() {
        let e = err("{a|uppercase}");
        assert_eq!(e.message, "`|uppercase` is not a way to show an answer");
        assert_eq!(e.help.as_deref(), Some(EVERY_FILTER));
        assert_eq!(err("{a|order}").message, "`|order` is not a way to show an answer");
    }

    #[test]
    fn or_without_colon_is_an_error() {
        let e = err("{insurer|or}");
        assert_eq!(e.message, "`or` needs a placeholder after `:`");
        assert_eq!(e.span, 9..11);
        assert_eq!(e.help.as_deref(), Some("write the text to show when unanswered, like `or:your insurer`"));
        assert_eq!(err("{insurer|or your insurer}").message, "`or` needs a placeholder after `:`");
    }

    #[test]
    fn empty_filter_is_an_error_at_the_bar() {
        let e = err("{a|money| }");
        assert_eq!(e.message, "nothing after `|`");
        assert_eq!(e.span, 8..9);
        assert_eq!(e.help.as_deref(), Some(EVERY_FILTER));
    }

    #[test]
    fn money_with_an_argument_is_an_error() {
        let e = err("{a|money:2}");
        assert_eq!(e.message, "`money` takes no argument");
        assert_eq!(e.span, 3..10);
        assert_eq!(e.help.as_deref(), Some("write `money` alone"));
    }
}
