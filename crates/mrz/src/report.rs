//! The result of reading one zone, in the JSON shape of `guomen mrz parse --json` and
//! `POST /api/v1/mrz/parse`, plus the typed [`Document`] view for clearance.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::date::{BirthDate, CENTURY_RULE};
use crate::finding::{Correction, Finding, Problem, Reason, Severity};
use crate::layout::Format;
use crate::national::NationalData;
use crate::read::{Mode, Mrz, MrzError, ParseOptions, Sex};
use crate::{Field, national};

/// A document number normalised for comparison: upper-case `A`–`Z` and `0`–`9` only, fillers removed
/// (the MRZ turns spaces and special characters into `<`, so `AB 123`, `AB-123` and `AB<123` compare equal).
///
/// ```
/// let n = mrz::DocumentNumber::normalise("ab-12 3<<").unwrap();
/// assert_eq!(n.as_str(), "AB123");
/// assert!(mrz::DocumentNumber::normalise("<<<").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    /// Normalises any text; `None` if nothing alphanumeric remains.
    pub fn normalise(text: &str) -> Option<Self> {
        let s: String =
            text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
        (!s.is_empty()).then_some(DocumentNumber(s))
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DocumentNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The typed view of a read zone, for clearance. Present whenever the zone was laid out in a format;
/// check [`Report::valid`] before relying on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub format: Format,
    /// Without fillers (`P`, `PP`, `ID`).
    pub document_code: String,
    pub issuing_state: Option<codes::CountryCode>,
    /// `None` when the number field holds no letter or digit.
    pub document_number: Option<DocumentNumber>,
    pub nationality: Option<codes::CountryCode>,
    /// `None` when the field is not a (possibly partial) calendar date.
    pub birth_date: Option<BirthDate>,
    pub sex: Option<Sex>,
    pub expiry_date: Option<Date>,
    pub primary_identifier: String,
    pub secondary_identifier: String,
    pub optional_data: Option<String>,
    pub optional_data_2: Option<String>,
    pub possibly_truncated: bool,
}

/// One check digit in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub field: Field,
    pub ok: bool,
    pub line: u8,
    pub position: u8,
    /// The character in the check-digit position.
    pub found: String,
    /// The digit computed from the data.
    pub computed: u8,
}

/// One error or warning in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingReport {
    pub field: Field,
    /// 1-based; 0 when the finding concerns the whole zone.
    pub line: u8,
    /// 1-based; 0 when the finding concerns a whole line or the zone.
    pub position: u8,
    pub message: String,
    /// A stable machine-readable code (`check_digit`, `line_length`, `unknown_country`, …).
    pub code: &'static str,
}

/// One lenient-mode correction in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectionReport {
    pub field: Field,
    pub line: u8,
    pub position: u8,
    pub from: String,
    pub to: String,
    pub reason: Reason,
    pub message: String,
}

/// A birth date's known parts, when some are unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BirthParts {
    pub year: Option<i16>,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

/// Everything read from one zone, serialisable to the JSON object of the CLI and the HTTP API.
///
/// ```
/// let opts = mrz::ParseOptions::new(jiff::civil::date(2026, 12, 2));
/// let r = mrz::parse(&["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"], &opts);
/// assert!(r.valid);
/// assert_eq!(r.birth_date.as_deref(), Some("1974-08-12"));
/// let json = serde_json::to_value(&r).unwrap();
/// assert_eq!(json["format"], "TD2");
/// assert_eq!(json["checks"][0]["field"], "document_number");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `None` when the lines fit no format.
    pub format: Option<Format>,
    pub document_code: Option<String>,
    pub issuing_state: Option<String>,
    pub document_number: Option<String>,
    pub nationality: Option<String>,
    /// `YYYY-MM-DD`; `None` when unknown, partly unknown (see `birth_date_partial`) or invalid.
    pub birth_date: Option<String>,
    /// The MRZ character: `F`, `M`, `<` (unspecified) or `X` (accepted with a warning).
    pub sex: Option<String>,
    pub expiry_date: Option<String>,
    pub primary_identifier: Option<String>,
    pub secondary_identifier: Option<String>,
    pub optional_data: Option<String>,
    /// TD1 only: line 2 optional data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional_data_2: Option<String>,
    pub valid: bool,
    pub checks: Vec<CheckReport>,
    pub errors: Vec<FindingReport>,
    pub warnings: Vec<FindingReport>,
    pub possibly_truncated: bool,
    pub corrections: Vec<CorrectionReport>,
    /// The lines as read (after corrections in lenient mode).
    pub lines: Vec<String>,
    /// True when the document number used the long-number form (Parts 5 and 6, note j).
    pub long_document_number: bool,
    pub birth_date_raw: Option<String>,
    pub expiry_date_raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date_partial: Option<BirthParts>,
    /// Permit cards only: lines 2–3 and what they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_data: Option<NationalData>,
    /// The reference day of the century rule, `YYYY-MM-DD`.
    pub reference_date: String,
    pub century_rule: &'static str,
    pub mode: Mode,
    /// The typed view (not serialised: the fields above carry the same data).
    #[serde(skip)]
    pub document: Option<Document>,
}

impl Report {
    /// The typed view, when the zone was laid out in a format.
    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    /// A report for lines that fit no layout.
    pub fn from_error(error: &MrzError, lines: &[&str], options: &ParseOptions) -> Report {
        let errors = error.findings().iter().map(finding_report).collect();
        Report {
            format: None,
            document_code: None,
            issuing_state: None,
            document_number: None,
            nationality: None,
            birth_date: None,
            sex: None,
            expiry_date: None,
            primary_identifier: None,
            secondary_identifier: None,
            optional_data: None,
            optional_data_2: None,
            valid: false,
            checks: Vec::new(),
            errors,
            warnings: Vec::new(),
            possibly_truncated: false,
            corrections: Vec::new(),
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
            long_document_number: false,
            birth_date_raw: None,
            expiry_date_raw: None,
            birth_date_partial: None,
            national_data: None,
            reference_date: options.today().to_string(),
            century_rule: CENTURY_RULE,
            mode: options.current_mode(),
            document: None,
        }
    }
}

fn problem_code(p: &Problem) -> &'static str {
    match p {
        Problem::NoLines => "no_lines",
        Problem::LineCount { .. } => "line_count",
        Problem::LineLength { .. } => "line_length",
        Problem::NoFormat { .. } => "no_format",
        Problem::Character { .. } => "character",
        Problem::LowerCase { .. } => "lower_case",
        Problem::CheckDigit { .. } => "check_digit",
        Problem::LongNumberContinuation => "long_number_continuation",
        Problem::NotACalendarDate { .. } => "not_a_calendar_date",
        Problem::IncompleteDate { .. } => "incomplete_date",
        Problem::Expired { .. } => "expired",
        Problem::BirthAfterExpiry => "birth_after_expiry",
        Problem::SexX => "sex_x",
        Problem::UnknownCountry { .. } => "unknown_country",
        Problem::EmptyCountry => "empty_country",
        Problem::DocumentCode { .. } => "document_code",
        Problem::EmptyName => "empty_name",
        Problem::EmptyPrimary => "empty_primary",
        Problem::NoSecondary => "no_secondary",
        Problem::NameNotLeftJustified => "name_not_left_justified",
        Problem::DoubleFillerInSecondary => "double_filler_in_secondary",
        Problem::NotLeftJustified => "not_left_justified",
    }
}

fn finding_report(f: &Finding) -> FindingReport {
    FindingReport {
        field: f.field,
        line: f.line,
        position: f.position,
        message: f.message(),
        code: problem_code(&f.problem),
    }
}

fn correction_report(c: &Correction) -> CorrectionReport {
    CorrectionReport {
        field: c.field,
        line: c.line,
        position: c.position,
        from: c.from.to_string(),
        to: c.to.to_string(),
        reason: c.reason,
        message: c.message(),
    }
}

impl Mrz {
    /// The typed view.
    pub fn document(&self) -> Document {
        let optional = |o: Option<&str>| o.filter(|s| !s.is_empty()).map(str::to_owned);
        Document {
            format: self.format(),
            document_code: self.document_code().to_owned(),
            issuing_state: self.issuing_state_code(),
            document_number: DocumentNumber::normalise(&self.document_number()),
            nationality: self.nationality_code(),
            birth_date: self.birth_date(),
            sex: self.sex(),
            expiry_date: self.expiry_date(),
            primary_identifier: self.primary_identifier(),
            secondary_identifier: self.secondary_identifier(),
            optional_data: optional(self.optional_data()),
            optional_data_2: optional(self.optional_data_2()),
            possibly_truncated: self.possibly_truncated(),
        }
    }

    /// The report (JSON shape of the CLI and API).
    pub fn report(&self) -> Report {
        let birth = self.birth_date();
        let has_name = self.format() != Format::CnPermit;
        let by =
            |s: Severity| self.findings().iter().filter(|f| f.severity == s).map(finding_report).collect();
        Report {
            format: Some(self.format()),
            document_code: Some(self.document_code().to_owned()),
            issuing_state: Some(self.issuing_state().to_owned()),
            document_number: Some(self.document_number().into_owned()),
            nationality: self.nationality().map(str::to_owned),
            birth_date: birth.and_then(|b| b.date()).map(|d| d.to_string()),
            sex: self.sex_raw().map(String::from),
            expiry_date: self.expiry_date().map(|d| d.to_string()),
            primary_identifier: has_name.then(|| self.primary_identifier()),
            secondary_identifier: has_name.then(|| self.secondary_identifier()),
            optional_data: self.optional_data().map(str::to_owned),
            optional_data_2: self.optional_data_2().map(str::to_owned),
            valid: self.is_valid(),
            checks: self
                .checks()
                .map(|c| CheckReport {
                    field: c.field,
                    ok: c.ok,
                    line: c.line,
                    position: c.position,
                    found: if c.found == crate::read::UNREADABLE {
                        "?".to_owned()
                    } else {
                        (c.found as char).to_string()
                    },
                    computed: c.computed,
                })
                .collect(),
            errors: by(Severity::Error),
            warnings: by(Severity::Warning),
            possibly_truncated: self.possibly_truncated(),
            corrections: self.corrections().iter().map(correction_report).collect(),
            lines: self.lines().map(|l| l.into_owned()).collect(),
            long_document_number: self.is_long_number(),
            birth_date_raw: Some(self.birth_date_raw().to_owned()),
            expiry_date_raw: Some(self.expiry_date_raw().to_owned()),
            birth_date_partial: match birth {
                Some(BirthDate::Partial { year, month, day }) => Some(BirthParts { year, month, day }),
                _ => None,
            },
            national_data: national::national_data(self),
            reference_date: self.today().to_string(),
            century_rule: CENTURY_RULE,
            mode: self.mode(),
            document: Some(self.document()),
        }
    }
}
