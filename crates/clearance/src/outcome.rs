//! What an inspection answers: clear or refer, every reason with its stable code, message and legal basis,
//! the document as read, the screening, the grant, and the step-by-step trace.

use domain::Category;
use jiff::Timestamp;
use serde::Serialize;

/// The system's answer. There is no "refuse": a refusal is an officer's act (guide invariant 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every check is green: the traveller may pass.
    Clear,
    /// Something needs an officer: a desk, or secondary inspection.
    Refer,
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::Refer => "refer",
        }
    }
}

/// A stable reason code. Clients and statistics switch on these; they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    /// The MRZ does not read or its checks fail.
    DocumentInvalid,
    /// The document expired before the day of travel.
    DocumentExpired,
    /// The document is listed as lost or stolen.
    DocumentLostStolen,
    /// The traveller matches a watchlist entry.
    WatchlistHit,
    /// No visa-free scheme applies and no visa or residence permit is held.
    VisaRequired,
    /// The traveller is barred from leaving.
    ExitBan,
    /// The traveller stayed beyond the permitted date.
    Overstay,
    /// Fine at a desk, but not at an automated gate.
    EgateNotEligible,
    /// The rules could not be evaluated (e.g. a port outside the rule set).
    RulesUnavailable,
}

impl ReasonCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            ReasonCode::DocumentInvalid => "document-invalid",
            ReasonCode::DocumentExpired => "document-expired",
            ReasonCode::DocumentLostStolen => "document-lost-stolen",
            ReasonCode::WatchlistHit => "watchlist-hit",
            ReasonCode::VisaRequired => "visa-required",
            ReasonCode::ExitBan => "exit-ban",
            ReasonCode::Overstay => "overstay",
            ReasonCode::EgateNotEligible => "egate-not-eligible",
            ReasonCode::RulesUnavailable => "rules-unavailable",
        }
    }
}

/// Why an inspection is referred.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: ReasonCode,
    /// Plain English for the officer.
    pub message: String,
    /// Plain Chinese for the officer.
    pub message_zh: String,
    /// The article an officer would cite if acting on this reason; `None` for operational reasons.
    pub legal_basis: Option<String>,
}

/// How one step of the pipeline went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// `document`, `expiry`, `lost-stolen`, `watchlist`, `admissibility`, `exit-ban`, `overstay`, `egate`.
    pub step: &'static str,
    /// `pass`, `fail`, `skip` or `notice`.
    pub outcome: &'static str,
    pub detail: String,
}

/// The permission to stay that an admission carries, stored on the movement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grant {
    /// The rule set's kind (`transit-visa-free`, `visa`, …).
    pub kind: String,
    pub scheme: Option<String>,
    /// The instant the stay ends (exclusive), in the port's time zone.
    pub permitted_until: Option<String>,
    #[serde(skip)]
    pub permitted_until_ts: Option<Timestamp>,
    pub permitted_area_en: Option<String>,
    pub permitted_area_zh: Option<String>,
    pub legal_basis: Vec<String>,
    /// `leave by 24:00 on 11 December`.
    pub deadline_en: Option<String>,
    pub deadline_zh: Option<String>,
    /// The rule-set version the grant was decided under.
    pub ruleset: String,
}

/// The overstay found at exit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverstayFinding {
    pub days: i64,
    pub fine_min_cny: i64,
    pub fine_max_cny: i64,
    pub permitted_until: String,
}

/// What the document says about its holder, in the form the store and statistics need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolderFacts {
    pub issuer: String,
    pub number: String,
    pub document_code: String,
    pub expiry: Option<String>,
    pub nationality: String,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    /// `PRIMARY<<SECONDARY` as read.
    pub name_key: String,
    pub category: Category,
}

/// The whole answer.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub decision: Verdict,
    pub reasons: Vec<Reason>,
    /// The MRZ report (fields, checks, errors, corrections).
    pub document: serde_json::Value,
    pub screening: serde_json::Value,
    pub grant: Option<Grant>,
    pub overstay: Option<OverstayFinding>,
    pub category: Option<Category>,
    /// Non-blocking notes for the officer (e.g. a "notify" watchlist entry).
    pub notices: Vec<String>,
    pub steps: Vec<Step>,
    #[serde(skip)]
    pub holder: Option<HolderFacts>,
    /// Watchlist hits as `(list, entry id, entry version)`, for the secondary-inspection resolution.
    #[serde(skip)]
    pub hit_entries: Vec<(String, String, u64)>,
}
