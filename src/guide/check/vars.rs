//! Answer names (`var`) and the earlier names in `was` that keep saved answers working.

use std::collections::HashMap;

use super::Checker;
use super::names::is_var;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::NodeId;
use crate::guide::raw::RawNode;

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
