//! Properties over generated guides: any guide built from the format's rules loads, and any
//! walk through it with valid answers ends on an end node with a checklist that every export
//! can render. Damaged copies of those guides load or give diagnostics, never a panic.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use guidepost::engine::{Session, report, walk};
use guidepost::export::{self, Format};
use guidepost::guide::diagnostic::{Color, render_all};
use guidepost::guide::{Guide, NodeKind, Value, load_str};
use proptest::prelude::*;

use crate::support::opts;

/// The kinds of visible or invisible nodes a generated guide may use before its end nodes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Info,
    Choice,
    Multi,
    Number,
    Text,
    Branch,
    Compare,
}

const KINDS: [Kind; 7] = [Kind::Info, Kind::Choice, Kind::Multi, Kind::Number, Kind::Text, Kind::Branch, Kind::Compare];

/// Random choices for one node; [`build`] turns them into valid TOML.
#[derive(Debug, Clone)]
struct NodeSeed {
    kind: usize,
    /// Picks successors among the later nodes (so the graph is a DAG).
    targets: Vec<u16>,
    /// Options of a choice or multi.
    options: usize,
    /// Picks names and literals for conditions and templates.
    picks: Vec<u16>,
    optional: bool,
}

/// Random choices for one checklist item.
#[derive(Debug, Clone)]
struct ItemSeed {
    picks: Vec<u16>,
    conditional: bool,
}

/// A generated guide and the seeds for answering it.
#[derive(Debug, Clone)]
struct Generated {
    toml: String,
    /// Drives answer choices during walks.
    answer_seeds: Vec<u16>,
}

fn node_seed() -> impl Strategy<Value = NodeSeed> {
    (
        0..KINDS.len(),
        prop::collection::vec(any::<u16>(), 4),
        1..5usize,
        prop::collection::vec(any::<u16>(), 12),
        any::<bool>(),
    )
        .prop_map(|(kind, targets, options, picks, optional)| NodeSeed { kind, targets, options, picks, optional })
}

fn item_seed() -> impl Strategy<Value = ItemSeed> {
    (prop::collection::vec(any::<u16>(), 8), any::<bool>())
        .prop_map(|(picks, conditional)| ItemSeed { picks, conditional })
}

/// What a question's var holds, for building conditions and answers that fit it.
#[derive(Debug, Clone)]
enum VarKind {
    Choice(usize),
    Multi(usize),
    Number,
    Text,
}

/// Cycles through a list of seed numbers.
struct Picker<'a> {
    picks: &'a [u16],
    at: usize,
}

impl Picker<'_> {
    fn next(&mut self, n: usize) -> usize {
        let p = self.picks.get(self.at % self.picks.len().max(1)).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 { 0 } else { usize::from(p) % n }
    }
}

/// A condition built from the guide's vars, always well typed.
fn condition(vars: &[(String, VarKind)], p: &mut Picker<'_>, depth: usize) -> String {
    if vars.is_empty() {
        return "true".to_string();
    }
    if depth < 2 {
        match p.next(5) {
            0 => return format!("{} and {}", condition(vars, p, depth + 1), condition(vars, p, depth + 1)),
            1 => return format!("({} or {})", condition(vars, p, depth + 1), condition(vars, p, depth + 1)),
            2 => return format!("not ({})", condition(vars, p, depth + 1)),
            _ => {}
        }
    }
    let (name, kind) = &vars[p.next(vars.len())];
    match kind {
        VarKind::Choice(n) => match p.next(3) {
            0 => format!("{name} == \"o{}\"", p.next(*n)),
            1 => format!("{name} != \"o{}\"", p.next(*n)),
            _ => format!("{name} in [\"o{}\", \"o{}\"]", p.next(*n), p.next(*n)),
        },
        VarKind::Multi(n) => format!("\"o{}\" in {name}", p.next(*n)),
        VarKind::Number => {
            let ops = ["<", "<=", ">", ">=", "==", "!="];
            format!("{name} * 2 + 1 {} {}", ops[p.next(ops.len())], p.next(40))
        }
        VarKind::Text => format!("answered({name})"),
    }
}

/// Author text with markup and slots naming the guide's vars and values.
fn template(vars: &[(String, VarKind)], p: &mut Picker<'_>) -> String {
    let mut out = String::from("Some **bold** and *emphasis*, a [link](https://example.org/x) ");
    for _ in 0..p.next(3) {
        if vars.is_empty() {
            break;
        }
        let (name, kind) = &vars[p.next(vars.len())];
        let filter = match (kind, p.next(3)) {
            (VarKind::Number, 0) => "|money",
            (_, 1) => "|or:not yet",
            _ => "",
        };
        let _ = write!(out, "{{{name}{filter}}} ");
    }
    if p.next(2) == 0 {
        out.push_str("\\n\\n- a list item\\n- another {{literal}}");
    }
    out
}

/// Turns seeds into a guide that follows every rule of the format: successors always lie
/// later in the file, so every node reaches one of the end nodes at the tail.
fn build(nodes: &[NodeSeed], items: &[ItemSeed], ends: usize) -> String {
    let total = nodes.len() + ends;
    let kinds: Vec<Kind> = nodes.iter().map(|n| KINDS[n.kind]).collect();
    let mut vars: Vec<(String, VarKind)> = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        let name = format!("v{i}");
        match kinds[i] {
            Kind::Choice => vars.push((name, VarKind::Choice(n.options))),
            Kind::Multi => vars.push((name, VarKind::Multi(n.options))),
            Kind::Number => vars.push((name, VarKind::Number)),
            Kind::Text => vars.push((name, VarKind::Text)),
            _ => {}
        }
    }
    let number_var = vars.iter().find(|(_, k)| matches!(k, VarKind::Number)).map(|(n, _)| n.clone());
    let mut names = vars.clone();
    if number_var.is_some() {
        names.push(("total".to_string(), VarKind::Number));
    }

    let mut t = String::from(
        "format = 1\n[guide]\nid = \"generated\"\ntitle = \"Generated\"\nstart = \"n0\"\n\
         disclaimer = \"Not advice.\"\nreviewed = 2026-11-01\n\n[sections.main]\ntitle = \"To do\"\n\n",
    );
    let next = |i: usize, seed: u16| -> String { format!("n{}", i + 1 + usize::from(seed) % (total - i - 1)) };
    for (i, n) in nodes.iter().enumerate() {
        let mut p = Picker { picks: &n.picks, at: 0 };
        let _ = writeln!(t, "[nodes.n{i}]");
        let text = template(&names, &mut p);
        match kinds[i] {
            Kind::Info => {
                let _ = writeln!(t, "type = \"info\"\ntext = \"{text}\"\nnext = \"{}\"", next(i, n.targets[0]));
            }
            Kind::Choice => {
                let _ = writeln!(
                    t,
                    "type = \"choice\"\nvar = \"v{i}\"\ntext = \"{text}\"\nnext = \"{}\"",
                    next(i, n.targets[0])
                );
                for k in 0..n.options {
                    let _ = write!(t, "[[nodes.n{i}.options]]\nvalue = \"o{k}\"\nlabel = \"Option {k}\"\n");
                    if k > 0 && n.targets[k % n.targets.len()] % 2 == 0 {
                        let _ = writeln!(t, "next = \"{}\"", next(i, n.targets[k % n.targets.len()] / 2));
                    }
                }
            }
            Kind::Multi => {
                let options: Vec<String> =
                    (0..n.options).map(|k| format!("{{ value = \"o{k}\", label = \"Option {k}\" }}")).collect();
                let _ = writeln!(
                    t,
                    "type = \"multi\"\nvar = \"v{i}\"\nmin = 0\nmax = {}\noptions = [{}]\nnext = \"{}\"",
                    n.options,
                    options.join(", "),
                    next(i, n.targets[0])
                );
            }
            Kind::Number => {
                let _ = writeln!(
                    t,
                    "type = \"number\"\nvar = \"v{i}\"\nmin = 0\nmax = 20\ndefault = 3\nunit = \"visits\"\nnext = \"{}\"",
                    next(i, n.targets[0])
                );
            }
            Kind::Text => {
                let _ = writeln!(
                    t,
                    "type = \"text\"\nvar = \"v{i}\"\noptional = {}\nmax_len = 40\nnext = \"{}\"",
                    n.optional,
                    next(i, n.targets[0])
                );
            }
            Kind::Branch => {
                let rules = 1 + p.next(3);
                let mut written = Vec::new();
                for r in 0..rules {
                    written.push(format!(
                        "{{ when = '{}', next = \"{}\" }}",
                        condition(&names, &mut p, 0),
                        next(i, n.targets[r % n.targets.len()])
                    ));
                }
                written.push(format!("{{ next = \"{}\" }}", next(i, n.targets[3])));
                let _ = writeln!(t, "type = \"branch\"\nrules = [{}]", written.join(", "));
            }
            Kind::Compare => {
                let _ = writeln!(
                    t,
                    "type = \"compare\"\ncolumns = [\"A\", \"B\"]\nrows = [{{ label = \"Covered?\", cells = [\"yes\", \"no\"] }}]\nnext = \"{}\"",
                    next(i, n.targets[0])
                );
            }
        }
        t.push('\n');
    }
    for e in nodes.len()..total {
        let _ = writeln!(t, "[nodes.n{e}]\ntype = \"end\"\n");
    }
    if let Some(v) = &number_var {
        let _ = writeln!(t, "[values]\ntotal = \"{v} * 400 + 25\"\n");
    }
    for (k, item) in items.iter().enumerate() {
        let mut p = Picker { picks: &item.picks, at: 0 };
        let _ = writeln!(t, "[checklist.item{k}]\nsection = \"main\"\ntext = \"{}\"", template(&names, &mut p));
        if item.conditional {
            let _ = writeln!(t, "when = '{}'", condition(&names, &mut p, 0));
        }
        t.push('\n');
    }
    t
}

fn generated() -> impl Strategy<Value = Generated> {
    (
        prop::collection::vec(node_seed(), 1..12),
        prop::collection::vec(item_seed(), 1..6),
        1..3usize,
        prop::collection::vec(any::<u16>(), 64),
    )
        .prop_map(|(nodes, items, ends, answer_seeds)| Generated { toml: build(&nodes, &items, ends), answer_seeds })
}

/// A valid answer for every question, drawn from the seeds.
fn answers_for(guide: &Guide, seeds: &[u16]) -> BTreeMap<String, Value> {
    let mut p = Picker { picks: seeds, at: 0 };
    let mut out = BTreeMap::new();
    for node in &guide.nodes {
        let Some(q) = &node.question else { continue };
        let value = match &node.kind {
            NodeKind::Choice { options } => Value::Text(options[p.next(options.len())].value.clone()),
            NodeKind::Multi { options, .. } => {
                Value::List(options.iter().filter(|_| p.next(2) == 1).map(|o| o.value.clone()).collect())
            }
            NodeKind::Number { .. } => Value::Number(p.next(21) as f64),
            NodeKind::Text { .. } => {
                Value::Text(["Acme", "a <b> & \"c\"", "**x** [y](https://z.example)"][p.next(3)].into())
            }
            _ => continue,
        };
        if q.optional && p.next(4) == 0 {
            continue;
        }
        out.insert(q.var.clone(), value);
    }
    out
}

fn load_generated(g: &Generated) -> Guide {
    let loaded = load_str("generated.toml", &g.toml, opts());
    match loaded.guide {
        Some(guide) => guide,
        None => panic!(
            "a generated guide did not load:\n{}\n--- guide ---\n{}",
            render_all(&loaded.diagnostics, loaded.sources(), Color::Never),
            g.toml
        ),
    }
}

fn check_exports(guide: &Guide, session: &Session) {
    let report = report::build(guide, session);
    for format in Format::ALL {
        let text = export::render(format, &report);
        assert!(!text.is_empty(), "{} export is empty", format.name());
        assert!(!text.contains('\u{1b}'), "{} export carries an escape", format.name());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_guides_load_without_errors(g in generated()) {
        let guide = load_generated(&g);
        prop_assert!(!guide.nodes.is_empty());
    }

    #[test]
    fn a_headless_walk_with_valid_answers_ends_on_an_end_node_with_a_checklist(g in generated()) {
        let guide = load_generated(&g);
        let answers = answers_for(&guide, &g.answer_seeds);
        let session = walk::walk(&guide, &answers).map_err(|e| TestCaseError::fail(format!("{e}\n{}", g.toml)))?;
        prop_assert!(session.is_finished(&guide), "the walk stopped before an end");
        let checklist = session.checklist(&guide);
        for item in checklist.items() {
            prop_assert!(guide.item_id(&item.key).is_some());
        }
        check_exports(&guide, &session);
    }

    #[test]
    fn a_person_answering_one_question_at_a_time_reaches_an_end(g in generated()) {
        let guide = load_generated(&g);
        let answers = answers_for(&guide, &g.answer_seeds);
        let mut session = Session::new(&guide);
        let mut p = Picker { picks: &g.answer_seeds, at: 7 };
        for _ in 0..guide.nodes.len() * 4 + 4 {
            if session.is_finished(&guide) {
                break;
            }
            let node = guide.node(session.current());
            // Now and then go back and come forward again, as people do.
            if p.next(6) == 0 && session.back() {
                session.fast_forward(&guide);
                continue;
            }
            let moved = match &node.question {
                Some(q) => match answers.get(&q.var) {
                    Some(v) => session.answer(&guide, v),
                    None if q.optional => session.skip(&guide),
                    None => session.answer(&guide, &Value::List(Vec::new())),
                },
                None => session.advance(&guide),
            };
            prop_assert!(moved.is_ok(), "{moved:?} at {}\n{}", node.key, g.toml);
            let progress = session.progress(&guide);
            prop_assert!(progress.min_left <= progress.max_left);
        }
        prop_assert!(session.is_finished(&guide), "no end after {} steps\n{}", guide.nodes.len() * 4 + 4, g.toml);
        let _ = session.checklist(&guide);
        check_exports(&guide, &session);
    }

    #[test]
    fn damaged_guides_load_or_explain_never_panic(
        g in generated(),
        cuts in prop::collection::vec((any::<u16>(), 0..4u8), 1..4),
    ) {
        let mut lines: Vec<String> = g.toml.lines().map(str::to_string).collect();
        for (at, how) in cuts {
            let i = usize::from(at) % lines.len();
            match how {
                0 => { lines.remove(i); }
                1 => { let l = lines[i].clone(); lines.insert(i, l); }
                2 => lines[i] = lines[i].replace("n1", "n1x").replace("o0", "oo"),
                _ => lines[i] = lines[i].chars().rev().collect(),
            }
            if lines.is_empty() {
                lines.push(String::new());
            }
        }
        let text = lines.join("\n");
        let loaded = load_str("damaged.toml", &text, opts());
        let out = render_all(&loaded.diagnostics, loaded.sources(), Color::Never);
        if loaded.guide.is_none() {
            prop_assert!(loaded.has_errors(), "no guide and no error:\n{text}");
            prop_assert!(out.contains("error["));
        }
        if let Some(guide) = &loaded.guide {
            let answers = answers_for(guide, &g.answer_seeds);
            if let Ok(session) = walk::walk(guide, &answers) {
                check_exports(guide, &session);
            }
        }
    }
}
