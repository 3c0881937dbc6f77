//! When a session was saved, as RFC 3339 text in the file and a short line for people.
//!
//! A few lines of clock arithmetic instead of a date crate: only UTC is needed, and the calendar
//! lives in [`crate::date`].

use std::time::{SystemTime, UNIX_EPOCH};

use crate::date::Date;

/// A moment, in whole seconds since 1970-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// Now, from the system clock (the epoch if the clock is set before 1970).
    pub fn now() -> Timestamp {
        Timestamp(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
    }

    fn parts(self) -> (Date, u64, u64, u64) {
        let days = i64::try_from(self.0 / 86_400).unwrap_or(i64::MAX / 2);
        let rest = self.0 % 86_400;
        (Date::from_days(days), rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// `2026-11-27T14:03:05Z`: what session files store.
    pub fn rfc3339(self) -> String {
        let (date, h, m, s) = self.parts();
        format!("{date}T{h:02}:{m:02}:{s:02}Z")
    }

    /// `2026-11-27 14:03 UTC`: what people read.
    pub fn short(self) -> String {
        let (date, h, m, _) = self.parts();
        format!("{date} {h:02}:{m:02} UTC")
    }

    /// Reads RFC 3339 text. Offsets other than `Z` are applied; fractions of a second are
    /// dropped. `None` for anything else, or a moment before 1970.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let (date, time) = text.trim().split_once(['T', 't', ' '])?;
        let days = Date::parse_iso(date)?.days();
        let (clock, offset_secs) = split_offset(time)?;
        let secs = parse_clock(clock)?;
        u64::try_from(days * 86_400 + secs - offset_secs).ok().map(Timestamp)
    }
}

/// `14:03:05Z` or `15:03:05+01:00` into the clock part and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let at = time.rfind(['+', '-'])?;
    let (clock, offset) = time.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (hours, minutes) = offset[1..].split_once(':')?;
    Some((clock, sign * (hours.parse::<i64>().ok()? * 3600 + minutes.parse::<i64>().ok()? * 60)))
}

/// `14:03:05` or `14:03:05.250` into seconds since midnight (fractions dropped).
fn parse_clock(clock: &str) -> Option<i64> {
    let whole = clock.split('.').next()?;
    let mut parts = whole.splitn(3, ':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let minutes: i64 = parts.next()?.parse().ok()?;
    let seconds: i64 = parts.next()?.parse().ok()?;
    (hours <= 23 && minutes <= 59 && seconds <= 60).then_some(hours * 3600 + minutes * 60 + seconds)
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("\"{s}\" is not an RFC 3339 time")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leap_day_is_a_day() {
        assert!(Timestamp::parse("2024-02-29T12:00:00Z").is_some());
        assert!(Timestamp::parse("2000-02-29T12:00:00Z").is_some());
        assert!(Timestamp::parse("1900-02-29T12:00:00Z").is_none());
    }

    #[test]
    fn formats_a_known_moment() {
        // 2026-11-27 14:03:05 UTC.
        let t = Timestamp(1_795_788_185);
        assert_eq!(t.rfc3339(), "2026-11-27T14:03:05Z");
        assert_eq!(t.short(), "2026-11-27 14:03 UTC");
    }

    #[test]
    fn reads_back_what_it_writes() {
        for secs in [0, 59, 86_399, 951_782_400, 1_795_788_185, 4_102_444_800] {
            let t = Timestamp(secs);
            assert_eq!(Timestamp::parse(&t.rfc3339()), Some(t), "{}", t.rfc3339());
        }
    }

    #[test]
    fn applies_an_offset_and_drops_fractions() {
        assert_eq!(Timestamp::parse("2026-11-27T15:03:05.250+01:00"), Some(Timestamp(1_795_788_185)));
    }

    #[test]
    fn refuses_what_is_not_a_time() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-27",
            "2026-11-27T25:00:00Z",
            "2026-02-31T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }
}
