//! Why a page or question came up: the answers that decided it, or that everyone gets it.
//!
//! An answer counts as a reason only when a different answer would have led where the page can
//! no longer be reached: an option whose siblings can all still get there, or a branch whose every
//! rule can, decided nothing and is not named. A page that no path through the guide can avoid is asked of
//! everyone. The review screen, plain mode and anything else that explains a walk share this.

use std::collections::BTreeSet;

use super::answer;
use super::session::{Cause, Session};
use crate::guide::{Guide, NodeId, NodeKind};

/// One answer that led to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decider {
    /// The question answered.
    pub question: NodeId,
    /// The answer as the person read it (the option's label, the number, the text).
    pub answer: String,
}

/// Why a page came up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhyAsked {
    /// Every walk through the guide passes here, whatever the answers.
    Everyone,
    /// These answers led here (in the order given), with any explanation the guide's author wrote
    /// on the branch rules that decided.
    Answers {
        /// The deciding answers.
        answers: Vec<Decider>,
        /// The authors' `why` texts of the deciding rules.
        notes: Vec<String>,
    },
}

impl WhyAsked {
    /// In words, for the review: "Everyone is asked this." or "Because you answered “Employer
    /// plan” to “Your coverage”."
    pub fn describe(&self, guide: &Guide) -> String {
        match self {
            WhyAsked::Everyone => "Everyone is asked this, whatever their answers.".to_string(),
            WhyAsked::Answers { answers, notes } => {
                let named: Vec<String> =
                    answers.iter().map(|d| format!("“{}” to “{}”", d.answer, guide.node(d.question).title)).collect();
                let mut out = match named.as_slice() {
                    [] => String::new(),
                    [one] => format!("Because you answered {one}."),
                    [rest @ .., last] => format!("Because you answered {} and {last}.", rest.join(", ")),
                };
                for n in notes {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(n);
                }
                if out.is_empty() {
                    out = "Your earlier answers led here.".to_string();
                }
                out
            }
        }
    }
}

impl WhyAsked {
    /// As [`WhyAsked::describe`], worded for the node it explains: a page is shown, a question
    /// asked.
    pub fn describe_at(&self, guide: &Guide, node: NodeId) -> String {
        match self {
            WhyAsked::Everyone if !guide.node(node).is_question() => {
                "Everyone sees this page, whatever their answers.".to_string()
            }
            _ => self.describe(guide),
        }
    }
}

/// The questions whose answers a condition reads: its names, and for a `[values]` entry (a
/// named condition or a computed number) the questions that entry reads, in turn.
fn questions_read(guide: &Guide, names: Vec<&str>, out: &mut Vec<NodeId>, depth: usize) {
    for name in names {
        if let Some(q) = guide.var_node(name) {
            if !out.contains(&q) {
                out.push(q);
            }
        } else if depth < 8
            && let Some(v) = guide.values.iter().find(|v| v.name == name)
        {
            questions_read(guide, v.expr.names().into_iter().map(|(n, _)| n).collect(), out, depth + 1);
        }
    }
}

/// Why the page at `index` of the session's history came up.
pub fn why_asked(guide: &Guide, session: &Session, index: usize) -> WhyAsked {
    let history = session.history();
    let Some(target) = history.get(index).map(|v| v.node) else { return WhyAsked::Everyone };
    if !avoidable(guide, guide.start, target) {
        return WhyAsked::Everyone;
    }
    let env = session.env(guide);
    let mut answers: Vec<Decider> = Vec::new();
    let mut notes = Vec::new();
    let mut named = BTreeSet::new();
    let mut name = |question: NodeId, answers: &mut Vec<Decider>| {
        let node = guide.node(question);
        let Some(q) = &node.question else { return };
        let Some(value) = env.get(&q.var) else { return };
        if named.insert(question) {
            answers.push(Decider { question, answer: answer::describe(node, &value) });
        }
    };
    for visit in &history[..=index] {
        for cause in &visit.causes {
            match *cause {
                Cause::Picked { node, option } => {
                    let options = guide.node(node).options();
                    let chosen = options.get(option).and_then(|o| o.next);
                    let other_way =
                        options.iter().filter_map(|o| o.next).any(|n| Some(n) != chosen && !guide.leads_to(n, target));
                    if other_way {
                        name(node, &mut answers);
                    }
                }
                Cause::Rule { node, rule } => {
                    let NodeKind::Branch { rules } = &guide.node(node).kind else { continue };
                    let Some(r) = rules.get(rule) else { continue };
                    let other_way = rules.iter().any(|o| o.next != r.next && !guide.leads_to(o.next, target));
                    if !other_way {
                        continue;
                    }
                    // The rule that applied names its answers; an otherwise applied because the
                    // rules before it did not, so theirs are the deciding answers.
                    let conditions: Vec<_> = match &r.when {
                        Some(w) => vec![w],
                        None => rules[..rule].iter().filter_map(|o| o.when.as_ref()).collect(),
                    };
                    for c in conditions {
                        let mut read = Vec::new();
                        questions_read(guide, c.names().into_iter().map(|(n, _)| n).collect(), &mut read, 0);
                        for q in read {
                            name(q, &mut answers);
                        }
                    }
                    if let Some(why) = &r.why
                        && !notes.contains(why)
                    {
                        notes.push(why.clone());
                    }
                }
                Cause::Start | Cause::After(_) => {}
            }
        }
    }
    WhyAsked::Answers { answers, notes }
}

/// Whether a walk from `from` can reach an end without passing `target`.
fn avoidable(guide: &Guide, from: NodeId, target: NodeId) -> bool {
    if from == target {
        return false;
    }
    let mut seen = vec![false; guide.nodes.len()];
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == target || std::mem::replace(&mut seen[n.0 as usize], true) {
            continue;
        }
        let node = guide.node(n);
        if matches!(node.kind, NodeKind::End) {
            return true;
        }
        stack.extend(node.successors());
    }
    false
}
