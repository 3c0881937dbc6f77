//! Checklist exports. Each format renders the same [`Report`], so they never disagree.

pub mod html;
pub mod json;
pub mod markdown;
pub mod text;

use crate::engine::report::Report;

/// The formats a checklist can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// GitHub-flavoured Markdown with task lists.
    Markdown,
    /// Plain text, 80 columns, no markup.
    Text,
    /// A stable JSON shape for other programs.
    Json,
    /// One self-contained printable page.
    Html,
}

impl Format {
    /// Every format, in the order a toggle cycles through them.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Text, Format::Json, Format::Html];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Json => "json",
            Format::Html => "html",
        }
    }

    /// A name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Text => "plain text",
            Format::Json => "JSON",
            Format::Html => "HTML",
        }
    }

    /// The file endings, as messages name them: ".md, .txt, .json or .html".
    pub fn endings_listed() -> String {
        listed(&Format::ALL.map(|f| format!(".{}", f.extension())), "or")
    }

    /// The extensions as `--format` takes them: "md, txt, json or html".
    pub fn extensions_listed() -> String {
        listed(&Format::ALL.map(|f| f.extension().to_string()), "or")
    }

    /// The names of every format, for people: "Markdown, plain text, JSON and HTML".
    pub fn names_listed() -> String {
        listed(&Format::ALL.map(|f| f.name().to_string()), "and")
    }

    /// The format a file name implies, from its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::parse(&ext)
    }

    /// Parses `md`, `markdown`, `txt`, `text`, `json`, `html`, `htm`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The next format, for a toggle.
    #[must_use]
    pub fn next(self) -> Format {
        let i = Format::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Format::ALL[(i + 1) % Format::ALL.len()]
    }
}

/// A URL that an export may turn into a link: web pages, mail and phone numbers, nothing that
/// runs code (`javascript:`, `data:`) and nothing with spaces or control characters.
pub fn linkable(url: &str) -> bool {
    let rest = url.strip_prefix("mailto:").or_else(|| url.strip_prefix("tel:"));
    crate::guide::check::is_safe_url(url)
        || rest.is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_graphic()))
}

/// A short digest of what the checklist for a walk says (its Markdown), so a saved file can be
/// told apart from a checklist that has changed since.
pub fn fingerprint(guide: &crate::guide::Guide, session: &crate::engine::Session) -> String {
    let text = render(Format::Markdown, &crate::engine::report::build(guide, session));
    format!("{:016x}", crate::hash::fnv64(text.as_bytes()))
}

/// The sentence under "Your answers" when private answers were left out, or `None`.
pub fn private_note(report: &Report) -> Option<String> {
    match report.private_answers_left_out {
        0 => None,
        1 => Some("1 private answer is not listed here.".to_string()),
        n => Some(format!("{n} private answers are not listed here.")),
    }
}

/// Renders a report in a format.
pub fn render(format: Format, report: &Report) -> String {
    match format {
        Format::Markdown => markdown::render(report),
        Format::Text => text::render(report),
        Format::Json => json::render(report),
        Format::Html => html::render(report),
    }
}

/// "a, b, c or d": one place builds the lists that messages show, so a new format appears in all.
fn listed(items: &[String], last: &str) -> String {
    match items.split_last() {
        Some((tail, [])) => tail.clone(),
        Some((tail, head)) => format!("{} {last} {tail}", head.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_phone_links_are_links() {
        assert!(linkable("https://example.org/a"));
        assert!(linkable("mailto:help@example.org"));
        assert!(linkable("tel:+15550100"));
        assert!(!linkable("javascript:alert(1)"));
        assert!(!linkable("JavaScript:alert(1)"));
        assert!(!linkable("data:text/html,hi"));
        assert!(!linkable("https://exa mple.org"));
        assert!(!linkable("mailto:"));
    }

    #[test]
    fn messages_list_every_format() {
        assert_eq!(Format::endings_listed(), ".md, .txt, .json or .html");
        assert_eq!(Format::extensions_listed(), "md, txt, json or html");
        assert_eq!(Format::names_listed(), "Markdown, plain text, JSON and HTML");
    }
}
