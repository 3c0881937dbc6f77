//! Reading guide files from disk or from the binary: size and encoding limits, TOML parsing,
//! `include`, then the checks.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::check::{self, CheckOptions};
use super::diagnostic::{Code, Diagnostic};
use super::model::Guide;
use super::raw::{self, RawFile, Sp};
use super::source::{FileId, SourceFile, SourceMap};
use super::text::{self, sanitize_line};
use crate::read::{Allow, ReadError, read_bounded};
use crate::thousands::grouped;

/// Most bytes read for one guide, its includes counted together, so a wrong path (a video, a
/// disk image, `/dev/zero`) fails fast and clearly and memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Deepest table nesting accepted; real guides use four levels.
pub const MAX_KEY_DEPTH: usize = 32;
/// Most keys, values, tables and arrays one file may hold, counted before it is parsed (see
/// [`past_structure_limit`]). The parser keeps several hundred bytes for each of them, up to a
/// kilobyte for a table, so 16 MiB of `{a=1},` or of dotted keys would take it to 4 GB; at
/// 600,000 the worst file found (headers of 30 dotted parts) peaks at about 700 MiB, and a
/// guide of some 15,000 questions still fits (real guides have tens).
pub const MAX_STRUCTURE: usize = 600_000;
/// Most files one guide may include, directly or not.
pub const MAX_INCLUDES: usize = 256;

/// The outcome of loading: the guide when it has no errors, and every diagnostic either way.
#[derive(Debug)]
pub struct Loaded {
    /// The checked guide, when there were no errors.
    pub guide: Option<Guide>,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read, when there is no guide to hold them.
    sources: SourceMap,
}

impl Loaded {
    /// The files read, for rendering the diagnostics.
    pub fn sources(&self) -> &SourceMap {
        self.guide.as_ref().map_or(&self.sources, |g| &g.sources)
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and decodes one file, turning every way it can fail into a diagnostic on that file.
///
/// At most `budget` bytes are read (what is left of [`MAX_FILE_BYTES`] for the guide and its
/// includes together). The main guide may be a stream (`allow`); includes must be regular files.
fn read_text(
    path: &Path,
    name: &str,
    budget: u64,
    allow: Allow,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<FileId> {
    let fail = |sources: &mut SourceMap, diags: &mut Vec<Diagnostic>, code: Code, msg: String, help: &str| {
        let id = sources.add(SourceFile::new(name, Some(path.to_path_buf()), String::new()));
        diags.push(Diagnostic::new(code, id, 0..0, msg).help(help.to_string()));
        None
    };
    let bytes = match read_bounded(path, budget, allow) {
        Ok(b) => b,
        Err(ReadError::Io(e)) => {
            return fail(
                sources,
                diags,
                Code::FileUnreadable,
                format!("cannot read {}: {}", sanitize_line(name), io_reason(&e)),
                "check the path and that you may read the file",
            );
        }
        Err(ReadError::NotRegular("a folder")) => {
            return fail(
                sources,
                diags,
                Code::FileUnreadable,
                format!("{} is a folder, not a guide file", sanitize_line(name)),
                "name the .toml file inside it",
            );
        }
        Err(ReadError::NotRegular(kind)) => {
            return fail(
                sources,
                diags,
                Code::FileUnreadable,
                format!("{} is {kind}, not a regular file", sanitize_line(name)),
                "a guide's includes must be regular files; save the text to a file and include that",
            );
        }
        Err(ReadError::TooLarge { size }) => {
            let size = size.map_or_else(|| "more than that".to_string(), |n| format!("{} bytes", grouped(n)));
            let msg = if budget == MAX_FILE_BYTES {
                format!(
                    "{} is {size}; a guide may be at most {} MiB ({} bytes)",
                    sanitize_line(name),
                    MAX_FILE_BYTES / (1024 * 1024),
                    grouped(MAX_FILE_BYTES)
                )
            } else {
                format!(
                    "including {} takes the guide over {} MiB ({} bytes) for all its files together",
                    sanitize_line(name),
                    MAX_FILE_BYTES / (1024 * 1024),
                    grouped(MAX_FILE_BYTES)
                )
            };
            return fail(
                sources,
                diags,
                Code::FileTooLarge,
                msg,
                "check that this is the right file; split a very large guide into several guides",
            );
        }
    };
    decode(bytes, name, Some(path.to_path_buf()), sources, diags)
}

/// The diagnostic for text over [`MAX_FILE_BYTES`], which is never copied or parsed.
fn too_large(name: &str, len: usize, path: Option<PathBuf>, sources: &mut SourceMap, diags: &mut Vec<Diagnostic>) {
    let id = sources.add(SourceFile::new(name, path, String::new()));
    diags.push(
        Diagnostic::new(
            Code::FileTooLarge,
            id,
            0..0,
            format!(
                "{} is {} bytes; a guide may be at most {} MiB ({} bytes)",
                sanitize_line(name),
                grouped(len as u64),
                MAX_FILE_BYTES / (1024 * 1024),
                grouped(MAX_FILE_BYTES)
            ),
        )
        .help("check that this is the right file"),
    );
}

fn decode(
    bytes: Vec<u8>,
    name: &str,
    path: Option<PathBuf>,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<FileId> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        too_large(name, bytes.len(), path, sources, diags);
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
            }
            let empty = text.trim().is_empty();
            let id = sources.add(SourceFile::new(name, path, text));
            if empty {
                diags.push(
                    Diagnostic::new(Code::EmptyFile, id, 0..0, format!("{} is empty", sanitize_line(name)))
                        .help("start from `guidepost new FILE`, which writes a small working guide"),
                );
                return None;
            }
            Some(id)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Keep the valid part so the message can show the line where the bad byte sits.
            let valid = String::from_utf8_lossy(&bytes).into_owned();
            let id = sources.add(SourceFile::new(name, path, valid));
            let bad = bytes.get(at).copied().unwrap_or(0);
            diags.push(
                Diagnostic::new(
                    Code::NotUtf8,
                    id,
                    at..at + 1,
                    format!("{} is not UTF-8 text (byte 0x{bad:02X} at offset {at})", sanitize_line(name)),
                )
                .label("not UTF-8")
                .help("save the file as UTF-8 in your editor"),
            );
            None
        }
    }
}

/// A plain reason for an I/O error, without Rust's `(os error N)` noise.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file or folder".to_string(),
        K::PermissionDenied => "permission denied".to_string(),
        K::StorageFull => "the disk is full".to_string(),
        K::ReadOnlyFilesystem => "the disk is read-only".to_string(),
        K::IsADirectory => "it is a folder".to_string(),
        K::NotADirectory => "a part of the path is not a folder".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Cheap scan for absurdly deep keys (`[a.a.a.a…]`), refused before parsing so nothing recursive
/// ever meets them. On each line long enough to hold such a key, the dots between key parts up to
/// the `=` (or a header's `]`) are counted. A line of prose in a multi-line string stops where it
/// cannot be a key (two words in a row, a comma), and a line without `=` holds no key, so dots in
/// text never count.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        // A key of more than MAX_KEY_DEPTH + 1 parts needs at least two bytes a part.
        if line.len() > 2 * MAX_KEY_DEPTH
            && let Some((at, depth)) = key_depth(line.as_bytes())
            && depth > MAX_KEY_DEPTH
        {
            return Some((start + at, depth + 1));
        }
    }
    None
}

/// Where a line's key starts and the dots between its parts; `None` when it holds no key.
fn key_depth(line: &[u8]) -> Option<(usize, usize)> {
    let mut i = line.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    let key_start = i;
    let header = line[i] == b'[';
    while header && line.get(i) == Some(&b'[') {
        i += 1;
    }
    // The dots that joined two key parts; whether a part has been read since the last dot, and
    // spaces after it (after which only a dot or the end of the key may come).
    let (mut depth, mut part, mut gap, mut quote) = (0, false, false, None);
    for &b in &line[i..] {
        match (quote, b) {
            (_, b'\n') => break,
            (Some(q), _) if b == q => (quote, part) = (None, true),
            (Some(_), _) => {}
            (None, b'"' | b'\'') if !part => quote = Some(b),
            (None, b'.') if part => (depth, part, gap) = (depth + 1, false, false),
            (None, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-') if !gap => part = true,
            (None, b' ' | b'\t') => gap = part,
            (None, b']') if header => return Some((key_start, depth)),
            (None, b'=') if !header => return Some((key_start, depth)),
            (None, _) => return None,
        }
    }
    // A key is followed by `=` on its line; a header may be left unclosed.
    header.then_some((key_start, depth))
}

/// Where a file's text passes [`MAX_STRUCTURE`] keys, values, tables and arrays, counted from
/// the bytes that start or separate them outside strings and comments (`=`, `,`, `[`, `{` and
/// the `.` of a dotted key, which makes a table); a float's dot counts too, which only makes
/// the count err on the safe side. One pass over the bytes, so a hostile file is refused in
/// milliseconds instead of filling memory.
fn past_structure_limit(text: &str) -> Option<usize> {
    // Each counted thing is at least one byte: a shorter file cannot pass the limit.
    if text.len() <= MAX_STRUCTURE {
        return None;
    }
    let bytes = text.as_bytes();
    let (mut i, mut count) = (0, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = find(bytes, i, b"\n").unwrap_or(bytes.len()),
            b'"' if bytes[i..].starts_with(b"\"\"\"") => i = basic_end(bytes, i + 3, true),
            b'"' => i = basic_end(bytes, i + 1, false),
            b'\'' if bytes[i..].starts_with(b"'''") => {
                i = find(bytes, i + 3, b"'''").map_or(bytes.len(), |e| e + 3);
            }
            // A one-line literal string ends at its quote or, unclosed, at the line's end.
            b'\'' => {
                i = bytes[i + 1..].iter().position(|&b| b == b'\'' || b == b'\n').map_or(bytes.len(), |e| i + e + 2);
            }
            b'=' | b',' | b'[' | b'{' | b'.' => {
                count += 1;
                if count > MAX_STRUCTURE {
                    return Some(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Where `needle` next starts at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// The index after a basic string's closing quote(s), from just inside its opening: escapes are
/// skipped, and a one-line string also ends at a line break (where the parser will complain).
fn basic_end(bytes: &[u8], mut i: usize, multi: bool) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' | b'\n' if !multi => return i + 1,
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // Up to two more quotes may end the text just before the closing three.
                let mut end = i + 3;
                while end < bytes.len() && bytes[end] == b'"' && end - i < 5 {
                    end += 1;
                }
                return end;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn parse(id: FileId, sources: &SourceMap, diags: &mut Vec<Diagnostic>, is_main: bool) -> Option<RawFile> {
    parse_text(id, &sources.get(id)?.text, diags, is_main)
}

/// Parses one file's text into raw structs. The parser's own tables and buffers are several
/// times the size of the text and are gone when this returns.
fn parse_text(id: FileId, text: &str, diags: &mut Vec<Diagnostic>, is_main: bool) -> Option<RawFile> {
    if let Some((at, depth)) = too_deep(text) {
        diags.push(
            Diagnostic::new(
                Code::TooDeep,
                id,
                at..at + 1,
                format!("this key is nested {depth} levels deep; at most {MAX_KEY_DEPTH} are allowed"),
            )
            .label("too deep")
            .help("a guide needs only a few levels, like [nodes.ID] or [checklist.ID]"),
        );
        return None;
    }
    if let Some(at) = past_structure_limit(text) {
        diags.push(
            Diagnostic::new(
                Code::TooMany,
                id,
                at..at + 1,
                format!(
                    "this file holds more than {} keys, values, tables and arrays, the most a guide may have, so that reading one never takes more than 1 GiB of memory",
                    grouped(MAX_STRUCTURE as u64)
                ),
            )
            .label("the limit is passed here")
            .help("check that this is the right file; split a very large guide into several guides"),
        );
        return None;
    }
    match DeTable::parse(text) {
        Ok(root) => Some(raw::read_file(root.get_ref(), id, is_main, diags)),
        Err(e) => {
            diags.push(toml_error(id, text, e.span().unwrap_or(0..0), e.message()));
            None
        }
    }
}

/// Why an `include` is refused, if it is: the file is missing (`found` is `None`), outside the
/// guide's folder, part of a loop, included twice, or one too many. The loader and the language
/// server both follow includes and must refuse the same ones with the same words. The flag says
/// to stop reading this file's includes (the limit is reached).
pub fn include_refusal(
    inc: &Sp<String>,
    file: FileId,
    found: Option<&Path>,
    root_dir: &Path,
    chain: &[PathBuf],
    seen: &[PathBuf],
) -> Option<(Diagnostic, bool)> {
    let span = inc.span.clone();
    let Some(target) = found else {
        let d =
            Diagnostic::new(Code::IncludeMissing, file, span, format!("cannot include \"{}\": no such file", inc.v))
                .label("not found")
                .help("paths are relative to the file that includes them");
        return Some((d, false));
    };
    if !target.starts_with(root_dir) {
        let d =
            Diagnostic::new(Code::IncludeEscapes, file, span, format!("\"{}\" is outside the guide's folder", inc.v))
                .label("leaves the folder")
                .help(
                    "keep included files in the guide's folder or below it, so the guide can be shared as one folder",
                );
        return Some((d, false));
    }
    if chain.iter().any(|c| c == target) {
        let d = Diagnostic::new(
            Code::IncludeLoop,
            file,
            span,
            format!(
                "including \"{}\" makes a loop: that file already includes this one, directly or through others",
                inc.v
            ),
        )
        .label("loops back")
        .help("remove this include; each file should be included once");
        return Some((d, false));
    }
    if seen.iter().any(|c| c == target) {
        let d = Diagnostic::new(Code::IncludeLoop, file, span, format!("\"{}\" is included more than once", inc.v))
            .label("already included")
            .help("include each file once");
        return Some((d, false));
    }
    if seen.len() >= MAX_INCLUDES {
        let d = Diagnostic::new(Code::TooMany, file, span, format!("a guide may include at most {MAX_INCLUDES} files"))
            .help("merge some files");
        return Some((d, true));
    }
    None
}

/// The line holding byte `at`, with where it starts.
fn line_at(text: &str, at: usize) -> (usize, &str) {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, &text[start..end])
}

/// `key = "a "b" c"`: the author meant one text with quotes in it. Returns the line rewritten
/// with single quotes around the text, when that is what it looks like.
fn quotes_inside_quotes(text: &str, at: usize) -> Option<String> {
    let (_, line) = line_at(text, at);
    let (key, value) = line.split_once('=')?;
    let value = value.trim();
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    (inner.contains('"') && !inner.contains('\'') && !inner.contains('\\'))
        .then(|| format!("{} = '{inner}'", key.trim()))
}

/// A `"…` string left open at the end of an earlier line makes the next line read as a key.
/// Returns the number of the line where the open string starts.
fn unclosed_line_before(text: &str, at: usize) -> Option<usize> {
    let (start, _) = line_at(text, at);
    let before = text[..start].strip_suffix('\n')?;
    let (prev_start, prev) = line_at(before, before.len());
    let (_, value) = prev.split_once('=')?;
    let value = value.trim_start();
    let quotes = value.matches('"').count() - value.matches("\\\"").count();
    (value.starts_with('"') && !value.starts_with("\"\"\"") && quotes % 2 == 1)
        .then(|| text[..prev_start].matches('\n').count() + 1)
}

/// Turns the TOML parser's error into a diagnostic that names the problem in the guide's terms.
fn toml_error(id: FileId, text: &str, span: Range<usize>, message: &str) -> Diagnostic {
    let message = message.lines().next().unwrap_or("invalid TOML").trim();
    let found = text.get(span.start..).and_then(|rest| rest.chars().next());
    if let Some(c) = found.filter(|c| text::forbidden_char(&c.to_string()).is_some()) {
        // A raw control character (an escape byte pasted from a terminal, say) is not a typo in
        // the syntax: say what it is, and show it as a visible symbol, never as itself.
        let what = text::describe_char(c);
        return Diagnostic::new(
            Code::ControlCharacter,
            id,
            span.start..span.start + c.len_utf8(),
            format!("the file contains {} {what}", text::article(&what)),
        )
        .label("not allowed in a guide")
        .help("remove it; a guide may hold visible characters, spaces, tabs and line breaks only");
    }
    if message.contains("recursion") {
        return Diagnostic::new(Code::TooDeep, id, span, "arrays or inline tables are nested too deeply")
            .label("too deep")
            .help("a guide needs only a few levels of [ ] and { }; check for a missing closing bracket");
    }
    let (label, help) =
        if message.contains("duplicate key") {
            let key = text.get(span.clone()).unwrap_or("").trim_matches('"');
            let line_start = text[..span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
            let header = text[line_start..].lines().next().unwrap_or("").trim();
            if header.starts_with('[') {
                (
                    "defined again here".to_string(),
                    format!("the table {header} appears twice in this file; merge the two, or rename one"),
                )
            } else {
                ("defined again here".to_string(), format!("`{key}` appears twice in this table; remove or rename one"))
            }
        } else if let Some(fix) = quotes_inside_quotes(text, span.start) {
            return Diagnostic::new(Code::TomlSyntax, id, span, "the text has double quotes inside double quotes")
                .label("the quote just before this ended the text")
                .help(format!("put text that holds double quotes inside single quotes: {fix}"));
        } else if let Some(line) = unclosed_line_before(text, span.start) {
            return Diagnostic::new(
            Code::TomlSyntax,
            id,
            span,
            format!("the text that starts on line {line} is not closed on that line"),
        )
        .label("read as a new key")
        .help("text in \"…\" must fit on one line; for text over several lines use three quotes: text = \"\"\"…\"\"\"");
        } else {
            let label = message.find("expected ").map_or_else(|| "here".to_string(), |i| message[i..].to_string());
            let help = if message.contains("string") || message.contains("quote") {
                "check that every string is closed; use '''…''' or \"\"\"…\"\"\" for text over several lines"
            } else {
                "see docs/guide-format.md for the syntax; strings need quotes, tables look like [nodes.ID]"
            };
            (label, help.to_string())
        };
    Diagnostic::new(Code::TomlSyntax, id, span, format!("invalid TOML: {message}")).label(label).help(help)
}

/// Loads a guide from a file on disk, following `include`.
pub fn load_path(path: &Path, opts: CheckOptions) -> Loaded {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let name = path.display().to_string();
    let Some(main_id) = read_text(path, &name, MAX_FILE_BYTES, Allow::Stream, &mut sources, &mut diags) else {
        return Loaded { guide: None, diagnostics: diags, sources };
    };
    let Some(main) = parse(main_id, &sources, &mut diags, true) else {
        return Loaded { guide: None, diagnostics: diags, sources };
    };
    if main.guide.is_none() {
        return part_alone(main_id, sources);
    }
    let root_dir =
        path.canonicalize().ok().and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_else(|| PathBuf::from("."));
    let mut used = text_len(&sources, main_id);
    let mut entries = main.entries();
    if entries > check::MAX_ENTRIES {
        diags.push(check::too_many_entries(main_id, entries));
        return Loaded { guide: None, diagnostics: diags, sources };
    }
    let mut files = vec![main];
    // Depth-first over includes, remembering the chain to spot loops.
    let mut seen: Vec<PathBuf> = path.canonicalize().ok().into_iter().collect();
    let mut i = 0;
    let mut chains: Vec<Vec<PathBuf>> = vec![seen.clone()];
    while i < files.len() {
        let includes = files[i].include.clone();
        let chain = chains[i].clone();
        let including_dir = sources
            .get(files[i].file)
            .and_then(|f| f.path.as_ref())
            .and_then(|p| p.canonicalize().ok())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| root_dir.clone());
        for inc in includes {
            let target = including_dir.join(&inc.v);
            let canon = target.canonicalize().ok();
            if let Some((d, stop)) = include_refusal(&inc, inc.file, canon.as_deref(), &root_dir, &chain, &seen) {
                diags.push(d);
                if stop {
                    break;
                }
                continue;
            }
            let Some(canon) = canon else { continue };
            seen.push(canon.clone());
            let shown = Path::new(&sources.get(inc.file).map_or(String::new(), |f| f.name.clone()))
                .parent()
                .map_or_else(|| inc.v.clone(), |p| p.join(&inc.v).display().to_string());
            // The limits count every file together and stop before the next file is parsed.
            let budget = MAX_FILE_BYTES.saturating_sub(used);
            let Some(id) = read_text(&canon, &shown, budget, Allow::RegularFile, &mut sources, &mut diags) else {
                if diags.last().is_some_and(|d| d.code == Code::FileTooLarge) {
                    return Loaded { guide: None, diagnostics: diags, sources };
                }
                continue;
            };
            used += text_len(&sources, id);
            if let Some(raw) = parse(id, &sources, &mut diags, false) {
                entries += raw.entries();
                if entries > check::MAX_ENTRIES {
                    diags.push(check::too_many_entries(files[0].file, entries));
                    return Loaded { guide: None, diagnostics: diags, sources };
                }
                let mut c = chain.clone();
                c.push(canon);
                files.push(raw);
                chains.push(c);
            }
        }
        i += 1;
    }
    finish(&files, sources, diags, opts)
}

use super::diagnostic::cap_per_file;
pub use super::diagnostic::{MAX_DIAGNOSTICS_PER_FILE, extend_capped};

fn text_len(sources: &SourceMap, id: FileId) -> u64 {
    sources.get(id).map_or(0, |f| f.text.len() as u64)
}

/// Loads a guide held in memory (a built-in guide, or a test's text). `include` is refused, as
/// there is no folder to resolve it against.
pub fn load_str(name: &str, text: &str, opts: CheckOptions) -> Loaded {
    load_text(name, text, |body| Cow::Owned(body.to_string()), opts)
}

/// Like [`load_str`], for text that lives as long as the program (a guide built into it): the
/// guide keeps a reference to the text instead of a copy.
pub fn load_static(name: &str, text: &'static str, opts: CheckOptions) -> Loaded {
    load_text(name, text, Cow::Borrowed, opts)
}

fn load_text<'t>(
    name: &str,
    text: &'t str,
    keep: impl FnOnce(&'t str) -> Cow<'static, str>,
    opts: CheckOptions,
) -> Loaded {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.len() as u64 > MAX_FILE_BYTES {
        let (mut sources, mut diagnostics) = (SourceMap::default(), Vec::new());
        too_large(name, text.len(), None, &mut sources, &mut diagnostics);
        return Loaded { guide: None, diagnostics, sources };
    }
    if body.trim().is_empty() {
        return load_bytes(name, text.as_bytes().to_vec(), opts);
    }
    // Parse the caller's text before copying it, so a copy the guide keeps is not held while the
    // parser is at its largest.
    let mut diags = Vec::new();
    let main = parse_text(FileId(0), body, &mut diags, true);
    let mut sources = SourceMap::default();
    sources.add(SourceFile::new(name, None, keep(body)));
    match main {
        Some(main) => finish_in_memory(main, sources, diags, opts),
        None => Loaded { guide: None, diagnostics: diags, sources },
    }
}

/// Like [`load_str`], for bytes that may not be UTF-8.
pub fn load_bytes(name: &str, bytes: Vec<u8>, opts: CheckOptions) -> Loaded {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let Some(id) = decode(bytes, name, None, &mut sources, &mut diags) else {
        return Loaded { guide: None, diagnostics: diags, sources };
    };
    let Some(main) = parse(id, &sources, &mut diags, true) else {
        return Loaded { guide: None, diagnostics: diags, sources };
    };
    finish_in_memory(main, sources, diags, opts)
}

/// Checks a guide that has no folder: its `include`s cannot be followed.
fn finish_in_memory(main: RawFile, sources: SourceMap, mut diags: Vec<Diagnostic>, opts: CheckOptions) -> Loaded {
    for inc in &main.include {
        diags.push(
            Diagnostic::new(
                Code::IncludeMissing,
                inc.file,
                inc.span.clone(),
                format!("cannot include \"{}\" from a guide that is not in a file", inc.v),
            )
            .label("no folder to look in")
            .help("load the guide from its file so includes can be found"),
        );
    }
    finish(&[main], sources, diags, opts)
}

/// A file without a [guide] table was given as a guide: most often a part that another guide
/// includes. It is read as such a part (so its own mistakes are still found), and one error
/// says where to look instead of a list of complaints about what only a main file has.
fn part_alone(id: FileId, sources: SourceMap) -> Loaded {
    let mut diags = Vec::new();
    let _ = parse(id, &sources, &mut diags, false);
    let len = sources.get(id).map_or(0, |f| f.text.len());
    diags.push(
        Diagnostic::new(
            Code::MissingKey,
            id,
            0..len.min(1),
            "this file has no [guide] table, so it is not a guide on its own",
        )
        .label("no [guide] table")
        .help(
            "if another guide includes this file, validate that guide's main file instead: it checks every file it \
                 includes; if this file is meant to be a guide of its own, add a [guide] table with id, title, start \
                 and disclaimer",
        ),
    );
    diags.sort_by_key(|d| (d.file, d.span.start));
    Loaded { guide: None, diagnostics: diags, sources }
}

fn finish(files: &[RawFile], sources: SourceMap, mut diags: Vec<Diagnostic>, opts: CheckOptions) -> Loaded {
    let (guide, more) = check::check(files, sources, opts);
    diags.extend(more);
    // In the order of the files, top to bottom, the way an author fixes them.
    diags.sort_by_key(|d| (d.file, d.span.start));
    let diags = cap_per_file(diags);
    match guide {
        Ok(g) if !diags.iter().any(Diagnostic::is_error) => {
            Loaded { guide: Some(g), diagnostics: diags, sources: SourceMap::default() }
        }
        Ok(g) => Loaded { guide: None, diagnostics: diags, sources: g.sources },
        Err(sources) => Loaded { guide: None, diagnostics: diags, sources },
    }
}
