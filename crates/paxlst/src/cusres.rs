//! CUSRES: the receiving state's answer to a PAXLST, one board / no-board / refer per person.
//!
//! This is a deliberately small profile of the WCO/IATA/ICAO interactive-API CUSRES message, enough
//! for a carrier system to match each answer to its passenger. Check the codes against the bilateral
//! implementation guide before production use:
//!
//! ```text
//! UNB+UNOA:4+<sender>+<recipient>+<YYMMDD>:<HHMM>+<control reference>'
//! UNH+<reference>+CUSRES:D:05B:UN:IATA'
//! BGM+962'                              response to a passenger list
//! RFF+TN:<transaction reference>'       the PAXLST's RFF+TN, or its UNH reference when it had none
//! TDT+20+<carrier><number>+++<carrier>' LOC+125+<port>' DTM+189:<YYMMDDHHMM>:201' LOC+87+<port>' DTM+232:…'
//! then for every answer:
//! ERP+2'                                error point: a passenger
//! RFF+AVF:<pnr>'  RFF+ABO:<passenger reference>'   (those sent in the PAXLST)
//! DOC+<type>+<number>'                  the first document, when there is one
//! ERC+<code>'                           0Z board, 1Z do not board, 2Z refer (contact the authority)
//! FTX+AAP+++<reason>'                   one per reason
//! UNT' UNZ'
//! ```

use edifact::{Builder, Separators};
use serde::{Deserialize, Serialize};

use crate::MakeError;
use crate::date::{hhmm, yymmdd, yymmddhhmm};
use crate::model::{Leg, LocalDateTime, Message, Person};

/// The answer for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// May board.
    Board,
    /// Must not board.
    NoBoard,
    /// The carrier must contact the authority before boarding.
    Refer,
}

impl Decision {
    /// The ERC application error code written for the decision.
    pub fn code(self) -> &'static str {
        match self {
            Decision::Board => "0Z",
            Decision::NoBoard => "1Z",
            Decision::Refer => "2Z",
        }
    }
}

/// One person's answer: which person of the PAXLST message, what, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Index of the person in `message.persons`.
    pub person: usize,
    /// The decision.
    pub decision: Decision,
    /// Reasons, as short texts the carrier may show (no personal data beyond what it sent).
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// Everything needed to answer one PAXLST message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CusresRequest<'a> {
    /// The answering authority (becomes the UNB sender).
    pub sender: &'a str,
    /// The carrier (UNB recipient).
    pub recipient: &'a str,
    /// When the answer was prepared (local), a parameter because pure code reads no clock.
    pub prepared: LocalDateTime,
    /// Interchange control reference of the answer.
    pub control_reference: &'a str,
    /// The PAXLST message answered.
    pub message: &'a Message,
    /// The answers.
    pub answers: &'a [Answer],
}

/// Writes a CUSRES interchange answering a PAXLST message. Answers naming a person index the
/// message does not have are skipped.
///
/// ```
/// use paxlst::{Answer, CusresRequest, Decision, LocalDateTime, Options};
/// let today = jiff::civil::date(2014, 7, 8);
/// let report = paxlst::parse(include_str!("../tests/data/guide_example_5.3.edi"), &Options::lenient(today));
/// let answers = [
///     Answer { person: 0, decision: Decision::Board, reasons: vec![] },
///     Answer { person: 1, decision: Decision::Refer, reasons: vec!["document check".into()] },
/// ];
/// let text = paxlst::cusres(&CusresRequest {
///     sender: "CUSTOMS", recipient: "XYZAIRLINES",
///     prepared: LocalDateTime(today.at(6, 5, 0, 0)), control_reference: "R1",
///     message: &report.messages[0], answers: &answers,
/// }).unwrap();
/// assert!(text.contains("ERC+0Z'") && text.contains("ERC+2Z'FTX+AAP+++DOCUMENT CHECK'"));
/// assert!(edifact::parse(text.as_bytes()).unwrap().findings.is_empty());
/// ```
pub fn cusres(request: &CusresRequest<'_>) -> Result<String, MakeError> {
    let m = request.message;
    let (date, time) = (yymmdd(request.prepared.0.date()), hhmm(request.prepared));
    let mut b = Builder::new(
        Separators::LEVEL_A_V4,
        &[
            &["UNOA", "4"],
            &[request.sender],
            &[request.recipient],
            &[&date, &time],
            &[request.control_reference],
        ],
    );
    b.begin_message(&[&["1"], &["CUSRES", "D", "05B", "UN", "IATA"]]);
    b.segment("BGM", &[&["962"]]);
    let transaction = m.transaction_reference.as_deref().unwrap_or(&m.reference);
    b.segment("RFF", &[&["TN", transaction]]);
    let legs: Vec<&Leg> = if m.legs.is_empty() { m.flight.iter().collect() } else { m.legs.iter().collect() };
    for leg in legs {
        let reference = format!("{}{}", leg.carrier, leg.number);
        b.segment("TDT", &[&["20"], &[&reference], &[], &[], &[&leg.carrier]]);
        for (stop, default, dtm) in [(&leg.departure, "125", "189"), (&leg.arrival, "87", "232")] {
            if let Some(port) = &stop.port {
                b.segment("LOC", &[&[stop.qualifier.as_deref().unwrap_or(default)], &[port]]);
            }
            if let Some(t) = stop.time {
                b.segment("DTM", &[&[dtm, &yymmddhhmm(t), "201"]]);
            }
        }
    }
    for answer in request.answers {
        let Some(person) = m.persons.get(answer.person) else { continue };
        answer_segments(&mut b, person, answer);
    }
    b.end_message();
    b.finish().map_err(MakeError::Write)
}

fn answer_segments(b: &mut Builder, person: &Person, answer: &Answer) {
    b.segment("ERP", &[&["2"]]);
    if let Some(pnr) = &person.pnr {
        b.segment("RFF", &[&["AVF", pnr]]);
    }
    if let Some(reference) = &person.passenger_reference {
        b.segment("RFF", &[&["ABO", reference]]);
    }
    if let Some(doc) = person.documents.first() {
        b.segment("DOC", &[&[&doc.doc_type], &[&doc.number]]);
    }
    b.segment("ERC", &[&[answer.decision.code()]]);
    for reason in &answer.reasons {
        // UNOA has upper case only; the reason texts are the authority's own words.
        let text = reason.to_uppercase();
        b.segment("FTX", &[&["AAP"], &[], &[], &[&text]]);
    }
}
