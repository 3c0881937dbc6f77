//! The guide library: guides a person keeps in folders, found by id like the built-in ones.
//!
//! Search order, first match wins: the built-in guides (their ids can never be taken over, so
//! `guidepost ketamine-coverage` always means the shipped guide), then each folder listed in
//! `GUIDEPOST_PATH` in the order given, then the library folder (`$XDG_DATA_HOME/guidepost/guides`
//! on Linux, the platform's data folder elsewhere).
//!
//! A guide is a `.toml` file directly inside one of these folders; subfolders are not searched, so
//! the files a guide includes can live in one. A file's id is its `[guide] id`, or its file name
//! when that cannot be read (a broken guide is still found, and then reports its problems).
//!
//! Nothing here stops at a bad file: a folder that cannot be read or a guide that does not load is
//! described, and every other guide stays usable.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::builtin::{BUILTINS, Builtin};
use crate::guide::text::sanitize_line;
use crate::guide::{CheckOptions, Loaded, load_path, load_static, preview};

/// The variable listing more guide folders, searched before the library folder.
pub const PATH_VAR: &str = "GUIDEPOST_PATH";

/// How much of a file is read to learn its id: `[guide]` opens a guide.
const ID_BYTES: u64 = 64 * 1024;

/// Whether a GUIDE argument could be an id rather than a path: no separators, no extension.
pub fn looks_like_id(arg: &str) -> bool {
    !arg.is_empty() && !arg.contains(['/', '\\', '.'])
}

/// Where a guide comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin,
    /// A folder named in `GUIDEPOST_PATH`.
    Path,
    /// The library folder.
    Library,
}

impl Origin {
    /// The word `list` shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Builtin => "built-in",
            Origin::Path => "path",
            Origin::Library => "library",
        }
    }

    /// Where such a guide is, for sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Builtin => "the program",
            Origin::Path => "a GUIDEPOST_PATH folder",
            Origin::Library => "the library",
        }
    }
}

/// One folder searched for guides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder.
    pub dir: PathBuf,
    /// Which kind of folder it is.
    pub origin: Origin,
}

/// Why a guide found under an id is not the one that id runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidden {
    /// A built-in guide has this id.
    Builtin,
    /// The id is also a subcommand's name, so on the command line it means the subcommand.
    Reserved,
    /// An earlier file in the search order has this id.
    Duplicate(PathBuf),
}

/// A guide the search order knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its id (the file name when the file's `[guide] id` cannot be read).
    pub id: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The built-in guide, for built-in entries.
    pub builtin: Option<&'static Builtin>,
    /// The file, for guides on disk.
    pub path: Option<PathBuf>,
    /// Why the id does not run this guide, if it does not.
    pub hidden: Option<Hidden>,
}

/// The folders searched for guides, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    folders: Vec<Folder>,
}

/// Every guide in the search order, and the folders that could not be read.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Built-in guides first, then each folder's guides in file-name order.
    pub entries: Vec<Entry>,
    /// One line per folder that exists but could not be read.
    pub problems: Vec<String>,
}

impl Library {
    /// Whether `id` can name a new guide in the library: a valid file name, not a command's
    /// name (`reserved`), and not taken by a guide already found. The error says why, for a person.
    pub fn check_new_id(&self, id: &str, reserved: &dyn Fn(&str) -> bool) -> Result<(), String> {
        if !crate::store::valid_id(id) {
            return Err(format!(
                "\"{}\" cannot be a guide id: use lowercase letters, digits and dashes, e.g. my-guide",
                sanitize_line(id)
            ));
        }
        if reserved(id) {
            return Err(format!(
                "\"{id}\" is a command's name, so `guidepost {id}` could never run the guide; choose another id"
            ));
        }
        if let Some(e) = self.catalog(reserved).entries.iter().find(|e| e.id == id) {
            let place =
                e.path.as_ref().map_or_else(String::new, |p| format!(" ({})", sanitize_line(&p.display().to_string())));
            let whose = match e.origin {
                Origin::Builtin => "a built-in guide".to_string(),
                o => format!("a guide in {}", o.describe()),
            };
            return Err(format!("{whose} already has the id \"{id}\"{place}; choose another id (nothing was written)"));
        }
        Ok(())
    }

    /// Every guide of the [`catalog`](Self::catalog), loaded, in its order (the default guide
    /// first), with the folder problems. A file another guide includes is one of its parts, not
    /// a guide of its own, so it is left out even when it sits next to the guides.
    pub fn load_all(
        &self,
        reserved: &dyn Fn(&str) -> bool,
        options: CheckOptions,
    ) -> (Vec<(Entry, Loaded)>, Vec<String>) {
        let catalog = self.catalog(reserved);
        let loaded: Vec<(Entry, Loaded)> = catalog
            .entries
            .into_iter()
            .filter_map(|e| {
                let l = match (&e.builtin, &e.path) {
                    (Some(b), _) => load_static(&format!("<built-in>/{}", b.file), b.text, options),
                    (None, Some(p)) => load_path(p, options),
                    (None, None) => return None,
                };
                Some((e, l))
            })
            .collect();
        let parts: HashSet<PathBuf> = loaded
            .iter()
            .flat_map(|(_, l)| l.sources().files().iter().skip(1).filter_map(|f| f.path.as_deref().map(canonical)))
            .collect();
        let guides = loaded
            .into_iter()
            .filter(|(e, _)| !e.path.as_deref().is_some_and(|p| parts.contains(&canonical(p))))
            .collect();
        (guides, catalog.problems)
    }

    /// The folders as the environment sets them: `GUIDEPOST_PATH`, then the library folder.
    pub fn from_env() -> Library {
        let mut folders: Vec<Folder> = std::env::var_os(PATH_VAR)
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(|dir| Folder { dir, origin: Origin::Path })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(dir) = library_dir() {
            folders.push(Folder { dir, origin: Origin::Library });
        }
        Library { folders }
    }

    /// A library searching exactly these folders.
    pub fn new(folders: Vec<Folder>) -> Library {
        Library { folders }
    }

    /// The folders, in search order.
    pub fn folders(&self) -> &[Folder] {
        &self.folders
    }

    /// Every guide in search order. `reserved` says which ids are subcommand names.
    pub fn catalog(&self, reserved: &dyn Fn(&str) -> bool) -> Catalog {
        let mut catalog = Catalog::default();
        for b in BUILTINS {
            catalog.entries.push(Entry {
                id: b.id.to_string(),
                origin: Origin::Builtin,
                builtin: Some(b),
                path: None,
                hidden: None,
            });
        }
        for folder in &self.folders {
            let files = match guide_files(&folder.dir) {
                Ok(files) => files,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    catalog.problems.push(format!(
                        "cannot read the {} folder {}: {}",
                        folder.origin.as_str(),
                        folder.dir.display(),
                        crate::guide::load::io_reason(&e)
                    ));
                    continue;
                }
            };
            for path in files {
                let id = file_id(&path);
                let hidden = if crate::builtin::find(&id).is_some() {
                    Some(Hidden::Builtin)
                } else if reserved(&id) {
                    Some(Hidden::Reserved)
                } else {
                    catalog
                        .entries
                        .iter()
                        .find(|e| e.id == id && e.hidden.is_none())
                        .and_then(|e| e.path.clone())
                        .map(Hidden::Duplicate)
                };
                catalog.entries.push(Entry { id, origin: folder.origin, builtin: None, path: Some(path), hidden });
            }
        }
        catalog
    }

    /// The guide an id runs: the first in search order that is not hidden.
    pub fn find(&self, id: &str, reserved: &dyn Fn(&str) -> bool) -> Option<Entry> {
        self.catalog(reserved).entries.into_iter().find(|e| e.id == id && e.hidden.is_none())
    }
}

/// The library folder of this platform: `$XDG_DATA_HOME/guidepost/guides` (by default
/// `~/.local/share/guidepost/guides`) on Linux, the application data folder elsewhere.
pub fn library_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "guidepost").map(|d| d.data_dir().join("guides"))
}

/// The `.toml` files directly in a folder, by file name; hidden files are skipped.
fn guide_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            !name.starts_with('.') && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml")) && p.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// A file's `[guide] id`, or its file name without `.toml` when that cannot be read.
fn file_id(path: &Path) -> String {
    let mut start = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(ID_BYTES).read_to_end(&mut start));
    let from_text = read.ok().and_then(|_| {
        let text = match std::str::from_utf8(&start) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&start[..e.valid_up_to()]).ok()?,
        };
        preview::id(text)
    });
    from_text.unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// Where a guide comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuideSource {
    /// Embedded in the binary.
    Builtin(&'static str),
    /// A file on disk.
    File(PathBuf),
}

/// Decides what a GUIDE argument names: an existing file, else a built-in id, else the id of a
/// guide in `library` (an id that `reserved` claims, such as a subcommand's name, is not looked
/// up), else a file that does not exist yet, for the loader to report.
pub fn guide_source(arg: Option<&str>, library: &Library, reserved: &dyn Fn(&str) -> bool) -> GuideSource {
    let Some(a) = arg else { return GuideSource::Builtin(crate::builtin::default_guide().id) };
    if Path::new(a).exists() {
        return GuideSource::File(PathBuf::from(a));
    }
    if let Some(b) = crate::builtin::find(a) {
        return GuideSource::Builtin(b.id);
    }
    if looks_like_id(a)
        && let Some(path) = library.find(a, reserved).and_then(|e| e.path)
    {
        return GuideSource::File(path);
    }
    GuideSource::File(PathBuf::from(a))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn guide(dir: &Path, file: &str, id: &str) -> PathBuf {
        let path = dir.join(file);
        std::fs::write(&path, format!("format = 1\n[guide]\nid = \"{id}\"\ntitle = \"T\"\n")).unwrap();
        path
    }

    fn no_reserved(_: &str) -> bool {
        false
    }

    #[test]
    fn ids_come_from_the_guide_table_or_else_the_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let named = guide(dir.path(), "whatever.toml", "real-id");
        std::fs::write(dir.path().join("broken.toml"), "[guide\nid = ").unwrap();
        let lib = Library::new(vec![Folder { dir: dir.path().into(), origin: Origin::Library }]);
        assert_eq!(lib.find("real-id", &no_reserved).unwrap().path, Some(named));
        assert!(lib.find("whatever", &no_reserved).is_none());
        assert_eq!(lib.find("broken", &no_reserved).unwrap().path, Some(dir.path().join("broken.toml")));
    }

    #[test]
    fn the_first_folder_wins_and_later_copies_are_marked() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = guide(a.path(), "g.toml", "g");
        let second = guide(b.path(), "g.toml", "g");
        let lib = Library::new(vec![
            Folder { dir: a.path().into(), origin: Origin::Path },
            Folder { dir: b.path().into(), origin: Origin::Library },
        ]);
        assert_eq!(lib.find("g", &no_reserved).unwrap().path, Some(first.clone()));
        let catalog = lib.catalog(&no_reserved);
        let later = catalog.entries.iter().find(|e| e.path.as_ref() == Some(&second)).unwrap();
        assert_eq!(later.hidden, Some(Hidden::Duplicate(first)));
    }

    #[test]
    fn built_in_and_subcommand_ids_are_never_found_in_folders() {
        let dir = tempfile::tempdir().unwrap();
        guide(dir.path(), "k.toml", "ketamine-coverage");
        guide(dir.path(), "list.toml", "list");
        let lib = Library::new(vec![Folder { dir: dir.path().into(), origin: Origin::Library }]);
        let found = lib.find("ketamine-coverage", &|id| id == "list").unwrap();
        assert_eq!(found.origin, Origin::Builtin);
        assert!(lib.find("list", &|id| id == "list").is_none());
        let hidden: Vec<_> = lib.catalog(&|id| id == "list").entries.into_iter().filter_map(|e| e.hidden).collect();
        assert_eq!(hidden, vec![Hidden::Builtin, Hidden::Reserved]);
    }

    #[test]
    fn missing_folders_are_skipped_and_subfolders_and_other_files_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("parts")).unwrap();
        guide(&dir.path().join("parts"), "part.toml", "part");
        guide(dir.path(), ".hidden.toml", "hidden");
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let lib = Library::new(vec![
            Folder { dir: dir.path().join("nope"), origin: Origin::Path },
            Folder { dir: dir.path().into(), origin: Origin::Library },
        ]);
        let catalog = lib.catalog(&no_reserved);
        assert_eq!(catalog.entries.len(), BUILTINS.len());
        assert!(catalog.problems.is_empty());
    }

    #[test]
    fn a_new_guide_id_must_be_a_file_name_not_a_command_and_not_taken() {
        let lib = Library::default();
        let reserved = |id: &str| id == "list";
        assert!(lib.check_new_id("my-guide", &reserved).is_ok());
        assert!(lib.check_new_id("My Guide", &reserved).unwrap_err().contains("cannot be a guide id"));
        assert!(lib.check_new_id("list", &reserved).unwrap_err().contains("is a command's name"));
        let taken = lib.check_new_id("ketamine-coverage", &reserved).unwrap_err();
        assert!(taken.starts_with("a built-in guide already has the id \"ketamine-coverage\""), "{taken}");
    }

    #[test]
    fn a_guide_argument_is_a_file_then_a_built_in_then_a_library_id() {
        let dir = tempfile::tempdir().unwrap();
        let mine = guide(dir.path(), "mine.toml", "mine");
        guide(dir.path(), "list.toml", "list");
        let lib = Library::new(vec![Folder { dir: dir.path().into(), origin: Origin::Library }]);
        let reserved = |id: &str| id == "list";
        let source = |arg: Option<&str>| guide_source(arg, &lib, &reserved);
        assert_eq!(source(None), GuideSource::Builtin("ketamine-coverage"));
        assert_eq!(source(Some("appeal-denied-claim")), GuideSource::Builtin("appeal-denied-claim"));
        assert_eq!(source(Some("mine")), GuideSource::File(mine.clone()));
        assert_eq!(source(Some(mine.to_str().unwrap())), GuideSource::File(mine));
        assert_eq!(source(Some("list")), GuideSource::File(PathBuf::from("list")), "a subcommand's name is a path");
        assert_eq!(source(Some("nowhere.toml")), GuideSource::File(PathBuf::from("nowhere.toml")));
    }
}
