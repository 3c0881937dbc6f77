//! `guidepost list`: every guide the search order knows, where it comes from, when its facts were
//! last reviewed, and why one cannot be used. One bad file never hides the others.

use std::io::Write;

use super::{CliError, is_subcommand, write_out};
use crate::authoring::starter::shell_word;
use crate::guide::text::sanitize_line;
use crate::guide::{CheckOptions, Loaded};
use crate::library::{Entry, Hidden, Library};

/// One row of the listing.
struct Row {
    id: String,
    from: &'static str,
    reviewed: String,
    /// The title, or why the guide cannot be used.
    what: String,
    notes: Vec<String>,
}

/// Runs `list` on the library the environment names.
pub fn run(out: &mut dyn Write) -> Result<u8, CliError> {
    write_out(out, &listing(&Library::from_env()))?;
    Ok(0)
}

/// The listing: built-in guides first (the default marked), then each folder's in search order.
pub fn listing(library: &Library) -> String {
    let options = CheckOptions { readability: false, ..CheckOptions::default() };
    let (guides, problems) = library.load_all(&is_subcommand, options);
    let rows: Vec<Row> = guides.iter().enumerate().map(|(i, (entry, l))| row(entry, l, i == 0)).collect();
    let width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0).max(20);
    let mut text = String::new();
    for r in &rows {
        text.push_str(&format!("{:<width$} {:<9}{:<11}{}\n", r.id, r.from, r.reviewed, r.what));
        for n in &r.notes {
            text.push_str(&format!("    note: {n}\n"));
        }
    }
    for p in &problems {
        text.push_str(&format!("note: {}\n", sanitize_line(p)));
    }
    text
}

fn row(entry: &Entry, loaded: &Loaded, default: bool) -> Row {
    let shown_path = entry.path.as_ref().map(|p| sanitize_line(&p.display().to_string()).into_owned());
    let by_path = shown_path.as_deref().map(|p| format!("guidepost run {}", shell_word(p))).unwrap_or_default();
    let mut notes = Vec::new();
    match &entry.hidden {
        None => {}
        Some(Hidden::Builtin) => {
            notes.push(format!("a built-in guide has this id and always wins; run this one by its path: {by_path}"));
        }
        Some(Hidden::Reserved) => notes.push(format!(
            "\"{}\" is also a command's name; run this guide by its path: {by_path}",
            sanitize_line(&entry.id)
        )),
        Some(Hidden::Duplicate(first)) => notes.push(format!(
            "{} has the same id and comes first, so it is the one run; run this one by its path: {by_path}",
            sanitize_line(&first.display().to_string())
        )),
    }
    if entry.hidden.is_some()
        && let Some(p) = &shown_path
    {
        notes.insert(0, format!("file: {p}"));
    }
    let (reviewed, what) = match &loaded.guide {
        Some(g) => (
            g.meta.reviewed.map_or_else(|| "-".to_string(), |d| d.to_string()),
            format!("{}{}", sanitize_line(&g.meta.title), if default { "  (default)" } else { "" }),
        ),
        None => ("-".to_string(), format!("cannot be used: {}", reason(loaded))),
    };
    Row { id: sanitize_line(&entry.id).into_owned(), from: entry.origin.as_str(), reviewed, what, notes }
}

/// The first error, as `file:line:column: message`, on one line.
fn reason(loaded: &Loaded) -> String {
    let Some(d) = loaded.diagnostics.iter().find(|d| d.is_error()) else {
        return "it has errors (`guidepost validate` shows them)".to_string();
    };
    let place = loaded.sources().get(d.file).map(|f| {
        let (line, col) = f.line_col(d.span.start);
        format!("{}:{line}:{col}: ", f.name)
    });
    sanitize_line(&format!("{}{}", place.unwrap_or_default(), d.message)).into_owned()
}
