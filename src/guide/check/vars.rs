//! Answer names (`var`) and the earlier names in `was` that keep saved answers working.

use foldhash::{HashMap, HashMapExt};

use super::Checker;
use super::names::{as_var, is_var, var_problem};
use crate::guide::condition::{Type, VarInfo};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::NodeId;
use crate::guide::raw::RawNode;

/// Finds every question's answer name and its type, so conditions and text can use them; the
/// index says which node stores each.
pub(super) fn define_vars(c: &mut Checker<'_>, nodes: &[&RawNode]) -> HashMap<String, NodeId> {
    let mut var_index = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        let kind = n.kind.as_ref().map_or("", |k| k.v.as_str());
        // The answer's type comes from the node-type table; nodes nobody answers have none.
        let ty = match crate::guide::node_type::by_name(kind) {
            Some(t) if t.answer.is_some() => t.answer.unwrap_or(Type::Text),
            known => {
                if known.is_none()
                    && let Some(var) = &n.var
                {
                    c.broken_vars.insert(var.v.clone());
                }
                continue;
            }
        };
        let Some(var) = &n.var else {
            c.missing(
                n.id.file,
                n.id.span.clone(),
                "var",
                || format!("{kind} node `{}`", n.id.v),
                "add var = \"name\": the answer is stored under this name",
            );
            continue;
        };
        if !is_var(&var.v) {
            let d = Diagnostic::new(
                Code::BadId,
                var.file,
                var.span.clone(),
                format!("the answer's name (`var`) \"{}\" {}", var.v, var_problem(&var.v)),
            )
            .label("letters, digits and `_` only, starting with a letter")
            .help(format!("conditions and text refer to the answer by this name; write var = \"{}\"", as_var(&var.v)));
            c.push(d);
            continue;
        }
        if var.v == crate::guide::TODAY {
            let d = Diagnostic::new(
                Code::BadId,
                var.file,
                var.span.clone(),
                "the answer's name (`var`) \"today\" is taken: conditions and text use it for the date the guide is run",
            )
            .label("a name of its own")
            .help("name the answer for what it is, like var = \"letter_date\"");
            c.push(d);
            continue;
        }
        if let Some(other) = var_index.get(&var.v) {
            let other: &NodeId = other;
            let d = Diagnostic::new(
                Code::DuplicateVar,
                var.file,
                var.span.clone(),
                format!(
                    "node `{}` already stores its answer under the name (`var`) \"{}\"",
                    nodes[other.0 as usize].id.v, var.v
                ),
            )
            .label("used twice")
            .help("give each question a name of its own that says what the answer is");
            c.push(d);
            continue;
        }
        let values = matches!(kind, "choice" | "multi").then(|| {
            let mut values: Vec<String> = Vec::with_capacity(n.options.len());
            for v in n.options.iter().filter_map(|o| o.value.as_ref()) {
                if !values.contains(&v.v) {
                    values.push(v.v.clone());
                }
            }
            values
        });
        if n.private.as_ref().is_some_and(|p| p.v) {
            c.private_vars.insert(var.v.clone());
        }
        c.vars.insert(var.v.clone(), VarInfo { ty, values });
        var_index.insert(var.v.clone(), NodeId(i as u32));
    }
    var_index
}

/// `was` keeps saved answers working across renames, so an old name must not collide with a name
/// in use: an earlier var must not be a var today nor claimed twice, and an option's earlier value
/// must not be another option's value or claimed twice within its question.
pub(super) fn check_was(c: &mut Checker<'_>, nodes: &[&RawNode], var_index: &HashMap<String, NodeId>) {
    let mut claimed: HashMap<&str, &str> = HashMap::new();
    for n in nodes {
        for old in &n.was {
            let problem = if !is_var(&old.v) {
                Some(format!("`was` name \"{}\" is not a usable answer name", old.v))
            } else if let Some(id) = var_index.get(&old.v) {
                Some(format!(
                    "`was` names \"{}\", which is still the answer name (`var`) of node `{}`",
                    old.v, nodes[id.0 as usize].id.v
                ))
            } else {
                claimed
                    .insert(old.v.as_str(), n.id.v.as_str())
                    .map(|first| format!("`was` name \"{}\" is already claimed by node `{first}`", old.v))
            };
            if let Some(message) = problem {
                let d = Diagnostic::new(Code::DuplicateVar, old.file, old.span.clone(), message)
                    .label("an earlier name must be free")
                    .help("list in `was` only names the guide no longer uses, each under one question");
                c.push(d);
            }
        }
        let values: Vec<&str> = n.options.iter().filter_map(|o| o.value.as_ref().map(|v| v.v.as_str())).collect();
        let mut old_values: Vec<&str> = Vec::new();
        for o in &n.options {
            for old in &o.was {
                let taken = if values.contains(&old.v.as_str()) {
                    Some("is still the value of an option")
                } else if old_values.contains(&old.v.as_str()) {
                    Some("is already the earlier value of another option")
                } else {
                    None
                };
                if let Some(taken) = taken {
                    let d = Diagnostic::new(
                        Code::DuplicateOption,
                        old.file,
                        old.span.clone(),
                        format!("earlier value \"{}\" in node `{}` {taken}", old.v, n.id.v),
                    )
                    .label("used twice")
                    .help("an earlier value must map to exactly one option, and no option may still have it");
                    c.push(d);
                } else {
                    old_values.push(old.v.as_str());
                }
            }
        }
    }
}
