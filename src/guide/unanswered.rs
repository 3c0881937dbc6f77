//! W0112: a `{name}` slot a person can see while `name` has no answer, so the page shows
//! "(not answered)".
//!
//! A name counts as answered at a node when a question that sets it, and cannot be skipped, lies
//! on every path from the start to that node. That is a "must" data flow over the graph: the
//! set of answered names at a node is the intersection, over the nodes that lead to it, of what
//! was answered there plus the name that node's question sets. Sets are bit sets, and the
//! nodes are visited in reverse postorder until nothing changes (once for a guide without
//! loops), so the work grows with nodes × names / 64, not with the number of paths.
//!
//! Checklist items are shown at the end: a name counts as answered there when it is answered
//! at every end node, or when the item's `when` tests it. A slot with `|or:` says what to show
//! instead, so it is never reported; names from `[values]` always have a value.

use foldhash::{HashMap, HashMapExt};
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

use super::diagnostic::{Code, Diagnostic};
use super::model::{Item, Node, NodeId, NodeKind};
use super::raw::{RawItem, RawNode, Sp};
use super::source::SourceMap;
use super::text::{self, Filter};

/// A set of question names, one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Names(Vec<u64>);

impl Names {
    fn empty(n: usize) -> Names {
        Names(vec![0; n.div_ceil(64)])
    }
    fn full(n: usize) -> Names {
        let mut s = Names(vec![u64::MAX; n.div_ceil(64)]);
        if !n.is_multiple_of(64)
            && let Some(last) = s.0.last_mut()
        {
            *last = (1u64 << (n % 64)) - 1;
        }
        s
    }
    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    fn intersect(&mut self, other: &Names) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= *b;
        }
    }
}

/// The nodes reachable from `start`, in reverse postorder (without recursion).
fn reverse_postorder(nodes: &[Node], succ: &[Vec<NodeId>], start: NodeId) -> Vec<NodeId> {
    let mut order = Vec::with_capacity(nodes.len());
    let mut seen = vec![false; nodes.len()];
    let mut stack: Vec<(NodeId, usize)> = vec![(start, 0)];
    seen[start.0 as usize] = true;
    while let Some((id, i)) = stack.last_mut() {
        let id = *id;
        if let Some(next) = succ[id.0 as usize].get(*i).copied() {
            *i += 1;
            if !std::mem::replace(&mut seen[next.0 as usize], true) {
                stack.push((next, 0));
            }
        } else {
            order.push(id);
            stack.pop();
        }
    }
    order.reverse();
    order
}

/// The name a node's question surely sets: it is a question, and not optional.
fn sets(node: &Node, names: &HashMap<&str, usize>) -> Option<usize> {
    node.question.as_ref().filter(|q| !q.optional).and_then(|q| names.get(q.var.as_str())).copied()
}

/// For each node, the names answered on every path from it to an end (its own included).
fn answered_after(nodes: &[Node], succ: &[Vec<NodeId>], order: &[NodeId], names: &HashMap<&str, usize>) -> Vec<Names> {
    let n = names.len();
    let mut after: Vec<Names> = nodes
        .iter()
        .map(|node| if matches!(node.kind, NodeKind::End) { Names::empty(n) } else { Names::full(n) })
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &id in order.iter().rev() {
            let node = &nodes[id.0 as usize];
            if matches!(node.kind, NodeKind::End) {
                continue;
            }
            let mut set = Names::full(n);
            for s in &succ[id.0 as usize] {
                set.intersect(&after[s.0 as usize]);
            }
            if let Some(i) = sets(node, names) {
                set.insert(i);
            }
            if set != after[id.0 as usize] {
                after[id.0 as usize] = set;
                changed = true;
            }
        }
    }
    after
}

/// For each node, the names answered on every path that reaches it (before it is shown).
fn answered_before(
    nodes: &[Node],
    succ: &[Vec<NodeId>],
    start: NodeId,
    order: &[NodeId],
    names: &HashMap<&str, usize>,
) -> Vec<Option<Names>> {
    let n = names.len();
    // What each node passes on: what it was given, plus the name its question surely sets.
    let mut before: Vec<Option<Names>> = vec![None; nodes.len()];
    before[start.0 as usize] = Some(Names::empty(n));
    let mut changed = true;
    while changed {
        changed = false;
        for &id in order {
            let Some(mut out) = before[id.0 as usize].clone() else { continue };
            if let Some(i) = sets(&nodes[id.0 as usize], names) {
                out.insert(i);
            }
            for next in &succ[id.0 as usize] {
                let slot = &mut before[next.0 as usize];
                let mut merged = slot.clone().unwrap_or_else(|| Names::full(n));
                merged.intersect(&out);
                if *next == start {
                    // The start is also reached with nothing answered.
                    merged = Names::empty(n);
                }
                if slot.as_ref() != Some(&merged) {
                    *slot = Some(merged);
                    changed = true;
                }
            }
        }
    }
    before
}

/// The names slots show without an `or:` in every text this check reads, leaving out those a
/// checklist item shows while its own `when` tests them (answered whenever it is shown).
fn shown_names(raw_nodes: &[&RawNode], items: &[Item], raw_items: &[&RawItem]) -> foldhash::HashSet<String> {
    let mut out = foldhash::HashSet::default();
    let mut add = |sp: &Sp<String>, tested: &[(&str, std::ops::Range<usize>)]| {
        if !sp.v.contains('{') {
            return;
        }
        let Ok(t) = text::parse_template(&sp.v) else { return };
        for slot in t.slots().filter(|s| !s.filters.iter().any(|f| matches!(f, Filter::Or(_)))) {
            if !tested.iter().any(|(name, _)| *name == slot.name) {
                out.insert(slot.name.clone());
            }
        }
    };
    for n in raw_nodes {
        let texts = n
            .title
            .iter()
            .chain(n.text.iter())
            .chain(n.options.iter().flat_map(|o| o.label.iter().chain(o.help.iter())));
        for sp in texts {
            add(sp, &[]);
        }
    }
    for (item, raw) in items.iter().zip(raw_items) {
        let tested = item.when.as_ref().map(super::condition::Expr::names).unwrap_or_default();
        for sp in raw.text.iter().chain(raw.details.iter()) {
            add(sp, &tested);
        }
    }
    out
}

/// The warnings for one text: each slot whose name is a question's and may be unanswered.
fn check_text(
    sources: &SourceMap,
    sp: &Sp<String>,
    what: &dyn Fn() -> String,
    answered: &dyn Fn(usize) -> bool,
    names: &HashMap<&str, usize>,
    out: &mut Vec<Diagnostic>,
) {
    if !sp.v.contains('{') {
        return;
    }
    let Ok(t) = text::parse_template(&sp.v) else { return };
    for slot in t.slots() {
        let Some(&i) = names.get(slot.name.as_str()) else { continue };
        if answered(i) || slot.filters.iter().any(|f| matches!(f, Filter::Or(_))) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::MaybeUnanswered,
                sp.file,
                super::raw::inner_span(sources, sp, slot.span.clone()),
                format!(
                    "{} shows `{{{}}}`, but some walks get here without that question answered, and the \
                     person then reads \"(not answered)\"",
                    what(),
                    slot.name
                ),
            )
            .label("may have no answer here")
            .help(format!(
                "say what to show then, as in `{{{}|or:…}}` with the words to show in place of `…`, or make sure \
                 the question is on every way here and not optional",
                slot.name
            )),
        );
    }
}

/// Names answered whenever `when` holds because of the options it names: for each choice the
/// condition compares with option values written in it (`use == "trails"`), the names answered
/// on every walk that picks one of those options, before and after it.
fn chosen_options(
    nodes: &[Node],
    when: &super::condition::Expr,
    names: &HashMap<&str, usize>,
    asked_at: &HashMap<&str, usize>,
    before: &[Option<Names>],
    after: &[Names],
) -> Names {
    let mut out = Names::empty(names.len());
    let src = when.source();
    for (name, _) in when.names() {
        let Some(&node_id) = asked_at.get(name) else {
            continue;
        };
        let node = &nodes[node_id];
        let NodeKind::Choice { options } = &node.kind else { continue };
        let Some(seen) = &before[node_id] else { continue };
        let mut common: Option<Names> = None;
        for o in options.iter().filter(|o| src.contains(&format!("\"{}\"", o.value))) {
            let Some(next) = o.next else { continue };
            let mut set = seen.clone();
            for (a, b) in set.0.iter_mut().zip(&after[next.0 as usize].0) {
                *a |= *b;
            }
            match &mut common {
                Some(c) => c.intersect(&set),
                None => common = Some(set),
            }
        }
        if let Some(c) = common {
            for (a, b) in out.0.iter_mut().zip(&c.0) {
                *a |= *b;
            }
        }
    }
    out
}

/// The parts of a condition joined by `and` at its top level, with spaces normalized and
/// enclosing parentheses taken off: `(a == "x" and b) and not (c or d)` gives `a == "x"`, `b`
/// and `not (c or d)`. `None` when the condition is an `or` at its top level.
fn conjuncts(src: &str) -> Option<Vec<String>> {
    let src = src.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    split_and(strip_parens(&src), &mut out)?;
    Some(out)
}

/// `s` without parentheses that enclose all of it.
fn strip_parens(mut s: &str) -> &str {
    loop {
        s = s.trim();
        let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) else { return s };
        // `(a) and (b)` starts and ends with parentheses that are not one pair.
        if top_level(inner).is_none() {
            return s;
        }
        s = inner;
    }
}

/// Byte offsets of ` and ` and ` or ` at depth 0 of `s` (outside strings and parentheses), or
/// `None` when the parentheses do not balance.
fn top_level(s: &str) -> Option<(Vec<usize>, bool)> {
    let (mut depth, mut quoted, mut ands, mut or) = (0i32, false, Vec::new(), false);
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'(' | b'[' if !quoted => depth += 1,
            b')' | b']' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            b' ' if !quoted && depth == 0 => {
                if s[i..].starts_with(" and ") {
                    ands.push(i);
                } else if s[i..].starts_with(" or ") {
                    or = true;
                }
            }
            _ => {}
        }
    }
    (depth == 0).then_some((ands, or))
}

fn split_and(s: &str, out: &mut Vec<String>) -> Option<()> {
    let (ands, or) = top_level(s)?;
    if or {
        return None;
    }
    if ands.is_empty() {
        out.push(s.to_string());
        return Some(());
    }
    let mut from = 0;
    for at in ands.into_iter().chain(std::iter::once(s.len())) {
        let part = strip_parens(&s[from..at]);
        if part.len() < s[from..at].trim().len() {
            // A parenthesized part: its own `and`s count too (an `or` inside makes it one part).
            let mut inner = Vec::new();
            if split_and(part, &mut inner).is_some() {
                out.extend(inner);
            } else {
                out.push(part.to_string());
            }
        } else {
            out.push(part.to_string());
        }
        from = (at + 5).min(s.len());
    }
    Some(())
}

/// The name a conjunct proves answered: `answered(x)`, or `x` compared with `==`, `in`, `<`,
/// `<=`, `>`, `>=` (a comparison with no answer does not hold). `!=` proves nothing.
fn proves_answered(part: &str) -> Option<&str> {
    if part.starts_with("not ") {
        return None;
    }
    if let Some(inner) = part.strip_prefix("answered(") {
        return inner.strip_suffix(')').map(str::trim);
    }
    let (name, rest) = part.split_once(' ')?;
    let op = rest.split_whitespace().next()?;
    matches!(op, "==" | "in" | "<" | "<=" | ">" | ">=").then_some(name)
}

/// Whether every walk from `start` to an end passes `through`.
fn on_every_walk(nodes: &[Node], start: NodeId, through: NodeId) -> bool {
    if start == through {
        return true;
    }
    let mut seen = vec![false; nodes.len()];
    let mut stack = vec![start];
    seen[start.0 as usize] = true;
    while let Some(id) = stack.pop() {
        if matches!(nodes[id.0 as usize].kind, NodeKind::End) {
            return false;
        }
        for s in nodes[id.0 as usize].successors() {
            if s != through && !std::mem::replace(&mut seen[s.0 as usize], true) {
                stack.push(s);
            }
        }
    }
    true
}

/// A branch node, the `and` parts of each rule's condition, and whether every walk passes it
/// (worked out once, when first needed).
type BranchFacts = (NodeId, Vec<Option<Vec<String>>>, Option<bool>);

/// Names a checklist item's `when` proves answered, beyond those answered at every end: the
/// names it tests (and all answered before them), and what follows a branch rule the condition
/// includes word for word, when every walk passes that branch.
struct Proofs<'a> {
    nodes: &'a [Node],
    start: NodeId,
    names: &'a HashMap<&'a str, usize>,
    /// The first node whose question sets each name.
    asked_at: &'a HashMap<&'a str, usize>,
    before: &'a [Option<Names>],
    after: &'a [Names],
    /// The branch nodes.
    branches: Vec<BranchFacts>,
    /// Each rule with `and` parts, as (branch, rule), by its first part: a rule whose parts are
    /// all in a condition is found from one of that condition's parts, without visiting every
    /// branch for every item.
    by_first_part: HashMap<String, Vec<(usize, usize)>>,
}

impl Proofs<'_> {
    fn union(into: &mut Names, other: &Names) {
        for (a, b) in into.0.iter_mut().zip(&other.0) {
            *a |= *b;
        }
    }

    fn of(&mut self, when: &super::condition::Expr) -> Names {
        let mut out = Names::empty(self.names.len());
        let Some(parts) = conjuncts(when.source()) else { return out };
        for part in &parts {
            let Some(name) = proves_answered(part) else { continue };
            let Some(&i) = self.names.get(name) else { continue };
            out.insert(i);
            if let Some(&node) = self.asked_at.get(name)
                && let Some(seen) = &self.before[node]
            {
                Self::union(&mut out, seen);
            }
        }
        // For each branch, the first of its rules whose parts are all in the condition.
        let mut first_rule: BTreeMap<usize, usize> = BTreeMap::new();
        for part in &parts {
            for &(b, k) in self.by_first_part.get(part).map_or(&[][..], Vec::as_slice) {
                let rule = self.branches[b].1[k].as_deref().unwrap_or_default();
                if rule.iter().all(|a| parts.contains(a)) {
                    first_rule.entry(b).and_modify(|first| *first = (*first).min(k)).or_insert(k);
                }
            }
        }
        for (b, k) in first_rule {
            let id = self.branches[b].0;
            let every = *self.branches[b].2.get_or_insert_with(|| on_every_walk(self.nodes, self.start, id));
            let NodeKind::Branch { rules } = &self.nodes[id.0 as usize].kind else { continue };
            let Some(seen) = &self.before[id.0 as usize] else { continue };
            if !every {
                continue;
            }
            // The walk takes that rule or one before it.
            let mut common = Names::full(self.names.len());
            for r in &rules[..=k] {
                let mut set = seen.clone();
                Self::union(&mut set, &self.after[r.next.0 as usize]);
                common.intersect(&set);
            }
            Self::union(&mut out, &common);
        }
        out
    }
}

/// W0112 for every node text, title, option label and help, and checklist item text and
/// details. `raw_nodes` and `raw_items` are in the same order as `nodes` and `items`.
pub fn check(
    sources: &SourceMap,
    nodes: &[Node],
    start: NodeId,
    raw_nodes: &[&RawNode],
    items: &[Item],
    raw_items: &[&RawItem],
) -> Vec<Diagnostic> {
    // Only names some text shows without an `or:` can be reported, so only they get a bit: a
    // guide whose texts show few answers costs little however many questions it has.
    let shown = shown_names(raw_nodes, items, raw_items);
    let names: HashMap<&str, usize> = nodes
        .iter()
        .filter_map(|n| n.question.as_ref().map(|q| q.var.as_str()))
        .filter(|v| shown.contains(*v))
        .enumerate()
        .map(|(i, v)| (v, i))
        .collect();
    let mut asked_at: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for (i, n) in nodes.iter().enumerate() {
        if let Some(q) = &n.question {
            asked_at.entry(q.var.as_str()).or_insert(i);
        }
    }
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    let succ: Vec<Vec<NodeId>> = nodes.iter().map(Node::successors).collect();
    let order = reverse_postorder(nodes, &succ, start);
    let before = answered_before(nodes, &succ, start, &order, &names);
    let after = answered_after(nodes, &succ, &order, &names);
    for ((node, raw), seen) in nodes.iter().zip(raw_nodes).zip(&before) {
        // A node no walk reaches is reported as such (W0101).
        let Some(seen) = seen else { continue };
        let answered = |i: usize| seen.contains(i);
        let what = || format!("node `{}`", node.key);
        for sp in raw.title.iter().chain(raw.text.iter()) {
            check_text(sources, sp, &what, &answered, &names, &mut out);
        }
        for o in &raw.options {
            for sp in o.label.iter().chain(o.help.iter()) {
                let what = || format!("an option of `{}`", node.key);
                check_text(sources, sp, &what, &answered, &names, &mut out);
            }
        }
    }
    // At the end: answered at every end node a walk reaches.
    let mut at_end: Option<Names> = None;
    for (node, seen) in nodes.iter().zip(&before) {
        if let (NodeKind::End, Some(seen)) = (&node.kind, seen) {
            match &mut at_end {
                Some(s) => s.intersect(seen),
                None => at_end = Some(seen.clone()),
            }
        }
    }
    let Some(at_end) = at_end else { return out };
    let branches = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match &n.kind {
            NodeKind::Branch { rules } => Some((
                NodeId(i as u32),
                rules.iter().map(|r| r.when.as_ref().and_then(|w| conjuncts(w.source()))).collect(),
                None,
            )),
            _ => None,
        })
        .collect::<Vec<BranchFacts>>();
    let mut by_first_part: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (b, (_, rules, _)) in branches.iter().enumerate() {
        for (k, parts) in rules.iter().enumerate() {
            if let Some(first) = parts.as_ref().and_then(|p| p.first()) {
                by_first_part.entry(first.clone()).or_default().push((b, k));
            }
        }
    }
    let proofs = Proofs {
        nodes,
        start,
        names: &names,
        asked_at: &asked_at,
        before: &before,
        after: &after,
        branches,
        by_first_part,
    };
    let proofs = RefCell::new(proofs);
    for (item, raw) in items.iter().zip(raw_items) {
        // The names the item's `when` proves answered (those it tests, and what the options and
        // rules it names imply), worked out only for an item whose text shows a name that may
        // be unanswered at the end, which few are.
        let proved: OnceCell<Names> = OnceCell::new();
        let proved = || {
            proved.get_or_init(|| {
                let mut out = Names::empty(names.len());
                if let Some(w) = &item.when {
                    for (name, _) in w.names() {
                        if let Some(&i) = names.get(name) {
                            out.insert(i);
                        }
                    }
                    Proofs::union(&mut out, &chosen_options(nodes, w, &names, &asked_at, &before, &after));
                    Proofs::union(&mut out, &proofs.borrow_mut().of(w));
                }
                out
            })
        };
        let answered = |i: usize| at_end.contains(i) || proved().contains(i);
        let what = || format!("checklist item `{}`", item.key);
        for sp in raw.text.iter().chain(raw.details.iter()) {
            check_text(sources, sp, &what, &answered, &names, &mut out);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn conditions_split_into_their_top_level_and_parts() {
        assert_eq!(
            conjuncts(r#"(interest == "iv" and answered(x))  and age != "under18""#).unwrap(),
            [r#"interest == "iv""#, "answered(x)", r#"age != "under18""#]
        );
        assert_eq!(conjuncts(r#"a == "x and y" and not (b and c)"#).unwrap(), [r#"a == "x and y""#, "not (b and c)"]);
        assert_eq!(conjuncts("(a or b) and c").unwrap(), ["a or b", "c"]);
        assert_eq!(conjuncts("a or b and c"), None);
        assert_eq!(proves_answered("not answered(x)"), None);
        assert_eq!(proves_answered("answered(x)"), Some("x"));
        assert_eq!(proves_answered("n >= 3"), Some("n"));
        assert_eq!(proves_answered(r#"p != "a""#), None);
    }
}
