//! The options of choice and multi questions: values, labels, where each leads, earlier values.

use super::Checker;
use super::nodes::{bounds_check, default_error, next};
use super::wording::quoted_list;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Choice, NodeId, NodeKind, Question};
use crate::guide::raw::RawNode;
use crate::guide::raw::inner_span;
use crate::guide::suggest::closest;
use crate::guide::text;
use crate::guide::value::Value;

/// A choice question: its options, its default, and where an optional one goes when skipped.
pub(super) fn choice_kind(
    c: &mut Checker<'_>,
    n: &RawNode,
    what: &str,
    question: &mut Option<Question>,
) -> Option<NodeKind> {
    let optional = n.optional.as_ref().is_some_and(|o| o.v);
    let node_next = if optional && n.next.is_none() {
        // Skipping an optional choice picks no option, so no option's `next` applies.
        c.missing(
            n.id.file,
            n.id.span.clone(),
            "next",
            what,
            "an optional choice needs next = \"ID\": the node the walk goes to when the person skips \
             it (or remove optional = true)",
        );
        None
    } else {
        next(c, n, what, false)
    };
    let options = convert_options(c, n, "choice", node_next)?;
    if let Some(q) = question.as_mut()
        && optional
    {
        q.skip_to = node_next;
    }
    if let Some(d) = &n.default
        && !matches!(&d.v, Value::Text(t) if options.iter().any(|o| &o.value == t))
    {
        let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
        let near = match &d.v {
            Value::Text(t) => closest(t, values.iter().copied()),
            _ => None,
        };
        let rule = near.map_or_else(
            || format!("it must be one of the option values: {}", quoted_list(&values)),
            |x| format!("did you mean \"{x}\"?"),
        );
        default_error(c, d, what, "not one of the options", &rule);
    }
    Some(NodeKind::Choice { options })
}

/// A multi question: its options, how many may be ticked, and its default.
pub(super) fn multi_kind(c: &mut Checker<'_>, n: &RawNode, what: &str) -> Option<NodeKind> {
    let node_next = next(c, n, what, true);
    let options = convert_options(c, n, "multi", node_next)?;
    let count = options.len();
    let min = n.min.as_ref().map_or(0.0, |m| m.v);
    let max = n.max.as_ref().map_or(count as f64, |m| m.v);
    bounds_check(c, n, what, Some(min), Some(max), true)?;
    if let Some(d) = &n.default {
        let label = match &d.v {
            Value::List(l) => {
                if let Some(bad) = l.iter().find(|x| !options.iter().any(|o| &o.value == *x)) {
                    Some(format!("\"{bad}\" is not one of the options"))
                } else if (l.len() as f64) < min || (l.len() as f64) > max {
                    Some(format!("{} ticked", l.len()))
                } else {
                    None
                }
            }
            _ => Some("not a list".to_string()),
        };
        if let Some(label) = label {
            let (lo, hi) = (crate::guide::value::format_number(min), crate::guide::value::format_number(max));
            default_error(c, d, what, &label, &format!("it must be a list of {lo} to {hi} of the option values"));
        }
    }
    Some(NodeKind::Multi { options, min: min.max(0.0) as usize, max: max.max(0.0) as usize, next: node_next? })
}

fn convert_options(c: &mut Checker<'_>, n: &RawNode, kind: &str, node_next: Option<NodeId>) -> Option<Vec<Choice>> {
    let what = format!("{kind} node `{}`", n.id.v);
    if n.options.is_empty() {
        if c.was_unreadable(n.id.file, n.id.span.start, "options") {
            return None;
        }
        let span = n.options_span.clone().unwrap_or(n.id.span.clone());
        let d = Diagnostic::new(Code::NoOptions, n.id.file, span, format!("{what} has no options"))
            .label("nothing to choose")
            .help("add options = [ { value = \"yes\", label = \"Yes\" }, { value = \"no\", label = \"No\" } ]");
        c.push(d);
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for o in &n.options {
        let Some(value) = &o.value else {
            c.missing(
                n.id.file,
                o.span.clone(),
                "value",
                || format!("an option of {what}"),
                "add value = \"…\": what conditions compare against",
            );
            ok = false;
            continue;
        };
        if let Some(prev) = out.iter().position(|x: &Choice| x.value == value.v) {
            let d = Diagnostic::new(
                Code::DuplicateOption,
                value.file,
                value.span.clone(),
                format!("{what} has two options with the value \"{}\"", value.v),
            )
            .label("duplicate value")
            .help(format!("option {} already uses it; give each option its own value", prev + 1));
            c.push(d);
            ok = false;
            continue;
        }
        if let Some((at, ch)) = text::first_invisible(&value.v) {
            let d = Diagnostic::new(
                Code::ControlCharacter,
                value.file,
                inner_span(c.sources, value, at..at + ch.len_utf8()),
                format!("an option value of {what} has an invisible {}", text::describe_char(ch)),
            )
            .label("invisible here")
            .help("remove it: a value that looks like another must be the same value to conditions and saved answers");
            c.push(d);
            ok = false;
        } else {
            c.text(value, || format!("an option value of {what}"), false);
        }
        let label = c.opt_text(o.label.as_ref(), || format!("an option label of {what}"), false).unwrap_or_else(|| {
            c.missing(
                n.id.file,
                o.span.clone(),
                "label",
                || format!("an option of {what}"),
                "add label = \"…\": what the person reads",
            );
            ok = false;
            String::new()
        });
        let help = c.opt_text(o.help.as_ref(), || format!("an option's help in {what}"), false);
        let next = match (&o.next, kind) {
            (Some(s), "choice") => {
                let r = c.resolve_node(s, || format!("an option of {what}"));
                ok &= r.is_some();
                r
            }
            (Some(s), _) => {
                let d = Diagnostic::new(
                    Code::UnknownKey,
                    s.file,
                    s.span.clone(),
                    format!("options of {what} cannot have their own `next`"),
                )
                .label("only choice options can")
                .help("a multi answer has several values; use a branch node after it to route on them");
                c.push(d);
                ok = false;
                None
            }
            (None, "choice") => {
                if n.next.is_none() {
                    // Only the last option has a `next`: most likely the node's, written below
                    // the option tables.
                    let only_last = n.options.last().is_some_and(|l| l.next.is_some())
                        && n.options.iter().filter(|x| x.next.is_some()).count() == 1;
                    let help = if only_last {
                        format!(
                            "the `next` below the last [[nodes.{0}.options]] belongs to that option only; to send \
                             every option there, move the line up, above the first [[nodes.{0}.options]]",
                            n.id.v
                        )
                    } else {
                        "give the option a next = \"ID\", or give the node one as the default for all options"
                            .to_string()
                    };
                    c.missing(n.id.file, o.span.clone(), "next", || format!("option \"{}\" of {what}", value.v), &help);
                    ok = false;
                }
                node_next
            }
            (None, _) => None,
        };
        let sources = c.resolve_sources(&o.sources, || format!("option \"{}\" of {what}", value.v));
        out.push(Choice {
            value: value.v.clone(),
            label,
            help,
            next,
            sources,
            was: o.was.iter().map(|w| w.v.clone()).collect(),
        });
    }
    ok.then_some(out)
}
