//! Clickable links (OSC 8) in terminals that support them.
//!
//! A link escape inside a styled span would garble the screen and throw off ratatui's width
//! count. Instead the link text is drawn normally and afterwards every cell of it is rewritten to
//! carry the opening and closing sequence around its one character, with
//! [`CellDiffOption::ForcedWidth`] telling ratatui that the cell is still one column wide. The
//! cells of one link share an `id=`, so the terminal underlines and opens them as one link.
//!
//! When are links emitted? Only when the terminal very likely understands them, because a
//! terminal that does not may print the sequence as garbage: never with `TERM=dumb`, never when
//! the person set `GUIDEPOST_HYPERLINKS=0`; always with `GUIDEPOST_HYPERLINKS=1`; otherwise only
//! in terminals known to support them (by `TERM_PROGRAM`, `VTE_VERSION`, `WT_SESSION`, kitty,
//! `WezTerm`, foot, Ghostty, Alacritty). `NO_COLOR` does not turn links off: a link is not a colour.
//! The URL is always also written out in full next to the link text, so nothing depends on it.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Whether a URL may become a clickable link: http(s) and printable ASCII only, so it cannot
/// carry an escape sequence or disguise itself with look-alike characters.
pub fn is_linkable(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() < 2048
        && url.bytes().all(|b| b.is_ascii_graphic())
}

/// Decides from the environment whether to emit links (see the module documentation).
pub fn supported_by_terminal() -> bool {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    match var("GUIDEPOST_HYPERLINKS").as_str() {
        "1" | "yes" | "true" => return true,
        "0" | "no" | "false" => return false,
        _ => {}
    }
    let term = var("TERM");
    if term.is_empty() || term == "dumb" || term.starts_with("linux") {
        return false;
    }
    if !var("VTE_VERSION").is_empty() || !var("WT_SESSION").is_empty() || !var("KITTY_WINDOW_ID").is_empty() {
        return true;
    }
    let program = var("TERM_PROGRAM");
    if matches!(program.as_str(), "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper") {
        return true;
    }
    ["kitty", "foot", "wezterm", "alacritty", "ghostty"].iter().any(|t| term.contains(t))
}

/// One run of link text on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRun {
    /// Screen column of the first cell.
    pub x: u16,
    /// Screen row.
    pub y: u16,
    /// Number of cells.
    pub width: u16,
    /// Where it goes (already checked with [`is_linkable`]).
    pub url: String,
}

/// Rewrites the cells of each run (inside `clip`) so that the terminal shows them as a link.
/// Runs over cells that are not exactly one column wide are left as plain text.
pub fn apply(buf: &mut Buffer, clip: Rect, runs: &[LinkRun]) {
    for run in runs {
        if !is_linkable(&run.url) || run.y < clip.top() || run.y >= clip.bottom() {
            continue;
        }
        let start = run.x.max(clip.left());
        let end = run.x.saturating_add(run.width).min(clip.right());
        if start >= end {
            continue;
        }
        let plain_width = (start..end).all(|x| buf.cell((x, run.y)).is_some_and(|c| c.symbol().width() == 1));
        if !plain_width {
            continue;
        }
        let id = link_id(&run.url);
        for x in start..end {
            if let Some(cell) = buf.cell_mut((x, run.y)) {
                let symbol = format!("\x1b]8;id={id};{}\x1b\\{}\x1b]8;;\x1b\\", run.url, cell.symbol());
                cell.set_symbol(&symbol);
                cell.set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::MIN));
            }
        }
    }
}

/// A short id shared by the cells of one link.
fn link_id(url: &str) -> String {
    format!("gp{:08x}", crate::hash::fnv32(url.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_links_are_linkable() {
        assert!(is_linkable("https://example.org/a?b=c"));
        assert!(!is_linkable("javascript:alert(1)"));
        assert!(!is_linkable("https://exa\u{1b}mple.org"));
        assert!(!is_linkable("https://exämple.org"));
        assert!(!is_linkable("https://example.org/a b"));
    }

    #[test]
    fn every_link_cell_keeps_width_one() {
        let area = Rect::new(0, 0, 10, 1);
        let mut buf = Buffer::empty(area);
        buf.set_string(0, 0, "go here", ratatui::style::Style::new());
        apply(&mut buf, area, &[LinkRun { x: 3, y: 0, width: 4, url: "https://example.org".into() }]);
        for x in 3..7 {
            let cell = buf.cell((x, 0)).unwrap();
            assert!(cell.symbol().starts_with("\x1b]8;id=gp"), "{:?}", cell.symbol());
            assert!(cell.symbol().ends_with("\x1b]8;;\x1b\\"));
            assert_eq!(cell.diff_option, CellDiffOption::ForcedWidth(NonZeroU16::MIN));
        }
        assert_eq!(buf.cell((2, 0)).unwrap().symbol(), " ");
        assert_eq!(buf.cell((7, 0)).unwrap().symbol(), " ");
    }

    #[test]
    fn a_link_is_clipped_to_its_area() {
        let area = Rect::new(0, 0, 10, 2);
        let mut buf = Buffer::empty(area);
        apply(&mut buf, Rect::new(0, 0, 5, 1), &[LinkRun { x: 3, y: 0, width: 6, url: "https://e.org".into() }]);
        assert!(buf.cell((4, 0)).unwrap().symbol().contains("\x1b]8;"));
        assert_eq!(buf.cell((5, 0)).unwrap().symbol(), " ");
    }
}
