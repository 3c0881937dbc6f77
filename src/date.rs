//! Calendar dates: the one home for reading, writing and counting them.
//!
//! - [`Date`]: a day on the calendar, with day counts for arithmetic (`+ 60d`).
//! - Reading: [`Date::parse_iso`] for files (`2026-10-01`), [`Date::parse_typed`] for what a
//!   person types (`2026-10-01`, `10/01/2026`, `Oct 1 2026`), [`DateBound`] for limits such as
//!   `today-180d`.
//! - Writing: ISO for files ([`std::fmt::Display`]), [`Date::spelled`] for people
//!   ("October 1, 2026"), [`Date::short`] where room is tight ("1 Oct 2026").
//! - Today: [`today`] is the system clock in UTC unless [`pin_today`] fixed it (`--today`,
//!   `GUIDEPOST_TODAY`), so scenarios and snapshots that mention dates never go stale.
//!
//! A few lines of calendar arithmetic instead of a date crate: guides need whole days in one
//! calendar, no time zones and no clock times.

use std::sync::OnceLock;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Years a typed date may name: a person's letter, birthday or deadline, never year 20 or 9999.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2200;

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Days in a month: February 31 is not a date, and a file that says so is told.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A date, if it is one (no February 30, no month 13).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Days since 1970-01-01: dates compare and count as numbers.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (clamped to years 0 to 9999).
    pub fn from_days(z: i64) -> Date {
        let z = z.clamp(-719_468, 2_932_896) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date { year: y.clamp(0, 9999) as u16, month: m as u8, day: d as u8 }
    }

    /// The date `n` days later (earlier when `n` is negative).
    #[must_use]
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days().saturating_add(n))
    }

    /// "October 1, 2026": how every date reads back to a person, with no doubt which number
    /// is the month.
    pub fn spelled(self) -> String {
        format!("{} {}, {}", month_name(self.month), self.day, self.year)
    }

    /// "1 Oct 2026": where a line has little room.
    pub fn short(self) -> String {
        let name = month_name(self.month);
        format!("{} {} {}", self.day, name.get(..3).unwrap_or(name), self.year)
    }

    /// `2026-10-01` exactly, as files write dates.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || !(y.to_owned() + m + d).bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// What a person typed: `2026-10-01`, `10/01/2026` (month first, as in the US), `Oct 1 2026`,
    /// `October 1, 2026` or `1 October 2026`. The error says what to type instead.
    pub fn parse_typed(input: &str) -> Result<Date, String> {
        let text = input.trim();
        if text.is_empty() {
            return Err("type a date, like 10/01/2026".to_string());
        }
        let (year, month, day) = if let Some(parts) = split_numeric(text, '-') {
            ymd_from(parts[0], parts[1], parts[2], Order::YearFirst)?
        } else if let Some(parts) = split_numeric(text, '/') {
            ymd_from(parts[0], parts[1], parts[2], Order::MonthFirst)?
        } else {
            worded(text)?
        };
        if !YEARS.contains(&year) {
            return Err(format!("{year} is not a year this date can be in; write the whole year, like 2026"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}; write the month first, like 10/01/2026"));
        }
        Date::new(year, month, day)
            .ok_or_else(|| format!("{} has {} days; check the day", month_name(month), days_in_month(year, month)))
    }
}

/// The English name of a month (1 to 12).
fn month_name(month: u8) -> &'static str {
    MONTHS.get(usize::from(month.saturating_sub(1))).copied().unwrap_or("?")
}

#[derive(Clone, Copy)]
enum Order {
    YearFirst,
    MonthFirst,
}

/// Three runs of digits joined by `sep`, or `None` when the text is not written that way.
fn split_numeric(text: &str, sep: char) -> Option<[&str; 3]> {
    let parts: Vec<&str> = text.split(sep).map(str::trim).collect();
    match parts.as_slice() {
        [a, b, c] if [a, b, c].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) => {
            Some([a, b, c])
        }
        _ => None,
    }
}

#[allow(clippy::many_single_char_names)] // year, month and day read best as y, m, d
fn ymd_from(a: &str, b: &str, c: &str, order: Order) -> Result<(u16, u8, u8), String> {
    let num = |s: &str| s.parse::<u32>().map_err(|_| "that is not a date; type it like 10/01/2026".to_string());
    let (year, month, day) = match order {
        Order::YearFirst => (a, b, c),
        Order::MonthFirst => (c, a, b),
    };
    if year.len() != 4 {
        return Err("write the whole year, like 10/01/2026".to_string());
    }
    let (y, m, d) = (num(year)?, num(month)?, num(day)?);
    Ok((u16::try_from(y).unwrap_or(u16::MAX), u8::try_from(m).unwrap_or(u8::MAX), u8::try_from(d).unwrap_or(u8::MAX)))
}

/// `Oct 1 2026`, `October 1, 2026`, `1 Oct 2026`, `Sept. 1 2026`.
fn worded(text: &str) -> Result<(u16, u8, u8), String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let unclear = || "that is not a date; type it like 10/01/2026 or Oct 1 2026".to_string();
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        if w.len() < 3 {
            return None;
        }
        MONTHS.iter().position(|m| m.to_ascii_lowercase().starts_with(&w)).map(|i| i as u8 + 1)
    };
    let number = |w: &str| -> Option<u32> {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let ordinal = suffix.is_empty() || ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str());
        (ordinal && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let [first, second, third] = words.as_slice() else { return Err(unclear()) };
    let (month, day, year) = if let Some(m) = month_of(first) {
        (m, number(second).ok_or_else(unclear)?, third)
    } else if let Some(m) = month_of(second) {
        (m, number(first).ok_or_else(unclear)?, third)
    } else {
        return Err(unclear());
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err("write the whole year, like Oct 1 2026".to_string());
    }
    let year: u16 = year.parse().map_err(|_| unclear())?;
    Ok((year, month, u8::try_from(day).unwrap_or(u8::MAX)))
}

/// A limit written in a guide: a date (`2026-01-01`), `today`, or today plus or minus whole
/// days (`today-180d`, `today+30d`). Kept unresolved so a guide checked today still means
/// "six months back" when someone runs it next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    /// A fixed day.
    On(Date),
    /// `today` moved by this many days.
    FromToday(i64),
}

impl DateBound {
    /// Reads `2026-01-01`, `today`, `today-180d` or `today + 30d`.
    pub fn parse(text: &str) -> Result<DateBound, String> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("today") {
            let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
            if rest.is_empty() {
                return Ok(DateBound::FromToday(0));
            }
            let (sign, amount) = match rest.split_at(1) {
                ("+", a) => (1, a),
                ("-", a) => (-1, a),
                _ => return Err(format!("\"{t}\" is not a date; write today, today-180d or 2026-01-01")),
            };
            let days = amount
                .strip_suffix('d')
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n <= 100_000)
                .ok_or_else(|| format!("\"{t}\": count whole days, like today-180d"))?;
            return Ok(DateBound::FromToday(sign * days));
        }
        Date::parse_iso(t)
            .map(DateBound::On)
            .ok_or_else(|| format!("\"{t}\" is not a date; write 2026-01-01, today or today-180d"))
    }

    /// The day this limit means when today is `today`.
    pub fn resolve(self, today: Date) -> Date {
        match self {
            DateBound::On(d) => d,
            DateBound::FromToday(n) => today.add_days(n),
        }
    }
}

impl std::fmt::Display for DateBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateBound::On(d) => write!(f, "{d}"),
            DateBound::FromToday(0) => f.write_str("today"),
            DateBound::FromToday(n) if *n > 0 => write!(f, "today+{n}d"),
            DateBound::FromToday(n) => write!(f, "today-{}d", n.unsigned_abs()),
        }
    }
}

static PINNED: OnceLock<Date> = OnceLock::new();

/// Fixes what [`today`] returns for the rest of the process (`--today`, `GUIDEPOST_TODAY`).
/// The first pin wins.
pub fn pin_today(date: Date) {
    let _ = PINNED.set(date);
}

/// Today: the pinned date, or the system clock's date in UTC.
pub fn today() -> Date {
    if let Some(d) = PINNED.get() {
        return *d;
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_three_ways_of_typing_a_date_mean_the_same_day() {
        for typed in [
            "2026-10-01",
            "10/01/2026",
            "10/1/2026",
            "Oct 1 2026",
            "Oct 1, 2026",
            "October 1, 2026",
            "october 1st 2026",
            "1 Oct 2026",
            "Oct. 1 2026",
            "  10 / 01 / 2026 ",
        ] {
            assert_eq!(Date::parse_typed(typed), Ok(d(2026, 10, 1)), "{typed}");
        }
        assert_eq!(Date::parse_typed("Sept 30 2026"), Ok(d(2026, 9, 30)));
    }

    #[test]
    fn slashes_read_month_first() {
        assert_eq!(Date::parse_typed("02/03/2026"), Ok(d(2026, 2, 3)));
        assert_eq!(
            Date::parse_typed("13/01/2026").unwrap_err(),
            "there is no month 13; write the month first, like 10/01/2026"
        );
    }

    #[test]
    fn a_date_that_is_not_one_says_what_to_fix() {
        assert_eq!(Date::parse_typed("02/31/2026").unwrap_err(), "February has 28 days; check the day");
        assert_eq!(Date::parse_typed("02/29/2028"), Ok(d(2028, 2, 29)));
        assert_eq!(Date::parse_typed("10/01/26").unwrap_err(), "write the whole year, like 10/01/2026");
        assert_eq!(Date::parse_typed("Oct 1 26").unwrap_err(), "write the whole year, like Oct 1 2026");
        assert_eq!(Date::parse_typed("").unwrap_err(), "type a date, like 10/01/2026");
        assert!(Date::parse_typed("yesterday").is_err());
        assert!(Date::parse_typed("Ju 1 2026").is_err(), "two letters name no month");
        assert!(Date::parse_typed("10/01/0001").unwrap_err().contains("write the whole year"));
        assert!(Date::parse_typed("1-2-3").is_err());
    }

    #[test]
    fn dates_read_back_spelled_out() {
        assert_eq!(d(2026, 10, 1).spelled(), "October 1, 2026");
        assert_eq!(d(2026, 11, 27).short(), "27 Nov 2026");
        assert_eq!(d(2026, 10, 1).to_string(), "2026-10-01");
    }

    #[test]
    fn day_counts_cross_months_years_and_leap_days() {
        assert_eq!(d(2026, 10, 1).add_days(60), d(2026, 11, 30));
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2026, 12, 31).add_days(1), d(2027, 1, 1));
        assert_eq!(d(2026, 11, 30).add_days(-180), d(2026, 6, 3));
        assert_eq!(Date::from_days(0), d(1970, 1, 1));
        for n in [-800_000, -1, 0, 1, 20_000, 3_000_000] {
            let date = Date::from_days(n);
            assert_eq!(Date::from_days(date.days()), date);
        }
    }

    #[test]
    fn iso_is_strict() {
        assert_eq!(Date::parse_iso("2026-02-28"), Some(d(2026, 2, 28)));
        for bad in ["2026-02-31", "2026-2-28", "26-02-28", "2026-13-01", "2026-02-28x", "+026-02-28"] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn limits_are_dates_or_today_moved_by_days() {
        let today = d(2026, 11, 30);
        assert_eq!(DateBound::parse("today").unwrap().resolve(today), today);
        assert_eq!(DateBound::parse("today-180d").unwrap().resolve(today), d(2026, 6, 3));
        assert_eq!(DateBound::parse("today + 30d").unwrap().resolve(today), d(2026, 12, 30));
        assert_eq!(DateBound::parse("2026-01-01").unwrap().resolve(today), d(2026, 1, 1));
        assert_eq!(DateBound::parse("today-180d").unwrap().to_string(), "today-180d");
        assert!(DateBound::parse("today-6m").unwrap_err().contains("whole days"));
        assert!(DateBound::parse("tomorrow").is_err());
    }
}
