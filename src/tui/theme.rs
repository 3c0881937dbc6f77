//! Every style the interface uses, in one place, so the look stays calm and consistent: one accent
//! colour, plain text for reading, and meaning that never rests on colour alone (markers such as
//! `>` and `[x]`, bold, reverse and underline carry it too).

use ratatui::style::{Color, Modifier, Style};

/// The styles of one look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The crisis or help line shown at the top of every screen.
    pub banner: Style,
    /// Page headings.
    pub heading: Style,
    /// Reading text.
    pub text: Style,
    /// Secondary text: breadcrumb, progress, hints, help of an option.
    pub dim: Style,
    /// The highlighted option, item or search hit (reverse video, so it shows without colour).
    pub selected: Style,
    /// The `>` marker in front of the highlighted row.
    pub marker: Style,
    /// A glossary term in running text (underlined: never colour alone).
    pub term: Style,
    /// A link's text.
    pub link: Style,
    /// A key in the footer and the help overlay.
    pub key: Style,
    /// A problem the person can fix (always with a `!` in front).
    pub error: Style,
    /// A confirmation, such as where a file was saved.
    pub success: Style,
    /// Overlay borders and input boxes with focus.
    pub border: Style,
    /// Input boxes without focus.
    pub border_idle: Style,
    /// Matched characters in search results.
    pub matched: Style,
    /// The placeholder in an empty input.
    pub placeholder: Style,
    /// A compare row or cell the person said matters to them (bold, after a `★`).
    pub emphasis: Style,
}

const ACCENT: Color = Color::Cyan;

/// The default look: cyan accent on the terminal's own colours.
pub const DEFAULT: Theme = Theme {
    banner: Style::new().fg(ACCENT).add_modifier(Modifier::BOLD),
    heading: Style::new().add_modifier(Modifier::BOLD),
    text: Style::new(),
    dim: Style::new().fg(Color::Gray),
    selected: Style::new().fg(ACCENT).add_modifier(Modifier::REVERSED),
    marker: Style::new().fg(ACCENT).add_modifier(Modifier::BOLD),
    term: Style::new().add_modifier(Modifier::UNDERLINED),
    link: Style::new().fg(ACCENT).add_modifier(Modifier::UNDERLINED),
    key: Style::new().fg(ACCENT).add_modifier(Modifier::BOLD),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    success: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
    border: Style::new().fg(ACCENT),
    border_idle: Style::new().fg(Color::Gray),
    matched: Style::new().fg(ACCENT).add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    placeholder: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
    emphasis: Style::new().fg(ACCENT).add_modifier(Modifier::BOLD),
};

/// For low vision and bright rooms: bold yellow on black-safe colours, no dim text.
pub const HIGH_CONTRAST: Theme = Theme {
    banner: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    heading: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
    text: Style::new().fg(Color::White),
    dim: Style::new().fg(Color::White),
    selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    marker: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    term: Style::new().fg(Color::White).add_modifier(Modifier::UNDERLINED),
    link: Style::new().fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
    key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    error: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
    success: Style::new().fg(Color::LightGreen).add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::Yellow),
    border_idle: Style::new().fg(Color::White),
    matched: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    placeholder: Style::new().fg(Color::White).add_modifier(Modifier::ITALIC),
    emphasis: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
};

/// `NO_COLOR`: no colours at all; bold, reverse, underline and markers carry every meaning.
pub const MONOCHROME: Theme = Theme {
    banner: Style::new().add_modifier(Modifier::BOLD),
    heading: Style::new().add_modifier(Modifier::BOLD),
    text: Style::new(),
    dim: Style::new(),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    marker: Style::new().add_modifier(Modifier::BOLD),
    term: Style::new().add_modifier(Modifier::UNDERLINED),
    link: Style::new().add_modifier(Modifier::UNDERLINED),
    key: Style::new().add_modifier(Modifier::BOLD),
    error: Style::new().add_modifier(Modifier::BOLD),
    success: Style::new().add_modifier(Modifier::BOLD),
    border: Style::new(),
    border_idle: Style::new(),
    matched: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    placeholder: Style::new().add_modifier(Modifier::ITALIC),
    emphasis: Style::new().add_modifier(Modifier::BOLD),
};

/// Which look a person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// [`DEFAULT`].
    #[default]
    Default,
    /// [`HIGH_CONTRAST`].
    HighContrast,
}

impl Theme {
    /// The theme for a name, or [`MONOCHROME`] when colour is turned off.
    pub fn pick(name: ThemeName, no_color: bool) -> Theme {
        match (no_color, name) {
            (true, _) => MONOCHROME,
            (false, ThemeName::Default) => DEFAULT,
            (false, ThemeName::HighContrast) => HIGH_CONTRAST,
        }
    }
}

/// Whether the person turned colour off (`NO_COLOR` set to anything but an empty string, as
/// <https://no-color.org> asks).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monochrome_has_no_colour_anywhere() {
        let t = MONOCHROME;
        for s in [
            t.banner,
            t.heading,
            t.text,
            t.dim,
            t.selected,
            t.marker,
            t.term,
            t.link,
            t.key,
            t.error,
            t.success,
            t.border,
            t.border_idle,
            t.matched,
            t.placeholder,
            t.emphasis,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }

    #[test]
    fn the_highlight_does_not_rest_on_colour() {
        for t in [DEFAULT, HIGH_CONTRAST, MONOCHROME] {
            assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
            assert!(t.term.add_modifier.contains(Modifier::UNDERLINED));
            assert!(t.emphasis.add_modifier.contains(Modifier::BOLD));
        }
    }
}
