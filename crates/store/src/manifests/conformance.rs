//! The conformance checks of the manifest store (registered in [`crate::conformance::CHECKS`]): saving and
//! updating lists with their verdicts, optimistic concurrency, the audited reads, and the arrival link
//! with no-shows and unmanifested arrivals.

use domain::{Category, Direction, Lane, Principal, Role, Scope};
use jiff::Timestamp;
use serde_json::json;

use super::{
    ArrivalLink, ArrivalMatch, ManifestChange, ManifestPersonWrite, ManifestSourceWrite, ManifestWrite,
};
use crate::conformance::Ctx;
use crate::{AuditFilter, Holder, InspectionWrite, StoreError};

type CheckResult = Result<(), String>;

fn ensure(ok: bool, what: impl FnOnce() -> String) -> CheckResult {
    if ok { Ok(()) } else { Err(what()) }
}

fn e2s(e: StoreError) -> String {
    e.to_string()
}

fn carrier() -> Principal {
    Principal {
        role: Role::Carrier,
        scope: Scope { carrier: Some("MU".into()), ..Scope::default() },
        ..Principal::system("carrier-mu")
    }
}

fn officer() -> Principal {
    Principal {
        role: Role::Officer,
        scope: Scope { ports: vec!["PVG".into()], ..Scope::default() },
        ..Principal::system("officer-pvg")
    }
}

/// (surname, given, birth date, document, verdict)
type PersonSpec<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn person(idx: i64, seq: i64, p: PersonSpec<'_>, carry_from: Option<i64>) -> ManifestPersonWrite {
    let (surname, given, dob, doc, verdict) = p;
    ManifestPersonWrite {
        idx,
        role: "passenger".into(),
        surname: surname.into(),
        given_names: Some(given.into()),
        birth_date: Some(dob.into()),
        nationality: Some("FRA".into()),
        document: Some(doc.into()),
        issuer: Some("FRA".into()),
        name_key: format!("{surname}<<{given}"),
        verdict: verdict.into(),
        reasons: if verdict == "board" { json!([]) } else { json!([{ "code": "watchlist-hit" }]) },
        hits: if verdict == "refer" { json!([{ "id": "W1" }]) } else { json!([]) },
        detail: json!({ "steps": [] }),
        person: json!({ "surname": surname }),
        source_seq: seq,
        segments: [10 + idx * 5, 14 + idx * 5],
        carry_from,
    }
}

fn write(ctx: &Ctx, revision: Option<i64>, seq: i64, persons: Vec<ManifestPersonWrite>) -> ManifestWrite {
    ManifestWrite {
        id: "man-1".into(),
        revision,
        carrier: "MU".into(),
        flight: "552".into(),
        flight_date: "2026-01-01".into(),
        departure: Some("CDG".into()),
        departure_time: Some("2026-01-01T01:00".into()),
        arrival: "PVG".into(),
        arrival_time: Some("2026-01-01T18:00".into()),
        arrival_date: "2026-01-01".into(),
        arrival_at: Some(ctx.at(10 * 3600)),
        reference: "M1".into(),
        kind: "passenger".into(),
        status: "open".into(),
        raw: "UNH+M1+PAXLST:D:15B:UN:IATA'".into(),
        message: json!({ "reference": "M1" }),
        sources: vec![ManifestSourceWrite {
            seq,
            function: if seq == 1 { "original".into() } else { "cancel".into() },
            function_code: if seq == 1 { None } else { Some("XR".into()) },
            interchange: format!("IC{seq}"),
            first_segment: 3,
            segments: (0..30).map(|i| format!("SEG{i}'")).collect(),
        }],
        persons,
        change: ManifestChange::default(),
    }
}

const MARTIN: PersonSpec<'static> = ("MARTIN", "CLAIRE", "1980-05-06", "FR1111111", "board");
const DURAND: PersonSpec<'static> = ("DURAND", "PAUL", "1975-01-02", "FR2222222", "no-board");
const TESTOVA: PersonSpec<'static> = ("TESTOVA", "VALENTINA", "1980-05-06", "FR3333333", "refer");

/// Save, list, update (with its revision), refuse a stale update and a duplicate, read: all audited.
pub(crate) async fn saving(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let persons = vec![person(0, 1, MARTIN, None), person(1, 1, DURAND, None), person(2, 1, TESTOVA, None)];
    let saved =
        store.save_manifests(&carrier(), ctx.at(0), vec![write(ctx, None, 1, persons)]).await.map_err(e2s)?;
    ensure(saved.len() == 1 && saved[0].created && saved[0].revision == 1, || format!("{saved:?}"))?;
    let list =
        store.flights(&officer(), Some(vec!["PVG".into()]), "2026-01-01", ctx.at(60)).await.map_err(e2s)?;
    let f = list.first().ok_or("the flight is not listed")?;
    ensure((f.persons, f.no_board, f.refer, f.hits, f.arrived, f.no_shows) == (3, 1, 1, 1, 0, 0), || {
        format!("counts: {f:?}")
    })?;
    let other =
        store.flights(&officer(), Some(vec!["PEK".into()]), "2026-01-01", ctx.at(60)).await.map_err(e2s)?;
    ensure(other.is_empty(), || "a PVG flight is listed at PEK".into())?;

    // The same flight again as a new list is a conflict: one list per flight, day and kind.
    let dup = store.save_manifests(&carrier(), ctx.at(1), vec![write(ctx, None, 1, vec![])]).await;
    ensure(matches!(dup, Err(StoreError::Conflict(_))), || format!("duplicate: {dup:?}"))?;

    // An update at the revision read: DURAND cancelled; MARTIN and TESTOVA carried over.
    let stored = store.manifest_by_flight("MU", "552", "2026-01-01", "passenger").await.map_err(e2s)?;
    let stored = stored.ok_or("the stored list is not found")?;
    ensure(stored.revision == 1 && stored.next_seq == 2 && stored.persons.len() == 3, || {
        format!(
            "stored: revision {} next {} persons {}",
            stored.revision,
            stored.next_seq,
            stored.persons.len()
        )
    })?;
    let update = write(ctx, Some(1), 2, vec![person(0, 1, MARTIN, Some(0)), person(1, 1, TESTOVA, Some(2))]);
    let saved = store.save_manifests(&carrier(), ctx.at(120), vec![update.clone()]).await.map_err(e2s)?;
    ensure(!saved[0].created && saved[0].revision == 2, || format!("{saved:?}"))?;
    // A second update made from the same, now stale, revision is refused and changes nothing.
    let stale = store.save_manifests(&carrier(), ctx.at(130), vec![update]).await;
    ensure(matches!(stale, Err(StoreError::Conflict(_))), || format!("stale update: {stale:?}"))?;

    let rec =
        store.flight(&officer(), "man-1", ctx.at(200), Some("arrival planning".into())).await.map_err(e2s)?;
    let rec = rec.ok_or("the flight is not found")?;
    let names: Vec<_> = rec.persons.iter().map(|p| p.surname.clone().unwrap_or_default()).collect();
    ensure(names == ["MARTIN", "TESTOVA"] && rec.sources.len() == 2, || {
        format!("{names:?} {:?}", rec.sources)
    })?;
    ensure(rec.flight.revision == 2 && rec.persons[1].hits == json!([{ "id": "W1" }]), || {
        format!("{rec:?}")
    })?;
    let super::FlightPerson { person: p, source, .. } =
        store.flight_person(&officer(), "man-1", 1, ctx.at(210)).await.map_err(e2s)?.ok_or("no person 1")?;
    let source = source.ok_or("no source")?;
    ensure(p.segments == [15, 19] && source.first_segment == 3 && source.segments.len() == 30, || {
        format!("{p:?} {source:?}")
    })?;
    ensure(store.flight(&officer(), "no-such", ctx.at(1), None).await.map_err(e2s)?.is_none(), || {
        "an unknown flight is found".into()
    })?;

    for action in
        ["manifest.submit", "manifest.update", "manifests.list", "manifest.read", "manifest.person.read"]
    {
        let found = store
            .audit_search(&AuditFilter { action: Some(action.into()), ..AuditFilter::default() })
            .await
            .map_err(e2s)?;
        ensure(!found.is_empty(), || format!("no {action} audit record"))?;
    }
    let submit = store
        .audit_search(&AuditFilter { action: Some("manifest.submit".into()), ..AuditFilter::default() })
        .await
        .map_err(e2s)?;
    ensure(submit.len() == 1 && !submit[0].detail.contains("MARTIN"), || {
        format!("names must not be in the audit trail: {submit:?}")
    })?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "chain broken".into())
}

fn link(
    ctx: &Ctx,
    id: &str,
    at: i64,
    doc: Option<&str>,
    name: Option<(&str, &str)>,
    flight: Option<&str>,
) -> ArrivalLink {
    ArrivalLink {
        inspection_id: id.into(),
        at: ctx.at(at),
        port: "PVG".into(),
        time_zone: "Asia/Shanghai".into(),
        document: doc.map(str::to_owned),
        issuer: Some("FRA".into()),
        name_key: name.map(|(n, _)| n.to_owned()),
        birth_date: name.map(|(_, d)| d.to_owned()),
        carrier: flight.map(|_| "MU".to_owned()),
        flight: flight.map(str::to_owned),
    }
}

async fn inspect(store: &crate::Store, ctx: &Ctx, id: &str, at: i64, number: &str) -> CheckResult {
    let holder = Holder {
        issuer: "FRA".into(),
        number: number.into(),
        document_code: "P".into(),
        expiry: None,
        nationality: "FRA".into(),
        birth_date: Some("1990-01-01".into()),
        sex: None,
        name_key: format!("{number}<<X"),
        category: Category::Foreigner,
    };
    let w = InspectionWrite {
        id: id.into(),
        idempotency_key: None,
        at: ctx.at(at),
        port: "PVG".into(),
        lane: Lane::Manual,
        direction: Direction::Entry,
        holder: Some(holder),
        new_traveller_id: format!("t-{id}"),
        known_traveller_id: None,
        decision: "refer".into(),
        status: "referred".into(),
        reasons: json!([]),
        result: json!({}),
        movement: None,
        conveyance_id: None,
    };
    store.record_inspection(&officer(), w).await.map(|_| ()).map_err(e2s)
}

/// Inspections at the arrival port link to manifest persons; the rest are no-shows after the grace
/// time; a traveller naming the flight but not on it is an unmanifested arrival.
pub(crate) async fn arrivals(ctx: &Ctx) -> CheckResult {
    let store = ctx.open().await?;
    let persons = vec![person(0, 1, MARTIN, None), person(1, 1, DURAND, None), person(2, 1, TESTOVA, None)];
    store.save_manifests(&carrier(), ctx.at(0), vec![write(ctx, None, 1, persons)]).await.map_err(e2s)?;
    let arrival = 10 * 3600;
    let officer = officer();

    // By document (with filler-free spacing differences), by name and birth date, unmanifested, nothing.
    let by_doc = store.link_arrival(&officer, link(ctx, "i1", arrival + 600, Some("fr 1111111"), None, None));
    let m = by_doc.await.map_err(e2s)?;
    ensure(matches!(&m, ArrivalMatch::Manifested { idx: 0, matched_by: "document", .. }), || {
        format!("{m:?}")
    })?;
    let name = Some(("TESTOVA<<VALENTINA", "1980-05-06"));
    let m = store.link_arrival(&officer, link(ctx, "i2", arrival + 900, Some("X0000000"), name, None)).await;
    let m = m.map_err(e2s)?;
    ensure(matches!(&m, ArrivalMatch::Manifested { idx: 2, matched_by: "name-birth-date", .. }), || {
        format!("{m:?}")
    })?;
    inspect(&store, ctx, "i3", arrival + 1200, "ZZ9999999").await?;
    let m =
        store.link_arrival(&officer, link(ctx, "i3", arrival + 1200, Some("ZZ9999999"), None, Some("MU552")));
    let m = m.await.map_err(e2s)?;
    ensure(matches!(&m, ArrivalMatch::Unmanifested { .. }), || format!("{m:?}"))?;
    let m = store.link_arrival(&officer, link(ctx, "i4", arrival, Some("ZZ8888888"), None, None)).await;
    ensure(matches!(m, Ok(ArrivalMatch::None)), || format!("{m:?}"))?;
    // The next day's flights are still in reach; another port's are not.
    let mut elsewhere = link(ctx, "i5", arrival, Some("FR2222222"), None, None);
    elsewhere.port = "PEK".into();
    let m = store.link_arrival(&officer, elsewhere).await;
    ensure(matches!(m, Ok(ArrivalMatch::None)), || format!("another port: {m:?}"))?;

    // Before the grace time DURAND is expected; after it, a no-show.
    let early: Timestamp = ctx.at(arrival + 1800);
    let rec = store.flight(&officer, "man-1", early, None).await.map_err(e2s)?.ok_or("no flight")?;
    let statuses: Vec<&str> = rec.persons.iter().map(|p| p.status).collect();
    ensure(statuses == ["arrived", "expected", "arrived"], || format!("early: {statuses:?}"))?;
    let late = ctx.at(arrival + 3 * 3600);
    let rec = store.flight(&officer, "man-1", late, None).await.map_err(e2s)?.ok_or("no flight")?;
    let statuses: Vec<&str> = rec.persons.iter().map(|p| p.status).collect();
    ensure(statuses == ["arrived", "no-show", "arrived"], || format!("late: {statuses:?}"))?;
    let f = &rec.flight;
    ensure((f.arrived, f.no_shows, f.unmanifested) == (2, 1, 1), || format!("{f:?}"))?;
    let u = rec.unmanifested.first().ok_or("no unmanifested arrival")?;
    ensure(u.inspection_id == "i3" && u.nationality.as_deref() == Some("FRA"), || format!("{u:?}"))?;

    // An update keeps the arrivals of the persons it carries over.
    let update = write(ctx, Some(1), 2, vec![person(0, 1, MARTIN, Some(0)), person(1, 1, TESTOVA, Some(2))]);
    store.save_manifests(&carrier(), ctx.at(arrival - 600), vec![update]).await.map_err(e2s)?;
    let rec = store.flight(&officer, "man-1", late, None).await.map_err(e2s)?.ok_or("no flight")?;
    let linked: Vec<_> = rec.persons.iter().map(|p| p.inspection_id.clone()).collect();
    ensure(linked == [Some("i1".to_owned()), Some("i2".to_owned())], || {
        format!("after the update: {linked:?}")
    })?;
    let arrivals = store
        .audit_search(&AuditFilter { action: Some("manifest.arrival".into()), ..AuditFilter::default() })
        .await
        .map_err(e2s)?;
    ensure(arrivals.len() == 3, || format!("{} manifest.arrival records", arrivals.len()))?;
    ensure(store.verify_audit(None).await.map_err(e2s)?.ok(), || "chain broken".into())
}
