//! The checks' diagnostics as the editor shows them: a range in the right file, the code with a
//! link to its explanation, related places, and tags for what can simply be deleted.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString, Uri,
};

use super::analysis::Analysis;
use super::index::{Index, Kind};
use super::position::path_to_uri;
use crate::authoring::explain;
use crate::guide::diagnostic::{Code, Diagnostic, Severity};

/// A link to a code's explanation (the text `guidepost explain CODE` prints), as a Markdown file
/// in the user's cache folder that editors open beside the guide. Written once per code and
/// version of the program; without a cache folder there is no link (hover still explains).
pub fn explain_link(code: Code) -> Option<Uri> {
    let dirs = directories::ProjectDirs::from("", "", "guidepost")?;
    let dir = dirs.cache_dir().join("explain").join(env!("CARGO_PKG_VERSION"));
    let path = dir.join(format!("{}.md", code.as_str()));
    if !path.is_file() {
        std::fs::create_dir_all(&dir).ok()?;
        crate::write::write_atomic(&path, explain::render(code).as_bytes()).ok()?;
    }
    path_to_uri(&path)
}

/// Converts the diagnostics of one file of a guide. `uri_of` gives the URI of each file.
pub fn for_file(
    analysis: &Analysis,
    index: &Index,
    file: usize,
    uri_of: &dyn Fn(usize) -> Option<Uri>,
) -> Vec<lsp_types::Diagnostic> {
    let Some(data) = analysis.files.get(file) else { return Vec::new() };
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.file.0 as usize == file)
        .map(|d| {
            let range = data.lines.range(&data.text, &d.span);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            lsp_types::Diagnostic {
                range,
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(d.code.as_str().to_string())),
                code_description: explain_link(d.code).map(|href| CodeDescription { href }),
                source: Some("guidepost".to_string()),
                message,
                related_information: related(analysis, index, d, uri_of),
                tags: tags(d.code),
                data: None,
            }
        })
        .collect()
}

/// Warnings about something nothing uses are shown faded, as editors do for dead code.
fn tags(code: Code) -> Option<Vec<DiagnosticTag>> {
    match code {
        Code::Unreachable | Code::UnusedResource | Code::UnusedSection => Some(vec![DiagnosticTag::UNNECESSARY]),
        _ => None,
    }
}

/// For a duplicate, the other definitions ("first defined here").
fn related(
    analysis: &Analysis,
    index: &Index,
    d: &Diagnostic,
    uri_of: &dyn Fn(usize) -> Option<Uri>,
) -> Option<Vec<DiagnosticRelatedInformation>> {
    if !matches!(d.code, Code::DuplicateId | Code::DuplicateVar | Code::DuplicateOption) {
        return None;
    }
    let file = d.file.0 as usize;
    let here = index.occurrences.iter().find(|o| {
        o.def
            && o.file == file
            && o.span.start < d.span.end.max(d.span.start + 1)
            && d.span.start < o.span.end.max(o.span.start + 1)
    })?;
    let scope = if here.kind == Kind::Value { here.scope.as_deref() } else { None };
    let out: Vec<DiagnosticRelatedInformation> = index
        .defs(here.kind, &here.name, scope)
        .filter(|o| !(o.file == here.file && o.span == here.span))
        .filter_map(|o| {
            let data = analysis.files.get(o.file)?;
            let text = data.parsed.as_ref().map_or(data.text.as_str(), |p| p.text.as_str());
            let lines = data.parsed.as_ref().map_or(&data.lines, |p| &p.lines);
            let first = (o.file, o.span.start) < (here.file, here.span.start);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri_of(o.file)?, lines.range(text, &o.span)),
                message: if first { "first defined here".to_string() } else { "also defined here".to_string() },
            })
        })
        .collect();
    (!out.is_empty()).then_some(out)
}
