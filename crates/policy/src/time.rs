//! Instants as travellers and officers write them, and the calendar arithmetic of stay clocks.
//!
//! An arrival may be given with an offset (`2026-12-01T10:00+08:00`, an exact instant) or without one
//! (`2026-12-01T10:00`, local time at the port). [`LocalOrInstant`] keeps that distinction until the port's
//! time zone is known; [`LocalOrInstant::resolve`] then turns it into a [`Timestamp`].

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is neither RFC 3339 with an offset, nor a local date-time, nor a date.
    Malformed {
        /// The text as given.
        text: String,
    },
    /// The time zone name is not in the bundled database.
    UnknownTimeZone {
        /// The name as given.
        name: String,
    },
    /// The local time does not exist or cannot be represented in the zone.
    OutOfRange {
        /// The text as given.
        text: String,
    },
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Malformed { text } => write!(
                f,
                "{text:?} is not a time: use RFC 3339 with an offset (2026-12-01T10:00:00+08:00), a local \
                 date-time at the port (2026-12-01T10:00) or a date (2026-12-01)"
            ),
            TimeError::UnknownTimeZone { name } => write!(f, "{name:?} is not a known IANA time zone"),
            TimeError::OutOfRange { text } => write!(f, "{text:?} cannot be placed in the port's time zone"),
        }
    }
}

impl std::error::Error for TimeError {}

/// A point in time that is either exact (it carried an offset) or local to the port (it did not).
///
/// ```
/// use policy::LocalOrInstant;
/// let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
/// let local: LocalOrInstant = "2026-12-01T10:00".parse().unwrap();
/// let exact: LocalOrInstant = "2026-12-01T02:00:00Z".parse().unwrap();
/// assert_eq!(local.resolve(&tz).unwrap(), exact.resolve(&tz).unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocalOrInstant {
    /// An exact instant.
    Instant(Timestamp),
    /// A wall-clock time in the port's time zone (a bare date means 00:00 of that date).
    Local(DateTime),
}

impl LocalOrInstant {
    /// Reads RFC 3339 with an offset or `Z`, a local date-time (`T` or a space between date and time,
    /// seconds optional) or a bare date.
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        let trimmed = text.trim();
        // Only an explicit offset makes an instant exact; jiff's civil parser would otherwise quietly
        // drop an offset, which is why the exact form is tried first.
        if let Ok(ts) = trimmed.parse::<Timestamp>() {
            return Ok(LocalOrInstant::Instant(ts));
        }
        if let Ok(dt) = trimmed.parse::<DateTime>() {
            return Ok(LocalOrInstant::Local(dt));
        }
        if let Ok(date) = trimmed.parse::<Date>() {
            return Ok(LocalOrInstant::Local(date.to_datetime(Time::midnight())));
        }
        Err(TimeError::Malformed { text: text.to_owned() })
    }

    /// The exact instant, reading a local time in `tz`. A local time that falls in a daylight-saving gap
    /// is moved forward, one that is repeated takes the earlier instant (RFC 5545 "compatible").
    pub fn resolve(&self, tz: &TimeZone) -> Result<Timestamp, TimeError> {
        match self {
            LocalOrInstant::Instant(ts) => Ok(*ts),
            LocalOrInstant::Local(dt) => tz
                .to_ambiguous_timestamp(*dt)
                .compatible()
                .map_err(|_| TimeError::OutOfRange { text: dt.to_string() }),
        }
    }
}

impl std::str::FromStr for LocalOrInstant {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LocalOrInstant::parse(s)
    }
}

impl From<Timestamp> for LocalOrInstant {
    fn from(ts: Timestamp) -> Self {
        LocalOrInstant::Instant(ts)
    }
}

impl From<DateTime> for LocalOrInstant {
    fn from(dt: DateTime) -> Self {
        LocalOrInstant::Local(dt)
    }
}

impl fmt::Display for LocalOrInstant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalOrInstant::Instant(ts) => write!(f, "{ts}"),
            LocalOrInstant::Local(dt) => write!(f, "{dt}"),
        }
    }
}

impl Serialize for LocalOrInstant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalOrInstant {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        LocalOrInstant::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Parses `text` as an instant, reading a time without offset as local time in the zone named `tz_name`.
///
/// ```
/// let ts = policy::parse_instant("2026-12-01T10:00", "Asia/Shanghai").unwrap();
/// assert_eq!(ts.to_string(), "2026-12-01T02:00:00Z");
/// ```
pub fn parse_instant(text: &str, tz_name: &str) -> Result<Timestamp, TimeError> {
    let tz = TimeZone::get(tz_name).map_err(|_| TimeError::UnknownTimeZone { name: tz_name.to_owned() })?;
    LocalOrInstant::parse(text)?.resolve(&tz)
}

/// Formats an instant as RFC 3339 in `tz` (`2026-12-12T00:00:00+08:00`).
pub fn rfc3339(ts: Timestamp, tz: &TimeZone) -> String {
    ts.display_with_offset(tz.to_offset(ts)).to_string()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), by the days-from-civil algorithm.
///
/// The rolling-limit arithmetic works on these plain integers because it walks hundreds of days per
/// evaluation, and integer arithmetic is exact and cheap.
pub(crate) fn day_number(date: Date) -> i32 {
    let (y, m, d) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number; `None` outside jiff's range (years -9999 to 9999).
pub(crate) fn date_of_day(n: i32) -> Option<Date> {
    let z = n.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// A port's time zone with a fast path for civil-day arithmetic.
///
/// Stay clocks convert between instants and local calendar days several times per evaluated scheme. For
/// a zone whose offset has not changed since 2000 (every port in China: Beijing time has had no
/// transition since 1991), those conversions are exact integer arithmetic with that offset; for any
/// instant before 2000, or any zone with transitions since, the bundled tz database answers.
#[derive(Debug, Clone)]
pub(crate) struct Zone {
    pub tz: TimeZone,
    /// `(since, offset)`: from unix second `since` on, the offset is always `offset` seconds.
    fixed: Option<(i64, i32)>,
}

impl Zone {
    const SINCE: i64 = 946_684_800; // 2000-01-01T00:00:00Z

    pub fn new(tz: TimeZone) -> Self {
        let fixed = Timestamp::from_second(Self::SINCE)
            .ok()
            .filter(|since| tz.following(*since).next().is_none())
            .map(|since| (Self::SINCE, tz.to_offset(since).seconds()));
        Zone { tz, fixed }
    }

    /// The local day number of an instant.
    pub fn day_of(&self, ts: Timestamp) -> i32 {
        match self.fixed {
            Some((since, offset)) if ts.as_second() >= since => {
                i32::try_from((ts.as_second() + i64::from(offset)).div_euclid(86_400)).unwrap_or(i32::MAX)
            }
            _ => local_day(ts, &self.tz),
        }
    }

    /// The local date of an instant.
    pub fn date_of(&self, ts: Timestamp) -> Date {
        match self.fixed {
            Some((since, _)) if ts.as_second() >= since => {
                date_of_day(self.day_of(ts)).unwrap_or_else(|| self.tz.to_datetime(ts).date())
            }
            _ => self.tz.to_datetime(ts).date(),
        }
    }

    /// 00:00 of day number `n`, as an instant.
    pub fn midnight(&self, n: i32) -> Option<Timestamp> {
        if let Some((since, offset)) = self.fixed {
            let second = i64::from(n) * 86_400 - i64::from(offset);
            if second >= since {
                return Timestamp::from_second(second).ok();
            }
        }
        midnight(n, &self.tz)
    }

    /// The instant of a local wall-clock time.
    pub fn resolve(&self, at: LocalOrInstant) -> Result<Timestamp, TimeError> {
        if let (LocalOrInstant::Local(dt), Some((since, offset))) = (at, self.fixed) {
            let second = i64::from(day_number(dt.date())) * 86_400
                + i64::from(dt.hour()) * 3600
                + i64::from(dt.minute()) * 60
                + i64::from(dt.second())
                - i64::from(offset);
            if second >= since
                && let Ok(ts) = Timestamp::new(second, dt.subsec_nanosecond())
            {
                return Ok(ts);
            }
        }
        at.resolve(&self.tz)
    }
}

/// 00:00 of day number `n` in `tz`, as an instant.
pub(crate) fn midnight(n: i32, tz: &TimeZone) -> Option<Timestamp> {
    let date = date_of_day(n)?;
    tz.to_ambiguous_timestamp(date.to_datetime(Time::midnight())).compatible().ok()
}

/// The local day number of an instant in `tz`.
pub(crate) fn local_day(ts: Timestamp, tz: &TimeZone) -> i32 {
    day_number(tz.to_datetime(ts).date())
}

/// Adds whole calendar months to a date, clamping the day to the month's length (31 Jan + 1 month =
/// 28/29 Feb), as document-validity rules are read.
pub(crate) fn add_months(date: Date, months: u32) -> Option<Date> {
    let total = i32::from(date.year()) * 12 + i32::from(date.month()) - 1 + i32::try_from(months).ok()?;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let y = i16::try_from(y).ok()?;
    let m = i8::try_from(m).ok()?;
    let last = Date::new(y, m, 1).ok()?.days_in_month();
    Date::new(y, m, date.day().min(last)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn parsing() {
        let tz = shanghai();
        let cases: &[(&str, Option<&str>)] = &[
            ("2026-12-01T10:00", Some("2026-12-01T02:00:00Z")),
            ("2026-12-01 10:00", Some("2026-12-01T02:00:00Z")),
            ("2026-12-01T10:00:30", Some("2026-12-01T02:00:30Z")),
            ("2026-12-01T10:00:00+08:00", Some("2026-12-01T02:00:00Z")),
            ("2026-12-01T10:00:00+01:00", Some("2026-12-01T09:00:00Z")),
            ("2026-12-01T10:00:00Z", Some("2026-12-01T10:00:00Z")),
            ("2026-12-01T10:00:00+08:00[Asia/Shanghai]", Some("2026-12-01T02:00:00Z")),
            ("2026-12-01", Some("2026-11-30T16:00:00Z")),
            ("2026-13-01", None),
            ("tomorrow", None),
            ("", None),
            ("2026-12-01T25:00", None),
        ];
        for (text, want) in cases {
            let got = LocalOrInstant::parse(text).and_then(|t| t.resolve(&tz)).ok().map(|t| t.to_string());
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
        assert!(matches!(
            parse_instant("2026-12-01", "Mars/Olympus"),
            Err(TimeError::UnknownTimeZone { .. })
        ));
    }

    #[test]
    fn day_numbers_round_trip() {
        let cases = [("1970-01-01", 0), ("2000-03-01", 11_017), ("2026-12-01", 20_788), ("1969-12-31", -1)];
        for (text, n) in cases {
            let date: Date = text.parse().unwrap();
            assert_eq!(day_number(date), n, "{text}");
            assert_eq!(date_of_day(n), Some(date), "{n}");
        }
        let mut date: Date = "1899-12-25".parse().unwrap();
        for _ in 0..100_000 {
            assert_eq!(date_of_day(day_number(date)), Some(date));
            date = date.tomorrow().unwrap();
        }
    }

    #[test]
    fn months_clamp() {
        let cases = [
            ("2026-01-31", 1, "2026-02-28"),
            ("2027-11-30", 3, "2028-02-29"),
            ("2026-12-01", 3, "2027-03-01"),
        ];
        for (from, n, want) in cases {
            assert_eq!(add_months(from.parse().unwrap(), n).unwrap().to_string(), want);
        }
    }

    #[test]
    fn fast_zone_agrees_with_the_database() {
        let zones = ["Asia/Shanghai", "Europe/Berlin", "UTC", "America/New_York"];
        for name in zones {
            let tz = TimeZone::get(name).unwrap();
            let zone = Zone::new(tz.clone());
            assert_eq!(zone.fixed.is_some(), name == "Asia/Shanghai" || name == "UTC", "{name}");
            // Every 7 hours and 13 minutes from 1985 to 2040.
            let mut second = 473_385_600i64;
            while second < 2_208_988_800 {
                let ts = Timestamp::from_second(second).unwrap();
                assert_eq!(zone.day_of(ts), local_day(ts, &tz), "{name} {ts}");
                assert_eq!(zone.date_of(ts), tz.to_datetime(ts).date());
                let day = zone.day_of(ts);
                assert_eq!(zone.midnight(day), midnight(day, &tz), "{name} day {day}");
                let local = LocalOrInstant::Local(tz.to_datetime(ts));
                assert_eq!(zone.resolve(local).unwrap(), local.resolve(&tz).unwrap(), "{name} {ts}");
                second += 7 * 3600 + 13 * 60;
            }
        }
    }

    #[test]
    fn formatting() {
        let tz = shanghai();
        let ts = midnight(day_number("2026-12-12".parse().unwrap()), &tz).unwrap();
        assert_eq!(rfc3339(ts, &tz), "2026-12-12T00:00:00+08:00");
    }
}
