//! Border clearance end to end through HTTP: every reason code, clear cases of each traveller category,
//! idempotency, concurrent inspections of one traveller, resolutions and the records they leave.

use axum::http::StatusCode;
use domain::Role;
use serde_json::{Value, json};

use crate::harness::{TestApp, get, json_req, with_bearer};

const WATCHLIST: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list
W-1,Viktor Stolzmann,1971-03-04,M,D,,wanted,refer,,,interpol-red
L-1,Qwertz Asdfgh,,,,X1234567,lost-stolen-document,refer,,,sltd
E-1,ZHAO Minghui,1980-05-06,M,CHN,,exit-ban,deny,,,court-exit-ban
";

pub(crate) fn passport(
    issuer: &str,
    surname: &str,
    given: &str,
    number: &str,
    birth: &str,
    expiry: &str,
) -> Vec<String> {
    let fields = mrz::DocumentFields {
        format: mrz::Format::Td3,
        document_code: "P".into(),
        issuing_state: issuer.into(),
        primary_identifier: surname.into(),
        secondary_identifier: given.into(),
        document_number: number.into(),
        nationality: issuer.into(),
        birth_date: birth.parse().unwrap(),
        sex: "M".parse().unwrap(),
        expiry_date: expiry.parse().unwrap(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    mrz::to_mrz(&fields, translit::Language::Default).unwrap()
}

fn us() -> Vec<String> {
    passport("USA", "HARTLEY", "JAMES", "A12345678", "1985-02-03", "2031-01-01")
}

fn body(mrz: Vec<String>, direction: &str, lane: &str, travel: Value) -> Value {
    json!({ "port": "PVG", "lane": lane, "direction": direction, "document": { "mrz": mrz }, "travel": travel })
}

fn transit() -> Value {
    json!({ "origin": "USA", "onward_to": "KOR", "onward_departure": "2026-12-08T10:00", "purpose": "tourism" })
}

async fn app() -> (TestApp, String) {
    let t = TestApp::new().await;
    let entries =
        screening::import(WATCHLIST, screening::ImportFormat::Csv, &screening::ImportOptions::default())
            .unwrap();
    t.app.set_watchlist(screening::Index::build(entries.entries).unwrap());
    let officer = t.token(Role::Officer).await;
    (t, officer)
}

async fn inspect(t: &TestApp, token: &str, b: Value) -> (StatusCode, Value) {
    t.call(with_bearer(json_req("POST", "/api/v1/inspections", b), token)).await
}

fn codes(v: &Value) -> Vec<String> {
    v["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn every_reason_code_and_each_category_clear() {
    let (t, officer) = app().await;
    let egate = t.token(Role::Egate).await;
    let cases: Vec<(&str, &str, Value, &[&str])> = vec![
        ("US transit", &officer, body(us(), "entry", "manual", transit()), &[]),
        (
            "citizen home",
            &officer,
            body(
                passport("CHN", "LIU", "YANG", "E12345678", "1990-01-01", "2033-05-05"),
                "entry",
                "manual",
                json!({}),
            ),
            &[],
        ),
        (
            "citizen at an e-gate",
            &egate,
            body(
                passport("CHN", "LIU", "YANG", "E12345678", "1990-01-01", "2033-05-05"),
                "entry",
                "egate",
                json!({}),
            ),
            &[],
        ),
        (
            "Hong Kong resident",
            &officer,
            body(
                passport("HKG", "CHAN", "KA MING", "K12345678", "1988-08-08", "2030-01-01"),
                "entry",
                "manual",
                json!({}),
            ),
            &[],
        ),
        (
            "visa required",
            &officer,
            body(us(), "entry", "manual", json!({ "origin": "USA" })),
            &["visa-required"],
        ),
        (
            "expired",
            &officer,
            body(
                passport("CHN", "LIU", "YANG", "E12345678", "1990-01-01", "2026-11-01"),
                "entry",
                "manual",
                json!({}),
            ),
            &["document-expired"],
        ),
        (
            "lost or stolen",
            &officer,
            body(
                passport("USA", "HARTLEY", "JAMES", "X1234567", "1985-02-03", "2031-01-01"),
                "entry",
                "manual",
                transit(),
            ),
            &["document-lost-stolen"],
        ),
        (
            "wanted",
            &officer,
            body(
                passport("D", "STOLZMANN", "VIKTOR", "C01X00T47", "1971-03-04", "2031-01-01"),
                "entry",
                "manual",
                json!({ "origin": "D" }),
            ),
            &["watchlist-hit"],
        ),
        (
            "exit ban",
            &officer,
            body(
                passport("CHN", "ZHAO", "MINGHUI", "E22345678", "1980-05-06", "2033-05-05"),
                "exit",
                "manual",
                json!({}),
            ),
            &["exit-ban"],
        ),
        ("foreigner at an e-gate", &egate, body(us(), "entry", "egate", transit()), &["egate-not-eligible"]),
    ];
    let mut wrong = Vec::new();
    for (name, token, b, want) in cases {
        let (status, v) = inspect(&t, token, b).await;
        let got = codes(&v);
        let decision = if want.is_empty() { "clear" } else { "refer" };
        if status != StatusCode::CREATED || got != want || v["decision"] != decision {
            wrong.push(format!("{name}: {status} {got:?} {}", v["decision"]));
        }
        if decision == "clear" {
            assert!(v["movement_id"].is_string(), "{name}: a clearance records a movement");
        } else {
            assert!(v["movement_id"].is_null(), "{name}: a referral records no movement yet");
        }
    }
    // A broken MRZ.
    let mut lines = us();
    lines[1].replace_range(13..14, "9");
    let (_, v) = inspect(&t, &officer, body(lines, "entry", "manual", transit())).await;
    if codes(&v) != ["document-invalid"] {
        wrong.push(format!("document-invalid: {:?}", codes(&v)));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every inspection was audited.
    let n = t.audited("inspection.create").await.len();
    assert_eq!(n, 11);
}

#[tokio::test]
async fn overstay_is_found_at_exit_and_listed_before() {
    let (t, officer) = app().await;
    let mut b = body(us(), "entry", "manual", transit());
    b["at"] = json!("2026-11-01T02:00:00Z");
    b["travel"]["onward_departure"] = json!("2026-11-08T10:00");
    let (_, v) = inspect(&t, &officer, b).await;
    assert_eq!(v["decision"], "clear", "{v}");
    assert_eq!(v["grant"]["permitted_until"], "2026-11-12T00:00:00+08:00");
    // Listed as overstaying before they leave.
    let sup = t.token(Role::Supervisor).await;
    let (status, list) = t.call(with_bearer(get("/api/v1/overstays?as_of=2026-11-20T00:00:00Z"), &sup)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let rows = list["overstays"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["days_overstayed"], 9);
    let (_, present) = t.call(with_bearer(get("/api/v1/present"), &sup)).await;
    assert_eq!(present["foreigners_present"], 1);
    // At exit the officer is told how many days and the fine range.
    let mut b = body(us(), "exit", "manual", json!({}));
    b["at"] = json!("2026-11-20T02:00:00Z");
    let (_, v) = inspect(&t, &officer, b).await;
    assert_eq!(codes(&v), ["overstay"], "{v}");
    assert_eq!(v["overstay"]["days"], 9);
    assert_eq!(v["overstay"]["fine_max_cny"], 4500);
    // The officer lets them leave (the fine is a separate procedure); the stay closes.
    let id = v["inspection_id"].as_str().unwrap();
    let (status, r) = t
        .call(with_bearer(
            json_req("POST", &format!("/api/v1/inspections/{id}/resolution"), json!({ "action": "admit" })),
            &officer,
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (_, list) = t.call(with_bearer(get("/api/v1/overstays?as_of=2026-11-21T00:00:00Z"), &sup)).await;
    assert!(list["overstays"].as_array().unwrap().is_empty(), "{list}");
}

#[tokio::test]
async fn the_same_idempotency_key_never_records_twice() {
    let (t, officer) = app().await;
    let mut b = body(us(), "entry", "manual", transit());
    b["idempotency_key"] = json!("gate-7-000123");
    let (s1, v1) = inspect(&t, &officer, b.clone()).await;
    let (s2, v2) = inspect(&t, &officer, b.clone()).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(v1["inspection_id"], v2["inspection_id"]);
    assert_eq!(v2["replayed"], true);
    // Concurrent retries too.
    b["idempotency_key"] = json!("gate-7-000124");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let router = t.router.clone();
            let req = with_bearer(json_req("POST", "/api/v1/inspections", b.clone()), &officer);
            tokio::spawn(async move { tower::ServiceExt::oneshot(router, req).await.unwrap().status() })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().is_success());
    }
    let n = t.audited("inspection.create").await.len();
    assert_eq!(n, 2, "one record per key");
}

#[tokio::test]
async fn concurrent_inspections_of_one_traveller_link_to_one_identity() {
    let (t, officer) = app().await;
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let router = t.router.clone();
            let mut b = body(us(), if i % 2 == 0 { "entry" } else { "exit" }, "manual", transit());
            b["at"] = json!(format!("2026-11-{:02}T02:00:00Z", i + 1));
            let req = with_bearer(json_req("POST", "/api/v1/inspections", b), &officer);
            tokio::spawn(async move {
                let resp = tower::ServiceExt::oneshot(router, req).await.unwrap();
                let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
                serde_json::from_slice::<Value>(&bytes).unwrap()
            })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        let v = task.await.unwrap();
        ids.insert(v["traveller_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "{ids:?}");
    // A renewed passport (new number, same person) links to the same traveller.
    let renewed = passport("USA", "HARTLEY", "JAMES", "B98765432", "1985-02-03", "2036-01-01");
    let (_, v) = inspect(&t, &officer, body(renewed, "entry", "manual", transit())).await;
    assert_eq!(v["traveller_id"].as_str(), ids.iter().next().map(String::as_str));
}

#[tokio::test]
async fn officers_resolve_referrals_and_refusals_need_a_legal_basis() {
    let (t, officer) = app().await;
    let viktor = passport("D", "STOLZMANN", "VIKTOR", "C01X00T47", "1971-03-04", "2031-01-01");
    let (_, v) =
        inspect(&t, &officer, body(viktor.clone(), "entry", "manual", json!({ "origin": "D" }))).await;
    let id = v["inspection_id"].as_str().unwrap().to_owned();
    let (_, q) = t.call(with_bearer(get("/api/v1/referrals"), &officer)).await;
    assert_eq!(q["referrals"].as_array().unwrap().len(), 1, "{q}");
    let resolve = |b: Value| {
        with_bearer(json_req("POST", &format!("/api/v1/inspections/{id}/resolution"), b), &officer)
    };
    let (status, e) = t.call(resolve(json!({ "action": "refuse" }))).await;
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid-input"))
    );
    let (status, e) = t.call(resolve(json!({ "action": "shrug" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    // "Not the same person" is remembered: the next inspection of this traveller is clear.
    let (status, r) =
        t.call(resolve(json!({ "action": "not-same-person", "note": "different person, checked" }))).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (status, r) = t.call(resolve(json!({ "action": "admit" }))).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["inspection"]["status"], "admitted");
    let (_, again) = inspect(&t, &officer, body(viktor, "entry", "manual", json!({ "origin": "D" }))).await;
    assert_eq!(again["decision"], "clear", "{again}");
    assert_eq!(again["screening"]["suppressed"].as_array().map(Vec::len), Some(1));
    // A second resolution of a closed inspection is a conflict.
    let (status, _) = t.call(resolve(json!({ "action": "admit" }))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A refusal with its article.
    let (_, v) = inspect(&t, &officer, body(us(), "entry", "manual", json!({ "origin": "USA" }))).await;
    let id2 = v["inspection_id"].as_str().unwrap();
    let (status, r) = t
        .call(with_bearer(
            json_req(
                "POST",
                &format!("/api/v1/inspections/{id2}/resolution"),
                json!({ "action": "refuse", "legal_basis": "EEA-Law Art. 25(1)" }),
            ),
            &officer,
        ))
        .await;
    assert_eq!((status, r["inspection"]["status"].as_str()), (StatusCode::OK, Some("refused")), "{r}");
    assert_eq!(t.audited("inspection.resolve").await.len(), 3);
}

#[tokio::test]
async fn scope_purpose_and_bad_input() {
    let (t, officer) = app().await;
    let mut b = body(us(), "entry", "manual", transit());
    b["port"] = json!("PEK");
    let (status, e) = inspect(&t, &officer, b).await;
    assert_eq!((status, e["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{e}");
    let mut b = body(us(), "entry", "manual", transit());
    b["port"] = json!("XXX");
    assert_eq!(inspect(&t, &officer, b).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let mut b = body(us(), "entry", "manual", transit());
    b["lane"] = json!("helicopter");
    assert_eq!(inspect(&t, &officer, b).await.0, StatusCode::BAD_REQUEST);
    let (_, v) = inspect(&t, &officer, body(us(), "entry", "manual", transit())).await;
    let traveller = v["traveller_id"].as_str().unwrap();
    let (status, _) = t.call(with_bearer(get(&format!("/api/v1/travellers/{traveller}")), &officer)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a purpose is required");
    let (status, rec) = t
        .call(with_bearer(
            get(&format!("/api/v1/travellers/{traveller}?purpose=secondary+inspection")),
            &officer,
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{rec}");
    assert_eq!(rec["traveller"]["movements"].as_array().unwrap().len(), 1);
    let reads = t.audited("traveller.read").await;
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].purpose.as_deref(), Some("secondary inspection"));
}

#[tokio::test]
async fn statistics_by_category_with_year_on_year_change_and_vehicle_lanes() {
    let (t, officer) = app().await;
    let citizen = passport("CHN", "LIU", "YANG", "E12345678", "1990-01-01", "2033-05-05");
    for (at, mrz) in [
        ("2025-11-30T02:00:00Z", citizen.clone()),
        ("2026-11-30T02:00:00Z", citizen.clone()),
        ("2026-11-30T03:00:00Z", passport("CHN", "WU", "LEI", "E22225555", "1991-01-01", "2033-05-05")),
        ("2026-11-30T04:00:00Z", passport("HKG", "CHAN", "KA MING", "K12345678", "1988-08-08", "2030-01-01")),
    ] {
        let mut b = body(mrz, "entry", "manual", json!({}));
        b["at"] = json!(at);
        assert_eq!(inspect(&t, &officer, b).await.1["decision"], "clear");
    }
    let analyst = t.token(Role::Analyst).await;
    let (status, s) = t
        .call(with_bearer(
            get("/api/v1/statistics/crossings?from=2026-11-30&to=2026-11-30&group_by=category,direction"),
            &analyst,
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["total"], 3);
    assert_eq!(s["previous_year_total"], 1);
    assert_eq!(s["change_pct"], 200.0);
    let mainland =
        s["rows"].as_array().unwrap().iter().find(|r| r["group"]["category"] == "mainland").unwrap();
    assert_eq!((mainland["count"].as_i64(), mainland["previous_year"].as_i64()), (Some(2), Some(1)));
    let (status, e) = t
        .call(with_bearer(
            get("/api/v1/statistics/crossings?from=2026-11-30&to=2026-11-30&group_by=colour"),
            &analyst,
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    // A car at a land port: driver and passenger inspected together, the conveyance counted.
    let b = json!({
        "kind": "vehicle", "identifier": "粤Z·1234港", "direction": "entry", "port": "PVG", "at": "2026-11-30T05:00:00Z",
        "passenger_count": 1,
        "occupants": [
            { "document": { "mrz": passport("CHN", "HE", "JUN", "E33335555", "1970-01-01", "2033-05-05") } },
            { "document": { "mrz": us() }, "travel": { "origin": "USA" } }
        ]
    });
    let (status, v) = t.call(with_bearer(json_req("POST", "/api/v1/conveyances", b), &officer)).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["inspections"].as_array().unwrap().len(), 2);
    assert_eq!(v["all_clear"], false, "the US passenger needs a visa");
    assert_eq!(v["inspections"][0]["lane"], "vehicle");
    let (_, c) = t
        .call(with_bearer(
            get("/api/v1/statistics/conveyances?from=2026-11-30&to=2026-11-30&group_by=kind"),
            &analyst,
        ))
        .await;
    assert_eq!(c["rows"][0]["group"]["kind"], "vehicle", "{c}");
}

#[tokio::test]
async fn exports_are_audited_and_purges_follow_retention() {
    let (t, officer) = app().await;
    let (_, v) = inspect(&t, &officer, body(us(), "entry", "manual", transit())).await;
    let traveller = v["traveller_id"].as_str().unwrap().to_owned();
    let sup = t.token(Role::Supervisor).await;
    let (status, _) = t.call(with_bearer(get(&format!("/api/v1/travellers/{traveller}/export")), &sup)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a purpose is required");
    let resp = t
        .send(with_bearer(
            get(&format!("/api/v1/travellers/{traveller}/export?purpose=court+order+2026-117")),
            &sup,
        ))
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers().get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment"));
    let exports: Vec<_> = t.audited("traveller.export").await;
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].purpose.as_deref(), Some("court order 2026-117"));
    // The purge of today's data under the default periods removes nothing, and is itself audited.
    let admin = t.token(Role::Admin).await;
    let (status, r) = t
        .call(with_bearer(json_req("POST", "/api/v1/retention/purge?dry_run=true", json!({})), &admin))
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["report"]["inspections"], 0);
    assert_eq!(r["retention"]["inspections_days"], 1825);
    let purges = t.audited("retention.purge").await.len();
    assert_eq!(purges, 1);
}
