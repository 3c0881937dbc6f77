//! `guidepost run GUIDE --start-at NODE --answers FILE`: jump straight to the screen an author
//! is working on, with the answers that lead there, instead of clicking through every time.

use std::collections::BTreeMap;

use crate::engine::Session;
use crate::engine::walk::{Stop, WalkError, walk_until};
use crate::guide::suggest::closest;
use crate::guide::{Guide, NodeKind, Value};

/// Walks from the start with `answers` until the node with id `node_key` is on screen.
///
/// Every answer is kept in the session (those past the node pre-fill later questions). Errors
/// say what is wrong in words an author can act on: an unknown node (with a did-you-mean), an
/// invisible branch node, or where the walk went instead of reaching the node.
pub fn start_at(guide: &Guide, answers: &BTreeMap<String, Value>, node_key: &str) -> Result<Session, String> {
    let Some(target) = guide.node_id(node_key) else {
        let keys = guide.nodes.iter().map(|n| n.key.as_str());
        return Err(match closest(node_key, keys) {
            Some(s) => format!("the guide has no node \"{node_key}\" (did you mean \"{s}\"?)"),
            None => format!("the guide has no node \"{node_key}\"; `guidepost paths GUIDE` lists the nodes"),
        });
    };
    if matches!(guide.node(target).kind, NodeKind::Branch { .. }) {
        return Err(format!(
            "\"{node_key}\" is a branch node, which is never shown; start at a page or question it leads to"
        ));
    }
    let mut session = Session::new(guide);
    match walk_until(guide, answers, &mut session, Stop::At(target)) {
        Ok(()) => Ok(session),
        Err(e @ WalkError::Loop { .. }) => Err(format!("{e} before reaching \"{node_key}\"")),
        Err(WalkError::Ended { node }) => Err(format!(
            "these answers never reach \"{node_key}\": the walk went {} and ended at \"{node}\"",
            walked(guide, &session)
        )),
        Err(WalkError::Missing { node, var, .. }) => Err(format!(
            "the walk stopped at question \"{node}\" before reaching \"{node_key}\": add `{var} = …` to the answers (it went {})",
            walked(guide, &session)
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn walked(guide: &Guide, session: &Session) -> String {
    session.history().iter().map(|v| guide.node(v.node).key.as_str()).collect::<Vec<_>>().join(" → ")
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
start = "welcome"
disclaimer = "Info only."
reviewed = 2026-11-01
[nodes.welcome]
type = "info"
next = "plan"
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

    fn guide() -> Guide {
        load_str("t.toml", GUIDE, CheckOptions::default()).guide.unwrap()
    }

    fn answers(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect()
    }

    #[test]
    fn stops_on_the_named_node_with_the_answers_before_it() {
        let g = guide();
        let s =
            start_at(&g, &answers(&[("plan", Value::Text("a".into())), ("age", Value::Number(40.0))]), "age").unwrap();
        assert_eq!(g.node(s.current()).key, "age");
        assert_eq!(s.stored("age"), Some(&Value::Number(40.0)), "later answers pre-fill the question");
    }

    #[test]
    fn says_where_the_walk_went_when_the_node_is_not_on_the_path() {
        let g = guide();
        let e = start_at(&g, &answers(&[("plan", Value::Text("b".into()))]), "age").unwrap_err();
        assert_eq!(e, "these answers never reach \"age\": the walk went welcome → plan → done and ended at \"done\"");
    }

    #[test]
    fn says_which_answer_is_missing() {
        let g = guide();
        let e = start_at(&g, &BTreeMap::new(), "age").unwrap_err();
        assert!(e.starts_with("the walk stopped at question \"plan\" before reaching \"age\": add `plan = …`"), "{e}");
    }

    #[test]
    fn suggests_a_close_node_id() {
        let g = guide();
        let e = start_at(&g, &BTreeMap::new(), "welcom").unwrap_err();
        assert_eq!(e, "the guide has no node \"welcom\" (did you mean \"welcome\"?)");
    }
}
