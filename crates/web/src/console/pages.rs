//! The console's pages: sign-in, the dashboard, audit search, the language switch.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::AuditRecord;
use serde::Deserialize;
use store::AuditFilter;

use super::{Chrome, PageCan, render};
use crate::App;
use crate::api::session::{ClientAddr, clear_cookie, same_origin, sign_in};
use crate::auth::caps::{Authenticated, SearchAudit};
use crate::auth::{MaybeAuthn, Via};
use crate::error::Code;
use crate::json::Query;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(dashboard))
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(switch_lang))
        .route("/audit", get(audit))
        .route("/audit/verify", get(audit_verify))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    error_key: Option<&'static str>,
    username: String,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only local paths may be redirect targets (no open redirects).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

async fn login_form(
    headers: HeaderMap,
    MaybeAuthn(authn): MaybeAuthn,
    Query(q): Query<NextQuery>,
) -> Response {
    if authn.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    render(&LoginPage {
        chrome: Chrome::new(&headers, None, "/login"),
        next: safe_next(q.next.as_deref()),
        error_key: None,
        username: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

async fn login_submit(
    State(app): State<App>,
    addr: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    let result = match same_origin(&headers) {
        Ok(()) => sign_in(&app, form.username.trim(), &form.password, &addr.ip()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(s) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().insert(header::SET_COOKIE, s.cookie);
            resp
        }
        Err(e) => {
            let error_key = match e.code {
                Code::RateLimited => "login.rate_limited",
                Code::AccountLocked => "login.locked",
                _ => "login.failed",
            };
            let page = LoginPage {
                chrome: Chrome::new(&headers, None, "/login"),
                next,
                error_key: Some(error_key),
                username: form.username,
            };
            (e.code.status(), render(&page)).into_response()
        }
    }
}

async fn logout(State(app): State<App>, page: PageCan<Authenticated>) -> Response {
    if let Via::Session { id_hash, .. } = &page.can.authn().via {
        let _ = app.store.logout(page.can.principal(), id_hash, app.clock.now()).await;
    }
    let mut resp = Redirect::to("/login").into_response();
    resp.headers_mut().insert(header::SET_COOKIE, clear_cookie());
    resp
}

async fn switch_lang(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = super::Lang::parse(&code).unwrap_or(super::Lang::Zh);
    let mut resp = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    if let Ok(v) =
        HeaderValue::from_str(&format!("guomen_lang={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code()))
    {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    backend: &'static str,
    ports: usize,
}

async fn dashboard(State(app): State<App>, page: PageCan<Authenticated>) -> Response {
    use crate::auth::Capability;
    // Officers, supervisors and analysts work from their port dashboard.
    if crate::auth::caps::ViewPortDashboard::ROLES.contains(&page.can.role()) {
        return Redirect::to("/dashboard").into_response();
    }
    let ports = app.store.ports().await.map(|p| p.len()).unwrap_or(0);
    render(&DashboardPage { chrome: page.chrome, backend: app.store.backend().as_str(), ports })
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    records: Vec<AuditRecord>,
    filter_actor: String,
    filter_action: String,
    filter_subject: String,
}

impl AuditPage {
    fn local_time(&self, r: &AuditRecord) -> String {
        r.at.to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC))
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    }
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    subject: Option<String>,
}

async fn audit(State(app): State<App>, page: PageCan<SearchAudit>, Query(q): Query<AuditQuery>) -> Response {
    let nonempty =
        |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let filter = AuditFilter {
        actor: nonempty(&q.actor),
        action: nonempty(&q.action),
        subject: nonempty(&q.subject),
        limit: Some(200),
        ..AuditFilter::default()
    };
    let records = match crate::api::audit::run_search(&app, &page.can, &filter).await {
        Ok(r) => r,
        Err(e) => return (e.code.status(), e.message).into_response(),
    };
    render(&AuditPage {
        chrome: page.chrome,
        records,
        filter_actor: filter.actor.unwrap_or_default(),
        filter_action: filter.action.unwrap_or_default(),
        filter_subject: filter.subject.unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "audit_verify.html")]
struct AuditVerifyFragment {
    chrome: Chrome,
    v: store::AuditVerification,
}

/// The chain check, loaded on demand by the audit page (it reads the whole chain).
async fn audit_verify(State(app): State<App>, page: PageCan<SearchAudit>) -> Response {
    match app.store.verify_audit(None).await {
        Ok(v) => render(&AuditVerifyFragment { chrome: page.chrome, v }),
        Err(e) => crate::ApiError::from(e).into_response(),
    }
}
