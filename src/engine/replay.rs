//! Returning to where a person was: replaying saved answers over a guide that may have changed
//! since (a resumed session, or a guide reloaded in watch mode).
//!
//! Answers that still fit are replayed; answers to questions that changed shape or disappeared are
//! flagged, and the walk stops at the first such question so the person is asked again. Nothing
//! here can fail: the worst case is a fresh start with the old answers offered as dormant.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::answer;
use super::session::Session;
use crate::guide::{Guide, Node, NodeKind, Value};

/// A fingerprint of what makes an answer valid for a question: its type, var, option values and
/// bounds. Titles and wording are left out, so fixing a typo does not ask everyone again.
pub fn question_fingerprint(node: &Node) -> String {
    let mut h = crate::hash::Fnv64::new();
    let mut feed = |s: &str| {
        h.write(s.as_bytes());
        h.write(&[0xff]);
    };
    feed(node.type_name());
    if let Some(q) = &node.question {
        feed(&q.var);
    }
    for o in node.options() {
        feed(&o.value);
    }
    match &node.kind {
        NodeKind::Multi { min, max, .. } => feed(&format!("{min}..{max}")),
        kind => {
            if let Some(entry) = kind.entry() {
                feed(&entry.fingerprint());
            }
        }
    }
    h.hex()
}

/// Why a saved answer was not simply replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// The question is gone from the guide; the answer is kept but unused.
    Gone {
        /// The var.
        var: String,
    },
    /// The question changed since the answer was given; it will be asked again.
    Changed {
        /// The var.
        var: String,
        /// The question's title now.
        title: String,
    },
    /// The answer was given under an earlier name of the question or its options (`was`) and now
    /// answers the question as it is.
    Carried {
        /// The name it was saved under.
        from: String,
        /// The question's title now.
        title: String,
    },
    /// The answer no longer fits the question; it will be asked again.
    Invalid {
        /// The var.
        var: String,
        /// The question's title now.
        title: String,
        /// Why it does not fit.
        reason: String,
    },
}

impl Flag {
    /// One line for a person.
    /// A var comes from the session file, which may have been edited by hand or damaged, so
    /// everything shown is cleaned of control characters.
    pub fn describe(&self) -> String {
        let text = match self {
            Flag::Gone { var } => format!("The question for “{var}” is no longer in the guide."),
            Flag::Changed { title, .. } => {
                format!("“{title}” has changed since you answered it; please answer it again.")
            }
            Flag::Carried { from, title } => format!("Your answer saved as “{from}” now answers “{title}”."),
            Flag::Invalid { title, reason, .. } => {
                format!("Your answer to “{title}” no longer fits ({reason}); please answer it again.")
            }
        };
        crate::guide::text::sanitize_line(&text).into_owned()
    }
}

/// Moves answers saved under a var or option value the guide has since renamed (`was` on a
/// question or an option) to the names it uses now, for saved sessions and answers files alike.
///
/// Returns the answers and, for each var whose answer was moved or whose value was mapped, the
/// name it was saved under. An answer under the current name wins over one under an earlier name.
pub fn carry_over(
    guide: &Guide,
    answers: &BTreeMap<String, Value>,
) -> (BTreeMap<String, Value>, BTreeMap<String, String>) {
    let mut out = BTreeMap::new();
    let mut carried = BTreeMap::new();
    for (var, value) in answers {
        let (id, renamed) = match (guide.var_node(var), guide.renamed_var_node(var)) {
            (Some(id), _) => (id, false),
            (None, Some(id)) => (id, true),
            (None, None) => {
                out.insert(var.clone(), value.clone());
                continue;
            }
        };
        let node = guide.node(id);
        let Some(q) = &node.question else { continue };
        if renamed && answers.contains_key(&q.var) {
            continue;
        }
        let (value, mapped) = map_values(node, value);
        if renamed || mapped {
            carried.insert(q.var.clone(), var.clone());
        }
        out.insert(q.var.clone(), value);
    }
    (out, carried)
}

/// The answers as [`carry_over`] gives them, borrowed unchanged when none was saved under an
/// earlier name or value (as in most walks), so that a walk does not copy every answer first.
pub(crate) fn carried_answers<'a>(
    guide: &Guide,
    answers: &'a BTreeMap<String, Value>,
) -> Cow<'a, BTreeMap<String, Value>> {
    let as_is = answers.iter().all(|(var, value)| match guide.var_node(var) {
        Some(id) => {
            let node = guide.node(id);
            node.question.as_ref().is_some_and(|q| q.var == *var) && maps_to_itself(node, value)
        }
        None => guide.renamed_var_node(var).is_none(),
    });
    if as_is { Cow::Borrowed(answers) } else { Cow::Owned(carry_over(guide, answers).0) }
}

/// Whether [`map_values`] gives the value back as it is: no earlier option value in it, and no
/// option picked twice.
fn maps_to_itself(node: &Node, value: &Value) -> bool {
    let earlier = |v: &str| node.options().iter().any(|o| o.was.iter().any(|w| w == v));
    match value {
        Value::Text(v) => !earlier(v),
        Value::List(items) => items.iter().enumerate().all(|(i, v)| !earlier(v) && !items[..i].contains(v)),
        Value::Number(_) | Value::Bool(_) | Value::Date(_) => true,
    }
}

/// Reads earlier option values as the options that now carry them.
fn map_values(node: &Node, value: &Value) -> (Value, bool) {
    let now = |v: &str| node.options().iter().find(|o| o.was.iter().any(|w| w == v)).map(|o| o.value.clone());
    match value {
        Value::Text(v) => match now(v) {
            Some(n) => (Value::Text(n), true),
            None => (value.clone(), false),
        },
        Value::List(items) => {
            let mut mapped = false;
            let mut out: Vec<String> = Vec::with_capacity(items.len());
            for v in items {
                let n = now(v).inspect(|_| mapped = true).unwrap_or_else(|| v.clone());
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            (Value::List(out), mapped)
        }
        Value::Number(_) | Value::Bool(_) | Value::Date(_) => (value.clone(), false),
    }
}

/// A replayed walk and what did not replay cleanly.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The walk, standing where the person was or at the first question to answer again.
    pub session: Session,
    /// Answers that were not replayed as they were.
    pub flags: Vec<Flag>,
}

/// Replays answers over a guide.
///
/// `path` is the visible nodes walked before (the current one last); `fingerprints` maps vars to
/// [`question_fingerprint`] as it was when answered (empty when unknown, e.g. in watch mode where
/// the person is still present).
pub fn replay(
    guide: &Guide,
    answers: &BTreeMap<String, Value>,
    fingerprints: &BTreeMap<String, String>,
    path: &[String],
    ticked: BTreeSet<String>,
) -> Replayed {
    let mut flags = Vec::new();
    let mut usable = BTreeMap::new();
    let mut ask_again = BTreeSet::new();
    let (answers, carried) = carry_over(guide, answers);
    for (var, value) in &answers {
        let Some(id) = guide.var_node(var) else {
            // Kept, unused, so it is saved again and comes back if the question does.
            flags.push(Flag::Gone { var: var.clone() });
            usable.insert(var.clone(), value.clone());
            continue;
        };
        let node = guide.node(id);
        let from = carried.get(var);
        if let Some(from) = from.filter(|from| *from != var) {
            flags.push(Flag::Carried { from: from.clone(), title: node.title.clone() });
        }
        // An answer the guide maps from an earlier name or value was checked by its author; a
        // changed fingerprint is then expected, and the answer only has to fit the question now.
        if from.is_none() && fingerprints.get(var).is_some_and(|f| *f != question_fingerprint(node)) {
            flags.push(Flag::Changed { var: var.clone(), title: node.title.clone() });
            ask_again.insert(var.clone());
        } else if let Err(reason) = answer::validate(node, value) {
            flags.push(Flag::Invalid { var: var.clone(), title: node.title.clone(), reason });
            ask_again.insert(var.clone());
        }
        usable.insert(var.clone(), value.clone());
    }
    let mut session = Session::with_saved(guide, usable, ticked);
    let walked: BTreeSet<&str> = path.iter().map(String::as_str).collect();
    let target = path.last().map(String::as_str);
    session.mark_seen(path.iter().filter_map(|k| guide.node_id(k)));
    let limit = guide.nodes.len() * 2 + 8;
    for _ in 0..limit {
        let node = guide.node(session.current());
        if Some(node.key.as_str()) == target || matches!(node.kind, NodeKind::End) {
            break;
        }
        let moved = match &node.question {
            Some(q) if ask_again.contains(&q.var) => false,
            Some(q) => match session.stored(&q.var).cloned() {
                Some(v) => session.answer(guide, &v).is_ok(),
                None if q.optional && walked.contains(node.key.as_str()) => session.skip(guide).is_ok(),
                None => false,
            },
            None if walked.contains(node.key.as_str()) => session.advance(guide).is_ok(),
            None => false,
        };
        if !moved {
            break;
        }
    }
    Replayed { session, flags }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_never_carries_control_characters_from_a_session_file() {
        let flag = Flag::Gone { var: "d#ign\u{7f}sis\u{1b}[2J".to_string() };
        let shown = flag.describe();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.contains("d#ign"), "{shown}");
    }
}
