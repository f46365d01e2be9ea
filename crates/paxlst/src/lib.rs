//! UN/EDIFACT PAXLST passenger and crew manifests (WCO/IATA/ICAO API guidelines; directories D02B,
//! D05B and D15B), on top of the [`edifact`] syntax crate.
//!
//! - [`parse`] reads an interchange into a [`Report`]: the envelope, every message with its flight
//!   legs and persons (each person keeps the segment range it came from, so a console can link a
//!   screening hit back to the source message), and positioned errors and warnings. Control counts
//!   (UNT/UNE/UNZ) and CNT 42/41 against the persons sent are warnings, or errors in strict mode.
//! - [`make`] writes a manifest (the report's JSON shape) back to EDIFACT with a correct envelope.
//! - [`apply`] applies a change, cancel, reduction or close message to a stored manifest.
//! - [`cusres`] writes the per-person board / no-board / refer answer.
//! - [`synth`] generates deterministic synthetic manifests for tests, benchmarks and demos.
//!
//! Nothing here does IO or reads a clock: the reference date for two-digit years is an option.
//!
//! ```
//! use paxlst::{Options, Role};
//! let text = include_str!("../tests/data/guide_example_5.1.edi");
//! let report = paxlst::parse(text, &Options::lenient(jiff::civil::date(2013, 6, 20)));
//! assert!(report.errors.is_empty());
//! let person = &report.messages[0].persons[0];
//! assert_eq!((person.role, person.surname.as_str()), (Role::Passenger, "WILLIAMS"));
//! assert_eq!(person.segments, [13, 30]);
//! // The guide's CNT says 160 passengers for the one person it shows: a warning.
//! assert_eq!(report.warnings[0].code, "cnt-mismatch");
//! ```
#![deny(clippy::indexing_slicing)]

mod cusres;
mod date;
mod make;
mod model;
mod read;
pub mod synth;
mod update;

use jiff::civil::Date;

pub use cusres::{Answer, CusresRequest, Decision, cusres};
pub use make::{MakeError, make};
pub use model::{
    Address, Contact, Document, GroupInfo, InterchangeInfo, Issue, Leg, ListType, LocalDateTime,
    ManifestJson, Message, MessageFunction, Person, Report, ReportingParty, Role, Sequence, Stop,
};
/// The string type of the values of persons, documents and legs: inline up to 23 bytes, so that
/// reading a manifest does not allocate for every short code. It derefs to `str`, compares with
/// `str` and `String`, and serialises as a plain string.
pub use smol_str::SmolStr;
pub use update::{Applied, UpdateError, apply, same_person};

/// How to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Refuse (as errors) control-count, control-reference and CNT mismatches that lenient mode only
    /// warns about.
    pub strict: bool,
    /// The reference date for two-digit years (usually the day the manifest is received).
    pub today: Date,
}

impl Options {
    /// Lenient reading: count mismatches are warnings.
    pub fn lenient(today: Date) -> Options {
        Options { strict: false, today }
    }

    /// Strict reading: count mismatches are errors.
    pub fn strict(today: Date) -> Options {
        Options { strict: true, today }
    }
}

/// Reads a PAXLST interchange (bytes or text). Never panics; a report with errors must be refused
/// whole.
pub fn parse(input: impl AsRef<[u8]>, options: &Options) -> Report {
    read::parse(input.as_ref(), options)
}
