//! Entry rules over HTTP: `POST /api/v1/policy/check` (the engine's `CheckRequest` in, its decision out)
//! and `POST /api/v1/policy/overstay`.
//!
//! Both are stateless computations on the request and the rule set in force: nothing is stored, so there is
//! nothing to audit, and (like every route) bodies are never logged. A body that is not JSON or not the
//! request's shape is `400 bad-json` with line and column; a well-formed request the rules cannot evaluate
//! (an unknown port, a Chinese citizen, a stay that ends before it begins) is `422 invalid-input`.

use ::policy::{CheckRequest, OverstayRequest};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use crate::App;
use crate::auth::Can;
use crate::auth::caps::CheckPolicy;
use crate::error::{ApiError, ApiResult, Code};
use crate::json::Json;

pub fn routes() -> Router<App> {
    Router::new().route("/api/v1/policy/check", post(check)).route("/api/v1/policy/overstay", post(overstay))
}

/// Serialises straight to bytes: a decision borrows the rule set, and a detour through `serde_json::Value`
/// would copy several kilobytes of sentences for nothing.
fn json_response<T: serde::Serialize>(value: &T) -> ApiResult<Response> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| ApiError::new(Code::Internal, format!("the answer could not be written: {e}")))?;
    let mut resp = bytes.into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(resp)
}

async fn check(
    State(app): State<App>,
    _who: Can<CheckPolicy>,
    Json(req): Json<CheckRequest>,
) -> ApiResult<Response> {
    let decision = app.rules.check(&req).map_err(|e| ApiError::invalid(e.to_string()))?;
    json_response(&decision)
}

async fn overstay(_who: Can<CheckPolicy>, Json(req): Json<OverstayRequest>) -> ApiResult<Response> {
    let o = req.evaluate().map_err(|e| ApiError::invalid(e.to_string()))?;
    json_response(&o)
}

/// The OpenAPI operations of this module, with the request and answer shapes of the policy crate.
pub fn operations() -> Vec<crate::openapi::Operation> {
    use serde_json::json;

    use crate::openapi::{access, operation};
    let code = json!({ "type": "string", "description": "ICAO country code (USA, D, GBR); HKG, MAC, TWN are regions" });
    let time = json!({
        "type": "string",
        "description": "RFC 3339 with an offset, or a local date-time at the port without one (2026-12-01T10:00), or a date"
    });
    let date = json!({ "type": "string", "format": "date" });
    let closed = |required: &[&str], props: serde_json::Value| json!({ "type": "object", "additionalProperties": false, "required": required, "properties": props });
    let purposes: Vec<&str> = ::policy::Purpose::ALL.iter().map(|p| p.as_str()).collect();
    let documents: Vec<&str> = ::policy::DocumentType::ALL.iter().map(|d| d.as_str()).collect();
    let kinds: Vec<&str> = ::policy::Kind::ALL.iter().map(|k| k.as_str()).collect();
    let check_body = closed(
        &["traveller", "arrival"],
        json!({
            "traveller": closed(&["nationality"], json!({
                "nationality": code,
                "document_type": { "type": "string", "enum": documents, "default": "ordinary" },
                "document_valid_until": date,
            })),
            "arrival": closed(&["port", "instant", "purpose"], json!({
                "port": { "type": "string", "description": "port registry code (SZ-LUOHU); airports by IATA code (PVG)" },
                "instant": time,
                "origin": code,
                "purpose": { "type": "string", "enum": purposes },
                "group": closed(&["size"], json!({
                    "size": { "type": "integer", "minimum": 1 },
                    "organiser": { "type": "string", "description": "organiser id of the rule set (cn-travel-agency)" },
                })),
            })),
            "onward": closed(&[], json!({ "destination": code, "departure": time, "port": { "type": "string" } })),
            "holdings": closed(&[], json!({
                "visa": closed(&["category", "valid_until"], json!({
                    "category": { "type": "string", "description": "L, M, F, Q2, S2, Z, X1, …" },
                    "valid_from": date,
                    "valid_until": date,
                    "entries": { "type": "string", "enum": ["single", "double", "multiple"], "default": "single" },
                    "entries_used": { "type": "integer", "minimum": 0 },
                    "duration_of_stay_days": { "type": "integer", "minimum": 0 },
                })),
                "residence_permit": closed(&["valid_until"], json!({ "category": { "type": "string" }, "valid_until": date })),
                "documents": { "type": "array", "items": { "type": "string" }, "description": "supporting documents (port-visa-approval)" },
            })),
            "history": {
                "type": "array",
                "description": "earlier stays in China, for rolling limits",
                "items": closed(&["entry", "exit"], json!({ "entry": time, "exit": time, "kind": { "type": "string", "enum": kinds } })),
            },
        }),
    );
    let str_or_null = json!({ "type": ["string", "null"] });
    let decision = json!({
        "type": "object",
        "required": ["ruleset", "admissible", "kind", "permitted_until", "legal_basis", "conditions", "trace"],
        "properties": {
            "ruleset": { "type": "object", "description": "id, version, hash, label, draft: what reproduces the decision" },
            "admissible": { "type": "boolean", "description": "advice to the officer, never a refusal" },
            "kind": { "type": "string", "enum": kinds },
            "scheme": str_or_null,
            "scheme_name": { "type": ["object", "null"] },
            "nationality": { "type": "string" },
            "port": str_or_null,
            "time_zone": str_or_null,
            "entry": { "type": "string", "format": "date-time" },
            "permitted_until": { "type": ["string", "null"], "format": "date-time", "description": "end of the stay, exclusive" },
            "deadline": { "type": ["object", "null"], "description": "{en: \"leave by 24:00 on 11 December\", zh: …}" },
            "permitted_area": { "type": ["object", "null"] },
            "conditions": { "type": "array", "items": { "type": "object" } },
            "legal_basis": { "type": "array", "items": { "type": "object" } },
            "alternatives": { "type": "array", "items": { "type": "object" } },
            "confidence": { "type": "string", "enum": ["UNVERIFIED", "SEC", "DERIVED", "OK"] },
            "trace": { "type": "array", "items": { "type": "object" }, "description": "every scheme considered, with reasons" },
        }
    });
    let overstay_body = closed(
        &["permitted_until", "exit"],
        json!({
            "permitted_until": time,
            "exit": time,
            "port": { "type": "string", "description": "the port whose time zone counts the days" },
            "time_zone": { "type": "string", "description": "an IANA zone, if no port is given (default Asia/Shanghai)" },
        }),
    );
    let overstay_answer = json!({
        "type": "object",
        "required": ["overstay_days", "fine_min_cny", "fine_max_cny", "legal_basis"],
        "properties": {
            "overstay_days": { "type": "integer", "minimum": 0 },
            "fine_min_cny": { "type": "integer" },
            "fine_max_cny": { "type": "integer" },
            "first_day": { "type": ["string", "null"], "format": "date" },
            "last_day": { "type": ["string", "null"], "format": "date" },
            "detention_days": { "type": ["array", "null"], "items": { "type": "integer" } },
            "legal_basis": { "type": "string" },
            "note": { "type": "string" },
        }
    });
    vec![
        operation(
            "post",
            "/api/v1/policy/check",
            "policy",
            "Entry decision under the rules in force: admissible or not, kind, scheme, permitted_until, area, \
             conditions, legal basis, trace (stateless, nothing stored)",
            access::<CheckPolicy>(),
            Some(check_body),
            (200, decision),
        ),
        operation(
            "post",
            "/api/v1/policy/overstay",
            "policy",
            "Days of overstay and the fine range of EEA-Law Art. 78 (stateless, nothing stored)",
            access::<CheckPolicy>(),
            Some(overstay_body),
            (200, overstay_answer),
        ),
    ]
}
