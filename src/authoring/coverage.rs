//! What the `[[tests]]` of a guide exercise, and every way through it, so an author can see which
//! questions, answers and checklist items no scenario has ever tried.
//!
//! Paths are enumerated on the graph alone: every option of a choice and every rule of a branch
//! is treated as possible, whatever its condition says (a condition may never hold, and telling
//! which is beyond a static look). Enumeration is bounded by [`MAX_PATHS`] and [`MAX_STEPS`], and
//! a path follows a loop at most once (each node at most twice on one path).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::engine::session::Cause;
use crate::engine::walk::walk;
use crate::guide::{Guide, ItemId, NodeId, NodeKind, Value};
use crate::thousands::grouped;

/// Most paths listed.
pub const MAX_PATHS: usize = 1_000;
/// Most steps (nodes entered) the enumeration takes before it stops, so a guide with a huge
/// number of paths answers quickly.
pub const MAX_STEPS: usize = 500_000;
/// How often one node may appear on one path: twice follows a loop once.
const MAX_VISITS: u8 = 2;

/// How a path leaves a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The node's only way on (info, multi, number, text, compare).
    Next,
    /// Option `n` of a choice.
    Option(usize),
    /// Rule `n` of a branch.
    Rule(usize),
    /// The path ends here.
    End,
}

/// One way from the start to an end node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// Every node on the way, branch nodes included, with how the path left it.
    pub hops: Vec<(NodeId, Via)>,
}

impl Path {
    /// The path as an author reads it: visible nodes, with the option taken at each choice
    /// (`coverage=private`), branch nodes left out.
    pub fn describe(&self, guide: &Guide) -> String {
        let mut parts = Vec::new();
        for &(id, via) in &self.hops {
            let node = guide.node(id);
            match via {
                Via::Rule(_) => {}
                Via::Option(i) => {
                    let value = node.options().get(i).map_or("?", |o| o.value.as_str());
                    parts.push(format!("{}={value}", node.key));
                }
                Via::Next | Via::End => parts.push(node.key.clone()),
            }
        }
        parts.join(" → ")
    }
}

/// Every path found, and whether the bounds cut the list short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The paths, in depth-first order (options and rules in file order).
    pub paths: Vec<Path>,
    /// Why the list is incomplete, when it is.
    pub truncated: Option<Truncated>,
}

/// Why a path list stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truncated {
    /// There are more than [`MAX_PATHS`] paths.
    TooManyPaths,
    /// Exploring took more than [`MAX_STEPS`] steps.
    OutOfSteps,
}

/// A node on the path being explored: its ways on, and the index of the next one to try.
type Frame = (NodeId, Vec<(Via, NodeId)>, usize);

fn edges(guide: &Guide, id: NodeId) -> Vec<(Via, NodeId)> {
    match &guide.node(id).kind {
        NodeKind::Choice { options } => {
            options.iter().enumerate().filter_map(|(i, o)| o.next.map(|n| (Via::Option(i), n))).collect()
        }
        NodeKind::Branch { rules } => {
            // Rules that lead to the same node make the same path; keep the first.
            let mut out: Vec<(Via, NodeId)> = Vec::new();
            for (i, r) in rules.iter().enumerate() {
                if !out.iter().any(|(_, n)| *n == r.next) {
                    out.push((Via::Rule(i), r.next));
                }
            }
            out
        }
        NodeKind::Info { next }
        | NodeKind::Multi { next, .. }
        | NodeKind::Number { next, .. }
        | NodeKind::Text { next, .. }
        | NodeKind::Compare { next, .. } => vec![(Via::Next, *next)],
        NodeKind::End => Vec::new(),
    }
}

/// Enumerates the paths from the start to an end, depth first, without recursion.
pub fn enumerate(guide: &Guide) -> Paths {
    let mut paths = Vec::new();
    let mut visits = vec![0u8; guide.nodes.len()];
    // The current path: each node with its edges and the index of the edge being explored.
    let mut stack: Vec<Frame> = Vec::new();
    let mut steps = 0usize;
    let mut truncated = None;
    visits[guide.start.0 as usize] = 1;
    stack.push((guide.start, edges(guide, guide.start), 0));
    while let Some((id, out, next)) = stack.last_mut() {
        if out.is_empty() && *next == 0 {
            // An end node: record the path.
            *next = 1;
            if paths.len() == MAX_PATHS {
                truncated = Some(Truncated::TooManyPaths);
                break;
            }
            let hops = stack.iter().map(|(n, e, i)| (*n, if e.is_empty() { Via::End } else { e[i - 1].0 })).collect();
            paths.push(Path { hops });
            continue;
        }
        if *next >= out.len() {
            visits[id.0 as usize] -= 1;
            stack.pop();
            continue;
        }
        let target = out[*next].1;
        *next += 1;
        if visits[target.0 as usize] >= MAX_VISITS {
            continue;
        }
        steps += 1;
        if steps > MAX_STEPS {
            truncated = Some(Truncated::OutOfSteps);
            break;
        }
        visits[target.0 as usize] += 1;
        stack.push((target, edges(guide, target), 0));
    }
    Paths { paths, truncated }
}

/// What the scenarios reach, and what they leave untried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// How many scenarios there are.
    pub scenarios: usize,
    /// Scenarios whose walk failed (they reach nothing and are reported by `guidepost test`).
    pub failed_walks: usize,
    /// Nodes (pages, questions, branches and ends) no scenario passes through.
    pub nodes: Vec<NodeId>,
    /// Options of choice and multi questions no scenario picks: node and option index.
    pub options: Vec<(NodeId, usize)>,
    /// Branch rules no scenario's walk is decided by: node and rule index.
    pub rules: Vec<(NodeId, usize)>,
    /// Checklist items no scenario produces.
    pub items: Vec<ItemId>,
    /// How many options and rules exist, for the totals.
    pub option_count: usize,
    /// How many branch rules exist.
    pub rule_count: usize,
}

/// Runs every scenario and collects what it reaches.
pub fn coverage(guide: &Guide) -> Coverage {
    let mut node_hit = vec![false; guide.nodes.len()];
    let mut option_hit: BTreeMap<(NodeId, usize), bool> = BTreeMap::new();
    let mut rule_hit: BTreeMap<(NodeId, usize), bool> = BTreeMap::new();
    for id in guide.node_ids() {
        match &guide.node(id).kind {
            NodeKind::Choice { options } | NodeKind::Multi { options, .. } => {
                for i in 0..options.len() {
                    option_hit.insert((id, i), false);
                }
            }
            NodeKind::Branch { rules } => {
                for i in 0..rules.len() {
                    rule_hit.insert((id, i), false);
                }
            }
            _ => {}
        }
    }
    let mut item_hit = vec![false; guide.checklist.len()];
    let mut failed_walks = 0;
    for scenario in &guide.tests {
        let answers: BTreeMap<String, Value> = scenario.answers.iter().cloned().collect();
        let Ok(session) = walk(guide, &answers) else {
            failed_walks += 1;
            continue;
        };
        for visit in session.history() {
            node_hit[visit.node.0 as usize] = true;
            for cause in &visit.causes {
                match cause {
                    Cause::Picked { node, option } => {
                        option_hit.insert((*node, *option), true);
                    }
                    Cause::Rule { node, rule } => {
                        node_hit[node.0 as usize] = true;
                        rule_hit.insert((*node, *rule), true);
                    }
                    Cause::Start | Cause::After(_) => {}
                }
            }
            let node = guide.node(visit.node);
            if let (NodeKind::Multi { options, .. }, Some(q)) = (&node.kind, &node.question)
                && let Some(Value::List(picked)) = session.stored(&q.var)
            {
                for (i, o) in options.iter().enumerate() {
                    if picked.contains(&o.value) {
                        option_hit.insert((visit.node, i), true);
                    }
                }
            }
        }
        for item in session.checklist(guide).items() {
            item_hit[item.id.0 as usize] = true;
        }
    }
    Coverage {
        scenarios: guide.tests.len(),
        failed_walks,
        nodes: guide.node_ids().filter(|id| !node_hit[id.0 as usize]).collect(),
        option_count: option_hit.len(),
        options: option_hit.iter().filter(|(_, hit)| !**hit).map(|(k, _)| *k).collect(),
        rule_count: rule_hit.len(),
        rules: rule_hit.iter().filter(|(_, hit)| !**hit).map(|(k, _)| *k).collect(),
        items: (0..guide.checklist.len()).filter(|i| !item_hit[*i]).map(|i| ItemId(i as u32)).collect(),
    }
}

impl Coverage {
    /// True when every node, option, rule and item is reached.
    pub fn is_complete(&self) -> bool {
        self.nodes.is_empty() && self.options.is_empty() && self.rules.is_empty() && self.items.is_empty()
    }

    /// The report `guidepost test --coverage` prints.
    pub fn describe(&self, guide: &Guide) -> String {
        let mut out = String::new();
        if self.scenarios == 0 {
            let _ = writeln!(out, "The guide has no [[tests]] scenarios, so nothing below is tried by one.");
        }
        let _ = writeln!(
            out,
            "Coverage by {} scenario{}{}:",
            self.scenarios,
            if self.scenarios == 1 { "" } else { "s" },
            if self.failed_walks > 0 {
                format!(" ({} could not walk and reach nothing)", self.failed_walks)
            } else {
                String::new()
            }
        );
        let total_nodes = guide.nodes.len();
        let _ = writeln!(out, "  nodes: {} of {total_nodes} reached", total_nodes - self.nodes.len());
        if !self.nodes.is_empty() {
            let names: Vec<String> =
                self.nodes.iter().map(|n| format!("{} ({})", guide.node(*n).key, guide.node(*n).type_name())).collect();
            let _ = writeln!(out, "    not reached: {}", names.join(", "));
        }
        let _ = writeln!(out, "  options: {} of {} picked", self.option_count - self.options.len(), self.option_count);
        if !self.options.is_empty() {
            let names: Vec<String> = self
                .options
                .iter()
                .map(|(n, i)| {
                    let node = guide.node(*n);
                    let value = node.options().get(*i).map_or("?", |o| o.value.as_str());
                    format!("{}.{value}", node.key)
                })
                .collect();
            let _ = writeln!(out, "    never picked: {}", names.join(", "));
        }
        if self.rule_count > 0 {
            let _ = writeln!(
                out,
                "  branch rules: {} of {} decided a walk",
                self.rule_count - self.rules.len(),
                self.rule_count
            );
            if !self.rules.is_empty() {
                let names: Vec<String> = self
                    .rules
                    .iter()
                    .map(|(n, i)| {
                        let node = guide.node(*n);
                        let when = match &node.kind {
                            NodeKind::Branch { rules } => rules.get(*i).map_or_else(String::new, |r| {
                                r.when
                                    .as_ref()
                                    .map_or_else(|| "otherwise".to_string(), |w| format!("when {}", w.source()))
                            }),
                            _ => String::new(),
                        };
                        format!("{} rule {} ({when})", node.key, i + 1)
                    })
                    .collect();
                let _ = writeln!(out, "    never taken: {}", names.join(", "));
            }
        }
        let total_items = guide.checklist.len();
        let _ = writeln!(out, "  checklist items: {} of {total_items} produced", total_items - self.items.len());
        if !self.items.is_empty() {
            let names: Vec<&str> = self.items.iter().map(|i| guide.item(*i).key.as_str()).collect();
            let _ = writeln!(out, "    never produced: {}", names.join(", "));
        }
        if self.is_complete() {
            let _ = writeln!(out, "  every node, option, rule and item is reached by some scenario");
        }
        out
    }
}

/// The list `guidepost paths` prints: every path, numbered, with the note on how they were found.
pub fn describe_paths(guide: &Guide, paths: &Paths) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Paths through \"{}\" (every option and every branch rule is treated as possible, whatever its condition; a loop is followed at most once):",
        guide.meta.id
    );
    let width = paths.paths.len().to_string().len();
    for (i, p) in paths.paths.iter().enumerate() {
        let _ = writeln!(out, "{:>width$}. {}", i + 1, p.describe(guide));
    }
    let n = paths.paths.len();
    let _ = match paths.truncated {
        Some(Truncated::TooManyPaths) => {
            writeln!(out, "more than {} paths; showing the first {}", grouped(n as u64), grouped(n as u64))
        }
        Some(Truncated::OutOfSteps) => writeln!(
            out,
            "stopped after {} steps; showing the {} path{} found so far",
            grouped(MAX_STEPS as u64),
            grouped(n as u64),
            if n == 1 { "" } else { "s" }
        ),
        None => writeln!(out, "{} path{}", grouped(n as u64), if n == 1 { "" } else { "s" }),
    };
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, load_str};

    const GUIDE: &str = r#"
format = 1
[guide]
id = "cov"
title = "Coverage"
start = "plan"
disclaimer = "Info only."
reviewed = 2026-11-01
[sections.s]
title = "S"
[nodes.plan]
type = "choice"
var = "plan"
next = "route"
options = [ { value = "a", label = "A" }, { value = "b", label = "B" }, { value = "c", label = "C", next = "done" } ]
[nodes.route]
type = "branch"
rules = [ { when = 'plan == "a"', next = "extra" }, { next = "done" } ]
[nodes.extra]
type = "multi"
var = "extra"
next = "done"
options = [ { value = "x", label = "X" }, { value = "y", label = "Y" } ]
[nodes.done]
type = "end"
[checklist.always]
section = "s"
text = "Always."
[checklist.only_b]
section = "s"
text = "Only B."
when = 'plan == "b"'
[[tests]]
name = "a with x"
answers = { plan = "a", extra = ["x"] }
expect = ["always"]
"#;

    fn guide() -> Guide {
        let loaded = load_str("cov.toml", GUIDE, CheckOptions::default());
        loaded.guide.unwrap()
    }

    #[test]
    fn enumerates_every_option_and_rule_as_a_path() {
        let g = guide();
        let p = enumerate(&g);
        let shown: Vec<String> = p.paths.iter().map(|p| p.describe(&g)).collect();
        assert_eq!(
            shown,
            ["plan=a → extra → done", "plan=a → done", "plan=b → extra → done", "plan=b → done", "plan=c → done"]
        );
        assert_eq!(p.truncated, None);
    }

    #[test]
    fn reports_what_no_scenario_reaches() {
        let g = guide();
        let c = coverage(&g);
        let option = |(n, i): &(NodeId, usize)| format!("{}:{}", g.node(*n).key, g.node(*n).options()[*i].value);
        assert_eq!(c.options.iter().map(option).collect::<Vec<_>>(), ["plan:b", "plan:c", "extra:y"]);
        assert_eq!(c.items.iter().map(|i| g.item(*i).key.as_str()).collect::<Vec<_>>(), ["only_b"]);
        assert_eq!(c.rules, vec![(g.node_id("route").unwrap(), 1)]);
        assert!(c.nodes.is_empty(), "every node is on the one scenario's path");
    }

    #[test]
    fn stops_at_the_path_limit_and_says_so() {
        // 10 binary choices in a row make 1,024 paths.
        let mut text = String::from(
            "format = 1\n[guide]\nid = \"many\"\ntitle = \"Many\"\nstart = \"q0\"\ndisclaimer = \"Info only.\"\nreviewed = 2026-11-01\n",
        );
        for i in 0..10 {
            let next = if i == 9 { "done".to_string() } else { format!("q{}", i + 1) };
            text.push_str(&format!(
                "[nodes.q{i}]\ntype = \"choice\"\nvar = \"v{i}\"\nnext = \"{next}\"\noptions = [ {{ value = \"y\", label = \"Y\" }}, {{ value = \"n\", label = \"N\" }} ]\n"
            ));
        }
        text.push_str("[nodes.done]\ntype = \"end\"\n");
        let g = load_str("many.toml", &text, CheckOptions::default()).guide.unwrap();
        let p = enumerate(&g);
        assert_eq!(p.paths.len(), MAX_PATHS);
        assert_eq!(p.truncated, Some(Truncated::TooManyPaths));
        assert!(describe_paths(&g, &p).ends_with("more than 1,000 paths; showing the first 1,000\n"));
    }

    #[test]
    fn follows_a_loop_once() {
        let text = r#"
format = 1
[guide]
id = "loop"
title = "Loop"
start = "ask"
disclaimer = "Info only."
reviewed = 2026-11-01
[nodes.ask]
type = "choice"
var = "again"
next = "done"
options = [ { value = "yes", label = "Again", next = "ask" }, { value = "no", label = "Stop" } ]
[nodes.done]
type = "end"
"#;
        let g = load_str("loop.toml", text, CheckOptions::default()).guide.unwrap();
        let shown: Vec<String> = enumerate(&g).paths.iter().map(|p| p.describe(&g)).collect();
        assert_eq!(shown, ["ask=yes → ask=no → done", "ask=no → done"]);
    }
}
