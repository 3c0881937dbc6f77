//! What a typed line means on the page on screen: a command, an answer, or a mistake to
//! explain. Pure functions, so every rule can be tested without any input or output.

use crate::engine::answer::parse_number;
use crate::guide::value::{format_grouped, format_number};
use crate::guide::{Node, NodeKind, Value};

/// Words that work at every prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Go back one page to change an answer.
    Back,
    /// Show the commands, the banner and the terms on this page.
    Help,
    /// List the answers so far and why each question came up.
    Review,
    /// Leave an optional question unanswered.
    Skip,
    /// Stop; the answers are already saved.
    Quit,
}

impl Command {
    /// Every command with what it does, for the help text.
    pub const ALL: [(Command, &'static str, &'static str); 5] = [
        (Command::Back, "back", "go back one page, to look again or change an answer"),
        (Command::Review, "review", "list your answers so far and why each question was asked"),
        (Command::Skip, "skip", "leave a question that says (optional) unanswered"),
        (Command::Quit, "quit", "stop here; your answers are saved and you can pick up later"),
        (Command::Help, "help", "show this help"),
    ];
}

/// What a line typed at a prompt asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A command.
    Command(Command),
    /// Go on from a page that asks nothing.
    Continue,
    /// An answer to the question (still to be checked against its bounds).
    Answer(Value),
    /// Leave the optional question unanswered.
    Skip,
    /// The line cannot be used; the message says what to type instead.
    Retry(String),
}

/// The command a line names, if it is exactly one (any case, spaces around allowed).
pub fn command(line: &str) -> Option<Command> {
    match line.trim().to_lowercase().as_str() {
        "back" => Some(Command::Back),
        "help" | "?" => Some(Command::Help),
        "review" => Some(Command::Review),
        "skip" => Some(Command::Skip),
        "quit" | "exit" => Some(Command::Quit),
        _ => None,
    }
}

/// The answer kept when the line is empty, if any: the stored answer first, then the
/// question's default.
pub fn fallback<'a>(node: &'a Node, stored: Option<&'a Value>) -> Option<&'a Value> {
    stored.or_else(|| node.question.as_ref().and_then(|q| q.default.as_ref()))
}

/// How an answer is typed back: option numbers for choices, the value otherwise.
pub fn as_typed(node: &Node, value: &Value) -> String {
    let number = |v: &str| node.options().iter().position(|o| o.value == v).map(|i| (i + 1).to_string());
    match value {
        Value::Text(t) if !node.options().is_empty() => number(t).unwrap_or_else(|| t.clone()),
        Value::List(items) if items.is_empty() => "none".to_string(),
        Value::List(items) => items.iter().filter_map(|i| number(i)).collect::<Vec<_>>().join(", "),
        Value::Number(n) => format_number(*n),
        other => other.to_string(),
    }
}

/// Reads a line typed at the prompt of `node`. `stored` is the answer already given to it,
/// if the person came back to it.
#[allow(clippy::match_wildcard_for_single_variants)] // a typed kind to come is read like a date
pub fn reply(node: &Node, line: &str, stored: Option<&Value>) -> Reply {
    if let Some(c) = command(line) {
        return match (c, &node.question) {
            (Command::Skip, Some(q)) if q.optional => Reply::Skip,
            (Command::Skip, Some(_)) => Reply::Retry("This question needs an answer; it cannot be skipped.".into()),
            (Command::Skip, None) => Reply::Continue,
            (c, _) => Reply::Command(c),
        };
    }
    let text = line.trim();
    let optional = node.question.as_ref().is_some_and(|q| q.optional);
    if text.is_empty() {
        return match (fallback(node, stored), &node.kind) {
            (_, NodeKind::Info { .. } | NodeKind::Compare { .. } | NodeKind::End) => Reply::Continue,
            (Some(v), _) => Reply::Answer(v.clone()),
            (None, NodeKind::Multi { min: 0, .. }) => Reply::Answer(Value::List(Vec::new())),
            (None, _) if optional => Reply::Skip,
            (None, _) => Reply::Retry(empty_message(node)),
        };
    }
    match &node.kind {
        NodeKind::Info { .. } | NodeKind::Compare { .. } | NodeKind::End | NodeKind::Branch { .. } => {
            Reply::Retry("Press Enter to go on, or type help.".into())
        }
        NodeKind::Choice { options } => match pick(node, text) {
            Some(i) => Reply::Answer(Value::Text(options[i].value.clone())),
            None => Reply::Retry(format!("Type a number from 1 to {}.", options.len())),
        },
        NodeKind::Multi { options, .. } => {
            if matches!(text.to_lowercase().as_str(), "none" | "0") {
                return Reply::Answer(Value::List(Vec::new()));
            }
            let mut picked = Vec::new();
            for token in text.split([',', ' ', ';']).filter(|t| !t.is_empty()) {
                match pick(node, token) {
                    Some(i) if !picked.contains(&i) => picked.push(i),
                    Some(_) => {}
                    None => {
                        return Reply::Retry(format!(
                            "“{token}” is not one of the numbers 1 to {}. Type the numbers of all that apply, like 1 3.",
                            options.len()
                        ));
                    }
                }
            }
            picked.sort_unstable();
            Reply::Answer(Value::List(picked.into_iter().map(|i| options[i].value.clone()).collect()))
        }
        NodeKind::Number { .. } => match parse_number(text) {
            Some(n) => Reply::Answer(Value::Number(n)),
            None => Reply::Retry(format!("“{text}” is not a number. {}", number_range(node))),
        },
        NodeKind::Text { .. } => Reply::Answer(Value::Text(unquote(text).to_string())),
        // Any other box to type in (a date): read as its kind says, limits left to the session.
        kind => match kind.entry().map(|e| e.parse(text)) {
            Some(Ok(value)) => Reply::Answer(value),
            Some(Err(why)) => Reply::Retry(why),
            None => Reply::Retry("Press Enter to go on, or type help.".into()),
        },
    }
}

/// An option by its number, its value or its label (any case).
fn pick(node: &Node, token: &str) -> Option<usize> {
    let options = node.options();
    if let Ok(n) = token.trim().parse::<usize>() {
        return (1..=options.len()).contains(&n).then(|| n - 1);
    }
    let lower = token.trim().to_lowercase();
    options.iter().position(|o| o.value.to_lowercase() == lower || o.label.to_lowercase() == lower)
}

/// A text answer in quotes is taken as it is, so a command word can be an answer.
fn unquote(text: &str) -> &str {
    text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).filter(|t| !t.is_empty()).unwrap_or(text)
}

/// "Type a number from 1 to 60." with whatever bounds the question has.
pub fn number_range(node: &Node) -> String {
    let NodeKind::Number { min, max, whole, .. } = &node.kind else { return "Type a number.".to_string() };
    let kind = if *whole { "a whole number" } else { "a number" };
    match (min, max) {
        (Some(lo), Some(hi)) => format!("Type {kind} from {} to {}.", format_grouped(*lo), format_grouped(*hi)),
        (Some(lo), None) => format!("Type {kind} of at least {}.", format_grouped(*lo)),
        (None, Some(hi)) => format!("Type {kind} of at most {}.", format_grouped(*hi)),
        (None, None) => format!("Type {kind}."),
    }
}

/// What may be typed, from the question's own kind: "Type a date from June 3, 2026 to today,
/// like 10/01/2026 or Oct 1 2026."
pub fn typed_range(node: &Node) -> String {
    node.kind.entry().map_or_else(String::new, |e| e.typing_hint(crate::date::today()))
}

fn empty_message(node: &Node) -> String {
    match &node.kind {
        NodeKind::Choice { options } => format!("Type the number of your answer, from 1 to {}.", options.len()),
        NodeKind::Multi { min, .. } => {
            format!("Pick at least {min}: type the numbers of all that apply, like 1 3.")
        }
        NodeKind::Number { .. } => number_range(node),
        kind if kind.entry().is_some() => typed_range(node),
        _ => "Type your answer.".to_string(),
    }
}
