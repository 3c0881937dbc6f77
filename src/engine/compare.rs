//! A compare grid as one person sees it: rows whose `when` does not hold are left out, cells
//! whose `when` does not hold read as a dash, and rows and cells whose `highlight` holds are
//! marked. Every view (the interface, plain mode) draws from this, so they agree.
//!
//! A highlight must carry its meaning without colour (`NO_COLOR`, screen readers, print), so it
//! is a [`MARK`] before the text, explained by [`LEGEND`] under the grid; colour and bold only
//! add to it.

use super::env::Env;
use crate::guide::model::{Row, SourceId};
use crate::guide::text::sanitize_line;

/// What a cell whose `when` does not hold shows.
pub const HIDDEN_CELL: &str = "—";
/// Put before a highlighted row label or cell.
pub const MARK: &str = "★";
/// The line under a grid with anything highlighted.
pub const LEGEND: &str = "★ what you said matters to you";

/// One cell, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellView {
    /// One line of text, answers filled in; [`HIDDEN_CELL`] when its `when` does not hold.
    pub text: String,
    /// Its `highlight` holds.
    pub highlight: bool,
}

impl CellView {
    /// The text with [`MARK`] before it when highlighted.
    pub fn marked(&self) -> String {
        marked(&self.text, self.highlight)
    }
}

/// One row, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    /// One line, answers filled in.
    pub label: String,
    /// One per column.
    pub cells: Vec<CellView>,
    /// Its `highlight` holds.
    pub highlight: bool,
    /// The sources behind the row and its shown cells.
    pub sources: Vec<SourceId>,
}

impl RowView {
    /// The label with [`MARK`] before it when highlighted.
    pub fn marked_label(&self) -> String {
        marked(&self.label, self.highlight)
    }
}

/// A whole grid, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GridView {
    /// Column headings, one line each.
    pub columns: Vec<String>,
    /// The rows that apply, in file order.
    pub rows: Vec<RowView>,
}

impl GridView {
    /// Whether any row or cell is highlighted, so the legend is needed.
    pub fn any_highlight(&self) -> bool {
        self.rows.iter().any(|r| r.highlight || r.cells.iter().any(|c| c.highlight))
    }
}

fn marked(text: &str, on: bool) -> String {
    if on { format!("{MARK} {text}") } else { text.to_string() }
}

/// Resolves a compare node's columns and rows against the answers.
pub fn resolve(columns: &[String], rows: &[Row], env: &Env) -> GridView {
    let line = |s: &str| sanitize_line(&env.interpolate(s)).into_owned();
    let lights = |h: Option<&crate::guide::condition::Expr>| h.is_some_and(|e| env.holds(Some(e)));
    let rows = rows
        .iter()
        .filter(|r| env.holds(r.when.as_ref()))
        .map(|r| {
            let mut sources = r.sources.clone();
            let cells = r
                .cells
                .iter()
                .map(|c| {
                    if !env.holds(c.when.as_ref()) {
                        return CellView { text: HIDDEN_CELL.to_string(), highlight: false };
                    }
                    for s in &c.sources {
                        if !sources.contains(s) {
                            sources.push(*s);
                        }
                    }
                    CellView { text: line(&c.text), highlight: lights(c.highlight.as_ref()) }
                })
                .collect();
            RowView { label: line(&r.label), cells, highlight: lights(r.highlight.as_ref()), sources }
        })
        .collect();
    GridView { columns: columns.iter().map(|c| line(c)).collect(), rows }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::guide::{CheckOptions, NodeKind, Value, load_str};

    const GUIDE: &str = r#"format = 1
[guide]
id = "g"
title = "G"
start = "matters"
disclaimer = "D"
reviewed = 2026-11-01
[nodes.matters]
type = "multi"
var = "matters"
next = "grid"
options = [ { value = "cost", label = "Cost" }, { value = "speed", label = "Speed" } ]
[nodes.grid]
type = "compare"
columns = ["A", "B"]
rows = [
  { label = "Cost", cells = ["Low", { text = "High", highlight = '"cost" in matters' }], highlight = '"cost" in matters' },
  { label = "Speed", cells = ["Days", { text = "Weeks", when = '"speed" in matters' }] },
  { label = "Only for cost", cells = ["x", "y"], when = '"cost" in matters' },
]
next = "done"
[nodes.done]
type = "end"
"#;

    fn grid(answer: &[&str]) -> GridView {
        let guide = load_str("g.toml", GUIDE, CheckOptions::default()).guide.unwrap();
        let list = Value::List(answer.iter().map(ToString::to_string).collect());
        let env = Env::new(&guide, [("matters", &list)]);
        let NodeKind::Compare { columns, rows, .. } = &guide.node(guide.node_id("grid").unwrap()).kind else {
            unreachable!()
        };
        resolve(columns, rows, &env)
    }

    #[test]
    fn rows_and_cells_follow_the_answers() {
        let g = grid(&["cost"]);
        let labels: Vec<String> = g.rows.iter().map(RowView::marked_label).collect();
        assert_eq!(labels, ["★ Cost", "Speed", "Only for cost"]);
        assert_eq!(g.rows[0].cells[1].marked(), "★ High");
        assert_eq!(g.rows[1].cells[1].text, HIDDEN_CELL);
        assert!(g.any_highlight());
    }

    #[test]
    fn nothing_is_marked_when_nothing_said_matters() {
        let g = grid(&["speed"]);
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[1].cells[1].text, "Weeks");
        assert!(!g.any_highlight());
    }
}
