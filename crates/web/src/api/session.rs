//! Signing in and out, and who am I.

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use store::{SessionRecord, UserRecord};

use crate::App;
use crate::auth::caps::Authenticated;
use crate::auth::{Can, SESSION_COOKIE, Via, secrets};
use crate::error::{ApiError, ApiResult, Code};
use crate::json::Json;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/me", get(me))
}

#[derive(Deserialize)]
struct LoginBody {
    username: String,
    password: String,
}

/// A successful sign-in: the cookie to set and what the client may show.
pub(crate) struct SignedIn {
    pub cookie: HeaderValue,
    pub csrf: String,
    pub user: UserRecord,
}

/// The remote address, when the server runs with connect info (tests drive the router without it).
pub struct ClientAddr(pub Option<std::net::SocketAddr>);

impl ClientAddr {
    pub fn ip(&self) -> String {
        self.0.map(|a| a.ip().to_string()).unwrap_or_else(|| "local".into())
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0)))
    }
}

/// Checks a username and password, with throttling, lockout and audit; opens a session.
pub(crate) async fn sign_in(
    app: &App,
    username: &str,
    password: &str,
    ip: &str,
) -> Result<SignedIn, ApiError> {
    let now = app.clock.now();
    if username.is_empty() || username.len() > 128 || password.len() > 1024 {
        return Err(ApiError::new(Code::Unauthenticated, "wrong username or password"));
    }
    if !app.limiter.allow(&[format!("ip:{ip}"), format!("user:{username}")], now) {
        return Err(ApiError::new(
            Code::RateLimited,
            "too many sign-in attempts; wait a minute and try again",
        ));
    }
    let user = app.store.user_by_username(username).await?;
    let phc = user.as_ref().map(|u| u.password_hash.clone());
    let pw = password.to_owned();
    // Verify even for unknown users (against a dummy hash), so timing does not reveal which names exist.
    let ok = tokio::task::spawn_blocking(move || match phc {
        Some(h) => secrets::verify_password(&pw, &h),
        None => {
            let _ = secrets::verify_password(&pw, &DUMMY_HASH);
            false
        }
    })
    .await
    .map_err(|e| ApiError::new(Code::Internal, format!("password check failed: {e}")))?;
    let Some(user) = user.filter(|u| !u.disabled) else {
        return Err(ApiError::new(Code::Unauthenticated, "wrong username or password"));
    };
    if let Some(until) = user.locked_until
        && until > now
    {
        return Err(ApiError::new(
            Code::AccountLocked,
            "this account is locked after repeated failed sign-ins; try again later or ask an administrator",
        ));
    }
    if !ok {
        let lock = (user.failed_logins + 1 >= app.config.lockout_after).then(|| now + app.config.lockout_for);
        app.store.login_failed(&user, now, lock).await?;
        return Err(ApiError::new(Code::Unauthenticated, "wrong username or password"));
    }
    let session_id = secrets::random_secret("").map_err(|e| ApiError::new(Code::Internal, e))?;
    let csrf = secrets::random_secret("").map_err(|e| ApiError::new(Code::Internal, e))?;
    let expires_at = now + app.config.session_ttl;
    app.store
        .login_succeeded(
            &user,
            SessionRecord {
                id_hash: secrets::hash_secret(&session_id),
                user_id: user.id.clone(),
                csrf: csrf.clone(),
                created_at: now,
                expires_at,
            },
        )
        .await?;
    let secure = if app.config.tls { "; Secure" } else { "" };
    let max_age = app.config.session_ttl.as_secs();
    let cookie = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| ApiError::new(Code::Internal, e.to_string()))?;
    Ok(SignedIn { cookie, csrf, user })
}

/// A cookie that removes the session cookie.
pub(crate) fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("guomen_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// An Argon2id hash of a random string, used to spend the same time on unknown usernames.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let pw = secrets::random_secret("").unwrap_or_default();
    secrets::hash_password(&pw).unwrap_or_default()
});

/// Refuses cross-site sign-in attempts from browsers (there is no session yet, so no CSRF token).
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("cross-site") => Err(ApiError::new(Code::CsrfFailed, "cross-site sign-in is not allowed")),
        _ => Ok(()),
    }
}

async fn login(
    State(app): State<App>,
    addr: ClientAddr,
    headers: HeaderMap,
    Json(body): Json<LoginBody>,
) -> ApiResult<Response> {
    same_origin(&headers)?;
    let s = sign_in(&app, &body.username, &body.password, &addr.ip()).await?;
    let mut resp = axum::Json(json!({ "user": s.user, "csrf_token": s.csrf })).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, s.cookie);
    Ok(resp)
}

async fn logout(State(app): State<App>, who: Can<Authenticated>) -> ApiResult<Response> {
    if let Via::Session { id_hash, .. } = &who.authn().via {
        app.store.logout(who.principal(), id_hash, app.clock.now()).await?;
    }
    let mut resp = axum::Json(json!({ "signed_out": true })).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, clear_cookie());
    Ok(resp)
}

async fn me(who: Can<Authenticated>) -> Json<serde_json::Value> {
    Json(json!({ "principal": who.principal(), "csrf_token": who.authn().csrf() }))
}
