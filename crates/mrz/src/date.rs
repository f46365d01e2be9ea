//! MRZ dates (`YYMMDD`, Doc 9303 Part 3 §4.8) and the century rule that turns them into calendar dates.
//!
//! # The century rule
//!
//! Doc 9303 writes years with two digits and gives no rule for the century, so this crate fixes one,
//! relative to a reference day `today` (a parameter: the crate never reads the clock):
//!
//! * **Birth date:** the latest date not after `today` with the given `YYMMDD` — a person cannot be born in
//!   the future, and nobody living is a hundred years older than the digits suggest. With `today` =
//!   2026-12-02, `261201` is 2026-12-01 and `261203` is 1926-12-03. When the month or day is unknown
//!   (`<<`), the comparison uses only what is known.
//! * **Expiry date:** the date in the window `[today − 50 years, today + 50 years)` with the given `YYMMDD`.
//!   The window is a hundred years wide and half-open, so exactly one date qualifies: a 1994 visa specimen
//!   (`940623`) is read as 1994-06-23, not 2094, and a passport expiring `361231` as 2036-12-31.
//!
//! The same text is in [`CENTURY_RULE`], which every report carries.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// The century rule in one sentence, as carried by every report.
pub const CENTURY_RULE: &str = "birth date: the latest date not after the reference day; \
expiry date: the date within [reference day - 50 years, reference day + 50 years)";

/// A birth date as the MRZ gives it: complete, partly unknown (`<` in some positions) or unknown.
///
/// ```
/// use mrz::BirthDate;
/// let d: BirthDate = "1974-08".parse().unwrap();
/// assert_eq!(d, BirthDate::Partial { year: Some(1974), month: Some(8), day: None });
/// assert_eq!(d.to_string(), "1974-08-??");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BirthDate {
    /// Every position is known.
    Known(Date),
    /// Some positions are `<`. A part is `None` when either of its two digits is unknown.
    Partial {
        /// Four-digit year, resolved by the century rule.
        year: Option<i16>,
        /// 1–12.
        month: Option<i8>,
        /// 1–31.
        day: Option<i8>,
    },
    /// `<<<<<<`: the date of birth is wholly unknown.
    Unknown,
}

impl BirthDate {
    /// The complete date, if known.
    pub fn date(&self) -> Option<Date> {
        match self {
            BirthDate::Known(d) => Some(*d),
            _ => None,
        }
    }

    /// The year, where known.
    pub fn year(&self) -> Option<i16> {
        match self {
            BirthDate::Known(d) => Some(d.year()),
            BirthDate::Partial { year, .. } => *year,
            BirthDate::Unknown => None,
        }
    }

    /// The six MRZ characters (`YYMMDD`, `<` where unknown).
    pub fn to_mrz(&self) -> [u8; 6] {
        let (y, m, d) = match self {
            BirthDate::Known(date) => (Some(date.year()), Some(date.month()), Some(date.day())),
            BirthDate::Partial { year, month, day } => (*year, *month, *day),
            BirthDate::Unknown => (None, None, None),
        };
        let mut out = [b'<'; 6];
        let mut put = |at: usize, v: Option<i64>| {
            if let Some(v) = v {
                let v = v.rem_euclid(100);
                if let Some(slot) = out.get_mut(at) {
                    *slot = b'0' + (v / 10) as u8;
                }
                if let Some(slot) = out.get_mut(at + 1) {
                    *slot = b'0' + (v % 10) as u8;
                }
            }
        };
        put(0, y.map(i64::from));
        put(2, m.map(i64::from));
        put(4, d.map(i64::from));
        out
    }
}

impl std::fmt::Display for BirthDate {
    /// `YYYY-MM-DD`, with `?` for unknown parts (`1974-08-??`, `????-??-??`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BirthDate::Known(d) => write!(f, "{d}"),
            BirthDate::Partial { year, month, day } => {
                match year {
                    Some(y) => write!(f, "{y:04}")?,
                    None => f.write_str("????")?,
                }
                match month {
                    Some(m) => write!(f, "-{m:02}")?,
                    None => f.write_str("-??")?,
                }
                match day {
                    Some(d) => write!(f, "-{d:02}"),
                    None => f.write_str("-??"),
                }
            }
            BirthDate::Unknown => f.write_str("????-??-??"),
        }
    }
}

impl Serialize for BirthDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for BirthDate {
    /// From the text forms of [`FromStr`](std::str::FromStr) (`1974-08-12`, `1974-08`, `????-??-??`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for BirthDate {
    type Err = crate::WriteError;

    /// Accepts `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, and `?` for unknown parts (`1974-??-12`); the empty string,
    /// `unknown` and `????-??-??` give [`BirthDate::Unknown`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || crate::WriteError::InvalidDate { field: crate::Field::BirthDate, text: s.to_owned() };
        let t = s.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("unknown") {
            return Ok(BirthDate::Unknown);
        }
        let mut parts = t.split('-');
        let part = |p: Option<&str>, len: usize| -> Result<Option<i16>, crate::WriteError> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b == b'?') => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let year = part(parts.next(), 4)?;
        let month = part(parts.next(), 2)?;
        let day = part(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        let month = month.map(|m| m as i8);
        let day = day.map(|d| d as i8);
        if month.is_some_and(|m| !(1..=12).contains(&m)) || day.is_some_and(|d| !(1..=31).contains(&d)) {
            return Err(bad());
        }
        Ok(match (year, month, day) {
            (Some(y), Some(m), Some(d)) => BirthDate::Known(Date::new(y, m, d).map_err(|_| bad())?),
            (None, None, None) => BirthDate::Unknown,
            (year, month, day) => BirthDate::Partial { year, month, day },
        })
    }
}

/// Two digits of a `YYMMDD` field, or `None` if either is `<` (or not a digit).
#[inline]
fn pair(bytes: &[u8], at: usize) -> Option<i16> {
    let hi = *bytes.get(at)?;
    let lo = *bytes.get(at + 1)?;
    if hi.is_ascii_digit() && lo.is_ascii_digit() {
        Some(i16::from(hi - b'0') * 10 + i16::from(lo - b'0'))
    } else {
        None
    }
}

/// Why a date field could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// Month or day out of range, or a day the month does not have.
    NotACalendarDate,
    /// `<` in a field that must be complete.
    Incomplete,
}

/// Reads a birth date with the century rule. `bytes` are the six characters.
pub(crate) fn birth(bytes: &[u8], today: Date) -> Result<BirthDate, DateProblem> {
    let (yy, mm, dd) = (pair(bytes, 0), pair(bytes, 2), pair(bytes, 4));
    if mm.is_some_and(|m| !(1..=12).contains(&m)) || dd.is_some_and(|d| !(1..=31).contains(&d)) {
        return Err(DateProblem::NotACalendarDate);
    }
    let year = yy.map(|yy| {
        let mut y = today.year() - today.year().rem_euclid(100) + yy;
        // Compare as far as the parts are known; an unknown part compares as "not later".
        let later = (y, mm.unwrap_or(0), dd.unwrap_or(0))
            > (today.year(), i16::from(today.month()), i16::from(today.day()));
        if later {
            y -= 100;
        }
        y
    });
    match (year, mm, dd) {
        (Some(y), Some(m), Some(d)) => {
            Date::new(y, m as i8, d as i8).map(BirthDate::Known).map_err(|_| DateProblem::NotACalendarDate)
        }
        (None, None, None) => Ok(BirthDate::Unknown),
        (year, month, day) => {
            Ok(BirthDate::Partial { year, month: month.map(|m| m as i8), day: day.map(|d| d as i8) })
        }
    }
}

/// Reads an expiry date with the century rule.
pub(crate) fn expiry(bytes: &[u8], today: Date) -> Result<Date, DateProblem> {
    let (Some(yy), Some(mm), Some(dd)) = (pair(bytes, 0), pair(bytes, 2), pair(bytes, 4)) else {
        return Err(DateProblem::Incomplete);
    };
    if !(1..=12).contains(&mm) || !(1..=31).contains(&dd) {
        return Err(DateProblem::NotACalendarDate);
    }
    let lo = (today.year() - 50, i16::from(today.month()), i16::from(today.day()));
    let mut y = lo.0 - lo.0.rem_euclid(100) + yy;
    if (y, mm, dd) < lo {
        y += 100;
    }
    Date::new(y, mm as i8, dd as i8).map_err(|_| DateProblem::NotACalendarDate)
}

/// The six MRZ characters of a complete date.
pub(crate) fn to_mrz(date: Date) -> [u8; 6] {
    BirthDate::Known(date).to_mrz()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn century_rule() {
        let today = date(2026, 12, 2);
        let births: &[(&str, &str)] = &[
            ("740812", "1974-08-12"),
            ("261201", "2026-12-01"),
            ("261202", "2026-12-02"),
            ("261203", "1926-12-03"),
            ("000229", "2000-02-29"),
            ("7408<<", "1974-08-??"),
            ("74<<<<", "1974-??-??"),
            ("27<<<<", "1927-??-??"),
            ("26<<<<", "2026-??-??"),
            ("<<<<<<", "????-??-??"),
            ("<<0812", "????-08-12"),
        ];
        for (mrz, want) in births {
            assert_eq!(birth(mrz.as_bytes(), today).unwrap().to_string(), *want, "{mrz}");
        }
        let expiries: &[(&str, &str)] = &[
            ("120415", "2012-04-15"),
            ("940623", "1994-06-23"),
            ("761202", "1976-12-02"),
            ("761201", "2076-12-01"),
            ("761203", "1976-12-03"),
            ("361231", "2036-12-31"),
        ];
        for (mrz, want) in expiries {
            assert_eq!(expiry(mrz.as_bytes(), today).unwrap().to_string(), *want, "{mrz}");
        }
        // 1900 is not a leap year, 2000 is.
        assert_eq!(birth(b"000229", date(2099, 1, 1)).unwrap().to_string(), "2000-02-29");
        assert_eq!(birth(b"000229", date(1999, 1, 1)), Err(DateProblem::NotACalendarDate));
        assert_eq!(birth(b"741301", today), Err(DateProblem::NotACalendarDate));
        assert_eq!(expiry(b"1204<<", today), Err(DateProblem::Incomplete));
        assert_eq!(expiry(b"120431", today), Err(DateProblem::NotACalendarDate));
    }

    #[test]
    fn birth_date_text() {
        for text in ["1974-08-12", "1974-08-??", "????-08-12", "????-??-??"] {
            let parsed: BirthDate = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
        }
        assert_eq!(&"1974-08".parse::<BirthDate>().unwrap().to_mrz(), b"7408<<");
        assert!("1974-13-01".parse::<BirthDate>().is_err());
        assert!("1974-02-30".parse::<BirthDate>().is_err());
        assert!("74-02-03".parse::<BirthDate>().is_err());
    }
}
