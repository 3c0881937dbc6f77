//! The Option Grid of a compare page: options side by side when they fit, otherwise one option
//! per block with every row label beside its value, so a row label is never out of sight.

use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::content::Ctx;
use super::rich::{Rich, Seg};
use crate::guide::model::Row;

/// The narrowest a column may be before the grid is shown one option at a time.
const MIN_COLUMN: usize = 12;
/// The widest the row-label column gets; longer labels wrap.
const MAX_LABEL: usize = 22;
const GAP: usize = 2;

/// The label column's width and each option column's width for a total width, if the grid fits
/// as a table: every column at least [`MIN_COLUMN`] wide and no word broken.
pub(crate) fn table_widths(columns: &[String], rows: &[Row], width: usize) -> Option<(usize, usize)> {
    let label_w = rows.iter().map(|r| r.label.width()).max().unwrap_or(0).clamp(6, MAX_LABEL);
    let n = columns.len().max(1);
    let col_w = (width.saturating_sub(label_w + GAP) / n).checked_sub(GAP)?;
    let longest_word = columns
        .iter()
        .chain(rows.iter().flat_map(|r| r.cells.iter()))
        .flat_map(|c| c.split_whitespace())
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    (col_w >= MIN_COLUMN && longest_word <= col_w).then_some((label_w, col_w))
}

/// Draws the grid into `r`, as a table if it fits the width, else transposed.
pub(crate) fn grid(cx: &Ctx<'_>, r: &mut Rich, columns: &[String], rows: &[Row]) {
    let columns: Vec<String> = columns.iter().map(|c| cx.line_text(c)).collect();
    let rows: Vec<Row> = rows
        .iter()
        .map(|row| Row { label: cx.line_text(&row.label), cells: row.cells.iter().map(|c| cx.line_text(c)).collect() })
        .collect();
    let labels: Vec<String> = rows.iter().map(|row| row.label.clone()).collect();
    match table_widths(&columns, &rows, r.width) {
        Some((label_w, col_w)) => table(cx, r, &columns, &rows, &labels, label_w, col_w),
        None => transposed(cx, r, &columns, &rows, &labels),
    }
}

/// Wraps one cell to a width, returning its lines as spans.
fn cell(cx: &Ctx<'_>, r: &mut Rich, text: &str, width: usize, style: ratatui::style::Style) -> Vec<Vec<Span<'static>>> {
    let mut tmp = Rich::new(width);
    let segs = cx.term_segs(&mut tmp, text, style);
    tmp.wrap(&segs, vec![], vec![]);
    r.terms.extend(tmp.terms);
    tmp.lines.into_iter().map(|l| l.spans).collect()
}

fn table(
    cx: &Ctx<'_>,
    r: &mut Rich,
    columns: &[String],
    rows: &[Row],
    labels: &[String],
    label_w: usize,
    col_w: usize,
) {
    let heads: Vec<Vec<Vec<Span<'static>>>> = columns.iter().map(|c| cell(cx, r, c, col_w, cx.t.heading)).collect();
    push_row(r, &[vec![]], &heads, label_w, col_w);
    let total = label_w + GAP + columns.len() * (col_w + GAP) - GAP;
    r.line(vec![Span::styled("─".repeat(total.min(r.width)), cx.t.dim)]);
    for (row, label) in rows.iter().zip(labels) {
        let label_lines = cell(cx, r, label, label_w, cx.t.dim.add_modifier(ratatui::style::Modifier::BOLD));
        let cells: Vec<Vec<Vec<Span<'static>>>> = row.cells.iter().map(|c| cell(cx, r, c, col_w, cx.t.text)).collect();
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

fn transposed(cx: &Ctx<'_>, r: &mut Rich, columns: &[String], rows: &[Row], labels: &[String]) {
    for (i, column) in columns.iter().enumerate() {
        r.blank();
        r.wrap(&[Seg::new(column.clone(), cx.t.heading)], vec![], vec![Span::raw("  ")]);
        for (row, label) in rows.iter().zip(labels) {
            let value = row.cells.get(i).cloned().unwrap_or_default();
            let mut segs = vec![Seg::new(format!("{label}: "), cx.t.dim.add_modifier(ratatui::style::Modifier::BOLD))];
            segs.extend(cx.term_segs(r, &value, cx.t.text));
            r.wrap(&segs, vec![Span::raw("  ")], vec![Span::raw("    ")]);
        }
    }
}
