//! EDIFACT dates and times (DTM formats 101, 102, 201, 203, 204) and the century rules for two-digit
//! years, relative to a reference date the caller passes in (no clock is read).
//!
//! Century rules for `YY`:
//! - **Past** (date of birth, document issue): the latest century that does not put the date after
//!   the reference date. `720907` read on 2026-01-01 is 1972-09-07; `250101` is 2025-01-01; `260601`
//!   is 1926-06-01. A person older than 100 years cannot be told from a baby with six digits; senders
//!   should use format 102 (`CCYYMMDD`) for them, which this reader accepts.
//! - **Nearest** (document expiry, flight times, envelope dates): the century that puts the year
//!   within 50 years of the reference year (`year - 50 <= y < year + 50`).

use jiff::civil::{Date, DateTime};

use crate::model::LocalDateTime;

/// Which century rule applies to a two-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Century {
    /// Never after the reference date.
    Past,
    /// Within 50 years of the reference year.
    Nearest,
}

/// The ASCII digits of `s`, when it has at most 14 and nothing else.
fn digits(s: &str) -> Option<&[u8]> {
    let d = s.as_bytes();
    (d.len() <= 14 && d.iter().all(u8::is_ascii_digit)).then_some(d)
}

/// The number the ASCII digits `d` spell.
fn number(d: &[u8]) -> i16 {
    d.iter().fold(0i16, |acc, &x| acc.saturating_mul(10).saturating_add(i16::from(x.saturating_sub(b'0'))))
}

fn resolve_year(yy: i16, month: i8, day: i8, rule: Century, today: Date) -> i16 {
    let base = today.year() - today.year().rem_euclid(100);
    let year = base + yy;
    match rule {
        Century::Past => {
            let after_today = Date::new(year, month, day).map(|d| d > today).unwrap_or(year > today.year());
            if after_today { year - 100 } else { year }
        }
        Century::Nearest => {
            if year >= today.year() + 50 {
                year - 100
            } else if year < today.year() - 50 {
                year + 100
            } else {
                year
            }
        }
    }
}

/// Reads a DTM value with an optional format code. Accepts dates (101/102) and date-times
/// (201/203/204); without a format code the length decides (6, 8, 10, 12 or 14 digits).
pub(crate) fn parse_datetime(
    value: &str,
    format: Option<&str>,
    rule: Century,
    today: Date,
) -> Result<DateTime, String> {
    let d = digits(value).ok_or_else(|| format!("{value:?} is not a date (up to 14 digits expected)"))?;
    let expected = match format {
        Some("101") => 6,
        Some("102") => 8,
        Some("201") => 10,
        Some("203") => 12,
        Some("204") => 14,
        Some(f) => return Err(format!("date format {f:?} is not supported (101, 102, 201, 203, 204)")),
        None => d.len(),
    };
    if d.len() != expected {
        return Err(format!("{value:?} has {} digits, format needs {expected}", d.len()));
    }
    let (year_digits, rest) = match expected {
        6 | 10 => d.split_at_checked(2),
        8 | 12 | 14 => d.split_at_checked(4),
        _ => None,
    }
    .ok_or_else(|| format!("{value:?} is not a date (6, 8, 10, 12 or 14 digits expected)"))?;
    let field = |from: usize| rest.get(from..from + 2).map(number).unwrap_or(0);
    let month = i8::try_from(field(0)).unwrap_or(0);
    let day = i8::try_from(field(2)).unwrap_or(0);
    let hour = i8::try_from(field(4)).unwrap_or(0);
    let minute = i8::try_from(field(6)).unwrap_or(0);
    let second = i8::try_from(field(8)).unwrap_or(0);
    let year = if year_digits.len() == 2 {
        resolve_year(number(year_digits), month, day, rule, today)
    } else {
        number(year_digits)
    };
    let date = Date::new(year, month, day).map_err(|_| format!("{value:?} is not a valid calendar date"))?;
    let time = jiff::civil::Time::new(hour, minute, second, 0)
        .map_err(|_| format!("{value:?} has an invalid time"))?;
    Ok(date.to_datetime(time))
}

/// Reads a date (a date-time is cut to its date).
pub(crate) fn parse_date(
    value: &str,
    format: Option<&str>,
    rule: Century,
    today: Date,
) -> Result<Date, String> {
    parse_datetime(value, format, rule, today).map(|t| t.date())
}

/// `YYMMDD`, as the guide writes dates of birth and expiry.
pub(crate) fn yymmdd(d: Date) -> String {
    format!("{:02}{:02}{:02}", d.year().rem_euclid(100), d.month(), d.day())
}

/// `YYMMDDHHMM` (format 201), as the guide writes departure and arrival times.
pub(crate) fn yymmddhhmm(t: LocalDateTime) -> String {
    let t = t.0;
    format!("{}{:02}{:02}", yymmdd(t.date()), t.hour(), t.minute())
}

/// `HHMM`.
pub(crate) fn hhmm(t: LocalDateTime) -> String {
    format!("{:02}{:02}", t.0.hour(), t.0.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn century_rules() {
        let today = jiff::civil::date(2026, 1, 1);
        let cases = [
            ("720907", Century::Past, "1972-09-07"),
            ("251231", Century::Past, "2025-12-31"),
            ("260601", Century::Past, "1926-06-01"),
            ("19720907", Century::Past, "1972-09-07"),
            ("151231", Century::Nearest, "2015-12-31"),
            ("750101", Century::Nearest, "2075-01-01"),
            ("760101", Century::Nearest, "1976-01-01"),
        ];
        for (value, rule, expected) in cases {
            assert_eq!(parse_date(value, None, rule, today).unwrap().to_string(), expected, "{value}");
        }
        let t = parse_datetime("1306210900", Some("201"), Century::Nearest, today).unwrap();
        assert_eq!(LocalDateTime(t).to_string(), "2013-06-21T09:00");
        assert!(parse_date("721307", None, Century::Past, today).is_err());
        assert!(parse_date("72X907", None, Century::Past, today).is_err());
        assert!(parse_datetime("1306212560", Some("201"), Century::Nearest, today).is_err());
        assert!(parse_date("130621", Some("102"), Century::Past, today).is_err());
    }
}
