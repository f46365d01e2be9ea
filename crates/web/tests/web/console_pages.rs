//! The border-clearance pages of the console, rendered in-process: the desk (CLEAR and REFER, a double
//! submit, the no-JavaScript form over a session), the secondary-inspection queue and its resolution, the
//! traveller record behind its purpose form, overstays and the port dashboard — each in Chinese and English.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use serde_json::{Value, json};

use crate::harness::{PASSWORD, TestApp, get, json_req, with_bearer};

const WATCHLIST: &str =
    "id,names,birth_date,sex,nationalities,document_numbers,alert_type,action,valid_from,valid_to,list
W-1,Viktor Stolzmann,1971-03-04,M,D,,wanted,refer,,,interpol-red
";

fn passport(issuer: &str, surname: &str, given: &str, number: &str, birth: &str) -> Vec<String> {
    crate::clearance::passport(issuer, surname, given, number, birth, "2031-01-01")
}

fn hartley() -> Vec<String> {
    passport("USA", "HARTLEY", "JAMES", "A12345678", "1985-02-03")
}

fn viktor() -> Vec<String> {
    passport("D", "STOLZMANN", "VIKTOR", "C01X00T47", "1971-03-04")
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

fn with_lang(mut req: Request<Body>, lang: &str) -> Request<Body> {
    let cookie = req.headers().get("cookie").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let value = match cookie {
        Some(c) => format!("{c}; guomen_lang={lang}"),
        None => format!("guomen_lang={lang}"),
    };
    req.headers_mut().insert("cookie", value.parse().unwrap());
    req
}

fn form(path: &str, fields: &[(&str, String)]) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap()
}

/// The desk's fields for a traveller (port PVG, manual lane, entry).
fn desk_fields(mrz: &[String], key: &str, travel: &[(&str, &str)]) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("port", "PVG".to_owned()),
        ("lane", "manual".to_owned()),
        ("direction", "entry".to_owned()),
        ("mrz", mrz.join("\r\n")),
        ("idempotency_key", key.to_owned()),
    ];
    for (k, v) in travel {
        let k: &'static str = match *k {
            "origin" => "origin",
            "onward_to" => "onward_to",
            "onward_departure" => "onward_departure",
            "purpose" => "purpose",
            other => panic!("no desk field {other}"),
        };
        f.push((k, (*v).to_owned()));
    }
    f
}

const TRANSIT: &[(&str, &str)] = &[
    ("origin", "USA"),
    ("onward_to", "KOR"),
    ("onward_departure", "2026-12-08T10:00"),
    ("purpose", "transit"),
];

async fn html(t: &TestApp, req: Request<Body>) -> (StatusCode, String) {
    let resp = t.send(req).await;
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 4 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// No inline script or style (the CSP would block them), and every key translated.
fn assert_clean(label: &str, page: &str) {
    for bad in [" style=", "<style", " onclick=", " onsubmit=", " onchange=", "javascript:", "??"] {
        assert!(!page.contains(bad), "{label}: {bad} in the page");
    }
    for script in page.split("<script").skip(1) {
        assert!(script.trim_start().starts_with("src="), "{label}: inline script");
    }
}

async fn audit_actions(t: &TestApp) -> Vec<domain::AuditRecord> {
    t.app.store.audit_page(0, 10_000).await.unwrap()
}

#[tokio::test]
async fn every_clearance_page_renders_in_chinese_and_english() {
    let (t, officer) = app().await;
    let (_, v) = t
        .call(with_bearer(
            json_req(
                "POST",
                "/api/v1/inspections",
                json!({ "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": hartley() },
                        "travel": { "origin": "USA" } }),
            ),
            &officer,
        ))
        .await;
    let traveller = v["traveller_id"].as_str().unwrap().to_owned();
    let referral = v["inspection_id"].as_str().unwrap().to_owned();
    let pages: Vec<(String, &str, &str, &str)> = vec![
        ("/desk".into(), "/desk", "查验台", "Inspection desk"),
        ("/secondary".into(), "/secondary", "二线查验", "Secondary inspection"),
        (format!("/secondary/{referral}"), "/secondary", "二线处置", "Resolve a referral"),
        (format!("/travellers/{traveller}"), "", "查阅目的", "Why do you open this record?"),
        ("/overstays".into(), "/overstays", "逾期滞留", "Overstays"),
        ("/dashboard".into(), "/dashboard", "口岸态势", "Port dashboard"),
    ];
    for (path, nav, zh, en) in &pages {
        for (lang, title) in [("zh", zh), ("en", en)] {
            let (status, page) = html(&t, with_lang(with_bearer(get(path), &officer), lang)).await;
            assert_eq!(status, StatusCode::OK, "{path} {lang}: {page}");
            assert!(page.contains(&format!("<h1>{title}")), "{path} {lang}: no <h1>{title}");
            if !nav.is_empty() {
                assert!(page.contains(&format!("href=\"{nav}\" class=\"active\"")), "{path} {lang}: nav");
            }
            assert!(page.contains("/assets/clearance.css"), "{path}");
            assert_clean(&format!("{path} {lang}"), &page);
        }
    }
    // The officer's navigation holds the clearance pages with their shortcuts; an analyst's only the dashboard.
    let (_, desk) = html(&t, with_lang(with_bearer(get("/desk"), &officer), "en")).await;
    for (href, n) in [("/dashboard", 1), ("/desk", 2), ("/secondary", 3), ("/overstays", 4)] {
        assert!(
            desk.contains(&format!("href=\"{href}\"")) && desk.contains(&format!("data-nav=\"{n}\"")),
            "{href}"
        );
    }
    let analyst = t.token(Role::Analyst).await;
    let (status, dash) = html(&t, with_bearer(get("/dashboard"), &analyst)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!dash.contains("href=\"/desk\"") && !dash.contains("href=\"/secondary\""));
    // `/` sends the roles with a port dashboard to it.
    let resp = t.send(with_bearer(get("/"), &analyst)).await;
    assert_eq!(resp.headers().get("location").unwrap(), "/dashboard");
}

#[tokio::test]
async fn the_desk_answers_clear_and_refer_on_one_screen() {
    let (t, officer) = app().await;
    // A clear transit passenger, in English: the verdict, the deadline in plain words, the area, each step.
    let req = with_lang(
        with_bearer(form("/desk/inspect", &desk_fields(&hartley(), "k-1", TRANSIT)), &officer),
        "en",
    );
    let (status, frag) = html(&t, req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!frag.contains("<html"), "a fragment, not a page");
    assert!(frag.contains("data-decision=\"clear\"") && frag.contains(">CLEAR<"), "{frag}");
    assert!(frag.contains("leave by 24:00 on 11 December"), "{frag}");
    assert!(frag.contains("Visa-free transit") && frag.contains("NIA-240h"), "{frag}");
    assert!(frag.contains("HARTLEY, JAMES") && frag.contains("USA · United States"), "{frag}");
    for step in ["Document", "Expiry", "Lost or stolen", "Watchlists", "Admissibility", "E-gate"] {
        assert!(frag.contains(&format!("<span class=\"step-name\">{step}</span>")), "{step}");
    }
    // The next traveller's form is empty, keeps the post, and has a new key.
    assert!(frag.contains("name=\"idempotency_key\" value=\"") && !frag.contains("value=\"k-1\""));
    assert!(frag.contains("></textarea>"), "the zone is cleared for the next traveller");
    assert_clean("clear", &frag);

    // A traveller who needs a visa, in Chinese: REFER with the reason, its message and its legal basis.
    let refer = desk_fields(
        &passport("USA", "MORGAN", "ELLEN", "B23456789", "1979-06-15"),
        "k-2",
        &[("origin", "USA")],
    );
    let (_, frag) = html(&t, with_lang(with_bearer(form("/desk/inspect", &refer), &officer), "zh")).await;
    assert!(frag.contains("data-decision=\"refer\"") && frag.contains(">移交二线<"), "{frag}");
    assert!(frag.contains("需持签证") && frag.contains("EEA-Law Art. 24"), "{frag}");
    assert!(frag.contains("无适用的免签政策"), "the reason's Chinese message: {frag}");
    assert!(frag.contains("href=\"/secondary/"), "a link to the referral");
    assert_clean("refer", &frag);

    // A watchlist hit shows its explanation: the matched name, the aligned parts, the facts.
    let hit = desk_fields(&viktor(), "k-3", &[("origin", "D")]);
    let (_, frag) = html(&t, with_lang(with_bearer(form("/desk/inspect", &hit), &officer), "en")).await;
    assert!(
        frag.contains("Watchlist hit") && frag.contains("Wanted") && frag.contains("interpol-red"),
        "{frag}"
    );
    assert!(frag.contains("Viktor Stolzmann") && frag.contains("STOLZMANN"), "{frag}");
    assert!(frag.contains("Date of birth"), "the corroborating fact: {frag}");

    // A double submit (the same form twice) records once and says so.
    let (_, again) = html(&t, with_lang(with_bearer(form("/desk/inspect", &refer), &officer), "en")).await;
    assert!(again.contains("already submitted"), "{again}");
    let records = audit_actions(&t).await;
    assert_eq!(records.iter().filter(|r| r.action == "inspection.create").count(), 3);

    // Refused forms say what is wrong and record nothing.
    let empty = desk_fields(&[], "k-4", &[("origin", "ZZZ")]);
    let (status, frag) =
        html(&t, with_lang(with_bearer(form("/desk/inspect", &empty), &officer), "en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(frag.contains("Scan or paste the document") && frag.contains("not a valid ICAO country code"));
    let mut elsewhere = desk_fields(&hartley(), "k-5", TRANSIT);
    elsewhere[0].1 = "PEK".into();
    let (_, frag) = html(&t, with_lang(with_bearer(form("/desk/inspect", &elsewhere), &officer), "en")).await;
    assert!(frag.contains("not scoped to that port"), "{frag}");
    assert_eq!(audit_actions(&t).await.iter().filter(|r| r.action == "inspection.create").count(), 3);
}

/// Signs in as a new officer and returns the session cookie and the CSRF token.
async fn session(t: &TestApp, username: &str) -> (String, String) {
    t.user(username, Role::Officer).await;
    let resp = t
        .send(json_req("POST", "/api/v1/auth/login", json!({ "username": username, "password": PASSWORD })))
        .await;
    let cookie =
        resp.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_owned();
    let body: Value =
        serde_json::from_slice(&axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap()).unwrap();
    (cookie, body["csrf_token"].as_str().unwrap().to_owned())
}

fn with_cookie(mut req: Request<Body>, cookie: &str) -> Request<Body> {
    req.headers_mut().insert("cookie", format!("{cookie}; guomen_lang=en").parse().unwrap());
    req
}

#[tokio::test]
async fn the_desk_works_without_javascript_and_a_reposted_page_records_once() {
    let (t, _) = app().await;
    let (cookie, csrf) = session(&t, "lin.officer").await;
    let (_, page) = html(&t, with_cookie(get("/desk"), &cookie)).await;
    assert!(page.contains(&format!("name=\"_csrf\" value=\"{csrf}\"")));
    assert!(page.contains("action=\"/desk\"") && page.contains("hx-post=\"/desk/inspect\""));
    let key =
        page.split("name=\"idempotency_key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut fields = desk_fields(&hartley(), &key, TRANSIT);
    fields.push(("_csrf", csrf.clone()));
    for _ in 0..2 {
        let (status, page) = html(&t, with_cookie(form("/desk", &fields), &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<h1>Inspection desk") && page.contains("data-decision=\"clear\""), "{page}");
    }
    assert_eq!(audit_actions(&t).await.iter().filter(|r| r.action == "inspection.create").count(), 1);
    // Without the CSRF token a session's form is refused.
    let bare = desk_fields(&hartley(), "k-x", TRANSIT);
    assert_eq!(t.send(with_cookie(form("/desk", &bare), &cookie)).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn referrals_are_resolved_from_the_queue() {
    let (t, officer) = app().await;
    let inspect = |mrz: Vec<String>, origin: &str, at: &str| {
        with_bearer(
            json_req(
                "POST",
                "/api/v1/inspections",
                json!({ "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": mrz },
                        "travel": { "origin": origin }, "at": at }),
            ),
            &officer,
        )
    };
    let (_, first) = t.call(inspect(viktor(), "D", "2026-12-01T01:00:00Z")).await;
    let (_, second) = t.call(inspect(hartley(), "USA", "2026-12-01T01:30:00Z")).await;
    let viktor_id = first["inspection_id"].as_str().unwrap().to_owned();
    let hartley_id = second["inspection_id"].as_str().unwrap().to_owned();

    // The queue, oldest first, with the reasons and the hit's explanation; the read is audited.
    let (status, page) = html(&t, with_lang(with_bearer(get("/secondary"), &officer), "en")).await;
    assert_eq!(status, StatusCode::OK);
    let (a, b) = (page.find(&viktor_id).unwrap(), page.find(&hartley_id).unwrap());
    assert!(a < b, "oldest first");
    assert!(page.contains("Watchlist hit") && page.contains("Visa required"), "{page}");
    assert!(page.contains("STOLZMANN, VIKTOR") && page.contains("data-open=\"2\""), "{page}");
    assert!(audit_actions(&t).await.iter().any(|r| r.action == "referrals.read"));

    // The detail, with the resolve form; the read is audited with its purpose.
    let (status, detail) =
        html(&t, with_lang(with_bearer(get(&format!("/secondary/{hartley_id}")), &officer), "zh")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(detail.contains("name=\"action\" value=\"refuse\"") && detail.contains("EEA-Law Art. 25(1)"));
    assert!(!detail.contains("value=\"not-same-person\""), "no hit, nothing to dismiss");
    let read = audit_actions(&t).await.into_iter().rev().find(|r| r.action == "inspection.read").unwrap();
    assert_eq!(
        (read.subject, read.purpose.as_deref()),
        (format!("inspection:{hartley_id}"), Some("secondary inspection"))
    );

    // A refusal needs its legal basis.
    let path = format!("/secondary/{hartley_id}");
    let refuse = |basis: &str| {
        form(&path, &[("action", "refuse".into()), ("basis", basis.into()), ("note", "no visa".into())])
    };
    let (status, page) = html(&t, with_lang(with_bearer(refuse(""), &officer), "en")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("A refusal must cite its legal basis."), "{page}");
    let resp = t.send(with_bearer(refuse("EEA-Law Art. 25(1)"), &officer)).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let to = resp.headers().get("location").unwrap().to_str().unwrap().to_owned();
    assert_eq!(to, format!("/secondary?done={hartley_id}&status=refused"));
    let (_, page) = html(&t, with_lang(with_bearer(get(&to), &officer), "en")).await;
    assert!(
        page.contains("Resolved:") && page.contains("Refused") && page.contains("data-open=\"1\""),
        "{page}"
    );
    let resolved =
        audit_actions(&t).await.into_iter().rev().find(|r| r.action == "inspection.resolve").unwrap();
    assert!(resolved.detail.contains("EEA-Law Art. 25(1)"), "{}", resolved.detail);
    // A second post finds the referral closed.
    let (status, page) = html(&t, with_lang(with_bearer(refuse("EEA-Law Art. 25(1)"), &officer), "en")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("This referral is resolved:"), "{page}");

    // The hit: dismissed as not the same person, then admitted.
    let vpath = format!("/secondary/{viktor_id}");
    let (_, detail) = html(&t, with_lang(with_bearer(get(&vpath), &officer), "en")).await;
    assert!(
        detail.contains("value=\"not-same-person\"")
            && detail.contains("name=\"entries\" value=\"W-1\" checked")
    );
    let dismiss = form(&vpath, &[("action", "not-same-person".into()), ("entries", "W-1".into())]);
    let resp = t.send(with_bearer(dismiss, &officer)).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let resp = t.send(with_bearer(form(&vpath, &[("action", "admit".into())]), &officer)).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{:?}", resp.headers().get("location"));
    let (_, page) = html(&t, with_lang(with_bearer(get("/secondary"), &officer), "en")).await;
    assert!(page.contains("No referral is waiting."), "{page}");
}

#[tokio::test]
async fn the_traveller_record_asks_for_a_purpose_and_audits_it() {
    let (t, officer) = app().await;
    let req = with_bearer(form("/desk/inspect", &desk_fields(&hartley(), "k-1", TRANSIT)), &officer);
    let (_, frag) = html(&t, req).await;
    let traveller = frag.split("href=\"/travellers/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let path = format!("/travellers/{traveller}");

    // The form asks first; nothing is read or audited yet.
    let (status, page) = html(&t, with_lang(with_bearer(get(&path), &officer), "en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"purpose\" value=\"secondary inspection\"") && !page.contains("HARTLEY"));
    assert!(!audit_actions(&t).await.iter().any(|r| r.action == "traveller.read"));

    let (status, page) =
        html(&t, with_lang(with_bearer(form(&path, &[("purpose", String::new())]), &officer), "en")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Choose or type the purpose."));

    // The record: documents, the timeline with the grant, the open stay; audited with the purpose.
    let typed =
        [("purpose", "secondary inspection".to_owned()), ("purpose_other", "case 2026-0417".to_owned())];
    let (status, page) = html(&t, with_lang(with_bearer(form(&path, &typed), &officer), "en")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<h1>Traveller record") && page.contains("HARTLEY, JAMES"), "{page}");
    assert!(
        page.contains("A12345678") && page.contains("Visa-free transit") && page.contains("In China"),
        "{page}"
    );
    assert!(page.contains("case 2026-0417"), "the purpose is shown back");
    assert_clean("record", &page);
    let read = audit_actions(&t).await.into_iter().find(|r| r.action == "traveller.read").unwrap();
    assert_eq!(
        (read.subject, read.purpose.as_deref()),
        (format!("traveller:{traveller}"), Some("case 2026-0417"))
    );

    // In Chinese, with a listed purpose.
    let listed = [("purpose", "overstay follow-up".to_owned())];
    let (_, page) = html(&t, with_lang(with_bearer(form(&path, &listed), &officer), "zh")).await;
    assert!(
        page.contains("旅客出入境记录") && page.contains("逾期滞留核查") && page.contains("过境免签"),
        "{page}"
    );
    let (status, _) = html(&t, with_bearer(form("/travellers/no-such", &listed), &officer)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn overstays_and_the_port_dashboard() {
    let (t, officer) = app().await;
    let call = |b: Value| with_bearer(json_req("POST", "/api/v1/inspections", b), &officer);
    // Entered a month ago on a 240-hour transit and never left: twenty days over by now.
    let (status, v) = t
        .call(call(json!({ "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": hartley() },
            "travel": { "origin": "USA", "onward_to": "KOR", "onward_departure": "2026-11-03T10:00", "purpose": "transit" },
            "at": "2026-11-01T02:00:00Z" })))
        .await;
    assert_eq!((status, v["decision"].as_str()), (StatusCode::CREATED, Some("clear")), "{v}");
    let (_, page) = html(&t, with_lang(with_bearer(get("/overstays"), &officer), "en")).await;
    assert!(page.contains("data-overstays=\"1\"") && page.contains("USA · United States"), "{page}");
    assert!(page.contains("days-serious\">20<") && page.contains("0–10000"), "{page}");
    assert!(audit_actions(&t).await.iter().any(|r| r.action == "overstays.read"));

    // Today at PVG: one citizen in at an e-gate, one out at a desk, one referral still open.
    let citizen = passport("CHN", "LIU", "YANG", "E12345678", "1990-01-01");
    t.call(call(
        json!({ "port": "PVG", "lane": "egate", "direction": "entry", "document": { "mrz": citizen } }),
    ))
    .await;
    let other = passport("CHN", "WANG", "FANG", "E87654321", "1992-02-02");
    t.call(call(
        json!({ "port": "PVG", "lane": "manual", "direction": "exit", "document": { "mrz": other } }),
    ))
    .await;
    t.call(call(
        json!({ "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": viktor() },
        "travel": { "origin": "D" } }),
    ))
    .await;
    let (status, page) = html(&t, with_lang(with_bearer(get("/dashboard"), &officer), "en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-port=\"PVG\"") && page.contains("data-total=\"2\""), "{page}");
    assert!(
        page.contains("data-open-referrals=\"1\"") && page.contains("50.0<small>%"),
        "e-gate share: {page}"
    );
    assert!(page.contains("spark-today") && page.matches("class=\"spark-col").count() == 7, "{page}");
    assert!(page.contains("hbar hbar-egate w-10"), "{page}");
    let (_, zh) = html(&t, with_lang(with_bearer(get("/dashboard"), &officer), "zh")).await;
    assert!(zh.contains("今日出入境人次") && zh.contains("自助通关占比") && zh.contains("同比"));
    // Officers see their own ports only; analysts any port.
    let (status, _) = html(&t, with_bearer(get("/dashboard?port=PEK"), &officer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let analyst = t.token(Role::Analyst).await;
    let (_, page) = html(&t, with_lang(with_bearer(get("/dashboard"), &analyst), "en")).await;
    assert!(page.contains("data-port=\"PVG\"") && page.contains("<select name=\"port\""), "the busiest port");
    let (status, page) = html(&t, with_lang(with_bearer(get("/dashboard?port=PEK"), &analyst), "en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-total=\"0\"") && page.contains("No crossings yet today."));
}
