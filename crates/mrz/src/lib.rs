//! ICAO Doc 9303 machine-readable zones: read, check, repair and write TD1 (3 × 30), TD2 (2 × 36),
//! TD3 passports (2 × 44), MRV-A (2 × 44) and MRV-B (2 × 36) visas, and China's `CS`/`CD` permit cards.
//!
//! The crate is sans-IO: text in, [`Report`]s and lines out. The reference day of the century rule is a
//! parameter ([`ParseOptions::new`]); nothing reads the clock.
//!
//! ```
//! use mrz::{ParseOptions, Mode};
//! let opts = ParseOptions::new(jiff::civil::date(2026, 12, 2));
//! let report = mrz::parse(
//!     &["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
//!     &opts,
//! );
//! assert!(report.valid);
//! assert_eq!(report.primary_identifier.as_deref(), Some("ERIKSSON"));
//! assert_eq!(report.expiry_date.as_deref(), Some("2012-04-15"));
//! assert_eq!(report.warnings[0].code, "expired"); // relative to the reference day
//!
//! // A changed birth-date digit is caught and located.
//! let bad = mrz::parse(
//!     &["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408132F1204159ZE184226B<<<<<10"],
//!     &opts,
//! );
//! assert!(!bad.valid);
//! assert_eq!(bad.errors[0].message, "birth date check digit is 2, computed 3");
//! assert_eq!((bad.errors[0].line, bad.errors[0].position), (2, 20));
//! ```
//!
//! # What is checked
//!
//! * **Layout:** line count and lengths select the format (a first character `V` makes a visa); a single
//!   line holding a whole zone is split.
//! * **Character set** per position (`A`–`Z`, `0`–`9`, `<`; letters only in codes and names, digits only in
//!   dates and check digits); lower case is an error in strict mode and corrected in lenient mode.
//! * **Check digits** (Part 3 §4.9, 7-3-1): document number, birth date, expiry date, TD3 personal number
//!   (with the `<`-or-`0` rule for an empty one) and the composite, per format; MRVs have no composite and
//!   no optional-data check. Long document numbers (Parts 5 and 6 note j; TD3 by analogy, as issuers do):
//!   a `<` in the check position, the rest of the number and its check digit at the start of the optional
//!   field.
//! * **Dates:** calendar validity; unknown or partly unknown birth dates (`<`); the century rule of
//!   [`date`]; an expired document is a warning.
//! * **Sex** `F`, `M`, `<`; `X` is accepted with a warning.
//! * **Codes:** issuing state and nationality against the ICAO table of the `codes` crate; an unknown code
//!   is a warning. Document-code rules of Parts 4–8 (`P` + the §4.4 table, `A`/`C`/`I` not followed by `V`,
//!   no `AI`, `AC` only for crew member certificates, `PU` for TD2-size emergency documents, `V` for visas).
//! * **Names:** primary and secondary identifiers split at the first `<<`, `possibly_truncated` when the
//!   last name position holds a letter (Parts 4–7 §4.2.3).
//!
//! Lenient mode ([`Mode::Lenient`]) repairs OCR confusions only where the fix is unique; see [`repair`].
//!
//! # Blind spots of the check digit
//!
//! Two characters whose values are congruent modulo 10 (`G`/`6`, `A`/`0`, `K`/`0`, `B`/`1`, …) give the
//! same check digit, so swapping one for the other in a protected field is not detectable; every other
//! single-character change of a protected field is, because the weights 7, 3 and 1 are prime to 10.

#![deny(clippy::indexing_slicing)]

mod check;
mod country;
pub mod date;
mod finding;
mod layout;
pub mod national;
mod read;
pub mod repair;
mod report;
mod write;

pub use check::{char_value, check_digit, check_digit_bytes, check_sum};
pub use date::{BirthDate, CENTURY_RULE};
pub use finding::{Correction, Finding, Problem, Reason, Severity};
pub use layout::{Field, Format};
pub use read::{CheckResult, Mode, Mrz, MrzError, ParseOptions, Sex};
pub use report::{
    BirthParts, CheckReport, CorrectionReport, Document, DocumentNumber, FindingReport, Report,
};
pub use translit::Language;
pub use write::{DocumentFields, WriteError, name_component, to_mrz};

/// Reads one zone and reports on it; lines that fit no layout give a report with `format: null`, `valid:
/// false` and the reason in `errors`.
pub fn parse(lines: &[&str], options: &ParseOptions) -> Report {
    match Mrz::parse(lines, options) {
        Ok(mrz) => mrz.report(),
        Err(e) => Report::from_error(&e, lines, options),
    }
}

/// Splits a text (standard input, a file, an API field) into zones: zones are separated by blank lines;
/// CRLF line ends and white space around lines are tolerated.
///
/// ```
/// let text = "  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\r\n\
///             I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6\n";
/// let docs = mrz::split_documents(text);
/// assert_eq!(docs.len(), 2);
/// assert_eq!(docs[0][0], "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
/// ```
pub fn split_documents(text: &str) -> Vec<Vec<&str>> {
    let mut docs = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            if !current.is_empty() {
                docs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(t);
        }
    }
    if !current.is_empty() {
        docs.push(current);
    }
    docs
}

/// [`split_documents`] then [`parse`] on each zone.
pub fn parse_text(text: &str, options: &ParseOptions) -> Vec<Report> {
    split_documents(text).iter().map(|lines| parse(lines, options)).collect()
}
