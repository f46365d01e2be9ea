//! A JSON body extractor whose failures are guomen's JSON errors with a position, not axum's plain text.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Code};

/// Like `axum::Json`, but a bad body becomes `400 bad-json` naming the line, column and field.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(rejection) => Err(rejection_to_error(&rejection)),
        }
    }
}

pub(crate) fn rejection_to_error(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::new(Code::UnsupportedMediaType, "send the body as application/json")
        }
        JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(Code::PayloadTooLarge, "the body is larger than this route accepts")
        }
        JsonRejection::JsonDataError(e) => ApiError::new(Code::BadJson, clean(&e.body_text())),
        JsonRejection::JsonSyntaxError(e) => ApiError::new(Code::BadJson, clean(&e.body_text())),
        other => ApiError::new(Code::BadJson, clean(&other.body_text())),
    }
}

/// serde's messages are precise ("missing field `port` at line 1 column 12"); axum prefixes them with a
/// generic sentence we drop.
fn clean(text: &str) -> String {
    let t = text
        .strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .or_else(|| text.strip_prefix("Failed to parse the request body as JSON: "))
        .unwrap_or(text);
    format!("the JSON body is not valid: {t}")
}

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

/// Like `axum::extract::Query`, but a bad query string becomes `422 invalid-input` naming the parameter.
pub struct Query<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e) => {
                let text = e.body_text();
                let text = text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
                Err(ApiError::invalid(format!("the query string is not valid: {text}")))
            }
        }
    }
}
