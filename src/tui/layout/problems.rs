//! Rendered diagnostics fitted to the width of the problems overlay.
//!
//! A diagnostic shows a line of the guide and, under it, a caret under the mistake. Wrapping
//! those two lines like prose would break the caret away from what it points at, so they are
//! cut instead: the same window of columns is kept of both, around the caret, with `…` where
//! the line goes on. Every other line wraps with its indent kept.

use unicode_width::UnicodeWidthChar;

/// One line to draw: its text, and the indent its wrapped continuation lines take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fitted {
    /// Drawn as it is (already narrower than the width).
    Exact(String),
    /// Wrapped at spaces, later lines indented by `indent` columns.
    Wrap {
        /// The text.
        text: String,
        /// Leading spaces of the line, kept on every wrapped line.
        indent: usize,
    },
}

/// Splits `line` as `   12 | source` into the gutter (`   12 | `) and the source.
fn source_line(line: &str) -> Option<(&str, &str)> {
    let bar = line.find(" | ")?;
    let number = line[..bar].trim_start();
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then(|| line.split_at(bar + 3))
}

/// Splits `line` as `      |    ^^^ label` into the gutter, the caret's column in the source, how
/// many carets, and the label after them.
fn caret_line(line: &str, gutter_w: usize) -> Option<(usize, usize, &str)> {
    if line.len() < gutter_w || !line.is_char_boundary(gutter_w) || !line[..gutter_w].trim_end().ends_with('|') {
        return None;
    }
    let rest = &line[gutter_w..];
    let col = rest.len() - rest.trim_start_matches(' ').len();
    let marks = &rest[col..];
    let count = marks.len() - marks.trim_start_matches(['^', '-']).len();
    (count > 0).then(|| (col, count, marks[count..].trim_start()))
}

fn cols(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The columns `from..from + len` of `s` (by display width).
fn columns(s: &str, from: usize, len: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if at >= from && at + w <= from + len {
            out.push(c);
        }
        at += w;
        if at >= from + len {
            break;
        }
    }
    out
}

/// Fits rendered diagnostics (`render_all` without colour) to `width` columns.
pub fn fit(text: &str, width: usize) -> Vec<Fitted> {
    let width = width.max(12);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((gutter, source)) = source_line(line)
            && let Some((col, count, label)) = lines.get(i + 1).and_then(|next| caret_line(next, gutter.len()))
        {
            let room = width.saturating_sub(gutter.len()).max(4);
            let caret_gutter = format!("{}| ", " ".repeat(gutter.len() - 2));
            let source_w = cols(source);
            let (start, shown) = if source_w <= room {
                (0, source.to_string())
            } else {
                // Keep the caret about a third of the way in, so some of what comes before shows.
                let start = col.saturating_sub(room / 3).min(source_w.saturating_sub(room - 1));
                let left = if start > 0 { "…" } else { "" };
                let inner = room - usize::from(start > 0);
                let cut_right = start + inner < source_w;
                let take = inner - usize::from(cut_right);
                let mut s = format!("{left}{}", columns(source, start, take));
                if cut_right {
                    s.push('…');
                }
                // A cut on the left adds the ellipsis' column before the caret.
                (start.saturating_sub(usize::from(start > 0)), s)
            };
            out.push(Fitted::Exact(format!("{gutter}{shown}")));
            let at = col - start;
            let marks = count.min(room.saturating_sub(at).max(1));
            let caret = format!("{caret_gutter}{}{}", " ".repeat(at), "^".repeat(marks));
            if label.is_empty() {
                out.push(Fitted::Exact(caret));
            } else if cols(&caret) + 1 + cols(label) <= width {
                out.push(Fitted::Exact(format!("{caret} {label}")));
            } else {
                out.push(Fitted::Exact(caret));
                out.push(Fitted::Wrap { text: format!("{caret_gutter}{label}"), indent: gutter.len() });
            }
            i += 2;
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if cols(line) <= width {
            out.push(Fitted::Exact(line.to_string()));
        } else {
            let hang = if line[indent..].starts_with("= ") { indent + 2 } else { indent };
            out.push(Fitted::Wrap { text: line.to_string(), indent: hang });
        }
        i += 1;
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const RENDERED: &str = "error[E0301]: the `next` of node `use` names a node \"budgte\" that does not exist
  --> g.toml:37:8
   |
37 | next = \"budgte\" # a comment that makes the line long, longer than a narrow window
   |        ^^^^^^^^ no node has this id
   |
   = help: did you mean \"budget\"?
";

    fn text(f: &Fitted) -> &str {
        match f {
            Fitted::Exact(t) | Fitted::Wrap { text: t, .. } => t,
        }
    }

    #[test]
    fn a_long_source_line_is_cut_around_the_caret() {
        let fitted = fit(RENDERED, 30);
        let at = fitted.iter().position(|f| text(f).starts_with("37 | ")).unwrap();
        let source = text(&fitted[at]);
        let caret = text(&fitted[at + 1]);
        assert!(cols(source) <= 30, "{source}");
        let col = caret.find('^').unwrap();
        assert_eq!(columns(source, col, 8), "\"budgte\"", "{source}\n{caret}");
        assert!(source.ends_with('…'));
    }

    #[test]
    fn a_caret_far_along_the_line_cuts_its_start() {
        let far = RENDERED
            .replace("next = \"budgte\" # a comment", "# padding padding padding padding; next = \"budgte\" # a")
            .replace("   |        ^^^^^^^^", &format!("   |{}^^^^^^^^", " ".repeat(1 + 35 + 7)));
        let fitted = fit(&far, 40);
        let at = fitted.iter().position(|f| text(f).starts_with("37 | ")).unwrap();
        let (source, caret) = (text(&fitted[at]), text(&fitted[at + 1]));
        assert!(source.starts_with("37 | …"), "{source}");
        let col = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(columns(source, col, 8), "\"budgte\"", "{source}\n{caret}");
    }

    #[test]
    fn lines_that_fit_stay_as_they_are() {
        let fitted = fit(RENDERED, 200);
        assert_eq!(fitted.iter().map(text).collect::<Vec<_>>().join("\n") + "\n", RENDERED);
    }
}
