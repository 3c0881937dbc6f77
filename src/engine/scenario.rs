//! `[[tests]]`: scenarios an author writes to pin what a guide gives for given answers.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::session::Session;
use super::walk::{WalkError, walk_into};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::Scenario;
use crate::guide::source::FileId;
use crate::guide::{Guide, ItemId, NodeId};

/// One way a scenario failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The walk itself failed.
    Walk(WalkError),
    /// An item in `expect` is not in the checklist.
    Missing(String),
    /// An item in `reject` is in the checklist.
    Unwanted(String),
    /// The visible path differs from `path`.
    Path {
        /// What the scenario expected.
        expected: Vec<String>,
        /// What the walk took.
        actual: Vec<String>,
    },
    /// The walk ended at another end node.
    Ends {
        /// What the scenario expected.
        expected: String,
        /// Where it ended.
        actual: String,
    },
}

/// The outcome of one scenario.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario's name.
    pub name: String,
    /// What went wrong; empty when it passed.
    pub failures: Vec<Failure>,
    /// The visible nodes walked.
    pub path: Vec<NodeId>,
    /// The items produced.
    pub items: BTreeSet<ItemId>,
    /// The answers, as written in the scenario.
    pub answers: String,
}

impl Outcome {
    /// True when nothing failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// A message naming the scenario, what failed, and the answers that led there.
    pub fn describe(&self, guide: &Guide) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "scenario \"{}\" failed:", self.name);
        for f in &self.failures {
            let line = match f {
                Failure::Walk(e) => format!("the walk stopped: {e}"),
                Failure::Missing(k) => {
                    format!("expected checklist item \"{k}\" ({}), but it is not in the checklist", item_when(guide, k))
                }
                Failure::Unwanted(k) => {
                    format!("checklist item \"{k}\" should not appear ({}), but it does", item_when(guide, k))
                }
                Failure::Path { expected, actual } => {
                    format!("expected the path [{}], but it went [{}]", expected.join(", "), actual.join(", "))
                }
                Failure::Ends { expected, actual } => {
                    format!("expected to end at \"{expected}\", but it ended at \"{actual}\"")
                }
            };
            let _ = writeln!(out, "  - {line}");
        }
        let _ = writeln!(out, "  answers: {}", self.answers);
        let path: Vec<&str> = self.path.iter().map(|n| guide.node(*n).key.as_str()).collect();
        let _ =
            writeln!(out, "  path walked: {}", if path.is_empty() { "(none)".to_string() } else { path.join(" → ") });
        // Scenario names and answers are the author's, never checked for control characters.
        crate::guide::text::sanitize(&out).into_owned()
    }
}

fn item_when(guide: &Guide, key: &str) -> String {
    guide
        .item_id(key)
        .and_then(|id| guide.item(id).when.as_ref().map(|w| format!("when {}", w.source())))
        .unwrap_or_else(|| "it has no `when`, so every walk gives it".to_string())
}

/// Formats answers the way they are written in TOML.
pub fn answers_toml(answers: &[(String, crate::guide::Value)]) -> String {
    use crate::guide::Value;
    let parts: Vec<String> = answers
        .iter()
        .map(|(k, v)| {
            let val = match v {
                Value::Text(t) => format!("{t:?}"),
                Value::Number(n) => crate::guide::value::format_number(*n),
                Value::Bool(b) => b.to_string(),
                Value::Date(d) => d.to_string(),
                Value::List(l) => format!("[{}]", l.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(", ")),
            };
            format!("{k} = {val}")
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// Runs one scenario.
pub fn run(guide: &Guide, scenario: &Scenario) -> Outcome {
    let answers: BTreeMap<String, crate::guide::Value> = scenario.answers.iter().cloned().collect();
    let mut outcome = Outcome {
        name: scenario.name.clone(),
        failures: Vec::new(),
        path: Vec::new(),
        items: BTreeSet::new(),
        answers: answers_toml(&scenario.answers),
    };
    let mut session = Session::on(guide, scenario.today.unwrap_or_else(crate::date::today));
    let walked = walk_into(guide, &answers, &mut session);
    outcome.path = session.history().iter().map(|v| v.node).collect();
    if let Err(e) = walked {
        outcome.failures.push(Failure::Walk(e));
        return outcome;
    }
    let checklist = session.checklist(guide);
    outcome.items = checklist.items().map(|i| i.id).collect();
    for id in &scenario.expect {
        if !outcome.items.contains(id) {
            outcome.failures.push(Failure::Missing(guide.item(*id).key.clone()));
        }
    }
    for id in &scenario.reject {
        if outcome.items.contains(id) {
            outcome.failures.push(Failure::Unwanted(guide.item(*id).key.clone()));
        }
    }
    if let Some(expected) = &scenario.path {
        // The expected path lists visible nodes; it may leave out the end node.
        let actual: Vec<NodeId> = outcome.path.clone();
        let matches = actual == *expected || actual.split_last().is_some_and(|(_, init)| init == expected.as_slice());
        if !matches {
            outcome.failures.push(Failure::Path {
                expected: expected.iter().map(|n| guide.node(*n).key.clone()).collect(),
                actual: actual.iter().map(|n| guide.node(*n).key.clone()).collect(),
            });
        }
    }
    if let Some(expected) = scenario.ends {
        let actual = session.current();
        if actual != expected {
            outcome.failures.push(Failure::Ends {
                expected: guide.node(expected).key.clone(),
                actual: guide.node(actual).key.clone(),
            });
        }
    }
    outcome
}

/// Runs every scenario of the guide.
pub fn run_all(guide: &Guide) -> Vec<Outcome> {
    // Scenarios are independent walks: they run at once on the machine's cores.
    crate::parallel::map(&guide.tests, |s| run(guide, s))
}

/// The checklist items no scenario produces, in file order: `validate` and the language server
/// both warn about them (W0102), each placing the warning from its own spans.
pub fn untested_items(guide: &Guide) -> Vec<ItemId> {
    // Scenarios are independent walks: they run at once on the machine's cores.
    let each = crate::parallel::map(&guide.tests, |scenario| produced_by(guide, scenario));
    let mut produced = vec![false; guide.checklist.len()];
    for seen in &each {
        for (p, s) in produced.iter_mut().zip(seen) {
            *p |= *s;
        }
    }
    produced.iter().enumerate().filter(|(_, p)| !**p).map(|(i, _)| ItemId(i as u32)).collect()
}

/// The checklist items a scenario's walk produces, as [`run`] finds them (none when the walk
/// fails), without filling in their text or writing out the answers: which items appear is all
/// that finding untested items needs.
fn produced_by(guide: &Guide, scenario: &Scenario) -> Vec<bool> {
    let answers: BTreeMap<String, crate::guide::Value> = scenario.answers.iter().cloned().collect();
    let mut session = Session::on(guide, scenario.today.unwrap_or_else(crate::date::today));
    if walk_into(guide, &answers, &mut session).is_err() {
        return vec![false; guide.checklist.len()];
    }
    let env = session.into_env(guide);
    guide.checklist.iter().map(|item| env.holds(item.when.as_ref())).collect()
}

/// Adds a warning for each checklist item no `[[tests]]` scenario produces (W0102), placed on
/// the item's id from the spans the loader kept. It needs the scenarios walked, so it runs after
/// loading, for `validate` (the language server adds the same warnings its own way).
pub fn add_untested_items(loaded: &mut crate::guide::Loaded) {
    let Some(guide) = &loaded.guide else { return };
    let warnings: Vec<Diagnostic> = untested_items(guide)
        .into_iter()
        .map(|item| {
            let (file, span) = guide.item_span(item);
            untested_item_warning(guide, item, file, span)
        })
        .collect();
    // Within the cap on each file's diagnostics, like everything the loader reports.
    crate::guide::load::extend_capped(&mut loaded.diagnostics, warnings);
}

/// The W0102 warning for one untested item, placed at `span` of `file`.
pub fn untested_item_warning(guide: &Guide, item: ItemId, file: FileId, span: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        Code::UntestedItem,
        file,
        span,
        format!("no [[tests]] scenario produces checklist item \"{}\"", guide.item(item).key),
    )
    .label("untested")
    .help("add a scenario whose answers make this item appear, and list it in `expect`")
}
