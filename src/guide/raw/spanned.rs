//! Values that remember where they were written, so every message can point at them.

use std::ops::Range;

use crate::guide::source::FileId;

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
