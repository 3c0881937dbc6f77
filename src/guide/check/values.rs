//! `[values]`: expressions computed from the answers, put in dependency order, with circles
//! reported by name.

use foldhash::HashMap;

use super::Checker;
use super::names::is_var;
use super::wording::and_list;
use crate::guide::condition::{self, Expr, Type, VarInfo};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::Computed;
use crate::guide::raw::inner_span;
use crate::guide::raw::{RawFile, Sp};
use crate::guide::routes;

/// Reads `[values]`: their names, their order (each after the values it uses), their types.
pub(super) fn define_values(c: &mut Checker<'_>, files: &[RawFile]) -> Vec<Computed> {
    let mut raw_values: Vec<&(Sp<String>, Sp<String>)> = Vec::new();
    for v in files.iter().flat_map(|f| &f.values) {
        if !is_var(&v.0.v) {
            let d = Diagnostic::new(
                Code::BadId,
                v.0.file,
                v.0.span.clone(),
                format!("value name \"{}\" is not a usable name", v.0.v),
            )
            .label("start with a letter; use letters, digits and `_`")
            .help("rename it");
            c.push(d);
            continue;
        }
        if c.vars.contains_key(&v.0.v) || c.value_names.contains(&v.0.v) {
            let d = Diagnostic::new(
                Code::DuplicateVar,
                v.0.file,
                v.0.span.clone(),
                format!("\"{}\" is already the name of a question's answer (its `var`) or another value", v.0.v),
            )
            .label("used twice")
            .help("rename the value");
            c.push(d);
            continue;
        }
        c.value_names.insert(v.0.v.clone());
        raw_values.push(v);
    }
    order_values(c, &raw_values)
}

/// How many values of a circle in `[values]` its message names.
pub(super) const CYCLE_NAMES: usize = 5;

fn order_values(c: &mut Checker<'_>, raw: &[&(Sp<String>, Sp<String>)]) -> Vec<Computed> {
    let mut parsed: Vec<(usize, Expr)> = Vec::new();
    for (i, (name, src)) in raw.iter().enumerate() {
        if c.expression_controls(src, &format!("value `{}`", name.v)) {
            continue;
        }
        match condition::parse(&src.v) {
            Ok(e) => parsed.push((i, e)),
            Err(e) => {
                let d = Diagnostic::new(
                    Code::ConditionSyntax,
                    src.file,
                    inner_span(c.sources, src, e.span.clone()),
                    format!("value `{}`: {}", name.v, e.message),
                )
                .label(e.label.unwrap_or_else(|| "cannot be read as an expression".to_string()))
                .maybe_help(e.help);
                c.push(d);
            }
        }
    }
    // Kahn's algorithm over value-to-value references.
    let index: HashMap<&str, usize> = raw.iter().enumerate().map(|(i, (n, _))| (n.v.as_str(), i)).collect();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); raw.len()];
    let mut exprs: Vec<Option<Expr>> = vec![None; raw.len()];
    for (i, e) in parsed {
        for (name, _) in e.names() {
            if let Some(&j) = index.get(name)
                && !deps[i].contains(&j)
            {
                deps[i].push(j);
            }
        }
        exprs[i] = Some(e);
    }
    // Strongly connected components come dependencies first; any component with more than one
    // value, or a value that uses itself, is a circle.
    let mut order = Vec::new();
    for comp in routes::components(&deps) {
        let [only] = comp.as_slice() else {
            // A circle of thousands of values is named by its first few, not in a huge message.
            let mut names: Vec<String> = comp.iter().take(CYCLE_NAMES).map(|&j| format!("`{}`", raw[j].0.v)).collect();
            if comp.len() > CYCLE_NAMES {
                names.push(format!("{} more", comp.len() - CYCLE_NAMES));
            }
            let (name, src) = raw[comp[0]];
            let d = Diagnostic::new(
                Code::ValueCycle,
                src.file,
                name.span.clone(),
                format!("values {} depend on each other in a circle", and_list(&names)),
            )
            .label("part of a circle")
            .help("compute one of them from answers only, so the circle is broken");
            c.push(d);
            // Known as numbers, so values that use them are not also reported as unknown.
            for &j in &comp {
                c.vars.insert(raw[j].0.v.clone(), VarInfo { ty: Type::Number, values: None });
            }
            continue;
        };
        if deps[*only].contains(only) {
            let (name, src) = raw[*only];
            let d = Diagnostic::new(
                Code::ValueCycle,
                src.file,
                name.span.clone(),
                format!("value `{}` is computed from itself", name.v),
            )
            .label("uses itself")
            .help("compute it from answers, or from other values");
            c.push(d);
            c.vars.insert(name.v.clone(), VarInfo { ty: Type::Number, values: None });
            continue;
        }
        order.push(*only);
    }
    // Type-check in dependency order, adding each value once checked: a number, or a named
    // condition (true or false) that `when` and `rules` can use by name.
    let mut out = Vec::new();
    for i in order {
        let (name, src) = raw[i];
        let Some(e) = &exprs[i] else { continue };
        let ty = if let Ok(ty @ (Type::Number | Type::Bool | Type::Date)) = e.check(&c.vars) {
            out.push(Computed { name: name.v.clone(), expr: e.clone() });
            ty
        } else {
            // Reported as for a number, the more common kind of value.
            let _ = c.condition(src, || format!("value `{}`", name.v), Type::Number);
            Type::Number
        };
        c.vars.insert(name.v.clone(), VarInfo { ty, values: None });
    }
    out
}
