//! Small pieces of wording shared by many messages: where something is, lists of names, and the
//! help for a reference that points nowhere.

use std::ops::Range;

use crate::guide::source::{FileId, SourceMap};
use crate::guide::suggest::closest;

/// The `[table]` header a table's span starts with, so "is missing" points at `[guide]` itself;
/// an empty range at the start when there is none.
pub(super) fn header(sources: &SourceMap, file: FileId, span: &Range<usize>) -> Range<usize> {
    let len = sources
        .get(file)
        .and_then(|f| f.text.get(span.start..))
        .filter(|rest| rest.starts_with('['))
        .and_then(|rest| rest.lines().next()?.find(']'))
        .map_or(0, |i| i + 1);
    span.start..span.start + len
}

/// `file:line` of a span, for "the first is at …".
pub(super) fn place(sources: &SourceMap, file: FileId, span: &Range<usize>) -> String {
    sources.get(file).map_or_else(String::new, |f| format!("{}:{}", f.name, f.line_col(span.start).0))
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub(super) fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

pub(super) fn quoted_list(items: &[&str]) -> String {
    let shown: Vec<String> = items.iter().take(8).map(|s| format!("\"{s}\"")).collect();
    let more = if items.len() > 8 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Most ids listed when a reference points nowhere and none is close enough to suggest: a short
/// list shows the author what exists, a long one buries the message.
pub(super) const FEW_IDS: usize = 8;

/// The help for a reference that points nowhere: the closest id when one is a likely typo; when
/// none is and there are only a few, every id there is ("the sections are: \"now\""), then
/// `otherwise`.
pub(super) fn unknown_help<'k>(
    name: &str,
    plural: &str,
    ids: impl Iterator<Item = &'k str> + Clone,
    otherwise: &str,
) -> String {
    if let Some(s) = closest(name, ids.clone()) {
        return format!("did you mean \"{s}\"?");
    }
    let mut all: Vec<&str> = ids.take(FEW_IDS + 1).collect();
    if all.is_empty() || all.len() > FEW_IDS {
        return otherwise.to_string();
    }
    all.sort_unstable();
    format!("the {plural} are: {}; {otherwise}", quoted_list(&all))
}

pub(super) fn bounds_words(min: Option<f64>, max: Option<f64>) -> String {
    use crate::guide::value::format_number as f;
    match (min, max) {
        (Some(a), Some(b)) => format!(" from {} to {}", f(a), f(b)),
        (Some(a), None) => format!(" of at least {}", f(a)),
        (None, Some(b)) => format!(" of at most {}", f(b)),
        (None, None) => String::new(),
    }
}
