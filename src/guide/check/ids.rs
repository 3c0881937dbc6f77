//! Ids of nodes, sections, resources, checklist items and sources: their characters.

use super::{Checker, inner_span};
use super::names::is_id;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::raw::Sp;
use crate::guide::text;

impl Checker<'_> {
    /// Refuses an id with characters other than letters, digits, `_` and `-`: ids appear in
    /// links (`resource:ID`), graphs and file names, and are shown back in messages.
    pub(super) fn id_chars(&mut self, id: &Sp<String>, kind: &str, help: &str) {
        if is_id(&id.v) {
            return;
        }
        let invisible = text::first_invisible(&id.v);
        let (span, message) = match invisible {
            Some((at, c)) => (
                inner_span(self.sources, id, at..at + c.len_utf8()),
                format!(
                    "{kind} id \"{}\" has an invisible {} in it",
                    id.v.replace(text::is_invisible, "").escape_debug(),
                    text::describe_char(c)
                ),
            ),
            None => (id.span.clone(), format!("{kind} id \"{}\" has characters that are not allowed", id.v)),
        };
        let d = Diagnostic::new(Code::BadId, id.file, span, message)
            .label("use letters, digits, `_` and `-`")
            .help(help.to_string());
        self.push(d);
    }
}
