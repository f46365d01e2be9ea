//! Travellers, inspections, movements and stays: what border clearance writes and reads.
//!
//! An inspection is recorded in one writer transaction with everything it implies — the traveller linked
//! or created (identity follows a person across document renewals: the document first, then nationality,
//! birth date and name), the document seen, the movement and the stay it opens or closes, the crossing
//! counters the statistics read, and the audit record. The idempotency key is checked inside that same
//! transaction, so a retried request can never record twice.

use domain::{AuditEvent, Category, Direction, Lane, Principal};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

use crate::conn::{Conn, Row, Statement, Value};
use crate::{Store, StoreError};

/// What a travel document says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    pub issuer: String,
    pub number: String,
    pub document_code: String,
    /// `YYYY-MM-DD`.
    pub expiry: Option<String>,
    pub nationality: String,
    /// `YYYY-MM-DD`, or `None` when (partly) unknown.
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    /// A normalised `PRIMARY<<SECONDARY` name used to link documents of the same person.
    pub name_key: String,
    pub category: Category,
}

/// A stay as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StayRecord {
    pub entry_movement_id: String,
    pub traveller_id: String,
    pub entered_at: Timestamp,
    pub port: String,
    pub permitted_until: Option<Timestamp>,
    pub time_zone: String,
    pub grant: Option<serde_json::Value>,
    pub exit_movement_id: Option<String>,
    pub exited_at: Option<Timestamp>,
}

/// A remembered "not the same person".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DispositionRecord {
    pub list: String,
    pub entry_id: String,
    pub entry_version: i64,
    pub actor_id: String,
    pub at: Timestamp,
}

/// What the store knows about a traveller when an inspection starts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TravellerContext {
    pub traveller_id: Option<String>,
    /// The stay not yet closed by an exit, if any.
    pub open_stay: Option<StayRecord>,
    /// Earlier stays (entered within the last two years), newest first, for rolling limits.
    pub stays: Vec<StayRecord>,
    pub egate_enrolled: bool,
    pub dispositions: Vec<DispositionRecord>,
}

/// The movement an inspection or a resolution records.
#[derive(Debug, Clone)]
pub struct MovementWrite {
    pub id: String,
    pub permitted_until: Option<Timestamp>,
    pub grant: Option<serde_json::Value>,
    /// IANA zone of the port, for stays and the local day of the counters.
    pub time_zone: String,
    pub conveyance_id: Option<String>,
}

/// An inspection to record.
#[derive(Debug, Clone)]
pub struct InspectionWrite {
    pub id: String,
    pub idempotency_key: Option<String>,
    pub at: Timestamp,
    pub port: String,
    pub lane: Lane,
    pub direction: Direction,
    /// `None` when the document could not be read at all.
    pub holder: Option<Holder>,
    /// A fresh id to use if the traveller is new.
    pub new_traveller_id: String,
    /// The traveller the holder's document already belongs to, when the caller read it just before
    /// ([`Store::traveller_context`]): the write then does not look the traveller up again. Documents
    /// are never reassigned, so the id stays true; `None` looks it up inside the write.
    pub known_traveller_id: Option<String>,
    pub decision: String,
    pub status: String,
    pub reasons: serde_json::Value,
    /// The whole answer given to the caller, stored so a replay gives the same answer.
    pub result: serde_json::Value,
    pub movement: Option<MovementWrite>,
    pub conveyance_id: Option<String>,
}

/// What recording produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    New {
        traveller_id: Option<String>,
        movement_id: Option<String>,
    },
    /// The idempotency key was seen before: the stored answer, unchanged.
    Replayed {
        result: serde_json::Value,
        traveller_id: Option<String>,
    },
}

/// An officer's resolution of a referral.
#[derive(Debug, Clone)]
pub struct ResolutionWrite {
    pub inspection_id: String,
    pub at: Timestamp,
    /// The new status: `admitted`, `refused` or `hit-confirmed`.
    pub status: String,
    /// What the officer decided and why (legal basis, note), stored as given.
    pub resolution: serde_json::Value,
    /// The admission's movement (for `admitted`).
    pub movement: Option<MovementWrite>,
    /// Watchlist entries `(list, id, version)` the officer dismissed as not this traveller.
    pub not_same_person: Vec<(String, String, i64)>,
}

/// An inspection as stored.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionRecord {
    pub id: String,
    pub at: Timestamp,
    pub port: String,
    pub lane: String,
    pub direction: String,
    pub actor_id: String,
    pub traveller_id: Option<String>,
    pub decision: String,
    pub status: String,
    pub reasons: serde_json::Value,
    pub result: serde_json::Value,
    pub resolution: Option<serde_json::Value>,
    pub movement_id: Option<String>,
}

pub(crate) const INSPECTION_COLUMNS: &str = "id, at, port, lane, direction, actor_id, traveller_id, decision, status, reasons, result, resolution, movement_id";

pub(crate) fn inspection_from(r: &Row) -> Result<InspectionRecord, StoreError> {
    Ok(InspectionRecord {
        id: r.text(0)?,
        at: r.timestamp(1)?,
        port: r.text(2)?,
        lane: r.text(3)?,
        direction: r.text(4)?,
        actor_id: r.text(5)?,
        traveller_id: r.opt_text(6)?,
        decision: r.text(7)?,
        status: r.text(8)?,
        reasons: r.json(9)?,
        result: r.json(10)?,
        resolution: r
            .opt_text(11)?
            .map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| StoreError::Decode(e.to_string()))?,
        movement_id: r.opt_text(12)?,
    })
}

const STAY_COLUMNS: &str = "entry_movement_id, traveller_id, entered_at, port, permitted_until, time_zone, grant_json, \
                            exit_movement_id, exited_at";

fn stay_from(r: &Row) -> Result<StayRecord, StoreError> {
    Ok(StayRecord {
        entry_movement_id: r.text(0)?,
        traveller_id: r.text(1)?,
        entered_at: r.timestamp(2)?,
        port: r.text(3)?,
        permitted_until: r.opt_timestamp(4)?,
        time_zone: r.text(5)?,
        grant: r
            .opt_text(6)?
            .map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| StoreError::Decode(e.to_string()))?,
        exit_movement_id: r.opt_text(7)?,
        exited_at: r.opt_timestamp(8)?,
    })
}

/// A movement as stored.
#[derive(Debug, Clone, Serialize)]
pub struct MovementRecord {
    pub id: String,
    pub inspection_id: String,
    pub at: Timestamp,
    pub port: String,
    pub lane: String,
    pub direction: String,
    pub category: String,
    pub nationality: String,
    pub permitted_until: Option<Timestamp>,
    pub grant: Option<serde_json::Value>,
}

/// A traveller's whole record, for the console's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TravellerRecord {
    pub id: String,
    pub nationality: String,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub name_key: String,
    pub category: String,
    pub documents: Vec<serde_json::Value>,
    pub movements: Vec<MovementRecord>,
    pub stays: Vec<StayRecord>,
    pub inspections: Vec<InspectionRecord>,
}

/// The local calendar day of an instant in a zone, `YYYY-MM-DD` (UTC if the zone is unknown).
pub fn local_day(at: Timestamp, zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    at.to_zoned(tz).date().to_string()
}

/// Who holds a document: its traveller, or for a renewed document the one traveller of the same
/// nationality, full birth date and name (only an unambiguous match links; no birth date, no link).
/// Arguments: issuer, number, nationality, birth date, name key ([`identity_args`]).
const TRAVELLER_ID_SQL: &str = "SELECT COALESCE(\
       (SELECT traveller_id FROM travel_document WHERE issuer = ? AND number = ?), \
       (SELECT CASE WHEN COUNT(*) = 1 THEN MIN(c.id) END FROM \
          (SELECT id FROM traveller WHERE nationality = ? AND birth_date = ? AND name_key = ? LIMIT 2) AS c)) AS id";

fn identity_args(h: &Holder) -> [Value; 5] {
    [
        (&h.issuer).into(),
        (&h.number).into(),
        (&h.nationality).into(),
        h.birth_date.as_deref().into(),
        (&h.name_key).into(),
    ]
}

async fn find_traveller(conn: &mut dyn Conn, h: &Holder) -> Result<Option<String>, StoreError> {
    conn.fetch_one(TRAVELLER_ID_SQL, &identity_args(h)).await?.opt_text(0)
}

/// [`Store::traveller_context`] in one statement: who holds the document ([`TRAVELLER_ID_SQL`]), that
/// traveller's recent and open stays, e-gate enrolment and dispositions. One read instead of four: each
/// statement is a hand-off to the database's worker and back, which cost more than the reads themselves
/// under load. Every row has the stay columns first (a disposition's fields sit in the stay columns of the
/// same type, so that PostgreSQL's union resolves one type per column) and its kind last.
static CONTEXT_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "WITH t AS ({TRAVELLER_ID_SQL}) \
         SELECT * FROM (SELECT {STAY_COLUMNS}, 's' AS kind FROM stay \
             WHERE traveller_id = (SELECT id FROM t) AND (entered_at >= ? OR exited_at IS NULL) \
             ORDER BY entered_at DESC LIMIT 200) AS s \
         UNION ALL SELECT id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 't' FROM t WHERE id IS NOT NULL \
         UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'e' FROM egate_enrolment \
             WHERE traveller_id = (SELECT id FROM t) AND valid_until > ? \
         UNION ALL SELECT list, entry_id, entry_version, actor_id, at, NULL, NULL, NULL, NULL, 'd' FROM disposition \
             WHERE traveller_id = (SELECT id FROM t)"
    )
});

async fn context_of(conn: &mut dyn Conn, h: &Holder, at: Timestamp) -> Result<TravellerContext, StoreError> {
    let since = at - jiff::SignedDuration::from_hours(24 * 730);
    let rows =
        conn.fetch(&CONTEXT_SQL, &[identity_args(h).as_slice(), &[since.into(), at.into()]].concat()).await?;
    let mut ctx = TravellerContext::default();
    let mut stays = Vec::new();
    for r in &rows {
        match r.text(9)?.as_str() {
            "s" => stays.push(stay_from(r)?),
            "t" => ctx.traveller_id = Some(r.text(0)?),
            "e" => ctx.egate_enrolled = true,
            _ => ctx.dispositions.push(DispositionRecord {
                list: r.text(0)?,
                entry_id: r.text(1)?,
                entry_version: r.int(2)?,
                actor_id: r.text(3)?,
                at: r.timestamp(4)?,
            }),
        }
    }
    // Newest first (a union does not promise to keep its branch's order).
    stays.sort_by_key(|s| std::cmp::Reverse(s.entered_at));
    ctx.open_stay = stays.iter().find(|s| s.exited_at.is_none()).cloned();
    ctx.stays = stays.into_iter().filter(|s| s.entered_at >= since).collect();
    Ok(ctx)
}

/// Who crossed where and how, for [`insert_movement`].
struct Crossing<'a> {
    traveller_id: &'a str,
    inspection_id: &'a str,
    at: Timestamp,
    port: &'a str,
    lane: Lane,
    direction: Direction,
    category: Category,
    nationality: &'a str,
}

/// Inserts a movement, opens or closes the stay, and counts the crossing.
async fn insert_movement(conn: &mut dyn Conn, m: &MovementWrite, c: Crossing<'_>) -> Result<(), StoreError> {
    conn.execute_many(&movement_statements(m, c)).await.map(|_| ())
}

/// The statements of [`insert_movement`], for a job that sends its writes together.
fn movement_statements(m: &MovementWrite, c: Crossing<'_>) -> Vec<Statement> {
    let Crossing { traveller_id, inspection_id, at, port, lane, direction, category, nationality } = c;
    let grant = m.grant.as_ref().map(serde_json::Value::to_string);
    let mut out = vec![(
        "INSERT INTO movement (id, traveller_id, inspection_id, at, port, lane, direction, category, nationality, \
         permitted_until, grant_json, conveyance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            .to_owned(),
        vec![
            (&m.id).into(),
            traveller_id.into(),
            inspection_id.into(),
            at.into(),
            port.into(),
            lane.as_str().into(),
            direction.as_str().into(),
            category.as_str().into(),
            nationality.into(),
            m.permitted_until.into(),
            grant.clone().into(),
            m.conveyance_id.clone().into(),
        ],
    )];
    match direction {
        // Only foreigners' stays are limited; residents' entries are recorded as movements only.
        Direction::Entry if category == Category::Foreigner => out.push((
            "INSERT INTO stay (entry_movement_id, traveller_id, entered_at, port, permitted_until, time_zone, grant_json) \
             VALUES (?, ?, ?, ?, ?, ?, ?)"
                .to_owned(),
            vec![
                (&m.id).into(),
                traveller_id.into(),
                at.into(),
                port.into(),
                m.permitted_until.into(),
                (&m.time_zone).into(),
                grant.into(),
            ],
        )),
        Direction::Entry => {}
        Direction::Exit => out.push((
            "UPDATE stay SET exit_movement_id = ?, exited_at = ? WHERE traveller_id = ? AND exited_at IS NULL".to_owned(),
            vec![(&m.id).into(), at.into(), traveller_id.into()],
        )),
    }
    out.push((
        "INSERT INTO crossing_count (day, port, direction, category, nationality, lane, n) VALUES (?, ?, ?, ?, ?, ?, 1) \
         ON CONFLICT (day, port, direction, category, nationality, lane) DO UPDATE SET n = crossing_count.n + 1"
            .to_owned(),
        vec![
            local_day(at, &m.time_zone).into(),
            port.into(),
            direction.as_str().into(),
            category.as_str().into(),
            nationality.into(),
            lane.as_str().into(),
        ],
    ));
    out
}

impl Store {
    /// What is known about the holder of a document (read-only, for the pipeline's decision).
    pub async fn traveller_context(
        &self,
        holder: &Holder,
        at: Timestamp,
    ) -> Result<TravellerContext, StoreError> {
        context_of(self.reader().as_mut(), holder, at).await
    }

    /// The stored answer for an idempotency key, if that key was used before.
    pub async fn inspection_by_key(&self, key: &str) -> Result<Option<InspectionRecord>, StoreError> {
        let row = self
            .reader()
            .fetch_opt(
                &format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE idempotency_key = ?"),
                &[key.into()],
            )
            .await?;
        row.as_ref().map(inspection_from).transpose()
    }

    /// Records an inspection and all it implies, audited as `inspection.create`.
    pub async fn record_inspection(
        &self,
        actor: &Principal,
        w: InspectionWrite,
    ) -> Result<Recorded, StoreError> {
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                if let Some(key) = &w.idempotency_key
                    && let Some(r) = tx
                        .conn()
                        .fetch_opt("SELECT result, traveller_id FROM inspection WHERE idempotency_key = ?", &[key.into()])
                        .await?
                {
                    return Ok(Recorded::Replayed { result: r.json(0)?, traveller_id: r.opt_text(1)? });
                }
                // Reads first (who is this traveller), then every write of the inspection in one round trip.
                let mut writes: Vec<Statement> = Vec::with_capacity(8);
                let mut traveller_id = None;
                if let Some(h) = &w.holder {
                    let known = match &w.known_traveller_id {
                        Some(id) => Some(id.clone()),
                        None => find_traveller(tx.conn(), h).await?,
                    };
                    let id = match known {
                        Some(id) => id,
                        None => {
                            writes.push((
                                "INSERT INTO traveller (id, nationality, birth_date, sex, name_key, category, created_at) \
                                 VALUES (?, ?, ?, ?, ?, ?, ?)"
                                    .to_owned(),
                                vec![
                                    (&w.new_traveller_id).into(),
                                    (&h.nationality).into(),
                                    h.birth_date.clone().into(),
                                    h.sex.clone().into(),
                                    (&h.name_key).into(),
                                    h.category.as_str().into(),
                                    w.at.into(),
                                ],
                            ));
                            w.new_traveller_id.clone()
                        }
                    };
                    writes.push((
                        "INSERT INTO travel_document (issuer, number, traveller_id, document_code, expiry, first_seen, last_seen) \
                         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, number) DO UPDATE SET last_seen = excluded.last_seen"
                            .to_owned(),
                        vec![
                            (&h.issuer).into(),
                            (&h.number).into(),
                            (&id).into(),
                            (&h.document_code).into(),
                            h.expiry.clone().into(),
                            w.at.into(),
                            w.at.into(),
                        ],
                    ));
                    traveller_id = Some(id);
                }
                let movement_id = w.movement.as_ref().map(|m| m.id.clone());
                writes.push((
                    "INSERT INTO inspection (id, idempotency_key, at, port, lane, direction, actor_id, traveller_id, \
                     decision, status, reasons, result, movement_id, conveyance_id) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        .to_owned(),
                    vec![
                        (&w.id).into(),
                        w.idempotency_key.clone().into(),
                        w.at.into(),
                        (&w.port).into(),
                        w.lane.as_str().into(),
                        w.direction.as_str().into(),
                        (&actor.id).into(),
                        traveller_id.clone().into(),
                        (&w.decision).into(),
                        (&w.status).into(),
                        w.reasons.to_string().into(),
                        w.result.to_string().into(),
                        movement_id.clone().into(),
                        w.conveyance_id.clone().into(),
                    ],
                ));
                if let (Some(m), Some(tid), Some(h)) = (&w.movement, &traveller_id, &w.holder) {
                    let c = Crossing {
                        traveller_id: tid,
                        inspection_id: &w.id,
                        at: w.at,
                        port: &w.port,
                        lane: w.lane,
                        direction: w.direction,
                        category: h.category,
                        nationality: &h.nationality,
                    };
                    writes.extend(movement_statements(m, c));
                }
                let codes: Vec<&str> =
                    w.reasons.as_array().into_iter().flatten().filter_map(|r| r["code"].as_str()).collect();
                let ev = AuditEvent::new("inspection.create", format!("inspection:{}", w.id)).with_detail(json!({
                    "port": w.port, "lane": w.lane, "direction": w.direction, "decision": w.decision,
                    "reasons": codes, "traveller": traveller_id, "movement": movement_id,
                }));
                let (_, audit) = tx.audit_statements(&actor, w.at, &ev)?;
                writes.extend(audit);
                tx.conn().execute_many(&writes).await?;
                Ok(Recorded::New { traveller_id, movement_id })
            })
        })
        .await
    }

    /// One inspection.
    pub async fn inspection(&self, id: &str) -> Result<Option<InspectionRecord>, StoreError> {
        let row = self
            .reader()
            .fetch_opt(&format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE id = ?"), &[id.into()])
            .await?;
        row.as_ref().map(inspection_from).transpose()
    }

    /// Open referrals, oldest first, at the given ports (all ports when `None`).
    pub async fn referrals(
        &self,
        ports: Option<&[String]>,
        limit: i64,
    ) -> Result<Vec<InspectionRecord>, StoreError> {
        let mut sql = format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE status = 'referred'");
        let mut args: Vec<Value> = Vec::new();
        if let Some(ports) = ports {
            if ports.is_empty() {
                return Ok(Vec::new());
            }
            sql.push_str(&format!(" AND port IN ({})", vec!["?"; ports.len()].join(", ")));
            args.extend(ports.iter().map(Value::from));
        }
        sql.push_str(" ORDER BY at LIMIT ?");
        args.push(limit.into());
        let rows = self.reader().fetch(&sql, &args).await?;
        rows.iter().map(inspection_from).collect()
    }

    /// Resolves a referral: the officer's act, audited as `inspection.resolve`.
    pub async fn resolve_inspection(
        &self,
        actor: &Principal,
        r: ResolutionWrite,
    ) -> Result<InspectionRecord, StoreError> {
        let actor = actor.clone();
        let ResolutionWrite { inspection_id: id, at, status, resolution, movement, not_same_person } = r;
        self.write(move |tx| {
            Box::pin(async move {
                let row = tx
                    .conn()
                    .fetch_opt(&format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE id = ?"), &[(&id).into()])
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("no inspection {id}")))?;
                let insp = inspection_from(&row)?;
                if insp.status != "referred" {
                    return Err(StoreError::Conflict(format!("inspection {id} is {}, not awaiting a resolution", insp.status)));
                }
                if !actor.scope.covers_port(actor.role, &insp.port) {
                    return Err(StoreError::Invalid(format!("your account is not scoped to port {}", insp.port)));
                }
                let mut movement_id = None;
                if let (Some(m), Some(tid)) = (&movement, &insp.traveller_id) {
                    let t = tx
                        .conn()
                        .fetch_one("SELECT category, nationality FROM traveller WHERE id = ?", &[tid.into()])
                        .await?;
                    let category = Category::parse(&t.text(0)?).unwrap_or(Category::Foreigner);
                    let lane = Lane::parse(&insp.lane).unwrap_or(Lane::Manual);
                    let direction = Direction::parse(&insp.direction).unwrap_or(Direction::Entry);
                    let nationality = t.text(1)?;
                    let c = Crossing {
                        traveller_id: tid,
                        inspection_id: &id,
                        at,
                        port: &insp.port,
                        lane,
                        direction,
                        category,
                        nationality: &nationality,
                    };
                    insert_movement(tx.conn(), m, c).await?;
                    movement_id = Some(m.id.clone());
                }
                if let Some(tid) = &insp.traveller_id {
                    for (list, entry, version) in &not_same_person {
                        tx.conn()
                            .execute(
                                "INSERT INTO disposition (traveller_id, list, entry_id, entry_version, actor_id, at) \
                                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (traveller_id, list, entry_id) DO UPDATE SET \
                                 entry_version = excluded.entry_version, actor_id = excluded.actor_id, at = excluded.at",
                                &[tid.into(), list.into(), entry.into(), (*version).into(), (&actor.id).into(), at.into()],
                            )
                            .await?;
                    }
                }
                tx.conn()
                    .execute(
                        "UPDATE inspection SET status = ?, resolution = ?, movement_id = COALESCE(?, movement_id) WHERE id = ?",
                        &[(&status).into(), resolution.to_string().into(), movement_id.clone().into(), (&id).into()],
                    )
                    .await?;
                let ev = AuditEvent::new("inspection.resolve", format!("inspection:{id}")).with_detail(json!({
                    "status": status, "movement": movement_id, "legal_basis": resolution.get("legal_basis"),
                    "not_same_person": not_same_person.iter().map(|(l, e, v)| format!("{l}/{e}@{v}")).collect::<Vec<_>>(),
                }));
                tx.audit(&actor, at, &ev).await?;
                let row = tx
                    .conn()
                    .fetch_one(&format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE id = ?"), &[(&id).into()])
                    .await?;
                inspection_from(&row)
            })
        })
        .await
    }

    /// A traveller's record, read and audited (`traveller.read`, with the stated purpose) in one transaction.
    pub async fn traveller_record(
        &self,
        actor: &Principal,
        traveller_id: &str,
        purpose: Option<String>,
        at: Timestamp,
    ) -> Result<Option<TravellerRecord>, StoreError> {
        self.traveller_record_as(actor, traveller_id, purpose, at, "traveller.read").await
    }

    /// A traveller's record for export (e.g. to answer a data-subject request or a court order), audited
    /// as `traveller.export` with its purpose, in the same transaction as the read.
    pub async fn traveller_export(
        &self,
        actor: &Principal,
        traveller_id: &str,
        purpose: Option<String>,
        at: Timestamp,
    ) -> Result<Option<TravellerRecord>, StoreError> {
        self.traveller_record_as(actor, traveller_id, purpose, at, "traveller.export").await
    }

    async fn traveller_record_as(
        &self,
        actor: &Principal,
        traveller_id: &str,
        purpose: Option<String>,
        at: Timestamp,
        action: &'static str,
    ) -> Result<Option<TravellerRecord>, StoreError> {
        let actor = actor.clone();
        let id = traveller_id.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let Some(t) = tx
                    .conn()
                    .fetch_opt("SELECT id, nationality, birth_date, sex, name_key, category FROM traveller WHERE id = ?", &[(&id).into()])
                    .await?
                else {
                    return Ok(None);
                };
                let documents = tx
                    .conn()
                    .fetch(
                        "SELECT issuer, number, document_code, expiry, first_seen, last_seen FROM travel_document \
                         WHERE traveller_id = ? ORDER BY first_seen",
                        &[(&id).into()],
                    )
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(json!({
                            "issuer": r.text(0)?, "number": r.text(1)?, "document_code": r.text(2)?,
                            "expiry": r.opt_text(3)?, "first_seen": r.timestamp(4)?, "last_seen": r.timestamp(5)?,
                        }))
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let movements = tx
                    .conn()
                    .fetch(
                        "SELECT id, inspection_id, at, port, lane, direction, category, nationality, permitted_until, grant_json \
                         FROM movement WHERE traveller_id = ? ORDER BY at DESC LIMIT 500",
                        &[(&id).into()],
                    )
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(MovementRecord {
                            id: r.text(0)?,
                            inspection_id: r.text(1)?,
                            at: r.timestamp(2)?,
                            port: r.text(3)?,
                            lane: r.text(4)?,
                            direction: r.text(5)?,
                            category: r.text(6)?,
                            nationality: r.text(7)?,
                            permitted_until: r.opt_timestamp(8)?,
                            grant: r
                                .opt_text(9)?
                                .map(|t| serde_json::from_str(&t))
                                .transpose()
                                .map_err(|e| StoreError::Decode(e.to_string()))?,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let stays = tx
                    .conn()
                    .fetch(&format!("SELECT {STAY_COLUMNS} FROM stay WHERE traveller_id = ? ORDER BY entered_at DESC"), &[(&id).into()])
                    .await?
                    .iter()
                    .map(stay_from)
                    .collect::<Result<Vec<_>, _>>()?;
                let inspections = tx
                    .conn()
                    .fetch(
                        &format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE traveller_id = ? ORDER BY at DESC LIMIT 200"),
                        &[(&id).into()],
                    )
                    .await?
                    .iter()
                    .map(inspection_from)
                    .collect::<Result<Vec<_>, _>>()?;
                let ev = AuditEvent::new(action, format!("traveller:{id}")).with_purpose(purpose);
                tx.audit(&actor, at, &ev).await?;
                Ok(Some(TravellerRecord {
                    id: t.text(0)?,
                    nationality: t.text(1)?,
                    birth_date: t.opt_text(2)?,
                    sex: t.opt_text(3)?,
                    name_key: t.text(4)?,
                    category: t.text(5)?,
                    documents,
                    movements,
                    stays,
                    inspections,
                }))
            })
        })
        .await
    }

    /// Open stays whose `permitted_until` is before `as_of`, oldest deadline first; audited as
    /// `overstays.read` (the list names people).
    pub async fn overstays(
        &self,
        actor: &Principal,
        as_of: Timestamp,
        limit: i64,
    ) -> Result<Vec<(StayRecord, String)>, StoreError> {
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let rows = tx
                    .conn()
                    .fetch(
                        &format!(
                            "SELECT {}, t.nationality FROM stay s JOIN traveller t ON t.id = s.traveller_id \
                             WHERE s.exited_at IS NULL AND s.permitted_until IS NOT NULL AND s.permitted_until <= ? \
                             ORDER BY s.permitted_until LIMIT ?",
                            STAY_COLUMNS.split(", ").map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ")
                        ),
                        &[as_of.into(), limit.into()],
                    )
                    .await?;
                let out = rows.iter().map(|r| Ok((stay_from(r)?, r.text(9)?))).collect::<Result<Vec<_>, StoreError>>()?;
                let ev = AuditEvent::new("overstays.read", "overstays").with_detail(json!({ "as_of": as_of, "results": out.len() }));
                tx.audit(&actor, as_of, &ev).await?;
                Ok(out)
            })
        })
        .await
    }

    /// How many foreigners are in the country (open stays).
    pub async fn present_count(&self) -> Result<i64, StoreError> {
        self.reader()
            .fetch_one("SELECT CAST(COUNT(*) AS BIGINT) FROM stay WHERE exited_at IS NULL", &[])
            .await?
            .int(0)
    }

    /// Enrols a traveller for e-gates until `valid_until`; audited as `egate.enrol`.
    pub async fn enrol_egate(
        &self,
        actor: &Principal,
        traveller_id: &str,
        at: Timestamp,
        valid_until: Timestamp,
    ) -> Result<(), StoreError> {
        let actor = actor.clone();
        let id = traveller_id.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                tx.conn()
                    .execute(
                        "INSERT INTO egate_enrolment (traveller_id, enrolled_at, valid_until) VALUES (?, ?, ?) \
                         ON CONFLICT (traveller_id) DO UPDATE SET valid_until = excluded.valid_until",
                        &[(&id).into(), at.into(), valid_until.into()],
                    )
                    .await?;
                tx.audit(&actor, at, &AuditEvent::new("egate.enrol", format!("traveller:{id}"))).await?;
                Ok(())
            })
        })
        .await
    }
}
