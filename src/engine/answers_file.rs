//! Answers files: TOML with one key per var, read for `export --answers` and `--start-at`.

use std::collections::BTreeMap;
use std::path::Path;

use toml::de::DeTable;

use crate::guide::diagnostic::{Color, Diagnostic, render_all};
use crate::guide::load::{MAX_FILE_BYTES, io_reason};
use crate::guide::raw::read_answers;
use crate::guide::source::{FileId, SourceFile, SourceMap};
use crate::guide::text::sanitize_line;
use crate::guide::{Code, Value};
use crate::read::{Allow, ReadError, read_bounded};

/// Why an answers file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswersError {
    /// It could not be read at all (missing, no permission): an I/O problem.
    Io(String),
    /// It was read but is not a valid answers file; the text is the rendered diagnostics.
    Invalid(String),
}

impl std::fmt::Display for AnswersError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswersError::Io(m) | AnswersError::Invalid(m) => f.write_str(m),
        }
    }
}

/// Reads an answers file from disk.
pub fn read(path: &Path, color: Color) -> Result<BTreeMap<String, Value>, AnswersError> {
    let name = path.display().to_string();
    let bytes = read_bounded(path, MAX_FILE_BYTES, Allow::RegularFile).map_err(|e| {
        AnswersError::Io(match e {
            ReadError::Io(e) => format!("cannot read answers file {}: {}", sanitize_line(&name), io_reason(&e)),
            ReadError::NotRegular(kind) => {
                format!("answers file {} is {kind}, not a regular file", sanitize_line(&name))
            }
            ReadError::TooLarge { .. } => format!("answers file {} is too large", sanitize_line(&name)),
        })
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| AnswersError::Invalid(format!("answers file {} is not UTF-8 text", sanitize_line(&name))))?;
    parse(&name, &text, color)
}

/// `refills = no`: a word where TOML wants a number, `true` or a quoted string. Returns the
/// key and the word when the line at `at` looks like that.
fn bare_word(text: &str, at: usize) -> Option<(String, String)> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, value) = line.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let word = !value.is_empty()
        && value.chars().next().is_some_and(char::is_alphabetic)
        && value.chars().all(|c| c.is_alphanumeric() || " _-".contains(c));
    word.then(|| (key.trim().to_string(), value.to_string()))
}

/// Parses answers from text.
pub fn parse(name: &str, text: &str, color: Color) -> Result<BTreeMap<String, Value>, AnswersError> {
    let mut sources = SourceMap::default();
    let id: FileId = sources.add(SourceFile::new(name, None, text.to_string()));
    let mut diags = Vec::new();
    match DeTable::parse(text) {
        Ok(root) => {
            let answers = read_answers(root.get_ref(), id, &mut diags);
            if diags.is_empty() {
                return Ok(answers.into_iter().map(|(k, v)| (k.v, v.v)).collect());
            }
        }
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            if let Some((key, word)) = bare_word(text, span.start) {
                diags.push(
                    Diagnostic::new(Code::TomlSyntax, id, span, format!("the answer `{word}` needs quotes"))
                        .label("text without quotes")
                        .help(format!("write answers that are words in double quotes: {key} = \"{word}\"")),
                );
                return Err(AnswersError::Invalid(render_all(&diags, &sources, color)));
            }
            let message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
            diags.push(
                Diagnostic::new(Code::TomlSyntax, id, e.span().unwrap_or(0..0), format!("invalid TOML: {message}"))
                    .label("here")
                    .help("an answers file has one line per question, like insurance = \"medicare\""),
            );
        }
    }
    Err(AnswersError::Invalid(render_all(&diags, &sources, color)))
}
