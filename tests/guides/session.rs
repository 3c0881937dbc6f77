//! The session engine as a person meets it: walking, going back, changing an early answer,
//! progress, "why was I asked this?", validation messages, headless walks and the checklist.
//!
//! Most tests use `tests/fixtures/session/infusions.toml`, a guide built for them: a private
//! insurance branch of six questions, Medicare and no-insurance branches of four, an optional
//! text question, a review question that can loop back, and `[values]` declared before the value
//! they use.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use guidepost::engine::checklist;
use guidepost::engine::session::AnswerError;
use guidepost::engine::walk::{WalkError, walk};
use guidepost::engine::{Env, Progress, Session};
use guidepost::guide::{CheckOptions, Guide, NodeId, Value, load_path, load_str};

use crate::support::{default_guide, opts};

fn guide() -> Guide {
    let loaded = load_path(std::path::Path::new("tests/fixtures/session/infusions.toml"), opts());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.guide.unwrap()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(ToString::to_string).collect())
}

fn num(n: f64) -> Value {
    Value::Number(n)
}

fn at(guide: &Guide, session: &Session) -> String {
    guide.node(session.current()).key.clone()
}

fn id(guide: &Guide, key: &str) -> NodeId {
    guide.node_id(key).unwrap()
}

/// Where the node `key` is in the session's history.
fn index_of(guide: &Guide, session: &Session, key: &str) -> usize {
    session.history().iter().position(|v| v.node == id(guide, key)).unwrap()
}

/// The keys of the checklist items, in the order shown.
fn items(guide: &Guide, session: &Session) -> Vec<String> {
    session.checklist(guide).items().map(|i| i.key.clone()).collect()
}

/// Walks the private branch to the end: Aetna, in network, an SSRI, the default six sessions.
fn private_walk(g: &Guide) -> Session {
    let mut s = Session::new(g);
    s.advance(g).unwrap();
    s.answer(g, &text("private")).unwrap();
    s.answer(g, &text("Aetna")).unwrap();
    s.answer(g, &text("in")).unwrap();
    s.answer(g, &list(&["ssri"])).unwrap();
    s.answer(g, &num(6.0)).unwrap();
    s.answer(g, &text("done")).unwrap();
    s
}

// ---------------------------------------------------------------------------------------------
// Walking
// ---------------------------------------------------------------------------------------------

#[test]
fn a_walk_follows_the_chosen_options_to_the_end() {
    let g = guide();
    let s = private_walk(&g);
    let path: Vec<&str> = s.history().iter().map(|v| g.node(v.node).key.as_str()).collect();
    assert_eq!(path, ["welcome", "coverage", "insurer", "network", "tried", "sessions", "review", "done"]);
    assert!(s.is_finished(&g));
}

#[test]
fn a_branch_is_invisible_and_routes_on_earlier_answers() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("none")).unwrap();
    assert_eq!(at(&g, &s), "price", "the branch node itself is never shown");
    assert!(s.history().iter().all(|v| g.node(v.node).key != "route"));
}

#[test]
fn back_restores_the_previous_question_with_its_answer() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("private")).unwrap();
    s.answer(&g, &text("Aetna")).unwrap();
    assert_eq!(at(&g, &s), "network");
    assert!(s.back());
    assert_eq!(at(&g, &s), "insurer");
    assert_eq!(s.stored("insurer"), Some(&text("Aetna")), "going back forgets nothing");
    assert!(s.back());
    assert!(s.back());
    assert_eq!(at(&g, &s), "welcome");
    assert!(!s.back(), "there is nothing before the start");
    assert!(!s.can_go_back());
}

#[test]
fn an_answer_given_on_a_question_does_not_count_until_the_walk_moves_past_it() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("private")).unwrap();
    s.back();
    // Standing on "coverage" again: its answer is stored, but not on the path yet.
    assert_eq!(s.stored("insurance"), Some(&text("private")));
    assert_eq!(s.path_answers(&g).count(), 0);
}

#[test]
fn changing_an_early_answer_keeps_later_answers_that_still_apply() {
    let g = guide();
    let mut s = private_walk(&g);
    assert!(s.jump_to(index_of(&g, &s, "coverage")));
    s.answer(&g, &text("medicare")).unwrap();
    assert_eq!(at(&g, &s), "tried");
    s.fast_forward(&g);
    // Treatments, sessions and the review still apply, so the walk goes straight to the end.
    assert_eq!(at(&g, &s), "done");
    let on_path: Vec<&str> = s.path_answers(&g).map(|(var, _)| var).collect();
    assert_eq!(on_path, ["insurance", "tried", "sessions", "review"]);
    // The insurer and network answers are off the path: they no longer shape the checklist …
    assert_eq!(items(&g, &s), ["notes"]);
    // … but they are not lost.
    assert_eq!(s.stored("insurer"), Some(&text("Aetna")));
    assert_eq!(s.stored("network"), Some(&text("in")));
}

#[test]
fn dormant_answers_return_when_the_path_comes_back_to_them() {
    let g = guide();
    let mut s = private_walk(&g);
    s.jump_to(index_of(&g, &s, "coverage"));
    s.answer(&g, &text("medicare")).unwrap();
    s.fast_forward(&g);
    s.jump_to(index_of(&g, &s, "coverage"));
    s.answer(&g, &text("private")).unwrap();
    assert_eq!(at(&g, &s), "insurer");
    assert_eq!(s.stored("insurer"), Some(&text("Aetna")), "offered again, ready to confirm");
    s.fast_forward(&g);
    assert_eq!(at(&g, &s), "done");
    assert_eq!(items(&g, &s), ["call_insurer", "in_network", "notes", "superbill"]);
    let call = s.checklist(&g).items().next().unwrap().text.clone();
    assert_eq!(call, "Call Aetna and ask whether IV ketamine is covered.");
}

#[test]
fn fast_forward_stops_at_the_first_question_without_an_answer() {
    let g = guide();
    let mut s = private_walk(&g);
    s.jump_to(index_of(&g, &s, "coverage"));
    s.answer(&g, &text("none")).unwrap();
    s.fast_forward(&g);
    assert_eq!(at(&g, &s), "price", "no price was ever given");
    s.answer(&g, &num(400.0)).unwrap();
    s.fast_forward(&g);
    assert_eq!(at(&g, &s), "done");
}

/// A session resumed with saved answers up to the review question (which loops back to the
/// summary).
fn resumed_with_every_answer() -> (Guide, Session) {
    let g = guide();
    let saved = answers(&[
        ("insurance", text("medicare")),
        ("tried", list(&["ssri"])),
        ("sessions", num(6.0)),
        ("review", text("again")),
    ]);
    let s = Session::with_saved(&g, saved, std::collections::BTreeSet::new());
    (g, s)
}

#[test]
fn fast_forward_stops_at_a_page_not_seen_before() {
    let (g, mut s) = resumed_with_every_answer();
    s.advance(&g).unwrap();
    s.fast_forward(&g);
    assert_eq!(at(&g, &s), "summary", "the summary was never shown, so it is not skipped");
}

#[test]
fn fast_forward_does_not_go_round_a_loop() {
    let (g, mut s) = resumed_with_every_answer();
    s.advance(&g).unwrap();
    s.fast_forward(&g);
    s.advance(&g).unwrap();
    assert_eq!(at(&g, &s), "review");
    let before = s.history().len();
    s.fast_forward(&g);
    // "Read the summary again" leads back here: once round, then it stops for the person.
    assert_eq!(at(&g, &s), "review");
    assert_eq!(s.history().len(), before + 2);
}

#[test]
fn fast_forward_does_nothing_on_an_unanswered_question() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.fast_forward(&g);
    assert_eq!(at(&g, &s), "coverage");
}

#[test]
fn jump_to_an_index_past_the_end_is_refused() {
    let g = guide();
    let mut s = Session::new(&g);
    assert!(!s.jump_to(5));
    assert!(s.jump_to(0));
}

#[test]
fn answering_a_page_or_advancing_past_a_question_is_refused() {
    let g = guide();
    let mut s = Session::new(&g);
    assert_eq!(s.answer(&g, &text("x")), Err(AnswerError::NotAQuestion));
    s.advance(&g).unwrap();
    assert_eq!(s.advance(&g), Err(AnswerError::NotAQuestion));
    assert_eq!(at(&g, &s), "coverage");
}

// ---------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------

#[test]
fn progress_counts_the_shortest_and_longest_branch_ahead() {
    let g = guide();
    let mut s = Session::new(&g);
    // Medicare or no insurance: 4 questions; private insurance: 6.
    assert_eq!(s.progress(&g), Progress { answered: 0, min_left: 4, max_left: 6 });
    assert_eq!(s.progress(&g).describe(), "4–6 questions left");
    s.advance(&g).unwrap();
    assert_eq!(s.progress(&g), Progress { answered: 0, min_left: 4, max_left: 6 });
    s.answer(&g, &text("private")).unwrap();
    assert_eq!(s.progress(&g), Progress { answered: 1, min_left: 5, max_left: 5 });
    assert_eq!(s.progress(&g).describe(), "5 questions left");
    s.back();
    s.answer(&g, &text("medicare")).unwrap();
    assert_eq!(s.progress(&g), Progress { answered: 1, min_left: 3, max_left: 3 });
}

#[test]
fn progress_reaches_zero_at_the_end() {
    let g = guide();
    let s = private_walk(&g);
    let p = s.progress(&g);
    assert_eq!((p.answered, p.min_left, p.max_left), (6, 0, 0));
    assert_eq!(p.describe(), "no questions left");
}

#[test]
fn progress_describes_ranges_and_single_questions() {
    assert_eq!(Progress { answered: 2, min_left: 3, max_left: 5 }.describe(), "3–5 questions left");
    assert_eq!(Progress { answered: 2, min_left: 1, max_left: 1 }.describe(), "1 question left");
}

/// Every walk of `g` that follows each option of each question (numbers at their bounds, texts
/// once), up to `limit` steps, checking progress at every step.
fn check_progress_on_every_walk(g: &Guide, limit: usize) -> usize {
    let mut walks = 0;
    let mut stack = vec![Session::new(g)];
    while let Some(s) = stack.pop() {
        let p = s.progress(g);
        assert!(p.min_left <= p.max_left, "min above max at {}", at(g, &s));
        if s.is_finished(g) || s.history().len() > limit {
            walks += 1;
            continue;
        }
        let node = g.node(s.current());
        let answers: Vec<Option<Value>> = match &node.kind {
            guidepost::guide::NodeKind::Choice { options } => options.iter().map(|o| Some(text(&o.value))).collect(),
            guidepost::guide::NodeKind::Multi { options, min, .. } => {
                vec![Some(Value::List(options.iter().take((*min).max(1)).map(|o| o.value.clone()).collect()))]
            }
            guidepost::guide::NodeKind::Number { min, max, .. } => {
                vec![Some(num(min.unwrap_or(0.0))), Some(num(max.unwrap_or(100.0)))]
            }
            guidepost::guide::NodeKind::Text { .. } => vec![Some(text("Acme"))],
            _ => vec![None],
        };
        for a in answers {
            let mut next = s.clone();
            match &a {
                Some(v) => next.answer(g, v).unwrap(),
                None => next.advance(g).unwrap(),
            }
            let q = next.progress(g);
            assert!(
                q.max_left <= p.max_left,
                "max left grew from {} to {} going from {} to {}",
                p.max_left,
                q.max_left,
                node.key,
                at(g, &next)
            );
            stack.push(next);
        }
    }
    walks
}

#[test]
fn questions_left_never_grow_as_the_walk_goes_forward() {
    let g = guide();
    assert!(check_progress_on_every_walk(&g, 12) > 5);
}

// ---------------------------------------------------------------------------------------------
// Why was I asked this?
// ---------------------------------------------------------------------------------------------

#[test]
fn why_names_the_option_chosen_and_the_rule_that_decided() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("none")).unwrap();
    let why = s.explain(&g, s.history().len() - 1);
    assert_eq!(
        why,
        "You answered “No insurance” to “Coverage”. Without insurance you pay the clinic yourself, so the price comes first."
    );
}

#[test]
fn why_for_the_usual_path_says_no_special_case_applied() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("medicare")).unwrap();
    let why = s.explain(&g, s.history().len() - 1);
    assert!(why.starts_with("You answered “Medicare” to “Coverage”."), "{why}");
    assert!(why.contains("usual next step"), "{why}");
}

#[test]
fn why_for_the_start_and_for_a_page_after_a_question() {
    let g = guide();
    let mut s = Session::new(&g);
    assert_eq!(s.explain(&g, 0), "This is where the guide starts.");
    s.advance(&g).unwrap();
    assert_eq!(s.explain(&g, 1), "It comes after “Welcome”.");
}

fn every_kind() -> Guide {
    let loaded = load_path(std::path::Path::new("tests/fixtures/tui/every-kind.toml"), opts());
    loaded.guide.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
}

fn why_last(g: &Guide, s: &Session) -> String {
    guidepost::engine::why::why_asked(g, s, s.history().len() - 1).describe(g)
}

#[test]
fn why_asked_says_everyone_for_a_question_no_answer_can_avoid() {
    let g = every_kind();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    assert_eq!(why_last(&g, &s), "Everyone is asked this, whatever their answers.");
    // The budget comes after the trails question too, and after every other option.
    s.answer(&g, &text("commute")).unwrap();
    assert_eq!(g.node(s.current()).key, "budget");
    assert_eq!(why_last(&g, &s), "Everyone is asked this, whatever their answers.");
}

#[test]
fn why_asked_names_the_option_that_led_here_and_only_that() {
    let g = every_kind();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("trails")).unwrap();
    assert_eq!(g.node(s.current()).key, "terrain");
    assert_eq!(why_last(&g, &s), "Because you answered “Trails and dirt roads” to “Main use”.");
}

#[test]
fn why_asked_names_the_answers_a_branch_rule_read_with_the_authors_reason() {
    let g = every_kind();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("commute")).unwrap();
    s.answer(&g, &Value::Number(250.0)).unwrap();
    s.skip(&g).unwrap();
    assert_eq!(g.node(s.current()).key, "secondhand");
    let why = why_last(&g, &s);
    assert!(why.starts_with("Because you answered “250"), "{why}");
    assert!(why.contains("to “Budget”."), "{why}");
    assert!(why.ends_with("Your budget is under $300."), "{why}");
    assert!(!why.contains("Main use"), "the main use decided nothing here: {why}");
}

// ---------------------------------------------------------------------------------------------
// Answers that do not fit
// ---------------------------------------------------------------------------------------------

fn invalid(g: &Guide, s: &mut Session, v: &Value) -> String {
    match s.answer(g, v) {
        Err(AnswerError::Invalid(m)) => m,
        other => panic!("expected an invalid answer, got {other:?}"),
    }
}

/// A session standing on `key`, reached by the private or the uninsured path.
fn standing_on(g: &Guide, key: &str) -> Session {
    let mut s = Session::new(g);
    s.advance(g).unwrap();
    if key == "price" {
        s.answer(g, &text("none")).unwrap();
    } else {
        s.answer(g, &text("private")).unwrap();
        if key != "insurer" {
            s.answer(g, &text("Aetna")).unwrap();
            s.answer(g, &text("in")).unwrap();
        }
    }
    assert_eq!(at(g, &s), key);
    s
}

#[test]
fn an_optional_question_can_be_skipped_and_counts_as_unanswered() {
    let g = guide();
    let mut s = standing_on(&g, "insurer");
    s.skip(&g).unwrap();
    assert_eq!(at(&g, &s), "network");
    assert_eq!(s.stored("insurer"), None);
    s.answer(&g, &text("in")).unwrap();
    s.answer(&g, &list(&["ssri"])).unwrap();
    s.answer(&g, &num(6.0)).unwrap();
    s.answer(&g, &text("done")).unwrap();
    let call = s.checklist(&g).items().next().unwrap().text.clone();
    assert_eq!(call, "Call your insurer and ask whether IV ketamine is covered.");
}

#[test]
fn a_required_question_cannot_be_skipped() {
    let g = guide();
    let mut s = standing_on(&g, "tried");
    assert_eq!(s.skip(&g), Err(AnswerError::Invalid("this question needs an answer".to_string())));
    assert_eq!(at(&g, &s), "tried");
}

#[test]
fn a_multi_answer_must_tick_between_min_and_max() {
    let g = guide();
    let mut s = standing_on(&g, "tried");
    assert_eq!(invalid(&g, &mut s, &list(&[])), "pick at least one");
    assert_eq!(invalid(&g, &mut s, &list(&["ssri", "snri", "therapy"])), "pick at most 2");
    assert_eq!(
        invalid(&g, &mut s, &list(&["ssri", "prozac"])),
        "\"prozac\" is not one of the choices: \"ssri\", \"snri\", \"therapy\""
    );
    assert_eq!(at(&g, &s), "tried", "a refused answer does not move the walk");
    s.answer(&g, &list(&["therapy", "ssri"])).unwrap();
    assert_eq!(s.stored("tried"), Some(&list(&["ssri", "therapy"])), "kept in option order");
}

#[test]
fn a_number_must_lie_within_its_bounds() {
    let g = guide();
    let mut s = standing_on(&g, "price");
    assert_eq!(invalid(&g, &mut s, &num(50.0)), "enter a number of at least 100");
    assert_eq!(invalid(&g, &mut s, &num(2500.0)), "enter a number of at most 2,000");
    assert_eq!(invalid(&g, &mut s, &num(f64::NAN)), "enter a number");
    assert_eq!(invalid(&g, &mut s, &text("400")), "the answer must be a number");
    s.answer(&g, &num(2000.0)).unwrap();
}

#[test]
fn a_text_answer_must_fit_its_max_len_and_is_trimmed() {
    let g = guide();
    let mut s = standing_on(&g, "insurer");
    assert_eq!(invalid(&g, &mut s, &text("Blue Cross Blue Shield")), "keep it to 20 characters (this is 22)");
    assert_eq!(invalid(&g, &mut s, &text("   ")), "type an answer");
    s.answer(&g, &text("  Aetna ")).unwrap();
    assert_eq!(s.stored("insurer"), Some(&text("Aetna")));
}

#[test]
fn a_choice_must_be_one_of_its_options() {
    let g = guide();
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    assert_eq!(
        invalid(&g, &mut s, &text("medicaire")),
        "\"medicaire\" is not one of the choices: \"private\", \"medicare\", \"none\""
    );
}

// ---------------------------------------------------------------------------------------------
// Headless walks
// ---------------------------------------------------------------------------------------------

fn answers(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect()
}

#[test]
fn a_headless_walk_uses_defaults_and_skips_unanswered_optional_questions() {
    let g = guide();
    let s = walk(
        &g,
        &answers(&[
            ("insurance", text("private")),
            ("network", text("out")),
            ("tried", list(&["snri"])),
            ("review", text("done")),
        ]),
    )
    .unwrap();
    assert!(s.is_finished(&g));
    assert_eq!(s.stored("insurer"), None, "optional, so left empty");
    assert_eq!(s.stored("sessions"), Some(&num(6.0)), "the default stands in");
}

#[test]
fn a_headless_walk_names_the_question_and_var_that_need_an_answer() {
    let g = guide();
    let err = walk(&g, &answers(&[("insurance", text("medicare"))])).unwrap_err();
    assert_eq!(err, WalkError::Missing { node: "tried".into(), var: "tried".into(), title: "Treatments tried".into() });
    assert_eq!(
        err.to_string(),
        "question \"tried\" (“Treatments tried”) needs an answer: add `tried = …` to the answers"
    );
}

#[test]
fn a_headless_walk_explains_an_answer_that_does_not_fit() {
    let g = guide();
    let err = walk(&g, &answers(&[("insurance", text("none")), ("price", num(20.0))])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the answer for `price` (question \"price\") is not valid: enter a number of at least 100"
    );
}

#[test]
fn a_headless_walk_suggests_the_var_meant() {
    let g = guide();
    let err = walk(&g, &answers(&[("insurence", text("none"))])).unwrap_err();
    assert_eq!(err, WalkError::UnknownVar { var: "insurence".into(), suggestion: Some("insurance".into()) });
    assert_eq!(
        err.to_string(),
        "the answers name `insurence`, but no question stores its answer under that name (did you mean `insurance`?)"
    );
    let err = walk(&g, &answers(&[("zzz", text("none"))])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the answers name `zzz`, but no question stores its answer under that name (its `var`)"
    );
}

#[test]
fn a_headless_walk_stops_when_the_answers_go_round_a_loop() {
    let g = guide();
    let err =
        walk(&g, &answers(&[("insurance", text("medicare")), ("tried", list(&["ssri"])), ("review", text("again"))]))
            .unwrap_err();
    assert_eq!(err, WalkError::Loop { node: "review".into() });
    assert_eq!(err.to_string(), "these answers lead round a loop at \"review\" and never reach an end");
}

#[test]
fn a_headless_walk_keeps_answers_off_the_path_without_using_them() {
    let g = guide();
    let s = walk(
        &g,
        &answers(&[
            ("insurance", text("medicare")),
            ("insurer", text("Aetna")),
            ("network", text("in")),
            ("tried", list(&["ssri"])),
            ("review", text("done")),
        ]),
    )
    .unwrap();
    assert_eq!(s.stored("insurer"), Some(&text("Aetna")));
    assert!(!items(&g, &s).contains(&"in_network".to_string()));
}

#[test]
fn the_default_guide_walks_to_an_end_with_a_checklist() {
    let g = default_guide();
    for scenario in &g.tests {
        let answers: BTreeMap<String, Value> = scenario.answers.iter().cloned().collect();
        let s = walk(&g, &answers).unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
        assert!(s.is_finished(&g), "{}", scenario.name);
        assert!(s.checklist(&g).items().count() > 0, "{}: empty checklist", scenario.name);
    }
}

#[test]
fn the_default_guide_can_be_walked_back_and_changed() {
    let g = default_guide();
    let scenario = &g.tests[0];
    let answers: BTreeMap<String, Value> = scenario.answers.iter().cloned().collect();
    let finished = walk(&g, &answers).unwrap();
    let before = items(&g, &finished);
    // Go back to the very first question and confirm every answer again: same end, same list.
    let mut s = finished.clone();
    let first_question = s.history().iter().position(|v| g.node(v.node).is_question()).unwrap();
    s.jump_to(first_question);
    let node = g.node(s.current());
    let value = s.stored(&node.question.as_ref().unwrap().var).cloned().unwrap();
    s.answer(&g, &value).unwrap();
    // Pages already seen and answered questions are passed over until the end.
    for _ in 0..g.nodes.len() {
        s.fast_forward(&g);
        if s.is_finished(&g) {
            break;
        }
        s.advance(&g).unwrap();
    }
    assert!(s.is_finished(&g));
    assert_eq!(items(&g, &s), before);
}

#[test]
fn the_default_guide_progress_never_grows_going_forward() {
    let g = default_guide();
    let s = Session::new(&g);
    let p = s.progress(&g);
    assert!(p.min_left >= 1 && p.min_left <= p.max_left, "{p:?}");
    for scenario in &g.tests {
        let answers: BTreeMap<String, Value> = scenario.answers.iter().cloned().collect();
        let done = walk(&g, &answers).unwrap();
        // Replay the walk step by step, watching the most questions left.
        let maxes: Vec<u32> = (0..done.history().len())
            .map(|i| {
                let mut s = done.clone();
                s.jump_to(i);
                s.progress(&g).max_left
            })
            .collect();
        assert!(maxes.windows(2).all(|w| w[1] <= w[0]), "{}: {maxes:?}", scenario.name);
    }
}

// ---------------------------------------------------------------------------------------------
// The checklist and [values]
// ---------------------------------------------------------------------------------------------

fn env<'a>(g: &Guide, pairs: &'a [(&'a str, Value)]) -> Env {
    Env::new(g, pairs.iter().map(|(k, v)| (*k, v)))
}

#[test]
fn the_checklist_holds_items_whose_when_holds_grouped_by_section_in_file_order() {
    let g = guide();
    let answers = [("insurance", text("private")), ("insurer", text("Aetna")), ("network", text("in"))];
    let list = checklist::build(&g, &env(&g, &answers));
    let sections: Vec<(&str, Vec<&str>)> =
        list.sections.iter().map(|s| (s.title.as_str(), s.items.iter().map(|i| i.key.as_str()).collect())).collect();
    assert_eq!(
        sections,
        [("Before you call", vec!["call_insurer", "in_network", "notes"]), ("Paying", vec!["superbill"])]
    );
}

#[test]
fn the_checklist_is_a_pure_function_of_the_answers() {
    let g = guide();
    let answers = [("insurance", text("none")), ("price", num(400.0)), ("sessions", num(6.0))];
    let a = checklist::build(&g, &env(&g, &answers));
    let b = checklist::build(&g, &env(&g, &answers));
    assert_eq!(a, b);
    // No answers at all: only what always applies. (`insurance != "medicare"` is false while
    // insurance is unanswered, as every comparison with an unanswered var is.)
    let none = checklist::build(&g, &env(&g, &[]));
    assert_eq!(none.items().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["notes"]);
}

#[test]
fn checklist_text_is_filled_in_with_money_and_placeholders() {
    let g = guide();
    let answers = [("insurance", text("none")), ("price", num(400.0)), ("sessions", num(6.0))];
    let list = checklist::build(&g, &env(&g, &answers));
    let budget = list.items().find(|i| i.key == "budget").unwrap();
    assert_eq!(budget.text, "Set aside $2,400 to $2,900 for 6 infusions.");
    let private = [("insurance", text("private"))];
    let list = checklist::build(&g, &env(&g, &private));
    assert_eq!(list.items().next().unwrap().text, "Call your insurer and ask whether IV ketamine is covered.");
}

#[test]
fn checklist_items_carry_their_resources() {
    let g = guide();
    let private = [("insurance", text("private"))];
    let list = checklist::build(&g, &env(&g, &private));
    let call = list.items().find(|i| i.key == "call_insurer").unwrap();
    let resources: Vec<&str> = call.resources.iter().map(|r| g.resource(*r).title.as_str()).collect();
    assert_eq!(resources, ["NAMI HelpLine"]);
    assert_eq!(list.resources().len(), 1);
}

#[test]
fn values_are_computed_in_dependency_order() {
    let g = guide();
    let order: Vec<&str> = g.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(order, ["series", "series_high"], "series_high uses series, so series comes first");
    let e = env(&g, &[("price", num(400.0)), ("sessions", num(6.0))]);
    assert_eq!(e.get("series"), Some(num(2400.0)));
    assert_eq!(e.get("series_high"), Some(num(2900.0)));
}

#[test]
fn values_are_unanswered_while_an_input_is_unanswered() {
    let g = guide();
    let e = env(&g, &[("sessions", num(6.0))]);
    assert_eq!(e.get("series"), None);
    assert_eq!(e.get("series_high"), None);
    let list = checklist::build(&g, &e);
    assert!(list.items().all(|i| i.key != "budget"), "`answered(series)` is false");
}

#[test]
fn only_answers_on_the_path_feed_values_and_the_checklist() {
    let g = guide();
    // A price given, then the person switched to Medicare: the price question is off the path.
    let mut s = Session::new(&g);
    s.advance(&g).unwrap();
    s.answer(&g, &text("none")).unwrap();
    s.answer(&g, &num(400.0)).unwrap();
    s.jump_to(1);
    s.answer(&g, &text("medicare")).unwrap();
    s.answer(&g, &list(&["ssri"])).unwrap();
    s.answer(&g, &num(6.0)).unwrap();
    s.answer(&g, &text("done")).unwrap();
    assert_eq!(s.env(&g).get("series"), None);
    assert_eq!(items(&g, &s), ["notes"]);
    assert_eq!(s.stored("price"), Some(&num(400.0)));
}

#[test]
fn ticks_toggle_and_survive_going_back() {
    let g = guide();
    let mut s = private_walk(&g);
    assert!(s.toggle("notes"));
    s.back();
    assert!(s.ticked().contains("notes"));
    assert!(!s.toggle("notes"));
    assert!(s.ticked().is_empty());
}

/// A session saved by the November 2026 guide (a job plan, IV ketamine, stopped on the travel
/// page) resumes over today's guide: answers that still fit are kept, the renamed question's
/// answer is carried over by the guide's `was`, and the person is told about both.
#[test]
fn a_session_saved_by_the_previous_default_guide_resumes_with_notes() {
    let guide = default_guide();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saved-session-2026-11.json");
    let record = guidepost::store::record::parse(&std::fs::read(path).unwrap(), "ketamine-coverage").unwrap();
    let replayed = guidepost::engine::replay::replay(
        &guide,
        &record.answers,
        &record.fingerprints,
        &record.path,
        record.ticked.clone(),
    );
    let notes: Vec<String> = replayed.flags.iter().map(guidepost::engine::replay::Flag::describe).collect();
    assert!(
        notes.contains(&"Your answer saved as “funding” now answers “Your job-based plan”.".to_string()),
        "the renamed question is carried over, and the person is told: {notes:?}"
    );
    assert_eq!(replayed.session.stored("job_plan"), Some(&Value::Text("fully_insured".into())));
    assert_eq!(replayed.session.stored("insurance"), Some(&Value::Text("employer".into())));
    assert_eq!(replayed.session.stored("insurer"), Some(&Value::Text("Acme Health".into())));
    // The walk stops at the first question the old session never answered: the new age question.
    assert_eq!(guide.node(replayed.session.current()).key, "age", "{notes:?}");
}

/// `was` on an option reads an earlier value as the option that carries it now, in a saved
/// session and in an answers file alike; an answer under the current name wins.
#[test]
fn earlier_names_and_values_are_carried_over() {
    let guide = load_str(
        "was.toml",
        "format = 1\n[guide]\nid = \"t\"\ntitle = \"T\"\nstart = \"kind\"\ndisclaimer = \"d\"\n\
         [nodes.kind]\ntype = \"choice\"\nvar = \"kind\"\nwas = [\"plan\"]\nnext = \"extras\"\n\
         options = [ { value = \"a\", label = \"A\", was = [\"old_a\"] }, { value = \"b\", label = \"B\" } ]\n\
         [nodes.extras]\ntype = \"multi\"\nvar = \"extras\"\nnext = \"done\"\n\
         options = [ { value = \"x\", label = \"X\", was = [\"y\", \"z\"] }, { value = \"w\", label = \"W\" } ]\n\
         [nodes.done]\ntype = \"end\"\n",
        CheckOptions::default(),
    )
    .guide
    .expect("the guide loads");
    let answers: BTreeMap<String, Value> = [
        ("plan".to_string(), Value::Text("old_a".into())),
        ("extras".to_string(), Value::List(vec!["y".into(), "z".into(), "w".into()])),
    ]
    .into_iter()
    .collect();
    let session = walk(&guide, &answers).unwrap();
    assert_eq!(session.stored("kind"), Some(&Value::Text("a".into())));
    assert_eq!(session.stored("extras"), Some(&Value::List(vec!["x".into(), "w".into()])));
    let (carried, from) = guidepost::engine::replay::carry_over(&guide, &answers);
    assert_eq!(from.get("kind").map(String::as_str), Some("plan"));
    assert_eq!(from.get("extras").map(String::as_str), Some("extras"), "a mapped value is noted under its own var");
    assert!(!carried.contains_key("plan"));
    let both: BTreeMap<String, Value> =
        [("plan".to_string(), Value::Text("old_a".into())), ("kind".to_string(), Value::Text("b".into()))]
            .into_iter()
            .collect();
    assert_eq!(guidepost::engine::replay::carry_over(&guide, &both).0.get("kind"), Some(&Value::Text("b".into())));
}

#[test]
fn a_named_condition_in_values_is_used_by_when_and_rules() {
    let text = r#"
format = 1
[guide]
id = "leave"
title = "Leave"
start = "months"
disclaimer = "Information, not advice."
reviewed = 2026-11-01
[sections.s]
title = "Next"
[values]
eligible = "months >= 12 and hours >= 1250"
[nodes.months]
type = "number"
var = "months"
next = "hours"
[nodes.hours]
type = "number"
var = "hours"
next = "route"
[nodes.route]
type = "branch"
rules = [ { when = "eligible", next = "fmla" }, { next = "done" } ]
[nodes.fmla]
type = "info"
next = "done"
[nodes.done]
type = "end"
[checklist.ask_fmla]
section = "s"
text = "Ask for FMLA leave."
when = "eligible"
[checklist.other]
section = "s"
text = "Ask about other leave."
when = "not eligible"
"#;
    let loaded = load_str("leave.toml", text, opts());
    let guide = loaded.guide.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let walked = |months: f64, hours: f64| {
        let answers: BTreeMap<String, Value> =
            [("months".to_string(), num(months)), ("hours".to_string(), num(hours))].into_iter().collect();
        let s = walk(&guide, &answers).unwrap();
        let keys: Vec<String> = s.checklist(&guide).items().map(|i| i.key.clone()).collect();
        (s.history().iter().any(|v| guide.node(v.node).key == "fmla"), keys)
    };
    assert_eq!(walked(14.0, 1300.0), (true, vec!["ask_fmla".to_string()]));
    assert_eq!(walked(14.0, 900.0), (false, vec!["other".to_string()]));
    // Type-checked like any condition: a named condition is not a number.
    let bad = load_str("bad.toml", &text.replace(r#"when = "not eligible""#, r#"when = "eligible > 3""#), opts());
    assert!(bad.guide.is_none());
    assert!(bad.diagnostics.iter().any(|d| d.code.as_str() == "E0404"), "{:?}", bad.diagnostics);
}

#[test]
fn a_date_answer_is_saved_as_iso_text_and_comes_back_a_date() {
    let guide = load_path(std::path::Path::new("tests/fixtures/tui/date.toml"), opts()).guide.unwrap();
    let mut s = Session::new(&guide);
    let oct1 = Value::Date(guidepost::date::Date::new(2026, 10, 1).unwrap());
    s.answer(&guide, &oct1).unwrap();
    let saved = serde_json::to_string(&s.all_answers()).unwrap();
    assert_eq!(saved, r#"{"letter_date":"2026-10-01"}"#);
    let read: BTreeMap<String, Value> = serde_json::from_str(&saved).unwrap();
    let replayed =
        guidepost::engine::replay::replay(&guide, &read, &BTreeMap::new(), &[], std::collections::BTreeSet::new());
    assert!(replayed.flags.is_empty(), "{:?}", replayed.flags);
    assert_eq!(replayed.session.stored("letter_date"), Some(&oct1));
    let items: Vec<String> = replayed
        .session
        .checklist(&guide)
        .items()
        .map(|i| replayed.session.env(&guide).interpolate(&guide.item(i.id).text))
        .collect();
    assert_eq!(items, ["Appeal by March 30, 2027; the letter is 60 days old."]);
}

#[test]
fn a_scenario_checks_its_dates_against_its_own_today_not_the_clock() {
    // The tests pin today to 2026-11-30; this scenario lives in June 2027, when a letter from
    // May 2027 is not in the future.
    let text = std::fs::read_to_string("tests/fixtures/tui/date.toml").unwrap().replace(
        "[[tests]]\nname = \"recent\"\ntoday = 2026-11-30\nanswers = { letter_date = 2026-10-01 }",
        "[[tests]]\nname = \"recent\"\ntoday = 2027-06-01\nanswers = { letter_date = 2027-05-01 }",
    );
    assert!(text.contains("today = 2027-06-01"));
    let guide = load_str("date.toml", &text, opts()).guide.unwrap();
    let outcomes = guidepost::engine::scenario::run_all(&guide);
    let failures: Vec<_> = outcomes.iter().filter(|o| !o.failures.is_empty()).map(|o| (&o.name, &o.failures)).collect();
    assert!(failures.is_empty(), "{failures:?}");
}
