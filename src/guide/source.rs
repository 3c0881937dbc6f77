//! The text of every file a guide was loaded from, so any byte span can be shown to a person
//! as `path:line:col` with the line itself.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// One loaded file: the name shown in messages and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the person gave it (or a `<built-in>` name), shown in messages.
    pub name: String,
    /// The real path, when the guide came from disk (used to resolve `include` and to watch).
    pub path: Option<PathBuf>,
    /// The text, when it could be read as UTF-8 (borrowed for guides built into the program).
    pub text: Cow<'static, str>,
    /// Byte offsets where each line starts, for line/column look-ups in O(log n); built on the
    /// first look-up, since a guide without problems never needs it.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps a file's text, indexing its lines.
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: impl Into<Cow<'static, str>>) -> Self {
        Self { name: name.into(), path, text: text.into(), line_starts: OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte range of the 1-based line `line`, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = self.line_starts();
        let start = starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len());
        let end = starts.get(line).map_or(self.text.len(), |e| e - 1);
        let end = end.max(start);
        let slice = &self.text[start..end];
        start..start + slice.trim_end_matches('\r').len()
    }

    /// The folder the file lives in, for resolving `include`.
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// All files of one guide.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Every file, in load order.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// A stable hash of every file's text, used to notice that a guide changed since a session.
    pub fn content_hash(&self) -> String {
        let mut h = crate::hash::Fnv64::new();
        for f in &self.files {
            h.write(f.text.as_bytes());
            h.write(&[0]);
        }
        h.hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("x", None, "a = 1\nb = \"é\" x\n".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        let x = f.text.rfind('x').unwrap_or(0);
        assert_eq!(f.line_col(x), (2, 9));
    }

    #[test]
    fn line_range_excludes_the_line_break() {
        let f = SourceFile::new("x", None, "one\r\ntwo".to_string());
        assert_eq!(&f.text[f.line_range(1)], "one");
        assert_eq!(&f.text[f.line_range(2)], "two");
    }
}
