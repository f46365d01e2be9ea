//! What-if: replay arrivals against a baseline and a draft rule set and report, by nationality and port,
//! how many decisions change and how. Plus the reader for the arrivals CSV.
//!
//! The arrivals file (`guomen policy simulate --arrivals FILE.csv`) has this header, in this order:
//!
//! ```text
//! nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size
//! ```
//!
//! and may add a tenth column `group_organiser`. `nationality` (ICAO code), `port` (registry code),
//! `arrival` (RFC 3339, or local time at the port without offset) and `purpose` are required; the other
//! fields may be empty. `document_type` defaults to `ordinary`. A non-empty `onward_to` or
//! `onward_departure` makes an onward ticket.

use std::collections::BTreeMap;
use std::fmt;

use codes::CountryCode;
use serde::Serialize;

use crate::decision::Decision;
use crate::model::{DocumentType, Purpose};
use crate::request::{CheckRequest, Group, Onward};
use crate::ruleset::RuleSet;
use crate::time::{LocalOrInstant, rfc3339};

/// The required header of the arrivals CSV.
pub const ARRIVALS_HEADER: [&str; 9] = [
    "nationality",
    "port",
    "arrival",
    "origin",
    "onward_to",
    "onward_departure",
    "purpose",
    "document_type",
    "group_size",
];

/// One bad field of the arrivals CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CsvFieldError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (field number).
    pub column: usize,
    /// The column's name.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CsvFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {} ({}): {}", self.line, self.column, self.field, self.message)
    }
}

/// Why an arrivals file was rejected: every bad field found (at most 100 are kept).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArrivalsError {
    /// Fields that could not be read.
    Invalid {
        /// The problems, in file order.
        errors: Vec<CsvFieldError>,
    },
}

impl ArrivalsError {
    /// The problems found.
    pub fn errors(&self) -> &[CsvFieldError] {
        match self {
            ArrivalsError::Invalid { errors } => errors,
        }
    }
}

impl fmt::Display for ArrivalsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors();
        write!(f, "the arrivals file is invalid ({} problem(s))", errors.len())?;
        for e in errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ArrivalsError {}

/// Reads the arrivals CSV into requests. All-or-nothing: any bad field rejects the file.
///
/// ```
/// let csv = "nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size\n\
///            USA,PVG,2026-12-01T10:00,USA,KOR,2026-12-08T10:00,tourism,,\n";
/// let arrivals = policy::parse_arrivals_csv(csv).unwrap();
/// assert_eq!(arrivals.len(), 1);
/// let bad = "nationality,port,arrival,origin,onward_to,onward_departure,purpose,document_type,group_size\n\
///            USA,PVG,yesterday,,,,tourism,,\n";
/// let err = policy::parse_arrivals_csv(bad).unwrap_err();
/// assert_eq!((err.errors()[0].line, err.errors()[0].column), (2, 3));
/// ```
pub fn parse_arrivals_csv(text: &str) -> Result<Vec<CheckRequest>, ArrivalsError> {
    const MAX_ERRORS: usize = 100;
    let rows = codes::parse_csv(text).map_err(|e| ArrivalsError::Invalid {
        errors: vec![CsvFieldError { line: e.line, column: 1, field: String::new(), message: e.message }],
    })?;
    let mut errors = Vec::new();
    let Some(header) = rows.first() else {
        return Err(ArrivalsError::Invalid {
            errors: vec![CsvFieldError {
                line: 1,
                column: 1,
                field: String::new(),
                message: format!("empty file; the header is {}", ARRIVALS_HEADER.join(",")),
            }],
        });
    };
    let names: Vec<&str> = header.fields.iter().map(|f| f.trim()).collect();
    let has_organiser = names.len() == 10 && names.get(9) == Some(&"group_organiser");
    if names.get(..9) != Some(&ARRIVALS_HEADER[..]) || !(names.len() == 9 || has_organiser) {
        return Err(ArrivalsError::Invalid {
            errors: vec![CsvFieldError {
                line: header.line,
                column: 1,
                field: String::new(),
                message: format!(
                    "the header must be {} (optionally followed by group_organiser)",
                    ARRIVALS_HEADER.join(",")
                ),
            }],
        });
    }
    let width = names.len();
    let mut out = Vec::with_capacity(rows.len().saturating_sub(1));
    for row in rows.iter().skip(1) {
        let mut bad = |column: usize, message: String| {
            if errors.len() < MAX_ERRORS {
                let field = names.get(column).map_or(String::new(), |s| (*s).to_owned());
                errors.push(CsvFieldError { line: row.line, column: column + 1, field, message });
            }
        };
        if row.fields.len() != width {
            bad(0, format!("expected {width} fields, found {}", row.fields.len()));
            continue;
        }
        let get = |i: usize| row.fields.get(i).map_or("", |s| s.trim());
        let country = |i: usize, bad: &mut dyn FnMut(usize, String)| -> Option<CountryCode> {
            let text = get(i);
            if text.is_empty() {
                return None;
            }
            CountryCode::parse(text).map_err(|e| bad(i, e.to_string())).ok()
        };
        let nationality = if get(0).is_empty() {
            bad(0, "required".into());
            None
        } else {
            country(0, &mut bad)
        };
        let port = get(1);
        if port.is_empty() {
            bad(1, "required".into());
        }
        let arrival = LocalOrInstant::parse(get(2)).map_err(|e| bad(2, e.to_string())).ok();
        let origin = country(3, &mut bad);
        let onward_to = country(4, &mut bad);
        let departure = match get(5) {
            "" => None,
            t => LocalOrInstant::parse(t).map_err(|e| bad(5, e.to_string())).ok(),
        };
        let purpose = Purpose::parse(get(6));
        if purpose.is_none() {
            let known: Vec<&str> = Purpose::ALL.iter().map(|p| p.as_str()).collect();
            bad(6, format!("unknown purpose {:?}; known: {}", get(6), known.join(", ")));
        }
        let document = match get(7) {
            "" => Some(DocumentType::Ordinary),
            t => {
                let d = DocumentType::parse(t);
                if d.is_none() {
                    bad(7, format!("unknown document type {t:?}"));
                }
                d
            }
        };
        let group_size = match get(8) {
            "" => None,
            t => match t.parse::<u32>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    bad(8, format!("{t:?} is not a group size (a whole number from 1)"));
                    None
                }
            },
        };
        let organiser = Some(get(9)).filter(|s| has_organiser && !s.is_empty()).map(str::to_owned);
        if organiser.is_some() && group_size.is_none() {
            bad(9, "a group organiser needs a group_size".into());
        }
        if let (Some(n), Some(a), Some(p), Some(doc)) = (nationality, arrival, purpose, document) {
            let mut req = CheckRequest::new(n, port, a, p);
            req.traveller.document_type = doc;
            req.arrival.origin = origin;
            req.arrival.group = group_size.map(|size| Group { size, organiser });
            if onward_to.is_some() || departure.is_some() {
                req.onward = Some(Onward { destination: onward_to, departure, port: None });
            }
            out.push(req);
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(ArrivalsError::Invalid { errors }) }
}

/// How many decisions fell into each class. Classes are exclusive, checked in this order: admissibility
/// changed, kind or scheme changed, `permitted_until` changed, unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// Arrivals replayed.
    pub total: usize,
    /// Same decision.
    pub unchanged: usize,
    /// Inadmissible before, admissible under the draft.
    pub newly_admissible: usize,
    /// Admissible before, inadmissible under the draft.
    pub newly_inadmissible: usize,
    /// Admissible in both, on another kind or scheme.
    pub changed_kind: usize,
    /// Same scheme, different end of stay.
    pub changed_permitted_until: usize,
    /// Requests that could not be evaluated under one of the rule sets (e.g. unknown port).
    pub errors: usize,
}

impl Counts {
    fn add(&mut self, class: Class) {
        self.total += 1;
        match class {
            Class::Unchanged => self.unchanged += 1,
            Class::NewlyAdmissible => self.newly_admissible += 1,
            Class::NewlyInadmissible => self.newly_inadmissible += 1,
            Class::ChangedKind => self.changed_kind += 1,
            Class::ChangedUntil => self.changed_permitted_until += 1,
            Class::Error => self.errors += 1,
        }
    }

    /// Decisions that differ.
    pub fn changed(&self) -> usize {
        self.newly_admissible + self.newly_inadmissible + self.changed_kind + self.changed_permitted_until
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Unchanged,
    NewlyAdmissible,
    NewlyInadmissible,
    ChangedKind,
    ChangedUntil,
    Error,
}

/// A decision, reduced to what a comparison needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// Admissible?
    pub admissible: bool,
    /// Kind, as in the decision JSON.
    pub kind: String,
    /// Scheme id.
    pub scheme: Option<String>,
    /// RFC 3339 in the port's zone.
    pub permitted_until: Option<String>,
    /// Set when the request could not be evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Outcome {
    fn of(d: &Result<Decision<'_>, crate::CheckError>) -> Self {
        match d {
            Ok(d) => Outcome {
                admissible: d.admissible(),
                kind: d.kind().as_str().to_owned(),
                scheme: d.scheme().map(|s| s.id.clone()),
                permitted_until: d.permitted_until().map(|t| rfc3339(t, d.time_zone())),
                error: None,
            },
            Err(e) => Outcome {
                admissible: false,
                kind: "error".into(),
                scheme: None,
                permitted_until: None,
                error: Some(e.to_string()),
            },
        }
    }

    fn label(&self) -> String {
        match &self.scheme {
            Some(s) => format!("{} ({s})", self.kind),
            None => self.kind.clone(),
        }
    }
}

/// One changed decision, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Example {
    /// Position of the arrival in the input, from 0.
    pub index: usize,
    /// The arrival instant as given.
    pub arrival: String,
    /// Under the baseline.
    pub before: Outcome,
    /// Under the draft.
    pub after: Outcome,
}

/// The changes for one nationality at one port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupReport {
    /// Nationality code.
    pub nationality: String,
    /// Port code as given.
    pub port: String,
    /// The counts.
    pub counts: Counts,
    /// How decisions changed: `"unilateral-visa-free (cn-unilateral) → visa-required"` → count.
    pub transitions: BTreeMap<String, usize>,
    /// Up to three changed decisions.
    pub examples: Vec<Example>,
}

/// The what-if report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SimulationReport {
    /// The baseline's label.
    pub baseline: String,
    /// The draft's label.
    pub draft: String,
    /// All arrivals.
    pub totals: Counts,
    /// By nationality, then port; only groups with at least one change or error.
    pub groups: Vec<GroupReport>,
    /// Groups in which nothing changed.
    pub unchanged_groups: usize,
}

/// Replays `arrivals` against both rule sets.
pub fn simulate(baseline: &RuleSet, draft: &RuleSet, arrivals: &[CheckRequest]) -> SimulationReport {
    const EXAMPLES: usize = 3;
    let mut totals = Counts::default();
    let mut groups: BTreeMap<(String, String), GroupReport> = BTreeMap::new();
    for (index, req) in arrivals.iter().enumerate() {
        let before = Outcome::of(&baseline.check(req));
        let after = Outcome::of(&draft.check(req));
        let class = if before.error.is_some() || after.error.is_some() {
            Class::Error
        } else if before.admissible != after.admissible {
            if after.admissible { Class::NewlyAdmissible } else { Class::NewlyInadmissible }
        } else if before.kind != after.kind || before.scheme != after.scheme {
            Class::ChangedKind
        } else if before.permitted_until != after.permitted_until {
            Class::ChangedUntil
        } else {
            Class::Unchanged
        };
        totals.add(class);
        let nationality = req.traveller.nationality.trimmed().to_owned();
        let port = req.arrival.port.trim().to_ascii_uppercase();
        let g = groups.entry((nationality.clone(), port.clone())).or_insert_with(|| GroupReport {
            nationality,
            port,
            counts: Counts::default(),
            transitions: BTreeMap::new(),
            examples: Vec::new(),
        });
        g.counts.add(class);
        if class != Class::Unchanged {
            let key = if class == Class::ChangedUntil {
                format!("{}: permitted_until changed", before.label())
            } else {
                format!("{} → {}", before.label(), after.label())
            };
            *g.transitions.entry(key).or_default() += 1;
            if g.examples.len() < EXAMPLES {
                g.examples.push(Example { index, arrival: req.arrival.instant.to_string(), before, after });
            }
        }
    }
    let all = groups.len();
    let groups: Vec<GroupReport> =
        groups.into_values().filter(|g| g.counts.changed() > 0 || g.counts.errors > 0).collect();
    SimulationReport {
        baseline: baseline.label().to_owned(),
        draft: draft.label().to_owned(),
        totals,
        unchanged_groups: all - groups.len(),
        groups,
    }
}
