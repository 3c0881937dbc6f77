//! Quick fixes: apply a did-you-mean, add the missing `otherwise` rule of a branch, and add a
//! `[[tests]]` scenario that produces an untested checklist item, with answers the path finder
//! found.

use std::collections::{BTreeMap, HashMap};

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit};

use super::index::unquote;
use super::server::{GuideState, Server};
use crate::authoring::coverage::{Via, enumerate};
use crate::engine::scenario;
use crate::guide::model::Scenario;
use crate::guide::{Code, Diagnostic, Guide, NodeKind, Value};

/// The fixes for the diagnostics in a range.
// `WorkspaceEdit` keys its changes by `Uri`, as lsp-types defines it; nothing mutates a key.
#[allow(clippy::mutable_key_type)]
pub fn code_actions(server: &Server, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let (g, file) = server.locate(&p.text_document.uri)?;
    let data = g.analysis.files.get(file)?;
    // Whole lines: a cursor anywhere on a diagnostic's line offers its fixes.
    let start = data.lines.offset(&data.text, lsp_types::Position::new(p.range.start.line, 0));
    let end = data.lines.offset(&data.text, lsp_types::Position::new(p.range.end.line, u32::MAX));
    let uri = server.uri_for(&data.path)?;
    let mut out = Vec::new();
    for d in g.analysis.diagnostics.iter().filter(|d| d.file.0 as usize == file) {
        if d.span.start > end || d.span.end.max(d.span.start + 1) < start {
            continue;
        }
        let fix = match d.code {
            Code::NoOtherwise => add_otherwise(g, file, d),
            Code::UntestedItem => add_test(g, d),
            _ => did_you_mean(&data.text, d),
        };
        let Some((title, edits)) = fix else { continue };
        let edits = edits.into_iter().map(|(r, t)| TextEdit::new(data.lines.range(&data.text, &r), t)).collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: None,
            edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }),
            is_preferred: Some(d.code != Code::UntestedItem),
            ..Default::default()
        }));
    }
    Some(out)
}

type Fix = (String, Vec<(std::ops::Range<usize>, String)>);

/// `did you mean "x"?` or ``did you mean `x`?`` in the help: write `x` in place of the culprit.
fn did_you_mean(text: &str, d: &Diagnostic) -> Option<Fix> {
    let help = d.help.as_deref()?;
    let rest = &help[help.find("did you mean ")? + "did you mean ".len()..];
    let q = rest.chars().next().filter(|c| matches!(c, '"' | '`'))?;
    let word = &rest[1..=rest[1..].find(q)?];
    if word.is_empty() || d.span.is_empty() {
        return None;
    }
    let span = unquote(text, &d.span);
    Some((format!("Change to \"{word}\""), vec![(span, word.to_string())]))
}

/// A last rule without `when`, leading where the last rule leads.
fn add_otherwise(g: &GuideState, file: usize, d: &Diagnostic) -> Option<Fix> {
    let data = &g.analysis.files[file];
    let parsed = data.parsed.as_ref().filter(|_| !data.stale)?;
    let node = parsed.raw.nodes.iter().find(|n| n.rules_span.as_ref() == Some(&d.span) || n.id.span == d.span)?;
    let last = node.rules.last()?;
    let target = last.next.as_ref().map_or("ID", |n| n.v.as_str());
    let text = &data.text;
    let rules = node.rules_span.clone()?;
    let title = format!("Add an otherwise rule to `{}` leading to \"{target}\"", node.id.v);
    if text.get(rules.clone())?.starts_with('[') {
        // `rules = [ ... ]`: before the closing bracket.
        let close = rules.end - 1;
        let body = text[rules.start..close].trim_end();
        let comma = if body.ends_with(',') || body.ends_with('[') { "" } else { "," };
        let at = rules.start + body.len();
        let multiline = text[rules.clone()].contains('\n');
        let insert = if multiline {
            format!("{comma}\n  {{ next = \"{target}\" }},")
        } else {
            format!("{comma} {{ next = \"{target}\" }}")
        };
        return Some((title, vec![(at..at, insert)]));
    }
    // `[[nodes.ID.rules]]` tables: a new one after the last.
    let after = text[last.span.end..].find('\n').map_or(text.len(), |i| last.span.end + i + 1);
    let insert = format!("\n[[nodes.{}.rules]]\nnext = \"{target}\"\n", node.id.v);
    Some((title, vec![(after..after, insert)]))
}

/// A scenario whose answers produce the item, found by trying the paths through the guide.
fn add_test(g: &GuideState, d: &Diagnostic) -> Option<Fix> {
    let guide = g.guide.as_ref()?;
    let key = d.message.split('"').nth(1)?;
    let item = guide.item_id(key)?;
    let answers = answers_reaching(guide, item)?;
    let mut block = format!(
        "\n[[tests]]\nname = \"reaches {key}\"\nanswers = {}\nexpect = [\"{key}\"]\n",
        scenario::answers_toml(&answers)
    );
    let file = d.file.0 as usize;
    let text = &g.analysis.files.get(file)?.text;
    if !text.ends_with('\n') {
        block.insert(0, '\n');
    }
    let end = text.len();
    Some((format!("Add a [[tests]] scenario that produces \"{key}\""), vec![(end..end, block)]))
}

/// Answers that make `item` appear: along each path, the option each choice takes, and for the
/// other questions a few plausible answers, until a walk produces the item.
fn answers_reaching(guide: &Guide, item: crate::guide::ItemId) -> Option<Vec<(String, Value)>> {
    let paths = enumerate(guide);
    for path in paths.paths.iter().take(300) {
        let mut base: BTreeMap<String, Value> = BTreeMap::new();
        let mut open: Vec<(String, Vec<Value>)> = Vec::new();
        for &(id, via) in &path.hops {
            let node = guide.node(id);
            let Some(q) = &node.question else { continue };
            match (&node.kind, via) {
                (NodeKind::Choice { options }, Via::Option(i)) => {
                    base.insert(q.var.clone(), Value::Text(options.get(i)?.value.clone()));
                }
                (NodeKind::Multi { options, .. }, _) => {
                    let mut tries = vec![Value::List(options.iter().map(|o| o.value.clone()).collect())];
                    tries.extend(options.iter().map(|o| Value::List(vec![o.value.clone()])));
                    tries.push(Value::List(Vec::new()));
                    open.push((q.var.clone(), tries));
                }
                (NodeKind::Number { min, max, .. }, _) => {
                    let mut tries: Vec<Value> = q.default.iter().cloned().collect();
                    tries.extend(min.iter().chain(max.iter()).map(|n| Value::Number(*n)));
                    tries.extend([Value::Number(0.0), Value::Number(1.0), Value::Number(1000.0)]);
                    open.push((q.var.clone(), tries));
                }
                (kind, _) => {
                    if let Some(entry) = kind.entry() {
                        let mut tries: Vec<Value> = q.default.iter().cloned().collect();
                        tries.extend(entry.samples(crate::date::today()));
                        open.push((q.var.clone(), tries));
                    }
                }
            }
        }
        // First every open question's first try, then each one's other tries in turn.
        let first: BTreeMap<String, Value> =
            open.iter().filter_map(|(v, t)| t.first().map(|x| (v.clone(), x.clone()))).chain(base.clone()).collect();
        let mut candidates = vec![first.clone()];
        for (var, tries) in &open {
            for t in tries.iter().skip(1) {
                let mut c = first.clone();
                c.insert(var.clone(), t.clone());
                candidates.push(c);
            }
        }
        for answers in candidates {
            let list: Vec<(String, Value)> = answers.into_iter().collect();
            let s = Scenario {
                name: String::new(),
                answers: list.clone(),
                expect: Vec::new(),
                reject: Vec::new(),
                path: None,
                ends: None,
                today: None,
            };
            let outcome = scenario::run(guide, &s);
            if outcome.items.contains(&item) {
                // Only the questions the walk asked.
                let asked: Vec<&str> = outcome
                    .path
                    .iter()
                    .filter_map(|&n| guide.node(n).question.as_ref().map(|q| q.var.as_str()))
                    .collect();
                return Some(list.into_iter().filter(|(var, _)| asked.contains(&var.as_str())).collect());
            }
        }
    }
    None
}
