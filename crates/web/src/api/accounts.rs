//! User accounts and API tokens (administrators only). The same functions back `guomen user add` and
//! `guomen token create|revoke`, so the CLI and the API apply the same rules and the same audit.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use domain::{Principal, Role, Scope};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::json;
use store::{NewToken, NewUser, Store, TokenRecord, UserRecord};

use crate::App;
use crate::auth::caps::{ManageTokens, ManageUsers};
use crate::auth::{Can, secrets};
use crate::error::{ApiError, ApiResult, Code};
use crate::json::Json;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/users", get(list_users).post(add_user))
        .route("/api/v1/tokens", get(list_tokens).post(add_token))
        .route("/api/v1/tokens/{id}", delete(revoke_token))
}

/// The scope fields shared by accounts and tokens.
#[derive(Debug, Clone, Default)]
pub struct ScopeInput {
    pub ports: Vec<String>,
    pub office: Option<String>,
    pub carrier: Option<String>,
    pub partner: Option<String>,
}

impl ScopeInput {
    /// Checks the ports against the registry and the scope against the role.
    pub fn into_scope(self, role: Role) -> Result<Scope, ApiError> {
        let mut ports = Vec::new();
        for p in &self.ports {
            let port = codes::port(p).ok_or_else(|| ApiError::invalid(format!("unknown port {p:?}")))?;
            ports.push(port.code.clone());
        }
        let scope = Scope { ports, office: self.office, carrier: self.carrier, partner: self.partner };
        scope.validate_for(role).map_err(ApiError::invalid)?;
        Ok(scope)
    }
}

fn parse_role(text: &str) -> Result<Role, ApiError> {
    Role::parse(text).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(Role::as_str).collect();
        ApiError::invalid(format!("unknown role {text:?}; roles are {}", all.join(", ")))
    })
}

fn check_username(u: &str) -> Result<(), ApiError> {
    let ok = (2..=64).contains(&u.len())
        && u.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid("a username is 2–64 characters of a–z, 0–9, '.', '-' and '_'"))
    }
}

/// A new account as the API and the CLI receive it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    pub username: String,
    pub display_name: Option<String>,
    pub role: String,
    #[serde(default)]
    pub ports: Vec<String>,
    pub office: Option<String>,
    pub carrier: Option<String>,
    pub partner: Option<String>,
    pub password: String,
}

impl UserInput {
    fn scope(&self) -> ScopeInput {
        ScopeInput {
            ports: self.ports.clone(),
            office: self.office.clone(),
            carrier: self.carrier.clone(),
            partner: self.partner.clone(),
        }
    }
}

/// Creates an account (hashing the password off the async threads).
pub async fn create_user(
    store: &Store,
    actor: &Principal,
    input: UserInput,
    now: Timestamp,
) -> ApiResult<UserRecord> {
    check_username(&input.username)?;
    let role = parse_role(&input.role)?;
    let scope = input.scope().into_scope(role)?;
    secrets::check_new_password(&input.password).map_err(ApiError::invalid)?;
    let pw = input.password;
    let hash = tokio::task::spawn_blocking(move || secrets::hash_password(&pw))
        .await
        .map_err(|e| ApiError::new(Code::Internal, e.to_string()))?
        .map_err(|e| ApiError::new(Code::Internal, e))?;
    let user = NewUser {
        id: secrets::new_id(),
        display_name: input.display_name.unwrap_or_else(|| input.username.clone()),
        username: input.username,
        role,
        scope,
        password_hash: hash,
        at: now,
    };
    Ok(store.create_user(actor, user).await?)
}

/// A new API token as the API and the CLI receive it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    pub name: Option<String>,
    pub role: String,
    #[serde(default)]
    pub ports: Vec<String>,
    pub office: Option<String>,
    pub carrier: Option<String>,
    pub partner: Option<String>,
    /// Lifetime, e.g. `30d`, `12h`, `90m`; absent means no expiry.
    pub expires: Option<String>,
}

impl TokenInput {
    fn scope(&self) -> ScopeInput {
        ScopeInput {
            ports: self.ports.clone(),
            office: self.office.clone(),
            carrier: self.carrier.clone(),
            partner: self.partner.clone(),
        }
    }
}

/// Parses `30d`, `12h`, `90m`.
pub fn parse_lifetime(text: &str) -> Result<SignedDuration, ApiError> {
    let bad = || ApiError::invalid(format!("{text:?} is not a lifetime like 30d, 12h or 90m"));
    let (num, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = num.parse().map_err(|_| bad())?;
    if n <= 0 || n > 100_000 {
        return Err(bad());
    }
    match unit {
        "d" => Ok(SignedDuration::from_hours(n * 24)),
        "h" => Ok(SignedDuration::from_hours(n)),
        "m" => Ok(SignedDuration::from_mins(n)),
        _ => Err(bad()),
    }
}

/// Creates a token; returns the record and the secret, which is shown once and never stored.
pub async fn create_token(
    store: &Store,
    actor: &Principal,
    input: TokenInput,
    now: Timestamp,
) -> ApiResult<(TokenRecord, String)> {
    let role = parse_role(&input.role)?;
    let scope = input.scope().into_scope(role)?;
    let expires_at = input.expires.as_deref().map(parse_lifetime).transpose()?.map(|d| now + d);
    let id = secrets::new_id();
    let name = input.name.unwrap_or_else(|| format!("{role}-{}", &id[id.len().saturating_sub(8)..]));
    if name.is_empty() || name.len() > 128 {
        return Err(ApiError::invalid("a token name is 1–128 characters"));
    }
    let secret = secrets::random_secret("gm_").map_err(|e| ApiError::new(Code::Internal, e))?;
    let token =
        NewToken { id, name, role, scope, secret_hash: secrets::hash_secret(&secret), expires_at, at: now };
    Ok((store.create_token(actor, token).await?, secret))
}

async fn list_users(State(app): State<App>, _who: Can<ManageUsers>) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(json!({ "users": app.store.users().await? })))
}

async fn add_user(
    State(app): State<App>,
    who: Can<ManageUsers>,
    Json(input): Json<UserInput>,
) -> ApiResult<(StatusCode, Json<UserRecord>)> {
    let user = create_user(&app.store, who.principal(), input, app.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

async fn list_tokens(State(app): State<App>, _who: Can<ManageTokens>) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(json!({ "tokens": app.store.tokens().await? })))
}

async fn add_token(
    State(app): State<App>,
    who: Can<ManageTokens>,
    Json(input): Json<TokenInput>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let (token, secret) = create_token(&app.store, who.principal(), input, app.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "token": token, "secret": secret }))))
}

async fn revoke_token(
    State(app): State<App>,
    who: Can<ManageTokens>,
    Path(id): Path<String>,
) -> ApiResult<Json<TokenRecord>> {
    let revoked = app.store.revoke_token(who.principal(), &id, app.clock.now()).await?;
    if let Ok(mut c) = app.token_cache.lock() {
        c.clear();
    }
    Ok(Json(revoked))
}

#[cfg(test)]
mod tests {
    #[test]
    fn lifetimes() {
        assert_eq!(super::parse_lifetime("30d").unwrap().as_secs(), 30 * 86400);
        assert_eq!(super::parse_lifetime("12h").unwrap().as_secs(), 12 * 3600);
        for bad in ["", "d", "0d", "-1d", "3w", "1.5d", "9999999d"] {
            assert!(super::parse_lifetime(bad).is_err(), "{bad}");
        }
    }
}
