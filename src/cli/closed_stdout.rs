//! Telling that standard output was closed when guidepost started (`guidepost export >&-`), so
//! export and plain mode exit 2 instead of reporting success for output nobody received.
//!
//! Rust's runtime opens `/dev/null` on a standard descriptor it finds closed, before `main`, so
//! writes to a closed standard output succeed and vanish. It opens it read-write, while a shell's
//! `> /dev/null` opens it write-only; so a standard output that is `/dev/null` opened read-write
//! is taken for a closed one. A program that hands guidepost `/dev/null` read-write on purpose
//! (Python's `subprocess.DEVNULL` does) is told the same; writing to `/dev/null` write-only, or
//! to `-o /dev/null`, works as before. Looked up in `/proc`, so only on Linux; elsewhere a closed
//! standard output goes unnoticed.

use std::path::Path;

/// Whether standard output looks closed at start (see the module's note).
pub fn stdout_was_closed() -> bool {
    was_closed(Path::new("/proc/self/fd/1"), Path::new("/proc/self/fdinfo/1"))
}

fn was_closed(link: &Path, info: &Path) -> bool {
    let Ok(target) = std::fs::read_link(link) else { return false };
    if target != Path::new("/dev/null") {
        return false;
    }
    let Ok(info) = std::fs::read_to_string(info) else { return false };
    read_write(&info)
}

/// Whether `/proc/…/fdinfo` text says the descriptor was opened read-write.
fn read_write(fdinfo: &str) -> bool {
    fdinfo
        .lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        .is_some_and(|flags| flags & 0o3 == 0o2)
}

/// The message for a closed standard output.
pub const MESSAGE: &str =
    "standard output is closed, so nothing could be written; give the output somewhere to go (or -o FILE)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_read_write_counts_as_reopened_by_the_runtime() {
        assert!(read_write("pos:\t0\nflags:\t0100002\nmnt_id:\t25\n"));
        assert!(!read_write("pos:\t0\nflags:\t0100001\nmnt_id:\t25\n"));
        assert!(!read_write("pos:\t0\nflags:\t02000001\n"));
        assert!(!read_write("nonsense"));
    }
}
