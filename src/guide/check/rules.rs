//! The rules of branch nodes: conditions in order, and one last rule without `when`.

use super::Checker;
use crate::guide::condition::Type;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::Rule;
use crate::guide::raw::RawNode;

pub(super) fn convert_rules(c: &mut Checker<'_>, n: &RawNode, what: &str) -> Option<Vec<Rule>> {
    let mut rules = Vec::new();
    let mut ok = true;
    let mut otherwise_at = None;
    for (i, r) in n.rules.iter().enumerate() {
        let when = if let Some(w) = &r.when {
            let e = c.condition(w, || format!("a rule of {what}"), Type::Bool);
            ok &= e.is_some();
            e
        } else {
            otherwise_at.get_or_insert(i);
            None
        };
        let why = c.opt_text(r.why.as_ref(), || format!("a rule's `why` in {what}"), false);
        let next = if let Some(s) = &r.next {
            c.resolve_node(s, || format!("a rule of {what}"))
        } else {
            c.missing(n.id.file, r.span.clone(), "next", || format!("a rule of {what}"), "add next = \"ID\"");
            None
        };
        match next {
            Some(next) => rules.push(Rule { when, next, why, reads_values: false }),
            None => ok = false,
        }
    }
    match otherwise_at {
        None if c.was_unreadable(n.id.file, n.id.span.start, "rules") => return None,
        None => {
            let span = n.rules_span.clone().unwrap_or(n.id.span.clone());
            let d = Diagnostic::new(Code::NoOtherwise, n.id.file, span, format!("{what} has no rule without `when`"))
                .label("no otherwise")
                .help("add a last rule with no `when`, e.g. { next = \"ID\" }, for when no other rule holds");
            c.push(d);
            return None;
        }
        Some(i) if i + 1 != n.rules.len() => {
            let d = Diagnostic::new(
                Code::NoOtherwise,
                n.id.file,
                n.rules[i].span.clone(),
                format!("in {what}, the rule without `when` is not the last, so the rules after it never apply"),
            )
            .label("otherwise comes too early")
            .help("move the rule without `when` to the end");
            c.push(d);
            return None;
        }
        Some(_) => {}
    }
    ok.then_some(rules)
}
