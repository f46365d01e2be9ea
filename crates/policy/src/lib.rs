//! Entry and stay rules as effective-dated data, and their pure, explained evaluation.
//!
//! A rule set is a directory of TOML files (China's is `policies/cn/`): schemes — mutual exemption
//! agreements, unilateral visa-free, 240-hour transit, 24-hour direct transit, port visas, regional
//! schemes, visas and residence permits as holdings — each with its nationalities (in dated batches),
//! document types, designated ports, permitted area, maximum stay and clock rule, rolling limits, allowed
//! and excluded purposes, group requirements, precedence, validity period, legal basis, public sources
//! and a confidence mark. [`RuleSet::load`] validates the files (positioned errors for every problem) and
//! compiles indices; [`RuleSet::check`] answers a [`CheckRequest`] with a [`Decision`]: admissible or not,
//! kind, scheme, `permitted_until`, area, conditions, legal basis, alternatives and a trace of every
//! scheme considered. [`overstay`] computes Art. 78 penalties; [`simulate`] compares two rule sets over
//! a batch of arrivals.
//!
//! The crate does no IO: files are passed in as text, and time is only ever the arrival instant in the
//! request. Every decision reports the rule set's version and content hash, so it can be reproduced.
//!
//! ```
//! use policy::{CheckRequest, RuleSet};
//! let rules = RuleSet::china().unwrap();
//! let req = CheckRequest::from_json(r#"{
//!     "traveller": {"nationality": "USA"},
//!     "arrival": {"port": "PVG", "instant": "2026-12-01T10:00", "origin": "USA", "purpose": "tourism"},
//!     "onward": {"destination": "KOR", "departure": "2026-12-08T10:00"}
//! }"#).unwrap();
//! let d = rules.check(&req).unwrap();
//! assert!(d.admissible());
//! assert_eq!(d.scheme().unwrap().id, "cn-transit-240h");
//! assert_eq!(d.deadline().unwrap().en(), "leave by 24:00 on 11 December");
//! let json = serde_json::to_value(&d).unwrap();
//! assert_eq!(json["permitted_until"], "2026-12-12T00:00:00+08:00");
//! ```

#![deny(clippy::indexing_slicing)]

mod decision;
mod evaluate;
mod hash;
mod load;
mod model;
mod overstay;
mod plain;
mod request;
mod ruleset;
mod schema;
mod simulate;
mod time;

pub use decision::{Alternative, Condition, Decision, Moment, Reason, Reasons, TraceEntry};
pub use load::{Diagnostic, LoadError};
pub use model::{Clock, Confidence, DocumentType, DocumentTypeSet, Kind, Purpose, PurposeSet, StayLength};
pub use overstay::{FINE_CAP_CNY, FINE_PER_DAY_CNY, Overstay, OverstayError, OverstayRequest, overstay};
pub use plain::{Deadline, PlainAnswer, area_en, area_zh, chinese_number, citation_en, citation_zh};
pub use request::{
    Arrival, CheckError, CheckRequest, Entries, Group, Holdings, Onward, RequestError, ResidencePermit, Stay,
    Traveller, Visa, parse_stays_json,
};
pub use ruleset::{
    Area, Category, Citation, Law, PortInfo, Region, RollingLimit, RuleSet, RuleSetMeta, Scheme, Term,
};
pub use simulate::{
    ARRIVALS_HEADER, ArrivalsError, Counts, CsvFieldError, Example, GroupReport, Outcome, SimulationReport,
    parse_arrivals_csv, simulate,
};
pub use time::{LocalOrInstant, TimeError, parse_instant, rfc3339};

/// The shipped China rule set, `policies/cn/*.toml`, embedded at compile time as `(path, contents)`.
const CHINA: &[(&str, &str)] = &[
    ("policies/cn/ruleset.toml", include_str!("../../../policies/cn/ruleset.toml")),
    ("policies/cn/areas.toml", include_str!("../../../policies/cn/areas.toml")),
    ("policies/cn/agreements.toml", include_str!("../../../policies/cn/agreements.toml")),
    ("policies/cn/unilateral.toml", include_str!("../../../policies/cn/unilateral.toml")),
    ("policies/cn/transit.toml", include_str!("../../../policies/cn/transit.toml")),
    ("policies/cn/regional.toml", include_str!("../../../policies/cn/regional.toml")),
    ("policies/cn/port-visa.toml", include_str!("../../../policies/cn/port-visa.toml")),
    ("policies/cn/holdings.toml", include_str!("../../../policies/cn/holdings.toml")),
];

/// The files of the shipped China rule set, as `(path, contents)` pairs for [`RuleSet::load`].
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    CHINA
}

impl RuleSet {
    /// Loads the shipped China rule set (`policies/cn/`), embedded in the binary.
    pub fn china() -> Result<RuleSet, LoadError> {
        RuleSet::load(CHINA)
    }
}
