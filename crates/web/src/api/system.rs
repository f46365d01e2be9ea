//! Liveness, readiness, metrics and the OpenAPI document.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

use crate::App;
use crate::auth::Can;
use crate::auth::caps::ReadMetrics;
use crate::error::{ApiError, ApiResult, Code};
use crate::json::Json;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/api/v1/openapi.json", get(openapi))
}

/// The process is up. Public: load balancers and orchestrators call it without credentials.
async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can serve: the database answers. Public, for the same reason.
async fn readyz(State(app): State<App>) -> ApiResult<Json<serde_json::Value>> {
    app.store
        .ping()
        .await
        .map_err(|e| ApiError::new(Code::Unavailable, format!("the database does not answer: {e}")))?;
    Ok(Json(json!({ "status": "ready", "backend": app.store.backend().as_str() })))
}

/// Prometheus metrics (request counts and latencies, crossings by outcome; no personal data).
async fn metrics(State(app): State<App>, _who: Can<ReadMetrics>) -> impl IntoResponse {
    let body = app.metrics.as_ref().map(|h| h.render()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

/// The OpenAPI 3.1 document of this API. Public, so clients and tools can discover it.
async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::document())
}
