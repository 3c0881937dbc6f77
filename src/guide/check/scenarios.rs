//! `[[tests]]` scenarios: answers each question can take, and items and nodes that exist.

use super::Checker;
use super::wording::{quoted_list, unknown_help};
use crate::guide::condition::Type;
use crate::guide::diagnostic::{Code, Diagnostic, Severity};
use crate::guide::model::{ItemId, Node, NodeId, NodeKind, Scenario};
use crate::guide::raw::{RawFile, RawTest, Sp};
use crate::guide::source::FileId;
use crate::guide::suggest::closest;
use crate::guide::value::Value;

/// Converts every `[[tests]]` scenario. With `as_warnings` (an author previewing the guide), a
/// scenario's mistakes are only warnings, and a scenario with one is left out.
pub(super) fn convert_scenarios(
    c: &mut Checker<'_>,
    files: &[RawFile],
    nodes: &[Option<Node>],
    as_warnings: bool,
) -> Vec<Scenario> {
    let mut tests = Vec::new();
    let before = c.diags.len();
    for t in files.iter().flat_map(|f| &f.tests) {
        let errors = c.diags.iter().filter(|d| d.is_error()).count();
        if let Some(s) = convert_test(c, t, nodes)
            && (!as_warnings || c.diags.iter().filter(|d| d.is_error()).count() == errors)
        {
            tests.push(s);
        }
    }
    if as_warnings {
        for d in &mut c.diags[before..] {
            d.severity = Severity::Warning;
        }
    }
    tests
}

fn convert_test(c: &mut Checker<'_>, t: &RawTest, nodes: &[Option<Node>]) -> Option<Scenario> {
    let name = t.name.as_ref().map_or_else(|| "unnamed scenario".to_string(), |n| n.v.clone());
    let what = format!("scenario \"{name}\"");
    let file = t.name.as_ref().map_or(FileId(0), |n| n.file);
    if t.name.is_none() {
        let f = t.expect.first().map_or(FileId(0), |e| e.file);
        c.missing(
            f,
            t.span.clone(),
            "name",
            "a [[tests]] scenario",
            "add name = \"…\" so failures can say which scenario failed",
        );
    }
    let mut ok = true;
    let mut answers = Vec::new();
    for (var, val) in &t.answers {
        if c.broken_vars.contains(&var.v) {
            ok = false;
            continue;
        }
        let Some(info) = c.vars.get(&var.v).filter(|_| !c.value_names.contains(&var.v)) else {
            let names: Vec<&str> = c.vars.keys().filter(|k| !c.value_names.contains(*k)).map(String::as_str).collect();
            let help = closest(&var.v, names.iter().copied()).map_or_else(
                || unknown_help(&var.v, "vars", names.iter().copied(), "use the `var` of a question"),
                |s| format!("did you mean `{s}`?"),
            );
            let d = Diagnostic::new(
                Code::TestUnknownVar,
                var.file,
                var.span.clone(),
                format!("{what} answers `{}`, but no question stores its answer under that name", var.v),
            )
            .label("no question has this `var`")
            .help(help);
            c.push(d);
            ok = false;
            continue;
        };
        let problem = match (&val.v, info.ty) {
            (Value::Text(s), Type::Text) => info.values.as_ref().and_then(|vals| {
                (!vals.contains(s)).then(|| {
                    let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                    closest(s, refs.iter().copied()).map_or_else(
                        || format!("the values are: {}", quoted_list(&refs)),
                        |x| format!("did you mean \"{x}\"?"),
                    )
                })
            }),
            (Value::List(items), Type::List) => info.values.as_ref().and_then(|vals| {
                items.iter().find(|s| !vals.contains(s)).map(|bad| {
                    let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
                    closest(bad, refs.iter().copied()).map_or_else(
                        || format!("\"{bad}\" is not one of: {}", quoted_list(&refs)),
                        |x| format!("\"{bad}\": did you mean \"{x}\"?"),
                    )
                })
            }),
            (Value::Number(_), Type::Number) => None,
            (_, ty) => Some(format!(
                "`{}` takes {}",
                var.v,
                match ty {
                    Type::Text => "text (a string)",
                    Type::List => "a list of option values",
                    Type::Number => "a number",
                    Type::Bool => "true or false",
                }
            )),
        };
        if let Some(help) = problem {
            let d = Diagnostic::new(
                Code::TestUnknownValue,
                val.file,
                val.span.clone(),
                format!("{what} gives `{}` a value its question cannot take", var.v),
            )
            .label("not a possible answer")
            .help(help);
            c.push(d);
            ok = false;
            continue;
        }
        answers.push((var.v.clone(), val.v.clone()));
    }
    let mut item_list = |c: &mut Checker<'_>, list: &[Sp<String>]| -> Vec<ItemId> {
        let mut out = Vec::new();
        for e in list {
            if let Some(id) = c.item_keys.get(&e.v) {
                out.push(*id);
            } else {
                let help = unknown_help(
                    &e.v,
                    "checklist items",
                    c.item_keys.keys().map(String::as_str),
                    "name a [checklist.ID] item",
                );
                let d = Diagnostic::new(
                    Code::TestUnknownItem,
                    e.file,
                    e.span.clone(),
                    format!("{what} names a checklist item \"{}\" that does not exist", e.v),
                )
                .label("unknown item")
                .help(help);
                c.push(d);
                ok = false;
            }
        }
        out
    };
    let expect = item_list(c, &t.expect);
    let reject = item_list(c, &t.reject);
    let mut resolve = |c: &mut Checker<'_>, s: &Sp<String>| -> Option<NodeId> {
        if let Some(id) = c.node_keys.get(&s.v) {
            return Some(*id);
        }
        let help = unknown_help(&s.v, "nodes", c.node_keys.keys().map(String::as_str), "name a node id");
        let d = Diagnostic::new(
            Code::TestUnknownItem,
            s.file,
            s.span.clone(),
            format!("{what} names a node \"{}\" that does not exist", s.v),
        )
        .label("unknown node")
        .help(help);
        c.push(d);
        ok = false;
        None
    };
    let path = t.path.as_ref().map(|p| p.iter().filter_map(|s| resolve(c, s)).collect::<Vec<_>>());
    let ends = t.ends.as_ref().and_then(|s| resolve(c, s));
    if let (Some(e), Some(sp)) = (ends, &t.ends)
        && nodes.get(e.0 as usize).and_then(Option::as_ref).is_some_and(|n| !matches!(n.kind, NodeKind::End))
    {
        let d = Diagnostic::new(
            Code::TestUnknownItem,
            sp.file,
            sp.span.clone(),
            format!("{what} expects to end at \"{}\", which is not an end node", sp.v),
        )
        .label("not an end node")
        .help("name a node with type = \"end\"");
        c.push(d);
        ok = false;
    }
    let _ = file;
    ok.then_some(Scenario { name, answers, expect, reject, path, ends })
}
