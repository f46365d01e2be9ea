//! A test application: a temporary SQLite store, a fixed clock, one account or token per role.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use domain::clock::FixedClock;
use domain::{Principal, Role};
use tower::ServiceExt;
use web::api::accounts::{self, TokenInput, UserInput};

pub struct TestApp {
    pub app: web::App,
    pub router: axum::Router,
    pub dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn now() -> jiff::Timestamp {
    "2026-12-01T02:00:00Z".parse().unwrap()
}

pub const PASSWORD: &str = "a long test password";

/// The scope each role gets in the tests.
pub fn scope_for(role: Role) -> (Vec<String>, Option<String>, Option<String>, Option<String>) {
    match role {
        Role::Officer | Role::Egate => (vec!["PVG".into()], None, None, None),
        Role::Clerk => (vec![], Some("SH-PUDONG".into()), None, None),
        Role::Carrier => (vec![], None, Some("MU".into()), None),
        Role::Partner => (vec![], None, None, Some("interpol-sltd".into())),
        _ => (vec![], None, None, None),
    }
}

impl TestApp {
    /// The audit records of one action, oldest first.
    pub async fn audited(&self, action: &str) -> Vec<domain::AuditRecord> {
        self.app
            .store
            .audit_page(0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == action)
            .collect()
    }

    pub async fn new() -> TestApp {
        let dir = std::env::temp_dir().join(format!("guomen-web-{}", uuid::Uuid::now_v7()));
        let store = store::Store::open(store::StoreConfig {
            location: store::Location::Sqlite(dir.join("guomen.db")),
            audit_signing_key: Some([3; 32]),
            checkpoint_every: 100,
        })
        .await
        .unwrap();
        let rules = Arc::new(policy::RuleSet::china().unwrap());
        let app = web::App::new(store, rules, Arc::new(FixedClock(now())), web::WebConfig::default());
        let router = web::router(app.clone());
        TestApp { app, router, dir }
    }

    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(req).await.unwrap()
    }

    /// Sends and returns the status and the body parsed as JSON (or as a JSON string when it is not JSON).
    pub async fn call(&self, req: Request<Body>) -> (StatusCode, serde_json::Value) {
        let resp = self.send(req).await;
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20).await.unwrap();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, json)
    }

    pub async fn user(&self, username: &str, role: Role) -> store::UserRecord {
        let (ports, office, carrier, partner) = scope_for(role);
        let input = UserInput {
            username: username.into(),
            display_name: None,
            role: role.as_str().into(),
            ports,
            office,
            carrier,
            partner,
            password: PASSWORD.into(),
        };
        accounts::create_user(&self.app.store, &Principal::system("test"), input, now()).await.unwrap()
    }

    pub async fn token(&self, role: Role) -> String {
        let (ports, office, carrier, partner) = scope_for(role);
        let input = TokenInput {
            name: Some(format!("test-{}", role.as_str())),
            role: role.as_str().into(),
            ports,
            office,
            carrier,
            partner,
            expires: None,
        };
        accounts::create_token(&self.app.store, &Principal::system("test"), input, now()).await.unwrap().1
    }
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

pub fn json_req(method: &str, path: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub fn with_bearer(mut req: Request<Body>, token: &str) -> Request<Body> {
    req.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
    req
}
