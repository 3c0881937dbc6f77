//! Checks and measures on the shape of the guide: what can be reached, what can finish, and how
//! many questions can lie ahead of each node.
//!
//! Everything here is iterative (no recursion), so a guide of a hundred thousand nodes in one long
//! chain cannot overflow the stack.

use std::collections::VecDeque;
use std::ops::Range;

use super::diagnostic::{Code, Diagnostic};
use super::model::{Node, NodeId, NodeKind};
use super::source::FileId;

fn successors(nodes: &[Node]) -> Vec<Vec<usize>> {
    nodes.iter().map(|n| n.successors().into_iter().map(|s| s.0 as usize).collect()).collect()
}

/// Strongly connected components, each a list of node indices, in reverse topological order
/// (a component comes before every component that can reach it).
pub fn components(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = succ.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comps = Vec::new();
    let mut next_index = 0;
    let mut call: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        call.push((root, 0));
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            if *edge == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort_unstable();
                comps.push(comp);
            }
        }
    }
    comps
}

/// Reachability from `start`, breadth first.
pub fn reachable(succ: &[Vec<usize>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; succ.len()];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            if !seen[w] {
                seen[w] = true;
                queue.push_back(w);
            }
        }
    }
    seen
}

/// The graph checks: unreachable nodes (warnings) and loops with no way out (errors).
pub fn check(nodes: &[Node], start: NodeId, spans: &[(FileId, Range<usize>)]) -> Vec<Diagnostic> {
    let succ = successors(nodes);
    let mut diags = Vec::new();
    let seen = reachable(&succ, start.0 as usize);
    for (i, node) in nodes.iter().enumerate() {
        if !seen[i] {
            let (file, span) = spans[i].clone();
            diags.push(
                Diagnostic::new(
                    Code::Unreachable,
                    file,
                    span,
                    format!("node \"{}\" cannot be reached from the start", node.key),
                )
                .label("nothing leads here")
                .help("point a `next`, an option or a branch rule at it, or remove it"),
            );
        }
    }
    // Which nodes can finish: walk backwards from every end node.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (v, ws) in succ.iter().enumerate() {
        for &w in ws {
            preds[w].push(v);
        }
    }
    let mut finishes = vec![false; nodes.len()];
    let mut queue: VecDeque<usize> =
        nodes.iter().enumerate().filter(|(_, n)| matches!(n.kind, NodeKind::End)).map(|(i, _)| i).collect();
    if queue.is_empty() {
        // Without any end node every loop below would be reported; the one fix is the same.
        let (file, span) = spans[start.0 as usize].clone();
        diags.push(
            Diagnostic::new(Code::DeadEnd, file, span, "the guide has no end node, so no walk through it can finish")
                .label("no end can be reached from the start")
                .help("add a node with type = \"end\" (it shows the checklist) and let the last question lead to it"),
        );
        return diags;
    }
    for &e in &queue {
        finishes[e] = true;
    }
    while let Some(w) = queue.pop_front() {
        for &v in &preds[w] {
            if !finishes[v] {
                finishes[v] = true;
                queue.push_back(v);
            }
        }
    }
    if finishes.iter().all(|f| *f) {
        return diags;
    }
    // Report each trap once: a component that cannot finish and has no way out of itself.
    let comps = components(&succ);
    let mut comp_of = vec![0; nodes.len()];
    for (ci, comp) in comps.iter().enumerate() {
        for &v in comp {
            comp_of[v] = ci;
        }
    }
    for (ci, comp) in comps.iter().enumerate() {
        if finishes[comp[0]] {
            continue;
        }
        // Linear in the component's edges: a loop of a hundred thousand nodes stays quick.
        let closed = comp.iter().all(|&v| succ[v].iter().all(|&w| comp_of[w] == ci));
        if !closed {
            continue;
        }
        let first = comp[0];
        let (file, span) = spans[first].clone();
        let names: Vec<String> = comp.iter().take(6).map(|&v| format!("\"{}\"", nodes[v].key)).collect();
        let more = if comp.len() > 6 { format!(" and {} more", comp.len() - 6) } else { String::new() };
        let d = if comp.len() == 1 && !succ[first].contains(&first) {
            Diagnostic::new(
                Code::DeadEnd,
                file,
                span,
                format!("no end node can be reached from node \"{}\"", nodes[first].key),
            )
            .label("a dead end")
            .help("give it a `next` that leads to a node of type \"end\"")
        } else {
            Diagnostic::new(
                Code::EndlessLoop,
                file,
                span,
                format!("nodes {}{more} form a loop with no way out", names.join(", ")),
            )
            .label("part of the loop")
            .help("let an option, a rule or a `next` in the loop lead on towards an end node")
        };
        diags.push(d);
    }
    diags
}

/// Fewest and most questions from each node (itself included) to an end.
///
/// Within a loop each question is counted once, so the most is what a person meets if they do not
/// go round again; `u32::MAX` marks nodes that cannot finish (only in guides that failed checks).
pub fn question_bounds(nodes: &[Node]) -> Vec<(u32, u32)> {
    let succ = successors(nodes);
    let weight: Vec<u32> = nodes.iter().map(|n| u32::from(n.is_question())).collect();
    // Fewest: 0-1 BFS backwards from the ends.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (v, ws) in succ.iter().enumerate() {
        for &w in ws {
            preds[w].push(v);
        }
    }
    let mut min = vec![u32::MAX; nodes.len()];
    let mut deque = VecDeque::new();
    for (i, n) in nodes.iter().enumerate() {
        if matches!(n.kind, NodeKind::End) {
            min[i] = 0;
            deque.push_back(i);
        }
    }
    while let Some(w) = deque.pop_front() {
        for &v in &preds[w] {
            let d = min[w].saturating_add(weight[v]);
            if d < min[v] {
                min[v] = d;
                if weight[v] == 0 {
                    deque.push_front(v);
                } else {
                    deque.push_back(v);
                }
            }
        }
    }
    // Most: longest path over the components, sinks first.
    let comps = components(&succ);
    let mut comp_of = vec![0; nodes.len()];
    for (ci, comp) in comps.iter().enumerate() {
        for &v in comp {
            comp_of[v] = ci;
        }
    }
    let mut comp_max = vec![0u32; comps.len()];
    for (ci, comp) in comps.iter().enumerate() {
        let own: u32 = comp.iter().map(|&v| weight[v]).sum();
        let mut best: Option<u32> = None;
        let mut is_end = false;
        for &v in comp {
            is_end |= matches!(nodes[v].kind, NodeKind::End);
            for &w in &succ[v] {
                let cw = comp_of[w];
                if cw != ci && comp_max[cw] != u32::MAX {
                    best = Some(best.map_or(comp_max[cw], |b| b.max(comp_max[cw])));
                }
            }
        }
        comp_max[ci] = match best {
            Some(b) => own.saturating_add(b),
            None if is_end => own,
            None => u32::MAX,
        };
    }
    (0..nodes.len())
        .map(|v| {
            let max = comp_max[comp_of[v]];
            let min_v = min[v];
            (min_v, if max == u32::MAX { max } else { max.max(min_v) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_find_a_loop_and_order_sinks_first() {
        // 0 -> 1 -> 2 -> 1, 2 -> 3
        let succ = vec![vec![1], vec![2], vec![1, 3], vec![]];
        let comps = components(&succ);
        assert_eq!(comps, vec![vec![3], vec![1, 2], vec![0]]);
    }

    fn info(key: usize, next: usize) -> Node {
        Node {
            key: format!("n{key}"),
            title: String::new(),
            text: String::new(),
            kind: NodeKind::Info { next: NodeId(next as u32) },
            question: None,
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_loop_of_a_hundred_thousand_nodes_is_one_error() {
        // Checking whether a loop has a way out must not compare every node with every other.
        let n = 100_000;
        let mut nodes: Vec<Node> = (0..n).map(|i| info(i, (i + 1) % n)).collect();
        nodes.push(Node {
            key: "done".into(),
            title: String::new(),
            text: String::new(),
            kind: NodeKind::End,
            question: None,
            sources: Vec::new(),
        });
        let spans = vec![(FileId(0), 0..0); n + 1];
        let diags = check(&nodes, NodeId(0), &spans);
        let errors: Vec<_> = diags.iter().filter(|d| d.code == Code::EndlessLoop).collect();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("and 99994 more"), "{}", errors[0].message);
    }

    #[test]
    fn components_survive_a_long_chain() {
        let n = 200_000;
        let succ: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![] }).collect();
        assert_eq!(components(&succ).len(), n);
    }
}
