//! `[nodes.ID]`: each node converted by its type, with the checks its keys need.

use super::compare::compare_kind;
use super::options::{choice_kind, multi_kind};
use super::rules::convert_rules;
use super::wording::bounds_words;
use super::{Checker, DEFAULT_MAX_LEN, MAX_TITLE};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Node, NodeId, NodeKind, Question, Unit};
use crate::guide::raw::{NODE_TYPES, RawNode, Sp};
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
        c.missing(
            n.id.file,
            n.id.span.clone(),
            "type",
            || format!("node `{}`", n.id.v),
            "add type = \"info\" (or choice, multi, number, text, branch, compare, end)",
        );
        return None;
    };
    let kind = kind_sp.v.as_str();
    if !NODE_TYPES.contains(&kind) {
        let help = closest(kind, NODE_TYPES.iter().copied()).map_or_else(
            || "use one of: info, choice, multi, number, text, branch, compare, end".to_string(),
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
