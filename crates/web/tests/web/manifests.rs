//! Manifests end to end: carriers send PAXLST interchanges (the three guide examples and synthetic
//! China-bound flights), get board / no-board / refer per person as JSON or CUSRES, send updates; officers
//! read the flights and each list; inspections at the arrival port link to the manifest; the pages.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::{Principal, Role};
use jiff::civil::date;
use paxlst::{
    Document, GroupInfo, InterchangeInfo, Leg, ListType, LocalDateTime, ManifestJson, Message, Person, Stop,
};
use serde_json::{Value, json};
use web::api::accounts::{self, TokenInput};

use crate::harness::{TestApp, get, json_req, now, with_bearer};

const GUIDE_5_1: &str = include_str!("../../../paxlst/tests/data/guide_example_5.1.edi");
const GUIDE_5_2: &str = include_str!("../../../paxlst/tests/data/guide_example_5.2.edi");
const GUIDE_5_3: &str = include_str!("../../../paxlst/tests/data/guide_example_5.3.edi");

async fn carrier_token(t: &TestApp, carrier: &str) -> String {
    let input = TokenInput {
        name: Some(format!("carrier-{carrier}")),
        role: "carrier".into(),
        ports: vec![],
        office: None,
        carrier: Some(carrier.into()),
        partner: None,
        expires: None,
    };
    accounts::create_token(&t.app.store, &Principal::system("test"), input, now()).await.unwrap().1
}

fn edifact(path: &str, body: &str, token: &str) -> Request<Body> {
    let req =
        Request::post(path).header("content-type", "application/edifact").body(Body::from(body.to_owned()));
    with_bearer(req.unwrap(), token)
}

fn watchlist() -> screening::Index {
    let csv = "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list\n\
               W1,TESTOVA VALENTINA,1980-05-06,F,FRA,,wanted,refer,,,demo-wanted\n";
    let entries = screening::import(csv, screening::ImportFormat::Csv, &screening::ImportOptions::default())
        .unwrap()
        .entries;
    screening::Index::build(entries).unwrap()
}

fn passenger(surname: &str, given: &str, nationality: &str, number: &str, born: jiff::civil::Date) -> Person {
    let mut p = Person::new(paxlst::Role::Passenger, surname);
    p.given_names = Some(given.into());
    p.sex = Some("F".into());
    p.birth_date = Some(born);
    p.nationality = Some(nationality.into());
    p.embarkation = Some("CDG".into());
    p.debarkation = Some("PVG".into());
    p.documents.push(Document {
        doc_type: "P".into(),
        number: number.into(),
        expiry: Some(date(2030, 1, 1)),
        issuing_country: Some(nationality.into()),
        issue_date: None,
    });
    p
}

fn martin() -> Person {
    passenger("MARTIN", "CLAIRE", "FRA", "FR1234567", date(1985, 3, 4))
}
fn doe() -> Person {
    passenger("DOE", "JANE", "UTO", "UTO123456", date(1990, 7, 1))
}
fn testova() -> Person {
    passenger("TESTOVA", "VALENTINA", "FRA", "FR7654321", date(1980, 5, 6))
}
fn durand() -> Person {
    passenger("DURAND", "PAULE", "FRA", "FR5555555", date(1975, 1, 2))
}

/// MU552 CDG → PVG, arriving 07:30 local on 2026-12-01 (the harness clock is 10:00 local that day, past
/// the no-show time).
fn china_flight(persons: Vec<Person>, function_code: Option<&str>) -> String {
    let leg = Leg {
        carrier: "MU".into(),
        number: "552".into(),
        departure: Stop {
            port: Some("CDG".into()),
            time: Some(LocalDateTime(date(2026, 11, 30).at(18, 30, 0, 0))),
            qualifier: Some("125".into()),
        },
        arrival: Stop {
            port: Some("PVG".into()),
            time: Some(LocalDateTime(date(2026, 12, 1).at(7, 30, 0, 0))),
            qualifier: Some("87".into()),
        },
        overflight: false,
    };
    let message = Message {
        reference: "M1".into(),
        list_type: ListType::Passenger,
        version: "D15B".into(),
        flight: Some(leg.clone()),
        declared_count: None,
        persons,
        document_code: "745".into(),
        message_function: paxlst::MessageFunction::from_code(function_code),
        function_code: function_code.map(str::to_owned),
        group: Some(0),
        common_access_reference: None,
        sequence: None,
        transaction_reference: Some("TN552".into()),
        reporting_party: None,
        legs: vec![leg],
        segments: [0, 0],
    };
    let manifest = ManifestJson {
        interchange: InterchangeInfo {
            sender: "MUAIRLINE".into(),
            recipient: "GUOMEN".into(),
            prepared: Some(LocalDateTime(date(2026, 11, 30).at(12, 0, 0, 0))),
            control_reference: "552001".into(),
            groups: vec![GroupInfo {
                reference: "1".into(),
                sender: "MUAIRLINE".into(),
                recipient: "GUOMEN".into(),
                prepared: None,
                version: "D15B".into(),
            }],
            ..InterchangeInfo::default()
        },
        messages: vec![message],
    };
    paxlst::make(&manifest).unwrap()
}

fn verdicts(answer: &Value) -> Vec<(String, Value)> {
    answer["manifests"][0]["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["surname"].as_str().unwrap().to_owned(), p["verdict"].clone()))
        .collect()
}

fn codes(person: &Value) -> Vec<String> {
    person["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_guide_examples_are_taken_with_their_count_warnings() {
    let t = TestApp::new().await;
    let zz = carrier_token(&t, "ZZ").await;
    let xz = carrier_token(&t, "XZ").await;
    // (example, carrier token, expected warning codes, persons)
    for (text, token, warning, persons) in [
        (GUIDE_5_1, &zz, "cnt-mismatch", 1),
        (GUIDE_5_2, &zz, "unt-segment-count", 1),
        (GUIDE_5_3, &xz, "", 2),
    ] {
        let (status, body) = t.call(edifact("/api/v1/manifests", text, token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let warnings: Vec<&str> =
            body["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
        assert!(warning.is_empty() || warnings.contains(&warning), "{warnings:?}");
        let m = &body["manifests"][0];
        assert_eq!(m["persons"].as_array().unwrap().len(), persons, "{m}");
        // The flights end in Honolulu and San Francisco: no entry rules of this State apply.
        for p in m["persons"].as_array().unwrap() {
            assert_eq!(p["verdict"], "board", "{p}");
            assert_eq!(p["hits"], json!([]));
        }
    }
    // 5.1: the person's segments as in the crate's docs.
    let (_, again) = t.call(edifact("/api/v1/manifests", GUIDE_5_1, &zz)).await;
    assert_eq!(again["manifests"][0]["persons"][0]["segments"], json!([13, 30]));
    // Sent again, the original replaces the stored list: an update, not a second list.
    assert_eq!(
        (again["manifests"][0]["created"].as_bool(), again["manifests"][0]["revision"].as_i64()),
        (Some(false), Some(2))
    );
    // In strict mode the count mismatch refuses the interchange, naming the segment.
    let (status, body) = t.call(edifact("/api/v1/manifests?strict=true", GUIDE_5_1, &zz)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid-input");
    assert!(body["error"]["message"].as_str().unwrap().contains("segment 31 (CNT)"), "{body}");
    assert_eq!(body["errors"][0]["code"], "cnt-mismatch");
}

#[tokio::test]
async fn refusals_garbled_other_carrier_media_type() {
    let t = TestApp::new().await;
    let mu = t.token(Role::Carrier).await;
    let supervisor = t.token(Role::Supervisor).await;
    // A garbled birth date: 422 naming the segment; nothing of the interchange is stored.
    let text = china_flight(vec![martin(), doe()], None).replace("DTM+329:900701", "DTM+329:90X701");
    let (status, body) = t.call(edifact("/api/v1/manifests", &text, &mu)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("segment") && message.contains("(DTM)") && message.contains("nothing"),
        "{message}"
    );
    assert_eq!(body["errors"][0]["code"], "bad-date");
    let (_, list) = t.call(with_bearer(get("/api/v1/flights?port=PVG&date=2026-12-01"), &supervisor)).await;
    assert_eq!(list["flights"], json!([]), "a refused interchange left something behind");
    // A flight of another carrier: 403.
    let (status, body) = t.call(edifact("/api/v1/manifests", GUIDE_5_1, &mu)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden")),
        "{body}"
    );
    assert!(body["error"]["message"].as_str().unwrap().contains("ZZ"));
    // Only EDIFACT or plain text bodies.
    let req = with_bearer(json_req("POST", "/api/v1/manifests", json!({})), &mu);
    assert_eq!(t.call(req).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A cancellation of a list never received.
    let cancel = china_flight(vec![doe()], Some("XR"));
    let (status, body) = t.call(edifact("/api/v1/manifests", &cancel, &mu)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // Text that is not EDIFACT at all.
    let (status, body) = t.call(edifact("/api/v1/manifests", "hello", &mu)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn verdicts_updates_and_the_officers_view() {
    let t = TestApp::new().await;
    t.app.set_watchlist(watchlist());
    let mu = t.token(Role::Carrier).await;
    let officer = t.token(Role::Officer).await;
    let text = china_flight(vec![martin(), doe(), testova()], None);
    let (status, answer) = t.call(edifact("/api/v1/manifests", &text, &mu)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        verdicts(&answer),
        [
            ("MARTIN".into(), json!("board")),
            ("DOE".into(), json!("no-board")),
            ("TESTOVA".into(), json!("refer"))
        ]
    );
    let persons = answer["manifests"][0]["persons"].as_array().unwrap();
    assert_eq!(codes(&persons[1]), ["visa-required"]);
    assert!(
        persons[1]["reasons"][0]["legal_basis"].as_str().is_some_and(|b| b.contains("Art")),
        "{}",
        persons[1]
    );
    // The carrier learns that it must call, not which list matched.
    assert_eq!(codes(&persons[2]), ["watchlist-hit"]);
    assert!(persons[2]["reasons"][0]["legal_basis"].is_null());
    let leaked = persons[2].to_string();
    assert!(
        !leaked.contains("W1") && !leaked.contains("demo-wanted") && !leaked.contains("score"),
        "{leaked}"
    );
    assert_eq!(persons[2]["hits"].as_array().unwrap().len(), 1);
    let id = answer["manifests"][0]["flight_id"].as_str().unwrap().to_owned();

    // Cancel DOE's reservation, then add DURAND.
    let (status, cancel) =
        t.call(edifact("/api/v1/manifests", &china_flight(vec![doe()], Some("XR")), &mu)).await;
    assert_eq!(status, StatusCode::OK, "{cancel}");
    let m = &cancel["manifests"][0];
    assert_eq!(
        (m["flight_id"].as_str(), m["persons_now"].as_u64(), m["change"]["removed"].as_u64()),
        (Some(id.as_str()), Some(2), Some(1))
    );
    assert_eq!(m["persons"][0]["removed"], true);
    let (_, change) =
        t.call(edifact("/api/v1/manifests", &china_flight(vec![durand()], Some("CP")), &mu)).await;
    assert_eq!(verdicts(&change), [("DURAND".into(), json!("board"))]);
    assert_eq!(change["manifests"][0]["revision"], 3);

    // The officer's view: the hit with its explanation and the person's source segments.
    let (status, list) = t.call(with_bearer(get("/api/v1/flights"), &officer)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let f = &list["flights"][0];
    assert_eq!(
        (f["persons"].as_i64(), f["refer"].as_i64(), f["no_board"].as_i64(), f["hits"].as_i64()),
        (Some(3), Some(1), Some(0), Some(1)),
        "{f}"
    );
    let (status, rec) =
        t.call(with_bearer(get(&format!("/api/v1/flights/{id}?purpose=arrival%20planning")), &officer)).await;
    assert_eq!(status, StatusCode::OK, "{rec}");
    let names: Vec<&str> =
        rec["persons"].as_array().unwrap().iter().map(|p| p["surname"].as_str().unwrap()).collect();
    assert_eq!(names, ["MARTIN", "TESTOVA", "DURAND"]);
    assert_eq!(rec["flagged"], json!([1]));
    assert_eq!(rec["persons"][1]["hits"][0]["id"], "W1");
    assert!(rec["persons"][1]["hits"][0]["explanation"]["summary"].as_str().unwrap().contains("TESTOVA"));
    assert_eq!(rec["sources"].as_array().unwrap().len(), 3);
    // Another port's officer sees nothing of it.
    let (status, _) = t.call(with_bearer(get("/api/v1/flights?port=PEK"), &officer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_answer_as_cusres() {
    let t = TestApp::new().await;
    t.app.set_watchlist(watchlist());
    let mu = t.token(Role::Carrier).await;
    let text = china_flight(vec![martin(), doe(), testova()], None);
    for req in [edifact("/api/v1/manifests?format=cusres", &text, &mu), {
        let mut r = edifact("/api/v1/manifests", &text, &mu);
        r.headers_mut().insert("accept", "application/edifact".parse().unwrap());
        r
    }] {
        let resp = t.send(req).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()["content-type"], "application/edifact");
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
        let cusres = String::from_utf8(bytes.to_vec()).unwrap();
        let parsed = edifact::parse(cusres.as_bytes()).unwrap();
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        assert!(cusres.contains("UNB+UNOA:4+GUOMEN+MUAIRLINE+"), "{cusres}");
        assert!(cusres.contains("RFF+TN:TN552'"), "{cusres}");
        let erc: Vec<&str> = cusres.split('\'').filter(|s| s.starts_with("ERC+")).collect();
        assert_eq!(erc, ["ERC+0Z", "ERC+1Z", "ERC+2Z"], "{cusres}");
        assert!(cusres.contains("DOC+P+UTO123456'ERC+1Z'FTX+AAP+++A VISA"), "{cusres}");
        assert!(!cusres.contains("W1") && !cusres.contains("DEMO"), "{cusres}");
    }
}

/// A TD3 zone for a manifested person.
fn mrz_of(p: &Person) -> Vec<String> {
    let doc = &p.documents[0];
    let fields = mrz::DocumentFields {
        format: mrz::Format::Td3,
        document_code: "P".into(),
        issuing_state: doc.issuing_country.as_deref().unwrap().into(),
        primary_identifier: p.surname.to_string(),
        secondary_identifier: p.given_names.as_deref().unwrap_or("").into(),
        document_number: doc.number.to_string(),
        nationality: p.nationality.as_deref().unwrap().into(),
        birth_date: p.birth_date.unwrap().to_string().parse().unwrap(),
        sex: mrz::Sex::Female,
        expiry_date: doc.expiry.unwrap(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    mrz::to_mrz(&fields, mrz::Language::Default).unwrap()
}

fn inspection(mrz: Vec<String>, flight: Option<&str>) -> Value {
    let mut body =
        json!({ "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": mrz } });
    if let Some(f) = flight {
        body["travel"] = json!({ "carrier": "MU", "flight": f });
    }
    body
}

#[tokio::test]
async fn arrivals_link_to_the_manifest_with_no_shows_and_unmanifested() {
    let t = TestApp::new().await;
    let mu = t.token(Role::Carrier).await;
    let officer = t.token(Role::Officer).await;
    let (_, answer) =
        t.call(edifact("/api/v1/manifests", &china_flight(vec![martin(), durand()], None), &mu)).await;
    let id = answer["manifests"][0]["flight_id"].as_str().unwrap().to_owned();

    // MARTIN arrives and is inspected at PVG: linked by her document.
    let (status, insp) = t
        .call(with_bearer(
            json_req("POST", "/api/v1/inspections", inspection(mrz_of(&martin()), None)),
            &officer,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{insp}");
    assert_eq!(insp["manifest"]["link"], "manifested", "{insp}");
    assert_eq!(
        (insp["manifest"]["manifest_id"].as_str(), insp["manifest"]["matched_by"].as_str()),
        (Some(id.as_str()), Some("document"))
    );
    // A traveller who names the flight but is not on it.
    let specimen = vec![
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<".to_owned(),
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10".to_owned(),
    ];
    let (status, insp) = t
        .call(with_bearer(
            json_req("POST", "/api/v1/inspections", inspection(specimen.clone(), Some("MU552"))),
            &officer,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{insp}");
    assert_eq!(insp["manifest"]["link"], "unmanifested", "{insp}");
    // Without naming a flight, the same traveller concerns no list.
    let (_, insp) = t
        .call(with_bearer(json_req("POST", "/api/v1/inspections", inspection(specimen, None)), &officer))
        .await;
    assert!(insp.get("manifest").is_none(), "{insp}");

    // 10:00 local, two and a half hours after the arrival: DURAND is a no-show.
    let (_, rec) = t.call(with_bearer(get(&format!("/api/v1/flights/{id}")), &officer)).await;
    assert_eq!(rec["arrived"], json!([0]), "{rec}");
    assert_eq!(rec["no_shows"], json!([1]), "{rec}");
    assert_eq!(rec["persons"][0]["status"], "arrived");
    assert_eq!(rec["unmanifested"].as_array().unwrap().len(), 1, "{rec}");
    assert_eq!(rec["unmanifested"][0]["nationality"], "UTO");
    let f = &rec["flight"];
    assert_eq!(
        (f["arrived"].as_i64(), f["no_shows"].as_i64(), f["unmanifested"].as_i64()),
        (Some(1), Some(1), Some(1))
    );
}

#[tokio::test]
async fn the_pages_show_flights_flags_and_source_segments() {
    let t = TestApp::new().await;
    t.app.set_watchlist(watchlist());
    let mu = t.token(Role::Carrier).await;
    let officer = t.token(Role::Officer).await;
    let (_, answer) = t
        .call(edifact("/api/v1/manifests", &china_flight(vec![martin(), doe(), testova()], None), &mu))
        .await;
    let id = answer["manifests"][0]["flight_id"].as_str().unwrap().to_owned();
    let segments = answer["manifests"][0]["persons"][2]["segments"].clone();
    let page = |path: String, lang: &'static str| {
        let mut r = with_bearer(get(&path), &officer);
        r.headers_mut().insert("accept-language", lang.parse().unwrap());
        r
    };
    let (status, html) = t.call(page("/flights".into(), "en")).await;
    assert_eq!(status, StatusCode::OK);
    let html = html.as_str().unwrap().to_owned();
    assert!(
        html.contains("Arriving flights")
            && html.contains("MU552")
            && html.contains(&format!("/flights/{id}")),
        "{html}"
    );
    let (_, zh) = t.call(page("/flights?date=2026-12-01".into(), "zh-CN")).await;
    assert!(zh.as_str().unwrap().contains("抵达航班"));

    let (status, html) = t.call(page(format!("/flights/{id}"), "en")).await;
    assert_eq!(status, StatusCode::OK);
    let html = html.as_str().unwrap().to_owned();
    assert!(
        html.contains("TESTOVA") && html.contains("demo-wanted / W1") && html.contains("No-board"),
        "{html}"
    );
    let link = format!("/flights/{id}/persons/2#seg-{}", segments[0]);
    assert!(html.contains(&link), "no link to the source segments: {html}");
    assert!(!html.contains("<script>") && !html.contains("style="), "inline script or style");

    let (status, html) = t.call(page(format!("/flights/{id}/persons/2"), "en")).await;
    assert_eq!(status, StatusCode::OK);
    let html = html.as_str().unwrap().to_owned();
    let from = segments[0].as_i64().unwrap();
    assert!(
        html.contains(&format!(
            "<li id=\"seg-{from}\" value=\"{from}\" class=\"seg-mine\"><code>NAD+FL+++TESTOVA:VALENTINA"
        )),
        "{html}"
    );
    assert!(html.contains("seg-mine") && html.contains("watchlist"), "{html}");
    let (status, _) = t.call(page(format!("/flights/{id}/persons/99"), "en")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.call(page("/flights/no-such".into(), "en")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
