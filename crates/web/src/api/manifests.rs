//! Passenger and crew manifests over HTTP: carriers send PAXLST interchanges and get, per person, the
//! pre-arrival advice `board`, `no-board` or `refer` (JSON, or a CUSRES message); officers read the
//! flights arriving at their ports and each flight's list; every inspection at a port is linked to the
//! list it was expected on (the arrival link).
//!
//! `POST /api/v1/manifests` (capability `SubmitManifests`, carriers for their own carrier code):
//! 1. the body (`application/edifact` or `text/plain`, up to `WebConfig::manifest_limit`) is parsed by
//!    `paxlst`; count mismatches are warnings (errors with `?strict=true`), and an interchange with any
//!    error is refused whole with 422, naming the segment — nothing of it is stored;
//! 2. each message's flight must be flown by the caller's carrier (403 otherwise);
//! 3. a message for a list already stored (same carrier, flight number, departure day, passengers or
//!    crew) is an update: `paxlst::apply` gives the new list; an original message replaces it; a
//!    continuation part of a split manifest (UNH sequence above 1) adds its persons;
//! 4. every person who is new or changed is decided by `clearance::prearrival_all` (watchlist and the
//!    entry rules of the arrival port; the verdict rules are in the `clearance` crate's `prearrival`
//!    module); unchanged persons keep their earlier decision;
//! 5. the interchange's lists are saved in one audited transaction (`store::Store::save_manifests`).
//!
//! The answer names, for each person sent, the verdict, the reasons (code, plain message, legal basis for
//! `no-board`) and `hits`: opaque references the carrier quotes when it contacts the authority. Which
//! watchlist entry matched is shown to officers only (`GET /api/v1/flights/{id}`), never to carriers.
//!
//! The arrival link runs after an inspection is recorded ([`link_arrival`], called from
//! `run_inspection`), not inside the inspection's transaction, because it needs the flight the traveller
//! named at the desk (`travel.carrier`/`travel.flight`), which the stored inspection does not carry, and
//! because a crossing must never fail for want of a manifest: a failed link is logged and the inspection
//! stands.

use std::collections::HashMap;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clearance::{ArrivingFlight, InspectionRequest, PreArrival};
use domain::{Direction, Principal};
use jiff::Timestamp;
use paxlst::{Decision, ListType, LocalDateTime, Message, MessageFunction, Person};
use serde::Deserialize;
use serde_json::{Value, json};
use store::{
    ArrivalLink, ArrivalMatch, ManifestChange, ManifestPersonWrite, ManifestSourceWrite, ManifestWrite,
};

use crate::App;
use crate::api::mrz::{parse_day, today_in_china};
use crate::auth::Can;
use crate::auth::caps::{ReadManifests, SubmitManifests};
use crate::auth::secrets::new_id;
use crate::error::{ApiError, ApiResult, Code};
use crate::json::{Json, Query};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/manifests", post(submit))
        .route("/api/v1/flights", get(flights))
        .route("/api/v1/flights/{id}", get(flight))
}

/// Why an interchange is not taken.
#[derive(Debug)]
pub enum IngestError {
    /// Refused for a reason with a stable code (403, 409, 413, 415, 422, 503).
    Api(ApiError),
    /// The interchange is garbled (or, in strict mode, its counts are wrong): the errors, each with its
    /// segment, and the warnings.
    Garbled { message: String, errors: Vec<paxlst::Issue>, warnings: Vec<paxlst::Issue> },
}

impl From<ApiError> for IngestError {
    fn from(e: ApiError) -> Self {
        IngestError::Api(e)
    }
}

impl From<store::StoreError> for IngestError {
    fn from(e: store::StoreError) -> Self {
        IngestError::Api(e.into())
    }
}

impl IntoResponse for IngestError {
    fn into_response(self) -> Response {
        match self {
            IngestError::Api(e) => e.into_response(),
            IngestError::Garbled { message, errors, warnings } => {
                let mut body = ApiError::invalid(message).body();
                body["errors"] = json!(errors);
                body["warnings"] = json!(warnings);
                (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
            }
        }
    }
}

fn refuse(message: impl Into<String>) -> IngestError {
    IngestError::Api(ApiError::invalid(message))
}

/// A person of a list being built: the person, the decision it already has (kept from the store when
/// the person did not change), where it came from, and its index before the update.
#[derive(Debug, Clone)]
struct PersonState {
    person: Person,
    decided: Option<Decided>,
    source_seq: i64,
    carry_from: Option<i64>,
}

/// A decision as stored.
#[derive(Debug, Clone)]
struct Decided {
    verdict: String,
    reasons: Value,
    hits: Value,
    detail: Value,
    source_seq: i64,
    segments: [i64; 2],
}

/// One list touched by the interchange.
struct Work {
    id: String,
    revision: Option<i64>,
    carrier: String,
    number: String,
    flight_date: String,
    kind: ListType,
    status: String,
    reference: String,
    raw: String,
    message: Message,
    persons: Vec<PersonState>,
    sources: Vec<ManifestSourceWrite>,
    next_seq: i64,
    change: ManifestChange,
}

/// One message of the interchange and the list it went to.
struct Sent {
    work: usize,
    message: Message,
}

fn kind_str(k: ListType) -> &'static str {
    match k {
        ListType::Passenger => "passenger",
        ListType::Crew => "crew",
    }
}

fn text_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The segments of the interchange as sent, by number: the text of each (terminator included).
fn segment_texts(input: &[u8]) -> HashMap<u32, String> {
    let mut out = HashMap::new();
    let Ok(tokens) = edifact::Tokenizer::new(input) else { return out };
    for seg in tokens.flatten() {
        let bytes = input.get(seg.offset()..seg.end()).unwrap_or_default();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_owned(),
            // UNOC and the like: Latin-1, byte for character.
            Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
        };
        out.insert(seg.number(), text);
    }
    out
}

/// The message's own segments (UNH … UNT).
fn message_segments(all: &HashMap<u32, String>, m: &Message) -> Vec<String> {
    (m.segments[0]..=m.segments[1]).filter_map(|n| all.get(&n).cloned()).collect()
}

fn travel_document(p: &Person) -> Option<&paxlst::Document> {
    p.documents.iter().find(|d| !d.doc_type.eq_ignore_ascii_case("V"))
}

/// Rebuilds the person states after an update: unchanged persons keep their decision, changed ones
/// (the same traveller sent again) keep only their arrival link, new ones start afresh.
fn restate(before: &[PersonState], after: &[Person], seq: i64) -> Vec<PersonState> {
    after
        .iter()
        .map(|q| {
            if let Some(s) = before.iter().find(|s| s.person == *q) {
                return s.clone();
            }
            let carry_from =
                before.iter().find(|s| paxlst::same_person(&s.person, q)).and_then(|s| s.carry_from);
            PersonState { person: q.clone(), decided: None, source_seq: seq, carry_from }
        })
        .collect()
}

/// Reads the carrier's interchange and the stored lists it updates; decides; saves. The caller has
/// checked the capability; this checks the carrier scope.
pub async fn ingest(app: &App, who: &Principal, input: &[u8], strict: bool) -> Result<Value, IngestError> {
    let carrier = who
        .scope
        .carrier
        .as_deref()
        .map(str::to_ascii_uppercase)
        .ok_or_else(|| ApiError::forbidden("your account is not scoped to a carrier"))?;
    let now = app.clock.now();
    let report = paxlst::parse(input, &paxlst::Options { strict, today: today_in_china(now) });
    if let Some(first) = report.errors.first() {
        let more = report.errors.len() - 1;
        let tail = if more > 0 { format!(" (and {more} more error(s))") } else { String::new() };
        return Err(IngestError::Garbled {
            message: format!("the interchange is refused, nothing of it was stored: {first}{tail}"),
            errors: report.errors,
            warnings: report.warnings,
        });
    }
    if report.messages.is_empty() {
        return Err(refuse("the interchange holds no PAXLST message (UNH … UNT)"));
    }
    let segments = segment_texts(input);
    let control_reference = report.interchange.control_reference.clone();
    let mut works: Vec<Work> = Vec::new();
    let mut sent: Vec<Sent> = Vec::new();
    for m in &report.messages {
        let at_segment = m.segments[0];
        let flight = clearance::arriving_flight(m, now).ok_or_else(|| {
            refuse(format!("message {} (segment {at_segment}, UNH): no flight is given (TDT)", m.reference))
        })?;
        if !flight.carrier.eq_ignore_ascii_case(&carrier) {
            return Err(ApiError::forbidden(format!(
                "message {} is for a flight of carrier {}; your account sends manifests for {carrier}",
                m.reference, flight.carrier
            ))
            .into());
        }
        let flight_date = flight.departure_day().to_string();
        let key = |w: &Work| {
            w.carrier == carrier
                && w.number == flight.number
                && w.flight_date == flight_date
                && w.kind == m.list_type
        };
        let wi = match works.iter().position(key) {
            Some(i) => i,
            None => {
                let stored = app
                    .store
                    .manifest_by_flight(&carrier, &flight.number, &flight_date, kind_str(m.list_type))
                    .await?;
                let work = match stored {
                    Some(s) => {
                        let message: Message = serde_json::from_value(s.message.clone()).map_err(|e| {
                            ApiError::new(
                                Code::Internal,
                                format!("stored manifest {} cannot be read: {e}", s.id),
                            )
                        })?;
                        let persons = s
                            .persons
                            .iter()
                            .filter_map(|(rec, json)| {
                                let person: Person = serde_json::from_value(json.clone()).ok()?;
                                Some(PersonState {
                                    person,
                                    decided: Some(Decided {
                                        verdict: rec.verdict.clone(),
                                        reasons: rec.reasons.clone(),
                                        hits: rec.hits.clone(),
                                        detail: rec.detail.clone(),
                                        source_seq: rec.source_seq.unwrap_or(1),
                                        segments: rec.segments,
                                    }),
                                    source_seq: rec.source_seq.unwrap_or(1),
                                    carry_from: Some(rec.idx),
                                })
                            })
                            .collect();
                        Work {
                            id: s.id,
                            revision: Some(s.revision),
                            carrier: carrier.clone(),
                            number: flight.number.clone(),
                            flight_date: flight_date.clone(),
                            kind: m.list_type,
                            status: s.status,
                            reference: m.reference.clone(),
                            raw: s.raw,
                            message,
                            persons,
                            sources: Vec::new(),
                            next_seq: s.next_seq,
                            change: ManifestChange::default(),
                        }
                    }
                    None => {
                        let removes = matches!(
                            m.message_function,
                            MessageFunction::Cancel | MessageFunction::Reduction
                        ) || m.function_code.as_deref() == Some("CLNB");
                        if removes {
                            return Err(refuse(format!(
                                "message {} (segment {at_segment}) removes persons from the {} list of flight {}{} \
                                 on {flight_date}, which was never received",
                                m.reference,
                                kind_str(m.list_type),
                                flight.carrier,
                                flight.number
                            )));
                        }
                        let mut empty = m.clone();
                        empty.persons.clear();
                        Work {
                            id: new_id(),
                            revision: None,
                            carrier: carrier.clone(),
                            number: flight.number.clone(),
                            flight_date: flight_date.clone(),
                            kind: m.list_type,
                            status: "open".into(),
                            reference: m.reference.clone(),
                            raw: message_segments(&segments, m).concat(),
                            message: empty,
                            persons: Vec::new(),
                            sources: Vec::new(),
                            next_seq: 1,
                            change: ManifestChange::default(),
                        }
                    }
                };
                works.push(work);
                works.len() - 1
            }
        };
        let w = works.get_mut(wi).ok_or_else(|| ApiError::new(Code::Internal, "lost a manifest"))?;
        // A continuation part of a split manifest adds its persons to the parts before it.
        let continuation = m.message_function == MessageFunction::Original
            && m.sequence.as_ref().is_some_and(|s| s.number.trim_start_matches('0') != "1");
        let mut effective = m.clone();
        if continuation {
            effective.message_function = MessageFunction::Change;
            effective.function_code = None;
        }
        let applied = paxlst::apply(&w.message, &effective)
            .map_err(|e| refuse(format!("message {} (segment {at_segment}): {e}", m.reference)))?;
        let seq = w.next_seq;
        w.next_seq += 1;
        w.persons = restate(&w.persons, &applied.message.persons, seq);
        w.change.added += applied.added as u64;
        w.change.replaced += applied.replaced as u64;
        w.change.removed += applied.removed as u64;
        w.status = if applied.cancelled {
            "cancelled".into()
        } else if applied.closed {
            "closed".into()
        } else if m.message_function == MessageFunction::Original && !continuation {
            "open".into()
        } else {
            w.status.clone()
        };
        w.message = applied.message;
        w.sources.push(ManifestSourceWrite {
            seq,
            function: text_of(&m.message_function),
            function_code: m.function_code.clone(),
            interchange: control_reference.clone(),
            first_segment: i64::from(at_segment),
            segments: message_segments(&segments, m),
        });
        // A changed flight (CF) must still be the caller's.
        let after = clearance::arriving_flight(&w.message, now);
        if after.as_ref().is_some_and(|f| !f.carrier.eq_ignore_ascii_case(&carrier)) {
            return Err(ApiError::forbidden(format!(
                "message {} changes the flight to another carrier's; your account sends manifests for {carrier}",
                m.reference
            ))
            .into());
        }
        sent.push(Sent { work: wi, message: m.clone() });
    }

    // Decide every new or changed person, off the async workers (a large list against a large
    // watchlist takes tens of milliseconds).
    let jobs: Vec<(ArrivingFlight, Vec<Person>)> = works
        .iter()
        .map(|w| {
            let flight =
                clearance::arriving_flight(&w.message, now).unwrap_or_else(|| fallback_flight(w, now));
            let todo = w.persons.iter().filter(|p| p.decided.is_none()).map(|p| p.person.clone()).collect();
            (flight, todo)
        })
        .collect();
    let decider = app.clone();
    let decided: Vec<(ArrivingFlight, Vec<PreArrival>)> = tokio::task::spawn_blocking(move || {
        let index =
            decider.watchlist.read().map_err(|_| ApiError::new(Code::Internal, "watchlist lock poisoned"))?;
        let engines = clearance::Engines {
            rules: &decider.rules,
            watchlist: &index,
            matching: &decider.config.matching,
            egate: decider.config.egate,
        };
        // A long list is decided on every core; the answers keep the list's order.
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Ok::<_, ApiError>(
            jobs.into_iter()
                .map(|(flight, persons)| {
                    let threads = if persons.len() >= 64 { threads } else { 1 };
                    let out = clearance::prearrival_parallel(&persons, &flight, &engines, threads);
                    (flight, out)
                })
                .collect(),
        )
    })
    .await
    .map_err(|_| ApiError::new(Code::Internal, "the screening task failed"))??;

    let mut writes = Vec::with_capacity(works.len());
    for (w, (flight, outcomes)) in works.iter_mut().zip(decided) {
        let mut outcomes = outcomes.into_iter();
        for p in w.persons.iter_mut().filter(|p| p.decided.is_none()) {
            let Some(d) = outcomes.next() else { break };
            p.decided = Some(Decided {
                verdict: text_of(&d.verdict),
                reasons: json!(d.reasons),
                hits: json!(d.hits),
                detail: json!({
                    "steps": d.steps, "notices": d.notices, "category": d.category,
                    "carrier": d.for_carrier(), "port": flight.port, "registered": flight.registered,
                }),
                source_seq: p.source_seq,
                segments: [i64::from(p.person.segments[0]), i64::from(p.person.segments[1])],
            });
        }
        writes.push(write_of(w, &flight));
    }
    let saved = app.store.save_manifests(who, now, writes).await?;

    let mut answers = Vec::with_capacity(sent.len());
    for s in &sent {
        let (Some(w), Some(saved)) = (works.get(s.work), saved.get(s.work)) else { continue };
        answers.push(answer_for(w, saved, &s.message));
    }
    Ok(json!({
        "interchange": {
            "sender": report.interchange.sender,
            "recipient": report.interchange.recipient,
            "control_reference": control_reference,
        },
        "warnings": report.warnings,
        "manifests": answers,
    }))
}

/// The flight of a list whose message names none (only possible for lists whose every leg was removed).
fn fallback_flight(w: &Work, now: Timestamp) -> ArrivingFlight {
    ArrivingFlight {
        carrier: w.carrier.clone(),
        number: w.number.clone(),
        departure_port: None,
        departure_local: None,
        port: String::new(),
        registered: false,
        arrival_local: None,
        arrival: now,
    }
}

fn write_of(w: &Work, flight: &ArrivingFlight) -> ManifestWrite {
    let persons = w
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let d = p.decided.clone().unwrap_or(Decided {
                verdict: "refer".into(),
                reasons: json!([]),
                hits: json!([]),
                detail: json!({}),
                source_seq: p.source_seq,
                segments: [0, 0],
            });
            let doc = travel_document(&p.person);
            ManifestPersonWrite {
                idx: i64::try_from(i).unwrap_or(i64::MAX),
                role: text_of(&p.person.role),
                surname: p.person.surname.to_string(),
                given_names: p.person.given_names.as_ref().map(ToString::to_string),
                birth_date: p.person.birth_date.map(|d| d.to_string()),
                nationality: p.person.nationality.as_ref().map(ToString::to_string),
                document: doc.map(|d| d.number.to_string()),
                issuer: doc.and_then(|d| d.issuing_country.as_ref().map(ToString::to_string)),
                name_key: clearance::manifest_name_key(&p.person),
                verdict: d.verdict,
                reasons: d.reasons,
                hits: d.hits,
                detail: d.detail,
                person: json!(p.person),
                source_seq: d.source_seq,
                segments: d.segments,
                carry_from: p.carry_from,
            }
        })
        .collect();
    let local = |t: Option<LocalDateTime>| t.map(|t| t.to_string());
    ManifestWrite {
        id: w.id.clone(),
        revision: w.revision,
        carrier: w.carrier.clone(),
        flight: w.number.clone(),
        flight_date: w.flight_date.clone(),
        departure: flight.departure_port.clone(),
        departure_time: local(flight.departure_local),
        arrival: flight.port.clone(),
        arrival_time: local(flight.arrival_local),
        arrival_date: flight.arrival_day().to_string(),
        arrival_at: flight.arrival_local.map(|_| flight.arrival),
        reference: w.reference.clone(),
        kind: kind_str(w.kind).into(),
        status: w.status.clone(),
        raw: w.raw.clone(),
        message: json!(w.message),
        sources: w.sources.clone(),
        persons,
        change: w.change,
    }
}

/// The carrier's view of one person's decision.
fn carrier_view(flight_id: &str, idx: usize, d: &Decided) -> Value {
    let hits = d.hits.as_array().map_or(0, Vec::len);
    json!({
        "verdict": d.verdict,
        "reasons": d.detail.get("carrier").cloned().unwrap_or_else(|| json!([])),
        "hits": (1..=hits).map(|n| json!({ "reference": format!("{flight_id}/{idx}/{n}") })).collect::<Vec<_>>(),
    })
}

/// The answer for one message: each person sent, found in the list as it now is.
fn answer_for(w: &Work, saved: &store::SavedManifest, m: &Message) -> Value {
    let mut counts = (0, 0, 0);
    let persons: Vec<Value> = m
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let found = w.persons.iter().position(|s| paxlst::same_person(&s.person, p));
            let mut v = json!({
                "index": i,
                "surname": p.surname,
                "given_names": p.given_names,
                "document": travel_document(p).map(|d| d.number.clone()),
                "passenger_reference": p.passenger_reference,
                "segments": p.segments,
            });
            match found.and_then(|j| w.persons.get(j).and_then(|s| s.decided.as_ref()).map(|d| (j, d))) {
                Some((j, d)) => {
                    match d.verdict.as_str() {
                        "board" => counts.0 += 1,
                        "no-board" => counts.1 += 1,
                        _ => counts.2 += 1,
                    }
                    if let (Value::Object(o), Value::Object(c)) = (&mut v, carrier_view(&saved.id, j, d)) {
                        o.extend(c);
                    }
                }
                None => {
                    v["verdict"] = Value::Null;
                    v["removed"] = json!(true);
                }
            }
            v
        })
        .collect();
    json!({
        "flight_id": saved.id,
        "created": saved.created,
        "revision": saved.revision,
        "carrier": w.carrier,
        "flight": w.number,
        "departure_date": w.flight_date,
        "list": kind_str(w.kind),
        "message": m.reference,
        "function": text_of(&m.message_function),
        "function_code": m.function_code,
        "status": w.status,
        "change": w.change,
        "persons_now": w.persons.len(),
        "counts": { "board": counts.0, "no_board": counts.1, "refer": counts.2 },
        "persons": persons,
    })
}

/// The CUSRES answer: one interchange per message answered, from the PAXLST's recipient back to its
/// sender. Persons the message removed get no answer.
pub fn cusres_of(answer: &Value, input: &[u8], now: Timestamp) -> Result<String, ApiError> {
    let report = paxlst::parse(input, &paxlst::Options::lenient(today_in_china(now)));
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC);
    let prepared = LocalDateTime(now.to_zoned(tz).datetime());
    let sender =
        if report.interchange.recipient.is_empty() { "GUOMEN" } else { &report.interchange.recipient };
    let mut out = Vec::new();
    let manifests = answer["manifests"].as_array().cloned().unwrap_or_default();
    for (n, (m, a)) in report.messages.iter().zip(manifests).enumerate() {
        let answers: Vec<paxlst::Answer> = a["persons"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let decision = match p["verdict"].as_str()? {
                    "board" => Decision::Board,
                    "no-board" => Decision::NoBoard,
                    _ => Decision::Refer,
                };
                let reasons = p["reasons"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| {
                        let message = r["message"].as_str()?;
                        Some(match r["legal_basis"].as_str() {
                            Some(b) => format!("{message} ({b})"),
                            None => message.to_owned(),
                        })
                    })
                    .collect();
                Some(paxlst::Answer {
                    person: usize::try_from(p["index"].as_u64()?).ok()?,
                    decision,
                    reasons,
                })
            })
            .collect();
        // UNB 0020 is at most 14 characters.
        let control: String = format!("R{}{n}", now.as_second()).chars().take(14).collect();
        let text = paxlst::cusres(&paxlst::CusresRequest {
            sender,
            recipient: &report.interchange.sender,
            prepared,
            control_reference: &control,
            message: m,
            answers: &answers,
        })
        .map_err(|e| ApiError::new(Code::Internal, format!("cannot write the CUSRES answer: {e}")))?;
        out.push(text);
    }
    Ok(out.join("\n"))
}

#[derive(Deserialize)]
struct SubmitQuery {
    /// `cusres` for an EDIFACT answer; JSON otherwise.
    format: Option<String>,
    /// Count mismatches are errors rather than warnings.
    strict: Option<bool>,
}

async fn submit(
    State(app): State<App>,
    who: Can<SubmitManifests>,
    Query(q): Query<SubmitQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, IngestError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if !matches!(media.as_deref(), Some("application/edifact" | "text/plain")) {
        return Err(ApiError::new(
            Code::UnsupportedMediaType,
            "send the PAXLST interchange as application/edifact or text/plain",
        )
        .into());
    }
    let cusres = match q.format.as_deref() {
        Some("cusres") => true,
        Some("json") => false,
        Some(other) => return Err(refuse(format!("format: {other:?} is not one of json, cusres"))),
        None => headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.to_ascii_lowercase().contains("application/edifact")),
    };
    let limit = app.config.manifest_limit;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError::new(Code::PayloadTooLarge, format!("the manifest is larger than {limit} bytes"))
    })?;
    let answer = ingest(&app, who.principal(), &bytes, q.strict.unwrap_or(false)).await?;
    metrics::counter!("guomen_manifests_total").increment(1);
    if cusres {
        let text = cusres_of(&answer, &bytes, app.clock.now())?;
        let mut resp = text.into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/edifact"));
        return Ok(resp);
    }
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
struct FlightsQuery {
    port: Option<String>,
    date: Option<String>,
}

/// The ports a reader asks for: one port (in the caller's scope), or the caller's ports (officers), or
/// every port (supervisors and investigators).
pub fn reader_ports(who: &Principal, port: Option<&str>) -> ApiResult<Option<Vec<String>>> {
    match port.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            let code = codes::port(p).map_or_else(|| p.to_ascii_uppercase(), |x| x.code.clone());
            if !who.scope.covers_port(who.role, &code) {
                return Err(ApiError::forbidden(format!("your account is not scoped to port {code}")));
            }
            Ok(Some(vec![code]))
        }
        None if who.role.scope_kind() == domain::ScopeKind::Port => Ok(Some(who.scope.ports.clone())),
        None => Ok(None),
    }
}

async fn flights(
    State(app): State<App>,
    who: Can<ReadManifests>,
    Query(q): Query<FlightsQuery>,
) -> ApiResult<Json<Value>> {
    let ports = reader_ports(who.principal(), q.port.as_deref())?;
    let now = app.clock.now();
    let date = match q.date.as_deref() {
        Some(d) => parse_day(d)?,
        None => today_in_china(now),
    };
    let list = app.store.flights(who.principal(), ports, &date.to_string(), now).await?;
    Ok(Json(json!({ "date": date, "flights": list })))
}

#[derive(Deserialize)]
struct FlightQuery {
    purpose: Option<String>,
}

/// A flight's record for a reader in scope (checked before the audited read).
pub async fn flight_record(
    app: &App,
    who: &Principal,
    id: &str,
    purpose: Option<String>,
) -> ApiResult<store::FlightRecord> {
    let port = app
        .store
        .manifest_arrival_port(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no flight manifest {id}")))?;
    if !who.scope.covers_port(who.role, &port) {
        return Err(ApiError::forbidden(format!("your account is not scoped to port {port}")));
    }
    app.store
        .flight(who, id, app.clock.now(), purpose)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no flight manifest {id}")))
}

/// One person of a flight's list with the message it came in, for a reader in scope (audited).
pub async fn flight_person_record(
    app: &App,
    who: &Principal,
    id: &str,
    idx: i64,
) -> ApiResult<store::FlightPerson> {
    let port = app
        .store
        .manifest_arrival_port(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no flight manifest {id}")))?;
    if !who.scope.covers_port(who.role, &port) {
        return Err(ApiError::forbidden(format!("your account is not scoped to port {port}")));
    }
    app.store
        .flight_person(who, id, idx, app.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no person {idx} on flight manifest {id}")))
}

async fn flight(
    State(app): State<App>,
    who: Can<ReadManifests>,
    Path(id): Path<String>,
    Query(q): Query<FlightQuery>,
) -> ApiResult<Json<Value>> {
    let rec = flight_record(&app, who.principal(), &id, q.purpose).await?;
    let idx = |f: &dyn Fn(&store::ManifestPersonRecord) -> bool| {
        rec.persons.iter().filter(|p| f(p)).map(|p| p.idx).collect::<Vec<_>>()
    };
    let flagged = idx(&|p| p.verdict != "board");
    let arrived = idx(&|p| p.status == "arrived");
    let no_shows = idx(&|p| p.status == "no-show");
    Ok(Json(json!({
        "flight": rec.flight,
        "persons": rec.persons,
        "flagged": flagged,
        "arrived": arrived,
        "no_shows": no_shows,
        "unmanifested": rec.unmanifested,
        "sources": rec.sources,
    })))
}

/// Links an inspection at its port to the manifest person it was expected as (entries only), and
/// returns what was found for the answer; `None` when nothing concerns the traveller. A failure is
/// logged (without personal data) and never fails the inspection.
pub async fn link_arrival(
    app: &App,
    who: &Principal,
    req: &InspectionRequest,
    inspection_id: &str,
    at: Timestamp,
    holder: Option<&clearance::HolderFacts>,
) -> Option<Value> {
    if req.direction != Direction::Entry {
        return None;
    }
    let h = holder?;
    let time_zone =
        codes::port(&req.port).map_or_else(|| "Asia/Shanghai".to_owned(), |p| p.time_zone.clone());
    let link = ArrivalLink {
        inspection_id: inspection_id.to_owned(),
        at,
        port: req.port.clone(),
        time_zone,
        document: Some(h.number.clone()),
        issuer: Some(h.issuer.clone()),
        name_key: Some(h.name_key.clone()),
        birth_date: h.birth_date.clone(),
        carrier: req.travel.carrier.clone(),
        flight: req.travel.flight.clone(),
    };
    match app.store.link_arrival(who, link).await {
        Ok(ArrivalMatch::None) => None,
        Ok(m) => Some(json!(m)),
        Err(e) => {
            tracing::warn!(error = %e, "the arrival link failed; the inspection stands");
            None
        }
    }
}

/// The OpenAPI operations of this module.
pub fn operations() -> Vec<crate::openapi::Operation> {
    use crate::openapi::{access, operation};
    let str_or_null = json!({ "type": ["string", "null"] });
    let reason = json!({
        "type": "object", "required": ["code", "message"],
        "properties": { "code": { "type": "string" }, "message": { "type": "string" }, "legal_basis": str_or_null }
    });
    let person = json!({
        "type": "object",
        "required": ["index", "verdict", "reasons", "hits", "segments"],
        "properties": {
            "index": { "type": "integer", "description": "the person's position in the message sent" },
            "verdict": { "type": ["string", "null"], "enum": ["board", "no-board", "refer", null] },
            "reasons": { "type": "array", "items": reason },
            "hits": { "type": "array", "description": "opaque references to quote to the authority; the hits are shown to officers only",
                      "items": { "type": "object", "properties": { "reference": { "type": "string" } } } },
            "segments": { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2 },
            "removed": { "type": "boolean" }
        }
    });
    let answer = json!({
        "type": "object",
        "required": ["interchange", "warnings", "manifests"],
        "properties": {
            "interchange": { "type": "object" },
            "warnings": { "type": "array", "items": { "type": "object" } },
            "manifests": { "type": "array", "items": {
                "type": "object",
                "required": ["flight_id", "persons"],
                "properties": { "flight_id": { "type": "string" }, "persons": { "type": "array", "items": person } }
            }}
        }
    });
    let obj = json!({ "type": "object" });
    let mut ops = vec![
        operation(
            "post",
            "/api/v1/manifests",
            "manifests",
            "Send a PAXLST interchange (application/edifact or text/plain): stored, and every person screened before \
             departure — board, no-board or refer with reasons (JSON, or CUSRES with ?format=cusres or Accept: \
             application/edifact); updates apply to the stored list (audited)",
            access::<SubmitManifests>(),
            Some(json!({
                "type": "string",
                "contentMediaType": "application/edifact",
                "description": "the UN/EDIFACT PAXLST interchange (text/plain is accepted too)"
            })),
            (200, answer),
        ),
        operation(
            "get",
            "/api/v1/flights",
            "manifests",
            "Flights arriving at a port on a day, with flagged, arrived, no-show and unmanifested counts (audited)",
            access::<ReadManifests>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "get",
            "/api/v1/flights/{id}",
            "manifests",
            "One flight's list: each person's verdict, reasons, watchlist hits and source segments; arrivals, \
             no-shows and unmanifested arrivals (audited)",
            access::<ReadManifests>(),
            None,
            (200, obj),
        ),
    ];
    for op in &mut ops {
        match op.path {
            "/api/v1/manifests" => {
                op.query = vec![
                    ("format", json!({ "type": "string", "enum": ["json", "cusres"] }), "the answer's form"),
                    ("strict", json!({ "type": "boolean" }), "refuse count mismatches instead of warning"),
                ];
            }
            "/api/v1/flights" => {
                op.query = vec![
                    ("port", json!({ "type": "string" }), "arrival port (default: the caller's ports)"),
                    (
                        "date",
                        json!({ "type": "string", "format": "date" }),
                        "local day of arrival (default today)",
                    ),
                ];
            }
            "/api/v1/flights/{id}" => {
                op.query = vec![("purpose", json!({ "type": "string" }), "why the list is opened (audited)")];
            }
            _ => {}
        }
    }
    ops
}
