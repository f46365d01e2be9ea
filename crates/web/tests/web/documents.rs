//! Travel documents: `POST /api/v1/mrz/parse` and the console's document-check page.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use serde_json::{Value, json};

use crate::harness::{PASSWORD, TestApp, get, json_req, with_bearer};

/// The ICAO Doc 9303 Part 4 specimen passport.
const SPECIMEN: [&str; 2] =
    ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
/// The specimen with the birth date's last digit changed from 2 to 3.
const CHANGED: &str = "L898902C36UTO7408132F1204159ZE184226B<<<<<10";

async fn parse(t: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    t.call(with_bearer(json_req("POST", "/api/v1/mrz/parse", body), token)).await
}

#[tokio::test]
async fn the_specimen_is_valid_and_the_check_is_audited_without_the_number() {
    let t = TestApp::new().await;
    let officer = t.token(Role::Officer).await;
    let (status, r) = parse(&t, &officer, json!({ "lines": SPECIMEN })).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let expected = [
        ("format", json!("TD3")),
        ("document_code", json!("P")),
        ("issuing_state", json!("UTO")),
        ("document_number", json!("L898902C3")),
        ("nationality", json!("UTO")),
        ("birth_date", json!("1974-08-12")),
        ("sex", json!("F")),
        ("expiry_date", json!("2012-04-15")),
        ("primary_identifier", json!("ERIKSSON")),
        ("secondary_identifier", json!("ANNA MARIA")),
        ("optional_data", json!("ZE184226B")),
        ("valid", json!(true)),
        ("possibly_truncated", json!(false)),
        ("errors", json!([])),
        ("corrections", json!([])),
        ("mode", json!("strict")),
        // The test clock is 2026-12-01T02:00Z, 10:00 in Beijing.
        ("reference_date", json!("2026-12-01")),
    ];
    for (key, value) in expected {
        assert_eq!(r[key], value, "{key}: {r}");
    }
    assert_eq!(r["checks"].as_array().unwrap().len(), 5, "{r}");
    assert_eq!(r["warnings"][0]["code"], "expired", "{r}");

    // The body's reference day wins over the clock.
    let (_, r) = parse(&t, &officer, json!({ "lines": SPECIMEN, "today": "2010-01-01" })).await;
    assert_eq!(
        (r["reference_date"].as_str(), r["warnings"].as_array().map(Vec::len)),
        (Some("2010-01-01"), Some(0))
    );

    let records = t.app.store.audit_page(0, 100).await.unwrap();
    let checks: Vec<_> = records.iter().filter(|r| r.action == "document.check").collect();
    assert_eq!(checks.len(), 2);
    let detail: Value = serde_json::from_str(&checks[0].detail).unwrap();
    assert_eq!(detail["format"], "TD3");
    assert_eq!(detail["valid"], true);
    assert_eq!(detail["warnings"], json!(["expired"]));
    let stored = serde_json::to_string(&checks).unwrap();
    for personal in ["L898902C3", "ERIKSSON", "1974", "740812", "ZE184226B"] {
        assert!(!stored.contains(personal), "{personal} in the audit trail: {stored}");
    }
}

#[tokio::test]
async fn a_changed_digit_is_an_error_at_its_line_and_position() {
    let t = TestApp::new().await;
    let clerk = t.token(Role::Clerk).await;
    let (status, r) = parse(&t, &clerk, json!({ "lines": [SPECIMEN[0], CHANGED] })).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["valid"], false);
    let errors: Vec<(String, u64, u64)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["line"].as_u64().unwrap(),
                e["position"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(errors, [("birth_date".to_owned(), 2, 20), ("composite".to_owned(), 2, 44)]);
    assert_eq!(r["errors"][0]["message"], "birth date check digit is 2, computed 3");
    let bad_check = r["checks"].as_array().unwrap().iter().find(|c| c["field"] == "birth_date").unwrap();
    assert_eq!((bad_check["ok"].as_bool(), bad_check["computed"].as_u64()), (Some(false), Some(3)));
    let audited = t.app.store.audit_page(0, 100).await.unwrap();
    let last = audited.iter().rev().find(|r| r.action == "document.check").unwrap();
    let detail: Value = serde_json::from_str(&last.detail).unwrap();
    assert_eq!(detail["errors"], json!(["check_digit", "check_digit"]));
}

#[tokio::test]
async fn lenient_mode_repairs_and_reports_the_correction() {
    let t = TestApp::new().await;
    let officer = t.token(Role::Officer).await;
    // An O read for the 0 of the birth year, and lower case, as a poor OCR pass gives them.
    let ocr =
        ["p<utoERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO74O8122F1204159ZE184226B<<<<<10"];
    let (_, strict) = parse(&t, &officer, json!({ "lines": ocr })).await;
    assert_eq!(strict["valid"], false, "{strict}");
    let (status, r) = parse(&t, &officer, json!({ "lines": ocr, "lenient": true })).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["valid"], true, "{r}");
    assert_eq!(r["mode"], "lenient");
    assert_eq!(r["birth_date"], "1974-08-12");
    assert_eq!(r["lines"], json!(SPECIMEN));
    let fixes: Vec<(u64, u64, &str, &str, &str)> = r["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["line"].as_u64().unwrap(),
                c["position"].as_u64().unwrap(),
                c["from"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
                c["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(fixes.contains(&(2, 16, "O", "0", "character_class")), "{fixes:?}");
    assert!(fixes.contains(&(1, 1, "p", "P", "upper_case")), "{fixes:?}");
}

#[tokio::test]
async fn bad_bodies_get_stable_error_codes_never_a_500() {
    let t = TestApp::new().await;
    let officer = t.token(Role::Officer).await;
    let raw = |body: &'static str| {
        with_bearer(
            Request::post("/api/v1/mrz/parse")
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap(),
            &officer,
        )
    };
    let post = |body: Value| with_bearer(json_req("POST", "/api/v1/mrz/parse", body), &officer);
    let cases: Vec<(&str, Request<Body>, StatusCode, &str)> = vec![
        ("not JSON", raw("P<UTOERIKSSON"), StatusCode::BAD_REQUEST, "bad-json"),
        ("truncated", raw("{\"lines\": [\"P<UTO"), StatusCode::BAD_REQUEST, "bad-json"),
        ("no lines", post(json!({ "lenient": true })), StatusCode::BAD_REQUEST, "bad-json"),
        ("lines not an array", post(json!({ "lines": SPECIMEN[0] })), StatusCode::BAD_REQUEST, "bad-json"),
        (
            "a line not a string",
            post(json!({ "lines": [SPECIMEN[0], 7] })),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            "lenient not a boolean",
            post(json!({ "lines": SPECIMEN, "lenient": "yes" })),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            "unknown field",
            post(json!({ "lines": SPECIMEN, "mode": "fast" })),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        ("empty lines", post(json!({ "lines": [] })), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        (
            "too many lines",
            post(json!({ "lines": vec![SPECIMEN[0]; 7] })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (
            "a huge line",
            post(json!({ "lines": ["<".repeat(5000)] })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (
            "bad reference day",
            post(json!({ "lines": SPECIMEN, "today": "2026-02-30" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (
            "no content type",
            with_bearer(Request::post("/api/v1/mrz/parse").body(Body::from("{}")).unwrap(), &officer),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
        (
            "GET",
            with_bearer(get("/api/v1/mrz/parse"), &officer),
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
        ),
    ];
    for (label, req, status, code) in cases {
        let (got, body) = t.call(req).await;
        assert_eq!((got, body["error"]["code"].as_str()), (status, Some(code)), "{label}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{label}: {body}");
    }
    // Lines that are no MRZ at all are not a bad body: the report says what is wrong, and where.
    let odd = [
        json!({ "lines": ["hello", "world"] }),
        json!({ "lines": ["", "  ", ""] }),
        json!({ "lines": ["国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门国门", SPECIMEN[1]] }),
        json!({ "lines": [SPECIMEN[0], SPECIMEN[1], SPECIMEN[1], SPECIMEN[1]] }),
        json!({ "lines": ["\u{0}\u{7f}\u{feff}"] }),
    ];
    for body in odd {
        let (status, r) = parse(&t, &officer, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}: {r}");
        assert_eq!(r["valid"], false, "{body}: {r}");
        assert!(!r["errors"].as_array().unwrap().is_empty(), "{body}: {r}");
    }
}

fn with_lang(mut req: Request<Body>, lang: &str) -> Request<Body> {
    req.headers_mut().insert("cookie", format!("guomen_lang={lang}").parse().unwrap());
    req
}

fn form(path: &str, body: String) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

fn form_body(lines: &[&str], lenient: bool) -> String {
    let mut fields = vec![("mrz", lines.join("\r\n"))];
    if lenient {
        fields.push(("lenient", "on".to_owned()));
    }
    serde_urlencoded::to_string(fields).unwrap()
}

async fn html(t: &TestApp, req: Request<Body>) -> (StatusCode, String) {
    let resp = t.send(req).await;
    let status = resp.status();
    let csp =
        resp.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// No inline script or style anywhere (the CSP would block them, so they would be silent bugs).
fn assert_no_inline_code(page: &str) {
    for bad in [" style=", "<style", " onclick=", " onsubmit=", " oninput=", "javascript:"] {
        assert!(!page.contains(bad), "{bad} in the page");
    }
    for script in page.split("<script").skip(1) {
        assert!(
            script.trim_start().starts_with("src="),
            "inline script: <script{}",
            &script[..40.min(script.len())]
        );
    }
}

#[tokio::test]
async fn the_page_renders_in_chinese_and_english() {
    let t = TestApp::new().await;
    let officer = t.token(Role::Officer).await;
    for (lang, title, nav, lenient) in
        [("zh", "证件核验", "证件核验", "宽松模式"), ("en", "Document check", "Documents", "Lenient")]
    {
        let (status, page) = html(&t, with_lang(with_bearer(get("/documents"), &officer), lang)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{lang}: {page}");
        assert!(page.contains("href=\"/documents\" class=\"active\""), "{lang}: nav");
        assert!(page.contains(nav) && page.contains(lenient), "{lang}");
        assert!(page.contains("<textarea name=\"mrz\" class=\"mrz\""), "{lang}");
        assert!(page.contains("hx-post=\"/documents/check\"") && page.contains("action=\"/documents\""));
        assert!(!page.contains("??"), "{lang}: an untranslated key");
        assert_no_inline_code(&page);
    }
    // Roles without the capability do not see the entry in the navigation.
    let analyst = t.token(Role::Analyst).await;
    let (_, dash) = html(&t, with_bearer(get("/"), &analyst)).await;
    assert!(!dash.contains("href=\"/documents\""));
}

#[tokio::test]
async fn the_fragment_shows_verdict_fields_checks_and_the_marked_character() {
    let t = TestApp::new().await;
    let officer = t.token(Role::Officer).await;
    let req = with_lang(
        with_bearer(form("/documents/check", form_body(&[SPECIMEN[0], CHANGED], false)), &officer),
        "en",
    );
    let (status, frag) = html(&t, req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!frag.contains("<html"), "a fragment, not a page");
    assert!(frag.contains("data-valid=\"false\""), "{frag}");
    assert!(frag.contains("Invalid"));
    assert!(frag.contains("line 2, position 20"), "{frag}");
    assert!(frag.contains("birth date check digit is 2, computed 3"));
    assert!(frag.contains("Check digit mismatch"));
    // The offending digit is marked in the echoed line, between the unmarked characters around it.
    let marked = "L898902C36UTO740813<mark class=\"mrz-bad\" \
                  title=\"birth date check digit is 2, computed 3\">2</mark>";
    assert!(frag.contains(marked), "{frag}");
    assert!(
        frag.contains("ERIKSSON") && frag.contains("ANNA MARIA") && frag.contains("UTO · Utopia"),
        "{frag}"
    );
    assert!(frag.contains("badge-red") && frag.contains("badge-green"));
    assert_no_inline_code(&frag);

    // Lenient, in Chinese: the correction is shown and the verdict is valid.
    let ocr = [SPECIMEN[0], "L898902C36UTO74O8122F1204159ZE184226B<<<<<10"];
    let req = with_lang(with_bearer(form("/documents/check", form_body(&ocr, true)), &officer), "zh");
    let (_, frag) = html(&t, req).await;
    assert!(frag.contains("data-valid=\"true\""), "{frag}");
    assert!(frag.contains("自动纠正") && frag.contains("第2行第16位"), "{frag}");
    assert!(frag.contains("<mark class=\"mrz-fixed\""), "{frag}");
    assert!(frag.contains("乌托邦"), "{frag}");

    // Two documents in one text, and the problems of the text itself.
    let two = format!("{}\n{}\n\n{}\n{}", SPECIMEN[0], SPECIMEN[1], SPECIMEN[0], CHANGED);
    let body = serde_urlencoded::to_string([("mrz", two)]).unwrap();
    let (_, frag) = html(&t, with_lang(with_bearer(form("/documents/check", body), &officer), "en")).await;
    assert_eq!(frag.matches("data-valid=").count(), 2);
    let eleven = "x\n\n".repeat(11);
    for (text, message) in [("", "Enter a machine-readable zone."), (eleven.as_str(), "At most 10 documents")]
    {
        let body = serde_urlencoded::to_string([("mrz", text)]).unwrap();
        let (status, frag) =
            html(&t, with_lang(with_bearer(form("/documents/check", body), &officer), "en")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(frag.contains(message), "{frag}");
    }
}

#[tokio::test]
async fn the_form_works_without_javascript_over_a_session() {
    let t = TestApp::new().await;
    t.user("zhou.officer", Role::Officer).await;
    let resp = t
        .send(json_req(
            "POST",
            "/api/v1/auth/login",
            json!({ "username": "zhou.officer", "password": PASSWORD }),
        ))
        .await;
    let cookie =
        resp.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_owned();
    let body: Value =
        serde_json::from_slice(&axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap()).unwrap();
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();

    // The page carries the CSRF token as a form field, as a form post without htmx needs.
    let mut req = get("/documents");
    req.headers_mut().insert("cookie", format!("{cookie}; guomen_lang=en").parse().unwrap());
    let (_, page) = html(&t, req).await;
    assert!(page.contains(&format!("name=\"_csrf\" value=\"{csrf}\"")));

    let post = |with_csrf: bool| {
        let mut fields = vec![("mrz", SPECIMEN.join("\n"))];
        if with_csrf {
            fields.push(("_csrf", csrf.clone()));
        }
        let mut req = form("/documents", serde_urlencoded::to_string(fields).unwrap());
        req.headers_mut().insert("cookie", format!("{cookie}; guomen_lang=en").parse().unwrap());
        req
    };
    let (status, page) = html(&t, post(true)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Document check</h1>") && page.contains("data-valid=\"true\""), "{page}");
    // The text stays in the textarea for the next correction.
    assert!(
        page.contains("L898902C36UTO7408122F1204159ZE184226B&#60;&#60;&#60;&#60;&#60;10</textarea>"),
        "{page}"
    );
    assert_eq!(t.send(post(false)).await.status(), StatusCode::FORBIDDEN, "no CSRF token");

    let audited = t.app.store.audit_page(0, 100).await.unwrap();
    let check = audited.iter().find(|r| r.action == "document.check").unwrap();
    assert_eq!(check.actor_name, "zhou.officer");
}
