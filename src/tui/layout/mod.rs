//! Where everything goes on screen, measured once for both key handling and drawing.
//!
//! The map:
//! - this file: the rows of the screen (`chrome`), the page as laid out (`page_view`) and the
//!   open overlay as laid out (`overlay_view`), for the app's size;
//! - [`rich`]: styled text wrapped to a width, knowing which lines each list entry, link and
//!   focus occupies, and [`rich::settle_scroll`], which keeps a scroll offset in range;
//! - `page`: what each page says (the start screen and one builder per kind of node);
//! - `overlay`: what each overlay says; `compare`: the compare grid; `problems`: a
//!   reloaded guide's problems fitted to a width.
//!
//! It sits below both `update` (which pages, scrolls and clicks by these measurements) and
//! `view` (which draws them), and only reads the app, so the two always agree and neither needs
//! the other.

pub(crate) mod compare;
pub(crate) mod overlay;
pub(crate) mod page;
pub(crate) mod problems;
pub mod rich;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use self::rich::{Rich, Seg, settle_scroll};
use super::app::{App, Screen};
use crate::guide::NodeKind;
use crate::guide::text::sanitize_line;

/// The smallest window the interface draws in; below it, a message asks for more room.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 10;
/// The widest the text column gets: about 100 columns of prose plus the padding.
pub const MAX_COLUMN: u16 = 104;

/// The rows and columns of the screen.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chrome {
    pub banner: Rect,
    pub crumb: Rect,
    /// The page, inside the padding.
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

fn full_area(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

pub(crate) fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// A compare grid that fits as a table only when given the whole width gets the whole width.
fn wide_page(app: &App, area: Rect) -> bool {
    if app.screen != Screen::Walk || area.width <= MAX_COLUMN {
        return false;
    }
    let NodeKind::Compare { columns, rows, .. } = &app.guide.node(app.page.node).kind else { return false };
    let grid = crate::engine::compare::resolve(columns, rows, &app.session.env(&app.guide));
    let text = |w: u16| w.saturating_sub(4) as usize;
    compare::table_widths(&grid, text(MAX_COLUMN)).is_none() && compare::table_widths(&grid, text(area.width)).is_some()
}

pub(crate) fn banner_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(banner) = &app.guide.meta.banner else { return Vec::new() };
    let mut r = Rich::new(width);
    r.wrap(&[Seg::new(sanitize_line(banner), app.theme.banner)], vec![], vec![]);
    let mut lines = r.lines;
    lines.truncate(2);
    lines
}

/// The status line wrapped to the width: a message is never cut off, it takes up to three rows.
pub(crate) fn status_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(m) = &app.status else { return Vec::new() };
    let mut r = Rich::new(width);
    r.wrap(&page::message_segs(&app.theme, m), vec![], vec![Span::raw("  ")]);
    let mut lines = r.lines;
    lines.truncate(3);
    lines
}

pub(crate) fn chrome(app: &App, area: Rect) -> Chrome {
    // The banner, breadcrumb, status and footer keep to the text column, so they stay put when
    // a wide comparison takes the whole width for the page.
    let col_w = area.width.min(MAX_COLUMN);
    let x = area.x + (area.width - col_w) / 2;
    let pad = if col_w >= 44 { 2 } else { 1 };
    let inner_x = x + pad;
    let inner_w = col_w.saturating_sub(pad * 2).max(1);
    let (body_x, body_w) = if wide_page(app, area) {
        let wide = area.width;
        (area.x + 2, wide.saturating_sub(4).max(1))
    } else {
        (inner_x, inner_w)
    };
    let banner_h = banner_lines(app, inner_w as usize).len() as u16;
    let gap = u16::from(area.height >= 16);
    let top = area.y + u16::from(area.height >= 16);
    let banner = Rect::new(inner_x, top, inner_w, banner_h);
    let crumb = Rect::new(inner_x, banner.bottom(), inner_w, 1);
    let footer = Rect::new(inner_x, area.bottom().saturating_sub(1), inner_w, 1);
    let status_h = (status_lines(app, inner_w as usize).len() as u16).clamp(1, 3);
    let status = Rect::new(inner_x, footer.y.saturating_sub(status_h), inner_w, status_h);
    let body_top = crumb.bottom() + gap;
    let body_h = status.y.saturating_sub(body_top + gap);
    let body = Rect::new(body_x, body_top, body_w, body_h);
    Chrome { banner, crumb, body, status, footer }
}

/// The page as laid out: the question's title when it stays in view, the body that scrolls, the
/// row that says more is below, the fixed lines under it, and where each goes.
pub(crate) struct PageView {
    pub head: Rich,
    pub head_area: Rect,
    pub body: Rich,
    pub fixed: Rich,
    pub area: Rect,
    pub fixed_area: Rect,
    /// The row kept for "more below" while the body does not fit.
    pub more_area: Option<Rect>,
}

impl PageView {
    /// Whether text of the body is below the window at this scroll offset.
    pub fn more_below(&self, scroll: usize) -> bool {
        let height = self.area.height as usize;
        settle_scroll(scroll, self.body.len(), height, None) + height < self.body.len()
    }
}

/// Lays out the page for the app's current size.
pub(crate) fn page_view(app: &App) -> PageView {
    page_view_in(app, full_area(app))
}

pub(crate) fn page_view_in(app: &App, area: Rect) -> PageView {
    let c = chrome(app, area);
    let width = c.body.width as usize;
    let (mut body, fixed) = page::page(app, width);
    let fixed_h = (fixed.len() as u16).min(c.body.height / 2);
    let mut room = c.body.height - fixed_h;
    let overflow = body.len() > room as usize;
    // A window too short to spare a row keeps only the arrow in the margin.
    let more_h = u16::from(overflow && room >= 4);
    room -= more_h;
    // On a question that does not fit, the question itself stays at the top while the text
    // under it scrolls, so it is on screen together with the options or the box.
    let title_h = if overflow && app.screen == Screen::Walk && app.guide.node(app.page.node).is_question() {
        let h = page::title_len(app, width);
        if (room as usize) >= h + 4 { h } else { 0 }
    } else {
        0
    };
    let head = body.split_top(title_h);
    let head_area = Rect::new(c.body.x, c.body.y, c.body.width, title_h as u16);
    let area = Rect::new(c.body.x, head_area.bottom(), c.body.width, room - title_h as u16);
    let more_area = (more_h > 0).then(|| Rect::new(c.body.x, area.bottom(), c.body.width, 1));
    let below = more_area.map_or(area.bottom(), Rect::bottom);
    // The fixed lines follow the text when it is short, and sit at the bottom when it scrolls.
    let fixed_y = if body.len() <= area.height as usize { area.y + body.len() as u16 } else { below };
    let fixed_area = Rect::new(c.body.x, fixed_y, c.body.width, fixed_h);
    PageView { head, head_area, body, fixed, area, fixed_area, more_area }
}

/// Whether an information page (or the start screen) has text below the window, so Enter shows
/// it before moving on.
pub(crate) fn more_below(app: &App) -> bool {
    if too_small(full_area(app)) {
        return false;
    }
    page_view(app).more_below(app.page.scroll)
}

/// An overlay as laid out.
pub(crate) struct OverlayView {
    pub frame: Rect,
    pub title: String,
    pub header: Rich,
    pub header_area: Rect,
    pub body: Rich,
    pub area: Rect,
}

/// Lays out the open overlay for the app's current size.
pub(crate) fn overlay_view(app: &App) -> Option<OverlayView> {
    overlay_view_in(app, full_area(app))
}

pub(crate) fn overlay_view_in(app: &App, area: Rect) -> Option<OverlayView> {
    let overlay = app.overlay.as_ref()?;
    // Overlays cover the page only: the banner, the breadcrumb, the status line and the footer
    // (which lists the overlay's keys) stay visible.
    let c = chrome(app, area);
    let top = c.crumb.bottom();
    let room = Rect::new(area.x, top, area.width, c.status.y.saturating_sub(top));
    let w = room.width.saturating_sub(2).clamp(1, 76);
    let inner_w = w.saturating_sub(4).max(1);
    let content = overlay::content(app, overlay, inner_w as usize);
    let header_h = content.header.len() as u16;
    let max_h = room.height.saturating_sub(if room.height > 14 { 2 } else { 0 }).max(3);
    let wanted = content.header.len() + content.body.len() + 2;
    let h = if content.tall { max_h } else { (wanted as u16).clamp(3, max_h) };
    let frame = Rect::new(room.x + room.width.saturating_sub(w) / 2, room.y + room.height.saturating_sub(h) / 2, w, h);
    let inner = Rect::new(frame.x + 2, frame.y + 1, inner_w, frame.height.saturating_sub(2));
    let header_area = Rect::new(inner.x, inner.y, inner.width, header_h.min(inner.height));
    let area = Rect::new(inner.x, header_area.bottom(), inner.width, inner.height.saturating_sub(header_area.height));
    Some(OverlayView { frame, title: content.title, header: content.header, header_area, body: content.body, area })
}

/// The height of the open overlay's scrolling area (for paging).
pub(crate) fn overlay_area_height(app: &App) -> usize {
    overlay_view(app).map_or(1, |o| o.area.height as usize)
}
