//! Audit search (supervisors) and chain verification.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use domain::AuditEvent;
use serde_json::json;
use store::AuditFilter;

use crate::App;
use crate::auth::Can;
use crate::auth::caps::{SearchAudit, VerifyAudit};
use crate::error::ApiResult;
use crate::json::{Json, Query};

pub fn routes() -> Router<App> {
    Router::new().route("/api/v1/audit", get(search)).route("/api/v1/audit/verify", get(verify))
}

/// Searches the trail. The search is itself recorded: who looked at whose actions is personal data too.
pub(crate) async fn run_search(
    app: &App,
    who: &Can<SearchAudit>,
    filter: &AuditFilter,
) -> ApiResult<Vec<domain::AuditRecord>> {
    let records = app.store.audit_search(filter).await?;
    let detail = json!({
        "actor": filter.actor, "action": filter.action, "subject": filter.subject,
        "from": filter.from, "to": filter.to, "results": records.len(),
    });
    app.store
        .audit(who.principal(), app.clock.now(), AuditEvent::new("audit.search", "audit").with_detail(detail))
        .await?;
    Ok(records)
}

async fn search(
    State(app): State<App>,
    who: Can<SearchAudit>,
    Query(filter): Query<AuditFilter>,
) -> ApiResult<Json<serde_json::Value>> {
    let records = run_search(&app, &who, &filter).await?;
    Ok(Json(json!({ "records": records })))
}

async fn verify(State(app): State<App>, _who: Can<VerifyAudit>) -> ApiResult<Json<serde_json::Value>> {
    let v = app.store.verify_audit(None).await?;
    Ok(Json(json!({ "ok": v.ok(), "verification": v })))
}
