//! Secondary inspection (`/secondary`): the queue of referrals at the officer's ports, oldest first, each
//! with its reasons and the explanation of every watchlist hit; and one referral (`/secondary/{id}`) with
//! the whole answer and the officer's resolution — admit, refuse (with a mandatory legal basis, chosen from
//! the common articles or typed), confirm the hit, or "not the same person".
//!
//! Reading the queue and opening a referral are audited reads (`referrals.read`, `inspection.read`); the
//! resolution goes through [`crate::api::inspections::run_resolution`], the same act as the API's. The
//! resolve form is a plain POST that answers with a redirect back to the queue (works without JavaScript;
//! a repeated post finds the referral already resolved and says so).

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::inspection_view::{AnswerView, HitView, country_label, label, local_ts, port_label};
use super::{Chrome, ErrorPage, Lang, PageCan, render};
use crate::App;
use crate::api::inspections::{ResolutionBody, run_resolution};
use crate::auth::caps::Resolve;
use crate::json::Query;

pub fn routes() -> Router<App> {
    Router::new().route("/secondary", get(queue)).route("/secondary/{id}", get(detail).post(resolve))
}

/// The purpose recorded with every read of a referral from this page.
const PURPOSE: &str = "secondary inspection";

/// The longest queue shown at once.
const QUEUE_LIMIT: i64 = 200;

/// The articles an officer most often cites, by group: (group key, [(citation, description key)]).
pub const BASES: &[(&str, &[(&str, &str)])] = &[
    (
        "basis.group_refuse_entry",
        &[
            ("EEA-Law Art. 25(1)", "basis.25_1"),
            ("EEA-Law Art. 25(2)", "basis.25_2"),
            ("EEA-Law Art. 25(3)", "basis.25_3"),
            ("EEA-Law Art. 25(4)", "basis.25_4"),
        ],
    ),
    (
        "basis.group_citizen_exit",
        &[
            ("EEA-Law Art. 12(1)", "basis.12_1"),
            ("EEA-Law Art. 12(2)", "basis.12_2"),
            ("EEA-Law Art. 12(3)", "basis.12_3"),
            ("EEA-Law Art. 12(4)", "basis.12_4"),
            ("EEA-Law Art. 12(5)", "basis.12_5"),
            ("EEA-Law Art. 12(6)", "basis.12_6"),
        ],
    ),
    (
        "basis.group_foreigner_exit",
        &[
            ("EEA-Law Art. 28(1)", "basis.28_1"),
            ("EEA-Law Art. 28(2)", "basis.28_2"),
            ("EEA-Law Art. 28(3)", "basis.28_3"),
            ("EEA-Law Art. 28(4)", "basis.28_4"),
        ],
    ),
    ("basis.group_admit", &[("EEA-Law Art. 20", "basis.20"), ("EEA-Law Art. 23", "basis.23")]),
];

/// One referral in the queue.
pub struct QueueItem {
    pub id: String,
    pub waiting_since: String,
    /// Minutes since the referral.
    pub waiting_minutes: i64,
    pub port: String,
    pub lane: String,
    pub direction: String,
    pub name: String,
    pub nationality: String,
    pub reasons: Vec<(String, String)>,
    pub hits: Vec<HitView>,
}

#[derive(Template)]
#[template(path = "secondary.html")]
struct QueuePage {
    chrome: Chrome,
    items: Vec<QueueItem>,
    ports: String,
    /// The referral just resolved and how (after the redirect from the resolve form).
    done: Option<(String, String)>,
}

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
    status: Option<String>,
}

async fn queue(State(app): State<App>, page: PageCan<Resolve>, Query(q): Query<DoneQuery>) -> Response {
    let lang = page.chrome.lang;
    let now = app.clock.now();
    let who = page.can.principal();
    let list = match app.store.referral_queue(who, &who.scope.ports, QUEUE_LIMIT, now).await {
        Ok(l) => l,
        Err(e) => return unavailable(page.chrome, e),
    };
    let items = list
        .iter()
        .map(|i| {
            let a = AnswerView::new(lang, &i.result, Some(&i.status), None);
            let nationality = i.result["document"]["nationality"]
                .as_str()
                .map_or_else(|| "—".to_owned(), |c| country_label(lang, c));
            QueueItem {
                id: i.id.clone(),
                waiting_since: local_ts(i.at, &i.port),
                waiting_minutes: (now - i.at).get_seconds().max(0) / 60,
                port: i.port.clone(),
                lane: a.lane,
                direction: a.direction,
                name: if a.name.is_empty() { "—".to_owned() } else { a.name },
                nationality,
                reasons: a.reasons.into_iter().map(|r| (r.code, r.title)).collect(),
                hits: a.hits,
            }
        })
        .collect();
    let done = match (q.done, q.status) {
        (Some(id), Some(status)) if id.len() <= 64 => Some((id, label(lang, "insp.status", &status))),
        _ => None,
    };
    let ports = who.scope.ports.iter().map(|p| port_label(lang, p)).collect::<Vec<_>>().join(", ");
    render(&QueuePage { chrome: page.chrome, items, ports, done })
}

/// A legal-basis `<option>`.
pub struct BasisOpt {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// What the resolve form was given, echoed back when it is refused.
#[derive(Debug, Default, Clone)]
pub struct ResolveForm {
    pub action: String,
    pub basis: String,
    pub basis_other: String,
    pub note: String,
    pub permitted_until: String,
    /// Hits the officer ticked (for "not the same person" and "admit").
    pub entries: Vec<String>,
}

#[derive(Template)]
#[template(path = "secondary_detail.html")]
struct DetailPage {
    chrome: Chrome,
    a: AnswerView,
    open: bool,
    form: ResolveForm,
    bases: Vec<(&'static str, Vec<BasisOpt>)>,
    /// The i18n key of what is wrong with the form, or the API's message.
    error_key: Option<&'static str>,
    error_message: Option<String>,
}

impl DetailPage {
    fn action_checked(&self, action: &str) -> bool {
        self.form.action == action
    }

    fn entry_checked(&self, id: &str) -> bool {
        // A first view ticks every hit: dismissing or confirming usually concerns all of them.
        self.form.action.is_empty() || self.form.entries.iter().any(|e| e == id)
    }
}

fn bases(lang: Lang, selected: &str) -> Vec<(&'static str, Vec<BasisOpt>)> {
    BASES
        .iter()
        .map(|(group, items)| {
            let opts = items
                .iter()
                .map(|(citation, key)| BasisOpt {
                    value: citation,
                    label: format!("{citation} — {}", lang.t(key)),
                    selected: *citation == selected,
                })
                .collect();
            (*group, opts)
        })
        .collect()
}

fn unavailable(chrome: Chrome, e: store::StoreError) -> Response {
    let (status, title_key, message_key) = match e {
        store::StoreError::Invalid(_) => {
            (StatusCode::FORBIDDEN, "error.forbidden_title", "secondary.not_your_port")
        }
        _ => (StatusCode::SERVICE_UNAVAILABLE, "secondary.unavailable_title", "secondary.unavailable"),
    };
    (status, render(&ErrorPage { chrome, title_key, message_key })).into_response()
}

fn not_found(chrome: Chrome) -> Response {
    let page = ErrorPage { chrome, title_key: "error.not_found_title", message_key: "secondary.no_such" };
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}

/// Reads the referral (audited) and renders it with the form.
async fn show(
    app: &App,
    page: PageCan<Resolve>,
    id: &str,
    form: ResolveForm,
    error: (Option<&'static str>, Option<String>),
    status: StatusCode,
) -> Response {
    let lang = page.chrome.lang;
    let who = page.can.principal();
    let insp = match app.store.read_inspection(who, id, Some(PURPOSE.to_owned()), app.clock.now()).await {
        Ok(Some(i)) => i,
        Ok(None) => return not_found(page.chrome),
        Err(e) => return unavailable(page.chrome, e),
    };
    let mut result = insp.result.clone();
    result["traveller_id"] = serde_json::json!(insp.traveller_id);
    let a = AnswerView::new(lang, &result, Some(&insp.status), insp.resolution.as_ref());
    let chosen = if form.basis_other.trim().is_empty() { form.basis.clone() } else { String::new() };
    let body = DetailPage {
        chrome: page.chrome,
        a,
        open: insp.status == "referred",
        bases: bases(lang, &chosen),
        form,
        error_key: error.0,
        error_message: error.1,
    };
    (status, render(&body)).into_response()
}

async fn detail(State(app): State<App>, page: PageCan<Resolve>, Path(id): Path<String>) -> Response {
    show(&app, page, &id, ResolveForm::default(), (None, None), StatusCode::OK).await
}

/// Reads the resolve form's fields; `entries` repeats, one per ticked hit.
fn parse_form(pairs: Vec<(String, String)>) -> ResolveForm {
    let mut f = ResolveForm::default();
    for (k, v) in pairs {
        let v: String = v.chars().take(2000).collect();
        match k.as_str() {
            "action" => f.action = v,
            "basis" => f.basis = v,
            "basis_other" => f.basis_other = v,
            "note" => f.note = v,
            "permitted_until" => f.permitted_until = v,
            "entries" if f.entries.len() < 50 => f.entries.push(v),
            _ => {}
        }
    }
    f
}

/// The end of the stay an officer grants "until" a day: 24:00 that day at the port.
fn end_of_day(day: &str, port: &str) -> Option<jiff::Timestamp> {
    let date: jiff::civil::Date = day.trim().parse().ok()?;
    let tz = super::inspection_view::port_zone(port);
    date.tomorrow().ok()?.to_zoned(tz).ok().map(|z| z.timestamp())
}

/// The API's body for the form, or the i18n key of what is missing.
fn body_for(f: &ResolveForm, port: &str, hits: bool) -> Result<ResolutionBody, &'static str> {
    let basis = Some(f.basis_other.trim())
        .filter(|b| !b.is_empty())
        .or_else(|| Some(f.basis.trim()).filter(|b| !b.is_empty()))
        .map(str::to_owned);
    let action = match f.action.as_str() {
        "admit" | "refuse" | "confirm-hit" | "not-same-person" => f.action.clone(),
        _ => return Err("secondary.err_action"),
    };
    if action == "refuse" && basis.is_none() {
        return Err("secondary.err_basis");
    }
    if action == "not-same-person" && f.entries.is_empty() {
        return Err("secondary.err_entries");
    }
    let permitted_until = match f.permitted_until.trim() {
        "" => None,
        d => Some(end_of_day(d, port).ok_or("secondary.err_until")?),
    };
    let entries = match action.as_str() {
        "not-same-person" => Some(f.entries.clone()),
        "admit" if hits && !f.entries.is_empty() => Some(f.entries.clone()),
        _ => None,
    };
    Ok(ResolutionBody {
        action,
        legal_basis: basis,
        note: Some(f.note.trim().to_owned()).filter(|n| !n.is_empty()),
        entries,
        permitted_until: if f.action == "admit" { permitted_until } else { None },
    })
}

async fn resolve(
    State(app): State<App>,
    page: PageCan<Resolve>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = parse_form(pairs);
    // The port and the hits decide how the form reads; the stored inspection is what the API acts on.
    let Ok(Some(insp)) = app.store.inspection(&id).await else {
        return show(&app, page, &id, form, (None, None), StatusCode::NOT_FOUND).await;
    };
    let hits = insp.result["hits"].as_array().is_some_and(|h| !h.is_empty());
    let body = match body_for(&form, &insp.port, hits) {
        Ok(b) => b,
        Err(key) => {
            return show(&app, page, &id, form, (Some(key), None), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match run_resolution(&app, page.can.principal(), &id, body).await {
        Ok(v) => {
            let status = v["inspection"]["status"].as_str().unwrap_or("referred").to_owned();
            let q = serde_urlencoded::to_string([("done", id.as_str()), ("status", status.as_str())])
                .unwrap_or_default();
            Redirect::to(&format!("/secondary?{q}")).into_response()
        }
        Err(e) => {
            let status = e.code.status();
            show(&app, page, &id, form, (Some("secondary.err_refused"), Some(e.message)), status).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(action: &str) -> ResolveForm {
        ResolveForm { action: action.into(), ..ResolveForm::default() }
    }

    #[test]
    fn the_form_becomes_the_api_body_or_names_what_is_missing() {
        // (label, form, the inspection has hits, the action and basis sent — or the key of the problem)
        type Case =
            (&'static str, ResolveForm, bool, Result<(&'static str, Option<&'static str>), &'static str>);
        let cases: Vec<Case> = vec![
            ("nothing chosen", form(""), false, Err("secondary.err_action")),
            ("refuse without basis", form("refuse"), false, Err("secondary.err_basis")),
            (
                "refuse with a listed basis",
                ResolveForm { basis: "EEA-Law Art. 25(1)".into(), ..form("refuse") },
                false,
                Ok(("refuse", Some("EEA-Law Art. 25(1)"))),
            ),
            (
                "a typed basis wins",
                ResolveForm {
                    basis: "EEA-Law Art. 25(1)".into(),
                    basis_other: " Art. 71 ".into(),
                    ..form("refuse")
                },
                false,
                Ok(("refuse", Some("Art. 71"))),
            ),
            ("dismiss without entries", form("not-same-person"), true, Err("secondary.err_entries")),
            (
                "admit until a bad day",
                ResolveForm { permitted_until: "soon".into(), ..form("admit") },
                false,
                Err("secondary.err_until"),
            ),
            ("admit", form("admit"), false, Ok(("admit", None))),
        ];
        for (label, f, hits, want) in cases {
            let got = body_for(&f, "PVG", hits);
            match want {
                Ok((action, basis)) => {
                    let b = got.unwrap_or_else(|e| panic!("{label}: {e}"));
                    assert_eq!((b.action.as_str(), b.legal_basis.as_deref()), (action, basis), "{label}");
                }
                Err(key) => assert_eq!(got.err(), Some(key), "{label}"),
            }
        }
        let b = body_for(
            &ResolveForm {
                permitted_until: "2026-12-10".into(),
                basis: "EEA-Law Art. 20".into(),
                ..form("admit")
            },
            "PVG",
            false,
        )
        .unwrap();
        // 24:00 on 10 December in Shanghai.
        assert_eq!(b.permitted_until.map(|t| t.to_string()).as_deref(), Some("2026-12-10T16:00:00Z"));
    }

    #[test]
    fn every_basis_is_described_in_both_languages() {
        for (group, items) in BASES {
            assert_ne!(Lang::En.t(group), "??", "{group}");
            for (_, key) in *items {
                assert_ne!(Lang::Zh.t(key), "??", "{key}");
                assert_ne!(Lang::En.t(key), "??", "{key}");
            }
        }
    }
}
