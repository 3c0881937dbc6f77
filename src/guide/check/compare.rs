//! Compare tables: their cells.

use super::Checker;
use crate::guide::condition::Type;
use crate::guide::model::Cell;
use crate::guide::raw::{RawCell, RawNode};

/// One compare cell: its text, and the conditions and sources a table cell may have.
pub(super) fn convert_cell(c: &mut Checker<'_>, n: &RawNode, cell: &RawCell, what: &str) -> Cell {
    let text = if let Some(t) = &cell.text {
        c.text(t, || format!("a cell of {what}"), false);
        t.v.clone()
    } else {
        c.missing(
            n.id.file,
            cell.span.clone(),
            "text",
            || format!("a cell of {what}"),
            "add text = \"…\": what the cell says",
        );
        String::new()
    };
    let when =
        cell.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of a cell of {what}"), Type::Bool));
    let highlight = cell
        .highlight
        .as_ref()
        .and_then(|h| c.condition(h, || format!("the `highlight` of a cell of {what}"), Type::Bool));
    let sources = c.resolve_sources(&cell.sources, || format!("a cell of {what}"));
    Cell { text, when, highlight, sources }
}
