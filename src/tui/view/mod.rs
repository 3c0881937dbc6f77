//! Drawing. Views only read the [`App`]; every frame is a pure function of its state and the
//! frame size.
//!
//! The screen, top to bottom: the guide's banner (a crisis line, say), the breadcrumb with the
//! progress on the right, the page (which scrolls), a status line and the footer of keys. Text
//! sits in a centred column of at most [`MAX_COLUMN`] cells so lines stay readable on wide
//! terminals; the compare grid may use the full width. Where each part goes is measured in
//! [`super::layout`], which key handling shares; this module only draws what it measured.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::keymap;
use super::layout::rich::{Rich, settle_scroll, truncate};
pub use super::layout::{MAX_COLUMN, MIN_HEIGHT, MIN_WIDTH};
use super::layout::{
    OverlayView, banner_lines, chrome, more_below, overlay_view_in, page_view_in, status_lines, too_small,
};
use super::links::{self, LinkRun};
use crate::guide::NodeKind;
use crate::guide::text::sanitize_line;

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
