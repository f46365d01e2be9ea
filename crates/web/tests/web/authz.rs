//! The route-by-role matrix: every route, called by every role, must allow exactly the roles listed here
//! and refuse every other with 403 (and anonymous callers with 401). The table is written independently of
//! `auth/caps.rs`, so a change to the policy has to be made twice, on purpose.

use axum::http::StatusCode;
use domain::Role;
use serde_json::json;

use crate::harness::{TestApp, get, json_req, with_bearer};

use Role::*;

const ALL: &[Role] = &Role::ALL;

/// (method, path, roles allowed; `None` = public).
fn matrix() -> Vec<(&'static str, &'static str, Option<&'static [Role]>)> {
    vec![
        ("get", "/healthz", None),
        ("get", "/readyz", None),
        ("get", "/api/v1/openapi.json", None),
        ("post", "/api/v1/auth/login", None),
        ("get", "/metrics", Some(&[Admin, Supervisor, Analyst])),
        ("post", "/api/v1/auth/logout", Some(ALL)),
        ("get", "/api/v1/me", Some(ALL)),
        ("get", "/api/v1/ports", Some(ALL)),
        ("get", "/api/v1/countries", Some(ALL)),
        ("get", "/api/v1/users", Some(&[Admin])),
        ("post", "/api/v1/users", Some(&[Admin])),
        ("get", "/api/v1/tokens", Some(&[Admin])),
        ("post", "/api/v1/tokens", Some(&[Admin])),
        ("delete", "/api/v1/tokens/{id}", Some(&[Admin])),
        ("get", "/api/v1/audit", Some(&[Supervisor])),
        ("get", "/api/v1/audit/verify", Some(&[Supervisor, Admin])),
        ("post", "/api/v1/mrz/parse", Some(&[Officer, Egate, Clerk, Supervisor, Investigator])),
        ("post", "/api/v1/inspections", Some(&[Officer, Egate])),
        ("get", "/api/v1/inspections/{id}", Some(&[Officer, Supervisor, Investigator])),
        ("post", "/api/v1/inspections/{id}/resolution", Some(&[Officer])),
        ("get", "/api/v1/referrals", Some(&[Officer])),
        ("get", "/api/v1/travellers/{id}", Some(&[Officer, Supervisor, Investigator])),
        ("post", "/api/v1/travellers/{id}/egate-enrolment", Some(&[Officer])),
        ("get", "/api/v1/overstays", Some(&[Officer, Supervisor, Investigator])),
        ("get", "/api/v1/present", Some(&[Analyst, Supervisor, Admin])),
        ("post", "/api/v1/manifests", Some(&[Carrier])),
        ("get", "/api/v1/flights", Some(&[Officer, Supervisor, Investigator])),
        ("get", "/api/v1/flights/{id}", Some(&[Officer, Supervisor, Investigator])),
        ("get", "/api/v1/travellers/{id}/export", Some(&[Supervisor])),
        ("post", "/api/v1/retention/purge", Some(&[Admin])),
        ("get", "/api/v1/statistics/crossings", Some(&[Analyst, Supervisor, Admin])),
        ("get", "/api/v1/statistics/conveyances", Some(&[Analyst, Supervisor, Admin])),
        ("post", "/api/v1/conveyances", Some(&[Officer])),
        ("get", "/api/v1/watchlists", Some(&[Supervisor, Investigator, Admin])),
        ("post", "/api/v1/watchlists/{list}/import", Some(&[Admin])),
        ("get", "/api/v1/watchlists/{list}/entries/{id}", Some(&[Supervisor, Investigator, Admin])),
        ("put", "/api/v1/watchlists/{list}/entries/{id}", Some(&[Admin])),
        ("delete", "/api/v1/watchlists/{list}/entries/{id}", Some(&[Admin])),
        ("post", "/api/v1/screen", Some(&[Officer, Egate, Supervisor, Investigator])),
        (
            "post",
            "/api/v1/policy/check",
            Some(&[Officer, Egate, Carrier, Clerk, Supervisor, Analyst, Investigator, Admin]),
        ),
        (
            "post",
            "/api/v1/policy/overstay",
            Some(&[Officer, Egate, Carrier, Clerk, Supervisor, Analyst, Investigator, Admin]),
        ),
    ]
}

/// A request for the route, with a plausible body.
fn request(method: &str, path: &str, role: Option<Role>) -> axum::http::Request<axum::body::Body> {
    let tag = role.map_or("anon", |r| r.as_str());
    let concrete = path.replace("{id}", "no-such-token").replace("{list}", "matrix-list");
    match (method, path) {
        ("post", "/api/v1/inspections") => json_req(
            "POST",
            &concrete,
            json!({ "port": "PVG", "lane": "manual", "direction": "entry", "document": { "mrz": [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ] } }),
        ),
        ("post", "/api/v1/mrz/parse") => json_req(
            "POST",
            &concrete,
            json!({ "lines": [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ] }),
        ),
        ("post", "/api/v1/users") => json_req(
            "POST",
            &concrete,
            json!({ "username": format!("new.{tag}"), "role": "analyst", "password": "another long password" }),
        ),
        ("post", "/api/v1/tokens") => json_req(
            "POST",
            &concrete,
            json!({ "name": format!("t-{tag}"), "role": "egate", "ports": ["PEK"] }),
        ),
        ("post", "/api/v1/auth/login") => json_req(
            "POST",
            &concrete,
            json!({ "username": "matrix.user", "password": crate::harness::PASSWORD }),
        ),
        ("post", _) => json_req("POST", &concrete, json!({})),
        ("put", _) => json_req("PUT", &concrete, json!({})),
        ("delete", _) => axum::http::Request::delete(concrete).body(axum::body::Body::empty()).unwrap(),
        _ => get(&concrete),
    }
}

#[tokio::test]
async fn every_route_allows_exactly_its_roles() {
    let t = TestApp::new().await;
    t.user("matrix.user", Role::Analyst).await;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((role, t.token(role).await));
    }
    let mut wrong = Vec::new();
    for (method, path, allowed) in matrix() {
        let (status, body) = t.call(request(method, path, None)).await;
        let anon_ok = match allowed {
            None => status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
            Some(_) => status == StatusCode::UNAUTHORIZED && body["error"]["code"] == "unauthenticated",
        };
        if !anon_ok {
            wrong.push(format!("{method} {path} anonymous -> {status} {body}"));
        }
        for (role, token) in &tokens {
            let (status, body) = t.call(with_bearer(request(method, path, Some(*role)), token)).await;
            let should = allowed.is_none_or(|a| a.contains(role));
            let refused = status == StatusCode::FORBIDDEN && body["error"]["code"] == "forbidden";
            let ok = if should {
                status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED
            } else {
                refused
            };
            if !ok {
                wrong.push(format!("{method} {path} as {role} -> {status} {body}"));
            }
        }
    }
    assert!(wrong.is_empty(), "unexpected authorisation outcomes:\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn pages_send_anonymous_visitors_to_sign_in_and_refuse_other_roles() {
    let t = TestApp::new().await;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((role, t.token(role).await));
    }
    let pages: &[(&str, &[Role])] = &[
        ("/", ALL),
        ("/audit", &[Supervisor]),
        ("/audit/verify", &[Supervisor]),
        ("/documents", &[Officer, Egate, Clerk, Supervisor, Investigator]),
        ("/flights", &[Officer, Supervisor, Investigator]),
        ("/desk", &[Officer, Egate]),
        ("/secondary", &[Officer]),
        ("/travellers/matrix-traveller", &[Officer, Supervisor, Investigator]),
        ("/overstays", &[Officer, Supervisor, Investigator]),
        ("/dashboard", &[Officer, Supervisor, Analyst]),
    ];
    let mut wrong = Vec::new();
    for (path, allowed) in pages {
        let resp = t.send(get(path)).await;
        let to_login = resp.status().is_redirection()
            && resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|l| l.starts_with("/login"));
        if !to_login {
            wrong.push(format!("{path} anonymous -> {}", resp.status()));
        }
        for (role, token) in &tokens {
            let resp = t.send(with_bearer(get(path), token)).await;
            let status = resp.status();
            // `/` sends the roles with a port dashboard on to it.
            let home = *path == "/" && resp.headers().get("location").is_some_and(|l| l == "/dashboard");
            let ok = if allowed.contains(role) {
                status == StatusCode::OK || home
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                wrong.push(format!("{path} as {role} -> {status}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_matrix_covers_every_documented_operation_and_nothing_else() {
    let mut documented: Vec<(String, String)> =
        web::openapi::operations().iter().map(|o| (o.method.to_owned(), o.path.to_owned())).collect();
    let mut tested: Vec<(String, String)> =
        matrix().iter().map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned())).collect();
    documented.sort();
    tested.sort();
    assert_eq!(documented, tested);
}

#[test]
fn every_api_route_in_the_code_is_documented() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routes = Vec::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for part in text.split(".route(\"").skip(1) {
                    let path = part.split('"').next().unwrap().to_owned();
                    if path.starts_with("/api/")
                        || path == "/healthz"
                        || path == "/readyz"
                        || path == "/metrics"
                    {
                        routes.push(path);
                    }
                }
            }
        }
    }
    let documented: Vec<String> = web::openapi::operations().iter().map(|o| o.path.to_owned()).collect();
    let missing: Vec<&String> = routes.iter().filter(|r| !documented.contains(r)).collect();
    assert!(missing.is_empty(), "routes missing from the OpenAPI document: {missing:?}");
    assert!(routes.len() >= 10, "found only {} routes; is the scan broken?", routes.len());
}
