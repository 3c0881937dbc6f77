//! The error a condition can produce, and the helpers that keep its messages short and readable.

use std::ops::Range;

use super::{MAX_DEPTH, MAX_LEN};

/// How many known names or option values a help text lists before it stops with "…", so the
/// hint stays readable for guides with hundreds of questions.
const LIST_IN_HELP: usize = 8;

/// What kind of problem a [`CondError`] is, so the loader can give each its own stable code
/// without reading the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CondErrorKind {
    /// The text cannot be parsed as a condition.
    Syntax,
    /// A name that is no question's `var` and no `[values]` entry; holds the name, so the loader
    /// can stay quiet about names whose question is already reported as broken.
    UnknownName(String),
    /// A text value that no option of the var it is compared with can take.
    UnknownValue,
    /// Operands of the wrong type.
    Type,
}

/// A problem in a condition, located by byte offsets into the condition's source string.
#[derive(Debug, Clone, PartialEq)]
pub struct CondError {
    /// The culprit token or subexpression, as byte offsets into the condition's source.
    pub span: Range<usize>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// What kind of problem it is.
    pub kind: CondErrorKind,
    /// A few words shown under the culprit, naming what is wrong with it.
    pub label: Option<String>,
}

impl CondError {
    /// Builds a syntax error with a help text; nearly every error has one, because the reader is
    /// a guide author who needs the fix more than the diagnosis.
    pub(super) fn new(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Self {
        CondError { span, message: message.into(), help: Some(help.into()), kind: CondErrorKind::Syntax, label: None }
    }

    /// Sets the kind (errors start as syntax errors).
    pub(super) fn kind(mut self, kind: CondErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// Sets the words shown under the culprit.
    pub(super) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// The error for an over-long condition, pointing at where the limit was crossed.
pub(super) fn too_long(at: usize) -> CondError {
    CondError::new(
        at..at,
        format!("the condition is too long (the limit is {} KiB)", MAX_LEN / 1024),
        "keep conditions short; split a long one over several questions or `[values]`",
    )
    .label("the limit is reached here")
}

/// The error for nesting past [`MAX_DEPTH`].
pub(super) fn too_deep(span: Range<usize>) -> CondError {
    CondError::new(
        span,
        format!("the condition is nested too deeply (more than {MAX_DEPTH} levels)"),
        "simplify it: remove extra parentheses or `not`s, or split it into several conditions",
    )
    .label("nested too deeply")
}

/// Joins up to [`LIST_IN_HELP`] items for a help text, ending with "…" when some were left out.
pub(super) fn list_for_help<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    let mut out: Vec<String> = items.iter().take(LIST_IN_HELP).map(show).collect();
    if items.len() > LIST_IN_HELP {
        out.push("…".to_string());
    }
    out.join(", ")
}

/// Shortens quoted source so a message about a long subexpression stays one line.
pub(super) fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(MAX_CHARS - 1).collect();
        short.push('…');
        short
    }
}
