//! Integration tests of the `mrz` crate: published vectors and specimens, error reporting, lenient repair,
//! the writer, the permit card, and property tests.

mod errors;
mod props;
mod repair;
mod vectors;
mod write;

use jiff::civil::{Date, date};
use mrz::{Mode, ParseOptions, Report};

/// The reference day of every test (the century rule and the expiry warning depend on it).
pub const TODAY: Date = date(2026, 12, 2);

pub fn strict() -> ParseOptions {
    ParseOptions::new(TODAY)
}

pub fn lenient() -> ParseOptions {
    ParseOptions::new(TODAY).mode(Mode::Lenient)
}

pub fn read(lines: &[&str]) -> Report {
    mrz::parse(lines, &strict())
}

/// The error codes of a report, for compact assertions.
pub fn error_codes(r: &Report) -> Vec<&'static str> {
    r.errors.iter().map(|e| e.code).collect()
}
