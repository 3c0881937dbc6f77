//! Byte offsets (what the guide checks use) to and from LSP positions (lines and UTF-16 units,
//! what every editor understands), and file paths to and from `file:` URIs.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

/// Line starts of one text, for conversions in O(log n).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes a text's lines.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
        Position::new(line as u32, character as u32)
    }

    /// The range of a byte span.
    pub fn range(&self, text: &str, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(text, span.start), self.position(text, span.end.max(span.start)))
    }

    /// The byte offset of a position; past the end of a line means its end, past the last line
    /// the end of the text.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return text.len() };
        let end = self.starts.get(pos.line as usize + 1).map_or(text.len(), |e| e - 1);
        let line = text.get(start..end.max(start)).unwrap_or("");
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.trim_end_matches('\r').len().min(line.len())
    }
}

/// The local path a `file:` URI names.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///path` and `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode(rest)?;
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of a local path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).ok()
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a = 1\nb = \"é😀\" x\n";
        let idx = LineIndex::new(text);
        let x = text.rfind('x').unwrap_or(0);
        let pos = idx.position(text, x);
        assert_eq!(pos, Position::new(1, 10));
        assert_eq!(idx.offset(text, pos), x);
        assert_eq!(idx.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(idx.offset(text, Position::new(0, 99)), 5);
    }

    #[test]
    fn uris_round_trip_with_spaces() {
        let p = Path::new("/tmp/my guides/a.toml");
        let uri = path_to_uri(p).expect("a uri");
        assert_eq!(uri.as_str(), "file:///tmp/my%20guides/a.toml");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(p));
    }
}
