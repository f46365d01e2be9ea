//! Accounts, API tokens and sign-in sessions. Secrets never reach this crate in clear: passwords arrive as
//! Argon2id PHC strings, tokens and session ids as their BLAKE3 hashes.

use domain::{AuditEvent, Principal, PrincipalKind, Role, Scope};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

use crate::conn::{Row, Value};
use crate::{Store, StoreError};

/// A new local account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub at: Timestamp,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
    #[serde(skip)]
    pub password_hash: String,
    pub created_at: Timestamp,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
}

impl UserRecord {
    /// The principal this account acts as.
    pub fn principal(&self) -> Principal {
        Principal {
            id: self.id.clone(),
            name: self.username.clone(),
            kind: PrincipalKind::User,
            role: self.role,
            scope: self.scope.clone(),
        }
    }
}

const USER_COLUMNS: &str = "id, username, display_name, role, scope, password_hash, created_at, disabled, failed_logins, locked_until";

fn role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Decode(format!("unknown role {text:?}")))
}

fn user_from(r: &Row) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: r.text(0)?,
        username: r.text(1)?,
        display_name: r.text(2)?,
        role: role(&r.text(3)?)?,
        scope: r.json(4)?,
        password_hash: r.text(5)?,
        created_at: r.timestamp(6)?,
        disabled: r.bool(7)?,
        failed_logins: r.int(8)?,
        locked_until: r.opt_timestamp(9)?,
    })
}

/// A new API token (the secret itself is shown once by the caller and never stored).
#[derive(Debug, Clone)]
pub struct NewToken {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    /// Hex BLAKE3 of the secret.
    pub secret_hash: String,
    pub expires_at: Option<Timestamp>,
    pub at: Timestamp,
}

/// A stored API token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub created_at: Timestamp,
    pub created_by: String,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl TokenRecord {
    /// True when the token may be used at `now`.
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }

    pub fn principal(&self) -> Principal {
        Principal {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: PrincipalKind::Token,
            role: self.role,
            scope: self.scope.clone(),
        }
    }
}

const TOKEN_COLUMNS: &str = "id, name, role, scope, created_at, created_by, expires_at, revoked_at";

fn token_from(r: &Row) -> Result<TokenRecord, StoreError> {
    Ok(TokenRecord {
        id: r.text(0)?,
        name: r.text(1)?,
        role: role(&r.text(2)?)?,
        scope: r.json(3)?,
        created_at: r.timestamp(4)?,
        created_by: r.text(5)?,
        expires_at: r.opt_timestamp(6)?,
        revoked_at: r.opt_timestamp(7)?,
    })
}

/// A sign-in session (the cookie holds the id; the database holds its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user_id: String,
    /// The per-session token that forms must echo back.
    pub csrf: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

fn scope_json(scope: &Scope) -> Result<String, StoreError> {
    serde_json::to_string(scope).map_err(|e| StoreError::Invalid(e.to_string()))
}

impl Store {
    /// Creates an account; audited as `user.create`.
    pub async fn create_user(&self, actor: &Principal, user: NewUser) -> Result<UserRecord, StoreError> {
        user.scope.validate_for(user.role).map_err(StoreError::Invalid)?;
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let scope = scope_json(&user.scope)?;
                tx.conn()
                    .execute(
                        "INSERT INTO app_user (id, username, display_name, role, scope, password_hash, created_at) \
                         VALUES (?, ?, ?, ?, ?, ?, ?)",
                        &[
                            (&user.id).into(),
                            (&user.username).into(),
                            (&user.display_name).into(),
                            user.role.as_str().into(),
                            scope.into(),
                            (&user.password_hash).into(),
                            user.at.into(),
                        ],
                    )
                    .await
                    .map_err(|e| match e {
                        StoreError::Conflict(_) => {
                            StoreError::Conflict(format!("username {:?} is taken", user.username))
                        }
                        other => other,
                    })?;
                let ev = AuditEvent::new("user.create", format!("user:{}", user.id))
                    .with_detail(json!({ "role": user.role, "scope": user.scope }));
                tx.audit(&actor, user.at, &ev).await?;
                let row = tx
                    .conn()
                    .fetch_one(&format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?"), &[user.id.into()])
                    .await?;
                user_from(&row)
            })
        })
        .await
    }

    /// Looks an account up by username (for sign-in).
    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = self
            .reader()
            .fetch_opt(&format!("SELECT {USER_COLUMNS} FROM app_user WHERE username = ?"), &[username.into()])
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    /// Every account, by username.
    pub async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let rows = self
            .reader()
            .fetch(&format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY username"), &[])
            .await?;
        rows.iter().map(user_from).collect()
    }

    /// Records a failed sign-in: counts it, locks the account until `lock_until` if given; audited as
    /// `auth.login-failed`.
    pub async fn login_failed(
        &self,
        user: &UserRecord,
        at: Timestamp,
        lock_until: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        let principal = user.principal();
        let id = user.id.clone();
        self.write(move |tx| {
            Box::pin(async move {
                tx.conn()
                    .execute(
                        "UPDATE app_user SET failed_logins = failed_logins + 1, \
                         locked_until = COALESCE(?, locked_until) WHERE id = ?",
                        &[lock_until.into(), (&id).into()],
                    )
                    .await?;
                let ev = AuditEvent::new("auth.login-failed", format!("user:{id}"))
                    .with_detail(json!({ "locked_until": lock_until }));
                tx.audit(&principal, at, &ev).await?;
                Ok(())
            })
        })
        .await
    }

    /// Records a successful sign-in and opens the session; audited as `auth.login`.
    pub async fn login_succeeded(&self, user: &UserRecord, session: SessionRecord) -> Result<(), StoreError> {
        let principal = user.principal();
        self.write(move |tx| {
            Box::pin(async move {
                tx.conn()
                    .execute(
                        "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?",
                        &[(&session.user_id).into()],
                    )
                    .await?;
                tx.conn()
                    .execute(
                        "INSERT INTO session (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                        &[
                            (&session.id_hash).into(),
                            (&session.user_id).into(),
                            (&session.csrf).into(),
                            session.created_at.into(),
                            session.expires_at.into(),
                        ],
                    )
                    .await?;
                let ev = AuditEvent::new("auth.login", format!("user:{}", session.user_id));
                tx.audit(&principal, session.created_at, &ev).await?;
                Ok(())
            })
        })
        .await
    }

    /// The live session with this id hash and its account, if the account is enabled.
    pub async fn session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
        let cols = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ");
        let row = self
            .reader()
            .fetch_opt(
                &format!(
                    "SELECT {cols}, s.id_hash, s.csrf, s.created_at, s.expires_at FROM session s \
                     JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0"
                ),
                &[id_hash.into(), now.into()],
            )
            .await?;
        let Some(r) = row else { return Ok(None) };
        let user = user_from(&r)?;
        let session = SessionRecord {
            id_hash: r.text(10)?,
            user_id: user.id.clone(),
            csrf: r.text(11)?,
            created_at: r.timestamp(12)?,
            expires_at: r.timestamp(13)?,
        };
        Ok(Some((session, user)))
    }

    /// Ends a session; audited as `auth.logout`.
    pub async fn logout(&self, actor: &Principal, id_hash: &str, at: Timestamp) -> Result<(), StoreError> {
        let actor = actor.clone();
        let id_hash = id_hash.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                tx.conn().execute("DELETE FROM session WHERE id_hash = ?", &[id_hash.into()]).await?;
                let ev = AuditEvent::new("auth.logout", format!("user:{}", actor.id));
                tx.audit(&actor, at, &ev).await?;
                Ok(())
            })
        })
        .await
    }

    /// Creates an API token; audited as `token.create`.
    pub async fn create_token(&self, actor: &Principal, token: NewToken) -> Result<TokenRecord, StoreError> {
        token.scope.validate_for(token.role).map_err(StoreError::Invalid)?;
        let actor = actor.clone();
        self.write(move |tx| {
            Box::pin(async move {
                tx.conn()
                    .execute(
                        "INSERT INTO api_token (id, name, role, scope, secret_hash, created_at, created_by, expires_at) \
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &[
                            (&token.id).into(),
                            (&token.name).into(),
                            token.role.as_str().into(),
                            scope_json(&token.scope)?.into(),
                            (&token.secret_hash).into(),
                            token.at.into(),
                            (&actor.id).into(),
                            token.expires_at.into(),
                        ],
                    )
                    .await
                    .map_err(|e| match e {
                        StoreError::Conflict(_) => {
                            StoreError::Conflict(format!("a token named {:?} exists", token.name))
                        }
                        other => other,
                    })?;
                let ev = AuditEvent::new("token.create", format!("token:{}", token.id)).with_detail(
                    json!({ "name": token.name, "role": token.role, "scope": token.scope, "expires_at": token.expires_at }),
                );
                tx.audit(&actor, token.at, &ev).await?;
                let row = tx
                    .conn()
                    .fetch_one(&format!("SELECT {TOKEN_COLUMNS} FROM api_token WHERE id = ?"), &[token.id.into()])
                    .await?;
                token_from(&row)
            })
        })
        .await
    }

    /// The token whose secret hashes to `secret_hash`, live or not (the caller checks [`TokenRecord::is_live`]).
    pub async fn token_by_secret_hash(&self, secret_hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        let row = self
            .reader()
            .fetch_opt(
                &format!("SELECT {TOKEN_COLUMNS} FROM api_token WHERE secret_hash = ?"),
                &[secret_hash.into()],
            )
            .await?;
        row.as_ref().map(token_from).transpose()
    }

    /// Every token, newest first.
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = self
            .reader()
            .fetch(&format!("SELECT {TOKEN_COLUMNS} FROM api_token ORDER BY created_at DESC"), &[])
            .await?;
        rows.iter().map(token_from).collect()
    }

    /// Revokes a token by id or name; audited as `token.revoke`.
    pub async fn revoke_token(
        &self,
        actor: &Principal,
        id_or_name: &str,
        at: Timestamp,
    ) -> Result<TokenRecord, StoreError> {
        let actor = actor.clone();
        let key = id_or_name.to_owned();
        self.write(move |tx| {
            Box::pin(async move {
                let row = tx
                    .conn()
                    .fetch_opt(
                        &format!("SELECT {TOKEN_COLUMNS} FROM api_token WHERE id = ? OR name = ?"),
                        &[(&key).into(), (&key).into()],
                    )
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("no token with id or name {key:?}")))?;
                let token = token_from(&row)?;
                tx.conn()
                    .execute(
                        "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                        &[at.into(), Value::Text(token.id.clone())],
                    )
                    .await?;
                let ev = AuditEvent::new("token.revoke", format!("token:{}", token.id));
                tx.audit(&actor, at, &ev).await?;
                Ok(TokenRecord { revoked_at: token.revoked_at.or(Some(at)), ..token })
            })
        })
        .await
    }
}
