//! Statistics (crossings and conveyances by port, direction, category, nationality, lane, kind, with
//! year-on-year change) and the recording of conveyance crossings — a vehicle lane inspects the driver and
//! passengers together, in one request, while they stay in the car.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use clearance::InspectionRequest;
use domain::Direction;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use serde_json::{Value, json};
use store::{ConveyanceWrite, Dim};

use crate::App;
use crate::auth::Can;
use crate::auth::caps::{ReadStatistics, RecordConveyances};
use crate::auth::secrets::new_id;
use crate::error::{ApiError, ApiResult};
use crate::json::{Json, Query};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/statistics/crossings", get(crossings))
        .route("/api/v1/statistics/conveyances", get(conveyances))
        .route("/api/v1/conveyances", post(record_conveyance))
}

#[derive(Deserialize)]
struct StatsQuery {
    from: Date,
    to: Date,
    group_by: Option<String>,
}

fn dims(text: Option<&str>) -> ApiResult<Vec<Dim>> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for part in text.split(',') {
        let d = Dim::parse(part.trim()).ok_or_else(|| {
            ApiError::invalid(format!(
                "group_by: {part:?} is not one of day, month, year, port, direction, category, nationality, lane, kind"
            ))
        })?;
        if out.contains(&d) {
            return Err(ApiError::invalid(format!("group_by: {part:?} appears twice")));
        }
        out.push(d);
    }
    Ok(out)
}

fn check_window(q: &StatsQuery) -> ApiResult<()> {
    if q.to < q.from {
        return Err(ApiError::invalid("to: must not be before from"));
    }
    if q.from.until(q.to).map(|s| s.get_days()).unwrap_or(i32::MAX) > 366 * 20 {
        return Err(ApiError::invalid("the window is at most 20 years"));
    }
    Ok(())
}

async fn crossings(
    State(app): State<App>,
    _who: Can<ReadStatistics>,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Json<Value>> {
    check_window(&q)?;
    let group_by = dims(q.group_by.as_deref())?;
    Ok(Json(json!(app.store.crossing_stats(q.from, q.to, &group_by).await?)))
}

async fn conveyances(
    State(app): State<App>,
    _who: Can<ReadStatistics>,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Json<Value>> {
    check_window(&q)?;
    let group_by = dims(q.group_by.as_deref())?;
    Ok(Json(json!(app.store.conveyance_stats(q.from, q.to, &group_by).await?)))
}

/// A conveyance crossing, optionally with the occupants inspected in the same request (vehicle lanes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConveyanceBody {
    /// `aircraft`, `vessel`, `train` or `vehicle`.
    kind: String,
    /// Flight number, IMO number, train number or plate.
    identifier: String,
    direction: Direction,
    port: String,
    at: Option<Timestamp>,
    #[serde(default)]
    crew_count: u32,
    #[serde(default)]
    passenger_count: u32,
    /// Occupants to inspect now (a vehicle lane): each one's document and journey.
    #[serde(default)]
    occupants: Vec<Occupant>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Occupant {
    document: clearance::DocumentInput,
    #[serde(default)]
    travel: clearance::Travel,
    #[serde(default)]
    idempotency_key: Option<String>,
}

async fn record_conveyance(
    State(app): State<App>,
    who: Can<RecordConveyances>,
    Json(b): Json<ConveyanceBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if !matches!(b.kind.as_str(), "aircraft" | "vessel" | "train" | "vehicle") {
        return Err(ApiError::invalid("kind: one of aircraft, vessel, train, vehicle"));
    }
    let identifier = b.identifier.trim().to_uppercase();
    if identifier.is_empty() || identifier.len() > 32 {
        return Err(ApiError::invalid("identifier: 1–32 characters (flight, IMO, train number or plate)"));
    }
    if b.occupants.len() > 60 {
        return Err(ApiError::invalid("occupants: at most 60 per conveyance"));
    }
    let port = codes::port(&b.port).ok_or_else(|| ApiError::invalid(format!("unknown port {:?}", b.port)))?;
    who.at_port(&port.code)?;
    let at = b.at.unwrap_or_else(|| app.clock.now());
    let id = new_id();
    app.store
        .record_conveyance(
            who.principal(),
            ConveyanceWrite {
                id: id.clone(),
                kind: b.kind.clone(),
                identifier,
                direction: b.direction,
                port: port.code.clone(),
                at,
                crew_count: i64::from(b.crew_count),
                passenger_count: i64::from(b.passenger_count),
                time_zone: port.time_zone.clone(),
            },
        )
        .await?;
    let lane = if b.kind == "vehicle" { domain::Lane::Vehicle } else { domain::Lane::Manual };
    let mut inspections = Vec::new();
    for o in b.occupants {
        let req = InspectionRequest {
            port: port.code.clone(),
            lane,
            direction: b.direction,
            document: o.document,
            travel: o.travel,
            at: Some(at),
            idempotency_key: o.idempotency_key,
        };
        let mut v = crate::api::inspections::run_inspection(&app, who.principal(), req).await?;
        v["conveyance_id"] = json!(id);
        inspections.push(v);
    }
    let all_clear = inspections.iter().all(|v| v["decision"] == "clear");
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "conveyance_id": id, "port": port.code, "at": at, "all_clear": all_clear, "inspections": inspections }),
        ),
    ))
}

/// The OpenAPI operations of this module.
pub fn operations() -> Vec<crate::openapi::Operation> {
    use crate::openapi::{access, operation};
    let stats = json!({ "type": "object", "required": ["total", "rows"], "properties": {
        "total": { "type": "integer" }, "previous_year_total": { "type": "integer" },
        "change_pct": { "type": ["number", "null"] }, "rows": { "type": "array", "items": { "type": "object" } }
    }});
    let query = vec![
        ("from", json!({ "type": "string", "format": "date" }), "first local day, inclusive"),
        ("to", json!({ "type": "string", "format": "date" }), "last local day, inclusive"),
        (
            "group_by",
            json!({ "type": "string" }),
            "comma-separated: day, month, year, port, direction, category, nationality, lane (kind for conveyances)",
        ),
    ];
    let mut a = operation(
        "get",
        "/api/v1/statistics/crossings",
        "statistics",
        "Person crossings grouped, with year-on-year change",
        access::<ReadStatistics>(),
        None,
        (200, stats.clone()),
    );
    a.query = query.clone();
    let mut b = operation(
        "get",
        "/api/v1/statistics/conveyances",
        "statistics",
        "Conveyance crossings grouped by kind, port, direction, with year-on-year change",
        access::<ReadStatistics>(),
        None,
        (200, stats),
    );
    b.query = query;
    let body = json!({
        "type": "object", "additionalProperties": false, "required": ["kind", "identifier", "direction", "port"],
        "properties": {
            "kind": { "type": "string", "enum": ["aircraft", "vessel", "train", "vehicle"] },
            "identifier": { "type": "string", "minLength": 1, "maxLength": 32 },
            "direction": { "type": "string", "enum": ["entry", "exit"] },
            "port": { "type": "string" },
            "at": { "type": ["string", "null"], "format": "date-time" },
            "crew_count": { "type": "integer", "minimum": 0 },
            "passenger_count": { "type": "integer", "minimum": 0 },
            "occupants": { "type": "array", "maxItems": 60, "items": { "type": "object" } }
        }
    });
    let c = operation(
        "post",
        "/api/v1/conveyances",
        "clearance",
        "Record a conveyance crossing (aircraft, vessel, train, vehicle); a vehicle lane inspects its occupants in the same request",
        access::<RecordConveyances>(),
        Some(body),
        (201, json!({ "type": "object", "required": ["conveyance_id"] })),
    );
    vec![a, b, c]
}
