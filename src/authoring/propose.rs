//! Answers that reach what no scenario reaches, written as a `[[tests]]` scenario to paste.
//!
//! The finder walks the guide for real (conditions are evaluated, not assumed), trying a few
//! answers at each question: every option of a choice; none, each one and all options of a
//! multi; for a number its bounds, its default and every number the guide's conditions compare
//! with (and one either side); for text its default or a word. While the target is a node, a
//! question's answers that lead where the target cannot be reached are not tried; past the
//! target, the first answer that keeps the walk going is taken. The search is bounded by
//! [`MAX_TRIES`] answers per target, so a large guide answers quickly (and may then propose
//! nothing for a target that needs a rare combination).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::coverage::Coverage;
use crate::engine::Session;
use crate::engine::scenario::answers_toml;
use crate::engine::session::Cause;
use crate::engine::walk::walk;
use crate::guide::{Guide, ItemId, NodeId, NodeKind, Value};

/// Most answers tried while looking for one target.
pub const MAX_TRIES: usize = 5_000;
/// Most proposals listed.
pub const MAX_PROPOSALS: usize = 12;

/// Something no scenario reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A node.
    Node(NodeId),
    /// An option of a choice or multi.
    Option(NodeId, usize),
    /// A rule of a branch.
    Rule(NodeId, usize),
    /// A checklist item.
    Item(ItemId),
}

impl Target {
    /// How the report names it.
    pub fn describe(self, guide: &Guide) -> String {
        match self {
            Target::Node(n) => format!("node `{}`", guide.node(n).key),
            Target::Option(n, i) => {
                let node = guide.node(n);
                format!("option \"{}\" of `{}`", node.options().get(i).map_or("?", |o| o.value.as_str()), node.key)
            }
            Target::Rule(n, i) => format!("rule {} of `{}`", i + 1, guide.node(n).key),
            Target::Item(i) => format!("checklist item `{}`", guide.item(i).key),
        }
    }

    /// The node a walk must pass to reach this, when there is one.
    fn node(self) -> Option<NodeId> {
        match self {
            Target::Node(n) | Target::Option(n, _) | Target::Rule(n, _) => Some(n),
            Target::Item(_) => None,
        }
    }
}

/// Answers that reach a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// What they reach.
    pub target: Target,
    /// The answers, in the order the walk asks them.
    pub answers: Vec<(String, Value)>,
    /// The checklist items those answers give, by key.
    pub items: Vec<String>,
}

impl Proposal {
    /// The scenario to paste under the guide.
    pub fn scenario(&self, guide: &Guide) -> String {
        self.scenario_for(guide, self.target)
    }

    /// The scenario, named after `target` (one of several the answers reach).
    fn scenario_for(&self, guide: &Guide, target: Target) -> String {
        let items: Vec<String> = self.items.iter().map(|k| format!("{k:?}")).collect();
        format!(
            "[[tests]]\nname = \"Reaches {}\"\nanswers = {}\nexpect = [{}]\n",
            target.describe(guide).replace('"', "'"),
            answers_toml(&self.answers),
            items.join(", ")
        )
    }
}

/// Every target the coverage report lists as unreached, in its order.
pub fn targets(coverage: &Coverage) -> Vec<Target> {
    let mut out: Vec<Target> = coverage.nodes.iter().map(|n| Target::Node(*n)).collect();
    out.extend(coverage.options.iter().map(|(n, i)| Target::Option(*n, *i)));
    out.extend(coverage.rules.iter().map(|(n, i)| Target::Rule(*n, *i)));
    out.extend(coverage.items.iter().map(|i| Target::Item(*i)));
    out
}

/// Answers that reach `target`, checked by walking them as a scenario would.
pub fn propose(guide: &Guide, target: Target) -> Option<Proposal> {
    let candidates = Candidates::new(guide);
    let mut finder = Finder { guide, target, candidates: &candidates, tries: 0, given: Vec::new() };
    let session = finder.search(Session::new(guide), false)?;
    let answers = finder.given;
    // The proposal is what a scenario would walk: check it that way.
    let map: BTreeMap<String, Value> = answers.iter().cloned().collect();
    let walked = walk(guide, &map).ok()?;
    if !reached(guide, &walked, target) {
        return None;
    }
    let items = session.checklist(guide).items().map(|i| i.key.clone()).collect();
    Some(Proposal { target, answers, items })
}

/// The proposals for what `coverage` lists as unreached, at most [`MAX_PROPOSALS`], and how
/// many targets were left out or had none.
pub fn report(guide: &Guide, coverage: &Coverage) -> String {
    let targets = targets(coverage);
    if targets.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("\nAnswers that reach what no scenario reaches (paste under the guide, then check `expect`):\n");
    let mut none = Vec::new();
    // Each proposal with the walk its answers take and every target that walk reaches.
    let mut found: Vec<(Proposal, Session, Vec<Target>)> = Vec::new();
    let mut handled = 0;
    for t in &targets {
        if let Some((_, _, also)) = found.iter_mut().find(|(_, s, _)| reached(guide, s, *t)) {
            also.push(*t);
            handled += 1;
            continue;
        }
        if found.len() == MAX_PROPOSALS {
            break;
        }
        handled += 1;
        match propose(guide, *t) {
            Some(p) => {
                let map: BTreeMap<String, Value> = p.answers.iter().cloned().collect();
                if let Ok(s) = walk(guide, &map) {
                    found.push((p, s, vec![*t]));
                }
            }
            None => none.push(t.describe(guide)),
        }
    }
    for (p, _, reaches) in &found {
        let names: Vec<String> = reaches.iter().map(|t| t.describe(guide)).collect();
        // Named after the last thing it reaches: the deepest, and so the most telling.
        let name = reaches.last().copied().unwrap_or(p.target);
        let _ = write!(out, "\n# reaches {}\n{}", names.join(", "), p.scenario_for(guide, name));
    }
    let left = targets.len() - handled;
    if left > 0 {
        let _ = writeln!(out, "\n{left} more not shown; add these scenarios and run it again");
    }
    if !none.is_empty() {
        let _ = writeln!(
            out,
            "\nNo answers found that reach {}: nothing leads there, or the conditions on the way never hold together",
            none.join(", ")
        );
    }
    out
}

/// Whether a finished walk reached the target.
fn reached(guide: &Guide, session: &Session, target: Target) -> bool {
    let causes = || session.history().iter().flat_map(|v| v.causes.iter());
    match target {
        Target::Node(n) => {
            session.history().iter().any(|v| v.node == n)
                || causes().any(|c| matches!(c, Cause::Rule { node, .. } if *node == n))
        }
        Target::Option(n, i) => match &guide.node(n).kind {
            NodeKind::Multi { options, .. } => {
                let var = guide.node(n).question.as_ref().map(|q| q.var.as_str()).unwrap_or_default();
                session.history().iter().any(|v| v.node == n)
                    && matches!(session.stored(var), Some(Value::List(l)) if options.get(i).is_some_and(|o| l.contains(&o.value)))
            }
            _ => causes().any(|c| *c == Cause::Picked { node: n, option: i }),
        },
        Target::Rule(n, i) => causes().any(|c| *c == Cause::Rule { node: n, rule: i }),
        Target::Item(i) => session.checklist(guide).items().any(|x| x.id == i),
    }
}

/// The answers tried at each kind of question.
struct Candidates {
    /// Numbers the guide's conditions and values compare with.
    numbers: Vec<f64>,
}

impl Candidates {
    fn new(guide: &Guide) -> Candidates {
        let mut sources: Vec<&str> =
            guide.checklist.iter().filter_map(|i| i.when.as_ref()).map(crate::guide::condition::Expr::source).collect();
        sources.extend(guide.values.iter().map(|v| v.expr.source()));
        for n in &guide.nodes {
            if let NodeKind::Branch { rules } = &n.kind {
                sources.extend(rules.iter().filter_map(|r| r.when.as_ref()).map(crate::guide::condition::Expr::source));
            }
        }
        let mut numbers = Vec::new();
        for s in sources {
            numbers.extend(numbers_in(s));
        }
        Candidates { numbers }
    }

    fn for_node(&self, guide: &Guide, id: NodeId) -> Vec<Value> {
        let node = guide.node(id);
        let default = node.question.as_ref().and_then(|q| q.default.clone());
        let mut out: Vec<Value> = Vec::new();
        match &node.kind {
            NodeKind::Choice { options } => out.extend(options.iter().map(|o| Value::Text(o.value.clone()))),
            NodeKind::Multi { options, .. } => {
                out.push(Value::List(Vec::new()));
                out.extend(options.iter().map(|o| Value::List(vec![o.value.clone()])));
                out.push(Value::List(options.iter().map(|o| o.value.clone()).collect()));
            }
            NodeKind::Number { min, max, whole, .. } => {
                let mut ns: Vec<f64> = default.iter().filter_map(Value::as_number).collect();
                for n in &self.numbers {
                    ns.extend([*n, n - 1.0, n + 1.0]);
                }
                ns.extend(min.iter().chain(max.iter()));
                ns.push(1.0);
                let mut seen: Vec<f64> = Vec::new();
                for n in ns {
                    let n = if *whole { n.round() } else { n };
                    let fits = min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
                    if fits && !seen.contains(&n) {
                        seen.push(n);
                    }
                }
                out.extend(seen.into_iter().map(Value::Number));
            }
            NodeKind::Text { .. } => out.push(default.clone().unwrap_or_else(|| Value::Text("example".to_string()))),
            _ => {}
        }
        // The default first: it is what a scenario leaving the question out would give.
        if let Some(d) = default
            && let Some(at) = out.iter().position(|v| *v == d)
        {
            let d = out.remove(at);
            out.insert(0, d);
        }
        out
    }
}

/// The numbers written in a condition's source.
fn numbers_in(src: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut current = String::new();
    let mut prev_word = false;
    for c in src.chars().chain(std::iter::once(' ')) {
        if c == '"' {
            in_string = !in_string;
        }
        if !in_string && (c.is_ascii_digit() || (c == '.' && !current.is_empty())) && !prev_word {
            current.push(c);
            continue;
        }
        if let Ok(n) = current.parse::<f64>() {
            out.push(n);
        }
        current.clear();
        prev_word = c.is_alphanumeric() || c == '_';
    }
    out
}

struct Finder<'a> {
    guide: &'a Guide,
    target: Target,
    candidates: &'a Candidates,
    tries: usize,
    /// The answers given on the walk being tried.
    given: Vec<(String, Value)>,
}

impl Finder<'_> {
    /// Walks on from `session`, depth first; returns the finished walk that reaches the target.
    /// `past` is true once the walk has reached the target's node.
    fn search(&mut self, session: Session, past: bool) -> Option<Session> {
        let guide = self.guide;
        let mut session = session;
        loop {
            let id = session.current();
            let node = guide.node(id);
            let past = past || self.target.node().is_some_and(|t| on_walk(&session, t));
            if matches!(node.kind, NodeKind::End) {
                return reached(guide, &session, self.target).then_some(session);
            }
            if let Some(t) = self.target.node()
                && !past
                && !guide.leads_to(id, t)
            {
                return None;
            }
            let Some(q) = &node.question else {
                session.advance(guide).ok()?;
                if session.history().len() > guide.nodes.len() * 2 {
                    return None;
                }
                continue;
            };
            let var = q.var.clone();
            let mut values = self.candidates.for_node(guide, id);
            if let Target::Option(n, i) = self.target
                && n == id
                && let Some(wanted) = node.options().get(i)
            {
                // At the target's question only its option is worth trying.
                values.retain(|v| match v {
                    Value::Text(t) => *t == wanted.value,
                    Value::List(l) => l.contains(&wanted.value),
                    _ => false,
                });
            }
            for value in values {
                self.tries += 1;
                if self.tries > MAX_TRIES {
                    return None;
                }
                let mut next = session.clone();
                if next.answer(guide, &value).is_err() || next.history().len() > guide.nodes.len() * 2 {
                    continue;
                }
                self.given.push((var.clone(), value));
                // Past the target any way to the end will do: the first is kept.
                if let Some(done) = self.search(next, past) {
                    return Some(done);
                }
                self.given.pop();
            }
            return None;
        }
    }
}

/// Whether the walk has passed `target` (shown, or as a branch that decided).
fn on_walk(session: &Session, target: NodeId) -> bool {
    session
        .history()
        .iter()
        .any(|v| v.node == target || v.causes.iter().any(|c| matches!(c, Cause::Rule { node, .. } if *node == target)))
}

/// What `guidepost paths` and `test --coverage` print for one guide: the summary first, with
/// answers that reach what no scenario reaches, then (unless `summary_only`) every path.
pub fn coverage_report(guide: &Guide, summary_only: bool) -> String {
    let cov = super::coverage::coverage(guide);
    let mut text = cov.describe(guide);
    text.push_str(&report(guide, &cov));
    if !summary_only {
        text.push('\n');
        text.push_str(&super::coverage::describe_paths(guide, &super::coverage::enumerate(guide)));
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, load_str};

    const GUIDE: &str = r#"
format = 1
[guide]
id = "prop"
title = "Proposals"
start = "plan"
disclaimer = "Info only."
reviewed = 2026-11-01
[sections.s]
title = "S"
[nodes.plan]
type = "choice"
var = "plan"
next = "hours"
options = [ { value = "public", label = "Public" }, { value = "private", label = "Private" } ]
[nodes.hours]
type = "number"
var = "hours"
min = 0
max = 5000
next = "check"
[nodes.check]
type = "branch"
rules = [ { when = 'plan == "private" and hours >= 1250', next = "eligible" }, { next = "done" } ]
[nodes.eligible]
type = "info"
next = "done"
[nodes.done]
type = "end"
[checklist.fmla]
section = "s"
text = "Ask about FMLA leave."
when = 'hours >= 1250 and plan == "private"'
[[tests]]
name = "Public"
answers = { plan = "public", hours = 10 }
"#;

    fn guide() -> Guide {
        let loaded = load_str("prop.toml", GUIDE, CheckOptions::default());
        loaded.guide.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    #[test]
    fn numbers_are_read_from_conditions_but_not_from_strings() {
        assert_eq!(numbers_in(r#"hours >= 1250 and plan == "a1" and x < 2.5"#), vec![1250.0, 2.5]);
        assert_eq!(numbers_in("v2 > 3"), vec![3.0]);
    }

    #[test]
    fn a_node_behind_a_condition_is_reached_with_answers_that_make_it_hold() {
        let g = guide();
        let p = propose(&g, Target::Node(g.node_id("eligible").unwrap())).unwrap();
        assert_eq!(
            p.scenario(&g),
            "[[tests]]\nname = \"Reaches node `eligible`\"\nanswers = { plan = \"private\", hours = 1250 }\nexpect = [\"fmla\"]\n"
        );
    }

    #[test]
    fn every_unreached_target_gets_a_scenario_that_passes() {
        let g = guide();
        let cov = super::super::coverage::coverage(&g);
        let targets = targets(&cov);
        assert!(targets.len() >= 3, "{targets:?}");
        for t in targets {
            let p = propose(&g, t).unwrap_or_else(|| panic!("nothing reaches {}", t.describe(&g)));
            let answers: BTreeMap<String, Value> = p.answers.iter().cloned().collect();
            assert!(reached(&g, &walk(&g, &answers).unwrap(), t), "{}", t.describe(&g));
        }
    }
}
