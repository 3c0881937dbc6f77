//! The Option Grid of a compare page: options side by side when they fit, otherwise one option
//! per block with every row label beside its value, so a row label is never out of sight.
//!
//! What the person said matters is marked with a `★` and bold (see [`crate::engine::compare`]),
//! explained by a legend under the grid, so it reads the same without colour.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::page::Ctx;
use super::rich::{Rich, Seg};
use crate::engine::compare::{CellView, GridView, LEGEND, RowView};

/// The narrowest a column may be before the grid is shown one option at a time.
const MIN_COLUMN: usize = 12;
/// The widest the row-label column gets; longer labels wrap.
const MAX_LABEL: usize = 22;
const GAP: usize = 2;

/// The label column's width and each option column's width for a total width, if the grid fits
/// as a table: every column at least [`MIN_COLUMN`] wide and no word broken.
pub(crate) fn table_widths(grid: &GridView, width: usize) -> Option<(usize, usize)> {
    let label_w = grid.rows.iter().map(|r| r.marked_label().width()).max().unwrap_or(0).clamp(6, MAX_LABEL);
    let n = grid.columns.len().max(1);
    let col_w = (width.saturating_sub(label_w + GAP) / n).checked_sub(GAP)?;
    let cells = grid.rows.iter().flat_map(|r| r.cells.iter().map(CellView::marked));
    let longest_word = grid
        .columns
        .iter()
        .cloned()
        .chain(cells)
        .flat_map(|c| c.split_whitespace().map(UnicodeWidthStr::width).collect::<Vec<_>>())
        .max()
        .unwrap_or(0);
    (col_w >= MIN_COLUMN && longest_word <= col_w).then_some((label_w, col_w))
}

/// Draws the grid into `r`, as a table if it fits the width, else transposed, with the legend
/// under it when something is highlighted.
pub(crate) fn grid(cx: &Ctx<'_>, r: &mut Rich, grid: &GridView) {
    match table_widths(grid, r.width) {
        Some((label_w, col_w)) => table(cx, r, grid, label_w, col_w),
        None => transposed(cx, r, grid),
    }
    if grid.any_highlight() {
        r.blank();
        r.wrap(&[Seg::new(LEGEND, cx.t.dim)], vec![], vec![Span::raw("  ")]);
    }
}

fn row_style(cx: &Ctx<'_>, row: &RowView, base: Style) -> Style {
    if row.highlight { base.patch(cx.t.emphasis) } else { base }
}

fn cell_style(cx: &Ctx<'_>, row: &RowView, cell: &CellView) -> Style {
    if cell.highlight { cx.t.text.patch(cx.t.emphasis) } else { row_style(cx, row, cx.t.text) }
}

/// Wraps one cell to a width, returning its lines as spans.
fn cell(cx: &Ctx<'_>, r: &mut Rich, text: &str, width: usize, style: Style) -> Vec<Vec<Span<'static>>> {
    let mut tmp = Rich::new(width);
    let segs = cx.term_segs(&mut tmp, text, style);
    tmp.wrap(&segs, vec![], vec![]);
    r.terms.extend(tmp.terms);
    tmp.lines.into_iter().map(|l| l.spans).collect()
}

fn table(cx: &Ctx<'_>, r: &mut Rich, grid: &GridView, label_w: usize, col_w: usize) {
    let heads: Vec<Vec<Vec<Span<'static>>>> =
        grid.columns.iter().map(|c| cell(cx, r, c, col_w, cx.t.heading)).collect();
    push_row(r, &[vec![]], &heads, label_w, col_w);
    let total = label_w + GAP + grid.columns.len() * (col_w + GAP) - GAP;
    r.line(vec![Span::styled("─".repeat(total.min(r.width)), cx.t.dim)]);
    for row in &grid.rows {
        let label_style = row_style(cx, row, cx.t.dim.add_modifier(Modifier::BOLD));
        let label_lines = cell(cx, r, &row.marked_label(), label_w, label_style);
        let cells: Vec<Vec<Vec<Span<'static>>>> =
            row.cells.iter().map(|c| cell(cx, r, &c.marked(), col_w, cell_style(cx, row, c))).collect();
        push_row(r, &label_lines, &cells, label_w, col_w);
        r.blank();
    }
}

/// Lays out one table row: the label lines, then each cell's lines, padded into columns.
fn push_row(
    r: &mut Rich,
    label: &[Vec<Span<'static>>],
    cells: &[Vec<Vec<Span<'static>>>],
    label_w: usize,
    col_w: usize,
) {
    let height = cells.iter().map(Vec::len).chain([label.len()]).max().unwrap_or(1);
    for i in 0..height {
        let mut spans = Vec::new();
        push_padded(&mut spans, label.get(i), label_w);
        for c in cells {
            spans.push(Span::raw(" ".repeat(GAP)));
            push_padded(&mut spans, c.get(i), col_w);
        }
        // Trailing spaces are noise in snapshots and copies.
        while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
            spans.pop();
        }
        r.line(spans);
    }
}

fn push_padded(spans: &mut Vec<Span<'static>>, line: Option<&Vec<Span<'static>>>, width: usize) {
    let used: usize = line.map_or(0, |l| l.iter().map(|s| s.content.width()).sum());
    if let Some(l) = line {
        spans.extend(l.iter().cloned());
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
}

fn transposed(cx: &Ctx<'_>, r: &mut Rich, grid: &GridView) {
    for (i, column) in grid.columns.iter().enumerate() {
        r.blank();
        r.wrap(&[Seg::new(column.clone(), cx.t.heading)], vec![], vec![Span::raw("  ")]);
        for row in &grid.rows {
            let label_style = row_style(cx, row, cx.t.dim.add_modifier(Modifier::BOLD));
            let mut segs = vec![Seg::new(format!("{}: ", row.marked_label()), label_style)];
            if let Some(c) = row.cells.get(i) {
                segs.extend(cx.term_segs(r, &c.marked(), cell_style(cx, row, c)));
            }
            r.wrap(&segs, vec![Span::raw("  ")], vec![Span::raw("    ")]);
        }
    }
}
