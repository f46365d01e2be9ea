//! Border clearance over HTTP: inspections at desks, e-gates and vehicle lanes, their resolution in
//! secondary inspection, the referral queue, traveller records, overstays and the foreigners present.
//!
//! The handler does the IO around the pure pipeline: read the document, look the traveller up, decide,
//! record. The decision is the `clearance` crate's; this module only carries it in and out.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use clearance::{InspectionRequest, OpenStay, Outcome, PastStay, PriorDisposition, TravellerFacts, Verdict};
use domain::{Direction, Principal};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};
use store::{Holder, InspectionWrite, MovementWrite, Recorded, ResolutionWrite, TravellerContext};

use crate::App;
use crate::auth::Can;
use crate::auth::caps::{ExportData, Inspect, Purge, ReadStatistics, ReadTravellers, Resolve};
use crate::auth::secrets::new_id;
use crate::error::{ApiError, ApiResult, Code};
use crate::json::{Json, Query};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/inspections", post(inspect))
        .route("/api/v1/inspections/{id}", get(get_inspection))
        .route("/api/v1/inspections/{id}/resolution", post(resolve))
        .route("/api/v1/referrals", get(referrals))
        .route("/api/v1/travellers/{id}", get(traveller))
        .route("/api/v1/travellers/{id}/egate-enrolment", post(enrol))
        .route("/api/v1/travellers/{id}/export", get(export))
        .route("/api/v1/retention/purge", post(purge))
        .route("/api/v1/overstays", get(overstays))
        .route("/api/v1/present", get(present))
}

fn holder_for_store(h: &clearance::HolderFacts) -> Holder {
    Holder {
        issuer: h.issuer.clone(),
        number: h.number.clone(),
        document_code: h.document_code.clone(),
        expiry: h.expiry.clone(),
        nationality: h.nationality.clone(),
        birth_date: h.birth_date.clone(),
        sex: h.sex.clone(),
        name_key: h.name_key.clone(),
        category: h.category,
    }
}

fn facts_from(ctx: TravellerContext) -> TravellerFacts {
    TravellerFacts {
        open_stay: ctx.open_stay.as_ref().map(|s| OpenStay {
            entered_at: s.entered_at,
            permitted_until: s.permitted_until,
            time_zone: s.time_zone.clone(),
        }),
        past_stays: ctx
            .stays
            .iter()
            .filter_map(|s| s.exited_at.map(|e| PastStay { entered_at: s.entered_at, exited_at: e }))
            .collect(),
        egate_enrolled: ctx.egate_enrolled,
        dispositions: ctx
            .dispositions
            .iter()
            .map(|d| PriorDisposition {
                entry_id: d.entry_id.clone(),
                entry_version: u64::try_from(d.entry_version).unwrap_or(0),
            })
            .collect(),
        traveller_id: ctx.traveller_id,
    }
}

/// The answer, as stored and returned.
fn answer(
    id: &str,
    req: &InspectionRequest,
    at: Timestamp,
    out: &Outcome,
    movement_id: Option<&str>,
) -> Value {
    json!({
        "inspection_id": id,
        "at": at,
        "port": req.port,
        "lane": req.lane,
        "direction": req.direction,
        "decision": out.decision,
        "reasons": out.reasons,
        "document": out.document,
        "screening": out.screening,
        "grant": out.grant,
        "overstay": out.overstay,
        "category": out.category,
        "notices": out.notices,
        "steps": out.steps,
        "movement_id": movement_id,
        "hits": out.hit_entries.iter().map(|(l, e, v)| json!({ "list": l, "entry_id": e, "entry_version": v })).collect::<Vec<_>>(),
    })
}

/// Runs one inspection end to end; shared by the API, vehicle lanes and the console desk.
pub async fn run_inspection(app: &App, who: &Principal, mut req: InspectionRequest) -> ApiResult<Value> {
    let port =
        codes::port(&req.port).ok_or_else(|| ApiError::invalid(format!("unknown port {:?}", req.port)))?;
    req.port = port.code.clone();
    if !who.scope.covers_port(who.role, &req.port) {
        return Err(ApiError::forbidden(format!("your account is not scoped to port {}", req.port)));
    }
    if req.document.mrz.len() > 4 || req.document.mrz.iter().any(|l| l.len() > 100) {
        return Err(ApiError::invalid("document.mrz: at most 4 lines of at most 100 characters"));
    }
    let key = match &req.idempotency_key {
        Some(k) if k.is_empty() || k.len() > 200 => {
            return Err(ApiError::invalid("idempotency_key: 1–200 characters"));
        }
        // Keys are scoped to the caller, so two devices cannot collide or read each other's answers.
        Some(k) => Some(format!("{}:{k}", who.id)),
        None => None,
    };
    if let Some(k) = &key
        && let Some(prior) = app.store.inspection_by_key(k).await?
    {
        let mut v = prior.result;
        v["traveller_id"] = json!(prior.traveller_id);
        v["replayed"] = json!(true);
        return Ok(v);
    }
    let at = req.at.unwrap_or_else(|| app.clock.now());
    let reading = clearance::read_document(&req, at);
    let (facts, known_traveller_id) = match &reading.holder {
        Some(h) => {
            let ctx = app.store.traveller_context(&holder_for_store(h), at).await?;
            let id = ctx.traveller_id.clone();
            (facts_from(ctx), id)
        }
        None => (TravellerFacts::default(), None),
    };
    let outcome = {
        let index =
            app.watchlist.read().map_err(|_| ApiError::new(Code::Internal, "watchlist lock poisoned"))?;
        // Dispositions and hits name the store's entry versions (which survive restarts); the index
        // numbers entries itself, so both are translated while this read lock pins the index.
        let mut facts = facts;
        facts.dispositions = crate::api::watchlists::in_force(app, &index, facts.dispositions);
        let mut outcome = clearance::decide(&req, at, &reading, &facts, &engines(app, &index));
        crate::api::watchlists::with_store_versions(app, &mut outcome);
        outcome
    };
    let id = new_id();
    let movement = (outcome.decision == Verdict::Clear && outcome.holder.is_some()).then(|| MovementWrite {
        id: new_id(),
        permitted_until: outcome.grant.as_ref().and_then(|g| g.permitted_until_ts),
        grant: outcome.grant.as_ref().map(|g| json!(g)),
        time_zone: port.time_zone.clone(),
        conveyance_id: None,
    });
    let result = answer(&id, &req, at, &outcome, movement.as_ref().map(|m| m.id.as_str()));
    let write = InspectionWrite {
        id: id.clone(),
        idempotency_key: key,
        at,
        port: req.port.clone(),
        lane: req.lane,
        direction: req.direction,
        holder: outcome.holder.as_ref().map(holder_for_store),
        new_traveller_id: new_id(),
        known_traveller_id,
        decision: outcome.decision.as_str().to_owned(),
        status: if outcome.decision == Verdict::Clear { "cleared".into() } else { "referred".into() },
        reasons: json!(outcome.reasons),
        result: result.clone(),
        movement,
        conveyance_id: None,
    };
    let recorded = app.store.record_inspection(who, write).await?;
    metrics::counter!(
        "guomen_inspections_total",
        "decision" => outcome.decision.as_str(),
        "lane" => req.lane.as_str(),
        "direction" => req.direction.as_str()
    )
    .increment(1);
    // The arrival link: the manifest person this traveller was expected as (see `api::manifests`).
    let manifest = match &recorded {
        Recorded::New { .. } => {
            crate::api::manifests::link_arrival(app, who, &req, &id, at, outcome.holder.as_ref()).await
        }
        Recorded::Replayed { .. } => None,
    };
    Ok(match recorded {
        Recorded::New { traveller_id, .. } => {
            let mut v = result;
            v["traveller_id"] = json!(traveller_id);
            if let Some(m) = manifest {
                v["manifest"] = m;
            }
            v
        }
        Recorded::Replayed { result, traveller_id } => {
            let mut v = result;
            v["traveller_id"] = json!(traveller_id);
            v["replayed"] = json!(true);
            v
        }
    })
}

fn engines<'a>(app: &'a App, index: &'a screening::Index) -> clearance::Engines<'a> {
    clearance::Engines {
        rules: &app.rules,
        watchlist: index,
        matching: &app.config.matching,
        egate: app.config.egate,
    }
}

async fn inspect(
    State(app): State<App>,
    who: Can<Inspect>,
    Json(req): Json<InspectionRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let v = run_inspection(&app, who.principal(), req).await?;
    let status = if v.get("replayed").is_some() { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(v)))
}

#[derive(Deserialize)]
struct Purpose {
    purpose: Option<String>,
}

async fn get_inspection(
    State(app): State<App>,
    who: Can<ReadTravellers>,
    Path(id): Path<String>,
    Query(q): Query<Purpose>,
) -> ApiResult<Json<Value>> {
    let insp =
        app.store.inspection(&id).await?.ok_or_else(|| ApiError::not_found(format!("no inspection {id}")))?;
    if !who.principal().scope.covers_port(who.role(), &insp.port) {
        return Err(ApiError::forbidden(format!("your account is not scoped to port {}", insp.port)));
    }
    app.store
        .audit(
            who.principal(),
            app.clock.now(),
            domain::AuditEvent::new("inspection.read", format!("inspection:{id}")).with_purpose(q.purpose),
        )
        .await?;
    Ok(Json(json!({ "inspection": insp })))
}

/// What an officer decides about a referral.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionBody {
    /// `admit`, `refuse`, `confirm-hit` or `not-same-person`.
    pub action: String,
    /// Mandatory to refuse; the article the officer acts on.
    pub legal_basis: Option<String>,
    pub note: Option<String>,
    /// For `not-same-person` (and optionally `admit`): the watchlist entries dismissed, by id; all of the
    /// inspection's hits when absent.
    pub entries: Option<Vec<String>>,
    /// For `admit` of a foreigner whom the rules did not admit: the stay the officer grants (e.g. a port
    /// visa issued on the spot), with its legal basis.
    pub permitted_until: Option<Timestamp>,
}

pub async fn run_resolution(app: &App, who: &Principal, id: &str, body: ResolutionBody) -> ApiResult<Value> {
    let insp =
        app.store.inspection(id).await?.ok_or_else(|| ApiError::not_found(format!("no inspection {id}")))?;
    if !who.scope.covers_port(who.role, &insp.port) {
        return Err(ApiError::forbidden(format!("your account is not scoped to port {}", insp.port)));
    }
    let at = app.clock.now();
    let hits: Vec<(String, String, i64)> = insp.result["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| {
            Some((
                h["list"].as_str()?.to_owned(),
                h["entry_id"].as_str()?.to_owned(),
                h["entry_version"].as_i64()?,
            ))
        })
        .collect();
    let chosen = |entries: &Option<Vec<String>>| -> ApiResult<Vec<(String, String, i64)>> {
        match entries {
            None => Ok(hits.clone()),
            Some(ids) => ids
                .iter()
                .map(|e| {
                    hits.iter().find(|h| &h.1 == e).cloned().ok_or_else(|| {
                        ApiError::invalid(format!("entries: {e:?} is not a hit of this inspection"))
                    })
                })
                .collect(),
        }
    };
    let note = body.note.clone();
    let (status, movement, dismissed) = match body.action.as_str() {
        "refuse" => {
            let basis = body.legal_basis.as_deref().map(str::trim).filter(|b| !b.is_empty());
            if basis.is_none() {
                return Err(ApiError::invalid(
                    "legal_basis: a refusal is an officer's act and must cite its legal basis (e.g. EEA-Law Art. 25(1))",
                ));
            }
            ("refused", None, Vec::new())
        }
        "confirm-hit" => {
            if hits.is_empty() {
                return Err(ApiError::invalid("this inspection has no watchlist hit to confirm"));
            }
            ("hit-confirmed", None, Vec::new())
        }
        "not-same-person" => {
            if hits.is_empty() {
                return Err(ApiError::invalid("this inspection has no watchlist hit to dismiss"));
            }
            ("referred", None, chosen(&body.entries)?)
        }
        "admit" => {
            let grant = insp.result.get("grant").filter(|g| !g.is_null()).cloned();
            let foreign_entry =
                insp.direction == Direction::Entry.as_str() && insp.result["category"] == "foreigner";
            let permitted_until = match (body.permitted_until, grant.as_ref()) {
                (Some(p), _) => {
                    if body.legal_basis.as_deref().is_none_or(|b| b.trim().is_empty()) {
                        return Err(ApiError::invalid(
                            "legal_basis: granting a stay the rules did not give needs its legal basis",
                        ));
                    }
                    Some(p)
                }
                (None, Some(g)) => g["permitted_until"]
                    .as_str()
                    .and_then(|t| t.parse::<jiff::Zoned>().ok())
                    .map(|z| z.timestamp()),
                (None, None) if foreign_entry => {
                    return Err(ApiError::invalid(
                        "permitted_until: the rules gave this foreigner no stay; state the stay granted and its legal basis",
                    ));
                }
                (None, None) => None,
            };
            let tz =
                codes::port(&insp.port).map_or_else(|| "Asia/Shanghai".to_owned(), |p| p.time_zone.clone());
            let grant_json = match (body.permitted_until, grant) {
                (Some(p), _) => Some(
                    json!({ "kind": "officer-grant", "permitted_until": p, "legal_basis": [body.legal_basis] }),
                ),
                (None, g) => g,
            };
            let dismissed = if body.entries.is_some() { chosen(&body.entries)? } else { Vec::new() };
            let m = MovementWrite {
                id: new_id(),
                permitted_until,
                grant: grant_json,
                time_zone: tz,
                conveyance_id: None,
            };
            ("admitted", Some(m), dismissed)
        }
        other => {
            return Err(ApiError::invalid(format!(
                "action: {other:?} is not one of admit, refuse, confirm-hit, not-same-person"
            )));
        }
    };
    let resolution = json!({
        "action": body.action, "legal_basis": body.legal_basis, "note": note, "by": who.name, "at": at,
        "dismissed": dismissed.iter().map(|(l, e, v)| json!({ "list": l, "entry_id": e, "entry_version": v })).collect::<Vec<_>>(),
    });
    let rec = app
        .store
        .resolve_inspection(
            who,
            ResolutionWrite {
                inspection_id: id.to_owned(),
                at,
                status: status.into(),
                resolution,
                movement,
                not_same_person: dismissed,
            },
        )
        .await?;
    Ok(json!({ "inspection": rec }))
}

async fn resolve(
    State(app): State<App>,
    who: Can<Resolve>,
    Path(id): Path<String>,
    Json(body): Json<ResolutionBody>,
) -> ApiResult<Json<Value>> {
    Ok(Json(run_resolution(&app, who.principal(), &id, body).await?))
}

#[derive(Deserialize)]
struct ReferralQuery {
    port: Option<String>,
    limit: Option<i64>,
}

async fn referrals(
    State(app): State<App>,
    who: Can<Resolve>,
    Query(q): Query<ReferralQuery>,
) -> ApiResult<Json<Value>> {
    let ports = match q.port {
        Some(p) => {
            who.at_port(&p)?;
            vec![codes::port(&p).map_or(p, |x| x.code.clone())]
        }
        None => who.principal().scope.ports.clone(),
    };
    let list = app.store.referrals(Some(&ports), q.limit.unwrap_or(100).clamp(1, 500)).await?;
    Ok(Json(json!({ "referrals": list })))
}

async fn traveller(
    State(app): State<App>,
    who: Can<ReadTravellers>,
    Path(id): Path<String>,
    Query(q): Query<Purpose>,
) -> ApiResult<Json<Value>> {
    let purpose = q.purpose.filter(|p| !p.trim().is_empty());
    if purpose.is_none() {
        return Err(ApiError::invalid("purpose: state why you open this traveller's record (it is audited)"));
    }
    let rec = app
        .store
        .traveller_record(who.principal(), &id, purpose, app.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no traveller {id}")))?;
    Ok(Json(json!({ "traveller": rec })))
}

/// A traveller's whole record as a downloadable file — the only way personal data leaves guomen in bulk,
/// audited as `traveller.export` with its purpose.
async fn export(
    State(app): State<App>,
    who: Can<ExportData>,
    Path(id): Path<String>,
    Query(q): Query<Purpose>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let purpose = q.purpose.filter(|p| !p.trim().is_empty());
    if purpose.is_none() {
        return Err(ApiError::invalid("purpose: state why this record is exported (it is audited)"));
    }
    let rec = app
        .store
        .traveller_export(who.principal(), &id, purpose, app.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no traveller {id}")))?;
    let disposition = format!(
        "attachment; filename=\"traveller-{}.json\"",
        id.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "")
    );
    let mut resp = Json(
        json!({ "exported_at": app.clock.now(), "exported_by": who.principal().name, "traveller": rec }),
    )
    .into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&disposition) {
        resp.headers_mut().insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

#[derive(Deserialize)]
struct PurgeQuery {
    #[serde(default)]
    dry_run: bool,
}

/// Applies the configured retention periods now (the server also does so periodically).
async fn purge(
    State(app): State<App>,
    who: Can<Purge>,
    Query(q): Query<PurgeQuery>,
) -> ApiResult<Json<Value>> {
    let report = app.store.purge(who.principal(), &app.config.retention, app.clock.now(), q.dry_run).await?;
    Ok(Json(json!({ "retention": app.config.retention, "report": report })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnrolBody {
    valid_until: Timestamp,
}

async fn enrol(
    State(app): State<App>,
    who: Can<Resolve>,
    Path(id): Path<String>,
    Json(body): Json<EnrolBody>,
) -> ApiResult<Json<Value>> {
    let now = app.clock.now();
    if body.valid_until <= now {
        return Err(ApiError::invalid("valid_until: must be in the future"));
    }
    app.store.enrol_egate(who.principal(), &id, now, body.valid_until).await.map_err(|e| match e {
        store::StoreError::Database(_) => ApiError::not_found(format!("no traveller {id}")),
        other => other.into(),
    })?;
    Ok(Json(json!({ "traveller_id": id, "egate_enrolled_until": body.valid_until })))
}

#[derive(Deserialize)]
struct OverstayQuery {
    as_of: Option<Timestamp>,
    limit: Option<i64>,
}

async fn overstays(
    State(app): State<App>,
    who: Can<ReadTravellers>,
    Query(q): Query<OverstayQuery>,
) -> ApiResult<Json<Value>> {
    let as_of = q.as_of.unwrap_or_else(|| app.clock.now());
    let rows = app.store.overstays(who.principal(), as_of, q.limit.unwrap_or(200).clamp(1, 5000)).await?;
    let list: Vec<Value> = rows
        .iter()
        .filter_map(|(s, nationality)| {
            let until = s.permitted_until?;
            let tz = jiff::tz::TimeZone::get(&s.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
            let o = policy::overstay(until, as_of, &tz);
            Some(json!({
                "traveller_id": s.traveller_id,
                "nationality": nationality,
                "entered_at": s.entered_at,
                "entry_port": s.port,
                "permitted_until": policy::rfc3339(until, &tz),
                "days_overstayed": o.overstay_days,
                "fine_min_cny": o.fine_min_cny,
                "fine_max_cny": o.fine_max_cny,
            }))
        })
        .collect();
    Ok(Json(json!({ "as_of": as_of, "overstays": list })))
}

async fn present(State(app): State<App>, _who: Can<ReadStatistics>) -> ApiResult<Json<Value>> {
    Ok(Json(json!({ "foreigners_present": app.store.present_count().await? })))
}

/// The OpenAPI operations of this module.
pub fn operations() -> Vec<crate::openapi::Operation> {
    use crate::openapi::{access, operation};
    let obj = json!({ "type": "object" });
    let str_or_null = json!({ "type": ["string", "null"] });
    let inspection_body = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["port", "lane", "direction", "document"],
        "properties": {
            "port": { "type": "string", "description": "port registry code or IATA code" },
            "lane": { "type": "string", "enum": ["manual", "egate", "vehicle"] },
            "direction": { "type": "string", "enum": ["entry", "exit"] },
            "document": {
                "type": "object",
                "additionalProperties": false,
                "required": ["mrz"],
                "properties": {
                    "mrz": { "type": "array", "items": { "type": "string", "maxLength": 100 }, "maxItems": 4 },
                    "lenient": { "type": "boolean" },
                    "visa": obj, "residence_permit": obj,
                    "supporting": { "type": "array", "items": { "type": "string" } }
                }
            },
            "travel": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "origin": str_or_null, "onward_to": str_or_null, "onward_departure": str_or_null,
                    "carrier": str_or_null, "flight": str_or_null, "purpose": str_or_null,
                    "group_size": { "type": ["integer", "null"], "minimum": 0 }, "group_organiser": str_or_null
                }
            },
            "at": { "type": ["string", "null"], "format": "date-time" },
            "idempotency_key": { "type": ["string", "null"], "minLength": 1, "maxLength": 200 }
        }
    });
    let answer = json!({
        "type": "object",
        "required": ["inspection_id", "decision", "reasons"],
        "properties": {
            "inspection_id": { "type": "string" },
            "decision": { "type": "string", "enum": ["clear", "refer"] },
            "reasons": { "type": "array", "items": {
                "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" }, "legal_basis": str_or_null }
            }},
            "movement_id": str_or_null
        }
    });
    let resolution = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["action"],
        "properties": {
            "action": { "type": "string", "enum": ["admit", "refuse", "confirm-hit", "not-same-person"] },
            "legal_basis": str_or_null, "note": str_or_null,
            "entries": { "type": ["array", "null"], "items": { "type": "string" } },
            "permitted_until": { "type": ["string", "null"], "format": "date-time" }
        }
    });
    let mut ops = vec![
        operation(
            "post",
            "/api/v1/inspections",
            "clearance",
            "Inspect a traveller: document, watchlists, entry rules, exit bans, overstay → clear or refer (audited; idempotent with a key)",
            access::<Inspect>(),
            Some(inspection_body),
            (201, answer),
        ),
        operation(
            "get",
            "/api/v1/inspections/{id}",
            "clearance",
            "One inspection (audited)",
            access::<ReadTravellers>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "post",
            "/api/v1/inspections/{id}/resolution",
            "clearance",
            "Resolve a referral: admit, refuse (legal basis required), confirm a hit, or mark not the same person (audited)",
            access::<Resolve>(),
            Some(resolution),
            (200, obj.clone()),
        ),
        operation(
            "get",
            "/api/v1/referrals",
            "clearance",
            "Open referrals at the caller's ports, oldest first",
            access::<Resolve>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "get",
            "/api/v1/travellers/{id}",
            "clearance",
            "A traveller's record: documents, movements, stays, inspections (audited; purpose required)",
            access::<ReadTravellers>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "post",
            "/api/v1/travellers/{id}/egate-enrolment",
            "clearance",
            "Enrol a traveller for automated gates (audited)",
            access::<Resolve>(),
            Some(
                json!({ "type": "object", "required": ["valid_until"], "additionalProperties": false, "properties": { "valid_until": { "type": "string", "format": "date-time" } } }),
            ),
            (200, obj.clone()),
        ),
        operation(
            "get",
            "/api/v1/overstays",
            "clearance",
            "Foreigners whose permitted stay has ended without an exit, with days overstayed (audited)",
            access::<ReadTravellers>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "get",
            "/api/v1/present",
            "statistics",
            "How many foreigners are in the country now",
            access::<ReadStatistics>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "get",
            "/api/v1/travellers/{id}/export",
            "data protection",
            "Export a traveller's whole record as a file (audited; purpose required)",
            access::<ExportData>(),
            None,
            (200, obj.clone()),
        ),
        operation(
            "post",
            "/api/v1/retention/purge",
            "data protection",
            "Remove records older than their retention period now (audited; dry_run to preview)",
            access::<Purge>(),
            None,
            (200, obj),
        ),
    ];
    for op in &mut ops {
        match op.path {
            "/api/v1/inspections/{id}" | "/api/v1/travellers/{id}" | "/api/v1/travellers/{id}/export" => {
                op.query =
                    vec![("purpose", json!({ "type": "string" }), "why the record is opened (audited)")];
            }
            "/api/v1/referrals" => {
                op.query = vec![
                    ("port", json!({ "type": "string" }), "one of the caller's ports"),
                    (
                        "limit",
                        json!({ "type": "integer", "minimum": 1, "maximum": 500 }),
                        "at most this many",
                    ),
                ];
            }
            "/api/v1/retention/purge" => {
                op.query = vec![(
                    "dry_run",
                    json!({ "type": "boolean" }),
                    "report what would be removed, remove nothing",
                )];
            }
            "/api/v1/overstays" => {
                op.query = vec![
                    (
                        "as_of",
                        json!({ "type": "string", "format": "date-time" }),
                        "the instant to judge at (default now)",
                    ),
                    (
                        "limit",
                        json!({ "type": "integer", "minimum": 1, "maximum": 5000 }),
                        "at most this many",
                    ),
                ];
            }
            _ => {}
        }
    }
    ops
}
