//! The port dashboard (`/dashboard`): today's crossings at one port (the port's local day) by direction,
//! category and lane, the e-gate share, the referrals of the day and those still open, the last seven days
//! as bars, and the change on the same days a year earlier.
//!
//! Everything here is a count read from the rollup counters the store keeps with every movement — no
//! personal data, so nothing to audit. Officers see their own ports; supervisors and analysts choose any
//! port (the busiest of the day by default). The bars are drawn with CSS classes (`w-0`…`w-20`,
//! `h-0`…`h-20`, in steps of 5%), because the Content-Security-Policy forbids inline styles.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Role;
use jiff::civil::Date;
use serde::Deserialize;
use store::PortCount;

use super::inspection_view::{label, port_label, port_zone};
use super::{Chrome, ErrorPage, Lang, PageCan, render};
use crate::App;
use crate::auth::caps::ViewPortDashboard;
use crate::json::Query;

pub fn routes() -> Router<App> {
    Router::new().route("/dashboard", get(page))
}

/// Days of the bar chart, today included.
const DAYS: i16 = 7;

#[derive(Deserialize, Default)]
struct PortQuery {
    port: Option<String>,
}

/// One bar of a breakdown.
pub struct Share {
    pub key: String,
    pub label: String,
    pub count: i64,
    /// The share of the total, in percent to one decimal.
    pub pct: String,
    /// `w-0`…`w-20`.
    pub width: String,
}

/// One day of the last seven.
pub struct DayBar {
    pub day: String,
    pub label: String,
    pub total: i64,
    pub entry: i64,
    pub exit: i64,
    /// `h-0`…`h-20`.
    pub height: String,
    pub today: bool,
}

/// A year-on-year comparison.
pub struct Change {
    pub now: i64,
    pub before: i64,
    /// `+12.5%`, or `None` when there is nothing to compare with.
    pub pct: Option<String>,
    /// `up`, `down` or `flat` (the CSS class).
    pub trend: &'static str,
}

/// A `<option>` of the port choice.
pub struct PortOpt {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "port_dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    port: String,
    port_name: String,
    ports: Vec<PortOpt>,
    today: String,
    time_zone: String,
    total: i64,
    directions: Vec<Share>,
    categories: Vec<Share>,
    lanes: Vec<Share>,
    nationalities: Vec<Share>,
    egate_share: String,
    egate_width: String,
    open_referrals: i64,
    referred_today: i64,
    inspections_today: Vec<(String, i64)>,
    days: Vec<DayBar>,
    day_change: Change,
    week_change: Change,
}

/// A 5%-step class for a share of `max`.
fn step(n: i64, max: i64) -> i64 {
    if max <= 0 || n <= 0 {
        return 0;
    }
    // Anything above zero shows at least one step, so a small count is not mistaken for none.
    ((n * 20 + max / 2) / max).clamp(1, 20)
}

fn pct(n: i64, total: i64) -> String {
    if total <= 0 {
        return "0.0".into();
    }
    #[allow(clippy::cast_precision_loss)]
    let p = n as f64 * 100.0 / total as f64;
    format!("{p:.1}")
}

fn change(now: i64, before: i64) -> Change {
    // Without last year's figure there is no trend to colour.
    let trend = match if before == 0 { std::cmp::Ordering::Equal } else { now.cmp(&before) } {
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Equal => "flat",
    };
    #[allow(clippy::cast_precision_loss)]
    let pct = (before > 0).then(|| format!("{:+.1}%", (now - before) as f64 * 100.0 / before as f64));
    Change { now, before, pct, trend }
}

/// Sums `rows` by a dimension, in the order of `keys` (then any other value, largest first).
fn breakdown(
    lang: Lang,
    rows: &[&PortCount],
    dim: impl Fn(&PortCount) -> &str,
    keys: &[&str],
    prefix: &str,
) -> Vec<Share> {
    let mut sums: BTreeMap<String, i64> = keys.iter().map(|k| ((*k).to_owned(), 0)).collect();
    for r in rows {
        *sums.entry(dim(r).to_owned()).or_default() += r.n;
    }
    let total: i64 = sums.values().sum();
    let mut ordered: Vec<(String, i64)> =
        keys.iter().map(|k| ((*k).to_owned(), sums.get(*k).copied().unwrap_or(0))).collect();
    let mut rest: Vec<(String, i64)> =
        sums.into_iter().filter(|(k, _)| !keys.contains(&k.as_str())).collect();
    rest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ordered.extend(rest);
    ordered
        .into_iter()
        .map(|(key, count)| Share {
            label: label(lang, prefix, &key),
            pct: pct(count, total),
            width: format!("w-{}", step(count, total)),
            count,
            key,
        })
        .collect()
}

fn minus_year(d: Date) -> Date {
    d.checked_sub(jiff::Span::new().years(1)).unwrap_or(d)
}

async fn page(
    State(app): State<App>,
    page: PageCan<ViewPortDashboard>,
    Query(q): Query<PortQuery>,
) -> Response {
    let lang = page.chrome.lang;
    let who = page.can.principal().clone();
    let now = app.clock.now();
    let scoped = who.role == Role::Officer;
    let asked = q.port.as_deref().and_then(codes::port).map(|p| p.code.clone());
    let port = if scoped {
        match asked {
            Some(p) if who.scope.covers_port(who.role, &p) => p,
            Some(_) => {
                let body = ErrorPage {
                    chrome: page.chrome,
                    title_key: "error.forbidden_title",
                    message_key: "pdash.not_your_port",
                };
                return (StatusCode::FORBIDDEN, render(&body)).into_response();
            }
            None => who.scope.ports.first().cloned().unwrap_or_default(),
        }
    } else {
        match asked {
            Some(p) => p,
            None => busiest(&app, now).await.unwrap_or_else(|| "PVG".to_owned()),
        }
    };
    let tz = port_zone(&port);
    let today = now.to_zoned(tz.clone()).date();
    let from = today.checked_sub(jiff::Span::new().days(DAYS - 1)).unwrap_or(today);
    let (rows, last_year, open, counts) = match tokio::join!(
        app.store.port_crossings(&port, from, today),
        app.store.port_crossings(&port, minus_year(from), minus_year(today)),
        app.store.open_referral_count(std::slice::from_ref(&port)),
        async {
            let start = today.to_zoned(tz.clone()).map(|z| z.timestamp()).unwrap_or(now);
            app.store.inspection_counts(&port, start).await
        },
    ) {
        (Ok(a), Ok(b), Ok(c), Ok(d)) => (a, b, c, d),
        _ => {
            let body = ErrorPage {
                chrome: page.chrome,
                title_key: "secondary.unavailable_title",
                message_key: "pdash.unavailable",
            };
            return (StatusCode::SERVICE_UNAVAILABLE, render(&body)).into_response();
        }
    };
    let today_s = today.to_string();
    let todays: Vec<&PortCount> = rows.iter().filter(|r| r.day == today_s).collect();
    let total: i64 = todays.iter().map(|r| r.n).sum();
    let directions = breakdown(lang, &todays, |r| &r.direction, &["entry", "exit"], "insp.direction");
    let categories = breakdown(
        lang,
        &todays,
        |r| &r.category,
        &["mainland", "hk-macao-taiwan", "foreigner"],
        "insp.category",
    );
    let lanes = breakdown(lang, &todays, |r| &r.lane, &["manual", "egate", "vehicle"], "insp.lane");
    let mut nationalities = breakdown(lang, &todays, |r| &r.nationality, &[], "country");
    for n in &mut nationalities {
        n.label = super::inspection_view::country_label(lang, &n.key);
    }
    nationalities.truncate(6);
    let egate = lanes.iter().find(|s| s.key == "egate").map_or(0, |s| s.count);
    let mut days = Vec::new();
    let mut d = from;
    while d <= today {
        let key = d.to_string();
        let of_day = rows.iter().filter(|r| r.day == key);
        let (mut entry, mut exit) = (0, 0);
        for r in of_day {
            if r.direction == "exit" {
                exit += r.n;
            } else {
                entry += r.n;
            }
        }
        days.push(DayBar {
            label: d.strftime("%m-%d").to_string(),
            today: d == today,
            day: key,
            total: entry + exit,
            entry,
            exit,
            height: String::new(),
        });
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    let max = days.iter().map(|b| b.total).max().unwrap_or(0);
    for b in &mut days {
        b.height = format!("h-{}", step(b.total, max));
    }
    let same_day = minus_year(today).to_string();
    let before_day: i64 = last_year.iter().filter(|r| r.day == same_day).map(|r| r.n).sum();
    let before_week: i64 = last_year.iter().map(|r| r.n).sum();
    let week: i64 = rows.iter().map(|r| r.n).sum();
    let referred_today: i64 = counts.iter().filter(|(s, _)| s.as_str() != "cleared").map(|(_, n)| *n).sum();
    let inspections_today = ["cleared", "referred", "admitted", "refused", "hit-confirmed"]
        .iter()
        .map(|s| (label(lang, "insp.status", s), counts.get(*s).copied().unwrap_or(0)))
        .collect();
    let ports = if scoped {
        who.scope
            .ports
            .iter()
            .map(|p| PortOpt { label: port_label(lang, p), selected: *p == port, code: p.clone() })
            .collect()
    } else {
        codes::ports()
            .iter()
            .map(|p| PortOpt {
                label: port_label(lang, &p.code),
                selected: p.code == port,
                code: p.code.clone(),
            })
            .collect()
    };
    render(&DashboardPage {
        port_name: port_label(lang, &port),
        time_zone: codes::port(&port).map_or_else(|| "Asia/Shanghai".into(), |p| p.time_zone.clone()),
        port,
        ports,
        today: today_s,
        total,
        directions,
        categories,
        lanes,
        nationalities,
        egate_share: pct(egate, total),
        egate_width: format!("w-{}", step(egate, total)),
        open_referrals: open,
        referred_today,
        inspections_today,
        days,
        day_change: change(total, before_day),
        week_change: change(week, before_week),
        chrome: page.chrome,
    })
}

/// The port with the most crossings today (Beijing day), for roles that see every port.
async fn busiest(app: &App, now: jiff::Timestamp) -> Option<String> {
    let day = crate::api::mrz::today_in_china(now);
    let stats = app.store.crossing_stats(day, day, &[store::Dim::Port]).await.ok()?;
    stats.rows.first().and_then(|r| r.group.get("port").cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_step_by_five_percent_and_never_hide_a_small_count() {
        let cases = [(0, 10, 0), (1, 1000, 1), (5, 10, 10), (10, 10, 20), (7, 0, 0), (33, 100, 7)];
        for (n, max, want) in cases {
            assert_eq!(step(n, max), want, "{n}/{max}");
        }
        assert_eq!(pct(1, 3), "33.3");
        assert_eq!(change(110, 100).pct.as_deref(), Some("+10.0%"));
        assert_eq!(change(90, 100).trend, "down");
        assert!(change(5, 0).pct.is_none());
    }
}
