//! Problems found in a guide, each one something a person can act on.
//!
//! A diagnostic carries a stable code (so docs, `explain` and editors can refer to it), a
//! severity, the exact place, what is wrong and how to fix it. Rendering is here too, because the
//! same message is shown by `validate`, by the TUI in watch mode and in tests.

use std::fmt::Write as _;
use std::ops::Range;

use super::source::{FileId, SourceMap};
use super::text::sanitize_line;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The guide cannot be used until it is fixed (`validate` exits 1).
    Error,
    /// The guide works, but something is probably a mistake (`--strict` turns it into an error).
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $sev:ident, $summary:literal; )*) => {
        /// The stable identity of each kind of problem. Codes never change meaning once published.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in order, for documentation and `explain`.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The short code shown in messages, e.g. `E0201`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The severity this kind of problem always has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            /// One line saying what the code is about.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),* }
            }
        }
    };
}

codes! {
    TomlSyntax = "E0101", Error, "The file is not valid TOML.";
    NotUtf8 = "E0102", Error, "The file is not UTF-8 text.";
    EmptyFile = "E0103", Error, "The file is empty.";
    FileTooLarge = "E0104", Error, "The file is larger than a guide can be.";
    TooDeep = "E0105", Error, "Tables or arrays are nested too deeply.";
    FileUnreadable = "E0106", Error, "The file could not be read.";
    UnknownKey = "E0201", Error, "A key that the format does not have.";
    MissingKey = "E0202", Error, "A required key is missing.";
    WrongType = "E0203", Error, "A key has a value of the wrong type.";
    BadFormat = "E0204", Error, "`format` is missing or names a version this program does not read.";
    BadId = "E0205", Error, "An id or answer name (`var`) uses characters that are not allowed.";
    DuplicateId = "E0206", Error, "Two definitions share one id.";
    InvalidValue = "E0207", Error, "A value is not one of those allowed.";
    TooMany = "E0208", Error, "The guide has more entries than the program handles.";
    UnknownNode = "E0301", Error, "`next`, `start` or a rule names a node that does not exist.";
    UnknownSection = "E0302", Error, "A checklist item names a section that does not exist.";
    UnknownResource = "E0303", Error, "A checklist item or link names a resource that does not exist.";
    BadLink = "E0304", Error, "A link target is neither an http(s) URL nor `resource:ID`.";
    DuplicateVar = "E0305", Error, "Two questions store their answer under one `var`.";
    NoOptions = "E0306", Error, "A choice or multi question has no options.";
    DuplicateOption = "E0307", Error, "Two options of one question share a value.";
    NoOtherwise = "E0308", Error, "A branch has no rule without `when` to fall back on.";
    BadBounds = "E0309", Error, "`min` is greater than `max`.";
    DefaultOutOfBounds = "E0310", Error, "A `default` lies outside the question's bounds or options.";
    UnknownSource = "E0311", Error, "`sources` names a source id that no `[[guide.sources]]` entry has.";
    ConditionSyntax = "E0401", Error, "A condition or value expression cannot be parsed.";
    ConditionUnknownName = "E0402", Error, "A condition names an answer or value that does not exist.";
    ConditionUnknownValue = "E0403", Error, "A condition compares an answer with a value none of its options has.";
    ConditionType = "E0404", Error, "A condition mixes types (a number against text, for example).";
    ValueCycle = "E0405", Error, "`[values]` entries depend on each other in a circle.";
    TextSyntax = "E0501", Error, "`{...}` interpolation in text is malformed.";
    TextUnknownName = "E0502", Error, "`{name}` in text names no answer or value.";
    ControlCharacter = "E0503", Error, "Text contains a control character.";
    DeadEnd = "E0601", Error, "No end node can be reached from this node.";
    EndlessLoop = "E0602", Error, "A loop that has no way out.";
    TestUnknownVar = "E0701", Error, "A `[[tests]]` scenario names a var that does not exist.";
    TestUnknownValue = "E0702", Error, "A `[[tests]]` scenario gives a value the question cannot take.";
    TestUnknownItem = "E0703", Error, "A `[[tests]]` scenario names a checklist item or node that does not exist.";
    IncludeEscapes = "E0801", Error, "An `include` points outside the guide's folder.";
    IncludeLoop = "E0802", Error, "Files include each other in a circle.";
    IncludeMissing = "E0803", Error, "An included file does not exist or cannot be read.";
    Unreachable = "W0101", Warning, "A node cannot be reached from `start`.";
    UntestedItem = "W0102", Warning, "No `[[tests]]` scenario produces this checklist item.";
    UnusedResource = "W0103", Warning, "A resource that nothing uses.";
    UnusedSection = "W0104", Warning, "A section that no checklist item uses.";
    NoReviewed = "W0105", Warning, "The guide has no `reviewed` date.";
    StaleReviewed = "W0106", Warning, "The guide's `reviewed` date is more than a year old.";
    LongTitle = "W0107", Warning, "A node title is too long for the breadcrumb.";
    LongSentence = "W0108", Warning, "A sentence people will read is very long.";
    HardReading = "W0109", Warning, "Text reads well above the guide's target grade.";
    Uncited = "W0110", Warning, "A checklist item or compare row cites no source, in a guide whose sources have ids.";
    PrivateInChecklist = "W0111", Warning, "Checklist text shows the answer to a private question.";
    MaybeUnanswered = "W0112", Warning, "A `{name}` slot can be shown while that question has no answer.";
    FutureReviewed = "W0113", Warning, "The guide's `reviewed` date is in the future.";
}

impl Code {
    /// Finds a code by its short form, case-insensitively (`e0301` works).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// One problem, located in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// Usually `code.severity()`; `--strict` raises warnings.
    pub severity: Severity,
    /// Which file.
    pub file: FileId,
    /// The culprit's bytes in that file.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Text under the caret, naming the culprit.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Self { code, severity: code.severity(), file, span, message: message.into(), label: None, help: None }
    }

    /// Adds the text shown under the caret.
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds how to fix it.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds how to fix it, when there is something to say.
    #[must_use]
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// True for errors (after `--strict` has been applied).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether to colour rendered diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text (files, pipes, `NO_COLOR`).
    Never,
    /// ANSI colours for a terminal.
    Always,
}

impl Color {
    /// Colour only on a terminal, and never when the person asked for none (`NO_COLOR`, which
    /// the command line reads: nothing in `guide/` reads the environment).
    pub fn for_stream(is_terminal: bool, no_color: bool) -> Color {
        if is_terminal && !no_color { Color::Always } else { Color::Never }
    }
}

fn paint(color: Color, code: &str, text: &str) -> String {
    match color {
        Color::Never => text.to_string(),
        Color::Always => format!("\x1b[{code}m{text}\x1b[0m"),
    }
}

/// Renders one diagnostic the way a compiler does: the message, `path:line:col`, the line with a
/// caret under the culprit, and the fix.
pub fn render(d: &Diagnostic, sources: &SourceMap, color: Color) -> String {
    let mut out = String::new();
    let (sev_word, sev_color) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let head = format!("{sev_word}[{}]", d.code.as_str());
    let _ = writeln!(out, "{}: {}", paint(color, sev_color, &head), paint(color, "1", &sanitize_line(&d.message)));
    let Some(file) = sources.get(d.file) else {
        return out;
    };
    let name = sanitize_line(&file.name);
    if file.text.trim().is_empty() && d.span.is_empty() {
        let _ = writeln!(out, "  --> {name}");
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {}", sanitize_line(help));
        }
        return out;
    }
    let (line, col) = file.line_col(d.span.start);
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}{} {name}:{line}:{col}", paint(color, "1;34", "-->"));
    let bar = paint(color, "1;34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    let range = file.line_range(line);
    let raw_line = &file.text[range.clone()];
    let span_end = d.span.end.min(range.end).max(d.span.start);
    let caret_len = file.text.get(d.span.start..span_end).map_or(1, |s| s.chars().count()).max(1);
    // Cut first, so a megabyte line is cleaned only where it is shown; then show tabs as single
    // spaces so the caret lines up, and nothing that could reach the terminal as an escape.
    let (window, caret_start, caret_len) = clip_line(raw_line, col - 1, caret_len);
    let shown: String = sanitize_line(&window.replace('\t', " ")).into_owned();
    let _ = writeln!(out, "{} {bar} {shown}", paint(color, "1;34", &line.to_string()));
    let carets = "^".repeat(caret_len);
    let label = d.label.as_deref().map(|l| format!(" {}", sanitize_line(l))).unwrap_or_default();
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_start),
        paint(color, sev_color, &format!("{carets}{label}"))
    );
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{pad} = {}: {}", paint(color, "1", "help"), sanitize_line(help));
    }
    out
}

/// Longest part of a source line shown under a message, in characters.
const MAX_SHOWN: usize = 120;
/// How much of the line before the culprit stays visible when a long line is cut.
const SHOWN_BEFORE: usize = 40;

/// Cuts a very long source line (a minified file, a megabyte string) down to a window around
/// the caret, marked with `…` where text was left out, so one message never floods the screen.
/// Returns the text shown and the caret's column and length within it.
fn clip_line(line: &str, caret_start: usize, caret_len: usize) -> (String, usize, usize) {
    let total = line.chars().count();
    if total <= MAX_SHOWN {
        return (line.to_string(), caret_start, caret_len);
    }
    let start = caret_start.saturating_sub(SHOWN_BEFORE).min(total - MAX_SHOWN);
    let end = start + MAX_SHOWN;
    let mut shown = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(MAX_SHOWN));
    if end < total {
        shown.push('…');
    }
    let caret = caret_start - start + lead;
    let visible = end.saturating_sub(caret_start).max(1);
    (shown, caret, caret_len.min(visible))
}

/// Renders many diagnostics separated by blank lines, followed by a one-line count.
pub fn render_all(diags: &[Diagnostic], sources: &SourceMap, color: Color) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d, sources, color));
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        let _ = writeln!(out, "{}, {}", plural(errors, "error"), plural(warnings, "warning"));
    }
    out
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// A diagnostic as editors read it: everything resolved to plain fields.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JsonDiagnostic {
    /// Stable code, e.g. `E0301`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// File name as given.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end (exclusive).
    pub end_column: usize,
    /// Byte offsets into the file.
    pub span: [usize; 2],
}

impl JsonDiagnostic {
    /// Resolves a diagnostic's span against its file.
    pub fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let (file, (line, column), (end_line, end_column)) = match sources.get(d.file) {
            Some(f) => (f.name.clone(), f.line_col(d.span.start), f.line_col(d.span.end)),
            None => (String::new(), (1, 1), (1, 1)),
        };
        Self {
            code: d.code.as_str(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            file,
            line,
            column,
            end_line,
            end_column,
            span: [d.span.start, d.span.end],
        }
    }
}

/// Most diagnostics shown for one file: a file of a million mistakes is reported in about the
/// time it takes to parse, and the first ones are what an author fixes first anyway.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 100;

/// Keeps the first [`MAX_DIAGNOSTICS_PER_FILE`] of each file (sorted by file) and counts the rest
/// in one more diagnostic, an error when any of the rest is one.
pub(crate) fn cap_per_file(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len().min(4 * MAX_DIAGNOSTICS_PER_FILE));
    let mut shown = 0;
    let mut hidden: Option<(Diagnostic, usize)> = None;
    let flush = |out: &mut Vec<Diagnostic>, hidden: &mut Option<(Diagnostic, usize)>| {
        if let Some((mut d, n)) = hidden.take() {
            d.message = more_not_shown(n);
            out.push(d);
        }
    };
    for d in diags {
        if out.last().is_none_or(|last| last.file != d.file) {
            flush(&mut out, &mut hidden);
            shown = 0;
        }
        if shown < MAX_DIAGNOSTICS_PER_FILE {
            shown += 1;
            out.push(d);
            continue;
        }
        if let Some((summary, n)) = &mut hidden {
            *n += 1;
            if d.is_error() {
                summary.severity = d.severity;
            }
        } else {
            hidden = Some((more_line(&d), 1));
        }
    }
    flush(&mut out, &mut hidden);
    out
}

/// The line that stands for a file's problems past the cap, starting from the first of them;
/// its message is set by [`more_not_shown`] as they are counted.
fn more_line(first: &Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: first.severity,
        ..Diagnostic::new(Code::TooMany, first.file, first.span.start..first.span.start, String::new())
    }
    .help(format!("the first {MAX_DIAGNOSTICS_PER_FILE} are above; fix them and check again"))
}

/// What the last diagnostic of a capped file says.
fn more_not_shown(n: usize) -> String {
    format!("{n} more problems in this file are not shown")
}

/// Adds diagnostics found after loading (such as untested items) within the same cap per file:
/// past it, they are counted in the file's "more problems" line, added if the file had none.
pub fn extend_capped(diags: &mut Vec<Diagnostic>, more: impl IntoIterator<Item = Diagnostic>) {
    let mut shown: foldhash::HashMap<FileId, usize> = foldhash::HashMap::default();
    let mut summary: foldhash::HashMap<FileId, (usize, usize)> = foldhash::HashMap::default();
    for (i, d) in diags.iter().enumerate() {
        if d.code == Code::TooMany {
            let n = d.message.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            summary.insert(d.file, (i, n));
        } else {
            *shown.entry(d.file).or_default() += 1;
        }
    }
    for d in more {
        let count = shown.entry(d.file).or_default();
        if *count < MAX_DIAGNOSTICS_PER_FILE && !summary.contains_key(&d.file) {
            *count += 1;
            diags.push(d);
            continue;
        }
        let (at, n) = summary.entry(d.file).or_insert_with(|| {
            diags.push(more_line(&d));
            (diags.len() - 1, 0)
        });
        *n += 1;
        if let Some(s) = diags.get_mut(*at) {
            s.message = more_not_shown(*n);
            if d.is_error() {
                s.severity = d.severity;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::source::SourceFile;

    #[test]
    fn short_lines_are_shown_whole() {
        assert_eq!(clip_line("a = 1", 4, 1), ("a = 1".to_string(), 4, 1));
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_with_the_caret_still_under_the_culprit() {
        let line = format!("{}BAD{}", "x".repeat(10_000), "y".repeat(10_000));
        let (shown, caret, len) = clip_line(&line, 10_000, 3);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), MAX_SHOWN + 2);
        assert_eq!(shown.chars().skip(caret).take(len).collect::<String>(), "BAD");
    }

    #[test]
    fn a_culprit_at_the_end_of_a_long_line_keeps_the_end_visible() {
        let line = format!("{}END", "x".repeat(5_000));
        let (shown, caret, len) = clip_line(&line, 5_000, 50);
        assert!(shown.starts_with('…') && shown.ends_with("END"), "{shown}");
        assert_eq!(shown.chars().skip(caret).take(len).collect::<String>(), "END");
    }

    #[test]
    fn rendering_a_megabyte_line_prints_a_short_message() {
        let text = format!("title = \"{}\u{1b}\"\n", "word ".repeat(200_000));
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("big.toml", None, text.clone()));
        let at = text.find('\u{1b}').unwrap_or(0);
        let d = Diagnostic::new(Code::ControlCharacter, file, at..at + 1, "the title contains an escape").label("here");
        let out = render(&d, &sources, Color::Never);
        assert!(out.len() < 1_000, "{} bytes", out.len());
        assert!(out.contains("big.toml:1:1000010"), "{out}");
        assert!(out.contains("word ␛\"") && out.contains("^ here"), "{out}");
    }
}
