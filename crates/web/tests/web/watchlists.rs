//! Watchlists and screening through HTTP: imports in every format, all-or-nothing with positioned errors,
//! incremental changes reaching the next screening and inspection, versions, ids unique across lists,
//! dispositions honoured (also across a restart), and changes another process makes in the store.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use serde_json::{Value, json};

use crate::harness::{TestApp, get, json_req, with_bearer};

const HEADER: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list";

/// Viktor is first in the file but last by id, so that the index's own numbering (file order) differs
/// from the order a restart builds it in (by id).
fn red_csv() -> String {
    format!(
        "{HEADER}\n\
         W-9,Viktor Stolzmann|Виктор Штольцман,1971-03-04,M,D,,wanted,refer,,,x\n\
         W-1,Qwertz Asdfgh,1960,M,UTO,,wanted,refer,,,x\n\
         W-2,Lena Marquardt,1982-07-01,F,AUT,,entry-ban,refer,2026-01-01,2027-12-31,x\n"
    )
}

fn text_req(method: &str, path: &str, media: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", media)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn viktor_passport() -> Vec<String> {
    let fields = mrz::DocumentFields {
        format: mrz::Format::Td3,
        document_code: "P".into(),
        issuing_state: "D".into(),
        primary_identifier: "STOLZMANN".into(),
        secondary_identifier: "VIKTOR".into(),
        document_number: "C01X00T47".into(),
        nationality: "D".into(),
        birth_date: "1971-03-04".parse().unwrap(),
        sex: "M".parse().unwrap(),
        expiry_date: "2031-01-01".parse().unwrap(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    mrz::to_mrz(&fields, translit::Language::Default).unwrap()
}

struct Fixture {
    t: TestApp,
    admin: String,
    officer: String,
}

impl Fixture {
    async fn new() -> Fixture {
        let t = TestApp::new().await;
        let admin = t.token(Role::Admin).await;
        let officer = t.token(Role::Officer).await;
        Fixture { t, admin, officer }
    }

    async fn import(&self, list: &str, query: &str, media: &str, body: &str) -> (StatusCode, Value) {
        let path = format!("/api/v1/watchlists/{list}/import{query}");
        self.t.call(with_bearer(text_req("POST", &path, media, body), &self.admin)).await
    }

    async fn screen(&self, body: Value) -> (StatusCode, Value) {
        self.t.call(with_bearer(json_req("POST", "/api/v1/screen", body), &self.officer)).await
    }

    async fn viktor_ids(&self, traveller: Option<&str>) -> (Vec<String>, Vec<String>) {
        let mut q = json!({ "name": "STOLZMANN<<VIKTOR", "birth_date": "1971-03-04", "nationality": "D" });
        if let Some(t) = traveller {
            q["traveller_id"] = json!(t);
        }
        let (status, v) = self.screen(q).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let ids = |k: &str| -> Vec<String> {
            v[k].as_array().into_iter().flatten().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
        };
        (ids("hits"), ids("suppressed"))
    }

    async fn inspect_viktor(&self) -> Value {
        let body = json!({ "port": "PVG", "lane": "manual", "direction": "entry",
                           "document": { "mrz": viktor_passport() }, "travel": { "origin": "D" } });
        let (status, v) =
            self.t.call(with_bearer(json_req("POST", "/api/v1/inspections", body), &self.officer)).await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        v
    }

    async fn put(&self, list: &str, id: &str, body: Value) -> (StatusCode, Value) {
        let path = format!("/api/v1/watchlists/{list}/entries/{id}");
        self.t.call(with_bearer(json_req("PUT", &path, body), &self.admin)).await
    }

    async fn lists(&self) -> Vec<(String, i64, i64)> {
        let (status, v) = self.t.call(with_bearer(get("/api/v1/watchlists"), &self.admin)).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v["watchlists"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["name"].as_str().unwrap().to_owned(),
                    l["version"].as_i64().unwrap(),
                    l["entries"].as_i64().unwrap(),
                )
            })
            .collect()
    }
}

fn counts(v: &Value) -> (u64, u64, u64, u64, i64) {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    (n("added"), n("changed"), n("removed"), n("unchanged"), v["version"].as_i64().unwrap())
}

fn reason_codes(v: &Value) -> Vec<String> {
    v["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn imports_csv_json_lines_and_followthemoney() {
    let f = Fixture::new().await;
    let (status, v) = f.import("red", "", "text/csv", &red_csv()).await;
    assert_eq!((status, counts(&v)), (StatusCode::OK, (3, 0, 0, 0, 1)), "{v}");
    assert_eq!(v["list"], "red");

    // JSON Lines, told by the media type; arrays or |-separated values.
    let jsonl = concat!(
        r#"{"id":"L-1","names":["Odile Fournier"],"document_numbers":["X 123-4567"],"alert_type":"lost-stolen-document","action":"refer"}"#,
        "\n",
        r#"{"id":"L-2","names":"Jan Kowalczyk|Ян Ковальчик","birth_date":"1975","alert_type":"entry-ban","action":"deny"}"#,
        "\n"
    );
    let (status, v) = f.import("sltd", "", "application/x-ndjson", jsonl).await;
    assert_eq!((status, counts(&v)), (StatusCode::OK, (2, 0, 0, 0, 1)), "{v}");

    // FollowTheMoney: only persons; the alert type and action come from the query.
    let ftm = concat!(
        r#"{"id":"os-1","schema":"Person","properties":{"name":["Ravil Gainutdinov"],"birthDate":["1969-11-02"],"nationality":["ru"]}}"#,
        "\n",
        r#"{"id":"os-2","schema":"Company","properties":{"name":["Example Trading LLC"]}}"#,
        "\n"
    );
    let (status, v) =
        f.import("sanctions", "?format=ftm&alert_type=notify&action=notify", "text/plain", ftm).await;
    assert_eq!(
        (status, counts(&v), v["skipped"].as_u64()),
        (StatusCode::OK, (1, 0, 0, 0, 1), Some(1)),
        "{v}"
    );

    assert_eq!(f.lists().await, [("red".into(), 1, 3), ("sanctions".into(), 1, 1), ("sltd".into(), 1, 2)]);
    // Each list screens: a name in another script, a document number however it is written, an FtM person.
    let (hits, _) = f.viktor_ids(None).await;
    assert_eq!(hits, ["W-9"]);
    let (_, v) = f.screen(json!({ "document_number": "x1234567" })).await;
    assert_eq!(v["hits"][0]["id"], "L-1", "{v}");
    let (_, v) = f.screen(json!({ "name": "Ян Ковальчик", "birth_date": "1975-05-05" })).await;
    assert_eq!(v["hits"][0]["id"], "L-2", "{v}");
    let (_, v) = f.screen(json!({ "primary": "GAINUTDINOV", "secondary": "RAVIL", "birth_date": "1969-11-02", "nationality": "RUS" })).await;
    let hit = &v["hits"][0];
    assert_eq!(
        (hit["id"].as_str(), hit["alert_type"].as_str(), hit["list"].as_str()),
        (Some("os-1"), Some("notify"), Some("sanctions")),
        "{v}"
    );
    assert_eq!(hit["entry_version"], 1, "the store's version: {v}");
    assert!(hit["explanation"]["summary"].as_str().unwrap().contains("GAINUTDINOV"), "{v}");
}

#[tokio::test]
async fn a_bad_row_names_its_line_and_imports_nothing() {
    let f = Fixture::new().await;
    f.import("red", "", "text/csv", &red_csv()).await;
    let bad = format!(
        "{HEADER}\n\
         W-9,Viktor Stolzmann,1971-03-04,M,D,,wanted,refer,,,x\n\
         W-3,,1970,M,D,,wanted,refer,,,x\n\
         W-4,Karl Brenner,1970-13-01,M,D,,wanted,refer,,,x\n\
         W-5,Otto Lindner,1970,M,D,,wanted,shrug,,,x\n"
    );
    let (status, v) = f.import("red", "", "text/csv", &bad).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid-input")),
        "{v}"
    );
    let lines: Vec<(u64, String)> = v["error"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["reason"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(lines.iter().map(|l| l.0).collect::<Vec<_>>(), [3, 4, 5], "{v}");
    assert_eq!(lines[0].1, "no name");
    assert!(lines[1].1.contains("birth_date") && lines[2].1.contains("action"), "{lines:?}");
    assert!(v["error"]["message"].as_str().unwrap().contains("line 3: no name"), "{v}");
    // Nothing changed: the list is at version 1 with its three entries, and W-2 is still screened.
    assert_eq!(f.lists().await, [("red".into(), 1, 3)]);
    let (_, v) = f.screen(json!({ "name": "Lena Marquardt", "birth_date": "1982-07-01" })).await;
    assert_eq!(v["hits"][0]["id"], "W-2", "{v}");

    // Malformed JSON Lines and text that is not UTF-8 are refused the same way.
    let (status, v) = f.import("red", "?format=jsonl", "text/plain", "{\"id\":\"W-1\"\nnot json\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["lines"].as_array().map(Vec::len), Some(2), "{v}");
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/watchlists/red/import")
        .header("content-type", "text/csv")
        .body(Body::from(b"id\nW-1\n\xff\xfe\n".to_vec()))
        .unwrap();
    let (status, v) = f.t.call(with_bearer(req, &f.admin)).await;
    assert_eq!(
        (status, v["error"]["lines"][0]["line"].as_u64()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some(3)),
        "{v}"
    );
    // A bad list name, format or mode, and an empty body.
    for (list, query, body) in [
        ("bad%20name", "", red_csv()),
        ("red", "?format=xml", red_csv()),
        ("red", "?mode=append", red_csv()),
        ("red", "", "  \n".to_owned()),
    ] {
        let (status, v) = f.import(list, query, "text/csv", &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{list}{query}: {v}");
    }
    assert_eq!(f.lists().await, [("red".into(), 1, 3)]);
}

#[tokio::test]
async fn changes_and_removals_reach_the_next_screening_and_inspection() {
    let f = Fixture::new().await;
    f.import("red", "", "text/csv", &red_csv()).await;
    let v = f.inspect_viktor().await;
    assert!(reason_codes(&v).contains(&"watchlist-hit".to_owned()), "{v}");
    assert_eq!(v["hits"][0]["entry_version"], 1, "hits carry the store's version: {v}");

    // A changed entry: a new name, a new version; Viktor is no longer a hit.
    let (status, v) = f
        .put("red", "W-9", json!({ "names": ["Konrad Vogel"], "birth_dates": ["1971-03-04"], "alert_type": "wanted", "action": "refer" }))
        .await;
    assert_eq!(
        (status, v["change"].as_str(), v["entry"]["version"].as_i64()),
        (StatusCode::OK, Some("changed"), Some(2)),
        "{v}"
    );
    assert_eq!(v["list_version"], 2);
    assert_eq!(f.viktor_ids(None).await.0, Vec::<String>::new());
    let v = f.inspect_viktor().await;
    assert!(!reason_codes(&v).contains(&"watchlist-hit".to_owned()), "{v}");
    let (_, v) = f.screen(json!({ "name": "Konrad Vogel", "birth_date": "1971-03-04" })).await;
    assert_eq!(v["hits"][0]["entry_version"], 2, "{v}");

    // A replace import brings Viktor back (changed) and drops W-1 (removed); merge adds without removing.
    let next = format!(
        "{HEADER}\nW-9,Viktor Stolzmann,1971-03-04,M,D,,wanted,refer,,,x\nW-2,Lena Marquardt,1982-07-01,F,AUT,,entry-ban,refer,2026-01-01,2027-12-31,x\n"
    );
    let (_, v) = f.import("red", "?mode=replace", "text/csv", &next).await;
    assert_eq!(counts(&v), (0, 1, 1, 1, 3), "{v}");
    assert_eq!(f.viktor_ids(None).await.0, ["W-9"]);
    let (_, v) = f.screen(json!({ "name": "Qwertz Asdfgh", "birth_date": "1960" })).await;
    assert_eq!(v["hits"], json!([]), "the removed entry still hits: {v}");
    let merge = format!("{HEADER}\nW-7,Hugo Reinholt,1950,M,D,,notify,notify,,,x\n");
    let (_, v) = f.import("red", "?mode=merge", "text/csv", &merge).await;
    assert_eq!(counts(&v), (1, 0, 0, 0, 4), "{v}");
    assert_eq!(f.lists().await, [("red".into(), 4, 3)]);

    // Removed: gone from screening and from the inspection; the list's version moves on.
    let path = "/api/v1/watchlists/red/entries/W-9";
    let (status, v) =
        f.t.call(with_bearer(Request::delete(path).body(Body::empty()).unwrap(), &f.admin)).await;
    assert_eq!(
        (status, v["version"].as_i64(), v["list_version"].as_i64()),
        (StatusCode::OK, Some(4), Some(5)),
        "{v}"
    );
    let (status, _) =
        f.t.call(with_bearer(Request::delete(path).body(Body::empty()).unwrap(), &f.admin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(f.viktor_ids(None).await.0, Vec::<String>::new());
    let v = f.inspect_viktor().await;
    assert_eq!(v["decision"], "clear", "{v}");
    assert_eq!(f.lists().await, [("red".into(), 5, 2)]);

    // Entries are read one at a time, audited; ill-formed entries are refused with the reason.
    let (status, v) = f.t.call(with_bearer(get("/api/v1/watchlists/red/entries/W-2"), &f.admin)).await;
    assert_eq!(
        (status, v["entry"]["data"]["names"][0].as_str()),
        (StatusCode::OK, Some("Lena Marquardt")),
        "{v}"
    );
    let (status, _) = f.t.call(with_bearer(get(path), &f.admin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let reads =
        f.t.app
            .store
            .audit_search(&store::AuditFilter { action: Some("watchlist.read".into()), ..Default::default() })
            .await
            .unwrap();
    assert_eq!(reads.len(), 1);
    for (id, body, needle) in [
        ("W-8", json!({ "names": [], "alert_type": "wanted", "action": "refer" }), "no name"),
        (
            "W-8",
            json!({ "id": "W-0", "names": ["A B"], "alert_type": "wanted", "action": "refer" }),
            "differs",
        ),
        (
            "W-8",
            json!({ "names": ["A B"], "alert_type": "wanted", "action": "refer", "religion": "x" }),
            "unknown field",
        ),
        ("W-8", json!(["not an object"]), "JSON object"),
    ] {
        let (status, v) = f.put("red", id, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains(needle), "{needle}: {v}");
    }
    let entry = json!({ "names": ["Ada Quist"], "alert_type": "notify", "action": "notify" });
    let (status, v) = f.put("red", "W-8", entry.clone()).await;
    assert_eq!((status, v["change"].as_str()), (StatusCode::CREATED, Some("added")), "{v}");
    let (status, v) = f.put("red", "W-8", entry).await;
    assert_eq!(
        (status, v["change"].as_str(), v["list_version"].as_i64()),
        (StatusCode::OK, Some("unchanged"), Some(6)),
        "{v}"
    );
}

#[tokio::test]
async fn ids_are_unique_across_lists() {
    let f = Fixture::new().await;
    f.import("red", "", "text/csv", &red_csv()).await;
    let other = format!(
        "{HEADER}\nS-1,Some One,1970,M,D,,wanted,refer,,,x\nW-2,Lena Marquardt,,F,AUT,,notify,notify,,,x\n"
    );
    let (status, v) = f.import("sltd", "", "text/csv", &other).await;
    assert_eq!((status, v["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("\"W-2\" (on red)"), "{v}");
    let (status, v) =
        f.put("sltd", "W-9", json!({ "names": ["X Y"], "alert_type": "notify", "action": "notify" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert_eq!(f.lists().await, [("red".into(), 1, 3)]);
    let (_, v) = f.screen(json!({ "name": "Some One", "birth_date": "1970" })).await;
    assert_eq!(v["hits"], json!([]), "{v}");
}

#[tokio::test]
async fn dispositions_are_honoured_across_a_restart_and_lapse_when_the_entry_changes() {
    let f = Fixture::new().await;
    f.import("red", "", "text/csv", &red_csv()).await;
    let v = f.inspect_viktor().await;
    let traveller = v["traveller_id"].as_str().unwrap().to_owned();
    let id = v["inspection_id"].as_str().unwrap();
    let resolution = json_req(
        "POST",
        &format!("/api/v1/inspections/{id}/resolution"),
        json!({ "action": "not-same-person", "note": "different person, checked" }),
    );
    let (status, r) = f.t.call(with_bearer(resolution, &f.officer)).await;
    assert_eq!(status, StatusCode::OK, "{r}");

    // The screening API honours it for this traveller only, and still reports the hit as suppressed.
    assert_eq!(f.viktor_ids(Some(&traveller)).await, (vec![], vec!["W-9".to_owned()]));
    assert_eq!(f.viktor_ids(None).await.0, ["W-9"]);
    let (status, v) =
        f.screen(json!({ "name": "Viktor Stolzmann", "traveller_id": "no-such-traveller" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");

    // A restart builds the index afresh, numbering its entries in another order: still in force.
    web::api::watchlists::load(&f.t.app).await.unwrap();
    assert_eq!(f.viktor_ids(Some(&traveller)).await, (vec![], vec!["W-9".to_owned()]));
    assert_eq!(f.inspect_viktor().await["decision"], "clear");

    // The entry changes: the disposition lapses, for the API and for the inspection.
    let changed =
        format!("{HEADER}\nW-9,Viktor Stolzmann|Viktor Stolzman,1971-03-04,M,D,,wanted,refer,,,x\n");
    let (_, v) = f.import("red", "?mode=merge", "text/csv", &changed).await;
    assert_eq!(counts(&v).1, 1, "{v}");
    assert_eq!(f.viktor_ids(Some(&traveller)).await, (vec!["W-9".to_owned()], vec![]));
    assert!(reason_codes(&f.inspect_viktor().await).contains(&"watchlist-hit".to_owned()));

    // Every screening is audited as `screen`, with the traveller and the hits, never the name asked about.
    let audits =
        f.t.app
            .store
            .audit_search(&store::AuditFilter { action: Some("screen".into()), ..Default::default() })
            .await
            .unwrap();
    assert_eq!(audits.len(), 4);
    let with_traveller: Vec<_> =
        audits.iter().filter(|a| a.subject == format!("traveller:{traveller}")).collect();
    assert_eq!(with_traveller.len(), 3);
    for a in &audits {
        let detail = &a.detail;
        assert!(
            !detail.contains("STOLZMANN") && !detail.contains("Stolzmann") && !detail.contains("1971"),
            "{detail}"
        );
    }
    // Newest first: the hit after the change, then the suppressed hits before it.
    let refs: Vec<(Value, Value)> = with_traveller
        .iter()
        .map(|a| {
            let d: Value = serde_json::from_str(&a.detail).unwrap();
            (d["hits"].clone(), d["suppressed"].clone())
        })
        .collect();
    assert_eq!(
        refs,
        [
            (json!(["red/W-9@2"]), json!([])),
            (json!([]), json!(["red/W-9@1"])),
            (json!([]), json!(["red/W-9@1"]))
        ]
    );
}

#[tokio::test]
async fn screening_requests_are_checked_and_respect_validity_windows() {
    let f = Fixture::new().await;
    f.import("red", "", "text/csv", &red_csv()).await;
    for body in [json!({}), json!({ "birth_date": "1980" }), json!({ "name": "x".repeat(201) })] {
        let (status, v) = f.screen(body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    }
    let (status, v) = f.screen(json!({ "name": "Viktor", "religion": "x" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    // W-2 applies in 2026 and 2027 only (the test clock says 2026-12-01).
    let lena = |as_of: Option<&str>| {
        let mut q = json!({ "name": "Lena Marquardt", "birth_date": "1982-07-01" });
        if let Some(d) = as_of {
            q["as_of"] = json!(d);
        }
        q
    };
    let (_, v) = f.screen(lena(None)).await;
    assert_eq!(v["hits"][0]["id"], "W-2", "{v}");
    let (_, v) = f.screen(lena(Some("2028-01-01"))).await;
    assert_eq!(v["hits"], json!([]), "{v}");
}

#[tokio::test]
async fn changes_made_by_another_process_are_picked_up() {
    let f = Fixture::new().await;
    f.import("red", "", "text/csv", &red_csv()).await;
    // `guomen watchlist import` writes to the store directly, as another process would.
    let cli = domain::Principal::system("cli");
    let entry = |id: &str, name: &str| {
        let e = json!({ "id": id, "names": [name], "birth_dates": ["1961-02-03"], "nationalities": ["GBR"],
                        "alert_type": "wanted", "action": "refer", "list": "interpol" });
        (id.to_owned(), e)
    };
    let now = crate::harness::now();
    f.t.app
        .store
        .watchlist_import(
            &cli,
            "interpol",
            vec![entry("I-1", "Bartholomew Quince")],
            store::ImportMode::Replace,
            now,
        )
        .await
        .unwrap();
    f.t.app.store.watchlist_remove(&cli, "red", "W-9", now).await.unwrap();
    let (_, v) = f
        .screen(json!({ "name": "Bartholomew Quince", "birth_date": "1961-02-03", "nationality": "GBR" }))
        .await;
    assert_eq!(v["hits"], json!([]), "not yet: {v}");
    assert_eq!(f.viktor_ids(None).await.0, ["W-9"]);
    assert_eq!(web::api::watchlists::refresh(&f.t.app).await.unwrap(), 2);
    let (_, v) = f
        .screen(json!({ "name": "Bartholomew Quince", "birth_date": "1961-02-03", "nationality": "GBR" }))
        .await;
    assert_eq!(v["hits"][0]["id"], "I-1", "{v}");
    assert_eq!(f.viktor_ids(None).await.0, Vec::<String>::new());
    assert_eq!(web::api::watchlists::refresh(&f.t.app).await.unwrap(), 0);

    // A change through the API after one from elsewhere catches the list up first.
    f.t.app
        .store
        .watchlist_import(
            &cli,
            "interpol",
            vec![entry("I-1", "Bartholomew Quince"), entry("I-2", "Cornelius Fane")],
            store::ImportMode::Merge,
            now,
        )
        .await
        .unwrap();
    let (status, _) = f
        .put(
            "interpol",
            "I-3",
            json!({ "names": ["Desmond Hale"], "alert_type": "notify", "action": "notify" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, v) =
        f.screen(json!({ "name": "Cornelius Fane", "birth_date": "1961-02-03", "nationality": "GBR" })).await;
    assert_eq!(v["hits"][0]["id"], "I-2", "{v}");
}
