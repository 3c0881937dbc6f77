//! Saving files so that a crash, a full disk or a killed process never leaves a half-written
//! checklist or session, and never destroys the previous one.
//!
//! The bytes go to a temporary file in the same folder, which is synced, renamed over the
//! target, and then the folder itself is synced so the rename survives a power cut.

use std::io::Write;
use std::path::Path;

use crate::guide::load::io_reason;

/// Writes `bytes` to `path` atomically and durably. The error is a plain reason ("the disk is
/// full", "no such file or folder") for a person; the caller names the path.
///
/// A symlink at `path` is replaced by a regular file rather than written through, so saving can
/// never change a file elsewhere.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(if dir.exists() {
            "a part of the path is not a folder".to_string()
        } else {
            format!("the folder {} does not exist", dir.display())
        });
    }
    if path.is_dir() {
        return Err("that is a folder; add a file name".to_string());
    }
    let file_name = path.file_name().map_or_else(|| "file".to_string(), |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_reason(&e))?;
    tmp.write_all(bytes).map_err(|e| io_reason(&e))?;
    tmp.as_file().sync_all().map_err(|e| io_reason(&e))?;
    tmp.persist(path).map_err(|e| io_reason(&e.error))?;
    // The rename is only durable once the folder's entry is on disk too.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_file_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("list.md");
        write_atomic(&p, b"old").expect("first save");
        write_atomic(&p, b"new content").expect("second save");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new content");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("nope").join("list.md");
        let err = write_atomic(&p, b"x").expect_err("must fail");
        assert!(err.contains("does not exist"), "{err}");
    }
}
