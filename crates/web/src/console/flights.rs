//! The arriving-flights pages (`/flights`, `/flights/{id}`, `/flights/{id}/persons/{idx}`): the flights
//! arriving at the officer's ports on a day with their flagged passengers; each flight's list — who was
//! flagged and why, who arrived, the no-shows and the unmanifested arrivals; and each person with the
//! message they came in, the person's own segments highlighted, so a hit can be checked against what the
//! carrier sent.
//!
//! The pages read through [`crate::api::manifests`] and the store's audited reads, so opening a list from
//! the console is recorded exactly like a read through the API.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::Value;
use store::{FlightSummary, ManifestPersonRecord, SourceRecord, UnmanifestedArrival};

use super::{Chrome, ErrorPage, Lang, PageCan, render};
use crate::App;
use crate::api::manifests::{flight_person_record, flight_record, reader_ports};
use crate::api::mrz::{parse_day, today_in_china};
use crate::auth::caps::ReadManifests;
use crate::error::{ApiError, Code};
use crate::json::Query;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/flights", get(list))
        .route("/flights/{id}", get(flight))
        .route("/flights/{id}/persons/{idx}", get(person))
}

/// A flight on the board.
pub struct FlightRow {
    pub id: String,
    pub flight: String,
    pub kind_key: &'static str,
    pub status_key: &'static str,
    pub status_class: &'static str,
    pub from: String,
    pub departs: String,
    pub arrival_port: String,
    pub arrives: String,
    pub persons: i64,
    pub flagged: i64,
    pub no_board: i64,
    pub refer: i64,
    pub hits: i64,
    pub arrived: i64,
    pub no_shows: i64,
    pub unmanifested: i64,
}

fn local(t: Option<&str>) -> String {
    t.map_or_else(|| "—".to_owned(), |t| t.replace('T', " "))
}

impl FlightRow {
    fn new(f: &FlightSummary) -> Self {
        let (status_key, status_class) = match f.status.as_str() {
            "cancelled" => ("flights.status_cancelled", "badge-red"),
            "closed" => ("flights.status_closed", "badge-green"),
            _ => ("flights.status_open", "badge-amber"),
        };
        FlightRow {
            id: f.id.clone(),
            flight: format!("{}{}", f.carrier, f.flight),
            kind_key: if f.kind == "crew" { "flights.kind_crew" } else { "flights.kind_passenger" },
            status_key,
            status_class,
            from: f.departure.clone().unwrap_or_else(|| "—".into()),
            departs: local(f.departure_time.as_deref()),
            arrival_port: f.arrival.clone(),
            arrives: local(f.arrival_time.as_deref()),
            persons: f.persons,
            flagged: f.no_board + f.refer,
            no_board: f.no_board,
            refer: f.refer,
            hits: f.hits,
            arrived: f.arrived,
            no_shows: f.no_shows,
            unmanifested: f.unmanifested,
        }
    }
}

/// A reason in the page's language.
pub struct ReasonRow {
    pub code: String,
    pub message: String,
    pub basis: String,
}

/// A watchlist hit as officers see it.
pub struct HitRow {
    pub entry: String,
    pub list: String,
    pub alert: String,
    pub score: String,
    pub matched_name: String,
    pub summary: String,
}

/// A person of a list.
pub struct PersonRow {
    pub idx: i64,
    pub name: String,
    pub nationality: String,
    pub birth_date: String,
    pub document: String,
    pub role: String,
    pub verdict_key: &'static str,
    pub verdict_class: &'static str,
    pub reasons: Vec<ReasonRow>,
    pub hits: Vec<HitRow>,
    pub source_link: String,
    pub segments: String,
    pub arrived_at: String,
    pub inspection_id: String,
}

fn verdict_view(v: &str) -> (&'static str, &'static str) {
    match v {
        "board" => ("flights.board", "badge-green"),
        "no-board" => ("flights.no_board", "badge-red"),
        _ => ("flights.refer", "badge-amber"),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

impl PersonRow {
    fn new(flight_id: &str, p: &ManifestPersonRecord, lang: Lang) -> Self {
        let (verdict_key, verdict_class) = verdict_view(&p.verdict);
        let reasons = p
            .reasons
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| ReasonRow {
                code: text(r, "code"),
                message: if lang == Lang::Zh { text(r, "message_zh") } else { text(r, "message") },
                basis: text(r, "legal_basis"),
            })
            .collect();
        let hits = p
            .hits
            .as_array()
            .into_iter()
            .flatten()
            .map(|h| HitRow {
                entry: text(h, "id"),
                list: text(h, "list"),
                alert: text(h, "alert_type"),
                score: h.get("score").and_then(Value::as_f64).map_or_else(String::new, |s| format!("{s:.2}")),
                matched_name: text(h, "matched_name"),
                summary: h.get("explanation").map(|e| text(e, "summary")).unwrap_or_default(),
            })
            .collect();
        let name = match (&p.surname, &p.given_names) {
            (Some(s), Some(g)) if !g.is_empty() => format!("{s}, {g}"),
            (Some(s), _) => s.clone(),
            (None, _) => "—".into(),
        };
        let document = match (&p.document, &p.issuer) {
            (Some(d), Some(i)) => format!("{d} ({i})"),
            (Some(d), None) => d.clone(),
            _ => "—".into(),
        };
        PersonRow {
            idx: p.idx,
            name,
            nationality: p.nationality.clone().unwrap_or_else(|| "—".into()),
            birth_date: p.birth_date.clone().unwrap_or_else(|| "—".into()),
            document,
            role: p.role.clone().unwrap_or_default(),
            verdict_key,
            verdict_class,
            reasons,
            hits,
            source_link: format!("/flights/{flight_id}/persons/{}#seg-{}", p.idx, p.segments[0]),
            segments: format!("{}–{}", p.segments[0], p.segments[1]),
            arrived_at: p.arrived_at.map(local_time).unwrap_or_default(),
            inspection_id: p.inspection_id.clone().unwrap_or_default(),
        }
    }
}

/// An instant as local time in China, to the minute.
fn local_time(t: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string()
}

/// An unmanifested arrival.
pub struct UnmanifestedRow {
    pub inspection_id: String,
    pub at: String,
    pub nationality: String,
    pub name: String,
    pub decision: String,
}

impl UnmanifestedRow {
    fn new(u: &UnmanifestedArrival) -> Self {
        UnmanifestedRow {
            inspection_id: u.inspection_id.clone(),
            at: local_time(u.at),
            nationality: u.nationality.clone().unwrap_or_else(|| "—".into()),
            name: u
                .name_key
                .as_deref()
                .map_or_else(|| "—".into(), |n| n.replace("<<", ", ").replace('<', " ")),
            decision: u.decision.clone().unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "flights.html")]
struct FlightsPage {
    chrome: Chrome,
    port: String,
    ports: Vec<String>,
    date: String,
    flights: Vec<FlightRow>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct ListQuery {
    port: Option<String>,
    date: Option<String>,
}

async fn list(State(app): State<App>, page: PageCan<ReadManifests>, Query(q): Query<ListQuery>) -> Response {
    let who = page.can.principal().clone();
    let now = app.clock.now();
    let port = q.port.clone().unwrap_or_default();
    let date = q.date.as_deref().filter(|d| !d.trim().is_empty()).map(parse_day).transpose();
    let result = async {
        let date = date?.unwrap_or_else(|| today_in_china(now));
        let ports = reader_ports(&who, Some(port.as_str()))?;
        let flights = app.store.flights(&who, ports, &date.to_string(), now).await?;
        Ok::<_, ApiError>((date, flights))
    }
    .await;
    let (status, date, flights, error) = match result {
        Ok((d, f)) => (StatusCode::OK, d.to_string(), f.iter().map(FlightRow::new).collect(), None),
        Err(e) => {
            let status = e.code.status();
            (status, q.date.clone().unwrap_or_default(), Vec::new(), Some(e.message))
        }
    };
    let body = render(&FlightsPage {
        chrome: page.chrome,
        port,
        ports: who.scope.ports.clone(),
        date,
        flights,
        error,
    });
    (status, body).into_response()
}

/// The head of a flight's pages.
pub struct FlightHead {
    pub row: FlightRow,
    pub date: String,
}

#[derive(Template)]
#[template(path = "flight.html")]
struct FlightPage {
    chrome: Chrome,
    f: FlightHead,
    flagged: Vec<PersonRow>,
    arrived: Vec<PersonRow>,
    no_shows: Vec<PersonRow>,
    expected: Vec<PersonRow>,
    unmanifested: Vec<UnmanifestedRow>,
    sources: Vec<SourceRow>,
}

/// A message received for the list.
pub struct SourceRow {
    pub seq: i64,
    pub received: String,
    pub function: String,
    pub interchange: String,
}

fn error_page(chrome: Chrome, e: &ApiError) -> Response {
    let (title_key, message_key) = match e.code {
        Code::Forbidden => ("error.forbidden_title", "error.forbidden"),
        Code::NotFound => ("error.not_found_title", "error.not_found"),
        _ => ("flights.unavailable_title", "flights.unavailable"),
    };
    (e.code.status(), render(&ErrorPage { chrome, title_key, message_key })).into_response()
}

async fn flight(State(app): State<App>, page: PageCan<ReadManifests>, Path(id): Path<String>) -> Response {
    let rec = match flight_record(&app, page.can.principal(), &id, None).await {
        Ok(r) => r,
        Err(e) => return error_page(page.chrome, &e),
    };
    let lang = page.chrome.lang;
    let rows = |f: &dyn Fn(&ManifestPersonRecord) -> bool| -> Vec<PersonRow> {
        rec.persons.iter().filter(|p| f(p)).map(|p| PersonRow::new(&id, p, lang)).collect()
    };
    let flagged = rows(&|p| p.verdict != "board");
    let arrived = rows(&|p| p.status == "arrived");
    let no_shows = rows(&|p| p.status == "no-show");
    let expected = rows(&|p| p.status == "expected");
    let sources = rec
        .sources
        .iter()
        .map(|s| {
            let code = s.function_code.clone().map_or_else(String::new, |c| format!(" ({c})"));
            SourceRow {
                seq: s.seq,
                received: local_time(s.received_at),
                function: format!("{}{code}", s.function),
                interchange: s.interchange.clone(),
            }
        })
        .collect();
    render(&FlightPage {
        f: FlightHead {
            row: FlightRow::new(&rec.flight),
            date: rec.flight.arrival_date.clone().unwrap_or_default(),
        },
        chrome: page.chrome,
        flagged,
        arrived,
        no_shows,
        expected,
        unmanifested: rec.unmanifested.iter().map(UnmanifestedRow::new).collect(),
        sources,
    })
}

/// One segment of the source message.
pub struct SegmentLine {
    pub n: i64,
    pub text: String,
    pub mine: bool,
}

/// A step of the decision.
pub struct StepRow {
    pub step: String,
    pub outcome: String,
    pub class: &'static str,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "flight_person.html")]
struct PersonPage {
    chrome: Chrome,
    f: FlightHead,
    p: PersonRow,
    steps: Vec<StepRow>,
    notices: Vec<String>,
    source_title: String,
    lines: Vec<SegmentLine>,
}

fn source_lines(source: Option<&SourceRecord>, segments: [i64; 2]) -> (String, Vec<SegmentLine>) {
    let Some(s) = source else { return (String::new(), Vec::new()) };
    let code = s.function_code.clone().map_or_else(String::new, |c| format!(" ({c})"));
    let title =
        format!("#{} · {}{code} · {} · {}", s.seq, s.function, s.interchange, local_time(s.received_at));
    let lines = s
        .segments
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let n = s.first_segment + i64::try_from(i).unwrap_or(0);
            SegmentLine { n, text: t.clone(), mine: n >= segments[0] && n <= segments[1] }
        })
        .collect();
    (title, lines)
}

async fn person(
    State(app): State<App>,
    page: PageCan<ReadManifests>,
    Path((id, idx)): Path<(String, i64)>,
) -> Response {
    let store::FlightPerson { flight, person: p, source, .. } =
        match flight_person_record(&app, page.can.principal(), &id, idx).await {
            Ok(r) => r,
            Err(e) => return error_page(page.chrome, &e),
        };
    let lang = page.chrome.lang;
    let steps = p
        .detail
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| {
            let outcome = text(s, "outcome");
            let class = match outcome.as_str() {
                "pass" => "badge-green",
                "fail" => "badge-red",
                _ => "badge-amber",
            };
            StepRow { step: text(s, "step"), class, outcome, detail: text(s, "detail") }
        })
        .collect();
    let notices = p
        .detail
        .get("notices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect();
    let (source_title, lines) = source_lines(source.as_ref(), p.segments);
    render(&PersonPage {
        f: FlightHead { row: FlightRow::new(&flight), date: flight.arrival_date.clone().unwrap_or_default() },
        p: PersonRow::new(&id, &p, lang),
        chrome: page.chrome,
        steps,
        notices,
        source_title,
        lines,
    })
}
