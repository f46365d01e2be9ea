//! The watchlist model: entries, alert types, actions, partial birth dates, sex, nationality and document
//! numbers, each parsed into a type that is valid by construction.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::ScreeningError;

/// What kind of alert a watchlist entry raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AlertType {
    /// A person sought for arrest.
    Wanted,
    /// A person barred from entering.
    EntryBan,
    /// A person barred from leaving (court or criminal-case restriction).
    ExitBan,
    /// A document reported lost or stolen.
    LostStolenDocument,
    /// A person whose crossing is to be reported to an authority.
    Notify,
}

impl AlertType {
    /// The stable kebab-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertType::Wanted => "wanted",
            AlertType::EntryBan => "entry-ban",
            AlertType::ExitBan => "exit-ban",
            AlertType::LostStolenDocument => "lost-stolen-document",
            AlertType::Notify => "notify",
        }
    }
}

impl FromStr for AlertType {
    type Err = ScreeningError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "wanted" => AlertType::Wanted,
            "entry-ban" => AlertType::EntryBan,
            "exit-ban" => AlertType::ExitBan,
            "lost-stolen-document" | "lost-stolen" | "sltd" => AlertType::LostStolenDocument,
            "notify" => AlertType::Notify,
            _ => return Err(ScreeningError::invalid("alert_type", s)),
        })
    }
}

/// What the officer is told to do on a confirmed hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Action {
    /// Refer to secondary inspection.
    Refer,
    /// Deny the crossing (an officer's act, with the entry's legal basis).
    Deny,
    /// Let pass and notify the issuing authority.
    Notify,
}

impl Action {
    /// The stable kebab-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Refer => "refer",
            Action::Deny => "deny",
            Action::Notify => "notify",
        }
    }
}

impl FromStr for Action {
    type Err = ScreeningError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "refer" => Action::Refer,
            "deny" => Action::Deny,
            "notify" => Action::Notify,
            _ => return Err(ScreeningError::invalid("action", s)),
        })
    }
}

/// Sex as a travel document records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Sex {
    /// `M`.
    #[serde(rename = "M")]
    Male,
    /// `F`.
    #[serde(rename = "F")]
    Female,
    /// `X` (unspecified); never contradicts anything.
    #[serde(rename = "X")]
    Unspecified,
}

impl FromStr for Sex {
    type Err = ScreeningError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" => Sex::Male,
            "f" | "female" => Sex::Female,
            "x" | "u" | "<" | "unknown" | "unspecified" | "other" => Sex::Unspecified,
            _ => return Err(ScreeningError::invalid("sex", s)),
        })
    }
}

/// A birth date known to the day, the month, the year, or only as a range.
///
/// Written `1980-03-02`, `1980-03`, `1980`, or `FROM..TO` with either form on each side (`1978..1982`).
///
/// ```
/// use screening::BirthDate;
/// let d: BirthDate = "1980-03".parse().unwrap();
/// assert_eq!(d.to_string(), "1980-03");
/// assert!("1980-13-01".parse::<BirthDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BirthDate {
    /// A full date.
    Day(Date),
    /// Year and month.
    Month {
        /// Year.
        year: i16,
        /// Month 1–12.
        month: i8,
    },
    /// Year only.
    Year(i16),
    /// An inclusive range.
    Range {
        /// First possible day.
        from: Date,
        /// Last possible day.
        to: Date,
    },
}

impl BirthDate {
    /// The first and last day this birth date allows.
    pub fn bounds(&self) -> (Date, Date) {
        match *self {
            BirthDate::Day(d) => (d, d),
            BirthDate::Month { year, month } => {
                let first = Date::new(year, month, 1).unwrap_or(Date::MIN);
                (first, first.last_of_month())
            }
            BirthDate::Year(year) => {
                (Date::new(year, 1, 1).unwrap_or(Date::MIN), Date::new(year, 12, 31).unwrap_or(Date::MAX))
            }
            BirthDate::Range { from, to } => (from, to),
        }
    }

    /// True for a full date.
    pub fn is_day(&self) -> bool {
        matches!(self, BirthDate::Day(_))
    }
}

fn parse_one(s: &str) -> Option<(Date, Date, BirthDate)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| -> Option<i32> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) { None } else { p.parse().ok() }
    };
    let unknown = |p: &str| p.eq_ignore_ascii_case("XX") || p == "00";
    let bd = match parts.as_slice() {
        [y] if y.len() == 4 => BirthDate::Year(i16::try_from(num(y)?).ok()?),
        [y, m] if y.len() == 4 && unknown(m) => BirthDate::Year(i16::try_from(num(y)?).ok()?),
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let year = i16::try_from(num(y)?).ok()?;
            let month = i8::try_from(num(m)?).ok()?;
            Date::new(year, month, 1).ok()?;
            BirthDate::Month { year, month }
        }
        [y, m, d] if y.len() == 4 && unknown(m) => {
            let _ = d;
            BirthDate::Year(i16::try_from(num(y)?).ok()?)
        }
        [y, m, d] if y.len() == 4 && m.len() == 2 && unknown(d) => {
            let year = i16::try_from(num(y)?).ok()?;
            let month = i8::try_from(num(m)?).ok()?;
            Date::new(year, month, 1).ok()?;
            BirthDate::Month { year, month }
        }
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let date = Date::new(
                i16::try_from(num(y)?).ok()?,
                i8::try_from(num(m)?).ok()?,
                i8::try_from(num(d)?).ok()?,
            )
            .ok()?;
            BirthDate::Day(date)
        }
        _ => return None,
    };
    let (lo, hi) = bd.bounds();
    Some((lo, hi, bd))
}

impl FromStr for BirthDate {
    type Err = ScreeningError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ScreeningError::invalid("birth_date", s);
        if let Some((a, b)) = s.split_once("..") {
            let (lo, _, _) = parse_one(a).ok_or_else(bad)?;
            let (_, hi, _) = parse_one(b).ok_or_else(bad)?;
            if hi < lo {
                return Err(bad());
            }
            return Ok(BirthDate::Range { from: lo, to: hi });
        }
        parse_one(s).map(|(_, _, d)| d).ok_or_else(bad)
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BirthDate::Day(d) => write!(f, "{d}"),
            BirthDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            BirthDate::Year(y) => write!(f, "{y:04}"),
            BirthDate::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

impl Serialize for BirthDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BirthDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Normalises a nationality to its ICAO 9303 code: upper case, fillers removed, ISO alpha-2 codes mapped to
/// the three-letter code (FollowTheMoney data uses alpha-2). Unknown codes are kept as written.
pub fn normalize_nationality(code: &str) -> String {
    let c: String = code.trim().trim_end_matches('<').to_ascii_uppercase();
    if c.len() == 2
        && let Some(country) = codes::countries()
            .iter()
            .find(|k| k.alpha2.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&c)))
    {
        return country.code.trimmed().to_owned();
    }
    c
}

/// Normalises a document number for comparison: letters and digits only, upper case (`E 123-456` and
/// `e123456` are the same number).
///
/// ```
/// assert_eq!(screening::normalize_document_number(" e12-34<56 "), "E123456");
/// ```
pub fn normalize_document_number(number: &str) -> String {
    number.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// One watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Identifier, unique across all lists held by one index.
    pub id: String,
    /// The name and its aliases, in any script; the first is the primary name.
    pub names: Vec<String>,
    /// Known birth dates (several when sources disagree).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<BirthDate>,
    /// Sex, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Nationalities as ICAO codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    /// Document numbers (normalised with [`normalize_document_number`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_numbers: Vec<String>,
    /// The kind of alert.
    pub alert_type: AlertType,
    /// The action on a confirmed hit.
    pub action: Action,
    /// First day the entry applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// Last day the entry applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// The list the entry belongs to.
    pub list: String,
    /// The authority that issued the alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// The legal basis of the alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
}

impl Entry {
    /// True when the entry applies on `day` (no window means always).
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}
