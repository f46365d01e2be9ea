//! The one table of stable error codes and the JSON error body every failure returns:
//! `{"error":{"code":"…","message":"…"}}`.
//!
//! Only this crate maps errors to HTTP status codes (guide invariant 7). Messages say what was wrong and
//! where, never echo personal data back into logs, and never carry a stack trace.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A stable, documented error code. Clients switch on these, so they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// No or unusable credentials.
    Unauthenticated,
    /// Credentials are fine, but the role or scope does not allow this.
    Forbidden,
    /// A form or cookie-authenticated request without the session's CSRF token.
    CsrfFailed,
    /// Too many attempts; try later.
    RateLimited,
    /// The account is locked after repeated failed sign-ins.
    AccountLocked,
    /// The body is not valid JSON or does not have the expected shape.
    BadJson,
    /// A field has a value the API does not accept.
    InvalidInput,
    /// The thing asked for does not exist.
    NotFound,
    /// The request conflicts with the current state (e.g. a username that exists).
    Conflict,
    /// The body is larger than this route accepts.
    PayloadTooLarge,
    /// The media type is not accepted here.
    UnsupportedMediaType,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The request took too long.
    Timeout,
    /// The storage is not reachable.
    Unavailable,
    /// Something went wrong inside guomen; it has been logged.
    Internal,
}

impl Code {
    /// Every code, for the OpenAPI document and the tests.
    pub const ALL: [Code; 15] = [
        Code::Unauthenticated,
        Code::Forbidden,
        Code::CsrfFailed,
        Code::RateLimited,
        Code::AccountLocked,
        Code::BadJson,
        Code::InvalidInput,
        Code::NotFound,
        Code::Conflict,
        Code::PayloadTooLarge,
        Code::UnsupportedMediaType,
        Code::MethodNotAllowed,
        Code::Timeout,
        Code::Unavailable,
        Code::Internal,
    ];

    pub fn as_str(&self) -> &'static str {
        self.row().0
    }

    pub fn status(&self) -> StatusCode {
        self.row().1
    }

    fn row(&self) -> (&'static str, StatusCode) {
        match self {
            Code::Unauthenticated => ("unauthenticated", StatusCode::UNAUTHORIZED),
            Code::Forbidden => ("forbidden", StatusCode::FORBIDDEN),
            Code::CsrfFailed => ("csrf-failed", StatusCode::FORBIDDEN),
            Code::RateLimited => ("rate-limited", StatusCode::TOO_MANY_REQUESTS),
            Code::AccountLocked => ("account-locked", StatusCode::FORBIDDEN),
            Code::BadJson => ("bad-json", StatusCode::BAD_REQUEST),
            Code::InvalidInput => ("invalid-input", StatusCode::UNPROCESSABLE_ENTITY),
            Code::NotFound => ("not-found", StatusCode::NOT_FOUND),
            Code::Conflict => ("conflict", StatusCode::CONFLICT),
            Code::PayloadTooLarge => ("payload-too-large", StatusCode::PAYLOAD_TOO_LARGE),
            Code::UnsupportedMediaType => ("unsupported-media-type", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            Code::MethodNotAllowed => ("method-not-allowed", StatusCode::METHOD_NOT_ALLOWED),
            Code::Timeout => ("timeout", StatusCode::REQUEST_TIMEOUT),
            Code::Unavailable => ("unavailable", StatusCode::SERVICE_UNAVAILABLE),
            Code::Internal => ("internal", StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
}

/// An error on its way to the client.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }

    pub fn unauthenticated() -> Self {
        ApiError::new(Code::Unauthenticated, "sign in or present an API token (Authorization: Bearer …)")
    }

    pub fn forbidden(what: impl Into<String>) -> Self {
        ApiError::new(Code::Forbidden, what)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(Code::InvalidInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(Code::NotFound, message)
    }

    /// The JSON body of this error.
    pub fn body(&self) -> serde_json::Value {
        json!({ "error": { "code": self.code.as_str(), "message": self.message } })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.code == Code::Internal || self.code == Code::Unavailable {
            // The message is ours (never user input), so it is safe to log.
            tracing::error!(code = self.code.as_str(), message = %self.message, "request failed");
        }
        let status = self.code.status();
        let mut resp = (status, Json(self.body())).into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"guomen\""),
            );
        }
        resp
    }
}

impl From<store::StoreError> for ApiError {
    fn from(e: store::StoreError) -> Self {
        use store::StoreError as E;
        match e {
            E::Conflict(m) => ApiError::new(Code::Conflict, m),
            E::NotFound(m) => ApiError::new(Code::NotFound, m),
            E::Invalid(m) => ApiError::new(Code::InvalidInput, m),
            E::Unavailable(m) | E::Open(m) => ApiError::new(Code::Unavailable, m),
            other => ApiError::new(Code::Internal, other.to_string()),
        }
    }
}

/// Results of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for ApiError {}
