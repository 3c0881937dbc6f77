//! A person's walk through a guide.
//!
//! The session remembers every answer ever given, not only those on the current path: going back
//! or changing an early answer never deletes anything, and an answer that falls off the path
//! comes back if the path returns to its question.

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};

use super::answer;
use super::checklist::{self, Checklist};
use super::env::Env;
use crate::date::Date;
use crate::guide::{Guide, NodeId, NodeKind, Value};

/// One link in the chain that led to a node: why a question was asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// It is where the guide starts.
    Start,
    /// It follows the page or question before it.
    After(NodeId),
    /// An option chosen at a choice node led here.
    Picked {
        /// The choice node.
        node: NodeId,
        /// Index of the option.
        option: usize,
    },
    /// A branch rule decided.
    Rule {
        /// The branch node.
        node: NodeId,
        /// Index of the rule.
        rule: usize,
    },
}

/// A visible node on the path, with how the walk got there.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// The node.
    pub node: NodeId,
    /// The chain of causes, first to last (an option, then any branch rules passed through).
    pub causes: Vec<Cause>,
}

/// How far the person is, counted from the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Questions answered on the path so far.
    pub answered: usize,
    /// Fewest questions that may be left (the current one included).
    pub min_left: u32,
    /// Most questions that may be left.
    pub max_left: u32,
}

impl Progress {
    /// "3–5 questions left", "1 question left", "done".
    pub fn describe(&self) -> String {
        match (self.min_left, self.max_left) {
            (0, 0) => "no questions left".to_string(),
            (a, b) if a == b => format!("{a} question{} left", if a == 1 { "" } else { "s" }),
            (a, b) => format!("{a}–{b} questions left"),
        }
    }
}

/// Why an answer was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerError {
    /// The value does not fit the question; the text says how to fix it.
    Invalid(String),
    /// The current node is not a question.
    NotAQuestion,
    /// Walking on went round branches without reaching a page or question.
    Stuck(String),
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::Invalid(m) | AnswerError::Stuck(m) => f.write_str(m),
            AnswerError::NotAQuestion => f.write_str("this page is not a question"),
        }
    }
}

/// The walk: every answer given, the path of visible nodes, and the ticked checklist items.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// By var; kept in a hash map because a walk stores and reads one answer at every step.
    answers: HashMap<String, Value>,
    history: Vec<Visit>,
    ticked: BTreeSet<String>,
    seen: Seen,
    path_vars: PathVars,
    /// What `today` means in this walk's conditions, values, text and date limits.
    today: Date,
}

/// The nodes a person has been shown and moved on from, one bit each: a walk marks one at
/// every step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Seen(Vec<u64>);

impl Seen {
    fn insert(&mut self, id: NodeId) {
        let (word, bit) = (id.0 as usize / 64, id.0 % 64);
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    fn contains(&self, id: NodeId) -> bool {
        self.0.get(id.0 as usize / 64).is_some_and(|w| w & (1 << (id.0 % 64)) != 0)
    }
}

/// The answers on the path by var, as of a history length, kept from one step to the next so a
/// step costs what it adds rather than the length of the path (a walk through 10,000 questions
/// would otherwise copy every earlier answer at every step). Going back or changing stored
/// answers other than by a step drops it; it is rebuilt when next needed.
#[derive(Clone, Default)]
struct PathVars(Option<(usize, HashMap<String, Value>)>);

impl PathVars {
    /// The answers kept, if they are those of the path up to the last of `visits` (the current
    /// node, which a step answers last).
    fn current(&self, visits: usize) -> Option<&HashMap<String, Value>> {
        self.0.as_ref().filter(|(upto, _)| *upto + 1 == visits).map(|(_, vars)| vars)
    }

    /// [`PathVars::current`], taken out (the cache is left empty either way).
    fn take_current(&mut self, visits: usize) -> Option<HashMap<String, Value>> {
        self.0.take().filter(|(upto, _)| *upto + 1 == visits).map(|(_, vars)| vars)
    }
}

impl PartialEq for PathVars {
    /// A cache: two walks are the same whatever it holds.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for PathVars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PathVars")
    }
}

impl Session {
    /// A fresh walk, standing on the first visible node.
    pub fn new(guide: &Guide) -> Session {
        Session::on(guide, crate::date::today())
    }

    /// A fresh walk on a given day: a `[[tests]]` scenario with its own `today`.
    pub fn on(guide: &Guide, today: Date) -> Session {
        let mut s = Session {
            answers: HashMap::default(),
            history: Vec::new(),
            ticked: BTreeSet::new(),
            seen: Seen::default(),
            path_vars: PathVars::default(),
            today,
        };
        let env = s.env(guide);
        let (node, mut causes) = resolve(guide, guide.start, &env).unwrap_or((guide.start, Vec::new()));
        causes.insert(0, Cause::Start);
        s.history.push(Visit { node, causes });
        s
    }

    /// The node on screen.
    pub fn current(&self) -> NodeId {
        self.history.last().map_or(NodeId(0), |v| v.node)
    }

    /// The visible nodes walked, the current one last.
    pub fn history(&self) -> &[Visit] {
        &self.history
    }

    /// Every answer ever given, on the path or not, in order of var.
    pub fn all_answers(&self) -> BTreeMap<String, Value> {
        self.answers.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// Whether any answer was ever given.
    pub fn has_answers(&self) -> bool {
        !self.answers.is_empty()
    }

    /// The answer stored for a var, on the path or dormant (used to pre-fill a question).
    pub fn stored(&self, var: &str) -> Option<&Value> {
        self.answers.get(var)
    }

    /// The answers that count: those of questions on the path before the current node, plus the
    /// current one if it has been answered and the walk moved past it.
    pub fn path_answers<'a>(&'a self, guide: &'a Guide) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
        let len = self.history.len();
        self.history[..len.saturating_sub(1)].iter().filter_map(move |v| {
            let q = guide.node(v.node).question.as_ref()?;
            self.answers.get(&q.var).map(|a| (q.var.as_str(), a))
        })
    }

    /// Conditions and text see this.
    pub fn env(&self, guide: &Guide) -> Env {
        // The answers a step keeps are those on the path up to the current node: at the end of
        // a long walk they need not be gathered again.
        if let Some(vars) = self.path_vars.current(self.history.len()) {
            return self.env_over(guide, vars.clone());
        }
        let today = Value::Date(self.today);
        Env::new(guide, self.path_answers(guide).chain([(crate::guide::TODAY, &today)]))
    }

    /// What [`Session::env`] gives, for a walk that is over: the answers its steps kept are
    /// handed on rather than copied.
    pub fn into_env(mut self, guide: &Guide) -> Env {
        match self.path_vars.take_current(self.history.len()) {
            Some(vars) => self.env_over(guide, vars),
            None => self.env(guide),
        }
    }

    /// The environment over the path's answers as a step keeps them, on this walk's day.
    fn env_over(&self, guide: &Guide, mut vars: HashMap<String, Value>) -> Env {
        vars.insert(crate::guide::TODAY.to_string(), Value::Date(self.today));
        Env::with_answers(guide, vars)
    }

    /// The day this walk takes as today.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Answers the current question and moves on.
    pub fn answer(&mut self, guide: &Guide, value: &Value) -> Result<(), AnswerError> {
        let node = guide.node(self.current());
        let Some(q) = &node.question else { return Err(AnswerError::NotAQuestion) };
        let value = answer::validate_on(node, value, self.today).map_err(AnswerError::Invalid)?;
        self.answers.insert(q.var.clone(), value);
        self.step(guide)
    }

    /// Leaves an optional question unanswered and moves on.
    pub fn skip(&mut self, guide: &Guide) -> Result<(), AnswerError> {
        let node = guide.node(self.current());
        match &node.question {
            Some(q) if q.optional => {
                self.answers.remove(&q.var);
                self.step(guide)
            }
            Some(_) => Err(AnswerError::Invalid("this question needs an answer".to_string())),
            None => Err(AnswerError::NotAQuestion),
        }
    }

    /// Continues from a page that is not a question (info, compare).
    pub fn advance(&mut self, guide: &Guide) -> Result<(), AnswerError> {
        let node = guide.node(self.current());
        if node.is_question() {
            return Err(AnswerError::NotAQuestion);
        }
        if matches!(node.kind, NodeKind::End) {
            return Ok(());
        }
        self.step(guide)
    }

    fn step(&mut self, guide: &Guide) -> Result<(), AnswerError> {
        let current = self.current();
        let len = self.history.len();
        let mut vars = match self.path_vars.take_current(len) {
            Some(vars) => vars,
            None => self.path_answers(guide).map(|(k, v)| (k.to_string(), v.clone())).collect(),
        };
        match vars.get_mut(crate::guide::TODAY) {
            Some(today) => *today = Value::Date(self.today),
            None => {
                vars.insert(crate::guide::TODAY.to_string(), Value::Date(self.today));
            }
        }
        // The answer just given counts for the branches that follow it (and a skipped one no
        // longer counts where the same question came earlier on a loop).
        if let Some(q) = &guide.node(current).question {
            match self.answers.get(&q.var) {
                Some(v) => vars.insert(q.var.clone(), v.clone()),
                None => vars.remove(&q.var),
            };
        }
        let (first, cause) = match &guide.node(current).kind {
            NodeKind::Choice { options } => {
                let node = guide.node(current);
                let var = node.question.as_ref().map(|q| q.var.as_str()).unwrap_or_default();
                let picked = vars.get(var);
                match options
                    .iter()
                    .enumerate()
                    .find(|(_, o)| picked.and_then(Value::as_text) == Some(o.value.as_str()))
                {
                    Some((i, opt)) => {
                        let Some(next) = opt.next else {
                            return Err(AnswerError::Stuck("this option leads nowhere".to_string()));
                        };
                        (next, Cause::Picked { node: current, option: i })
                    }
                    // An optional choice left unanswered goes where the node says skipping goes.
                    None => match node.question.as_ref().filter(|q| q.optional).and_then(|q| q.skip_to) {
                        Some(skip_to) => (skip_to, Cause::After(current)),
                        None => {
                            return Err(AnswerError::Invalid(format!(
                                "question \"{}\" (“{}”) needs one of its options: {}",
                                node.key,
                                node.title,
                                answer::option_values(node)
                            )));
                        }
                    },
                }
            }
            _ => match guide.node(current).next() {
                Some(next) => (next, Cause::After(current)),
                None => return Ok(()),
            },
        };
        // Only branches read conditions: the computed values are worked out for them alone, and
        // only when a rule on the way names one.
        let (node, mut more, vars) = if matches!(guide.node(first).kind, NodeKind::Branch { .. }) {
            let env = if branches_read_values(guide, first) {
                Env::with_answers(guide, vars)
            } else {
                Env::without_values(vars)
            };
            let (node, more) = resolve(guide, first, &env).map_err(AnswerError::Stuck)?;
            (node, more, env.into_answers(guide))
        } else {
            (first, Vec::new(), vars)
        };
        more.insert(0, cause);
        // A node counts as seen once the person has been shown it and moved on (forward, back
        // or by a jump), so a page the walk has only just reached is still new.
        self.seen.insert(current);
        self.history.push(Visit { node, causes: more });
        self.path_vars.0 = Some((len, vars));
        Ok(())
    }

    /// Goes back one visible node. Nothing is forgotten. Returns false at the start.
    pub fn back(&mut self) -> bool {
        if self.history.len() > 1 {
            self.path_vars.0 = None;
            if let Some(left) = self.history.pop() {
                self.seen.insert(left.node);
            }
            true
        } else {
            false
        }
    }

    /// True when there is somewhere to go back to.
    pub fn can_go_back(&self) -> bool {
        self.history.len() > 1
    }

    /// Returns to the node at `index` in the history, to look at or change it. Later answers are
    /// kept and come back as the walk goes forward again.
    pub fn jump_to(&mut self, index: usize) -> bool {
        if index < self.history.len() {
            self.path_vars.0 = None;
            for v in self.history.drain(index + 1..) {
                self.seen.insert(v.node);
            }
            true
        } else {
            false
        }
    }

    /// Walks forward over questions that already have a valid answer and pages already seen,
    /// stopping at the first thing that needs the person: a new page, an unanswered question, an
    /// end, or a node it already passed (stored answers that lead round a loop).
    pub fn fast_forward(&mut self, guide: &Guide) {
        let mut passed = BTreeSet::new();
        loop {
            let id = self.current();
            if !passed.insert(id) {
                return;
            }
            let node = guide.node(id);
            let moved = match (&node.kind, &node.question) {
                (NodeKind::End, _) => false,
                (_, Some(q)) => match self.answers.get(&q.var).cloned() {
                    // Answering checks the answer, on this walk's day, and refuses it unchanged.
                    Some(v) => self.answer(guide, &v).is_ok(),
                    _ => false,
                },
                (NodeKind::Info { .. } | NodeKind::Compare { .. }, None)
                    if self.history.len() > 1 && self.was_seen_before(id) =>
                {
                    self.advance(guide).is_ok()
                }
                _ => false,
            };
            if !moved {
                return;
            }
        }
    }

    fn was_seen_before(&self, id: NodeId) -> bool {
        self.seen.contains(id)
    }

    /// True when standing on an end node.
    pub fn is_finished(&self, guide: &Guide) -> bool {
        matches!(guide.node(self.current()).kind, NodeKind::End)
    }

    /// Progress from the graph: questions answered and the range still ahead.
    pub fn progress(&self, guide: &Guide) -> Progress {
        let answered =
            self.history[..self.history.len() - 1].iter().filter(|v| guide.node(v.node).is_question()).count();
        let (min_left, max_left) = guide.questions_left(self.current());
        Progress { answered, min_left, max_left }
    }

    /// The causes that led to the node at `index` of the history.
    pub fn why(&self, index: usize) -> &[Cause] {
        self.history.get(index).map_or(&[], |v| v.causes.as_slice())
    }

    /// The personalized checklist for the answers on the path.
    pub fn checklist(&self, guide: &Guide) -> Checklist {
        checklist::build(guide, &self.env(guide))
    }

    /// Ticks or unticks a checklist item; returns whether it is now ticked.
    pub fn toggle(&mut self, key: &str) -> bool {
        if self.ticked.remove(key) {
            false
        } else {
            self.ticked.insert(key.to_string());
            true
        }
    }

    /// The ticked checklist items, by key.
    pub fn ticked(&self) -> &BTreeSet<String> {
        &self.ticked
    }

    /// Restores the parts of a saved session (answers and ticks) into a fresh walk.
    pub fn with_saved(guide: &Guide, answers: BTreeMap<String, Value>, ticked: BTreeSet<String>) -> Session {
        let mut s = Session::new(guide);
        s.answers = answers.into_iter().collect();
        s.ticked = ticked;
        s.path_vars.0 = None;
        s
    }

    /// Keeps answers that are not stored yet as dormant answers, without moving.
    pub fn remember(&mut self, answers: &BTreeMap<String, Value>) {
        let mut added = false;
        for (k, v) in answers {
            // Most are stored already (a walk stores what it answers): copy only the others.
            if !self.answers.contains_key(k) {
                self.answers.insert(k.clone(), v.clone());
                added = true;
            }
        }
        if added {
            self.path_vars.0 = None;
        }
    }

    /// Marks every node in `keys` as already seen (used when replaying a saved walk).
    pub fn mark_seen(&mut self, ids: impl IntoIterator<Item = NodeId>) {
        for id in ids {
            self.seen.insert(id);
        }
    }

    /// Explains in words why the node at `index` was reached.
    pub fn explain(&self, guide: &Guide, index: usize) -> String {
        explain_causes(guide, self.why(index))
    }
}

/// Whether a rule of the branch `first`, or of a branch its rules lead to, names a computed
/// value: if none does, following the branches never needs the values worked out.
fn branches_read_values(guide: &Guide, first: NodeId) -> bool {
    if guide.values.is_empty() {
        return false;
    }
    let mut stack = vec![first];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        let NodeKind::Branch { rules } = &guide.node(id).kind else { continue };
        if !seen.insert(id) {
            continue;
        }
        for rule in rules {
            if rule.reads_values {
                return true;
            }
            stack.push(rule.next);
        }
    }
    false
}

/// Follows branch nodes from `first` until a visible node, collecting the rules that decided.
pub fn resolve(guide: &Guide, first: NodeId, env: &Env) -> Result<(NodeId, Vec<Cause>), String> {
    let mut node = first;
    let mut causes = Vec::new();
    for _ in 0..=guide.nodes.len() {
        let NodeKind::Branch { rules } = &guide.node(node).kind else {
            return Ok((node, causes));
        };
        let Some((i, rule)) = rules.iter().enumerate().find(|(_, r)| env.holds(r.when.as_ref())) else {
            return Err(format!("no rule of \"{}\" applies", guide.node(node).key));
        };
        causes.push(Cause::Rule { node, rule: i });
        node = rule.next;
    }
    Err("the branches lead round in a circle".to_string())
}

/// Explains a chain of causes in plain words.
pub fn explain_causes(guide: &Guide, causes: &[Cause]) -> String {
    let mut parts = Vec::new();
    for cause in causes {
        match cause {
            Cause::Start => parts.push("This is where the guide starts.".to_string()),
            Cause::After(n) => parts.push(format!("It comes after “{}”.", guide.node(*n).title)),
            Cause::Picked { node, option } => {
                let n = guide.node(*node);
                if let Some(o) = n.options().get(*option) {
                    parts.push(format!("You answered “{}” to “{}”.", o.label, n.title));
                }
            }
            Cause::Rule { node, rule } => {
                if let NodeKind::Branch { rules } = &guide.node(*node).kind
                    && let Some(r) = rules.get(*rule)
                {
                    parts.push(match (&r.why, &r.when) {
                        (Some(why), _) => why.clone(),
                        (None, Some(w)) => format!("The guide's rule `{}` applies to your answers.", w.source()),
                        (None, None) => {
                            "None of the guide's special cases applied, so this is the usual next step.".to_string()
                        }
                    });
                }
            }
        }
    }
    parts.join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, load_str};

    const GUIDE: &str = r#"
format = 1
[guide]
id = "t"
title = "T"
start = "sessions"
disclaimer = "Info only."
reviewed = 2026-11-01
[nodes.sessions]
type = "number"
var = "sessions"
next = "route"
[nodes.route]
type = "branch"
rules = [ { when = "cost > 1000", next = "note" }, { next = "done" } ]
[nodes.note]
type = "text"
var = "note"
optional = true
next = "done"
[nodes.done]
type = "end"
[values]
cost = "sessions * 500"
"#;

    /// What conditions see at the end of a walk comes from the answers kept step by step; it
    /// must be what gathering them again from the path gives.
    #[test]
    fn the_env_kept_by_the_steps_is_the_one_the_path_gives() {
        let g = load_str("t.toml", GUIDE, CheckOptions::default()).guide.unwrap();
        let mut s = Session::on(&g, Date { year: 2026, month: 11, day: 30 });
        s.answer(&g, &Value::Number(3.0)).unwrap();
        assert_eq!(g.node(s.current()).key, "note", "the branch read the computed value");
        s.answer(&g, &Value::Text("call Monday".into())).unwrap();
        let kept = s.env(&g);
        let handed_on = s.clone().into_env(&g);
        let mut rebuilt = s.clone();
        rebuilt.path_vars.0 = None;
        let rebuilt = rebuilt.env(&g);
        for name in ["sessions", "note", "cost", crate::guide::TODAY, "nothing"] {
            assert_eq!(kept.get(name), rebuilt.get(name), "{name}");
            assert_eq!(handed_on.get(name), rebuilt.get(name), "{name}");
        }
        assert_eq!(kept.get("cost"), Some(Value::Number(1500.0)));

        // Going back drops what the steps kept; the answer left behind no longer counts.
        assert!(s.back());
        assert_eq!(s.env(&g).get("note"), None);
        assert_eq!(s.env(&g).get("cost"), Some(Value::Number(1500.0)));
    }

    #[test]
    fn answers_remembered_off_the_path_leave_the_path_as_it_was() {
        let g = load_str("t.toml", GUIDE, CheckOptions::default()).guide.unwrap();
        let mut s = Session::on(&g, Date { year: 2026, month: 11, day: 30 });
        s.answer(&g, &Value::Number(1.0)).unwrap();
        assert_eq!(g.node(s.current()).key, "done");
        s.remember(&[("note".to_string(), Value::Text("kept".into()))].into());
        assert_eq!(s.stored("note"), Some(&Value::Text("kept".into())));
        assert_eq!(s.env(&g).get("note"), None, "a dormant answer does not count");
        assert_eq!(s.all_answers().keys().collect::<Vec<_>>(), ["note", "sessions"], "in order of var");
    }
}
