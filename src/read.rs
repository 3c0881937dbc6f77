//! Reading files so that no path can hang the program or fill its memory.
//!
//! Every file is opened without blocking, so a FIFO with no writer (an `include` that is a
//! named pipe, a session file someone replaced with one) cannot stop the program in `open`.
//! What was opened is then checked with `fstat`, on the open file itself, so nothing can be
//! swapped in between: includes, answers files and session files must be regular files. Only
//! the main guide may also be a stream (a pipe, `<(generate)`, a terminal), which is then read
//! as a stream. Either way the size limit counts the bytes actually read, never what the file
//! claims: `/dev/zero` or a file under `/proc` that says it is empty are cut off at the limit.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// What a path may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// Only a regular file: includes, answers files, session files.
    RegularFile,
    /// A regular file, or a stream that is read to its end: the main guide (`<(generate)`).
    Stream,
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// The path is not a regular file; the text says what it is ("a folder", "a pipe").
    NotRegular(&'static str),
    /// More than the limit was read (or a regular file says it is larger).
    TooLarge {
        /// The size, when the file says (a regular file); `None` for a stream cut off.
        size: Option<u64>,
    },
}

/// Opens `path` without blocking and reads at most `limit` bytes of it.
pub fn read_bounded(path: &Path, limit: u64, allow: Allow) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_file() {
        if meta.len() > limit {
            return Err(ReadError::TooLarge { size: Some(meta.len()) });
        }
        // What the file claims only sizes the buffer; the limit applies to what is read.
        let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
        return read_limited(file, limit, capacity);
    }
    let kind = kind_name(&meta);
    if allow == Allow::RegularFile || meta.is_dir() || kind == BLOCK_DEVICE {
        return Err(ReadError::NotRegular(kind));
    }
    // A stream the person named as the guide: read it as they asked, waiting for its writer
    // the way `cat` does (signals still end the program meanwhile).
    drop(file);
    let stream = File::open(path).map_err(ReadError::Io)?;
    read_limited(stream, limit, 0)
}

fn read_limited(file: File, limit: u64, capacity: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None });
    }
    Ok(bytes)
}

/// Opens for reading with `O_NONBLOCK` (and `O_NOCTTY`, so a terminal named by mistake does
/// not become the program's controlling terminal). For a regular file the flag changes nothing.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    opts.open(path)
}

const BLOCK_DEVICE: &str = "a block device (a disk)";

/// What kind of thing a path that is not a regular file is, for messages.
pub fn kind_name(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() {
            return BLOCK_DEVICE;
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_fifo() {
            return "a pipe (FIFO)";
        }
    }
    "not a regular file"
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
    }

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "x = 1\n").unwrap();
        assert_eq!(read_bounded(&p, 100, Allow::RegularFile).unwrap(), b"x = 1\n");
        assert!(matches!(read_bounded(&p, 3, Allow::RegularFile), Err(ReadError::TooLarge { size: Some(6) })));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_with_no_writer_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.toml");
        mkfifo(&p);
        assert!(matches!(read_bounded(&p, 100, Allow::RegularFile), Err(ReadError::NotRegular("a pipe (FIFO)"))));
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_cut_off_at_the_limit() {
        let r = read_bounded(Path::new("/dev/zero"), 1024, Allow::Stream);
        assert!(matches!(r, Err(ReadError::TooLarge { size: None })), "{r:?}");
        let r = read_bounded(Path::new("/dev/zero"), 1024, Allow::RegularFile);
        assert!(matches!(r, Err(ReadError::NotRegular("a character device"))), "{r:?}");
    }

    #[test]
    fn a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_bounded(dir.path(), 100, Allow::Stream), Err(ReadError::NotRegular("a folder"))));
    }
}
