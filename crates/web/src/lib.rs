//! guomen's HTTP shell: the JSON API under `/api/v1`, its OpenAPI document, the officer console and the
//! public pages, all served by one axum router.
//!
//! Architecture invariants:
//! - Only this crate knows HTTP (guide invariant 7); handlers are thin: parse, authorise, call the core or
//!   the store, render.
//! - Every route is authorised: handlers reach the caller only through [`auth::Can`], and the route-by-role
//!   matrix test fails on any unexpected allow.
//! - Errors are JSON with a stable code from one table ([`error::Code`]); bad input is a 4xx, never a 500.
//! - Logs are structured and carry request ids, methods, route templates and status codes — never bodies,
//!   query strings, names, document numbers or MRZs.

pub mod api;
pub mod auth;
pub mod console;
pub mod error;
pub mod json;
pub mod openapi;

mod assets;
mod layers;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use domain::clock::Clock;
use jiff::SignedDuration;
use store::Store;

pub use error::{ApiError, Code};

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// True when guomen terminates TLS itself or sits behind a TLS proxy: cookies get `Secure` and
    /// responses carry HSTS.
    pub tls: bool,
    /// How long a sign-in lasts.
    pub session_ttl: SignedDuration,
    /// The largest JSON body accepted, in bytes.
    pub body_limit: usize,
    /// The largest form accepted, in bytes.
    pub form_limit: usize,
    /// The largest manifest accepted, in bytes.
    pub manifest_limit: usize,
    /// How long a request may take.
    pub request_timeout: Duration,
    /// Failed sign-ins before an account is locked.
    pub lockout_after: i64,
    /// How long a locked account stays locked.
    pub lockout_for: SignedDuration,
    /// Who may use automated gates.
    pub egate: clearance::EgatePolicy,
    /// Watchlist matching settings (thresholds per list).
    pub matching: screening::MatchConfig,
    /// How long each kind of personal record is kept.
    pub retention: store::Retention,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            tls: false,
            session_ttl: SignedDuration::from_hours(10),
            body_limit: 1 << 20,
            form_limit: 64 << 10,
            manifest_limit: 16 << 20,
            request_timeout: Duration::from_secs(30),
            lockout_after: 5,
            lockout_for: SignedDuration::from_mins(15),
            egate: clearance::EgatePolicy::default(),
            matching: screening::MatchConfig::default(),
            retention: store::Retention::default(),
        }
    }
}

/// What every handler can reach.
pub struct AppInner {
    pub store: Store,
    /// The entry and stay rules in force.
    pub rules: Arc<policy::RuleSet>,
    /// The watchlist index every screening uses, kept current with each import and edit.
    pub watchlist: std::sync::RwLock<screening::Index>,
    /// The store versions behind the index, and the lock that puts watchlist changes in a row.
    pub watchlist_sync: api::watchlists::IndexSync,
    pub clock: Arc<dyn Clock>,
    pub config: WebConfig,
    pub limiter: auth::limiter::LoginLimiter,
    /// Recently seen API tokens, so a busy e-gate does not cost a database read per request (see
    /// [`auth::TOKEN_CACHE_TTL`]).
    pub token_cache:
        std::sync::Mutex<std::collections::HashMap<String, (store::TokenRecord, std::time::Instant)>>,
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
}

/// The shared application state.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

impl Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

impl App {
    pub fn new(store: Store, rules: Arc<policy::RuleSet>, clock: Arc<dyn Clock>, config: WebConfig) -> Self {
        App(Arc::new(AppInner {
            store,
            rules,
            watchlist: std::sync::RwLock::new(screening::Index::new()),
            watchlist_sync: api::watchlists::IndexSync::default(),
            clock,
            config,
            limiter: auth::limiter::LoginLimiter::new(10, SignedDuration::from_mins(1)),
            token_cache: std::sync::Mutex::new(std::collections::HashMap::new()),
            metrics: layers::metrics_handle(),
        }))
    }
}

impl App {
    /// Replaces the watchlist index with one built elsewhere (tests). The server builds its index from the
    /// store with [`api::watchlists::load`], which also records the store versions behind it.
    pub fn set_watchlist(&self, index: screening::Index) {
        if let Ok(mut w) = self.watchlist.write() {
            *w = index;
            self.watchlist_sync.reset();
        }
    }
}

/// The wall clock, for the server. Everything else takes time as a parameter.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// The whole application: API, console, assets, with the security and operations layers around them.
pub fn router(app: App) -> Router {
    let routes = Router::new().merge(api::routes()).merge(console::routes()).merge(assets::routes());
    layers::wrap(routes, app)
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let svc = router(app).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, svc).with_graceful_shutdown(shutdown).await
}
