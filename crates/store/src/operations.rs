//! What a port's operations read: the secondary-inspection queue and one referral (personal data, so each
//! read is audited in its own transaction), and the port dashboard's figures (counters, no personal data).

use domain::{AuditEvent, Principal};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::json;

use crate::clearance::{INSPECTION_COLUMNS, InspectionRecord, inspection_from};
use crate::conn::Value;
use crate::{Store, StoreError};

/// One crossing counter of a port: the crossings of one local day in one direction, category, lane and
/// nationality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortCount {
    /// The local day at the port, `YYYY-MM-DD`.
    pub day: String,
    pub direction: String,
    pub category: String,
    pub lane: String,
    pub nationality: String,
    pub n: i64,
}

/// `?, ?, ?` for `n` values.
fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl Store {
    /// The crossing counters of one port for the local days `from..=to`, by day (oldest first). The
    /// counters are maintained with every movement, so a dashboard never reads the movements themselves.
    pub async fn port_crossings(
        &self,
        port: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<PortCount>, StoreError> {
        let rows = self
            .reader()
            .fetch(
                "SELECT day, direction, category, lane, nationality, CAST(n AS BIGINT) FROM crossing_count \
                 WHERE port = ? AND day >= ? AND day <= ? AND n > 0 \
                 ORDER BY day, direction, category, lane, nationality",
                &[port.into(), from.to_string().into(), to.to_string().into()],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PortCount {
                    day: r.text(0)?,
                    direction: r.text(1)?,
                    category: r.text(2)?,
                    lane: r.text(3)?,
                    nationality: r.text(4)?,
                    n: r.int(5)?,
                })
            })
            .collect()
    }

    /// How many referrals await a resolution at the given ports (a count: no personal data).
    pub async fn open_referral_count(&self, ports: &[String]) -> Result<i64, StoreError> {
        if ports.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM inspection WHERE status = 'referred' AND port IN ({})",
            marks(ports.len())
        );
        let args: Vec<Value> = ports.iter().map(Value::from).collect();
        self.reader().fetch_one(&sql, &args).await?.int(0)
    }

    /// The open referrals at `ports`, oldest first, at most `limit`: read and audited as `referrals.read`
    /// in one transaction, since the queue shows who is waiting.
    pub async fn referral_queue(
        &self,
        actor: &Principal,
        ports: &[String],
        limit: i64,
        at: Timestamp,
    ) -> Result<Vec<InspectionRecord>, StoreError> {
        if ports.is_empty() {
            return Ok(Vec::new());
        }
        let actor = actor.clone();
        let ports = ports.to_vec();
        self.write(move |tx| {
            Box::pin(async move {
                let sql = format!(
                    "SELECT {INSPECTION_COLUMNS} FROM inspection WHERE status = 'referred' AND port IN ({}) \
                     ORDER BY at, id LIMIT ?",
                    marks(ports.len())
                );
                let mut args: Vec<Value> = ports.iter().map(Value::from).collect();
                args.push(limit.into());
                let rows = tx.conn().fetch(&sql, &args).await?;
                let out = rows.iter().map(inspection_from).collect::<Result<Vec<_>, _>>()?;
                let ev = AuditEvent::new("referrals.read", "referrals")
                    .with_detail(json!({ "ports": ports, "results": out.len() }));
                tx.audit(&actor, at, &ev).await?;
                Ok(out)
            })
        })
        .await
    }

    /// One inspection, read and audited as `inspection.read` with the stated purpose in one transaction.
    /// `None` when there is no such inspection; refused (nothing read, nothing audited) when the
    /// inspection was made at a port outside the actor's scope.
    pub async fn read_inspection(
        &self,
        actor: &Principal,
        id: &str,
        purpose: Option<String>,
        at: Timestamp,
    ) -> Result<Option<InspectionRecord>, StoreError> {
        let actor = actor.clone();
        let id = id.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let Some(row) = tx
                    .conn()
                    .fetch_opt(
                        &format!("SELECT {INSPECTION_COLUMNS} FROM inspection WHERE id = ?"),
                        &[(&id).into()],
                    )
                    .await?
                else {
                    return Ok(None);
                };
                let insp = inspection_from(&row)?;
                if !actor.scope.covers_port(actor.role, &insp.port) {
                    return Err(StoreError::Invalid(format!(
                        "your account is not scoped to port {}",
                        insp.port
                    )));
                }
                let ev = AuditEvent::new("inspection.read", format!("inspection:{id}")).with_purpose(purpose);
                tx.audit(&actor, at, &ev).await?;
                Ok(Some(insp))
            })
        })
        .await
    }
}

/// The conformance check of this module (registered in [`crate::conformance::CHECKS`]).
pub(crate) async fn conformance(ctx: &crate::conformance::Ctx) -> Result<(), String> {
    use domain::{Category, Direction, Lane, Role, Scope};

    use crate::{Holder, InspectionWrite, MovementWrite};

    let ensure = |ok: bool, what: String| if ok { Ok(()) } else { Err(what) };
    let e2s = |e: StoreError| e.to_string();
    let store = ctx.open().await?;
    let seeder = Principal::system("conformance");
    let holder = |n: usize, category: Category, nationality: &str| Holder {
        issuer: nationality.to_owned(),
        number: format!("D{n:07}"),
        document_code: "P".into(),
        expiry: Some("2031-01-01".into()),
        nationality: nationality.to_owned(),
        birth_date: Some("1980-01-01".into()),
        sex: None,
        name_key: format!("SURNAME{n}<<GIVEN"),
        category,
    };
    // (port, lane, direction, category, nationality, cleared)
    let cases = [
        ("PVG", Lane::Manual, Direction::Entry, Category::Foreigner, "USA", true),
        ("PVG", Lane::Egate, Direction::Entry, Category::Mainland, "CHN", true),
        ("PVG", Lane::Egate, Direction::Exit, Category::Mainland, "CHN", true),
        ("PEK", Lane::Manual, Direction::Entry, Category::Foreigner, "GBR", true),
        ("PVG", Lane::Manual, Direction::Entry, Category::Foreigner, "USA", false),
        ("PVG", Lane::Manual, Direction::Entry, Category::Foreigner, "CAN", false),
        ("PEK", Lane::Manual, Direction::Entry, Category::Foreigner, "AUS", false),
    ];
    let mut ids = Vec::new();
    for (n, (port, lane, direction, category, nationality, cleared)) in cases.into_iter().enumerate() {
        let at = ctx.at(i64::try_from(n).unwrap_or(0) * 60);
        let id = format!("insp-{n}");
        let write = InspectionWrite {
            id: id.clone(),
            idempotency_key: None,
            at,
            port: port.into(),
            lane,
            direction,
            holder: Some(holder(n, category, nationality)),
            new_traveller_id: format!("trav-{n}"),
            known_traveller_id: None,
            decision: if cleared { "clear".into() } else { "refer".into() },
            status: if cleared { "cleared".into() } else { "referred".into() },
            reasons: json!([]),
            result: json!({ "decision": if cleared { "clear" } else { "refer" } }),
            movement: cleared.then(|| MovementWrite {
                id: format!("mov-{n}"),
                permitted_until: None,
                grant: None,
                time_zone: "Asia/Shanghai".into(),
                conveyance_id: None,
            }),
            conveyance_id: None,
        };
        store.record_inspection(&seeder, write).await.map_err(e2s)?;
        ids.push(id);
    }

    // Counters: one port only, in its local day (t0 is 08:00 in Shanghai).
    let day = ctx.t0.to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").map_err(|e| e.to_string())?).date();
    let pvg = store.port_crossings("PVG", day, day).await.map_err(e2s)?;
    let total: i64 = pvg.iter().map(|c| c.n).sum();
    let egate: i64 = pvg.iter().filter(|c| c.lane == "egate").map(|c| c.n).sum();
    let exits: i64 = pvg.iter().filter(|c| c.direction == "exit").map(|c| c.n).sum();
    ensure(total == 3 && egate == 2 && exits == 1, format!("PVG counters: {pvg:?}"))?;
    ensure(pvg.iter().all(|c| c.day == day.to_string()), format!("days: {pvg:?}"))?;
    let yesterday = day.yesterday().map_err(|e| e.to_string())?;
    let none = store.port_crossings("PVG", yesterday, yesterday).await.map_err(e2s)?;
    ensure(none.is_empty(), format!("yesterday: {none:?}"))?;
    let pek = store.port_crossings("PEK", day, day).await.map_err(e2s)?;
    ensure(pek.len() == 1 && pek.first().is_some_and(|c| c.nationality == "GBR"), format!("PEK: {pek:?}"))?;

    // Open referrals by port.
    let count = |ports: &[&str]| ports.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
    let open = store.open_referral_count(&count(&["PVG"])).await.map_err(e2s)?;
    let both = store.open_referral_count(&count(&["PVG", "PEK"])).await.map_err(e2s)?;
    let nowhere = store.open_referral_count(&[]).await.map_err(e2s)?;
    ensure((open, both, nowhere) == (2, 3, 0), format!("open referrals: {open}, {both}, {nowhere}"))?;

    // The queue: the officer's port only, oldest first, and the read is audited.
    let officer = Principal {
        id: "u-officer".into(),
        name: "officer.pvg".into(),
        kind: domain::PrincipalKind::User,
        role: Role::Officer,
        scope: Scope { ports: vec!["PVG".into()], ..Scope::default() },
    };
    let queue = store.referral_queue(&officer, &count(&["PVG"]), 10, ctx.at(600)).await.map_err(e2s)?;
    let queued: Vec<&str> = queue.iter().map(|i| i.id.as_str()).collect();
    ensure(queued == ["insp-4", "insp-5"], format!("queue: {queued:?}"))?;
    let one = store.referral_queue(&officer, &count(&["PVG"]), 1, ctx.at(600)).await.map_err(e2s)?;
    ensure(one.len() == 1, format!("limit: {}", one.len()))?;

    // One referral: refused outside the officer's ports, read and audited with the purpose inside them.
    let outside = store.read_inspection(&officer, "insp-6", Some("secondary".into()), ctx.at(601)).await;
    ensure(matches!(outside, Err(StoreError::Invalid(_))), format!("outside the scope: {outside:?}"))?;
    let missing = store.read_inspection(&officer, "no-such", None, ctx.at(601)).await.map_err(e2s)?;
    ensure(missing.is_none(), "a missing inspection".into())?;
    let read = store
        .read_inspection(&officer, "insp-4", Some("secondary inspection".into()), ctx.at(602))
        .await
        .map_err(e2s)?;
    ensure(read.is_some_and(|i| i.status == "referred" && i.port == "PVG"), "insp-4 not read".into())?;
    let audit = store.audit_page(0, 100).await.map_err(e2s)?;
    let actions: Vec<(&str, &str, Option<&str>)> = audit
        .iter()
        .filter(|r| r.actor_id == "u-officer")
        .map(|r| (r.action.as_str(), r.subject.as_str(), r.purpose.as_deref()))
        .collect();
    let expected = [
        ("referrals.read", "referrals", None),
        ("referrals.read", "referrals", None),
        ("inspection.read", "inspection:insp-4", Some("secondary inspection")),
    ];
    ensure(actions == expected, format!("audit: {actions:?}"))?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), "chain broken".into())
}
