//! Saving files so that a crash, a full disk or a killed process never leaves a half-written
//! checklist or session, and never destroys the previous one.
//!
//! The bytes go to a temporary file in the same folder, which is synced, renamed over the
//! target, and then the folder itself is synced so the rename survives a power cut. If any step
//! fails, the temporary file is removed and the previous file is left exactly as it was.
//!
//! Decisions, so they are made once:
//! - **Symlinks.** A symlink at the target is replaced by a regular file, never written
//!   through: saving can only ever change the file named, not a file a link points to (a link
//!   planted in a shared folder cannot make guidepost overwrite `~/.bashrc`). Symlinked
//!   *folders* on the way are followed as usual.
//! - **Permissions.** Sessions hold what a person told the program about their health, so they
//!   are always written owner-only ([`Access::Private`], mode 0600). Checklists are documents a
//!   person means to share, so they get the usual mode for a new file ([`Access::Shared`]:
//!   0666 less the umask, typically 0644); when a checklist replaces an existing file, that
//!   file's permission bits are kept, so a file someone made private stays private.
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
/// A symlink at `path` is replaced by a regular file rather than written through, so saving can
/// never change a file elsewhere.
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
/// not itself a folder. Lets a program refuse a bad `--save` path before asking questions.
pub fn check_target(path: &Path) -> Result<(), String> {
    let dir = folder_of(path);
    if !dir.is_dir() {
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
        return Err(format!("the folder {} does not exist", shown(dir)));
    }
    if path.file_name().is_none() {
        return Err("the path names no file; add a file name".to_string());
    }
    if path.is_dir() {
        return Err("that is a folder; add a file name".to_string());
    }
    Ok(())
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
    check_target(path)?;
    let dir = folder_of(path);
    let file_name = path.file_name().map_or_else(|| "file".to_string(), |n| n.to_string_lossy().into_owned());
    let (mut file, tmp) = create_temp(dir, &file_name, access).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => format!("you may not write in the folder {}", shown(dir)),
        _ => io_reason(&e),
    })?;
    let mut guard = TempGuard { path: tmp, armed: true };
    // A replaced checklist keeps its permission bits; a session is always owner-only.
    #[cfg(unix)]
    if access == Access::Shared
        && let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.file_type().is_file()
    {
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
        assert!(err.contains("folder"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_replaced_and_the_file_it_pointed_to_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("important.txt");
        std::fs::write(&elsewhere, "do not touch").unwrap();
        let link = dir.path().join("list.md");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        write_atomic(&link, b"checklist").unwrap();
        assert!(!std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "checklist");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "do not touch");
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
