//! FNV-1a hashing, the one digest the program keeps on disk or compares across runs: a guide's
//! content hash in a saved session, a question's fingerprint, a checklist's fingerprint, a
//! watched file's last content, the id of a link in the terminal.
//!
//! Why not the standard library's hasher: its output may change between Rust releases and is
//! seeded per process, and these values are saved in files or must match across runs. Why not a
//! crate: the whole algorithm is the two constants below, and none of these uses needs more than
//! telling inputs apart (nothing here defends against a chosen collision).

/// A 64-bit FNV-1a hash fed piece by piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv64 {
    /// The hash of nothing yet.
    pub const fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash so far.
    pub fn finish(&self) -> u64 {
        self.0
    }

    /// The hash so far as 16 hex digits, as saved files keep it.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The 64-bit FNV-1a hash of some bytes.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h = Fnv64::new();
    h.write(bytes);
    h.finish()
}

/// The 32-bit FNV-1a hash of some bytes, for short ids.
pub fn fnv32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vectors() {
        // From the FNV reference (isthe.com/chongo/tech/comp/fnv): saved hashes depend on them.
        assert_eq!(fnv64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv32(b"a"), 0xe40c_292c);
        assert_eq!(fnv32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn feeding_in_pieces_is_feeding_at_once() {
        let mut h = Fnv64::new();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv64(b"foobar"));
        assert_eq!(h.hex(), "85944171f73967e8");
    }
}
