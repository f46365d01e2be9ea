//! Entry rules over HTTP (`/api/v1/policy/check`, `/api/v1/policy/overstay`) and the public self-check page.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use serde_json::json;

use crate::harness::{TestApp, get, json_req, with_bearer};

fn transit_case() -> serde_json::Value {
    json!({
        "traveller": { "nationality": "USA" },
        "arrival": { "port": "PVG", "instant": "2026-12-01T10:00", "origin": "USA", "purpose": "tourism" },
        "onward": { "destination": "KOR", "departure": "2026-12-08T10:00" }
    })
}

#[tokio::test]
async fn check_answers_with_the_engines_decision() {
    let t = TestApp::new().await;
    let officer = t.token(Role::Officer).await;
    let check =
        |body: serde_json::Value| with_bearer(json_req("POST", "/api/v1/policy/check", body), &officer);

    // 240-hour transit: admissible, with the deadline, area and legal basis.
    let (status, d) = t.call(check(transit_case())).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["admissible"], true);
    assert_eq!(d["kind"], "transit-visa-free");
    assert_eq!(d["scheme"], "cn-transit-240h");
    assert_eq!(d["permitted_until"], "2026-12-12T00:00:00+08:00");
    assert_eq!(d["deadline"]["en"], "leave by 24:00 on 11 December");
    assert_eq!(d["deadline"]["zh"], "请于12月11日24时前离境");
    assert_eq!(d["permitted_area"]["id"], "transit-240h");
    assert!(
        d["legal_basis"].as_array().unwrap().iter().any(|c| c["citation"] == "EEA-Law Art. 22(3)"),
        "{d}"
    );
    assert!(d["ruleset"]["label"].as_str().unwrap().starts_with("cn@"));
    assert!(!d["trace"].as_array().unwrap().is_empty());

    // India, no onward ticket: a visa is needed, with what an officer would cite.
    let (status, d) = t
        .call(check(json!({
            "traveller": { "nationality": "IND" },
            "arrival": { "port": "PVG", "instant": "2026-12-01T10:00", "purpose": "tourism" }
        })))
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["admissible"], false);
    assert_eq!(d["kind"], "visa-required");
    assert_eq!(d["permitted_until"], serde_json::Value::Null);
    assert!(d["conditions"].as_array().unwrap().iter().any(|c| c["code"] == "visa-needed"), "{d}");
    assert!(!d["legal_basis"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn bad_requests_get_stable_codes_and_never_a_500() {
    let t = TestApp::new().await;
    let clerk = t.token(Role::Clerk).await;
    let raw = |path: &str, body: &str| {
        with_bearer(
            Request::post(path)
                .header("content-type", "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap(),
            &clerk,
        )
    };
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut body = transit_case();
        edit(&mut body);
        with_bearer(json_req("POST", "/api/v1/policy/check", body), &clerk)
    };
    // (request, status, code, a part of the message)
    let cases: Vec<(Request<Body>, StatusCode, &str, &str)> = vec![
        (
            raw("/api/v1/policy/check", "{\"traveller\": "),
            StatusCode::BAD_REQUEST,
            "bad-json",
            "line 1 column",
        ),
        (
            raw(
                "/api/v1/policy/check",
                "{\n  \"traveller\": {\"nationality\": \"USA\"},\n  \"arrival\": 7\n}",
            ),
            StatusCode::BAD_REQUEST,
            "bad-json",
            "line 3 column",
        ),
        (
            with(&|b| b["arrival"]["purpose"] = json!("partying")),
            StatusCode::BAD_REQUEST,
            "bad-json",
            "partying",
        ),
        (
            with(&|b| b["arrival"]["instant"] = json!("tomorrow")),
            StatusCode::BAD_REQUEST,
            "bad-json",
            "tomorrow",
        ),
        (with(&|b| b["surplus"] = json!(1)), StatusCode::BAD_REQUEST, "bad-json", "surplus"),
        (
            with(&|b| b["arrival"]["port"] = json!("NOWHERE")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
            "NOWHERE",
        ),
        (
            with(&|b| b["traveller"]["nationality"] = json!("CHN")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
            "Chinese citizens",
        ),
        (
            with(&|b| b["history"] = json!([{ "entry": "2026-10-10", "exit": "2026-10-01" }])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
            "history[0]",
        ),
        (
            raw(
                "/api/v1/policy/overstay",
                "{\"permitted_until\": \"2026-12-12T00:00\", \"exit\": \"2026-12-14T09:00\", \"port\": \"NOWHERE\"}",
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
            "NOWHERE",
        ),
        (raw("/api/v1/policy/overstay", "[]"), StatusCode::BAD_REQUEST, "bad-json", ""),
    ];
    for (req, want_status, want_code, want_text) in cases {
        let label = format!("{} {}", req.method(), req.uri());
        let (status, body) = t.call(req).await;
        assert_eq!(status, want_status, "{label}: {body}");
        assert_eq!(body["error"]["code"], want_code, "{label}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(want_text), "{label}: {message}");
    }
}

#[tokio::test]
async fn edge_values_never_produce_a_server_error() {
    let t = TestApp::new().await;
    let token = t.token(Role::Analyst).await;
    let edits: Vec<(&str, serde_json::Value)> = vec![
        ("/arrival/instant", json!("9999-12-31T23:59")),
        ("/arrival/instant", json!("-009999-01-01T00:00:00Z")),
        ("/arrival/instant", json!("2026-12-01")),
        ("/onward/departure", json!("1970-01-01T00:00")),
        ("/onward/departure", json!("9999-12-31T23:59:59+14:00")),
        ("/traveller/document_valid_until", json!("0001-01-01")),
        ("/traveller/document_valid_until", json!("9999-12-31")),
        (
            "/holdings",
            json!({ "visa": { "category": "ZZ", "valid_until": "9999-12-31", "duration_of_stay_days": 4_000_000_000u32 } }),
        ),
        ("/holdings", json!({ "residence_permit": { "valid_until": "0001-01-01" } })),
        ("/history", json!([{ "entry": "0001-01-01", "exit": "9999-12-31" }])),
        ("/arrival/group", json!({ "size": 0 })),
        ("/arrival/port", json!("pvg")),
        ("/arrival/port", json!("")),
        ("/arrival/port", json!("P".repeat(5000))),
    ];
    for (pointer, value) in edits {
        let mut body = transit_case();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = if parent.is_empty() { &mut body } else { body.pointer_mut(parent).unwrap() };
        target[key] = value.clone();
        let (status, answer) =
            t.call(with_bearer(json_req("POST", "/api/v1/policy/check", body), &token)).await;
        assert!(status.is_success() || status.is_client_error(), "{pointer} = {value}: {status} {answer}");
        if !status.is_success() {
            assert!(answer["error"]["code"].is_string(), "{pointer} = {value}: {answer}");
        }
    }
}

#[tokio::test]
async fn overstay_counts_days_and_the_fine_range() {
    let t = TestApp::new().await;
    let egate = t.token(Role::Egate).await;
    // (permitted_until, exit, days, max fine)
    let cases = [
        ("2026-12-12T00:00:00+08:00", "2026-12-11T23:00", 0, 0),
        ("2026-12-12T00:00:00+08:00", "2026-12-14T09:00", 3, 1500),
        ("2026-12-12T00:00", "2027-02-01T09:00", 52, 10_000),
    ];
    for (until, exit, days, max) in cases {
        let body = json!({ "permitted_until": until, "exit": exit, "port": "PVG" });
        let (status, o) =
            t.call(with_bearer(json_req("POST", "/api/v1/policy/overstay", body), &egate)).await;
        assert_eq!(status, StatusCode::OK, "{o}");
        assert_eq!((o["overstay_days"].as_u64(), o["fine_max_cny"].as_u64()), (Some(days), Some(max)), "{o}");
        assert_eq!(o["fine_min_cny"], 0);
        assert_eq!(o["legal_basis"], "EEA-Law Art. 78");
    }
}

fn page_req(path: &str, lang: &str) -> Request<Body> {
    Request::get(path).header("accept-language", lang).body(Body::empty()).unwrap()
}

async fn html(t: &TestApp, req: Request<Body>) -> (StatusCode, String) {
    let resp = t.send(req).await;
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 4 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

const TRANSIT_QUERY: &str = "/selfcheck?nationality=USA&document_type=ordinary&port=PVG&date=2026-12-01&time=10%3A00\
                             &origin=USA&purpose=tourism&onward_to=KOR&onward_date=2026-12-08&onward_time=10%3A00";

#[tokio::test]
async fn the_self_check_page_answers_in_chinese_and_english() {
    let t = TestApp::new().await;

    // The empty form, in both languages, with the pickers filled from the code tables.
    let (status, zh) = html(&t, page_req("/selfcheck", "zh-CN")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(zh.contains("我能免签入境中国吗？"), "{zh}");
    assert!(
        zh.contains("<option value=\"USA\">美国</option>") || zh.contains(">美国<"),
        "country names in Chinese"
    );
    assert!(zh.contains("上海浦东国际机场 (PVG)"), "port names in Chinese");
    assert!(zh.contains("hreflang=\"en\""), "a link to the English page");
    assert!(!zh.contains("id=\"answer\""));
    let (_, en) = html(&t, page_req("/selfcheck", "en")).await;
    assert!(en.contains("Can I enter China without a visa?"));
    assert!(en.contains("Shanghai Pudong International Airport (PVG)"));

    // The 240-hour transit answer: verdict, deadline in plain words, area, legal basis.
    let (status, en) = html(&t, page_req(TRANSIT_QUERY, "en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(en.contains("id=\"answer\""), "{en}");
    assert!(en.contains("sc-yes"));
    assert!(
        en.contains("Yes. You may enter without a visa under the 240-hour visa-free transit policy."),
        "{en}"
    );
    assert!(en.contains("Leave by 24:00 on 11 December 2026"), "{en}");
    assert!(en.contains("Beijing time."));
    assert!(en.contains("The stay counts from 00:00 on the day after you enter."));
    assert!(en.contains("240-hour transit scheme"), "the permitted area");
    assert!(
        en.contains("Exit and Entry Administration Law of the People&#39;s Republic of China, Art. 22(3)")
            || en.contains(
                "Exit and Entry Administration Law of the People&#x27;s Republic of China, Art. 22(3)"
            ),
        "{en}"
    );
    assert!(en.contains("selected>United States"), "the form keeps what was asked");
    let (status, zh) = html(&t, page_req(TRANSIT_QUERY, "zh-CN")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(zh.contains("可以。您可依据“240小时过境免签政策”免签入境。"), "{zh}");
    assert!(zh.contains("请于2026年12月11日24时前离境"), "{zh}");
    assert!(zh.contains("《中华人民共和国出境入境管理法》第二十二条第（三）项"), "{zh}");
    // The language switch carries the question, so the other language shows the same answer.
    assert!(zh.contains("/lang/en?next=%2Fselfcheck%3Fnationality%3DUSA"), "{zh}");

    // A visa is needed: a clear no, with what to do.
    let (status, en) = html(
        &t,
        page_req("/selfcheck?nationality=IND&port=PVG&date=2026-12-01&time=10%3A00&purpose=tourism", "en"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(en.contains("sc-no"));
    assert!(en.contains("No. No visa-free scheme applies to this journey: you need a visa."), "{en}");
    assert!(en.contains("Apply for a visa at a Chinese embassy or consulate"), "{en}");
    assert!(!en.contains("??"), "every key is translated");
}

#[tokio::test]
async fn the_self_check_page_explains_bad_input() {
    let t = TestApp::new().await;
    // (query, a sentence of the answer)
    let cases = [
        ("nationality=&port=PVG&date=2026-12-01&purpose=tourism", "Choose your nationality."),
        (
            "nationality=USA&port=NOWHERE&date=2026-12-01&purpose=tourism",
            "Choose your port of entry from the list.",
        ),
        ("nationality=USA&port=PVG&date=someday&purpose=tourism", "Enter a valid arrival date and time."),
        ("nationality=USA&port=PVG&date=2026-12-01&purpose=", "Choose the purpose of your visit."),
        (
            "nationality=CHN&port=PVG&date=2026-12-01&purpose=tourism",
            "this self-check is for foreign nationals",
        ),
        (
            "nationality=USA&port=PVG&date=2026-12-01&purpose=tourism&onward_to=KOR&onward_date=8.12.",
            "The onward ticket&#39;s departure date or time is not valid.",
        ),
    ];
    for (query, want) in cases {
        let (status, page) = html(&t, page_req(&format!("/selfcheck?{query}"), "en")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let want_alt = want.replace("&#39;", "&#x27;");
        assert!(page.contains(want) || page.contains(&want_alt), "{query}: {page}");
        assert!(page.contains("role=\"alert\""));
        assert!(!page.contains("id=\"answer\""));
    }
}

#[tokio::test]
async fn the_self_check_page_is_public_and_linked() {
    let t = TestApp::new().await;
    for role in Role::ALL {
        let token = t.token(role).await;
        let (status, page) = html(&t, with_bearer(get("/selfcheck"), &token)).await;
        assert_eq!(status, StatusCode::OK, "{role}");
        assert!(page.contains("href=\"/selfcheck\""), "{role}: the navigation links the page");
    }
    let resp = t.send(get(TRANSIT_QUERY)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let csp = resp.headers().get("content-security-policy").unwrap().to_str().unwrap();
    assert!(!csp.contains("unsafe-inline"));
    let (_, login) = html(&t, get("/login")).await;
    assert!(login.contains("href=\"/selfcheck\""), "the sign-in page links the self-check");
    let (_, page) = html(&t, get("/selfcheck")).await;
    assert!(!page.contains("style=") && !page.contains("<style") && !page.contains("<script>"), "CSP-clean");
    assert!(page.contains("/assets/selfcheck.css"));
    let css = t.send(get("/assets/selfcheck.css")).await;
    assert_eq!(css.status(), StatusCode::OK);
}
