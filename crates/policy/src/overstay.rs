//! Overstay: how many days a traveller stayed beyond the permitted stay, and the penalty range of Exit
//! and Entry Administration Law Art. 78.
//!
//! Art. 78 (illegal stay): a warning; where the circumstances are serious, a fine of 500 yuan per day of
//! illegal stay, 10,000 yuan in total at most, or detention of 5 to 15 days. The lightest penalty is a
//! warning, so the fine range starts at 0; the upper end is 500 per day, capped at 10,000.
//!
//! Counting: every calendar day in the port's time zone from the day `permitted_until` falls on through
//! the day of exit counts, both included. A stay permitted until 00:00 on 12 December (24:00 on 11
//! December) and left at 08:00 on 12 December is one day over; left at 01:00 on 13 December, two days.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::time::{LocalOrInstant, TimeError, day_number, local_day};

/// Fine per day of illegal stay, yuan (EEA-Law Art. 78).
pub const FINE_PER_DAY_CNY: u32 = 500;
/// Maximum total fine for illegal stay, yuan (EEA-Law Art. 78).
pub const FINE_CAP_CNY: u32 = 10_000;

/// The overstay and its penalty range. JSON: `overstay_days`, `fine_min_cny`, `fine_max_cny`, ….
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Overstay {
    /// Calendar days over, 0 if the traveller left in time.
    pub overstay_days: u32,
    /// The lightest penalty is a warning: 0.
    pub fine_min_cny: u32,
    /// 500 per day, at most 10,000.
    pub fine_max_cny: u32,
    /// The first day counted, if any.
    pub first_day: Option<Date>,
    /// The last day counted (the exit day), if any.
    pub last_day: Option<Date>,
    /// Detention for serious cases, in days, as the alternative Art. 78 allows (5–15), if over.
    pub detention_days: Option<[u32; 2]>,
    /// The article.
    pub legal_basis: &'static str,
    /// What the numbers mean.
    pub note: &'static str,
}

/// Computes the overstay for a stay permitted until `permitted_until` (exclusive) and left at `exit`.
///
/// ```
/// let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
/// let until = policy::parse_instant("2026-12-12T00:00", "Asia/Shanghai").unwrap();
/// let exit = policy::parse_instant("2026-12-14T09:00", "Asia/Shanghai").unwrap();
/// let o = policy::overstay(until, exit, &tz);
/// assert_eq!((o.overstay_days, o.fine_min_cny, o.fine_max_cny), (3, 0, 1500));
/// ```
pub fn overstay(permitted_until: Timestamp, exit: Timestamp, tz: &TimeZone) -> Overstay {
    let none = Overstay {
        overstay_days: 0,
        fine_min_cny: 0,
        fine_max_cny: 0,
        first_day: None,
        last_day: None,
        detention_days: None,
        legal_basis: "EEA-Law Art. 78",
        note: "left within the permitted stay",
    };
    if exit < permitted_until {
        return none;
    }
    let first = tz.to_datetime(permitted_until).date();
    let last = tz.to_datetime(exit).date();
    let days = u32::try_from(local_day(exit, tz) - day_number(first) + 1).unwrap_or(0).max(1);
    Overstay {
        overstay_days: days,
        fine_min_cny: 0,
        fine_max_cny: days.saturating_mul(FINE_PER_DAY_CNY).min(FINE_CAP_CNY),
        first_day: Some(first),
        last_day: Some(last),
        detention_days: Some([5, 15]),
        legal_basis: "EEA-Law Art. 78",
        note: "warning at the least; where serious, a fine of 500 yuan per day up to 10,000 yuan in total, or \
               detention of 5 to 15 days",
    }
}

/// The body of `POST /api/v1/policy/overstay` and of `guomen policy overstay`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverstayRequest {
    /// The end of the permitted stay (exclusive), as in a decision's `permitted_until`.
    pub permitted_until: LocalOrInstant,
    /// When the traveller left.
    pub exit: LocalOrInstant,
    /// The port whose time zone counts (registry code); `Asia/Shanghai` if neither this nor `time_zone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    /// An IANA time zone, if no port is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// Why an overstay request could not be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OverstayError {
    /// The port is not in the registry.
    UnknownPort(String),
    /// A time could not be read or placed.
    Time {
        /// Which field.
        field: &'static str,
        /// What went wrong.
        error: TimeError,
    },
}

impl fmt::Display for OverstayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverstayError::UnknownPort(code) => write!(f, "port: {code:?} is not a port in the registry"),
            OverstayError::Time { field, error } => write!(f, "{field}: {error}"),
        }
    }
}

impl std::error::Error for OverstayError {}

impl OverstayRequest {
    /// Resolves the time zone and computes the overstay.
    pub fn evaluate(&self) -> Result<Overstay, OverstayError> {
        let tz_name = match (&self.port, &self.time_zone) {
            (Some(code), _) => {
                codes::port(code).ok_or_else(|| OverstayError::UnknownPort(code.clone()))?.time_zone.clone()
            }
            (None, Some(name)) => name.clone(),
            (None, None) => "Asia/Shanghai".to_owned(),
        };
        let tz = TimeZone::get(&tz_name).map_err(|_| OverstayError::Time {
            field: "time_zone",
            error: TimeError::UnknownTimeZone { name: tz_name.clone() },
        })?;
        let until = self
            .permitted_until
            .resolve(&tz)
            .map_err(|error| OverstayError::Time { field: "permitted_until", error })?;
        let exit = self.exit.resolve(&tz).map_err(|error| OverstayError::Time { field: "exit", error })?;
        Ok(overstay(until, exit, &tz))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let t = |s: &str| crate::parse_instant(s, "Asia/Shanghai").unwrap();
        // (permitted_until, exit, days, max fine)
        let cases = [
            ("2026-12-12T00:00", "2026-12-11T23:59", 0, 0),
            ("2026-12-12T00:00", "2026-12-12T00:00", 1, 500),
            ("2026-12-12T00:00", "2026-12-12T08:00", 1, 500),
            ("2026-12-12T00:00", "2026-12-13T01:00", 2, 1000),
            ("2026-12-12T00:00", "2027-01-10T12:00", 30, 10_000),
            ("2026-12-02T10:00", "2026-12-02T11:00", 1, 500),
            ("2026-12-02T10:00", "2026-12-03T09:00", 2, 1000),
        ];
        for (until, exit, days, max) in cases {
            let o = overstay(t(until), t(exit), &tz);
            assert_eq!((o.overstay_days, o.fine_min_cny, o.fine_max_cny), (days, 0, max), "{until} → {exit}");
        }
    }

    #[test]
    fn request_shape() {
        let req: OverstayRequest = serde_json::from_str(
            r#"{"permitted_until":"2026-12-12T00:00:00+08:00","exit":"2026-12-13T10:00"}"#,
        )
        .unwrap();
        let o = serde_json::to_value(req.evaluate().unwrap()).unwrap();
        assert_eq!(o["overstay_days"], 2);
        assert_eq!(o["fine_min_cny"], 0);
        assert_eq!(o["fine_max_cny"], 1000);
    }
}
