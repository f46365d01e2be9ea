//! What the reader found wrong (errors), doubtful (warnings) or changed (corrections), each with its position.

use jiff::civil::Date;
use serde::Serialize;

use crate::Field;
use crate::layout::Format;

/// How serious a finding is: an error makes the zone invalid, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located at a 1-based line and position (position 0 when it concerns a whole line or the zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub field: Field,
    pub line: u8,
    pub position: u8,
    pub problem: Problem,
}

impl Finding {
    /// The plain-language message, e.g. "birth date check digit is 3, computed 2".
    pub fn message(&self) -> String {
        ProblemText { field: self.field, problem: &self.problem }.to_string()
    }
}

/// What is wrong. The [`Display`](std::fmt::Display) of a [`Finding`] (through [`Finding::message`]) words it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// No line was given.
    NoLines,
    /// The number of lines fits no format.
    LineCount { found: usize },
    /// A line is not as long as the format needs.
    LineLength { found: usize, expected: usize, format: Format },
    /// The line lengths fit no format (e.g. two lines of 40).
    NoFormat { lengths: Vec<usize> },
    /// A character outside the class of its position.
    Character { found: char, allowed: &'static str },
    /// A lower-case letter (strict mode; lenient mode corrects it).
    LowerCase { found: char },
    /// A check digit that does not match the data it protects.
    CheckDigit { found: char, computed: u8 },
    /// The check-digit position holds `<` (a long document number) but the optional data does not continue it.
    LongNumberContinuation,
    /// A date field that is not a calendar date.
    NotACalendarDate { text: String },
    /// `<` in a date that must be complete (only a birth date may be partly unknown).
    IncompleteDate { text: String },
    /// The document's expiry date is before the reference day (a warning: the MRZ itself is sound).
    Expired { on: Date, today: Date },
    /// The birth date is after the expiry date.
    BirthAfterExpiry,
    /// Sex `X`: written in the VIZ for "unspecified", but the MRZ uses `<`.
    SexX,
    /// A well-formed code that the ICAO table does not list.
    UnknownCountry { code: String },
    /// `<<<` where a state code belongs.
    EmptyCountry,
    /// A document-code rule of Parts 4–8.
    DocumentCode { code: String, rule: &'static str },
    /// The name field is empty.
    EmptyName,
    /// The name begins with `<<`: no primary identifier.
    EmptyPrimary,
    /// The name has no `<<`, so it is read as a primary identifier only.
    NoSecondary,
    /// The name begins with a single filler.
    NameNotLeftJustified,
    /// The secondary identifier contains `<<`.
    DoubleFillerInSecondary,
    /// A data field begins with a filler (data is left-justified, Part 3 §4.10).
    NotLeftJustified,
}

struct ProblemText<'a> {
    field: Field,
    problem: &'a Problem,
}

impl std::fmt::Display for ProblemText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = self.field.label();
        match self.problem {
            Problem::NoLines => f.write_str("no MRZ line was given"),
            Problem::LineCount { found } => write!(
                f,
                "{found} line(s) given; an MRZ has 2 lines (TD2, TD3, MRV-A, MRV-B) or 3 lines (TD1)"
            ),
            Problem::LineLength { found, expected, format } => {
                write!(f, "line has {found} characters; a {format} line has {expected}")
            }
            Problem::NoFormat { lengths } => {
                let l: Vec<String> = lengths.iter().map(|n| n.to_string()).collect();
                write!(f, "line lengths {} fit no MRZ format (3 × 30, 2 × 36 or 2 × 44)", l.join(", "))
            }
            Problem::Character { found, allowed } => {
                write!(f, "character {found:?} is not allowed in the {label} (only {allowed})")
            }
            Problem::LowerCase { found } => {
                write!(f, "lower-case {found:?} in the {label}; an MRZ uses upper case only")
            }
            Problem::CheckDigit { found, computed } => {
                write!(f, "{label} check digit is {found}, computed {computed}")
            }
            Problem::LongNumberContinuation => f.write_str(
                "document number check digit is < (a long number) but the optional data does not continue \
                 the number with its check digit",
            ),
            Problem::NotACalendarDate { text } => write!(f, "{label} {text} is not a calendar date"),
            Problem::IncompleteDate { text } => {
                write!(f, "{label} {text} has unknown positions; only a birth date may")
            }
            Problem::Expired { on, today } => {
                write!(f, "the document expired on {on} (reference day {today})")
            }
            Problem::BirthAfterExpiry => f.write_str("the birth date is after the expiry date"),
            Problem::SexX => f.write_str(
                "sex X is not an MRZ value (Doc 9303 writes < for unspecified); read as unspecified",
            ),
            Problem::UnknownCountry { code } => {
                write!(f, "{label} code {code} is not in the ICAO code table")
            }
            Problem::EmptyCountry => write!(f, "{label} is empty (<<<)"),
            Problem::DocumentCode { code, rule } => write!(f, "document code {code}: {rule}"),
            Problem::EmptyName => f.write_str("the name field is empty"),
            Problem::EmptyPrimary => f.write_str("the primary identifier is empty (the name begins with <<)"),
            Problem::NoSecondary => {
                f.write_str("the name has no << separator; it is read as a primary identifier only")
            }
            Problem::NameNotLeftJustified => f.write_str("the name begins with a single filler"),
            Problem::DoubleFillerInSecondary => f.write_str("the secondary identifier contains <<"),
            Problem::NotLeftJustified => {
                write!(f, "the {label} begins with a filler; data is left-justified")
            }
        }
    }
}

/// Why the reader changed a character (lenient mode only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A lower-case letter was raised to upper case.
    UpperCase,
    /// The position's character class allows only one reading (a letter in a date is a digit).
    CharacterClass,
    /// In a field that holds letters and digits, the only single OCR-confusion fix that satisfies the check
    /// digits.
    CheckDigits,
}

/// One character changed by lenient reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub field: Field,
    pub line: u8,
    pub position: u8,
    pub from: char,
    pub to: char,
    pub reason: Reason,
}

impl Correction {
    /// A plain sentence: "'O' read as '0' in the birth date (digits only)".
    pub fn message(&self) -> String {
        let why = match self.reason {
            Reason::UpperCase => "upper case only",
            Reason::CharacterClass => "the only reading the position's character class allows",
            Reason::CheckDigits => "the only OCR-confusion fix that satisfies the check digits",
        };
        format!("{:?} read as {:?} in the {} ({why})", self.from, self.to, self.field.label())
    }
}
