//! What an inspection is asked: the port, lane and direction, the document, the journey — and what the
//! store knows of the traveller, passed in so the pipeline stays pure.

use domain::{Direction, Lane};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The body of `POST /api/v1/inspections`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionRequest {
    /// Port registry code or IATA code.
    pub port: String,
    pub lane: Lane,
    pub direction: Direction,
    pub document: DocumentInput,
    #[serde(default)]
    pub travel: Travel,
    /// The instant of the inspection (RFC 3339); the server clock when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Retries with the same key return the first answer and never record twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// The document as the reader saw it, and what else the traveller holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    /// The machine-readable zone, one string per line.
    pub mrz: Vec<String>,
    /// Repair OCR confusions where the check digits make the fix unique (every correction is reported).
    #[serde(default)]
    pub lenient: bool,
    /// A visa held (category and validity), from the visa sticker or the visa system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visa: Option<policy::Visa>,
    /// A foreigner's residence permit held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence_permit: Option<policy::ResidencePermit>,
    /// Supporting documents by their rule-set code (e.g. `port-visa-approval`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supporting: Vec<String>,
}

/// The journey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Travel {
    /// Country or region the traveller comes from (ICAO code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Onward destination (ICAO code), for transit schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onward_to: Option<String>,
    /// Onward departure, RFC 3339 or local time at the port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onward_departure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flight: Option<String>,
    /// `tourism`, `business`, `transit`, … (the rule set's purposes); `tourism` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Group travel: the number of people and the organiser (for group schemes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_organiser: Option<String>,
}

/// An earlier stay of the traveller (for rolling limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PastStay {
    pub entered_at: Timestamp,
    pub exited_at: Timestamp,
}

/// The stay the traveller is on now (entered, not yet exited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenStay {
    pub entered_at: Timestamp,
    pub permitted_until: Option<Timestamp>,
    /// IANA zone of the entry port (overstay days are counted in it).
    pub time_zone: String,
}

/// An officer's earlier "not the same person" for this traveller and a watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriorDisposition {
    pub entry_id: String,
    pub entry_version: u64,
}

/// What the store knows about the traveller, looked up by the shell before the decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TravellerFacts {
    /// The stable traveller id, when the traveller is known.
    pub traveller_id: Option<String>,
    pub open_stay: Option<OpenStay>,
    pub past_stays: Vec<PastStay>,
    /// Registered for automated gates.
    pub egate_enrolled: bool,
    pub dispositions: Vec<PriorDisposition>,
}
