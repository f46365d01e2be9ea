//! The builder: a manifest (the report's JSON shape) back to a PAXLST interchange with a correct
//! envelope (UNB/UNG/UNH…UNT/UNE/UNZ and every count), in the guide's segment order.

use std::fmt;

use edifact::{Builder, Separators};

use crate::date::{hhmm, yymmdd, yymmddhhmm};
use crate::model::{Leg, ListType, ManifestJson, Message, Person, Stop};

/// Why a manifest could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MakeError {
    /// The EDIFACT writer refused something (it names what).
    Write(edifact::WriteError),
}

impl fmt::Display for MakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MakeError::Write(e) => write!(f, "cannot write the interchange: {e}"),
        }
    }
}

impl std::error::Error for MakeError {}

/// Splits `D15B` (or `D:15B`, `D.15B`) into the UNH/UNG version and release.
fn version_parts(version: &str) -> (String, String) {
    let v = version.replace([':', '.'], "");
    let mut chars = v.chars();
    match chars.next() {
        Some(first) if !v.is_empty() => (first.to_string(), chars.as_str().to_owned()),
        _ => ("D".into(), "15B".into()),
    }
}

fn opt<S: AsRef<str>>(s: &Option<S>) -> &str {
    s.as_ref().map_or("", AsRef::as_ref)
}

/// Writes a PAXLST interchange from a manifest. Derived fields (`segments`, `bytes`, `flight` when
/// `legs` is given) are ignored; control counts are computed; CNT is `declared_count` or, when that
/// is absent, the number of persons. Service characters in values are released (`O?'BRIEN`).
///
/// Dates are written as the guide writes them: `YYMMDD` for birth, expiry and issue, `YYMMDDHHMM:201`
/// for flight times, so reading them back depends on the century rules of [`crate::parse`].
///
/// Messages go into the functional group their `group` names (the first group when it names none);
/// with no groups in `interchange.groups` the interchange has no UNG/UNE.
///
/// ```
/// let report = paxlst::parse(include_str!("../tests/data/guide_example_5.3.edi"), &paxlst::Options::lenient(jiff::civil::date(2014, 7, 8)));
/// let text = paxlst::make(&report.manifest()).unwrap();
/// let again = paxlst::parse(&text, &paxlst::Options::lenient(jiff::civil::date(2014, 7, 8)));
/// assert!(again.errors.is_empty() && again.warnings.is_empty());
/// assert_eq!(again.messages[0].persons[1].surname, "MARTINEZ");
/// ```
pub fn make(manifest: &ManifestJson) -> Result<String, MakeError> {
    let ic = &manifest.interchange;
    let version = ic.syntax_version.to_string();
    let (date, time) = match ic.prepared {
        Some(t) => (yymmdd(t.0.date()), hhmm(t)),
        None => (String::new(), String::new()),
    };
    let mut b = Builder::new(
        if ic.syntax_version >= 4 { Separators::LEVEL_A_V4 } else { Separators::LEVEL_A },
        &[
            &[&ic.syntax, &version],
            &[&ic.sender],
            &[&ic.recipient],
            &[&date, &time],
            &[&ic.control_reference],
        ],
    );
    if ic.groups.is_empty() {
        for m in &manifest.messages {
            message(&mut b, m);
        }
    } else {
        let last = ic.groups.len() - 1;
        for (i, g) in ic.groups.iter().enumerate() {
            let (date, time) = match g.prepared {
                Some(t) => (yymmdd(t.0.date()), hhmm(t)),
                None => (String::new(), String::new()),
            };
            let (v, r) = version_parts(&g.version);
            b.begin_group(&[
                &["PAXLST"],
                &[&g.sender],
                &[&g.recipient],
                &[&date, &time],
                &[&g.reference],
                &["UN"],
                &[&v, &r],
            ]);
            for m in manifest.messages.iter().filter(|m| m.group.unwrap_or(0).min(last) == i) {
                message(&mut b, m);
            }
            b.end_group();
        }
    }
    b.finish().map_err(MakeError::Write)
}

fn message(b: &mut Builder, m: &Message) {
    let (v, r) = version_parts(&m.version);
    let (seq, seq_flag) = match &m.sequence {
        Some(s) => (s.number.as_str(), if s.last { "F" } else { "C" }),
        None => ("", ""),
    };
    b.begin_message(&[
        &[&m.reference],
        &["PAXLST", &v, &r, "UN", "IATA"],
        &[opt(&m.common_access_reference)],
        &[seq, seq_flag],
    ]);
    let document_code = if m.document_code.is_empty() {
        match m.list_type {
            ListType::Passenger => "745",
            ListType::Crew => "250",
        }
    } else {
        &m.document_code
    };
    let function =
        m.function_code.as_deref().or_else(|| m.message_function.default_code(m.list_type)).unwrap_or("");
    b.segment("BGM", &[&[document_code], &[function]]);
    if let Some(tn) = &m.transaction_reference {
        b.segment("RFF", &[&["TN", tn]]);
    }
    if let Some(party) = &m.reporting_party {
        let (given1, given2) = split_given(party.given_names.as_deref());
        b.segment("NAD", &[&["MS"], &[opt(&party.id)], &[], &[opt(&party.surname), given1, &given2]]);
        contacts(b, &party.contacts);
    }
    let legs: Vec<&Leg> = if m.legs.is_empty() { m.flight.iter().collect() } else { m.legs.iter().collect() };
    for leg in legs {
        let reference = format!("{}{}", leg.carrier, leg.number);
        b.segment(
            "TDT",
            &[&[if leg.overflight { "34" } else { "20" }], &[&reference], &[], &[], &[&leg.carrier]],
        );
        stop(b, &leg.departure, "125", "189");
        stop(b, &leg.arrival, "87", "232");
    }
    for p in &m.persons {
        person(b, p);
    }
    let count = m.declared_count.map_or(m.persons.len().to_string(), |n| n.to_string());
    let qualifier = if m.list_type == ListType::Crew { "41" } else { "42" };
    b.segment("CNT", &[&[qualifier, &count]]);
    b.end_message();
}

fn stop(b: &mut Builder, s: &Stop, default_qualifier: &str, dtm: &str) {
    let qualifier = s.qualifier.as_deref().unwrap_or(default_qualifier);
    if let Some(port) = &s.port {
        b.segment("LOC", &[&[qualifier], &[port]]);
    }
    if let Some(t) = s.time {
        b.segment("DTM", &[&[dtm, &yymmddhhmm(t), "201"]]);
    }
}

/// The first given name goes into C080 component 2, the rest (space-separated) into component 3.
fn split_given(given: Option<&str>) -> (&str, String) {
    let mut parts = given.unwrap_or_default().split_whitespace();
    let first = parts.next().unwrap_or_default();
    (first, parts.collect::<Vec<_>>().join(" "))
}

fn contacts(b: &mut Builder, list: &[crate::model::Contact]) {
    if list.is_empty() {
        return;
    }
    let elements: Vec<[&str; 2]> = list.iter().map(|c| [c.number.as_str(), opt(&c.channel)]).collect();
    let refs: Vec<&[&str]> = elements.iter().map(|e| e.as_slice()).collect();
    b.segment("COM", &refs);
}

fn person(b: &mut Builder, p: &Person) {
    let (given1, given2) = split_given(p.given_names.as_deref());
    let name: [&str; 3] = [&p.surname, given1, &given2];
    match &p.address {
        Some(a) => b.segment(
            "NAD",
            &[
                &[p.role.qualifier()],
                &[],
                &[],
                &name,
                &[opt(&a.street)],
                &[opt(&a.city)],
                &[opt(&a.region)],
                &[opt(&a.postal_code)],
                &[opt(&a.country)],
            ],
        ),
        None => b.segment("NAD", &[&[p.role.qualifier()], &[], &[], &name]),
    }
    if let Some(sex) = &p.sex {
        b.segment("ATT", &[&["2"], &[], &[sex]]);
    }
    if let Some(d) = p.birth_date {
        b.segment("DTM", &[&["329", &yymmdd(d)]]);
    }
    for (qualifier, value) in
        [("22", &p.clearance), ("174", &p.residence), ("178", &p.embarkation), ("179", &p.debarkation)]
    {
        if let Some(v) = value {
            b.segment("LOC", &[&[qualifier], &[v]]);
        }
    }
    if let Some(place) = &p.birth_place {
        b.segment("LOC", &[&["180"], &["", "", "", place]]);
    }
    contacts(b, &p.contacts);
    if let Some(role) = &p.crew_role {
        b.segment("EMP", &[&["1"], &[role, "110", "111"]]);
    }
    if let Some(n) = &p.nationality {
        b.segment("NAT", &[&["2"], &[n]]);
    }
    for (qualifier, value) in [("AVF", &p.pnr), ("ABO", &p.passenger_reference), ("SEA", &p.seat)] {
        if let Some(v) = value {
            b.segment("RFF", &[&[qualifier, v]]);
        }
    }
    for d in &p.documents {
        b.segment("DOC", &[&[&d.doc_type], &[&d.number]]);
        if let Some(e) = d.expiry {
            b.segment("DTM", &[&["36", &yymmdd(e)]]);
        }
        if let Some(i) = d.issue_date {
            b.segment("DTM", &[&["182", &yymmdd(i)]]);
        }
        if let Some(c) = &d.issuing_country {
            b.segment("LOC", &[&["91"], &[c]]);
        }
    }
}
