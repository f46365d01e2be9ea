//! Watchlist screening for guomen: the watchlist model and its importers, an in-memory index that is kept
//! current entry by entry, and a matcher that finds a person across scripts, romanisation schemes, name
//! order, missing middle names and typing errors, scores each hit with birth date, sex and nationality as
//! corroboration or contradiction, and explains every hit.
//!
//! ```
//! use screening::{import, ImportFormat, ImportOptions, Index, MatchConfig, Query, ScreenContext};
//! let csv = "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n\
//!            W1,Юрий Щербаков|Yuriy Shcherbakov,1970-01-02,M,RUS,E1234567,wanted,refer,,,demo\n";
//! let entries = import(csv, ImportFormat::Csv, &ImportOptions::default()).unwrap().entries;
//! let index = Index::build(entries).unwrap();
//! let config = MatchConfig::default();
//! let q = Query { name: Some("SHCHERBAKOV<<IURII".into()), birth_date: Some("1970".parse().unwrap()), ..Query::default() };
//! let result = index.screen(&q, &ScreenContext::new(&config));
//! assert_eq!(result.hits[0].id, "W1");
//! let json = serde_json::to_value(&result).unwrap();
//! assert!(json["hits"][0]["explanation"]["summary"].as_str().unwrap().contains("SHCHERBAKOV"));
//! ```
//!
//! The crate is pure: no IO, no clock (the screening day is a parameter), no randomness; results are
//! deterministic (ties are broken by entry id).

#![deny(clippy::indexing_slicing)]

mod error;
mod import;
mod index;
mod matcher;
mod model;
mod queries;
mod rarity;

pub use error::{RowError, ScreeningError};
pub use import::{ImportFormat, ImportOptions, Imported, import};
pub use index::{Change, ChangeSummary, Index};
pub use matcher::{
    Disposition, Dispositions, Explanation, Fact, Hit, How, MatchConfig, PartMatch, Query, ScreenContext,
    Screening,
};
pub use model::{Action, AlertType, BirthDate, Entry, Sex, normalize_document_number, normalize_nationality};
pub use queries::{BatchLine, BatchQuery, LatencySummary, parse_queries};
