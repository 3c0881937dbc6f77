//! Property tests: whatever bytes a guide file holds, loading never panics and either gives a
//! guide or says why not; whatever answers a person or an answers file gives, a walk ends on an
//! end node with a checklist or stops with a clear error.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use guidepost::engine::Session;
use guidepost::engine::walk::{WalkError, walk};
use guidepost::guide::diagnostic::{Color, render_all};
use guidepost::guide::load::load_bytes;
use guidepost::guide::{Guide, Node, NodeKind, Value, load_str};
use proptest::prelude::*;

use crate::support::opts;

const SMALL: &str = include_str!("../fixtures/session/infusions.toml");

fn default_text() -> &'static str {
    guidepost::builtin::default_guide().text
}

/// The small guide and the default guide, loaded once for all cases.
fn small() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| load_str("infusions.toml", SMALL, opts()).guide.unwrap())
}

fn default_guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(crate::support::default_guide)
}

/// Loads bytes and checks what any load must give: a guide exactly when there are no errors,
/// at least one error otherwise, and messages that render without a raw control character.
fn load_checked(bytes: Vec<u8>) {
    let loaded = load_bytes("mutated.toml", bytes, opts());
    assert_eq!(loaded.guide.is_some(), !loaded.has_errors(), "a guide exists exactly when there are no errors");
    let text = render_all(&loaded.diagnostics, loaded.sources(), Color::Never);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "a raw control character in:\n{text}");
}

/// One edit of the kind a slip of the keyboard, a bad merge or a cut-off download makes.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    Insert(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, bits)| Mutation::FlipByte(at, bits)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            prop_oneof![
                Just(b"[".to_vec()),
                Just(b"]".to_vec()),
                Just(b"\"".to_vec()),
                Just(b"{".to_vec()),
                Just(b"\n[nodes.x]\n".to_vec()),
                Just(b"\x1b".to_vec()),
                Just(b"\xff".to_vec()),
                proptest::collection::vec(any::<u8>(), 1..8),
            ]
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let mut lines: Vec<Vec<u8>> = bytes.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    if bytes.is_empty() || lines.is_empty() {
        return;
    }
    let n = lines.len();
    match m {
        Mutation::FlipByte(at, bits) => {
            let len = bytes.len();
            bytes[at % len] ^= bits;
            return;
        }
        Mutation::Truncate(at) => {
            bytes.truncate(at % bytes.len());
            return;
        }
        Mutation::Insert(at, new) => {
            let at = at % bytes.len();
            bytes.splice(at..at, new.iter().copied());
            return;
        }
        Mutation::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
    }
    *bytes = lines.concat();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_checked(bytes);
    }

    #[test]
    fn random_toml_looking_text_never_panics_the_loader(
        text in "(format = 1\n|\\[guide\\]\n|\\[nodes\\.[a-z]{1,3}\\]\n|type = \"(info|choice|end|branch)\"\n|next = \"[a-z]{1,3}\"\n|when = '[a-z =\"!]{0,12}'\n|text = \"[a-z{}|]{0,12}\"\n|options = \\[\\{ value = \"a\", label = \"A\" \\}\\]\n){0,40}"
    ) {
        load_checked(text.into_bytes());
    }

    #[test]
    fn mutations_of_a_small_valid_guide_load_or_explain(edits in proptest::collection::vec(mutation(), 1..5)) {
        let mut bytes = SMALL.as_bytes().to_vec();
        for m in &edits {
            apply(&mut bytes, m);
        }
        load_checked(bytes);
    }
}

proptest! {
    // The default guide is a hundred times larger; fewer cases keep `cargo test` quick.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutations_of_the_default_guide_load_or_explain(edits in proptest::collection::vec(mutation(), 1..4)) {
        let mut bytes = default_text().as_bytes().to_vec();
        for m in &edits {
            apply(&mut bytes, m);
        }
        load_checked(bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// Walks
// ---------------------------------------------------------------------------------------------

/// An answer for a question, drawn from its options and bounds by `seed`: usually a valid one,
/// sometimes one just outside (an extra tick, a number past the bound, text too long), so both
/// ways a walk can go are exercised.
fn answer_for(node: &Node, seed: u64) -> Option<Value> {
    let pick = |n: usize| usize::try_from(seed % (n.max(1) as u64)).unwrap();
    let wild = seed.is_multiple_of(11);
    match &node.kind {
        NodeKind::Choice { options } => Some(Value::Text(options[pick(options.len())].value.clone())),
        NodeKind::Multi { options, .. } => {
            let ticked = options
                .iter()
                .enumerate()
                .filter(|(i, _)| (seed >> (i % 60)) & 1 == 1 || wild)
                .map(|(_, o)| o.value.clone())
                .collect();
            Some(Value::List(ticked))
        }
        NodeKind::Number { min, max, .. } => {
            let lo = min.unwrap_or(0.0);
            let hi = max.unwrap_or(lo + 1000.0);
            let n = if wild { hi + 1.0 } else { lo + (hi - lo) * ((seed % 1001) as f64 / 1000.0) };
            Some(Value::Number(n.round()))
        }
        NodeKind::Text { max_len, .. } => {
            let len = if wild { max_len + 1 } else { 1 + pick(*max_len) };
            Some(Value::Text("x".repeat(len)))
        }
        _ => None,
    }
}

/// Answers for every question (a few left out), from one seed per node.
fn random_answers(guide: &Guide, seeds: &[u64]) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (node, seed) in guide.nodes.iter().zip(seeds.iter().cycle()) {
        let Some(q) = &node.question else { continue };
        if seed % 17 == 1 {
            continue;
        }
        if let Some(v) = answer_for(node, *seed) {
            out.insert(q.var.clone(), v);
        }
    }
    out
}

fn check_walk(guide: &Guide, answers: &BTreeMap<String, Value>) {
    match walk(guide, answers) {
        Ok(session) => {
            assert!(session.is_finished(guide), "a successful walk ends on an end node");
            let list = session.checklist(guide);
            for item in list.items() {
                assert!(!item.text.is_empty());
            }
        }
        Err(e) => {
            assert!(!matches!(e, WalkError::Stuck(_)), "a checked guide never gets stuck: {e}");
            let message = e.to_string();
            assert!(message.len() > 20, "a clear message: {message}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_headless_walk_of_the_small_guide_ends_or_explains(seeds in proptest::collection::vec(any::<u64>(), 1..20)) {
        let guide = small();
        check_walk(guide, &random_answers(guide, &seeds));
    }

    #[test]
    fn any_headless_walk_of_the_default_guide_ends_or_explains(seeds in proptest::collection::vec(any::<u64>(), 1..60)) {
        let guide = default_guide();
        check_walk(guide, &random_answers(guide, &seeds));
    }

    /// A person pressing keys at random: answers (good or bad), skips, backs, jumps and
    /// fast-forwards. The walk never breaks: it stays on a real node, and any end it reaches
    /// has a checklist.
    #[test]
    fn any_interactive_walk_keeps_the_session_sound(actions in proptest::collection::vec((0..6u8, any::<u64>()), 1..80)) {
        let guide = default_guide();
        let mut s = Session::new(guide);
        for (action, seed) in actions {
            let node = guide.node(s.current());
            let before = s.progress(guide);
            match action {
                0 | 1 => match answer_for(node, seed) {
                    Some(v) => { let _ = s.answer(guide, &v); }
                    None => { let _ = s.advance(guide); }
                },
                2 => { let _ = s.skip(guide); }
                3 => { s.back(); }
                4 => { s.jump_to(usize::try_from(seed).unwrap_or(0) % (s.history().len() + 1)); }
                _ => s.fast_forward(guide),
            }
            assert!((s.current().0 as usize) < guide.nodes.len());
            assert!(!s.history().is_empty());
            assert!(!matches!(guide.node(s.current()).kind, NodeKind::Branch { .. }), "a branch is never shown");
            let after = s.progress(guide);
            assert!(after.min_left <= after.max_left);
            if (0..2).contains(&action) && s.history().len() > 1 && after.answered > before.answered {
                assert!(after.max_left <= before.max_left, "questions left grew going forward");
            }
            if s.is_finished(guide) {
                let _ = s.checklist(guide);
            }
        }
    }
}
