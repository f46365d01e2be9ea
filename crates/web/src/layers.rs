//! The layers around every route: authentication, request ids, structured access logs and metrics,
//! time and size limits, panic containment, JSON bodies for bare errors, and security headers.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::App;
use crate::error::{ApiError, Code};

/// The process-wide Prometheus recorder (installed once; several apps in one test process share it).
pub(crate) fn metrics_handle() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(&[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0])
                .ok()?
                .install_recorder()
                .ok()
        })
        .clone()
}

/// Content-Security-Policy: no inline script or style, nothing from other origins, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
                       object-src 'none'";

pub(crate) fn wrap(routes: Router<App>, app: App) -> Router {
    let timeout = app.config.request_timeout;
    let body_limit = app.config.body_limit;
    routes
        .route_layer(middleware::from_fn(observe))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), crate::auth::authenticate))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(json_errors))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            ApiError::new(Code::Internal, "an internal error occurred; it has been logged").into_response()
        }))
        .layer(middleware::from_fn_with_state(app.clone(), security_headers))
        .layer(middleware::from_fn(request_id))
        .with_state(app)
}

async fn not_found(req: Request) -> Response {
    let path = req.uri().path();
    if path.starts_with("/api/") {
        ApiError::not_found("no such API route").into_response()
    } else {
        crate::console::not_found_page(&req).into_response()
    }
}

/// Gives every request an id (kept from a trusted proxy's `x-request-id` when it is well-formed).
async fn request_id(mut req: Request, next: Next) -> Response {
    let incoming = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(str::to_owned);
    let id = incoming.unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert("x-request-id", v.clone());
        let mut resp = next.run(req).await;
        resp.headers_mut().insert("x-request-id", v);
        resp
    } else {
        next.run(req).await
    }
}

/// One structured log line and two metrics per request. Only the route template is logged (never the
/// concrete path or the query string, which may carry identifiers).
async fn observe(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_default();
    let method = req.method().clone();
    let rid = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let start = Instant::now();
    let resp = next.run(req).await;
    let elapsed = start.elapsed();
    let status = resp.status().as_u16();
    tracing::info!(
        request_id = %rid,
        method = %method,
        route = %route,
        status,
        latency_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    let labels = [("route", route), ("method", method.to_string()), ("status", status.to_string())];
    metrics::counter!("guomen_http_requests_total", &labels).increment(1);
    metrics::histogram!("guomen_http_request_duration_seconds", &labels[..2]).record(elapsed.as_secs_f64());
    resp
}

/// Turns the bare responses that axum and tower produce on their own (405, 408, 413, 415, 422) into
/// guomen's JSON errors.
async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let has_type = resp.headers().contains_key(header::CONTENT_TYPE);
    if has_type || resp.status().is_success() || resp.status().is_redirection() {
        return resp;
    }
    let code = match resp.status() {
        StatusCode::METHOD_NOT_ALLOWED => Code::MethodNotAllowed,
        StatusCode::REQUEST_TIMEOUT => Code::Timeout,
        StatusCode::PAYLOAD_TOO_LARGE => Code::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Code::UnsupportedMediaType,
        StatusCode::NOT_FOUND => Code::NotFound,
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => Code::InvalidInput,
        _ => return resp,
    };
    let message = match code {
        Code::MethodNotAllowed => "this route does not accept that method",
        Code::Timeout => "the request took too long",
        Code::PayloadTooLarge => "the body is larger than this route accepts",
        Code::UnsupportedMediaType => "this route does not accept that media type",
        Code::NotFound => "not found",
        _ => "the request is not valid",
    };
    let (mut parts, _) = resp.into_parts();
    let fresh = ApiError::new(code, message).into_response();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, fresh.into_body())
}

async fn security_headers(State(app): State<App>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, "content-security-policy", CSP);
    set(h, "x-frame-options", "DENY");
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    set(h, "cross-origin-opener-policy", "same-origin");
    if app.config.tls {
        set(h, "strict-transport-security", "max-age=31536000; includeSubDomains");
    }
    if is_api || !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    resp
}
