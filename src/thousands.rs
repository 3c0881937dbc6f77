//! Numbers with their thousands separated (`16,777,216`), so a size, a count or an amount can be
//! read at a glance, and every message groups digits the same way.

/// `1000` as `1,000`.
pub fn grouped(n: u64) -> String {
    group_digits(&n.to_string())
}

/// A run of ASCII digits with a comma before each group of three from the right.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_fall_every_three_digits_from_the_right() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(16_777_216), "16,777,216");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(group_digits("12500"), "12,500");
    }
}
