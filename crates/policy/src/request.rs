//! The question asked of the rule engine: who arrives, where, when, from where, why, going on to where,
//! holding what, after which earlier stays. Serialises to and from the JSON of
//! `POST /api/v1/policy/check`.
//!
//! Every field is parsed into its type when the request is read (country codes, instants, purposes), so
//! evaluation never sees malformed input; only references into the rule set (the port code) are
//! resolved at evaluation time.

use std::fmt;

use codes::CountryCode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{DocumentType, Kind, Purpose};
use crate::time::LocalOrInstant;

/// A request for an entry decision.
///
/// ```
/// let json = r#"{
///   "traveller": {"nationality": "USA"},
///   "arrival": {"port": "PVG", "instant": "2026-12-01T10:00", "origin": "USA", "purpose": "tourism"},
///   "onward": {"destination": "KOR", "departure": "2026-12-08T10:00"}
/// }"#;
/// let req = policy::CheckRequest::from_json(json).unwrap();
/// let rules = policy::RuleSet::china().unwrap();
/// let decision = rules.check(&req).unwrap();
/// assert_eq!(decision.kind().as_str(), "transit-visa-free");
/// assert_eq!(decision.permitted_until_rfc3339().unwrap(), "2026-12-12T00:00:00+08:00");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// Who travels.
    pub traveller: Traveller,
    /// How and why they arrive.
    pub arrival: Arrival,
    /// The onward ticket, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onward: Option<Onward>,
    /// Visas, residence permits and supporting documents held.
    #[serde(default, skip_serializing_if = "Holdings::is_empty")]
    pub holdings: Holdings,
    /// Earlier stays in China, for rolling limits (`[{"entry": …, "exit": …}]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Stay>,
}

impl CheckRequest {
    /// A minimal request: nationality, port, arrival instant and purpose; everything else empty.
    pub fn new(nationality: CountryCode, port: &str, instant: LocalOrInstant, purpose: Purpose) -> Self {
        CheckRequest {
            traveller: Traveller {
                nationality,
                document_type: DocumentType::Ordinary,
                document_valid_until: None,
            },
            arrival: Arrival { port: port.to_owned(), instant, origin: None, purpose, group: None },
            onward: None,
            holdings: Holdings::default(),
            history: Vec::new(),
        }
    }

    /// Reads the JSON form, with the line and column of any error.
    pub fn from_json(text: &str) -> Result<Self, RequestError> {
        serde_json::from_str(text).map_err(|e| RequestError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }
}

/// The traveller and their document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traveller {
    /// ICAO nationality code (`USA`, `D` for Germany).
    pub nationality: CountryCode,
    /// The document presented; ordinary passport if not given.
    #[serde(default)]
    pub document_type: DocumentType,
    /// The document's expiry date, if known. Stays are capped by it and some schemes need a margin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_valid_until: Option<Date>,
}

/// The arrival.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arrival {
    /// Registry code of the port (`PVG`, `SZ-LUOHU`); airports by IATA code.
    pub port: String,
    /// When; without an offset it is local time at the port.
    pub instant: LocalOrInstant,
    /// The country or region the traveller arrives from (`HKG` and `MAC` are regions of their own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<CountryCode>,
    /// Why they come.
    pub purpose: Purpose,
    /// The tour group, if they travel in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

/// A tour group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Number of travellers in the group, this one included.
    pub size: u32,
    /// Who organises it, by the rule set's organiser id (`cn-travel-agency`, `hk-mo-travel-agency`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organiser: Option<String>,
}

/// The onward journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Onward {
    /// Where the ticket goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<CountryCode>,
    /// When it departs; without an offset, local time at the arrival port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departure: Option<LocalOrInstant>,
    /// The port of departure, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
}

/// What the traveller holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holdings {
    /// A Chinese visa.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visa: Option<Visa>,
    /// A foreigner's residence permit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence_permit: Option<ResidencePermit>,
    /// Supporting documents by the rule set's id (`port-visa-approval`, `e-port-visa`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

impl Holdings {
    fn is_empty(&self) -> bool {
        self.visa.is_none() && self.residence_permit.is_none() && self.documents.is_empty()
    }
}

/// A visa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visa {
    /// The category letter code (`L`, `M`, `Z`, `X1`).
    pub category: String,
    /// First day of validity, if printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// "Enter before": the last day an entry may be made.
    pub valid_until: Date,
    /// How many entries the visa allows.
    #[serde(default)]
    pub entries: Entries,
    /// Entries already made on this visa.
    #[serde(default)]
    pub entries_used: u32,
    /// Duration of each stay in days as printed; `0` means the holder must apply for a residence permit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_of_stay_days: Option<u32>,
}

/// Number of entries a visa allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Entries {
    /// One entry.
    #[default]
    Single,
    /// Two entries.
    Double,
    /// Any number of entries.
    Multiple,
}

impl Entries {
    pub(crate) fn allows(self, used: u32) -> bool {
        match self {
            Entries::Single => used < 1,
            Entries::Double => used < 2,
            Entries::Multiple => true,
        }
    }
}

/// A residence permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidencePermit {
    /// The category by the rule set's code (`work`, `study`, `family`, `private-affairs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Last day of validity.
    pub valid_until: Date,
}

/// An earlier stay in China. Entry and exit days both count as days present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stay {
    /// When the stay began (a date is enough).
    pub entry: LocalOrInstant,
    /// When it ended.
    pub exit: LocalOrInstant,
    /// What the stay was based on, if known; stays on a visa or residence permit do not count towards
    /// visa-free rolling limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
}

impl Stay {
    /// A stay from `entry` to `exit`.
    pub fn new(entry: LocalOrInstant, exit: LocalOrInstant) -> Self {
        Stay { entry, exit, kind: None }
    }
}

/// Reads the `stays.json` of `guomen policy check --history` (`[{"entry": …, "exit": …}]`).
pub fn parse_stays_json(text: &str) -> Result<Vec<Stay>, RequestError> {
    serde_json::from_str(text).map_err(|e| RequestError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// Why a request could not be read or evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The JSON is malformed or does not have the request's shape.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Json { message, .. } => write!(f, "invalid request: {message}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// Why a well-formed request could not be evaluated against a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckError {
    /// A port code is not in the registry.
    UnknownPort {
        /// Which field (`arrival.port`, `onward.port`).
        field: &'static str,
        /// The code as given.
        code: String,
    },
    /// The traveller is a Chinese citizen; these rules govern foreigners' entry.
    NotAForeigner,
    /// A time could not be placed in the port's time zone.
    Time {
        /// Which field.
        field: &'static str,
        /// What went wrong.
        error: crate::time::TimeError,
    },
    /// An earlier stay ends before it begins.
    StayOutOfOrder {
        /// Its position in `history`, from 0.
        index: usize,
    },
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::UnknownPort { field, code } => {
                write!(f, "{field}: {code:?} is not a port in the registry")
            }
            CheckError::NotAForeigner => f.write_str(
                "traveller.nationality: CHN — Chinese citizens do not enter under foreigners' schemes",
            ),
            CheckError::Time { field, error } => write!(f, "{field}: {error}"),
            CheckError::StayOutOfOrder { index } => {
                write!(f, "history[{index}]: the exit is before the entry")
            }
        }
    }
}

impl std::error::Error for CheckError {}
