//! SimpleJWT's routes for API users: `POST /api/token/` (username, password → access and
//! refresh), `/api/token/refresh/` (a refresh token → a new pair; the old one is spent),
//! `/api/token/verify/` (200 `{}` or 401) and `/api/token/blacklist/` (ends the session).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::drf::{json_body, DrfError};
use super::HttpState;
use crate::domain::apiusers::{self, Tokens};

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/token/", post(obtain))
        .route("/api/token/refresh/", post(refresh))
        .route("/api/token/verify/", post(verify))
        .route("/api/token/blacklist/", post(blacklist))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenObtain {
    pub username: Option<String>,
    pub password: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRefresh {
    pub refresh: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenVerify {
    pub token: Option<String>,
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct TokenPair {
    /// Valid for 5 minutes.
    pub access: String,
    /// Valid for a day; spent by a refresh, which returns the next one.
    pub refresh: String,
}

impl From<Tokens> for TokenPair {
    fn from(t: Tokens) -> TokenPair {
        TokenPair { access: t.access, refresh: t.refresh }
    }
}

/// A required text field or DRF's `{"field": ["This field is required."]}`.
fn required(value: Option<String>, field: &str) -> Result<String, DrfError> {
    match value {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(DrfError::field(field, "This field may not be blank.")),
        None => Err(DrfError::field(field, "This field is required.")),
    }
}

#[utoipa::path(post, path = "/api/token/", operation_id = "token_obtain", tag = "auth", request_body = TokenObtain,
    responses((status = 200, body = TokenPair), (status = 400, description = "a field is missing"),
              (status = 401, description = "No active account found with the given credentials")))]
pub async fn obtain(
    State(state): State<HttpState>,
    body: Result<Json<TokenObtain>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TokenPair>, DrfError> {
    let body = json_body(body)?;
    let (username, password) = match (required(body.username, "username"), required(body.password, "password")) {
        (Ok(u), Ok(p)) => (u, p),
        (Err(DrfError::Fields(mut a)), Err(DrfError::Fields(b))) => {
            a.extend(b);
            return Err(DrfError::Fields(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let app = &state.app;
    match apiusers::login(&app.db, &app.jwt, &username, &password).await.map_err(internal)? {
        Some(tokens) => Ok(Json(tokens.into())),
        None => Err(DrfError::BadCredentials),
    }
}

#[utoipa::path(post, path = "/api/token/refresh/", operation_id = "token_refresh", tag = "auth", request_body = TokenRefresh,
    responses((status = 200, body = TokenPair), (status = 400), (status = 401, description = "token_not_valid")))]
pub async fn refresh(
    State(state): State<HttpState>,
    body: Result<Json<TokenRefresh>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TokenPair>, DrfError> {
    let token = required(json_body(body)?.refresh, "refresh")?;
    let app = &state.app;
    match apiusers::refresh(&app.db, &app.jwt, &token).await.map_err(internal)? {
        Some(tokens) => Ok(Json(tokens.into())),
        None => Err(DrfError::TokenNotValid),
    }
}

#[utoipa::path(post, path = "/api/token/verify/", operation_id = "token_verify", tag = "auth", request_body = TokenVerify,
    responses((status = 200, description = "`{}`: the token is valid"), (status = 400), (status = 401, description = "token_not_valid")))]
pub async fn verify(
    State(state): State<HttpState>,
    body: Result<Json<TokenVerify>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let token = required(json_body(body)?.token, "token")?;
    let app = &state.app;
    match apiusers::verify(&app.db, &app.jwt, &token).await.map_err(internal)? {
        true => Ok(Json(json!({})).into_response()),
        false => Err(DrfError::TokenNotValid),
    }
}

#[utoipa::path(post, path = "/api/token/blacklist/", operation_id = "token_blacklist", tag = "auth", request_body = TokenRefresh,
    responses((status = 200, description = "`{}`: the session is ended"), (status = 400), (status = 401, description = "token_not_valid")))]
pub async fn blacklist(
    State(state): State<HttpState>,
    body: Result<Json<TokenRefresh>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let token = required(json_body(body)?.refresh, "refresh")?;
    let app = &state.app;
    match apiusers::blacklist(&app.db, &app.jwt, &token).await.map_err(internal)? {
        true => Ok(Json(json!({})).into_response()),
        false => Err(DrfError::TokenNotValid),
    }
}

fn internal(e: crate::domain::Error) -> DrfError {
    match e {
        crate::domain::Error::Internal(e) => DrfError::Internal(e),
        crate::domain::Error::Refused(_) => DrfError::TokenNotValid,
    }
}
