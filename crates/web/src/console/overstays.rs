//! Overstays (`/overstays`): foreigners whose permitted stay has ended with no exit recorded, oldest
//! deadline first, with the calendar days overstayed (counted in the entry port's zone) and the fine range
//! EEA-Law Art. 78 allows. The list names people, so the store audits each read (`overstays.read`).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::inspection_view::{country_label, local_ts, port_label};
use super::{Chrome, ErrorPage, PageCan, render};
use crate::App;
use crate::auth::caps::ReadTravellers;

pub fn routes() -> Router<App> {
    Router::new().route("/overstays", get(list))
}

/// The longest list shown at once.
const LIMIT: i64 = 500;

/// One overstayer.
pub struct Row {
    pub traveller_id: String,
    pub nationality: String,
    pub entered: String,
    pub port: String,
    pub until: String,
    pub days: u32,
    pub fine_min: u32,
    pub fine_max: u32,
    /// `mild` (up to 3 days), `serious` (up to 30) or `grave` — the colour of the days column.
    pub band: &'static str,
}

#[derive(Template)]
#[template(path = "overstays.html")]
struct OverstaysPage {
    chrome: Chrome,
    rows: Vec<Row>,
    as_of: String,
    total_days: u64,
    /// The list was cut at its limit.
    limited: bool,
}

async fn list(State(app): State<App>, page: PageCan<ReadTravellers>) -> Response {
    let lang = page.chrome.lang;
    let now = app.clock.now();
    let stays = match app.store.overstays(page.can.principal(), now, LIMIT).await {
        Ok(s) => s,
        Err(_) => {
            let p = ErrorPage {
                chrome: page.chrome,
                title_key: "secondary.unavailable_title",
                message_key: "overstays.unavailable",
            };
            return (StatusCode::SERVICE_UNAVAILABLE, render(&p)).into_response();
        }
    };
    let rows: Vec<Row> = stays
        .iter()
        .filter_map(|(s, nationality)| {
            let until = s.permitted_until?;
            let tz = jiff::tz::TimeZone::get(&s.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
            let o = policy::overstay(until, now, &tz);
            Some(Row {
                traveller_id: s.traveller_id.clone(),
                nationality: country_label(lang, nationality),
                entered: local_ts(s.entered_at, &s.port),
                port: port_label(lang, &s.port),
                until: local_ts(until, &s.port),
                days: o.overstay_days,
                fine_min: o.fine_min_cny,
                fine_max: o.fine_max_cny,
                band: match o.overstay_days {
                    0..=3 => "mild",
                    4..=30 => "serious",
                    _ => "grave",
                },
            })
        })
        .collect();
    let total_days = rows.iter().map(|r| u64::from(r.days)).sum();
    let limited = i64::try_from(rows.len()).unwrap_or(i64::MAX) >= LIMIT;
    render(&OverstaysPage { chrome: page.chrome, rows, as_of: local_ts(now, ""), total_days, limited })
}
