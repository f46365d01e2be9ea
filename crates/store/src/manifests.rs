//! Passenger and crew manifests (PAXLST) as stored: each list of each flight with its persons and the
//! pre-arrival verdict of each, every message applied to it (so the console can show a person's source
//! segments), and the arrival link that ties an inspection at the arrival port to a manifest person.
//!
//! Writes are whole: an interchange's manifests are saved in one writer transaction with their audit
//! records, and an update replaces a list's persons in one transaction after checking the revision the
//! caller read, so two updates of one list never interleave and nothing is ever half-stored. Reads that
//! show persons are audited in the same transaction (`manifests.list`, `manifest.read`,
//! `manifest.person.read`).
//!
//! The arrival link matches an inspection at a port to a person expected there within a day: by the
//! document's number and issuing country first, else by name and full birth date. A traveller who names
//! a manifested flight but is not on it is recorded as an unmanifested arrival of that flight.

use domain::{AuditEvent, Principal};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::{Value as Json, json};

use crate::conn::{Conn, Row, Value};
use crate::{Store, StoreError};

pub(crate) mod conformance;

/// How long after a flight's arrival a manifested person who has not been inspected counts as a
/// no-show (before that, the person is expected: queues at the desks take time).
pub const NO_SHOW_AFTER: SignedDuration = SignedDuration::from_hours(2);

/// One person of a list, with the decision made for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestPersonWrite {
    /// Position in the list (0-based).
    pub idx: i64,
    /// `passenger`, `crew`, `transit-passenger`, `transit-crew`.
    pub role: String,
    pub surname: String,
    pub given_names: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    pub nationality: Option<String>,
    /// The travel document's number, normalised (letters and digits, upper case).
    pub document: Option<String>,
    pub issuer: Option<String>,
    /// `PRIMARY<<SECONDARY` as a machine-readable zone would write it.
    pub name_key: String,
    /// `board`, `no-board` or `refer`.
    pub verdict: String,
    /// Every reason (code, messages, legal basis).
    pub reasons: Json,
    /// The watchlist hits with their explanations.
    pub hits: Json,
    /// Steps, notices and what the carrier was told.
    pub detail: Json,
    /// The person as sent (the PAXLST model's JSON).
    pub person: Json,
    /// The source message the person came from (`ManifestSourceWrite::seq` of this or an earlier write).
    pub source_seq: i64,
    /// First and last segment of the person in that message (interchange numbering, UNB = 1).
    pub segments: [i64; 2],
    /// The index the same person had before this update, so an arrival already linked stays linked.
    pub carry_from: Option<i64>,
}

/// One message applied to a list, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestSourceWrite {
    /// 1 for the first message of the list, then the next number for each update.
    pub seq: i64,
    /// `original`, `change`, `cancel`, `reduction`, `close`.
    pub function: String,
    /// BGM 1004 as sent (`CP`, `XR`, `CL`, …).
    pub function_code: Option<String>,
    /// The interchange control reference (UNB 0020).
    pub interchange: String,
    /// Segment number of the message's UNH in its interchange.
    pub first_segment: i64,
    /// The message's segments as sent (UNH … UNT), one string each, terminator included.
    pub segments: Vec<String>,
}

/// What changed in an update, for the audit trail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ManifestChange {
    pub added: u64,
    pub replaced: u64,
    pub removed: u64,
}

/// A list to create, or a new state of a stored list.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestWrite {
    /// A fresh id to create; the stored id to update.
    pub id: String,
    /// `None` to create; to update, the revision the caller read (the write fails with a conflict if
    /// the list has changed since).
    pub revision: Option<i64>,
    pub carrier: String,
    /// The flight number without the carrier code.
    pub flight: String,
    /// The departure day (`YYYY-MM-DD`), by which carriers name flights.
    pub flight_date: String,
    pub departure: Option<String>,
    /// Local time of departure, `YYYY-MM-DDTHH:MM`.
    pub departure_time: Option<String>,
    /// The arrival port (registry code for the State's ports).
    pub arrival: String,
    /// Local time of arrival, `YYYY-MM-DDTHH:MM`.
    pub arrival_time: Option<String>,
    /// The local day of arrival at the port (`YYYY-MM-DD`).
    pub arrival_date: String,
    pub arrival_at: Option<Timestamp>,
    /// The message reference (UNH 0062) of the first message.
    pub reference: String,
    /// `passenger` or `crew`.
    pub kind: String,
    /// `open`, `closed` or `cancelled`.
    pub status: String,
    /// The message as first received (kept on updates).
    pub raw: String,
    /// The list now (the PAXLST model's JSON of the message after every update).
    pub message: Json,
    /// The messages of this interchange applied to the list, in order (at least one).
    pub sources: Vec<ManifestSourceWrite>,
    pub persons: Vec<ManifestPersonWrite>,
    pub change: ManifestChange,
}

/// What saving produced for one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedManifest {
    pub id: String,
    pub revision: i64,
    /// Whether the list was created (rather than updated).
    pub created: bool,
}

/// A person of a stored list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManifestPersonRecord {
    pub idx: i64,
    pub role: Option<String>,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<String>,
    pub nationality: Option<String>,
    pub document: Option<String>,
    pub issuer: Option<String>,
    pub verdict: String,
    pub reasons: Json,
    pub hits: Json,
    pub detail: Json,
    pub source_seq: Option<i64>,
    pub segments: [i64; 2],
    pub inspection_id: Option<String>,
    pub arrived_at: Option<Timestamp>,
    /// `arrived`, `expected` or `no-show` (as of the read).
    pub status: &'static str,
}

/// A stored list as the ingest reads it to apply an update.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredManifest {
    pub id: String,
    pub revision: i64,
    pub status: String,
    pub raw: String,
    /// The list now (the PAXLST model's JSON).
    pub message: Json,
    /// The persons in list order, with their decisions (the `person` JSON included).
    pub persons: Vec<(ManifestPersonRecord, Json)>,
    /// The number the next source message gets.
    pub next_seq: i64,
}

/// A flight's list with its counts, as the flight board shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlightSummary {
    pub id: String,
    pub carrier: String,
    pub flight: String,
    pub flight_date: String,
    pub departure: Option<String>,
    pub departure_time: Option<String>,
    pub arrival: String,
    pub arrival_time: Option<String>,
    pub arrival_date: Option<String>,
    pub arrival_at: Option<Timestamp>,
    pub kind: String,
    pub status: String,
    pub revision: i64,
    pub received_at: Timestamp,
    pub updated_at: Timestamp,
    pub persons: i64,
    pub no_board: i64,
    pub refer: i64,
    /// Persons whose decision has a watchlist hit.
    pub hits: i64,
    pub arrived: i64,
    pub no_shows: i64,
    pub unmanifested: i64,
}

/// A traveller who named the flight at inspection but is not on its list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmanifestedArrival {
    pub inspection_id: String,
    pub at: Timestamp,
    pub traveller_id: Option<String>,
    pub nationality: Option<String>,
    pub name_key: Option<String>,
    pub decision: Option<String>,
}

/// A message applied to a list, without its segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSummary {
    pub seq: i64,
    pub received_at: Timestamp,
    pub function: String,
    pub function_code: Option<String>,
    pub interchange: String,
}

/// A message applied to a list, with its segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRecord {
    pub seq: i64,
    pub received_at: Timestamp,
    pub function: String,
    pub function_code: Option<String>,
    pub interchange: String,
    pub first_segment: i64,
    pub segments: Vec<String>,
}

/// One person of a flight's list, with the message the person came in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlightPerson {
    pub flight: FlightSummary,
    pub person: ManifestPersonRecord,
    /// The person as sent (the PAXLST model's JSON).
    pub sent: Json,
    pub source: Option<SourceRecord>,
}

/// A flight's list with its persons, the unmanifested arrivals and the messages received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlightRecord {
    pub flight: FlightSummary,
    pub persons: Vec<ManifestPersonRecord>,
    pub unmanifested: Vec<UnmanifestedArrival>,
    pub sources: Vec<SourceSummary>,
}

/// One inspection to link to the lists of flights arriving at its port.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalLink {
    pub inspection_id: String,
    pub at: Timestamp,
    /// The inspection's port (registry code).
    pub port: String,
    /// The port's IANA zone, for the local day.
    pub time_zone: String,
    /// The document's number as read (normalised here).
    pub document: Option<String>,
    pub issuer: Option<String>,
    pub name_key: Option<String>,
    pub birth_date: Option<String>,
    /// The flight the traveller named at the desk (carrier code and number, e.g. `MU` and `552` or
    /// `MU552`).
    pub carrier: Option<String>,
    pub flight: Option<String>,
}

/// What the arrival link found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "link", rename_all = "kebab-case")]
pub enum ArrivalMatch {
    /// A manifested person: now marked arrived.
    Manifested {
        manifest_id: String,
        idx: i64,
        verdict: String,
        /// `document` or `name-birth-date`.
        matched_by: &'static str,
    },
    /// The traveller named a manifested flight but is not on its list.
    Unmanifested { manifest_id: String },
    /// No list of a flight arriving at the port concerns the traveller.
    None,
}

/// Normalises a document number for matching: letters and digits, upper case.
pub fn normalize_document(number: &str) -> String {
    number.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// Normalises an issuing-state code for matching: upper case without fillers; Germany's one-letter
/// MRZ code `D` is `DEU` on manifests.
pub fn normalize_issuer(code: &str) -> String {
    let c = code.trim().trim_end_matches('<').to_ascii_uppercase();
    if c == "D" { "DEU".to_owned() } else { c }
}

const SUMMARY_COLUMNS: &str = "m.id, m.carrier, m.flight, m.flight_date, m.departure, m.departure_time, m.arrival, \
    m.arrival_time, m.arrival_date, m.arrival_at, m.kind, m.status, m.revision, m.received_at, m.updated_at, \
    CAST(COUNT(p.idx) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN p.verdict = 'no-board' THEN 1 ELSE 0 END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN p.verdict = 'refer' THEN 1 ELSE 0 END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN p.hits IS NOT NULL AND p.hits <> '[]' THEN 1 ELSE 0 END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN p.inspection_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
    CAST(COALESCE(SUM(CASE WHEN p.inspection_id IS NULL AND m.arrival_at IS NOT NULL AND m.arrival_at <= ? \
         THEN 1 ELSE 0 END), 0) AS BIGINT), \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM manifest_unmanifested u WHERE u.manifest_id = m.id)";

fn summary_from(r: &Row) -> Result<FlightSummary, StoreError> {
    Ok(FlightSummary {
        id: r.text(0)?,
        carrier: r.text(1)?,
        flight: r.text(2)?,
        flight_date: r.text(3)?,
        departure: r.opt_text(4)?,
        departure_time: r.opt_text(5)?,
        arrival: r.opt_text(6)?.unwrap_or_default(),
        arrival_time: r.opt_text(7)?,
        arrival_date: r.opt_text(8)?,
        arrival_at: r.opt_timestamp(9)?,
        kind: r.text(10)?,
        status: r.text(11)?,
        revision: r.int(12)?,
        received_at: r.timestamp(13)?,
        updated_at: r.timestamp(14)?,
        persons: r.int(15)?,
        no_board: r.int(16)?,
        refer: r.int(17)?,
        hits: r.int(18)?,
        arrived: r.int(19)?,
        no_shows: r.int(20)?,
        unmanifested: r.int(21)?,
    })
}

const PERSON_COLUMNS: &str = "idx, role, surname, given_names, birth_date, nationality, document, issuer, verdict, \
    reasons, hits, detail, source_seq, seg_from, seg_to, inspection_id, arrived_at, person";

fn json_or(r: &Row, i: usize, default: Json) -> Result<Json, StoreError> {
    match r.opt_text(i)? {
        Some(t) => {
            serde_json::from_str(&t).map_err(|e| StoreError::Decode(format!("column {i}: bad JSON: {e}")))
        }
        None => Ok(default),
    }
}

/// A person row (`PERSON_COLUMNS`) and its `person` JSON; `no_show` says whether the flight is past the
/// no-show time.
fn person_from(r: &Row, no_show: bool) -> Result<(ManifestPersonRecord, Json), StoreError> {
    let inspection_id = r.opt_text(15)?;
    let status = match (&inspection_id, no_show) {
        (Some(_), _) => "arrived",
        (None, true) => "no-show",
        (None, false) => "expected",
    };
    let record = ManifestPersonRecord {
        idx: r.int(0)?,
        role: r.opt_text(1)?,
        surname: r.opt_text(2)?,
        given_names: r.opt_text(3)?,
        birth_date: r.opt_text(4)?,
        nationality: r.opt_text(5)?,
        document: r.opt_text(6)?,
        issuer: r.opt_text(7)?,
        verdict: r.text(8)?,
        reasons: json_or(r, 9, json!([]))?,
        hits: json_or(r, 10, json!([]))?,
        detail: json_or(r, 11, json!({}))?,
        source_seq: r.opt_int(12)?,
        segments: [r.opt_int(13)?.unwrap_or(0), r.opt_int(14)?.unwrap_or(0)],
        inspection_id,
        arrived_at: r.opt_timestamp(16)?,
        status,
    };
    Ok((record, json_or(r, 17, Json::Null)?))
}

fn is_no_show(arrival_at: Option<Timestamp>, now: Timestamp) -> bool {
    arrival_at.is_some_and(|a| a + NO_SHOW_AFTER <= now)
}

async fn summary(conn: &mut dyn Conn, id: &str, now: Timestamp) -> Result<Option<FlightSummary>, StoreError> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM manifest m LEFT JOIN manifest_person p ON p.manifest_id = m.id \
         WHERE m.id = ? GROUP BY m.id"
    );
    let row = conn.fetch_opt(&sql, &[(now - NO_SHOW_AFTER).into(), id.into()]).await?;
    row.as_ref().map(summary_from).transpose()
}

async fn persons_of(
    conn: &mut dyn Conn,
    id: &str,
    no_show: bool,
) -> Result<Vec<(ManifestPersonRecord, Json)>, StoreError> {
    conn.fetch(
        &format!("SELECT {PERSON_COLUMNS} FROM manifest_person WHERE manifest_id = ? ORDER BY idx"),
        &[id.into()],
    )
    .await?
    .iter()
    .map(|r| person_from(r, no_show))
    .collect()
}

/// A person's arrival link (inspection id, epoch microseconds), carried over an update.
type Arrival = (Option<String>, Option<i64>);

async fn insert_person(
    conn: &mut dyn Conn,
    id: &str,
    p: &ManifestPersonWrite,
    arrival: Option<&Arrival>,
) -> Result<(), StoreError> {
    let (inspection_id, arrived_at) = arrival.cloned().unwrap_or((None, None));
    conn.execute(
        "INSERT INTO manifest_person (manifest_id, idx, document, surname, birth_date, verdict, reasons, person, \
         inspection_id, role, given_names, nationality, issuer, name_key, hits, detail, source_seq, seg_from, \
         seg_to, arrived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            id.into(),
            p.idx.into(),
            p.document.as_deref().map(normalize_document).into(),
            (&p.surname).into(),
            p.birth_date.clone().into(),
            (&p.verdict).into(),
            p.reasons.to_string().into(),
            p.person.to_string().into(),
            inspection_id.into(),
            (&p.role).into(),
            p.given_names.clone().into(),
            p.nationality.clone().into(),
            p.issuer.as_deref().map(normalize_issuer).into(),
            (&p.name_key).into(),
            p.hits.to_string().into(),
            p.detail.to_string().into(),
            p.source_seq.into(),
            p.segments[0].into(),
            p.segments[1].into(),
            arrived_at.map_or(Value::Null, Value::Int),
        ],
    )
    .await?;
    Ok(())
}

async fn insert_source(
    conn: &mut dyn Conn,
    id: &str,
    s: &ManifestSourceWrite,
    actor: &Principal,
    at: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO manifest_source (manifest_id, seq, received_at, actor_id, function, function_code, interchange, \
         first_segment, segments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            id.into(),
            s.seq.into(),
            at.into(),
            (&actor.id).into(),
            (&s.function).into(),
            s.function_code.clone().into(),
            (&s.interchange).into(),
            s.first_segment.into(),
            json!(s.segments).to_string().into(),
        ],
    )
    .await?;
    Ok(())
}

/// Saves one list inside the caller's transaction.
async fn save_one(
    conn: &mut dyn Conn,
    actor: &Principal,
    at: Timestamp,
    w: &ManifestWrite,
) -> Result<SavedManifest, StoreError> {
    let carried: Vec<(i64, Arrival)>;
    let revision = match w.revision {
        None => {
            conn.execute(
                "INSERT INTO manifest (id, carrier, flight, flight_date, arrival, reference, kind, status, received_at, \
                 updated_at, raw, message, actor_id, revision, departure, departure_time, arrival_time, arrival_date, \
                 arrival_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
                &[
                    (&w.id).into(),
                    (&w.carrier).into(),
                    (&w.flight).into(),
                    (&w.flight_date).into(),
                    (&w.arrival).into(),
                    (&w.reference).into(),
                    (&w.kind).into(),
                    (&w.status).into(),
                    at.into(),
                    at.into(),
                    (&w.raw).into(),
                    w.message.to_string().into(),
                    (&actor.id).into(),
                    w.departure.clone().into(),
                    w.departure_time.clone().into(),
                    w.arrival_time.clone().into(),
                    (&w.arrival_date).into(),
                    w.arrival_at.into(),
                ],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => StoreError::Conflict(format!(
                    "a {} list of flight {}{} on {} was stored meanwhile; send the message again",
                    w.kind, w.carrier, w.flight, w.flight_date
                )),
                other => other,
            })?;
            carried = Vec::new();
            1
        }
        Some(expected) => {
            let current = conn
                .fetch_opt("SELECT revision FROM manifest WHERE id = ?", &[(&w.id).into()])
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("no manifest {}", w.id)))?
                .int(0)?;
            if current != expected {
                return Err(StoreError::Conflict(format!(
                    "the {} list of flight {}{} on {} changed while this update was applied; send it again",
                    w.kind, w.carrier, w.flight, w.flight_date
                )));
            }
            carried = conn
                .fetch(
                    "SELECT idx, inspection_id, arrived_at FROM manifest_person WHERE manifest_id = ? \
                     AND inspection_id IS NOT NULL",
                    &[(&w.id).into()],
                )
                .await?
                .iter()
                .map(|r| Ok((r.int(0)?, (r.opt_text(1)?, r.opt_int(2)?))))
                .collect::<Result<_, StoreError>>()?;
            conn.execute(
                "UPDATE manifest SET revision = ?, status = ?, message = ?, updated_at = ?, departure = ?, \
                 departure_time = ?, arrival = ?, arrival_time = ?, arrival_date = ?, arrival_at = ? WHERE id = ?",
                &[
                    (expected + 1).into(),
                    (&w.status).into(),
                    w.message.to_string().into(),
                    at.into(),
                    w.departure.clone().into(),
                    w.departure_time.clone().into(),
                    (&w.arrival).into(),
                    w.arrival_time.clone().into(),
                    (&w.arrival_date).into(),
                    w.arrival_at.into(),
                    (&w.id).into(),
                ],
            )
            .await?;
            conn.execute("DELETE FROM manifest_person WHERE manifest_id = ?", &[(&w.id).into()]).await?;
            expected + 1
        }
    };
    for s in &w.sources {
        insert_source(conn, &w.id, s, actor, at).await?;
    }
    for p in &w.persons {
        let arrival = p.carry_from.and_then(|old| carried.iter().find(|(i, _)| *i == old).map(|(_, a)| a));
        insert_person(conn, &w.id, p, arrival).await?;
    }
    Ok(SavedManifest { id: w.id.clone(), revision, created: w.revision.is_none() })
}

/// Adds `days` to a `YYYY-MM-DD` day.
fn shift_day(day: &str, days: i64) -> Option<String> {
    use jiff::ToSpan;
    let d: jiff::civil::Date = day.parse().ok()?;
    d.checked_add(days.days()).ok().map(|d| d.to_string())
}

/// A candidate person for the arrival link.
struct Candidate {
    manifest_id: String,
    idx: i64,
    linked: bool,
    verdict: String,
    carrier: String,
    flight: String,
    arrival_at: Option<Timestamp>,
    document: Option<String>,
}

async fn candidates(
    conn: &mut dyn Conn,
    condition: &str,
    port: &str,
    days: &[String],
    args: Vec<Value>,
) -> Result<Vec<Candidate>, StoreError> {
    let sql = format!(
        "SELECT p.manifest_id, p.idx, p.inspection_id, p.verdict, m.carrier, m.flight, m.arrival_at, p.document \
         FROM manifest_person p JOIN manifest m ON m.id = p.manifest_id \
         WHERE m.arrival = ? AND m.arrival_date IN ({}) AND m.status <> 'cancelled' AND {condition} LIMIT 50",
        vec!["?"; days.len()].join(", ")
    );
    let mut all: Vec<Value> = vec![port.into()];
    all.extend(days.iter().map(Value::from));
    all.extend(args);
    conn.fetch(&sql, &all)
        .await?
        .iter()
        .map(|r| {
            Ok(Candidate {
                manifest_id: r.text(0)?,
                idx: r.int(1)?,
                linked: r.opt_text(2)?.is_some(),
                verdict: r.text(3)?,
                carrier: r.text(4)?,
                flight: r.text(5)?,
                arrival_at: r.opt_timestamp(6)?,
                document: r.opt_text(7)?,
            })
        })
        .collect()
}

/// The carrier code and number of the flight a traveller named (`MU552`, or `MU` and `552`).
fn named_flight(carrier: Option<&str>, flight: Option<&str>) -> Option<(String, String)> {
    let flight = flight.map(|f| f.trim().to_ascii_uppercase().replace(' ', "")).filter(|f| !f.is_empty())?;
    let carrier = carrier.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    match carrier {
        Some(c) => {
            let number = flight.strip_prefix(c.as_str()).unwrap_or(&flight).to_owned();
            Some((c, number))
        }
        // Without a carrier, the designator is the first two characters (IATA airline codes).
        None if flight.len() > 2 => {
            let (c, n) = flight.split_at(2);
            Some((c.to_owned(), n.to_owned()))
        }
        None => None,
    }
}

impl Store {
    /// The arrival port of a stored list (no personal data), so a reader's scope can be checked before
    /// the audited read.
    pub async fn manifest_arrival_port(&self, id: &str) -> Result<Option<String>, StoreError> {
        let row = self.reader().fetch_opt("SELECT arrival FROM manifest WHERE id = ?", &[id.into()]).await?;
        row.map(|r| r.opt_text(0).map(Option::unwrap_or_default)).transpose()
    }

    /// The stored list of a flight, to apply an update to: read by the ingest on behalf of the carrier
    /// that sent the list, whose update is then audited as `manifest.update` (the read shows nobody
    /// anything).
    pub async fn manifest_by_flight(
        &self,
        carrier: &str,
        flight: &str,
        flight_date: &str,
        kind: &str,
    ) -> Result<Option<StoredManifest>, StoreError> {
        let mut conn = self.reader();
        let Some(r) = conn
            .fetch_opt(
                "SELECT id, revision, status, raw, message FROM manifest WHERE carrier = ? AND flight = ? \
                 AND flight_date = ? AND kind = ?",
                &[carrier.into(), flight.into(), flight_date.into(), kind.into()],
            )
            .await?
        else {
            return Ok(None);
        };
        let id = r.text(0)?;
        let persons = persons_of(conn.as_mut(), &id, false).await?;
        let next_seq = conn
            .fetch_one(
                "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM manifest_source WHERE manifest_id = ?",
                &[(&id).into()],
            )
            .await?
            .int(0)?;
        Ok(Some(StoredManifest {
            revision: r.int(1)?,
            status: r.text(2)?,
            raw: r.text(3)?,
            message: r.json(4)?,
            persons,
            next_seq,
            id,
        }))
    }

    /// Saves the lists of one interchange — new ones and updates of stored ones — with their persons and
    /// verdicts in one transaction, audited as `manifest.submit` (a new list) or `manifest.update` with
    /// the counts of each verdict. All or nothing: one conflict refuses every list.
    pub async fn save_manifests(
        &self,
        actor: &Principal,
        at: Timestamp,
        writes: Vec<ManifestWrite>,
    ) -> Result<Vec<SavedManifest>, StoreError> {
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let mut saved = Vec::with_capacity(writes.len());
                for w in &writes {
                    let s = save_one(tx.conn(), &actor, at, w).await?;
                    let count = |v: &str| w.persons.iter().filter(|p| p.verdict == v).count();
                    let action = if s.created { "manifest.submit" } else { "manifest.update" };
                    let ev = AuditEvent::new(action, format!("manifest:{}", w.id)).with_detail(json!({
                        "carrier": w.carrier, "flight": w.flight, "flight_date": w.flight_date,
                        "arrival": w.arrival, "kind": w.kind, "status": w.status,
                        "functions": w.sources.iter().map(|s| s.function.as_str()).collect::<Vec<_>>(),
                        "interchange": w.sources.first().map(|s| s.interchange.as_str()), "revision": s.revision,
                        "persons": w.persons.len(), "board": count("board"), "no_board": count("no-board"),
                        "refer": count("refer"), "change": w.change,
                    }));
                    tx.audit(&actor, at, &ev).await?;
                    saved.push(s);
                }
                Ok(saved)
            })
        })
        .await
    }

    /// The lists of flights arriving at `ports` (every port when `None`) on the local day `date`, with
    /// their counts, in order of arrival; audited as `manifests.list`.
    pub async fn flights(
        &self,
        actor: &Principal,
        ports: Option<Vec<String>>,
        date: &str,
        now: Timestamp,
    ) -> Result<Vec<FlightSummary>, StoreError> {
        let actor = actor.clone();
        let date = date.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let mut sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM manifest m LEFT JOIN manifest_person p ON p.manifest_id = m.id \
                     WHERE m.arrival_date = ?"
                );
                let mut args: Vec<Value> = vec![(now - NO_SHOW_AFTER).into(), (&date).into()];
                if let Some(ports) = &ports {
                    if ports.is_empty() {
                        return Ok(Vec::new());
                    }
                    sql.push_str(&format!(" AND m.arrival IN ({})", vec!["?"; ports.len()].join(", ")));
                    args.extend(ports.iter().map(Value::from));
                }
                sql.push_str(" GROUP BY m.id ORDER BY m.arrival_at, m.carrier, m.flight, m.kind LIMIT 1000");
                let out = tx.conn().fetch(&sql, &args).await?.iter().map(summary_from).collect::<Result<Vec<_>, _>>()?;
                let ev = AuditEvent::new("manifests.list", format!("flights:{date}"))
                    .with_detail(json!({ "date": date, "ports": ports, "results": out.len() }));
                tx.audit(&actor, now, &ev).await?;
                Ok(out)
            })
        })
        .await
    }

    /// One flight's list: the persons with their verdicts and arrival status, the unmanifested arrivals
    /// and the messages received; read and audited (`manifest.read`, with the stated purpose) in one
    /// transaction. `now` decides who counts as a no-show.
    pub async fn flight(
        &self,
        actor: &Principal,
        id: &str,
        now: Timestamp,
        purpose: Option<String>,
    ) -> Result<Option<FlightRecord>, StoreError> {
        let actor = actor.clone();
        let id = id.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let Some(flight) = summary(tx.conn(), &id, now).await? else { return Ok(None) };
                let no_show = is_no_show(flight.arrival_at, now);
                let persons = persons_of(tx.conn(), &id, no_show).await?.into_iter().map(|(p, _)| p).collect();
                let unmanifested = tx
                    .conn()
                    .fetch(
                        "SELECT u.inspection_id, u.at, i.traveller_id, t.nationality, t.name_key, i.decision \
                         FROM manifest_unmanifested u LEFT JOIN inspection i ON i.id = u.inspection_id \
                         LEFT JOIN traveller t ON t.id = i.traveller_id WHERE u.manifest_id = ? ORDER BY u.at",
                        &[(&id).into()],
                    )
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(UnmanifestedArrival {
                            inspection_id: r.text(0)?,
                            at: r.timestamp(1)?,
                            traveller_id: r.opt_text(2)?,
                            nationality: r.opt_text(3)?,
                            name_key: r.opt_text(4)?,
                            decision: r.opt_text(5)?,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let sources = tx
                    .conn()
                    .fetch(
                        "SELECT seq, received_at, function, function_code, interchange FROM manifest_source \
                         WHERE manifest_id = ? ORDER BY seq",
                        &[(&id).into()],
                    )
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(SourceSummary {
                            seq: r.int(0)?,
                            received_at: r.timestamp(1)?,
                            function: r.text(2)?,
                            function_code: r.opt_text(3)?,
                            interchange: r.text(4)?,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let ev = AuditEvent::new("manifest.read", format!("manifest:{id}")).with_purpose(purpose);
                tx.audit(&actor, now, &ev).await?;
                Ok(Some(FlightRecord { flight, persons, unmanifested, sources }))
            })
        })
        .await
    }

    /// One person of a flight's list with the message it came from (every segment, to show the person's
    /// own highlighted); audited as `manifest.person.read`.
    pub async fn flight_person(
        &self,
        actor: &Principal,
        id: &str,
        idx: i64,
        now: Timestamp,
    ) -> Result<Option<FlightPerson>, StoreError> {
        let actor = actor.clone();
        let id = id.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let Some(flight) = summary(tx.conn(), &id, now).await? else { return Ok(None) };
                let no_show = is_no_show(flight.arrival_at, now);
                let Some(row) = tx
                    .conn()
                    .fetch_opt(
                        &format!("SELECT {PERSON_COLUMNS} FROM manifest_person WHERE manifest_id = ? AND idx = ?"),
                        &[(&id).into(), idx.into()],
                    )
                    .await?
                else {
                    return Ok(None);
                };
                let (person, sent) = person_from(&row, no_show)?;
                let source = match person.source_seq {
                    Some(seq) => tx
                        .conn()
                        .fetch_opt(
                            "SELECT seq, received_at, function, function_code, interchange, first_segment, segments \
                             FROM manifest_source WHERE manifest_id = ? AND seq = ?",
                            &[(&id).into(), seq.into()],
                        )
                        .await?
                        .map(|r| {
                            Ok::<_, StoreError>(SourceRecord {
                                seq: r.int(0)?,
                                received_at: r.timestamp(1)?,
                                function: r.text(2)?,
                                function_code: r.opt_text(3)?,
                                interchange: r.text(4)?,
                                first_segment: r.int(5)?,
                                segments: r.json(6)?,
                            })
                        })
                        .transpose()?,
                    None => None,
                };
                let ev = AuditEvent::new("manifest.person.read", format!("manifest:{id}"))
                    .with_detail(json!({ "person": idx }));
                tx.audit(&actor, now, &ev).await?;
                Ok(Some(FlightPerson { flight, person, sent, source }))
            })
        })
        .await
    }

    /// Links an inspection to the person expected on a flight arriving at its port (the local day of
    /// the inspection, or the day before or after): by document number and issuing country, else by
    /// name key and full birth date; a person not yet linked comes first, then the flight the traveller
    /// named, then the closest arrival. A traveller who named a manifested flight but matches nobody is
    /// recorded as an unmanifested arrival. Audited as `manifest.arrival` when anything is recorded.
    ///
    /// Most inspections concern no manifest (land crossings, flights without one): a read-only look on a
    /// reader connection settles those without a writer transaction; the writer looks again before it
    /// writes, so a concurrent update of the list is never lost.
    pub async fn link_arrival(
        &self,
        actor: &Principal,
        link: ArrivalLink,
    ) -> Result<ArrivalMatch, StoreError> {
        if find_link(self.reader().as_mut(), &link).await?.is_none() {
            return Ok(ArrivalMatch::None);
        }
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let Some(found) = find_link(tx.conn(), &link).await? else { return Ok(ArrivalMatch::None) };
                match found {
                    Found::Person { manifest_id, idx, verdict, matched_by } => {
                        tx.conn()
                            .execute(
                                "UPDATE manifest_person SET inspection_id = ?, arrived_at = ? WHERE manifest_id = ? \
                                 AND idx = ? AND inspection_id IS NULL",
                                &[(&link.inspection_id).into(), link.at.into(), (&manifest_id).into(), idx.into()],
                            )
                            .await?;
                        let ev = AuditEvent::new("manifest.arrival", format!("manifest:{manifest_id}")).with_detail(
                            json!({ "person": idx, "inspection": link.inspection_id, "matched_by": matched_by }),
                        );
                        tx.audit(&actor, link.at, &ev).await?;
                        Ok(ArrivalMatch::Manifested { manifest_id, idx, verdict, matched_by })
                    }
                    Found::Flight { manifest_id } => {
                        tx.conn()
                            .execute(
                                "INSERT INTO manifest_unmanifested (manifest_id, inspection_id, at) VALUES (?, ?, ?) \
                                 ON CONFLICT (manifest_id, inspection_id) DO NOTHING",
                                &[(&manifest_id).into(), (&link.inspection_id).into(), link.at.into()],
                            )
                            .await?;
                        let ev = AuditEvent::new("manifest.arrival", format!("manifest:{manifest_id}")).with_detail(
                            json!({ "person": null, "inspection": link.inspection_id, "matched_by": "unmanifested" }),
                        );
                        tx.audit(&actor, link.at, &ev).await?;
                        Ok(ArrivalMatch::Unmanifested { manifest_id })
                    }
                }
            })
        })
        .await
    }
}

/// What an inspection links to.
enum Found {
    /// A person on a list.
    Person { manifest_id: String, idx: i64, verdict: String, matched_by: &'static str },
    /// The list of the flight the traveller named, who is not on it.
    Flight { manifest_id: String },
}

/// Finds what `link` links to (see [`Store::link_arrival`]); reads only.
async fn find_link(conn: &mut dyn Conn, link: &ArrivalLink) -> Result<Option<Found>, StoreError> {
    let day = crate::local_day(link.at, &link.time_zone);
    let days: Vec<String> =
        [shift_day(&day, -1), Some(day.clone()), shift_day(&day, 1)].into_iter().flatten().collect();
    let named = named_flight(link.carrier.as_deref(), link.flight.as_deref());
    // One read finds both ways a person can be on a list: by document, and by name and birth date; a
    // document match is preferred.
    let number = link.document.as_deref().map(normalize_document).filter(|n| !n.is_empty());
    let mut conditions: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(number) = &number {
        // A list that names no issuing country matches on the number alone.
        match link.issuer.as_deref().map(normalize_issuer) {
            Some(issuer) => {
                conditions.push("(p.document = ? AND (p.issuer IS NULL OR p.issuer = ?))");
                args.extend([number.into(), issuer.into()]);
            }
            None => {
                conditions.push("p.document = ?");
                args.push(number.into());
            }
        }
    }
    if let (Some(name), Some(dob)) = (&link.name_key, &link.birth_date) {
        conditions.push("(p.name_key = ? AND p.birth_date = ?)");
        args.extend([name.into(), dob.into()]);
    }
    let mut found = if conditions.is_empty() {
        Vec::new()
    } else {
        candidates(conn, &format!("({})", conditions.join(" OR ")), &link.port, &days, args).await?
    };
    let by_document =
        |c: &Candidate| number.as_ref().is_some_and(|n| c.document.as_deref() == Some(n.as_str()));
    let matched_by = if found.iter().any(by_document) {
        found.retain(by_document);
        "document"
    } else {
        "name-birth-date"
    };
    let is_named = |c: &Candidate| named.as_ref().is_some_and(|(nc, nf)| *nc == c.carrier && *nf == c.flight);
    found.sort_by_key(|c| {
        (c.linked, !is_named(c), c.arrival_at.map_or(i64::MAX, |a| a.duration_since(link.at).as_secs().abs()))
    });
    if let Some(best) = found.into_iter().next() {
        return Ok(Some(Found::Person {
            manifest_id: best.manifest_id,
            idx: best.idx,
            verdict: best.verdict,
            matched_by,
        }));
    }
    let Some((carrier, number)) = named else { return Ok(None) };
    let sql = format!(
        "SELECT id FROM manifest WHERE carrier = ? AND flight = ? AND arrival = ? AND kind = 'passenger' \
         AND status <> 'cancelled' AND arrival_date IN ({}) ORDER BY arrival_date LIMIT 1",
        vec!["?"; days.len()].join(", ")
    );
    let mut args: Vec<Value> = vec![carrier.into(), number.into(), (&link.port).into()];
    args.extend(days.iter().map(Value::from));
    let row = conn.fetch_opt(&sql, &args).await?;
    row.map(|r| Ok(Found::Flight { manifest_id: r.text(0)? })).transpose()
}

#[cfg(test)]
mod tests {
    #[test]
    fn named_flights_and_codes() {
        use super::*;
        assert_eq!(named_flight(Some("mu"), Some("MU 552")), Some(("MU".into(), "552".into())));
        assert_eq!(named_flight(Some("MU"), Some("552")), Some(("MU".into(), "552".into())));
        assert_eq!(named_flight(None, Some("zz123")), Some(("ZZ".into(), "123".into())));
        assert_eq!(named_flight(Some("MU"), None), None);
        assert_eq!(normalize_issuer("D<<"), "DEU");
        assert_eq!(normalize_document(" e12-34 "), "E1234");
        assert_eq!(shift_day("2026-03-01", -1).as_deref(), Some("2026-02-28"));
    }
}
