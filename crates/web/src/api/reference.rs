//! Reference data: ports and country codes.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::json;

use crate::App;
use crate::auth::Can;
use crate::auth::caps::Authenticated;
use crate::error::ApiResult;
use crate::json::Json;

pub fn routes() -> Router<App> {
    Router::new().route("/api/v1/ports", get(ports)).route("/api/v1/countries", get(countries))
}

async fn ports(State(app): State<App>, _who: Can<Authenticated>) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(json!({ "ports": app.store.ports().await? })))
}

async fn countries(_who: Can<Authenticated>) -> Json<serde_json::Value> {
    Json(json!({ "countries": codes::countries() }))
}
