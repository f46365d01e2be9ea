//! A traveller's record (`/travellers/{id}`): documents, then the timeline of inspections, movements and
//! the grants they carried, and the stays.
//!
//! A record is personal data read for a reason, so the page first asks for the purpose (a small form, `GET`)
//! and shows the record only in answer to it (`POST`, with the session's CSRF token): the read and its
//! `traveller.read` audit record with the purpose are one transaction in the store. A reload asks again;
//! a link never opens a record by itself.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use store::TravellerRecord;

use super::inspection_view::{country_label, display_name_key, label, local_ts, port_label};
use super::{Chrome, ErrorPage, Lang, PageCan, render};
use crate::App;
use crate::auth::caps::ReadTravellers;
use crate::json::Query;

pub fn routes() -> Router<App> {
    Router::new().route("/travellers/{id}", get(ask).post(open))
}

/// The purposes offered: (value recorded in the audit trail, i18n key of the label).
pub const PURPOSES: &[(&str, &str)] = &[
    ("secondary inspection", "traveller.purpose.secondary"),
    ("overstay follow-up", "traveller.purpose.overstay"),
    ("case investigation", "traveller.purpose.investigation"),
    ("enforcement quality review", "traveller.purpose.review"),
    ("traveller enquiry", "traveller.purpose.enquiry"),
];

/// The longest purpose kept in the audit trail.
const MAX_PURPOSE: usize = 200;

#[derive(Template)]
#[template(path = "traveller_purpose.html")]
struct PurposePage {
    chrome: Chrome,
    id: String,
    purposes: Vec<(&'static str, &'static str)>,
    /// The purpose offered first (a link from the overstay list suggests "overstay follow-up").
    selected: &'static str,
    error_key: Option<&'static str>,
}

fn id_ok(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn not_found(chrome: Chrome) -> Response {
    let page = ErrorPage { chrome, title_key: "error.not_found_title", message_key: "traveller.no_such" };
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}

#[derive(Deserialize, Default)]
struct AskQuery {
    /// A purpose to preselect, by its value.
    r#for: Option<String>,
}

async fn ask(page: PageCan<ReadTravellers>, Path(id): Path<String>, Query(q): Query<AskQuery>) -> Response {
    if !id_ok(&id) {
        return not_found(page.chrome);
    }
    let selected = PURPOSES.iter().map(|(v, _)| *v).find(|v| q.r#for.as_deref() == Some(*v)).unwrap_or("");
    render(&PurposePage { chrome: page.chrome, id, purposes: PURPOSES.to_vec(), selected, error_key: None })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PurposeForm {
    purpose: String,
    purpose_other: String,
}

/// A row of the documents table.
pub struct DocumentRow {
    pub issuer: String,
    pub number: String,
    pub code: String,
    pub expiry: String,
    pub first_seen: String,
    pub last_seen: String,
}

/// One entry of the timeline, newest first.
pub struct TimelineItem {
    pub ts: jiff::Timestamp,
    pub at: String,
    pub port: String,
    /// `entry` or `exit` (the CSS class), and its label.
    pub direction: String,
    pub direction_label: String,
    pub lane: String,
    /// The inspection's status (its CSS class), and its label; empty for a movement without one.
    pub status: String,
    pub status_label: String,
    pub reasons: Vec<String>,
    pub resolution: Option<String>,
    /// A crossing was recorded.
    pub crossed: bool,
    /// The grant of the crossing: kind, until (local), legal basis.
    pub grant: Option<(String, String, String)>,
    pub inspection_id: Option<String>,
}

/// One stay.
pub struct StayRow {
    pub entered: String,
    pub port: String,
    pub until: String,
    pub exited: String,
    /// `open`, `closed` or `overstay` (the CSS class), and its label.
    pub state: &'static str,
    pub state_label: &'static str,
}

#[derive(Template)]
#[template(path = "traveller.html")]
struct RecordPage {
    chrome: Chrome,
    id: String,
    name: String,
    nationality: String,
    category: String,
    birth_date: String,
    sex: String,
    purpose: String,
    documents: Vec<DocumentRow>,
    timeline: Vec<TimelineItem>,
    stays: Vec<StayRow>,
}

async fn open(
    State(app): State<App>,
    page: PageCan<ReadTravellers>,
    Path(id): Path<String>,
    Form(f): Form<PurposeForm>,
) -> Response {
    if !id_ok(&id) {
        return not_found(page.chrome);
    }
    let typed: String = f.purpose_other.trim().chars().take(MAX_PURPOSE).collect();
    let chosen = PURPOSES.iter().find(|(v, _)| *v == f.purpose).map(|(v, _)| (*v).to_owned());
    let Some(purpose) = Some(typed).filter(|t| !t.is_empty()).or(chosen) else {
        let body = PurposePage {
            chrome: page.chrome,
            id,
            purposes: PURPOSES.to_vec(),
            selected: "",
            error_key: Some("traveller.err_purpose"),
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&body)).into_response();
    };
    let now = app.clock.now();
    let rec = match app.store.traveller_record(page.can.principal(), &id, Some(purpose.clone()), now).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(page.chrome),
        Err(_) => {
            let p = ErrorPage {
                chrome: page.chrome,
                title_key: "secondary.unavailable_title",
                message_key: "traveller.unavailable",
            };
            return (StatusCode::SERVICE_UNAVAILABLE, render(&p)).into_response();
        }
    };
    let lang = page.chrome.lang;
    render(&record_page(page.chrome, lang, rec, purpose, now))
}

fn grant_of(lang: Lang, g: &serde_json::Value, port: &str) -> Option<(String, String, String)> {
    if !g.is_object() {
        return None;
    }
    let kind = label(lang, "insp.grant_kind", g["kind"].as_str().unwrap_or(""));
    let until = g["permitted_until"]
        .as_str()
        .map(|t| super::inspection_view::local_time(t, port))
        .unwrap_or_default();
    let basis = g["legal_basis"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    Some((kind, until, basis))
}

fn record_page(
    chrome: Chrome,
    lang: Lang,
    r: TravellerRecord,
    purpose: String,
    now: jiff::Timestamp,
) -> RecordPage {
    let documents = r
        .documents
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("—").to_owned();
            let ts = |k: &str| {
                d[k].as_str()
                    .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                    .map_or_else(|| "—".into(), |t| local_ts(t, ""))
            };
            DocumentRow {
                issuer: d["issuer"].as_str().map_or_else(|| "—".into(), |c| country_label(lang, c)),
                number: s("number"),
                code: s("document_code"),
                expiry: s("expiry"),
                first_seen: ts("first_seen"),
                last_seen: ts("last_seen"),
            }
        })
        .collect();
    let mut timeline: Vec<TimelineItem> = r
        .inspections
        .iter()
        .map(|i| {
            let movement = r
                .movements
                .iter()
                .find(|m| m.inspection_id == i.id && i.movement_id.as_deref() == Some(&m.id));
            let reasons = i
                .reasons
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x["code"].as_str())
                .map(|c| label(lang, "insp.reason", c))
                .collect();
            let resolution = i.resolution.as_ref().map(|res| {
                let action = label(lang, "secondary.action", res["action"].as_str().unwrap_or(""));
                match res["legal_basis"].as_str().filter(|b| !b.is_empty()) {
                    Some(b) => format!("{action} · {b}"),
                    None => action,
                }
            });
            TimelineItem {
                ts: i.at,
                at: local_ts(i.at, &i.port),
                port: port_label(lang, &i.port),
                direction_label: label(lang, "insp.direction", &i.direction),
                direction: i.direction.clone(),
                lane: label(lang, "insp.lane", &i.lane),
                status_label: label(lang, "insp.status", &i.status),
                status: i.status.clone(),
                reasons,
                resolution,
                crossed: movement.is_some(),
                grant: movement.and_then(|m| m.grant.as_ref()).and_then(|g| grant_of(lang, g, &i.port)),
                inspection_id: Some(i.id.clone()),
            }
        })
        .collect();
    // Movements without an inspection in the record (imported history) stand on their own.
    for m in r.movements.iter().filter(|m| !r.inspections.iter().any(|i| i.id == m.inspection_id)) {
        timeline.push(TimelineItem {
            ts: m.at,
            at: local_ts(m.at, &m.port),
            port: port_label(lang, &m.port),
            direction_label: label(lang, "insp.direction", &m.direction),
            direction: m.direction.clone(),
            lane: label(lang, "insp.lane", &m.lane),
            status: String::new(),
            status_label: String::new(),
            reasons: Vec::new(),
            resolution: None,
            crossed: true,
            grant: m.grant.as_ref().and_then(|g| grant_of(lang, g, &m.port)),
            inspection_id: None,
        });
    }
    timeline.sort_by_key(|e| std::cmp::Reverse(e.ts));
    let stays = r
        .stays
        .iter()
        .map(|s| {
            let overdue = s.permitted_until.is_some_and(|u| u <= s.exited_at.unwrap_or(now));
            let (state, key) = match (s.exited_at, overdue) {
                (_, true) => ("overstay", "traveller.stay_overstay"),
                (None, false) => ("open", "traveller.stay_open"),
                (Some(_), false) => ("closed", "traveller.stay_closed"),
            };
            StayRow {
                entered: local_ts(s.entered_at, &s.port),
                port: port_label(lang, &s.port),
                until: s.permitted_until.map_or_else(|| "—".into(), |u| local_ts(u, &s.port)),
                exited: s.exited_at.map_or_else(|| "—".into(), |e| local_ts(e, &s.port)),
                state,
                state_label: lang.t(key),
            }
        })
        .collect();
    let sex = match r.sex.as_deref() {
        Some("F") => lang.t("doc.sex.female").to_owned(),
        Some("M") => lang.t("doc.sex.male").to_owned(),
        _ => lang.t("doc.sex.unspecified").to_owned(),
    };
    RecordPage {
        chrome,
        name: display_name_key(&r.name_key),
        nationality: country_label(lang, &r.nationality),
        category: label(lang, "insp.category", &r.category),
        birth_date: r.birth_date.clone().unwrap_or_else(|| "—".into()),
        sex,
        purpose: PURPOSES
            .iter()
            .find(|(v, _)| *v == purpose)
            .map_or(purpose.clone(), |(_, k)| lang.t(k).to_owned()),
        id: r.id,
        documents,
        timeline,
        stays,
    }
}
