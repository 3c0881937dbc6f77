//! Saving files so that a crash, a full disk or a killed process never leaves a half-written
//! checklist or session, and never destroys the previous one.
//!
//! The bytes go to a temporary file in the same folder, which is synced, renamed over the
//! target, and then the folder itself is synced so the rename survives a power cut. If any step
//! fails, the temporary file is removed and the previous file is left exactly as it was.
//!
//! Decisions, so they are made once:
//! - **What is replaced.** Only a regular file (or a name that does not exist yet) is replaced
//!   this way. A character device or a FIFO (`/dev/stdout`, `/dev/null`, a pipe) is written
//!   into, as `cp` and shells do: renaming a file over it would put a plain file where the
//!   device was (as root, in place of `/dev/null` itself). Anything else (a folder, a socket,
//!   a block device) is refused with a message naming what it is.
//! - **Symlinks.** A symlink at the target is followed: the file it points to is replaced and
//!   the link is kept, as an editor saving through a link does.
//! - **Hard links.** A replaced file is a new file: other hard links to the old one keep the
//!   old content.
//! - **Permissions.** Sessions hold what a person told the program about their health, so they
//!   are always written owner-only ([`Access::Private`], mode 0600). Checklists are documents a
//!   person means to share, so they get the usual mode for a new file ([`Access::Shared`]:
//!   0666 less the umask, typically 0644); when a checklist replaces an existing file, that
//!   file's permission bits and (where allowed) its group are kept, so a file someone made
//!   private or shared with a group stays so.
//! - **Messages.** Errors are reasons ("the disk is full"); they never mention the temporary
//!   file. [`cannot_write`] puts the target path in front for a complete message.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::guide::load::io_reason;
use crate::guide::text::sanitize_line;

/// Who may read a saved file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only the owner (mode 0600): sessions, which hold private answers.
    Private,
    /// The usual mode for a new file (0666 less the umask), or the replaced file's mode:
    /// checklists, which a person saves to share or print.
    Shared,
}

/// Writes `bytes` to `path` atomically and durably, as a shared document (a checklist). The
/// error is a plain reason ("the disk is full", "the folder /x does not exist") for a person;
/// the caller names the path, e.g. with [`cannot_write`].
///
/// A device or FIFO at `path` is written into; a symlink is followed (see the module
/// documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_atomic_as(path, bytes, Access::Shared)
}

/// Like [`write_atomic`], choosing who may read the file.
pub fn write_atomic_as(path: &Path, bytes: &[u8], access: Access) -> Result<(), String> {
    write_with(path, bytes, access, std::io::Write::write_all)
}

/// The whole message for a failed save: "cannot write /x/y.md: the folder /x does not exist".
pub fn cannot_write(path: &Path, reason: &str) -> String {
    format!("cannot write {}: {reason}", shown(path))
}

/// A path as it may be printed: on one line, with no control characters.
pub fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string()).into_owned()
}

/// Checks, before any work is done, that `path` could be saved to: its folder exists and it is
/// a regular file, a device or FIFO to write into, or a new name. Lets a program refuse a bad
/// `--save` path before asking questions.
pub fn check_target(path: &Path) -> Result<(), String> {
    classify(path).map(|_| ())
}

/// What saving to a path will do.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Replace (or create) this regular file atomically: the path itself, or the file a
    /// symlink at the path points to.
    Replace(PathBuf),
    /// Write into the character device or FIFO at the path, as `cp` does.
    WriteInto,
}

/// Decides what saving to `path` does, or why it cannot.
fn classify(path: &Path) -> Result<Target, String> {
    if path.file_name().is_none() && !path.exists() {
        return Err("the path names no file; add a file name".to_string());
    }
    // `metadata` follows every link, the kernel's own (`/dev/stdout`) included.
    if let Ok(meta) = std::fs::metadata(path) {
        let kind = meta.file_type();
        if kind.is_file() {
            let real = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
            } else {
                path.to_path_buf()
            };
            check_folder(&real)?;
            return Ok(Target::Replace(real));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_char_device() || kind.is_fifo() {
                return Ok(Target::WriteInto);
            }
        }
        if kind.is_dir() {
            return Err("that is a folder; add a file name".to_string());
        }
        return Err(format!("that is {}, not a file; name a regular file", crate::read::kind_name(&meta)));
    }
    // Nothing there yet, or a link to nothing: the file is created where the link points.
    let real = dangling_target(path);
    if real.file_name().is_none() {
        return Err("the path names no file; add a file name".to_string());
    }
    check_folder(&real)?;
    Ok(Target::Replace(real))
}

/// Follows symlinks at `path` that lead nowhere (yet) to the name that would be created.
fn dangling_target(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // As many hops as the kernel follows before it gives up on a loop.
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(to) => current = folder_of(&current).join(to),
            Err(_) => break,
        }
    }
    current
}

/// Checks that the folder a file goes in exists, saying exactly which part is wrong if not.
fn check_folder(path: &Path) -> Result<(), String> {
    let dir = folder_of(path);
    if dir.is_dir() {
        return Ok(());
    }
    // Walk up to the first part that exists, to say exactly what is wrong.
    let mut probe = dir;
    loop {
        if probe.is_dir() {
            break;
        }
        if probe.exists() {
            return Err(format!("{} is a file, not a folder", shown(probe)));
        }
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p,
            _ => break,
        }
    }
    Err(format!("the folder {} does not exist", shown(dir)))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Removes the temporary file unless the save went through.
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Creates a new, empty temporary file next to the target, never reusing an existing name.
fn create_temp(dir: &Path, file_name: &str, access: Access) -> Result<(File, PathBuf), std::io::Error> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mut last = std::io::Error::other("could not make a temporary file");
    for _ in 0..64 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!(".{file_name}.{}-{nanos:x}-{n}.tmp", std::process::id());
        let tmp = dir.join(name);
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(match access {
                Access::Private => 0o600,
                Access::Shared => 0o666,
            });
        }
        match opts.open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// The save itself, with the step that writes the bytes passed in so tests can make it fail
/// half-way (as a full disk does) and check that nothing is lost.
fn write_with(
    path: &Path,
    bytes: &[u8],
    access: Access,
    write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
) -> Result<(), String> {
    let path = match classify(path)? {
        Target::Replace(real) => real,
        Target::WriteInto => return write_into(path, bytes, write),
    };
    let path = path.as_path();
    let dir = folder_of(path);
    let file_name = path.file_name().map_or_else(|| "file".to_string(), |n| n.to_string_lossy().into_owned());
    let (mut file, tmp) = create_temp(dir, &file_name, access).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => format!("you may not write in the folder {}", shown(dir)),
        _ => io_reason(&e),
    })?;
    let mut guard = TempGuard { path: tmp, armed: true };
    // A replaced checklist keeps its permission bits and group; a session is always owner-only.
    #[cfg(unix)]
    if access == Access::Shared
        && let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.file_type().is_file()
    {
        use std::os::unix::fs::MetadataExt;
        // Only the owner or root may change the group, and only to one they belong to: where
        // that is not allowed the file keeps the folder's default group.
        let _ = std::os::unix::fs::fchown(&file, None, Some(meta.gid()));
        let _ = file.set_permissions(meta.permissions());
    }
    write(&mut file, bytes).map_err(|e| io_reason(&e))?;
    file.sync_all().map_err(|e| io_reason(&e))?;
    drop(file);
    std::fs::rename(&guard.path, path).map_err(|e| io_reason(&e))?;
    guard.armed = false;
    // The rename is only durable once the folder's entry is on disk too.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes into a character device or a FIFO as `cp` does: opened for writing (waiting for a
/// reader, as a pipe does), never replaced.
fn write_into(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
) -> Result<(), String> {
    let mut file = OpenOptions::new().write(true).open(path).map_err(|e| io_reason(&e))?;
    write(&mut file, bytes).map_err(|e| io_reason(&e))?;
    std::io::Write::flush(&mut file).map_err(|e| io_reason(&e))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;

    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
            .collect()
    }

    #[test]
    fn replaces_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("list.md");
        write_atomic(&p, b"old").unwrap();
        write_atomic(&p, b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new content");
        assert!(leftovers(dir.path()).is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let p = missing.join("list.md");
        let err = write_atomic(&p, b"x").unwrap_err();
        assert_eq!(err, format!("the folder {} does not exist", missing.display()));
        assert_eq!(cannot_write(&p, &err), format!("cannot write {}: {err}", p.display()));
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_whole_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("session.json");
        write_atomic(&p, b"the answers so far").unwrap();
        // Half the bytes go out, then the disk is full.
        let err = write_with(&p, b"a longer replacement that will not fit", Access::Private, |f, b| {
            f.write_all(&b[..b.len() / 2])?;
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        })
        .unwrap_err();
        assert_eq!(err, "the disk is full");
        assert!(!err.contains(".tmp"), "the temporary file is never named: {err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "the answers so far");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    /// Makes `dir` read-only and says whether that stops this process from creating files in
    /// it (it does not for root, which CI runs as).
    #[cfg(unix)]
    fn read_only_stops_us(dir: &Path) -> bool {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join("probe");
        match File::create(&probe) {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
                false
            }
            Err(_) => true,
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_written_keeps_the_old_file_and_names_no_temp_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("locked");
        std::fs::create_dir(&folder).unwrap();
        let p = folder.join("list.md");
        write_atomic(&p, b"old checklist").unwrap();
        let (target, expected) = if read_only_stops_us(&folder) {
            (p.clone(), format!("you may not write in the folder {}", folder.display()))
        } else {
            // Root writes into read-only folders; a path under a regular file fails for anyone.
            let under_file = p.join("list.md");
            (under_file, format!("{} is a file, not a folder", p.display()))
        };
        let err = write_atomic(&target, b"new").unwrap_err();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(err, expected);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old checklist");
        assert!(leftovers(&folder).is_empty());
    }

    #[test]
    fn a_path_under_a_file_says_which_part_is_not_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "keep me").unwrap();
        let err = write_atomic(&file.join("deeper").join("list.md"), b"x").unwrap_err();
        assert_eq!(err, format!("{} is a file, not a folder", file.display()));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    }

    #[test]
    fn a_folder_as_target_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert_eq!(err, "that is a folder; add a file name");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("list.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, b"checklist").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "checklist");
        assert!(leftovers(dir.path()).is_empty());
        // A link to a name not yet there creates the file it names.
        let dangling = dir.path().join("later.md");
        std::os::unix::fs::symlink("made.md", &dangling).unwrap();
        write_atomic(&dangling, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("made.md")).unwrap(), "new");
        assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_into_and_left_in_place() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut s = String::new();
                File::open(&fifo).unwrap().read_to_string(&mut s).unwrap();
                s
            })
        };
        write_atomic(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn dev_null_is_written_into_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        write_atomic(Path::new("/dev/null"), b"gone").unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn a_socket_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("s.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let err = write_atomic(&sock, b"x").unwrap_err();
        assert_eq!(err, "that is a socket, not a file; name a regular file");
    }

    #[cfg(unix)]
    #[test]
    fn sessions_are_owner_only_and_checklists_are_readable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.json");
        write_atomic_as(&session, b"{}", Access::Private).unwrap();
        assert_eq!(std::fs::metadata(&session).unwrap().permissions().mode() & 0o777, 0o600);
        let list = dir.path().join("l.md");
        write_atomic(&list, b"x").unwrap();
        let mode = std::fs::metadata(&list).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o600, 0o600, "the owner can read and write: {mode:o}");
        assert_eq!(mode & 0o111, 0, "nothing is executable: {mode:o}");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_checklist_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("l.md");
        std::fs::write(&list, "old").unwrap();
        std::fs::set_permissions(&list, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&list, b"new").unwrap();
        assert_eq!(std::fs::metadata(&list).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_session_is_made_private_when_saved_again() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.json");
        std::fs::write(&session, "{}").unwrap();
        std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic_as(&session, b"{ }", Access::Private).unwrap();
        assert_eq!(std::fs::metadata(&session).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
