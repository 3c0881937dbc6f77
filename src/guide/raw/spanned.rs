//! Values that remember where they were written, so every message can point at them, down to
//! the characters inside a string (a slot of a template, a word of a sentence).

use std::ops::Range;

use crate::guide::source::{FileId, SourceMap};
use crate::guide::string_map::ValueMap;

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub v: T,
    /// Its bytes in the file (for strings, including the quotes).
    pub span: Range<usize>,
    /// The file.
    pub file: FileId,
}

impl<T> Sp<T> {
    /// Wraps a value with its place.
    pub fn new(v: T, span: Range<usize>, file: FileId) -> Self {
        Self { v, span, file }
    }
}

/// The part of a TOML string's span that holds `inner` (a byte range of the string's value), so
/// a message about a condition or a template can point at the exact characters the author
/// typed, escapes included. Falls back to the whole string when it cannot be mapped.
///
/// This maps the whole string; for several ranges of one string use [`InnerSpans`].
pub fn inner_span(sources: &SourceMap, sp: &Sp<String>, inner: Range<usize>) -> Range<usize> {
    InnerSpans::new(sources, sp).span(inner)
}

/// Places any number of ranges of one string's value in the file, mapping the string once, on
/// first use: a text with thousands of links or slots costs one pass, not one per link.
pub struct InnerSpans<'s> {
    sources: &'s SourceMap,
    sp: &'s Sp<String>,
    map: std::cell::OnceCell<Option<ValueMap>>,
}

impl<'s> InnerSpans<'s> {
    /// Nothing is mapped until the first [`InnerSpans::span`].
    pub fn new(sources: &'s SourceMap, sp: &'s Sp<String>) -> Self {
        InnerSpans { sources, sp, map: std::cell::OnceCell::new() }
    }

    /// See [`inner_span`].
    pub fn span(&self, inner: Range<usize>) -> Range<usize> {
        let sp = self.sp;
        let map = self.map.get_or_init(|| {
            let raw = self.sources.get(sp.file)?.text.get(sp.span.clone())?;
            ValueMap::new(raw, &sp.v)
        });
        match map.as_ref().and_then(|m| m.range(&inner)) {
            // An empty range (the end of the text) still needs one character for the caret.
            Some(r) if r.is_empty() => sp.span.start + r.start..sp.span.start + r.start + 1,
            Some(r) => sp.span.start + r.start..sp.span.start + r.end,
            None => sp.span.clone(),
        }
    }
}
