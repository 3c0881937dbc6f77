//! Checking a guide as the editor holds it: unsaved text wins over the disk, included files are
//! followed the way `guidepost validate` follows them, and every diagnostic lands on its file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::DeTable;

use super::position::LineIndex;
use crate::engine::scenario;
use crate::guide::check::{self, CheckOptions};
use crate::guide::diagnostic::{Code, Diagnostic};
use crate::guide::load::{MAX_FILE_BYTES, MAX_KEY_DEPTH, include_refusal, load_str};
use crate::guide::raw::{self, RawFile};
use crate::guide::source::{FileId, SourceFile, SourceMap};
use crate::guide::{Guide, Severity};

/// Most diagnostics sent for one file; the first ones are what an author fixes first.
const MAX_DIAGNOSTICS_PER_FILE: usize = 200;

/// One file as it was last parsed successfully: its text, line index and raw structs.
#[derive(Debug)]
pub struct Parsed {
    /// The text the structs were read from.
    pub text: String,
    /// Its lines.
    pub lines: LineIndex,
    /// What was read.
    pub raw: RawFile,
}

/// One file of a guide.
#[derive(Debug)]
pub struct FileData {
    /// Where it lives.
    pub path: PathBuf,
    /// The text now (the editor's, when it is open).
    pub text: String,
    /// Its lines.
    pub lines: LineIndex,
    /// The last text that parsed: this one, or an earlier one while the TOML is broken, so
    /// completion and navigation keep working through a half-typed edit.
    pub parsed: Option<Arc<Parsed>>,
    /// True when `parsed` is from an earlier text.
    pub stale: bool,
}

/// A guide and all its files, checked.
#[derive(Debug)]
pub struct Analysis {
    /// The main guide file.
    pub main: PathBuf,
    /// Every file, the main one first; indexes are the `FileId`s of [`Analysis::diagnostics`].
    pub files: Vec<FileData>,
    /// Every problem, as `validate` reports it.
    pub diagnostics: Vec<Diagnostic>,
    /// The checked guide, when it has no errors.
    pub guide: Option<Guide>,
}

impl Analysis {
    /// The index of a file of this guide.
    pub fn file_index(&self, path: &Path) -> Option<usize> {
        self.files.iter().position(|f| f.path == path)
    }
}

/// Is this text a guide's main file: `format =` and a `[guide]` table, even while the TOML around
/// them is broken?
pub fn is_main_guide(text: &str) -> bool {
    let mut format = false;
    let mut guide = false;
    for line in text.lines() {
        let t = line.trim_start();
        format |= t.starts_with("format") && t["format".len()..].trim_start().starts_with('=');
        guide |= t.starts_with("[guide]") || t.starts_with("[guide.") || t.starts_with("[[guide.");
    }
    format && guide
}

/// The text of a file: the editor's when open, else the disk's (bounded).
pub type Reader<'a> = dyn Fn(&Path) -> Option<String> + 'a;

/// Checks the guide whose main file is `main`. `previous` holds the last good parse of each file,
/// kept when a file's TOML no longer parses.
pub fn analyze(main: &Path, read: &Reader<'_>, previous: &HashMap<PathBuf, Arc<Parsed>>) -> Analysis {
    let opts = CheckOptions::default();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut files: Vec<FileData> = Vec::new();
    let mut raws: Vec<Option<RawFile>> = Vec::new();
    let root_dir = main.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let mut chains: Vec<Vec<PathBuf>> = vec![vec![main.to_path_buf()]];
    let mut seen: Vec<PathBuf> = vec![main.to_path_buf()];
    let mut used: u64 = 0;

    let text = read(main).unwrap_or_default();
    add_file(main, text, true, opts, previous, &mut files, &mut raws, &mut diags, &mut used);
    let mut i = 0;
    while i < files.len() {
        // While a file's TOML is broken, its last good includes are followed.
        let includes = raws[i]
            .as_ref()
            .or_else(|| files[i].parsed.as_ref().map(|p| &p.raw))
            .map(|r| r.include.clone())
            .unwrap_or_default();
        let dir = files[i].path.parent().map_or_else(|| root_dir.clone(), Path::to_path_buf);
        let chain = chains[i].clone();
        for inc in includes {
            let file = FileId(i as u32);
            let target = normalize(&dir.join(&inc.v));
            let target = target.canonicalize().unwrap_or(target);
            let text = read(&target);
            if let Some((d, stop)) =
                include_refusal(&inc, file, text.is_some().then_some(target.as_path()), &root_dir, &chain, &seen)
            {
                diags.push(d);
                if stop {
                    break;
                }
                continue;
            }
            let Some(text) = text else { continue };
            seen.push(target.clone());
            let mut c = chain.clone();
            c.push(target.clone());
            chains.push(c);
            add_file(&target, text, false, opts, previous, &mut files, &mut raws, &mut diags, &mut used);
        }
        i += 1;
    }

    let mut guide = None;
    if raws.iter().all(Option::is_some) && used <= MAX_FILE_BYTES {
        let raws: Vec<RawFile> = raws.into_iter().flatten().collect();
        let mut sources = SourceMap::default();
        for f in &files {
            sources.add(SourceFile::new(display_name(&f.path, main), Some(f.path.clone()), f.text.clone()));
        }
        let (checked, more) = check::check(&raws, sources, opts);
        diags.extend(more);
        if let Ok(g) = checked
            && !diags.iter().any(Diagnostic::is_error)
        {
            untested_items(&g, &files, &mut diags);
            guide = Some(g);
        }
    }
    diags.sort_by_key(|d| (d.file, d.span.start));
    let mut per_file: HashMap<FileId, usize> = HashMap::new();
    diags.retain(|d| {
        let n = per_file.entry(d.file).or_default();
        *n += 1;
        *n <= MAX_DIAGNOSTICS_PER_FILE
    });
    Analysis { main: main.to_path_buf(), files, diagnostics: diags, guide }
}

/// The name a file is shown by in messages: relative to the main file's folder.
fn display_name(path: &Path, main: &Path) -> String {
    let dir = main.parent().unwrap_or(Path::new("/"));
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

#[allow(clippy::too_many_arguments)]
fn add_file(
    path: &Path,
    text: String,
    is_main: bool,
    opts: CheckOptions,
    previous: &HashMap<PathBuf, Arc<Parsed>>,
    files: &mut Vec<FileData>,
    raws: &mut Vec<Option<RawFile>>,
    diags: &mut Vec<Diagnostic>,
    used: &mut u64,
) {
    let id = FileId(files.len() as u32);
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    *used += text.len() as u64;
    let raw = if *used > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::new(
                Code::FileTooLarge,
                id,
                0..0,
                format!("the guide's files are over {} MiB together", MAX_FILE_BYTES >> 20),
            )
            .help("check that this is the right file; split a very large guide into several guides"),
        );
        None
    } else {
        parse(id, path, &text, is_main, opts, diags)
    };
    let lines = LineIndex::new(&text);
    let (parsed, stale) = match &raw {
        Some(r) => (Some(Arc::new(Parsed { text: text.clone(), lines: lines.clone(), raw: r.clone() })), false),
        None => (previous.get(path).cloned(), true),
    };
    files.push(FileData { path: path.to_path_buf(), text, lines, parsed, stale });
    raws.push(raw);
}

/// Parses one file. The loader's own messages are used for what it refuses before reading
/// (empty text, absurd nesting) and for TOML syntax errors, so the editor says what `validate`
/// says.
fn parse(
    id: FileId,
    path: &Path,
    text: &str,
    is_main: bool,
    opts: CheckOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawFile> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let loader_says = |diags: &mut Vec<Diagnostic>| {
        let loaded = load_str(&name, text, CheckOptions { readability: false, ..opts });
        let before = diags.len();
        diags.extend(
            loaded
                .diagnostics
                .into_iter()
                .filter(|d| {
                    matches!(
                        d.code,
                        Code::TomlSyntax
                            | Code::EmptyFile
                            | Code::TooDeep
                            | Code::ControlCharacter
                            | Code::FileTooLarge
                    )
                })
                .map(|d| Diagnostic { file: id, ..d }),
        );
        diags.len() > before
    };
    if (text.trim().is_empty() || looks_too_deep(text)) && loader_says(diags) {
        return None;
    }
    match DeTable::parse(text) {
        Ok(root) => Some(raw::read_file(root.get_ref(), id, is_main, diags)),
        Err(e) => {
            if !loader_says(diags) {
                diags.push(Diagnostic::new(
                    Code::TomlSyntax,
                    id,
                    e.span().unwrap_or(0..0),
                    e.message().lines().next().unwrap_or("invalid TOML").to_string(),
                ));
            }
            None
        }
    }
}

/// A cheap over-estimate of the loader's nesting check: a line with more dots before its `=`
/// than a key may have parts.
fn looks_too_deep(text: &str) -> bool {
    text.lines().any(|l| {
        l.len() > 2 * MAX_KEY_DEPTH && l.split('=').next().is_some_and(|k| k.matches('.').count() > MAX_KEY_DEPTH)
    })
}

/// `a/./b/../c` as `a/c`, without touching the disk (the file may exist only in the editor).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// W0102, as `validate` adds it: checklist items that no `[[tests]]` scenario produces.
fn untested_items(guide: &Guide, files: &[FileData], diags: &mut Vec<Diagnostic>) {
    // Each item's place, found once: the warning can be needed for every item of a large guide.
    let places: HashMap<&str, (FileId, std::ops::Range<usize>)> = files
        .iter()
        .enumerate()
        .filter_map(|(f, data)| Some((f, &data.parsed.as_ref()?.raw)))
        .flat_map(|(f, raw)| {
            raw.checklist.iter().map(move |it| (it.id.v.as_str(), (FileId(f as u32), it.id.span.clone())))
        })
        .collect();
    for item in scenario::untested_items(guide) {
        let (file, span) = places.get(guide.item(item).key.as_str()).cloned().unwrap_or((FileId(0), 0..0));
        diags.push(Diagnostic {
            severity: Severity::Warning,
            ..scenario::untested_item_warning(guide, item, file, span)
        });
    }
}
