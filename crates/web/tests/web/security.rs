//! Sign-in, sessions, CSRF, tokens, error bodies and security headers.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use serde_json::json;

use crate::harness::{PASSWORD, TestApp, get, json_req, with_bearer};

fn login(username: &str, password: &str) -> Request<Body> {
    json_req("POST", "/api/v1/auth/login", json!({ "username": username, "password": password }))
}

fn session_cookie(resp: &axum::http::Response<Body>) -> String {
    let set = resp.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn errors_are_json_with_stable_codes() {
    let t = TestApp::new().await;
    let admin = t.token(Role::Admin).await;
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (get("/api/v1/nope"), StatusCode::NOT_FOUND, "not-found"),
        (json_req("PUT", "/api/v1/users", json!({})), StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed"),
        (
            with_bearer(
                Request::post("/api/v1/users")
                    .header("content-type", "application/json")
                    .body(Body::from("{\"username\": "))
                    .unwrap(),
                &admin,
            ),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            with_bearer(Request::post("/api/v1/users").body(Body::from("{}")).unwrap(), &admin),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
        (
            with_bearer(
                json_req(
                    "POST",
                    "/api/v1/users",
                    json!({ "username": "x y", "role": "officer", "password": "p" }),
                ),
                &admin,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (
            with_bearer(
                json_req(
                    "POST",
                    "/api/v1/users",
                    json!({ "username": "ok.name", "role": "wizard", "password": "long enough password" }),
                ),
                &admin,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (
            with_bearer(
                json_req(
                    "POST",
                    "/api/v1/users",
                    json!({ "username": "ok.name", "role": "officer", "password": "long enough password" }),
                ),
                &admin,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (
            with_bearer(
                json_req(
                    "POST",
                    "/api/v1/users",
                    json!({ "username": "ok.name", "role": "analyst", "password": "long enough password", "colour": "red" }),
                ),
                &admin,
            ),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            with_bearer(
                Request::post("/api/v1/users")
                    .header("content-type", "application/json")
                    .body(Body::from(vec![b' '; 2 << 20]))
                    .unwrap(),
                &admin,
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
        ),
        (
            with_bearer(get("/api/v1/audit?limit=lots"), &t.token(Role::Supervisor).await),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
        ),
        (with_bearer(get("/api/v1/me"), "gm_not-a-real-token"), StatusCode::UNAUTHORIZED, "unauthenticated"),
    ];
    for (req, status, code) in cases {
        let label = format!("{} {}", req.method(), req.uri());
        let (got, body) = t.call(req).await;
        assert_eq!((got, body["error"]["code"].as_str()), (status, Some(code)), "{label}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{label}: {body}");
    }
    // The bad-JSON message says where.
    let (_, body) = t
        .call(with_bearer(
            Request::post("/api/v1/users")
                .header("content-type", "application/json")
                .body(Body::from("{\"username\": 5}"))
                .unwrap(),
            &admin,
        ))
        .await;
    assert!(body["error"]["message"].as_str().unwrap().contains("column"), "{body}");
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let t = TestApp::new().await;
    for path in ["/healthz", "/api/v1/nope", "/login", "/assets/console.css"] {
        let resp = t.send(get(path)).await;
        let h = resp.headers();
        let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{path}");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff", "{path}");
        assert!(h.get("x-request-id").is_some(), "{path}");
        assert!(h.get("strict-transport-security").is_none(), "HSTS without TLS on {path}");
    }
}

#[tokio::test]
async fn sign_in_session_csrf_and_sign_out() {
    let t = TestApp::new().await;
    t.user("wang.officer", Role::Officer).await;
    let (status, body) = t.call(login("wang.officer", "wrong password!")).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    let (status, _) = t.call(login("nobody.here", PASSWORD)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let resp = t.send(login("wang.officer", PASSWORD)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = session_cookie(&resp);
    let body: serde_json::Value =
        serde_json::from_slice(&axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap()).unwrap();
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();

    let mut me = get("/api/v1/me");
    me.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (status, body) = t.call(me).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["principal"]["role"], "officer");

    // A write with the cookie but without the CSRF token is refused before any handler runs.
    let mut out = Request::post("/api/v1/auth/logout").body(Body::empty()).unwrap();
    out.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (status, body) = t.call(out).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("csrf-failed")));
    // The console's form posts carry it as a field.
    let mut out = Request::post("/logout")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("_csrf={csrf}")))
        .unwrap();
    out.headers_mut().insert("cookie", cookie.parse().unwrap());
    let resp = t.send(out).await;
    assert!(resp.status().is_redirection(), "{}", resp.status());
    let mut me = get("/api/v1/me");
    me.headers_mut().insert("cookie", cookie.parse().unwrap());
    assert_eq!(t.call(me).await.0, StatusCode::UNAUTHORIZED, "session survived sign-out");

    // Cross-site sign-in attempts are refused.
    let mut cross = login("wang.officer", PASSWORD);
    cross.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(t.call(cross).await.0, StatusCode::FORBIDDEN);

    let actions: Vec<String> =
        t.app.store.audit_page(0, 100).await.unwrap().into_iter().map(|r| r.action).collect();
    for a in ["auth.login-failed", "auth.login", "auth.logout"] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited: {actions:?}");
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let t = TestApp::new().await;
    t.user("li.clerk", Role::Analyst).await;
    for _ in 0..5 {
        assert_eq!(t.call(login("li.clerk", "not the password")).await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = t.call(login("li.clerk", PASSWORD)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("account-locked")),
        "{body}"
    );
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited() {
    let t = TestApp::new().await;
    let mut codes = Vec::new();
    for i in 0..12 {
        codes.push(t.call(login(&format!("user{i}"), "whatever it is")).await.0);
    }
    assert!(codes[..10].iter().all(|c| *c == StatusCode::UNAUTHORIZED), "{codes:?}");
    assert_eq!(codes[11], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn revoked_and_expired_tokens_are_refused() {
    let t = TestApp::new().await;
    let admin = t.token(Role::Admin).await;
    let (status, body) = t
        .call(with_bearer(
            json_req(
                "POST",
                "/api/v1/tokens",
                json!({ "name": "gate-1", "role": "egate", "ports": ["PVG"] }),
            ),
            &admin,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("gm_"));
    assert_eq!(t.call(with_bearer(get("/api/v1/me"), &secret)).await.0, StatusCode::OK);
    let del = with_bearer(Request::delete("/api/v1/tokens/gate-1").body(Body::empty()).unwrap(), &admin);
    assert_eq!(t.call(del).await.0, StatusCode::OK);
    let (status, body) = t.call(with_bearer(get("/api/v1/me"), &secret)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    // The stored record never holds the secret.
    let (_, list) = t.call(with_bearer(get("/api/v1/tokens"), &admin)).await;
    assert!(!list.to_string().contains(&secret[3..]));
    // A token with a lifetime stops working when it ends (the test clock is fixed, so create one already past).
    let (status, body) = t
        .call(with_bearer(
            json_req("POST", "/api/v1/tokens", json!({ "role": "analyst", "expires": "0d" })),
            &admin,
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn audit_search_is_itself_audited() {
    let t = TestApp::new().await;
    let sup = t.token(Role::Supervisor).await;
    let (status, body) = t.call(with_bearer(get("/api/v1/audit?action=token."), &sup)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["action"].as_str().unwrap().starts_with("token."))
    );
    let (_, body) = t.call(with_bearer(get("/api/v1/audit?action=audit.search"), &sup)).await;
    assert_eq!(body["records"].as_array().unwrap().len(), 1, "{body}");
    let (_, v) = t.call(with_bearer(get("/api/v1/audit/verify"), &sup)).await;
    assert_eq!(v["ok"], true, "{v}");
}
