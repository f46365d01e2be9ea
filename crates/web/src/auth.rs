//! Authentication (who is asking) and authorisation (may they), for every route.
//!
//! - Machines present `Authorization: Bearer gm_…` API tokens; people sign in and carry a session cookie
//!   (`HttpOnly`, `SameSite=Strict`, `Secure` behind TLS). Secrets are stored only as BLAKE3 hashes.
//! - A cookie-authenticated request that changes anything must also carry the session's CSRF token
//!   (`X-CSRF-Token` header, or a `_csrf` form field), checked in [`authenticate`] before any handler runs.
//! - Authorisation is in the types: a handler that takes `Can<ManageUsers>` cannot run unless the caller's
//!   role is one the capability lists, and it gets the principal only through that proof. Deny by default:
//!   a capability lists the roles it allows, never the ones it refuses.

pub mod caps;
pub mod limiter;
pub mod secrets;

use std::marker::PhantomData;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{Principal, Role};

use crate::App;
use crate::error::{ApiError, Code};

pub use caps::Capability;

/// How long a token read from the database is trusted without reading it again. A revocation through this
/// server takes effect at once (the cache is cleared); one made by another process (the CLI, another node)
/// within this time.
pub const TOKEN_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// The cookie that carries the session id.
pub const SESSION_COOKIE: &str = "guomen_session";

/// How a request authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    Token,
    Session { id_hash: String, csrf: String },
}

/// The authenticated caller, put in the request extensions by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Authn {
    pub principal: Principal,
    pub via: Via,
}

impl Authn {
    /// The session's CSRF token, for forms and htmx headers.
    pub fn csrf(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf, .. } => Some(csrf),
            Via::Token => None,
        }
    }
}

/// Reads a cookie from the headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Middleware: resolves the caller and enforces CSRF on cookie-authenticated writes.
pub async fn authenticate(State(app): State<App>, req: Request, next: Next) -> Response {
    match resolve(&app, req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn resolve(app: &App, mut req: Request) -> Result<Request, ApiError> {
    let now = app.clock.now();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or("").trim().to_owned());
    if let Some(secret) = bearer {
        // A presented but bad token is an error, not an anonymous request: the caller meant to sign in.
        let hash = secrets::hash_secret(&secret);
        let cached = app.token_cache.lock().ok().and_then(|c| {
            c.get(&hash).filter(|(_, seen)| seen.elapsed() < TOKEN_CACHE_TTL).map(|(t, _)| t.clone())
        });
        let token = match cached {
            Some(t) => Some(t),
            None => {
                let t = app.store.token_by_secret_hash(&hash).await?;
                if let (Some(t), Ok(mut c)) = (&t, app.token_cache.lock()) {
                    if c.len() > 10_000 {
                        c.clear();
                    }
                    c.insert(hash.clone(), (t.clone(), std::time::Instant::now()));
                }
                t
            }
        };
        let token = token.filter(|t| t.is_live(now)).ok_or_else(|| {
            ApiError::new(Code::Unauthenticated, "the API token is unknown, expired or revoked")
        })?;
        req.extensions_mut().insert(Authn { principal: token.principal(), via: Via::Token });
        return Ok(req);
    }
    let session_id = cookie(req.headers(), SESSION_COOKIE).map(str::to_owned);
    let Some(session_id) = session_id else { return Ok(req) };
    let id_hash = secrets::hash_secret(&session_id);
    let Some((session, user)) = app.store.session(&id_hash, now).await? else {
        // An expired or unknown cookie: treat the request as anonymous.
        return Ok(req);
    };
    let authn =
        Authn { principal: user.principal(), via: Via::Session { id_hash, csrf: session.csrf.clone() } };
    if is_unsafe(req.method()) {
        req = check_csrf(req, &session.csrf, app.config.form_limit).await?;
    }
    req.extensions_mut().insert(authn);
    Ok(req)
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

async fn check_csrf(req: Request, expected: &str, limit: usize) -> Result<Request, ApiError> {
    let failed = || ApiError::new(Code::CsrfFailed, "missing or wrong CSRF token for this session");
    if let Some(h) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if secrets::constant_time_eq(h.as_bytes(), expected.as_bytes()) {
            Ok(req)
        } else {
            Err(failed())
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(failed());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::new(Code::PayloadTooLarge, "the form is larger than this route accepts"))?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let ok = fields
        .iter()
        .any(|(k, v)| k == "_csrf" && secrets::constant_time_eq(v.as_bytes(), expected.as_bytes()));
    if !ok {
        return Err(failed());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Proof that the caller holds capability `C`. The only way for a handler to learn who is asking.
pub struct Can<C: Capability> {
    authn: Authn,
    _cap: PhantomData<C>,
}

impl<C: Capability> Can<C> {
    pub fn principal(&self) -> &Principal {
        &self.authn.principal
    }

    pub fn authn(&self) -> &Authn {
        &self.authn
    }

    pub fn role(&self) -> Role {
        self.authn.principal.role
    }

    /// Refuses unless the caller's scope covers `port` (officers and e-gates act only at their ports).
    pub fn at_port(&self, port: &str) -> Result<(), ApiError> {
        if self.authn.principal.scope.covers_port(self.role(), port) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!("your account is not scoped to port {port}")))
        }
    }
}

impl<C: Capability, S: Send + Sync> FromRequestParts<S> for Can<C> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let authn = parts.extensions.get::<Authn>().cloned().ok_or_else(ApiError::unauthenticated)?;
        if !C::ROLES.contains(&authn.principal.role) {
            return Err(ApiError::forbidden(format!(
                "role {} may not {}",
                authn.principal.role,
                C::DESCRIPTION
            )));
        }
        Ok(Can { authn, _cap: PhantomData })
    }
}

/// The caller, if any — for pages that render differently when signed in (never for data access).
pub struct MaybeAuthn(pub Option<Authn>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuthn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeAuthn(parts.extensions.get::<Authn>().cloned()))
    }
}
