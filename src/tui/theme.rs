//! Every style the interface uses, in one place, so the look stays calm and consistent: one accent
//! colour, the terminal's own foreground for reading, and meaning that never rests on colour alone
//! (markers such as `>` and `[x]`, bold, reverse and underline carry it too).
//!
//! Reading text is never given a colour: the terminal's default foreground was chosen by the
//! person for their own background. Accents and secondary text are given colours from the
//! 256-colour cube, whose values are fixed, so their contrast against a light or a dark background
//! can be computed; the tests hold every pair to WCAG AA (4.5:1) on a range of common backgrounds,
//! and the high-contrast looks to AAA (7:1). Which background the terminal has is found by
//! [`super::background`].

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

/// The colours a look is built from.
struct Palette {
    accent: Color,
    dim: Color,
    error: Color,
    success: Color,
    idle: Color,
}

const fn build(p: &Palette, strong: bool) -> Theme {
    let text = if strong { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
    Theme {
        banner: Style::new().fg(p.accent).add_modifier(Modifier::BOLD),
        heading: Style::new().add_modifier(Modifier::BOLD),
        text,
        dim: Style::new().fg(p.dim),
        selected: Style::new().fg(p.accent).add_modifier(if strong {
            Modifier::REVERSED.union(Modifier::BOLD)
        } else {
            Modifier::REVERSED
        }),
        marker: Style::new().fg(p.accent).add_modifier(Modifier::BOLD),
        term: text.add_modifier(Modifier::UNDERLINED),
        link: Style::new().fg(p.accent).add_modifier(Modifier::UNDERLINED),
        key: Style::new().fg(p.accent).add_modifier(Modifier::BOLD),
        error: Style::new().fg(p.error).add_modifier(Modifier::BOLD),
        success: Style::new().fg(p.success).add_modifier(Modifier::BOLD),
        border: Style::new().fg(p.accent),
        border_idle: Style::new().fg(p.idle),
        matched: Style::new().fg(p.accent).add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        placeholder: Style::new().fg(p.dim).add_modifier(Modifier::ITALIC),
        emphasis: Style::new().fg(p.accent).add_modifier(Modifier::BOLD),
    }
}

/// For dark backgrounds: a light cyan accent (#5fd7d7) and light grey (#bcbcbc) secondary text.
pub const DARK: Theme = build(
    &Palette {
        accent: Color::Indexed(80),
        dim: Color::Indexed(250),
        error: Color::Indexed(210),
        success: Color::Indexed(114),
        idle: Color::Indexed(248),
    },
    false,
);

/// For light backgrounds: a deep blue-green accent (#005f87) and dark grey (#585858) secondary
/// text.
pub const LIGHT: Theme = build(
    &Palette {
        accent: Color::Indexed(24),
        dim: Color::Indexed(240),
        error: Color::Indexed(124),
        success: Color::Indexed(22),
        idle: Color::Indexed(241),
    },
    false,
);

/// For low vision on a dark background: yellow (#ffff00) accent, near-white secondary text, bold
/// reading text.
pub const HIGH_CONTRAST_DARK: Theme = build(
    &Palette {
        accent: Color::Indexed(226),
        dim: Color::Indexed(255),
        error: Color::Indexed(217),
        success: Color::Indexed(157),
        idle: Color::Indexed(255),
    },
    true,
);

/// For low vision or a bright room on a light background: navy (#0000af) accent, near-black
/// secondary text, bold reading text.
pub const HIGH_CONTRAST_LIGHT: Theme = build(
    &Palette {
        accent: Color::Indexed(19),
        dim: Color::Indexed(234),
        error: Color::Indexed(88),
        // The cube's darkest green (#005f00) falls just short of 7:1 on light grey.
        success: Color::Rgb(0, 77, 0),
        idle: Color::Indexed(234),
    },
    true,
);

/// The look used when nothing is known about the terminal (tests, the preview).
pub const DEFAULT: Theme = DARK;

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
    /// [`DARK`] or [`LIGHT`], whichever suits the terminal's background.
    #[default]
    Auto,
    /// [`DARK`], whatever the terminal.
    Dark,
    /// [`LIGHT`], whatever the terminal.
    Light,
    /// [`HIGH_CONTRAST_DARK`] or [`HIGH_CONTRAST_LIGHT`], whichever suits the background.
    HighContrast,
}

impl ThemeName {
    /// Whether the look depends on the terminal's background, so it is worth asking the terminal.
    pub fn follows_background(self) -> bool {
        matches!(self, ThemeName::Auto | ThemeName::HighContrast)
    }
}

/// Whether the terminal's background is light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    /// Dark (also the guess when nothing is known: most terminals start dark).
    #[default]
    Dark,
    /// Light.
    Light,
}

impl Background {
    /// The background of a colour, by its relative luminance: lighter than the middle grey is
    /// light.
    pub fn of_rgb(rgb: (u8, u8, u8)) -> Background {
        // The luminance of #767676, the grey with equal contrast against black and white.
        if relative_luminance(rgb) > 0.18 { Background::Light } else { Background::Dark }
    }

    /// The background named by `COLORFGBG` (`"15;0"`: foreground;background, as set by rxvt,
    /// Konsole and others), if it names one: colours 7 and 9 to 15 are light, the rest dark.
    pub fn from_colorfgbg(value: &str) -> Option<Background> {
        let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
        match bg {
            7 | 9..=15 => Some(Background::Light),
            0..=6 | 8 => Some(Background::Dark),
            _ => None,
        }
    }
}

impl Theme {
    /// The theme for a name on a background, or [`MONOCHROME`] when colour is turned off.
    pub fn pick(name: ThemeName, background: Background, no_color: bool) -> Theme {
        if no_color {
            return MONOCHROME;
        }
        match (name, background) {
            (ThemeName::Dark, _) | (ThemeName::Auto, Background::Dark) => DARK,
            (ThemeName::Light, _) | (ThemeName::Auto, Background::Light) => LIGHT,
            (ThemeName::HighContrast, Background::Dark) => HIGH_CONTRAST_DARK,
            (ThemeName::HighContrast, Background::Light) => HIGH_CONTRAST_LIGHT,
        }
    }
}

/// Whether the person turned colour off (`NO_COLOR` set to anything but an empty string, as
/// <https://no-color.org> asks).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The red, green and blue of a colour whose value is fixed (the 256-colour cube and grey ramp,
/// or RGB); `None` for the 16 named colours, which every terminal paints its own way.
pub fn rgb_of(color: Color) -> Option<(u8, u8, u8)> {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match color {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i @ 16..=231) => {
            let i = i - 16;
            Some((LEVELS[usize::from(i / 36)], LEVELS[usize::from(i / 6 % 6)], LEVELS[usize::from(i % 6)]))
        }
        Color::Indexed(i @ 232..=255) => {
            let v = 8 + (i - 232) * 10;
            Some((v, v, v))
        }
        _ => None,
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio between two colours, from 1 to 21.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn styles(t: &Theme) -> [(&'static str, Style); 16] {
        [
            ("banner", t.banner),
            ("heading", t.heading),
            ("text", t.text),
            ("dim", t.dim),
            ("selected", t.selected),
            ("marker", t.marker),
            ("term", t.term),
            ("link", t.link),
            ("key", t.key),
            ("error", t.error),
            ("success", t.success),
            ("border", t.border),
            ("border_idle", t.border_idle),
            ("matched", t.matched),
            ("placeholder", t.placeholder),
            ("emphasis", t.emphasis),
        ]
    }

    /// Common dark backgrounds: black, xterm's grey 234, VS Code, One Dark, Solarized dark.
    const DARK_BACKGROUNDS: [(u8, u8, u8); 5] =
        [(0, 0, 0), (0x1c, 0x1c, 0x1c), (0x1e, 0x1e, 0x1e), (0x28, 0x2c, 0x34), (0x00, 0x2b, 0x36)];
    /// Common light backgrounds: white, Solarized light, grey 255, macOS Terminal's "Basic".
    const LIGHT_BACKGROUNDS: [(u8, u8, u8); 4] =
        [(255, 255, 255), (0xfd, 0xf6, 0xe3), (0xee, 0xee, 0xee), (0xf5, 0xf5, 0xf5)];

    fn check(name: &str, theme: &Theme, backgrounds: &[(u8, u8, u8)], least: f64) {
        for (what, style) in styles(theme) {
            assert_eq!(style.bg, None, "{name}.{what} paints no background of its own");
            let Some(fg) = style.fg else { continue };
            let rgb = rgb_of(fg).unwrap_or_else(|| panic!("{name}.{what} uses {fg:?}, whose contrast is unknown"));
            for bg in backgrounds {
                let ratio = contrast(rgb, *bg);
                assert!(ratio >= least, "{name}.{what} {rgb:?} on {bg:?} is {ratio:.2}:1, under {least}:1");
            }
        }
    }

    #[test]
    fn every_colour_pair_reaches_wcag_aa_on_its_background() {
        check("DARK", &DARK, &DARK_BACKGROUNDS, 4.5);
        check("LIGHT", &LIGHT, &LIGHT_BACKGROUNDS, 4.5);
    }

    #[test]
    fn high_contrast_reaches_wcag_aaa_on_light_and_dark() {
        check("HIGH_CONTRAST_DARK", &HIGH_CONTRAST_DARK, &DARK_BACKGROUNDS, 7.0);
        check("HIGH_CONTRAST_LIGHT", &HIGH_CONTRAST_LIGHT, &LIGHT_BACKGROUNDS, 7.0);
    }

    #[test]
    fn reading_text_keeps_the_terminals_own_colour() {
        for t in [DARK, LIGHT, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT, MONOCHROME] {
            assert_eq!(t.text.fg, None);
            assert_eq!(t.heading.fg, None);
        }
    }

    #[test]
    fn the_contrast_formula_matches_known_values() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.01);
        assert_eq!(rgb_of(Color::Indexed(24)), Some((0, 95, 135)));
        assert_eq!(rgb_of(Color::Indexed(232)), Some((8, 8, 8)));
        assert_eq!(rgb_of(Color::Gray), None);
    }

    #[test]
    fn backgrounds_are_told_apart() {
        assert_eq!(Background::of_rgb((255, 255, 255)), Background::Light);
        assert_eq!(Background::of_rgb((0xfd, 0xf6, 0xe3)), Background::Light);
        assert_eq!(Background::of_rgb((0x28, 0x2c, 0x34)), Background::Dark);
        assert_eq!(Background::from_colorfgbg("15;0"), Some(Background::Dark));
        assert_eq!(Background::from_colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(Background::from_colorfgbg("12;default;7"), Some(Background::Light));
        assert_eq!(Background::from_colorfgbg("default"), None);
    }

    #[test]
    fn no_color_wins_and_names_follow_the_background() {
        assert_eq!(Theme::pick(ThemeName::HighContrast, Background::Light, true), MONOCHROME);
        assert_eq!(Theme::pick(ThemeName::Auto, Background::Light, false), LIGHT);
        assert_eq!(Theme::pick(ThemeName::Auto, Background::Dark, false), DARK);
        assert_eq!(Theme::pick(ThemeName::Dark, Background::Light, false), DARK);
        assert_eq!(Theme::pick(ThemeName::HighContrast, Background::Light, false), HIGH_CONTRAST_LIGHT);
        assert_eq!(Theme::pick(ThemeName::HighContrast, Background::Dark, false), HIGH_CONTRAST_DARK);
    }

    #[test]
    fn monochrome_has_no_colour_anywhere() {
        for (_, s) in styles(&MONOCHROME) {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }

    #[test]
    fn the_highlight_does_not_rest_on_colour() {
        for t in [DARK, LIGHT, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT, MONOCHROME] {
            assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
            assert!(t.term.add_modifier.contains(Modifier::UNDERLINED));
            assert!(t.emphasis.add_modifier.contains(Modifier::BOLD));
        }
    }
}
