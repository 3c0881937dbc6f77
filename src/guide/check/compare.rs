//! Compare nodes: columns, rows and cells, each with the conditions and sources it may have.

use super::Checker;
use super::nodes::next;
use crate::guide::condition::Type;
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::model::{Cell, NodeKind, Row};
use crate::guide::raw::{RawCell, RawNode};

/// A compare node: its columns, and rows with one cell per column.
pub(super) fn compare_kind(c: &mut Checker<'_>, n: &RawNode, what: &str) -> Option<NodeKind> {
    let columns: Vec<String> = n
        .columns
        .iter()
        .map(|col| {
            c.text(col, || format!("a column of {what}"), false);
            col.v.clone()
        })
        .collect();
    if columns.is_empty() {
        c.missing(n.id.file, n.id.span.clone(), "columns", what, "add columns = [\"Option A\", \"Option B\"]");
    }
    let mut rows = Vec::new();
    for r in &n.rows {
        let label = c.opt_text(r.label.as_ref(), || format!("a row label of {what}"), false).unwrap_or_else(|| {
            c.missing(n.id.file, r.span.clone(), "label", || format!("a row of {what}"), "add label = \"…\"");
            String::new()
        });
        let row_what = || format!("the row \"{}\" of {what}", r.label.as_ref().map_or("", |l| l.v.as_str()));
        let cells: Vec<Cell> = r.cells.iter().map(|cell| convert_cell(c, n, cell, what)).collect();
        let when = r.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of {}", row_what()), Type::Bool));
        let highlight = r
            .highlight
            .as_ref()
            .and_then(|h| c.condition(h, || format!("the `highlight` of {}", row_what()), Type::Bool));
        let row_sources = c.resolve_sources(&r.sources, row_what);
        if r.sources.is_empty() && r.cells.iter().all(|cell| cell.sources.is_empty()) {
            c.uncited(
                n.id.file,
                r.span.clone(),
                row_what,
                "{ label = \"…\", cells = [\"…\"], sources = [\"cms-abn\"] }",
            );
        }
        if r.cells.len() != columns.len() && !columns.is_empty() {
            let d = Diagnostic::new(
                Code::InvalidValue,
                n.id.file,
                r.span.clone(),
                format!("a row of {what} has {} cells for {} columns", r.cells.len(), columns.len()),
            )
            .label("cells do not match columns")
            .help("give one cell per column, in the same order (use \"\" for an empty cell)");
            c.push(d);
        }
        rows.push(Row { label, cells, when, highlight, sources: row_sources });
    }
    if n.rows.is_empty() {
        c.missing(
            n.id.file,
            n.id.span.clone(),
            "rows",
            what,
            "add rows = [ { label = \"…\", cells = [\"…\", \"…\"] } ]",
        );
    }
    Some(NodeKind::Compare { columns, rows, next: next(c, n, what, true)? })
}

/// One compare cell: its text, and the conditions and sources a table cell may have.
fn convert_cell(c: &mut Checker<'_>, n: &RawNode, cell: &RawCell, what: &str) -> Cell {
    let text = c.opt_text(cell.text.as_ref(), || format!("a cell of {what}"), false).unwrap_or_else(|| {
        c.missing(
            n.id.file,
            cell.span.clone(),
            "text",
            || format!("a cell of {what}"),
            "add text = \"…\": what the cell says",
        );
        String::new()
    });
    let when =
        cell.when.as_ref().and_then(|w| c.condition(w, || format!("the `when` of a cell of {what}"), Type::Bool));
    let highlight = cell
        .highlight
        .as_ref()
        .and_then(|h| c.condition(h, || format!("the `highlight` of a cell of {what}"), Type::Bool));
    let sources = c.resolve_sources(&cell.sources, || format!("a cell of {what}"));
    Cell { text, when, highlight, sources }
}
