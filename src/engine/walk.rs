//! Headless walks: follow a guide with a set of answers, without a person, as `export`,
//! `[[tests]]`, `paths` and `run --start-at` do. There is one walker, [`walk_until`]; what
//! differs between its users is where it stops ([`Stop`]).

use foldhash::HashMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::session::{AnswerError, Session};
use crate::guide::suggest::closest;
use crate::guide::text::sanitize_line;
use crate::guide::value::Value;
use crate::guide::{Guide, NodeId, NodeKind};

/// Where a headless walk stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// At an end node: the whole walk, for a checklist.
    AtEnd,
    /// When this node is on screen (an author's `--start-at`); reaching an end first is
    /// [`WalkError::Ended`].
    At(NodeId),
}

/// Why a headless walk could not reach an end.
#[derive(Debug, Clone, PartialEq)]
pub enum WalkError {
    /// The answers name a var no question has.
    UnknownVar {
        /// The var.
        var: String,
        /// A close known var.
        suggestion: Option<String>,
    },
    /// A question on the path has no answer and no default, and is not optional.
    Missing {
        /// The question's node id.
        node: String,
        /// Its var.
        var: String,
        /// Its title.
        title: String,
    },
    /// An answer does not fit its question.
    Invalid {
        /// The question's node id.
        node: String,
        /// Its var.
        var: String,
        /// What is wrong.
        message: String,
    },
    /// The answers lead round a loop forever.
    Loop {
        /// Where the walk came round again.
        node: String,
    },
    /// The walk reached an end before the node it was to stop at.
    Ended {
        /// The end node it reached.
        node: String,
    },
    /// Something else stopped the walk.
    Stuck(String),
}

impl std::fmt::Display for WalkError {
    /// The message is cleaned for a terminal: vars and values come straight from an answers
    /// file, which may hold escape sequences or line breaks.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sanitize_line(&self.raw_message()))
    }
}

impl WalkError {
    fn raw_message(&self) -> String {
        let mut out = String::new();
        let f = &mut out;
        let _ = match self {
            WalkError::UnknownVar { var, suggestion: Some(s) } => {
                write!(
                    f,
                    "the answers name `{var}`, but no question stores its answer under that name (did you mean `{s}`?)"
                )
            }
            WalkError::UnknownVar { var, suggestion: None } => {
                write!(f, "the answers name `{var}`, but no question stores its answer under that name (its `var`)")
            }
            WalkError::Missing { node, var, title } => {
                write!(f, "question \"{node}\" (“{title}”) needs an answer: add `{var} = …` to the answers")
            }
            WalkError::Invalid { node, var, message } => {
                write!(f, "the answer for `{var}` (question \"{node}\") is not valid: {message}")
            }
            WalkError::Loop { node } => {
                write!(f, "these answers lead round a loop at \"{node}\" and never reach an end")
            }
            WalkError::Ended { node } => write!(f, "the walk ended at \"{node}\""),
            WalkError::Stuck(m) => f.write_str(m),
        };
        out
    }
}

impl std::error::Error for WalkError {}

/// Checks that every answer names a real var.
pub fn check_vars(guide: &Guide, answers: &BTreeMap<String, Value>) -> Result<(), WalkError> {
    for var in answers.keys() {
        if guide.var_node(var).is_none() {
            let vars: Vec<&str> =
                guide.nodes.iter().filter_map(|n| n.question.as_ref().map(|q| q.var.as_str())).collect();
            return Err(WalkError::UnknownVar { var: var.clone(), suggestion: closest(var, vars).map(str::to_string) });
        }
    }
    Ok(())
}

/// Walks from the start with these answers to an end node.
///
/// Defaults stand in for missing answers; optional questions may stay unanswered.
pub fn walk(guide: &Guide, answers: &BTreeMap<String, Value>) -> Result<Session, WalkError> {
    let mut session = Session::new(guide);
    walk_into(guide, answers, &mut session)?;
    Ok(session)
}

/// Walks a fresh `session` as [`walk`] does, leaving it where the walk stopped, so a failure can
/// say how far the answers got.
pub fn walk_into(guide: &Guide, answers: &BTreeMap<String, Value>, session: &mut Session) -> Result<(), WalkError> {
    walk_until(guide, answers, session, Stop::AtEnd)
}

/// Walks a fresh `session` from the start with these answers until `stop`, leaving it where the
/// walk stopped, so a failure can say how far the answers got.
///
/// Defaults stand in for missing answers; optional questions may stay unanswered. Where it
/// stops, every given answer is kept: those further on pre-fill later questions, those off the
/// path stay dormant and have no effect.
pub fn walk_until(
    guide: &Guide,
    answers: &BTreeMap<String, Value>,
    session: &mut Session,
    stop: Stop,
) -> Result<(), WalkError> {
    let answers = super::replay::carried_answers(guide, answers);
    let answers = answers.as_ref();
    check_vars(guide, answers)?;
    // Read once per question on the way: a hash lookup costs less than a search of a sorted
    // map of thousands of names.
    let by_var: HashMap<&str, &Value> = answers.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut visited = vec![false; guide.nodes.len()];
    loop {
        let id = session.current();
        let node = guide.node(id);
        let arrived = match stop {
            Stop::AtEnd => matches!(node.kind, NodeKind::End),
            Stop::At(target) => id == target,
        };
        if arrived {
            session.remember(answers);
            return Ok(());
        }
        if std::mem::replace(&mut visited[id.0 as usize], true) {
            return Err(WalkError::Loop { node: node.key.clone() });
        }
        if matches!(node.kind, NodeKind::End) {
            return Err(WalkError::Ended { node: node.key.clone() });
        }
        let result = match &node.question {
            None => session.advance(guide),
            Some(q) => match by_var.get(q.var.as_str()).copied().or(q.default.as_ref()) {
                // The session checks the answer on its own day (a scenario's `today`), once.
                Some(v) => match session.answer(guide, v) {
                    Err(AnswerError::Invalid(message)) => {
                        return Err(WalkError::Invalid { node: node.key.clone(), var: q.var.clone(), message });
                    }
                    other => other,
                },
                None if q.optional => session.skip(guide),
                None if matches!(node.kind, NodeKind::Multi { min: 0, .. }) => {
                    session.answer(guide, &Value::List(Vec::new()))
                }
                None => {
                    return Err(WalkError::Missing {
                        node: node.key.clone(),
                        var: q.var.clone(),
                        title: node.title.clone(),
                    });
                }
            },
        };
        result.map_err(|e| WalkError::Stuck(e.to_string()))?;
    }
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
start = "plan"
disclaimer = "Info only."
reviewed = 2026-11-01
[nodes.plan]
type = "choice"
var = "plan"
next = "age"
options = [ { value = "a", label = "A" }, { value = "b", label = "B", next = "done" } ]
[nodes.age]
type = "number"
var = "age"
next = "done"
[nodes.done]
type = "end"
"#;

    #[test]
    fn one_walker_stops_at_the_end_or_at_a_node() {
        let g = load_str("t.toml", GUIDE, CheckOptions::default()).guide.unwrap();
        let answers: BTreeMap<String, Value> =
            [("plan".to_string(), Value::Text("a".into())), ("age".to_string(), Value::Number(3.0))].into();
        let age = g.node_id("age").unwrap();

        let mut s = Session::new(&g);
        walk_until(&g, &answers, &mut s, Stop::AtEnd).unwrap();
        assert_eq!(g.node(s.current()).key, "done");

        let mut s = Session::new(&g);
        walk_until(&g, &answers, &mut s, Stop::At(age)).unwrap();
        assert_eq!(g.node(s.current()).key, "age");
        assert_eq!(s.stored("age"), Some(&Value::Number(3.0)), "answers past the stop are kept");

        let mut s = Session::new(&g);
        let other = [("plan".to_string(), Value::Text("b".into()))].into();
        assert_eq!(walk_until(&g, &other, &mut s, Stop::At(age)), Err(WalkError::Ended { node: "done".into() }));
    }

    #[test]
    fn errors_show_control_characters_from_answers_as_symbols_on_one_line() {
        let e = WalkError::UnknownVar { var: "insur\u{1b}[2Jance".into(), suggestion: Some("insurance".into()) };
        assert_eq!(
            e.to_string(),
            "the answers name `insur␛[2Jance`, but no question stores its answer under that name (did you mean `insurance`?)"
        );
        let e = WalkError::Invalid { node: "n".into(), var: "v".into(), message: "\"a\nb\u{7}\"".into() };
        assert_eq!(e.to_string(), "the answer for `v` (question \"n\") is not valid: \"a b␇\"");
    }
}
