//! From a request's document and position to what is there: the guide, the file, the byte
//! offset, and the name under the cursor.

use lsp_types::{Location, TextDocumentPositionParams};

use super::index::Occurrence;
use super::server::{GuideState, Server};

/// What a position points at.
pub struct At<'s> {
    /// The guide.
    pub guide: &'s GuideState,
    /// The file's index in the guide.
    pub file: usize,
    /// The byte offset in the file's current text.
    pub offset: usize,
    /// The name under the cursor, if any.
    pub occurrence: Option<&'s Occurrence>,
}

/// Resolves a position.
pub fn at<'s>(server: &'s Server, pos: &TextDocumentPositionParams) -> Option<At<'s>> {
    let (guide, file) = server.locate(&pos.text_document.uri)?;
    let data = guide.analysis.files.get(file)?;
    let offset = data.lines.offset(&data.text, pos.position);
    // While a file's TOML is broken, names are looked up in its last good text at the same place.
    let occurrence = match &data.parsed {
        Some(p) if data.stale => guide.index.at(file, p.lines.offset(&p.text, pos.position)),
        Some(_) => guide.index.at(file, offset),
        None => None,
    };
    Some(At { guide, file, offset, occurrence })
}

/// Where an occurrence is, for the editor.
pub fn location(server: &Server, guide: &GuideState, o: &Occurrence) -> Option<Location> {
    let data = guide.analysis.files.get(o.file)?;
    let parsed = data.parsed.as_ref()?;
    Some(Location::new(server.uri_for(&data.path)?, parsed.lines.range(&parsed.text, &o.span)))
}
