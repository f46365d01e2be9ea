//! The storage conformance suite: one list of checks that every backend must pass. `tests/store.rs` runs it
//! on SQLite always, and on PostgreSQL when `GUOMEN_TEST_POSTGRES` names a server.
//!
//! Each check opens the store afresh where it needs to (so reopening — durability — is exercised too) and
//! uses a raw connection only to play the attacker who edits the audit table behind guomen's back.

use std::future::Future;
use std::pin::Pin;

use domain::{AuditEvent, Principal, Role, Scope};
use jiff::{SignedDuration, Timestamp};

use crate::conn::Conn;
use crate::{Backend, Location, NewToken, NewUser, SessionRecord, Store, StoreConfig, StoreError};

/// A failed check: its name and what went wrong.
#[derive(Debug)]
pub struct Failure {
    pub check: &'static str,
    pub message: String,
}

type CheckResult = Result<(), String>;
type CheckFn = for<'a> fn(&'a Ctx) -> Pin<Box<dyn Future<Output = CheckResult> + 'a>>;

/// What a check gets: where the database is, and a clock that starts at a fixed instant.
pub struct Ctx {
    pub location: Location,
    pub t0: Timestamp,
}

impl Ctx {
    pub async fn open(&self) -> Result<Store, String> {
        Store::open(StoreConfig {
            location: self.location.clone(),
            audit_signing_key: Some([7u8; 32]),
            checkpoint_every: 5,
        })
        .await
        .map_err(|e| e.to_string())
    }

    pub fn at(&self, seconds: i64) -> Timestamp {
        self.t0 + SignedDuration::from_secs(seconds)
    }

    async fn raw(&self) -> Result<Box<dyn Conn>, String> {
        let (w, _) = match &self.location {
            Location::Sqlite(p) => crate::sqlite::open(p).await,
            Location::Postgres(u) => crate::postgres::open(u).await,
        }
        .map_err(|e| e.to_string())?;
        Ok(w)
    }
}

fn ensure(cond: bool, what: impl FnOnce() -> String) -> CheckResult {
    if cond { Ok(()) } else { Err(what()) }
}

fn e2s(e: StoreError) -> String {
    e.to_string()
}

fn admin() -> Principal {
    Principal::system("conformance")
}

fn new_user(ctx: &Ctx, username: &str, role: Role, ports: &[&str]) -> NewUser {
    NewUser {
        id: format!("u-{username}"),
        username: username.to_owned(),
        display_name: format!("Officer {username}"),
        role,
        scope: Scope { ports: ports.iter().map(|p| (*p).to_owned()).collect(), ..Scope::default() },
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$ZmFrZWhhc2g".into(),
        at: ctx.at(0),
    }
}

/// Every check, by name. The suite is one table so that both backends run exactly the same list.
pub const CHECKS: &[(&str, CheckFn)] = &[
    ("reference data is loaded", |c| Box::pin(reference_data(c))),
    ("accounts: create, look up, reject duplicates and bad scopes", |c| Box::pin(accounts(c))),
    ("sign-in: failures lock, success opens a session, logout ends it", |c| Box::pin(sessions(c))),
    ("API tokens: create, find by hash, expire, revoke", |c| Box::pin(tokens(c))),
    ("audit: every act is recorded, searchable and verifies", |c| Box::pin(audit_records(c))),
    ("audit: the database refuses UPDATE and DELETE", |c| Box::pin(append_only(c))),
    ("audit: tampering behind guomen's back is detected", |c| Box::pin(tampering(c))),
    ("writer: concurrent writes are grouped, ordered and isolated", |c| Box::pin(group_commit(c))),
    ("durability: data and the chain survive reopening", |c| Box::pin(reopen(c))),
    ("writer: two processes append to one chain in turn", |c| Box::pin(two_writers(c))),
    ("history: bulk import of earlier movements and their counters", |c| Box::pin(history(c))),
    (
        "clearance: the traveller's context — stays, open stay, e-gate, dispositions, renewed documents",
        |c| Box::pin(traveller_context(c)),
    ),
    ("retention: the purge removes expired records, keeps open stays, and is audited", |c| {
        Box::pin(retention(c))
    }),
    ("port operations: audited referral queue and reads, port counters", |c| {
        Box::pin(crate::operations::conformance(c))
    }),
    (
        "watchlists: versioned imports, merge and replace, ids unique across lists, put, remove, dispositions",
        |c| Box::pin(crate::watchlist::conformance(c)),
    ),
    ("manifests: save and update lists with their verdicts at a revision, audited reads", |c| {
        Box::pin(crate::manifests::conformance::saving(c))
    }),
    ("manifests: the arrival link, no-shows and unmanifested arrivals", |c| {
        Box::pin(crate::manifests::conformance::arrivals(c))
    }),
];

/// Runs every check against fresh databases made by `fresh` (one per check) and returns the failures.
pub async fn run<F, Fut>(mut fresh: F) -> Vec<Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Location>,
{
    let t0 = Timestamp::from_second(1_767_225_600).unwrap_or(Timestamp::UNIX_EPOCH); // 2026-01-01T00:00Z
    let mut failures = Vec::new();
    for (name, check) in CHECKS {
        let ctx = Ctx { location: fresh().await, t0 };
        let started = std::time::Instant::now();
        let result = check(&ctx).await;
        eprintln!("conformance: {name} ({:.2} s)", started.elapsed().as_secs_f64());
        if let Err(message) = result {
            failures.push(Failure { check: name, message });
        }
    }
    failures
}

async fn reference_data(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let countries = store.country_count().await.map_err(e2s)?;
    let expected = i64::try_from(codes::countries().len()).unwrap_or(0);
    ensure(countries == expected && countries > 0, || {
        format!("{countries} countries stored, {expected} shipped")
    })?;
    let ports = store.ports().await.map_err(e2s)?;
    ensure(ports.len() == codes::ports().len(), || "port table differs from the registry".into())?;
    let pvg = ports.iter().find(|p| p.code == "PVG").ok_or("PVG missing")?;
    ensure(pvg.time_zone == "Asia/Shanghai" && pvg.kind == "air", || format!("PVG stored as {pvg:?}"))?;
    // Syncing again (every start does) must not duplicate anything.
    drop(store);
    let store = ctx.open().await?;
    ensure(store.country_count().await.map_err(e2s)? == countries, || {
        "reference sync is not idempotent".into()
    })
}

async fn accounts(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let created =
        store.create_user(&admin(), new_user(ctx, "li.wei", Role::Officer, &["PVG"])).await.map_err(e2s)?;
    ensure(created.role == Role::Officer && created.scope.ports == ["PVG"], || format!("{created:?}"))?;
    let found = store.user_by_username("li.wei").await.map_err(e2s)?.ok_or("user not found")?;
    ensure(found == created, || "lookup differs from create".into())?;
    ensure(found.principal().scope.covers_port(Role::Officer, "pvg"), || "scope does not cover PVG".into())?;
    match store.create_user(&admin(), new_user(ctx, "li.wei", Role::Officer, &["PEK"])).await {
        Err(StoreError::Conflict(m)) => ensure(m.contains("li.wei"), || m.clone())?,
        other => return Err(format!("duplicate username gave {other:?}")),
    }
    match store.create_user(&admin(), new_user(ctx, "no.port", Role::Officer, &[])).await {
        Err(StoreError::Invalid(m)) => ensure(m.contains("port"), || m.clone())?,
        other => return Err(format!("officer without a port gave {other:?}")),
    }
    ensure(store.user_by_username("nobody").await.map_err(e2s)?.is_none(), || "phantom user".into())?;
    let all = store.users().await.map_err(e2s)?;
    ensure(all.len() == 1, || format!("{} users listed", all.len()))
}

async fn sessions(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let user =
        store.create_user(&admin(), new_user(ctx, "wang.fang", Role::Supervisor, &[])).await.map_err(e2s)?;
    store.login_failed(&user, ctx.at(1), None).await.map_err(e2s)?;
    store.login_failed(&user, ctx.at(2), Some(ctx.at(900))).await.map_err(e2s)?;
    let user = store.user_by_username("wang.fang").await.map_err(e2s)?.ok_or("gone")?;
    ensure(user.failed_logins == 2 && user.locked_until == Some(ctx.at(900)), || format!("{user:?}"))?;
    let session = SessionRecord {
        id_hash: "s1".into(),
        user_id: user.id.clone(),
        csrf: "c1".into(),
        created_at: ctx.at(1000),
        expires_at: ctx.at(2000),
    };
    store.login_succeeded(&user, session.clone()).await.map_err(e2s)?;
    let user = store.user_by_username("wang.fang").await.map_err(e2s)?.ok_or("gone")?;
    ensure(user.failed_logins == 0 && user.locked_until.is_none(), || {
        "success did not reset the counters".into()
    })?;
    let (s, u) = store.session("s1", ctx.at(1500)).await.map_err(e2s)?.ok_or("session not found")?;
    ensure(s == session && u.id == user.id, || format!("{s:?}"))?;
    ensure(store.session("s1", ctx.at(2000)).await.map_err(e2s)?.is_none(), || {
        "expired session still live".into()
    })?;
    store.logout(&user.principal(), "s1", ctx.at(1600)).await.map_err(e2s)?;
    ensure(store.session("s1", ctx.at(1601)).await.map_err(e2s)?.is_none(), || {
        "session survived logout".into()
    })
}

async fn tokens(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let token = NewToken {
        id: "t1".into(),
        name: "gate-pvg-07".into(),
        role: Role::Egate,
        scope: Scope { ports: vec!["PVG".into()], ..Scope::default() },
        secret_hash: "h1".into(),
        expires_at: Some(ctx.at(3600)),
        at: ctx.at(0),
    };
    let created = store.create_token(&admin(), token.clone()).await.map_err(e2s)?;
    let found = store.token_by_secret_hash("h1").await.map_err(e2s)?.ok_or("token not found")?;
    ensure(found == created && found.is_live(ctx.at(10)), || format!("{found:?}"))?;
    ensure(!found.is_live(ctx.at(3600)), || "token live after expiry".into())?;
    ensure(store.token_by_secret_hash("h2").await.map_err(e2s)?.is_none(), || "phantom token".into())?;
    match store.create_token(&admin(), NewToken { id: "t2".into(), secret_hash: "h2".into(), ..token }).await
    {
        Err(StoreError::Conflict(_)) => {}
        other => return Err(format!("duplicate token name gave {other:?}")),
    }
    let revoked = store.revoke_token(&admin(), "gate-pvg-07", ctx.at(20)).await.map_err(e2s)?;
    ensure(revoked.revoked_at == Some(ctx.at(20)), || format!("{revoked:?}"))?;
    let found = store.token_by_secret_hash("h1").await.map_err(e2s)?.ok_or("token gone")?;
    ensure(!found.is_live(ctx.at(21)), || "revoked token still live".into())?;
    match store.revoke_token(&admin(), "nope", ctx.at(22)).await {
        Err(StoreError::NotFound(_)) => Ok(()),
        other => Err(format!("revoking a missing token gave {other:?}")),
    }
}

async fn audit_records(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    store.create_user(&admin(), new_user(ctx, "zhao.lei", Role::Officer, &["PEK"])).await.map_err(e2s)?;
    let officer = store.user_by_username("zhao.lei").await.map_err(e2s)?.ok_or("gone")?.principal();
    for i in 0..11 {
        let ev = AuditEvent::new("traveller.read", format!("traveller:{i}"))
            .with_purpose(Some("inspection".into()));
        store.audit(&officer, ctx.at(10 + i), ev).await.map_err(e2s)?;
    }
    let page = store.audit_page(0, 100).await.map_err(e2s)?;
    ensure(page.len() == 12, || format!("{} records", page.len()))?;
    ensure(page.first().is_some_and(|r| r.action == "user.create"), || {
        "first record is not the user creation".into()
    })?;
    let reads = store
        .audit_search(&crate::AuditFilter { action: Some("traveller.".into()), ..Default::default() })
        .await
        .map_err(e2s)?;
    ensure(reads.len() == 11 && reads.iter().all(|r| r.post.as_deref() == Some("PEK")), || {
        format!("{reads:?}")
    })?;
    ensure(reads.first().is_some_and(|r| r.seq == 12), || "search is not newest first".into())?;
    let by_actor = store
        .audit_search(&crate::AuditFilter {
            actor: Some("zhao.lei".into()),
            limit: Some(3),
            ..Default::default()
        })
        .await
        .map_err(e2s)?;
    ensure(by_actor.len() == 3, || format!("{} by actor", by_actor.len()))?;
    let window = store
        .audit_search(&crate::AuditFilter {
            from: Some(ctx.at(12)),
            to: Some(ctx.at(14)),
            ..Default::default()
        })
        .await
        .map_err(e2s)?;
    ensure(window.len() == 2, || format!("{} in window", window.len()))?;
    let v = store.verify_audit(None).await.map_err(e2s)?;
    ensure(v.ok() && v.records == 12 && v.checkpoints == 2, || format!("{v:?}"))
}

async fn append_only(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    store.audit(&admin(), ctx.at(1), AuditEvent::new("x.y", "z:1")).await.map_err(e2s)?;
    let cp = store.audit_checkpoint(ctx.at(2)).await.map_err(e2s)?;
    ensure(cp == Some(1), || format!("checkpoint at {cp:?}"))?;
    let mut raw = ctx.raw().await?;
    let upd = raw.execute("UPDATE audit_log SET action = 'forged' WHERE seq = 1", &[]).await;
    ensure(upd.is_err(), || "UPDATE on audit_log was allowed".into())?;
    let del = raw.execute("DELETE FROM audit_log WHERE seq = 1", &[]).await;
    ensure(del.is_err(), || "DELETE on audit_log was allowed".into())?;
    let del = raw.execute("DELETE FROM audit_checkpoint", &[]).await;
    ensure(del.is_err(), || "DELETE on audit_checkpoint was allowed".into())?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "chain broken".into())
}

async fn tampering(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    for i in 0..12 {
        store.audit(&admin(), ctx.at(i), AuditEvent::new("x.y", format!("z:{i}"))).await.map_err(e2s)?;
    }
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "fresh chain does not verify".into())?;
    let mut raw = ctx.raw().await?;
    let drop_triggers = match store.backend() {
        Backend::Sqlite => "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
        Backend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER USER;",
    };
    raw.batch(drop_triggers).await.map_err(e2s)?;
    let expect_break = |v: crate::AuditVerification, seq: i64, what: &str| -> CheckResult {
        match &v.first_break {
            Some(b) if b.seq == seq => Ok(()),
            other => Err(format!("{what}: expected a break at {seq}, got {other:?}")),
        }
    };
    raw.execute("UPDATE audit_log SET subject = 'z:forged' WHERE seq = 7", &[]).await.map_err(e2s)?;
    expect_break(store.verify_audit(None).await.map_err(e2s)?, 7, "altered record")?;
    raw.execute("UPDATE audit_log SET subject = 'z:6' WHERE seq = 7", &[]).await.map_err(e2s)?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "restored chain does not verify".into())?;
    raw.execute("DELETE FROM audit_log WHERE seq = 4", &[]).await.map_err(e2s)?;
    expect_break(store.verify_audit(None).await.map_err(e2s)?, 4, "removed record")?;
    // Removing the tail is caught by the signed checkpoint that covered it.
    raw.execute("DELETE FROM audit_log WHERE seq >= 4", &[]).await.map_err(e2s)?;
    expect_break(store.verify_audit(None).await.map_err(e2s)?, 4, "truncated tail")?;
    // A checkpoint signed by someone else is refused.
    let v = store.verify_audit(Some(&"00".repeat(32))).await.map_err(e2s)?;
    ensure(v.first_break.as_ref().is_some_and(|b| b.reason.contains("untrusted")), || format!("{v:?}"))
}

async fn group_commit(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let mut tasks = Vec::new();
    for i in 0..200i64 {
        let s = store.clone();
        let at = ctx.at(i);
        tasks.push(tokio::spawn(async move {
            s.audit(&admin(), at, AuditEvent::new("x.y", format!("z:{i}"))).await
        }));
    }
    // Jobs that never touch the connection, failing or not, between the others: they open no savepoint,
    // so none of the others' work may be rolled back or left unreleased for them.
    let idle = (0..20)
        .map(|i| {
            let s = store.clone();
            tokio::spawn(async move {
                s.write(move |_tx| {
                    Box::pin(async move {
                        if i % 2 == 0 {
                            Err(StoreError::Invalid("refused before any write".into()))
                        } else {
                            Ok(())
                        }
                    })
                })
                .await
                .is_ok()
            })
        })
        .collect::<Vec<_>>();
    // A failing job in the middle of the burst must not take the others with it.
    let dup = (0..3)
        .map(|_| {
            let s = store.clone();
            let u = new_user(ctx, "dup", Role::Analyst, &[]);
            tokio::spawn(async move { s.create_user(&admin(), u).await })
        })
        .collect::<Vec<_>>();
    let mut seqs = Vec::new();
    for t in tasks {
        let r = t.await.map_err(|e| e.to_string())?.map_err(e2s)?;
        seqs.push(r.seq);
    }
    let mut created = 0;
    for t in dup {
        if t.await.map_err(|e| e.to_string())?.is_ok() {
            created += 1;
        }
    }
    ensure(created == 1, || format!("{created} of 3 duplicate users created"))?;
    let mut idle_ok = 0;
    for t in idle {
        if t.await.map_err(|e| e.to_string())? {
            idle_ok += 1;
        }
    }
    ensure(idle_ok == 10, || format!("{idle_ok} of 20 idle jobs succeeded, 10 expected"))?;
    seqs.sort_unstable();
    seqs.dedup();
    ensure(seqs.len() == 200, || "sequence numbers were reused".into())?;
    let v = store.verify_audit(None).await.map_err(e2s)?;
    ensure(v.ok() && v.records == 201, || format!("{v:?}"))
}

async fn reopen(ctx: &Ctx) -> CheckResult {
    {
        let store = ctx.open().await?;
        let mut u = new_user(ctx, "chen.jie", Role::Clerk, &[]);
        u.scope.office = Some("SH-PUDONG".into());
        store.create_user(&admin(), u).await.map_err(e2s)?;
        store.audit(&admin(), ctx.at(5), AuditEvent::new("x.y", "z:1")).await.map_err(e2s)?;
    }
    let store = ctx.open().await?;
    ensure(store.user_by_username("chen.jie").await.map_err(e2s)?.is_some(), || {
        "account lost on reopen".into()
    })?;
    let r = store.audit(&admin(), ctx.at(6), AuditEvent::new("x.y", "z:2")).await.map_err(e2s)?;
    ensure(r.seq == 3, || format!("chain restarted at {}", r.seq))?;
    let v = store.verify_audit(None).await.map_err(e2s)?;
    ensure(v.ok() && v.records == 3, || format!("{v:?}"))
}

async fn two_writers(ctx: &Ctx) -> CheckResult {
    let a = ctx.open().await?;
    let b = ctx.open().await?;
    for i in 0..6 {
        let s = if i % 2 == 0 { &a } else { &b };
        s.audit(&admin(), ctx.at(i), AuditEvent::new("x.y", format!("z:{i}"))).await.map_err(e2s)?;
    }
    // Interleaved bursts from both.
    let mut tasks = Vec::new();
    for i in 0..40i64 {
        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
        let at = ctx.at(100 + i);
        tasks.push(tokio::spawn(async move {
            s.audit(&admin(), at, AuditEvent::new("x.y", format!("w:{i}"))).await
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())?.map_err(e2s)?;
    }
    let v = a.verify_audit(None).await.map_err(e2s)?;
    ensure(v.ok() && v.records == 46, || format!("{v:?}"))
}

async fn history(ctx: &Ctx) -> CheckResult {
    use crate::{Dim, HistoricMovement, HistoricTraveller};
    use domain::{Category, Direction, Lane};
    let store = ctx.open().await?;
    let travellers: Vec<HistoricTraveller> = (0..1000)
        .map(|i| HistoricTraveller {
            id: format!("t{i}"),
            nationality: if i % 2 == 0 { "CHN".into() } else { "USA".into() },
            birth_date: Some("1980-01-01".into()),
            sex: None,
            name_key: format!("NAME{i}<<X"),
            category: if i % 2 == 0 { Category::Mainland } else { Category::Foreigner },
            issuer: "UTO".into(),
            number: format!("N{i:08}"),
            document_code: "P".into(),
        })
        .collect();
    let movements: Vec<HistoricMovement> = (0..5000)
        .map(|i| HistoricMovement {
            id: format!("m{i}"),
            traveller_id: format!("t{}", i % 1000),
            at: ctx.at(i * 60),
            port: if i % 3 == 0 { "PEK".into() } else { "PVG".into() },
            lane: Lane::Manual,
            direction: if i % 2 == 0 { Direction::Entry } else { Direction::Exit },
            category: if (i % 1000) % 2 == 0 { Category::Mainland } else { Category::Foreigner },
            nationality: if (i % 1000) % 2 == 0 { "CHN".into() } else { "USA".into() },
            time_zone: "Asia/Shanghai".into(),
        })
        .collect();
    store.import_history(&admin(), travellers, movements, ctx.at(0)).await.map_err(e2s)?;
    ensure(store.movement_count().await.map_err(e2s)? == 5000, || "movements missing".into())?;
    let from = ctx.t0.to_zoned(jiff::tz::TimeZone::UTC).date();
    let to = ctx.at(6000 * 60).to_zoned(jiff::tz::TimeZone::UTC).date();
    let s = store.crossing_stats(from, to, &[Dim::Port]).await.map_err(e2s)?;
    let pek = s.rows.iter().find(|r| r.group.get("port").map(String::as_str) == Some("PEK")).map(|r| r.count);
    ensure(s.total == 5000 && pek == Some(1667), || format!("{s:?}"))?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "chain broken".into())
}

/// An officer at PVG.
fn pvg_officer() -> Principal {
    Principal {
        role: Role::Officer,
        scope: Scope { ports: vec!["PVG".into()], ..Scope::default() },
        ..admin()
    }
}

/// The holder of Utopian passport `n`, born 1980-01-01, named after it.
fn holder(n: &str, category: domain::Category) -> crate::Holder {
    crate::Holder {
        issuer: "UTO".into(),
        number: n.into(),
        document_code: "P".into(),
        expiry: None,
        nationality: "UTO".into(),
        birth_date: Some("1980-01-01".into()),
        sex: None,
        name_key: format!("{n}<<X"),
        category,
    }
}

/// A cleared inspection `id` at PVG, with a 30-day stay when `movement` (its movement `m-{id}`).
fn clearance_write(
    id: &str,
    holder: crate::Holder,
    direction: domain::Direction,
    at: Timestamp,
    movement: bool,
) -> crate::InspectionWrite {
    crate::InspectionWrite {
        id: id.to_owned(),
        idempotency_key: None,
        at,
        port: "PVG".into(),
        lane: domain::Lane::Manual,
        direction,
        holder: Some(holder),
        new_traveller_id: format!("t-{id}"),
        known_traveller_id: None,
        decision: "clear".into(),
        status: "cleared".into(),
        reasons: serde_json::json!([]),
        result: serde_json::json!({}),
        movement: movement.then(|| crate::MovementWrite {
            id: format!("m-{id}"),
            permitted_until: Some(at + jiff::SignedDuration::from_hours(24 * 30)),
            grant: None,
            time_zone: "Asia/Shanghai".into(),
            conveyance_id: None,
        }),
        conveyance_id: None,
    }
}

/// What an inspection reads about its traveller, in one statement on each backend.
async fn traveller_context(ctx: &Ctx) -> CheckResult {
    use domain::{Category, Direction};
    let store = ctx.open().await?;
    let officer = pvg_officer();
    let day = |d: i64| ctx.at(86_400 * d);
    // Entered, left, entered again (still here); e-gate enrolled; one watchlist entry dismissed.
    for (i, (dir, d)) in
        [(Direction::Entry, 0), (Direction::Exit, 10), (Direction::Entry, 40)].iter().enumerate()
    {
        let w = clearance_write(&format!("c{i}"), holder("A1", Category::Foreigner), *dir, day(*d), true);
        store.record_inspection(&officer, w).await.map_err(e2s)?;
    }
    let referred = crate::InspectionWrite {
        status: "referred".into(),
        decision: "refer".into(),
        ..clearance_write("c3", holder("A1", Category::Foreigner), Direction::Exit, day(41), false)
    };
    store.record_inspection(&officer, referred).await.map_err(e2s)?;
    let resolution = crate::ResolutionWrite {
        inspection_id: "c3".into(),
        at: day(41),
        status: "referred".into(),
        resolution: serde_json::json!({ "action": "not-same-person" }),
        movement: None,
        not_same_person: vec![("wanted".into(), "W1".into(), 3)],
    };
    store.resolve_inspection(&officer, resolution).await.map_err(e2s)?;
    let c = store.traveller_context(&holder("A1", Category::Foreigner), day(42)).await.map_err(e2s)?;
    let Some(id) = c.traveller_id.clone() else {
        return Err("the traveller was not found by document".into());
    };
    store.enrol_egate(&admin(), &id, day(42), day(400)).await.map_err(e2s)?;
    let c = store.traveller_context(&holder("A1", Category::Foreigner), day(43)).await.map_err(e2s)?;
    ensure(c.stays.len() == 2 && c.stays.windows(2).all(|w| w[0].entered_at > w[1].entered_at), || {
        format!("stays, newest first: {:?}", c.stays)
    })?;
    ensure(c.open_stay.as_ref().map(|s| s.entered_at) == Some(day(40)), || {
        format!("open stay {:?}", c.open_stay)
    })?;
    ensure(c.egate_enrolled, || "the e-gate enrolment is missing".into())?;
    ensure(
        c.dispositions.len() == 1
            && c.dispositions
                .first()
                .is_some_and(|d| d.entry_id == "W1" && d.entry_version == 3 && d.at == day(41)),
        || format!("dispositions {:?}", c.dispositions),
    )?;
    // Two years and three weeks on, the enrolment has lapsed and the first stay is out of the two-year window.
    let later =
        store.traveller_context(&holder("A1", Category::Foreigner), day(2 * 365 + 20)).await.map_err(e2s)?;
    ensure(!later.egate_enrolled && later.stays.len() == 1 && later.open_stay.is_some(), || {
        format!("{later:?}")
    })?;
    // A renewed passport: a new number, the same nationality, birth date and name.
    let renewed = crate::Holder { number: "B2".into(), ..holder("A1", Category::Foreigner) };
    let r = store.traveller_context(&renewed, day(43)).await.map_err(e2s)?;
    ensure(r.traveller_id.as_deref() == Some(id.as_str()) && r.stays.len() == 2, || {
        format!("renewed: {r:?}")
    })?;
    // Unknown, and unknown without a birth date: nothing.
    let none = store.traveller_context(&holder("Z9", Category::Foreigner), day(43)).await.map_err(e2s)?;
    let undated =
        crate::Holder { birth_date: None, number: "B3".into(), ..holder("A1", Category::Foreigner) };
    let u = store.traveller_context(&undated, day(43)).await.map_err(e2s)?;
    ensure(none.traveller_id.is_none() && u.traveller_id.is_none() && u.stays.is_empty(), || {
        format!("unknown: {none:?} / {u:?}")
    })?;
    // Two travellers of the same name and birth date: a new document links to neither.
    let twins = ["T1", "T2"]
        .iter()
        .map(|n| crate::HistoricTraveller {
            id: format!("t-{n}"),
            nationality: "UTO".into(),
            birth_date: Some("1980-01-01".into()),
            sex: None,
            name_key: "TWIN<<X".into(),
            category: Category::Foreigner,
            issuer: "UTO".into(),
            number: (*n).into(),
            document_code: "P".into(),
        })
        .collect();
    store.import_history(&admin(), twins, Vec::new(), day(50)).await.map_err(e2s)?;
    let new_doc = crate::Holder { name_key: "TWIN<<X".into(), ..holder("T3", Category::Foreigner) };
    let a = store.traveller_context(&new_doc, day(51)).await.map_err(e2s)?;
    let one = store.traveller_context(&holder("T1", Category::Foreigner), day(51)).await.map_err(e2s)?;
    ensure(a.traveller_id.is_none() && one.traveller_id.as_deref() == Some("t-T1"), || {
        format!("an ambiguous name linked: {a:?}; by document: {one:?}")
    })
}

async fn retention(ctx: &Ctx) -> CheckResult {
    use crate::Retention;
    use domain::{Category, Direction};
    let store = ctx.open().await?;
    let officer = pvg_officer();
    // An old visitor who came and went, and one who is still here (an open stay is never purged).
    for (i, (n, dir, at)) in
        [("OLD1", Direction::Entry, 0), ("OLD1", Direction::Exit, 3600), ("STAY1", Direction::Entry, 7200)]
            .iter()
            .enumerate()
    {
        let write =
            clearance_write(&format!("i{i}"), holder(n, Category::Foreigner), *dir, ctx.at(*at), true);
        store
            .record_inspection(
                &officer,
                crate::InspectionWrite { new_traveller_id: format!("t-{n}"), ..write },
            )
            .await
            .map_err(e2s)?;
    }
    let later = ctx.at(86_400 * 365 * 6);
    let dry = store.purge(&admin(), &Retention::default(), later, true).await.map_err(e2s)?;
    ensure(dry.inspections == 3 && dry.movements == 2 && dry.stays == 1, || format!("dry run: {dry:?}"))?;
    ensure(store.movement_count().await.map_err(e2s)? == 3, || "the dry run removed movements".into())?;
    let done = store.purge(&admin(), &Retention::default(), later, false).await.map_err(e2s)?;
    ensure(done.inspections == 3 && done.movements == 2 && done.travellers == 1, || {
        format!("purge: {done:?}")
    })?;
    ensure(store.movement_count().await.map_err(e2s)? == 1, || "the open stay's entry was purged".into())?;
    ensure(store.present_count().await.map_err(e2s)? == 1, || "the open stay was purged".into())?;
    let purges = store
        .audit_search(&crate::AuditFilter { action: Some("retention.purge".into()), ..Default::default() })
        .await
        .map_err(e2s)?;
    ensure(purges.len() == 2, || format!("{} purge records", purges.len()))?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "chain broken".into())
}
