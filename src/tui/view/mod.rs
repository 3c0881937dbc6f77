//! Drawing. Views only read the [`App`]; every frame is a pure function of its state and the
//! frame size.
//!
//! The screen, top to bottom: the guide's banner (a crisis line, say), the breadcrumb with the
//! progress on the right, the page (which scrolls), a status line and the footer of keys. Text
//! sits in a centred column of at most [`MAX_COLUMN`] cells so lines stay readable on wide
//! terminals; the compare grid may use the full width.

pub(crate) mod compare;
pub(crate) mod content;
pub(crate) mod overlay;
pub(crate) mod problems;
pub mod rich;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use self::rich::{Rich, Seg, settle_scroll, truncate};
use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::keymap;
use super::links::{self, LinkRun};
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
    banner: Rect,
    crumb: Rect,
    /// The page, inside the padding.
    body: Rect,
    status: Rect,
    footer: Rect,
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

fn banner_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(banner) = &app.guide.meta.banner else { return Vec::new() };
    let mut r = Rich::new(width);
    r.wrap(&[Seg::new(sanitize_line(banner), app.theme.banner)], vec![], vec![]);
    let mut lines = r.lines;
    lines.truncate(2);
    lines
}

/// The status line wrapped to the width: a message is never cut off, it takes up to three rows.
fn status_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(m) = &app.status else { return Vec::new() };
    let mut r = Rich::new(width);
    r.wrap(&content::message_segs(&app.theme, m), vec![], vec![Span::raw("  ")]);
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

fn page_view_in(app: &App, area: Rect) -> PageView {
    let c = chrome(app, area);
    let width = c.body.width as usize;
    let (mut body, fixed) = content::page(app, width);
    let fixed_h = (fixed.len() as u16).min(c.body.height / 2);
    let mut room = c.body.height - fixed_h;
    let overflow = body.len() > room as usize;
    // A window too short to spare a row keeps only the arrow in the margin.
    let more_h = u16::from(overflow && room >= 4);
    room -= more_h;
    // On a question that does not fit, the question itself stays at the top while the text
    // under it scrolls, so it is on screen together with the options or the box.
    let title_h = if overflow && app.screen == Screen::Walk && app.guide.node(app.page.node).is_question() {
        let h = content::title_len(app, width);
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

fn overlay_view_in(app: &App, area: Rect) -> Option<OverlayView> {
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

/// Draws the whole interface.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    if too_small(area) {
        render_too_small(app, frame, area);
        return;
    }
    let c = chrome(app, area);
    render_banner(app, frame, c.banner);
    render_crumb(app, frame, c.crumb);
    let pv = page_view_in(app, area);
    let head_cursor = render_rich(app, frame, &pv.head, pv.head_area, 0);
    let mut cursor = render_rich(app, frame, &pv.body, pv.area, app.page.scroll).or(head_cursor);
    if let Some(row) = pv.more_area
        && pv.more_below(app.page.scroll)
    {
        let text = if keymap_confirm_reads_on(app) { "↓ More below: Enter shows it" } else { "↓ More below" };
        frame.buffer_mut().set_string(row.x, row.y, truncate(text, row.width as usize), app.theme.dim);
        // The row says it already; the arrow in the margin would repeat it.
        if pv.area.right() < area.right() && pv.area.height > 0 {
            frame.buffer_mut().set_string(pv.area.right(), pv.area.bottom() - 1, " ", ratatui::style::Style::new());
        }
    }
    render_rich(app, frame, &pv.fixed, pv.fixed_area, 0);
    render_status(app, frame, c.status);
    render_footer(app, frame, c.footer);
    if let Some(ov) = overlay_view_in(app, area) {
        // The page underneath is cleared rather than shown through, so nothing competes.
        frame.render_widget(Clear, Rect::new(area.x, c.crumb.bottom(), area.width, c.status.y - c.crumb.bottom()));
        cursor = render_overlay(app, frame, &ov);
    }
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// Whether Enter pages down on this screen while text is below (pages of text, not questions).
fn keymap_confirm_reads_on(app: &App) -> bool {
    matches!(app.page_context(), keymap::Context::Start | keymap::Context::Info | keymap::Context::Compare)
}

fn render_too_small(app: &App, frame: &mut Frame<'_>, area: Rect) {
    // The banner (a crisis line, say) stays whatever the size: it comes first, as many of its
    // lines as fit, and the request for room goes under it.
    let mut banner = banner_lines(app, area.width as usize);
    banner.truncate(if area.height > 2 { 2 } else { 1 });
    let banner_h = (banner.len() as u16).min(area.height);
    frame.render_widget(Paragraph::new(Text::from(banner)), Rect::new(area.x, area.y, area.width, banner_h));
    let rest = Rect::new(area.x, area.y + banner_h, area.width, area.height - banner_h);
    if rest.height == 0 {
        return;
    }
    let text = format!("Make the window larger (needs at least {MIN_WIDTH}×{MIN_HEIGHT})");
    let lines = if rest.width >= 20 { 3 } else { rest.height };
    let y = rest.y + rest.height.saturating_sub(lines) / 2;
    let rect = Rect::new(rest.x, y, rest.width, rest.height - (y - rest.y));
    frame.render_widget(Paragraph::new(text).style(app.theme.text).centered().wrap(Wrap { trim: true }), rect);
}

fn render_banner(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let lines = banner_lines(app, area.width as usize);
    frame.render_widget(Paragraph::new(Text::from(lines)), area);
}

/// The breadcrumb (guide title › page title) and the progress, on one line.
fn render_crumb(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let t = &app.theme;
    let width = area.width as usize;
    let guide_title = sanitize_line(&app.guide.meta.title).into_owned();
    let (page_title, progress) = match app.screen {
        Screen::Start => ("Start".to_string(), String::new()),
        Screen::Walk => {
            let node = app.guide.node(app.page.node);
            let title = sanitize_line(&app.session.env(&app.guide).interpolate(&node.title)).into_owned();
            let progress = if matches!(node.kind, NodeKind::End) {
                "Checklist ready".to_string()
            } else {
                app.session.progress(&app.guide).describe()
            };
            (title, progress)
        }
    };
    let progress_w = progress.width();
    let room = width.saturating_sub(progress_w + 2);
    let mut spans = Vec::new();
    if page_title.is_empty() {
        spans.push(Span::styled(truncate(&guide_title, room), t.dim));
    } else {
        let page_w = page_title.width().min(room);
        let guide_room = room.saturating_sub(page_w + 3);
        if guide_room >= 8 {
            spans.push(Span::styled(truncate(&guide_title, guide_room), t.dim));
            spans.push(Span::styled(" › ", t.dim));
        }
        spans.push(Span::styled(truncate(&page_title, room), t.text));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    if !progress.is_empty() && used + progress_w < width {
        spans.push(Span::raw(" ".repeat(width - used - progress_w)));
        spans.push(Span::styled(progress, t.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws the visible part of some text, its scroll marks and links; returns where the cursor
/// belongs if it is in view.
fn render_rich(app: &App, frame: &mut Frame<'_>, rich: &Rich, area: Rect, scroll: usize) -> Option<Position> {
    if area.height == 0 || area.width == 0 {
        return None;
    }
    let height = area.height as usize;
    let scroll = settle_scroll(scroll, rich.len(), height, None);
    // The lines are wrapped already: they are written as they are, without copying them into a
    // widget that would measure and wrap them again.
    let buf = frame.buffer_mut();
    for (row, line) in rich.lines.iter().skip(scroll).take(height).enumerate() {
        buf.set_line(area.x, area.y + row as u16, line, area.width);
    }
    // Scroll marks sit in the right-hand padding, so they never cover text.
    let mark_x = area.right();
    if mark_x < frame.area().right() {
        if scroll > 0 {
            frame.buffer_mut().set_string(mark_x, area.y, "↑", app.theme.dim);
        }
        if scroll + height < rich.len() {
            frame.buffer_mut().set_string(mark_x, area.bottom() - 1, "↓", app.theme.dim);
        }
    }
    if app.links {
        let runs: Vec<LinkRun> = rich
            .links
            .iter()
            .filter(|l| l.line >= scroll && l.line < scroll + height)
            .map(|l| LinkRun {
                x: area.x + l.col,
                y: area.y + (l.line - scroll) as u16,
                width: l.width,
                url: l.url.clone(),
            })
            .collect();
        links::apply(frame.buffer_mut(), area, &runs);
    }
    let (line, col) = rich.cursor?;
    if line < scroll || line >= scroll + height {
        return None;
    }
    Some(Position::new((area.x + col).min(area.right().saturating_sub(1)), area.y + (line - scroll) as u16))
}

fn render_status(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let lines = status_lines(app, area.width as usize);
    frame.render_widget(Paragraph::new(Text::from(lines)), area);
}

/// The keys that work right now, from the keymap table, as many as fit. When they do not all
/// fit, help, quit, back and save are kept first, then Enter's, and the rest dropped; the kept
/// ones stay in table order.
fn render_footer(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let t = &app.theme;
    let state = keymap::State {
        more_below: app.overlay.is_none() && keymap_confirm_reads_on(app) && more_below(app),
        ..app.key_state()
    };
    let entries = keymap::footer(&app.contexts(), state);
    let width = area.width as usize;
    let entry_w = |(k, l, _): &(String, &str, Action)| k.width() + 1 + l.width();
    let rank = |a: Action| match a {
        Action::Help => 0,
        Action::Quit => 1,
        Action::Back => 2,
        Action::Save => 3,
        Action::Confirm => 4,
        _ => 5,
    };
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| rank(entries[i].2));
    let mut kept = vec![false; entries.len()];
    let mut used = 0;
    for i in order {
        let w = entry_w(&entries[i]) + if used == 0 { 0 } else { 3 };
        if used + w <= width {
            kept[i] = true;
            used += w;
        }
    }
    let mut spans = Vec::new();
    for (e, _) in entries.iter().zip(&kept).filter(|(_, k)| **k) {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", t.dim));
        }
        spans.push(Span::styled(e.0.clone(), t.key));
        spans.push(Span::styled(format!(" {}", e.1), t.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_overlay(app: &App, frame: &mut Frame<'_>, ov: &OverlayView) -> Option<Position> {
    frame.render_widget(Clear, ov.frame);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border)
        .title(Span::styled(format!(" {} ", ov.title), app.theme.heading));
    frame.render_widget(block, ov.frame);
    let header_cursor = render_rich(app, frame, &ov.header, ov.header_area, 0);
    let scroll = match &app.overlay {
        Some(
            Overlay::Help { scroll }
            | Overlay::Review { scroll, .. }
            | Overlay::Glossary { scroll }
            | Overlay::Details { scroll, .. }
            | Overlay::Problems { scroll }
            | Overlay::About { scroll },
        ) => *scroll,
        Some(Overlay::Search(s)) => s.scroll,
        _ => 0,
    };
    let body_cursor = render_rich(app, frame, &ov.body, ov.area, scroll);
    // The cursor follows the highlighted row of a list, else the input.
    let focus_cursor = ov.body.focus.as_ref().and_then(|f| {
        let scroll = settle_scroll(scroll, ov.body.len(), ov.area.height as usize, None);
        (f.start >= scroll && f.start < scroll + ov.area.height as usize)
            .then(|| Position::new(ov.area.x, ov.area.y + (f.start - scroll) as u16))
    });
    header_cursor.or(body_cursor).or(focus_cursor)
}
