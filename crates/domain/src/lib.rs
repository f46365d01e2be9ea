//! guomen's plain domain types — who acts (roles, principals), what they act on (travellers, movements,
//! decisions) and the audit trail of it — shared by the core and the shell.
//!
//! Architecture invariant: this crate does no IO and knows nothing of SQL or HTTP. It also deliberately has
//! no field for race, ethnicity, religion, political opinion, health or any similar attribute, so no rule
//! or profile built on these types can use one (guide invariant 6; a tidy test scans for such fields).

pub mod audit;
pub mod auth;
pub mod clock;

pub use audit::{AuditEvent, AuditRecord, ChainBreak};
pub use auth::{Principal, PrincipalKind, Role, Scope, ScopeKind};

use serde::{Deserialize, Serialize};
use std::fmt;

/// Direction of a crossing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Entry,
    Exit,
}

impl Direction {
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Entry => "entry",
            Direction::Exit => "exit",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "entry" => Some(Direction::Entry),
            "exit" => Some(Direction::Exit),
            _ => None,
        }
    }
}

/// The kind of lane a traveller is inspected at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    /// A desk with an officer.
    Manual,
    /// An automated gate.
    Egate,
    /// A vehicle lane where driver and passengers stay in the car.
    Vehicle,
}

impl Lane {
    pub fn as_str(&self) -> &'static str {
        match self {
            Lane::Manual => "manual",
            Lane::Egate => "egate",
            Lane::Vehicle => "vehicle",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "manual" => Some(Lane::Manual),
            "egate" => Some(Lane::Egate),
            "vehicle" => Some(Lane::Vehicle),
            _ => None,
        }
    }
}

/// The statistical category of a traveller, as the National Immigration Administration publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Residents of the mainland (Chinese citizens with mainland documents).
    Mainland,
    /// Residents of Hong Kong, Macao and Taiwan.
    HkMacaoTaiwan,
    /// Foreign nationals.
    Foreigner,
}

impl Category {
    pub fn as_str(&self) -> &'static str {
        match self {
            Category::Mainland => "mainland",
            Category::HkMacaoTaiwan => "hk-macao-taiwan",
            Category::Foreigner => "foreigner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "mainland" => Some(Category::Mainland),
            "hk-macao-taiwan" => Some(Category::HkMacaoTaiwan),
            "foreigner" => Some(Category::Foreigner),
            _ => None,
        }
    }

    /// The category implied by a document's nationality code. HKG/MAC/TWN codes and the permit document
    /// codes used by Hong Kong, Macao and Taiwan residents map to [`Category::HkMacaoTaiwan`].
    pub fn from_nationality(nationality: &codes::CountryCode) -> Self {
        match nationality.as_str() {
            "CHN" => Category::Mainland,
            "HKG" | "MAC" | "TWN" => Category::HkMacaoTaiwan,
            _ => Category::Foreigner,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
