//! `[nodes.ID]`: each node converted by its type, with the checks its keys need.

use super::compare::compare_kind;
use super::options::{choice_kind, multi_kind};
use super::rules::convert_rules;
use super::wording::bounds_words;
use super::{Checker, DEFAULT_MAX_LEN, MAX_TITLE};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Node, NodeId, NodeKind, Question, Unit};
use crate::guide::raw::{RawNode, Sp};
use crate::guide::suggest::closest;
use crate::guide::value::Value;

/// Converts one node by its type; `None` when it has an error that leaves it unusable.
pub(super) fn convert_node(c: &mut Checker<'_>, n: &RawNode) -> Option<Node> {
    c.converting = Some(n.id.v.clone());
    let node = convert_node_itself(c, n);
    c.converting = None;
    node
}

fn convert_node_itself(c: &mut Checker<'_>, n: &RawNode) -> Option<Node> {
    let Some(kind_sp) = &n.kind else {
        let others: Vec<&str> = crate::guide::node_type::names().filter(|t| *t != "info").collect();
        let help = format!("add type = \"info\" (or {})", others.join(", "));
        c.missing(n.id.file, n.id.span.clone(), "type", || format!("node `{}`", n.id.v), &help);
        return None;
    };
    let kind = kind_sp.v.as_str();
    if crate::guide::node_type::by_name(kind).is_none() {
        let help = closest(kind, crate::guide::node_type::names()).map_or_else(
            || format!("use one of: {}", crate::guide::node_type::names().collect::<Vec<_>>().join(", ")),
            |s| format!("did you mean \"{s}\"?"),
        );
        let d = Diagnostic::new(
            Code::InvalidValue,
            kind_sp.file,
            kind_sp.span.clone(),
            format!("node `{}` has an unknown type \"{kind}\"", n.id.v),
        )
        .label("unknown type")
        .help(help);
        c.push(d);
        return None;
    }
    let what = format!("node `{}`", n.id.v);
    let title = match &n.title {
        Some(t) => {
            c.text(t, || format!("the title of {what}"), false);
            if t.v.chars().count() > MAX_TITLE {
                let d = Diagnostic::new(
                    Code::LongTitle,
                    t.file,
                    t.span.clone(),
                    format!(
                        "the title of {what} is {} characters long; the breadcrumb shows {MAX_TITLE}",
                        t.v.chars().count()
                    ),
                )
                .label("too long for the breadcrumb")
                .help("shorten it; put the full question in `text`");
                c.push(d);
            }
            t.v.clone()
        }
        None => n.id.v.clone(),
    };
    let text = c.opt_text(n.text.as_ref(), || format!("the text of {what}"), true).unwrap_or_default();
    let mut question = n.var.as_ref().map(|v| Question {
        var: v.v.clone(),
        optional: n.optional.as_ref().is_some_and(|o| o.v),
        default: n.default.as_ref().map(|d| d.v.clone()),
        private: n.private.as_ref().is_some_and(|p| p.v),
        was: n.was.iter().map(|w| w.v.clone()).collect(),
        skip_to: None,
    });
    let sources = c.resolve_sources(&n.sources, || format!("the `sources` of {what}"));
    let kind = match kind {
        "info" => NodeKind::Info { next: next(c, n, &what, true)? },
        "end" => NodeKind::End,
        "choice" => choice_kind(c, n, &what, &mut question)?,
        "multi" => multi_kind(c, n, &what)?,
        "number" => number_kind(c, n, &what)?,
        "date" => date_kind(c, n, &what, &mut question)?,
        "text" => text_kind(c, n, &what)?,
        "branch" => NodeKind::Branch { rules: convert_rules(c, n, &what)? },
        "compare" => compare_kind(c, n, &what)?,
        _ => return None,
    };
    Some(Node { key: n.id.v.clone(), title, text, kind, question, sources })
}

/// The node's `next`, reported when it is `required` and missing.
pub(super) fn next(c: &mut Checker<'_>, n: &RawNode, what: &str, required: bool) -> Option<NodeId> {
    match &n.next {
        Some(s) => c.resolve_node(s, || format!("the `next` of {what}")),
        None if required => {
            c.missing(
                n.id.file,
                n.id.span.clone(),
                "next",
                what,
                "add next = \"ID\" naming the node that comes after this one",
            );
            None
        }
        None => None,
    }
}

/// A number question: bounds, default, whole numbers, unit and placeholder.
fn number_kind(c: &mut Checker<'_>, n: &RawNode, what: &str) -> Option<NodeKind> {
    let min = n.min.as_ref().map(|m| m.v);
    let max = n.max.as_ref().map(|m| m.v);
    bounds_check(c, n, what, min, max, false)?;
    if let Some(d) = &n.default {
        let label = match d.v {
            Value::Number(x) if min.is_some_and(|m| x < m) => "below the minimum",
            Value::Number(x) if max.is_some_and(|m| x > m) => "above the maximum",
            Value::Number(_) => "",
            _ => "not a number",
        };
        if !label.is_empty() {
            default_error(c, d, what, label, &format!("it must be a number{}", bounds_words(min, max)));
        }
    }
    let whole = n.whole.as_ref().is_some_and(|w| w.v);
    if whole {
        // A count's bounds and default are counts too.
        let fractional = [("min", n.min.as_ref()), ("max", n.max.as_ref())]
            .into_iter()
            .filter_map(|(k, v)| v.filter(|v| v.v.fract() != 0.0).map(|v| (k, v.span.clone(), v.v)))
            .chain(n.default.as_ref().and_then(|d| match d.v {
                Value::Number(x) if x.fract() != 0.0 => Some(("default", d.span.clone(), x)),
                _ => None,
            }));
        for (key, span, x) in fractional.collect::<Vec<_>>() {
            let d = Diagnostic::new(
                Code::InvalidValue,
                n.id.file,
                span,
                format!(
                    "`{key}` of {what} is {}, but the question takes whole numbers",
                    crate::guide::value::format_number(x)
                ),
            )
            .label("not a whole number")
            .help("write a whole number here, or remove `whole = true` if fractions are answers");
            c.push(d);
        }
    }
    let unit = match (&n.unit, &n.unit_forms) {
        (_, Some((one, other))) => {
            let one = c.opt_text(Some(one), || format!("the unit of {what}"), false);
            let other = c.opt_text(Some(other), || format!("the unit of {what}"), false);
            one.zip(other).map(|(one, other)| Unit { one, other })
        }
        (Some(u), None) => c.opt_text(Some(u), || format!("the unit of {what}"), false).map(|u| Unit::from_plural(&u)),
        (None, None) => None,
    };
    let placeholder = c.opt_text(n.placeholder.as_ref(), || format!("the placeholder of {what}"), false);
    Some(NodeKind::Number { min, max, unit, whole, placeholder, next: next(c, n, what, true)? })
}

/// A date question: its limits (dates, or counted from today), default and placeholder.
fn date_kind(c: &mut Checker<'_>, n: &RawNode, what: &str, question: &mut Option<Question>) -> Option<NodeKind> {
    let (min, max) = (date_bound(c, n.date_min.as_ref(), what), date_bound(c, n.date_max.as_ref(), what));
    let today = crate::date::today();
    if let (Some(lo), Some(hi)) = (min, max)
        && lo.resolve(today) > hi.resolve(today)
    {
        let sp = n.date_min.as_ref().map_or(n.id.span.clone(), |m| m.span.clone());
        let d = Diagnostic::new(Code::BadBounds, n.id.file, sp, format!("{what} has min {lo} later than max {hi}"))
            .label("min is after max")
            .help("swap them");
        c.push(d);
    }
    if let (Some(d), Some(q)) = (&n.default, question.as_mut()) {
        let fixed = match &d.v {
            Value::Date(day) => Some(*day),
            Value::Text(t) => crate::date::DateBound::parse(t).ok().map(|b| b.resolve(today)),
            _ => None,
        };
        let entry = crate::guide::entry::Entry::Date { min, max };
        match fixed.map(|day| entry.check(&Value::Date(day), today)) {
            Some(Ok(v)) => q.default = Some(v),
            Some(Err(why)) => default_error(c, d, what, "outside the dates allowed", &why),
            None => default_error(c, d, what, "not a date", "write a date like 2026-10-01, or \"today\""),
        }
    }
    let placeholder = c.opt_text(n.placeholder.as_ref(), || format!("the placeholder of {what}"), false);
    Some(NodeKind::Date { min, max, placeholder, next: next(c, n, what, true)? })
}

/// A date question's `min` or `max`: a date, `today`, or `today-180d`.
fn date_bound(c: &mut Checker<'_>, written: Option<&Sp<String>>, what: &str) -> Option<crate::date::DateBound> {
    let w = written?;
    match crate::date::DateBound::parse(&w.v) {
        Ok(b) => Some(b),
        Err(why) => {
            let d = Diagnostic::new(Code::InvalidValue, w.file, w.span.clone(), format!("a limit of {what}: {why}"))
                .label("not a date")
                .help("write a date like 2026-01-01, \"today\", or today moved by whole days, like \"today-180d\"");
            c.push(d);
            None
        }
    }
}

/// A text question: its longest answer, default and placeholder.
fn text_kind(c: &mut Checker<'_>, n: &RawNode, what: &str) -> Option<NodeKind> {
    let max_len = n.max_len.as_ref().map_or(DEFAULT_MAX_LEN as f64, |m| m.v);
    if max_len < 1.0 || max_len.fract() != 0.0 {
        let sp = n.max_len.as_ref().map_or(n.id.span.clone(), |m| m.span.clone());
        let d = Diagnostic::new(
            Code::InvalidValue,
            n.id.file,
            sp,
            format!("the `max_len` of {what} must be a whole number of at least 1"),
        )
        .label("not a length")
        .help("e.g. max_len = 80");
        c.push(d);
    }
    if let Some(d) = &n.default
        && !matches!(&d.v, Value::Text(t) if t.chars().count() as f64 <= max_len)
    {
        let label = match &d.v {
            Value::Text(t) => format!("{} characters", t.chars().count()),
            _ => "not text".to_string(),
        };
        let rule = format!("it must be text of at most {} characters", crate::guide::value::format_number(max_len));
        default_error(c, d, what, &label, &rule);
    }
    let placeholder = c.opt_text(n.placeholder.as_ref(), || format!("the placeholder of {what}"), false);
    Some(NodeKind::Text { placeholder, max_len: max_len.max(1.0) as usize, next: next(c, n, what, true)? })
}

/// Reports a default the question would refuse as an answer.
pub(super) fn default_error(c: &mut Checker<'_>, d: &Sp<Value>, what: &str, label: &str, rule: &str) {
    let diag = Diagnostic::new(
        Code::DefaultOutOfBounds,
        d.file,
        d.span.clone(),
        format!("the default of {what} is not an answer the question accepts"),
    )
    .label(label.to_string())
    .help(format!("change the default; {rule}"));
    c.push(diag);
}

/// Refuses a min above its max and, for `counts` (ticked options), bounds that are not counts.
pub(super) fn bounds_check(
    c: &mut Checker<'_>,
    n: &RawNode,
    what: &str,
    min: Option<f64>,
    max: Option<f64>,
    counts: bool,
) -> Option<()> {
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        let sp = n.min.as_ref().map_or(n.id.span.clone(), |m| m.span.clone());
        let d = Diagnostic::new(
            Code::BadBounds,
            n.id.file,
            sp,
            format!(
                "{what} has min {} greater than max {}",
                crate::guide::value::format_number(a),
                crate::guide::value::format_number(b)
            ),
        )
        .label("min is above max")
        .help("swap them, or raise max");
        c.push(d);
        return None;
    }
    let not_a_count = |m: f64| m < 0.0 || m.fract() != 0.0;
    if counts && (min.is_some_and(not_a_count) || max.is_some_and(not_a_count)) {
        // Point at the bound that is wrong, written or not (an unwritten one is its default).
        let culprit = [&n.min, &n.max].into_iter().flatten().find(|m| not_a_count(m.v));
        let sp = culprit.map_or(n.id.span.clone(), |m| m.span.clone());
        let d = Diagnostic::new(
            Code::InvalidValue,
            n.id.file,
            sp,
            format!("the min and max of {what} count ticked options, so they must be whole numbers of 0 or more"),
        )
        .label("not a count")
        .help("e.g. min = 1, max = 3");
        c.push(d);
        return None;
    }
    Some(())
}
