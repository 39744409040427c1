//! The shapes Django REST Framework clients expect (the seed E-Catalog's API is such a client's
//! contract): errors as `{"detail": …}` or `{"field": ["message"]}`, page-numbered lists
//! (`count`, `next`, `previous`, `results`), and `Authorization: Bearer` with SimpleJWT's
//! answers. Messages follow `Accept-Language` (uz, ru, en; English by default, as DRF's).

use std::collections::BTreeMap;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

use crate::app::AppRef;
use crate::domain::actor::Actor;
use crate::domain::listing::{Page, MAX_PAGE_SIZE};
use crate::domain::{apikeys, apiusers, Error, Refusal};
use crate::i18n::{t, Lang};

/// The language of a request's messages: the first of uz, ru, en in `Accept-Language`.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .find_map(|tag| Lang::parse(tag.trim().split('-').next().unwrap_or("")))
        .unwrap_or(Lang::En)
}

#[derive(Debug)]
pub enum DrfError {
    /// 401 with SimpleJWT's `code` when a token was given but is not valid.
    NotAuthenticated,
    TokenNotValid,
    BadCredentials,
    Forbidden(String),
    NotFound,
    /// 404 past the last page.
    InvalidPage,
    /// 400: messages per field (`non_field_errors` for the whole object).
    Fields(BTreeMap<String, Vec<String>>),
    Conflict(String),
    TooLarge,
    Throttled(u64),
    Internal(anyhow::Error),
}

impl DrfError {
    pub fn field(name: &str, message: impl Into<String>) -> DrfError {
        DrfError::Fields(BTreeMap::from([(name.to_string(), vec![message.into()])]))
    }

    /// A refusal of the core in the reader's language: a field's message where the refusal
    /// names one for this entity (`field_of`), else the whole object's.
    pub fn refused(lang: Lang, refusal: Refusal, field_of: fn(&Refusal) -> Option<&'static str>) -> DrfError {
        if let Refusal::BadValue(field) = &refusal {
            return DrfError::field(field, t(lang, refusal.message_key()));
        }
        let message = match &refusal {
            Refusal::BadArgument(detail) => format!("{} ({detail})", t(lang, refusal.message_key())),
            _ => t(lang, refusal.message_key()),
        };
        match refusal {
            Refusal::NotFound => DrfError::NotFound,
            Refusal::NotAllowed | Refusal::Blocked | Refusal::CompanyBlocked | Refusal::CompanyReadOnly => {
                DrfError::Forbidden(message)
            }
            Refusal::FileTooLarge => DrfError::TooLarge,
            Refusal::InUse => DrfError::Conflict(message),
            r => DrfError::field(field_of(&r).unwrap_or("non_field_errors"), message),
        }
    }

    pub fn from_core(lang: Lang, e: Error, field_of: fn(&Refusal) -> Option<&'static str>) -> DrfError {
        match e {
            Error::Refused(r) => DrfError::refused(lang, r, field_of),
            Error::Internal(e) => DrfError::Internal(e),
        }
    }
}

/// No refusal names a field.
pub fn no_field(_: &Refusal) -> Option<&'static str> {
    None
}

impl IntoResponse for DrfError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            DrfError::NotAuthenticated => {
                (StatusCode::UNAUTHORIZED, json!({"detail": "Authentication credentials were not provided."}))
            }
            DrfError::TokenNotValid => (
                StatusCode::UNAUTHORIZED,
                json!({"detail": "Given token not valid for any token type", "code": "token_not_valid"}),
            ),
            DrfError::BadCredentials => {
                (StatusCode::UNAUTHORIZED, json!({"detail": "No active account found with the given credentials"}))
            }
            DrfError::Forbidden(detail) => (StatusCode::FORBIDDEN, json!({ "detail": detail })),
            DrfError::NotFound => (StatusCode::NOT_FOUND, json!({"detail": "Not found."})),
            DrfError::InvalidPage => (StatusCode::NOT_FOUND, json!({"detail": "Invalid page."})),
            DrfError::Fields(fields) => (StatusCode::BAD_REQUEST, json!(fields)),
            DrfError::Conflict(detail) => (StatusCode::CONFLICT, json!({ "detail": detail })),
            DrfError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, json!({"detail": "Request body is too large."})),
            DrfError::Throttled(secs) => {
                let body = json!({"detail": format!("Request was throttled. Expected available in {secs} seconds.")});
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                return response;
            }
            DrfError::Internal(e) => {
                tracing::error!(error = %e, "catalogue API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({"detail": "A server error occurred."}))
            }
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"api\""));
        }
        response
    }
}

/// A JSON body or DRF's 400 for one that is not: `{"non_field_errors": [why]}`, or 413.
pub fn json_body<T>(body: Result<Json<T>, axum::extract::rejection::JsonRejection>) -> Result<T, DrfError> {
    match body {
        Ok(Json(value)) => Ok(value),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(DrfError::TooLarge),
        Err(rejection) => Err(DrfError::field("non_field_errors", rejection.body_text())),
    }
}

/// Who calls: an API user's access token (`Authorization: Bearer …`) or a company's API key
/// (`X-API-Key`, or `Authorization: Api-Key …`); plus the language of their messages.
pub struct Caller {
    pub actor: Actor,
    pub lang: Lang,
}

impl<S> FromRequestParts<S> for Caller
where
    AppRef: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = DrfError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppRef::from_ref(state);
        let lang = lang_of(&parts.headers);
        let actor = match credential(&parts.headers) {
            Credential::None => return Err(DrfError::NotAuthenticated),
            Credential::Bearer(token) => apiusers::actor_of(&app.db, &app.jwt, token).await.map_err(|e| match e {
                Error::Internal(e) => DrfError::Internal(e),
                Error::Refused(_) => DrfError::TokenNotValid,
            })?,
            Credential::Key(key) => apikeys::actor_of(&app.db, key).await.map_err(|e| match e {
                Error::Internal(e) => DrfError::Internal(e),
                Error::Refused(_) => DrfError::TokenNotValid,
            })?,
        };
        actor.map(|actor| Caller { actor, lang }).ok_or(DrfError::TokenNotValid)
    }
}

pub enum Credential<'a> {
    None,
    Bearer(&'a str),
    Key(&'a str),
}

/// The credential a request presents (the rate limiter keys on it too).
pub fn credential(headers: &HeaderMap) -> Credential<'_> {
    if let Some(key) = headers.get("X-API-Key").and_then(|v| v.to_str().ok()) {
        return Credential::Key(key.trim());
    }
    let Some(auth) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else { return Credential::None };
    let (scheme, value) = auth.trim().split_once(' ').unwrap_or((auth, ""));
    if scheme.eq_ignore_ascii_case("Bearer") || scheme.eq_ignore_ascii_case("JWT") {
        Credential::Bearer(value.trim())
    } else if scheme.eq_ignore_ascii_case("Api-Key") {
        Credential::Key(value.trim())
    } else {
        Credential::None
    }
}

/// DRF's pagination, both styles the seed's clients use: page numbers (`?page=&page_size=`)
/// or a window (`?limit=&offset=`, the seed's catalogue lists); at most [`MAX_PAGE_SIZE`] rows.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// A page number within the paginated result set (from 1).
    pub page: Option<String>,
    /// Results per page (default 20, at most 100).
    pub page_size: Option<String>,
    /// Number of results to return (instead of pages; default 20, at most 100).
    pub limit: Option<String>,
    /// The initial index from which to return the results (with `limit`).
    pub offset: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Numbered,
    Window,
}

fn number(raw: &Option<String>) -> Option<Result<i64, ()>> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(n.parse::<i64>().map_err(|_| ())),
    }
}

impl PageQuery {
    pub fn page(&self) -> Result<(Page, Style), DrfError> {
        if self.limit.is_some() || self.offset.is_some() {
            // DRF falls back to the default for a limit it cannot read and caps a large one.
            let size = match number(&self.limit) {
                Some(Ok(n)) if n > 0 => n.min(MAX_PAGE_SIZE),
                _ => Page::DEFAULT_SIZE,
            };
            let offset = match number(&self.offset) {
                Some(Ok(n)) if n >= 0 => n,
                _ => 0,
            };
            return Ok((Page { offset, size }, Style::Window));
        }
        let page = match number(&self.page) {
            None => 1,
            Some(Ok(n)) if n >= 1 => n,
            Some(_) => return Err(DrfError::InvalidPage),
        };
        let size = match number(&self.page_size) {
            Some(Ok(n)) if n > 0 => n.min(MAX_PAGE_SIZE),
            _ => Page::DEFAULT_SIZE,
        };
        Ok((Page::numbered(page, size), Style::Numbered))
    }
}

/// One page of a list with links to its neighbours, built from the request's own URL.
#[derive(Debug, Serialize)]
pub struct Paginated<T: Serialize> {
    pub count: i64,
    pub next: Option<String>,
    pub previous: Option<String>,
    pub results: Vec<T>,
}

impl<T: Serialize> Paginated<T> {
    /// DRF answers 404 `Invalid page.` past the last page (the first page always exists).
    pub fn new(
        uri: &axum::http::Uri,
        headers: &HeaderMap,
        (page, style): (Page, Style),
        count: i64,
        results: Vec<T>,
    ) -> Result<Self, DrfError> {
        let link = |pairs: Vec<(&str, i64)>| link(uri, headers, &pairs);
        let (next, previous) = match style {
            Style::Numbered => {
                let number = page.offset / page.size + 1;
                let pages = ((count + page.size - 1) / page.size).max(1);
                if number > pages {
                    return Err(DrfError::InvalidPage);
                }
                let to = |n: i64| if n == 1 { link(vec![]) } else { link(vec![("page", n)]) };
                ((number < pages).then(|| to(number + 1)), (number > 1).then(|| to(number - 1)))
            }
            Style::Window => {
                let next = (page.offset + page.size < count)
                    .then(|| link(vec![("limit", page.size), ("offset", page.offset + page.size)]));
                let previous = (page.offset > 0).then(|| match page.offset - page.size {
                    o if o > 0 => link(vec![("limit", page.size), ("offset", o)]),
                    _ => link(vec![("limit", page.size)]),
                });
                (next, previous)
            }
        };
        Ok(Paginated { count, next, previous, results })
    }
}

/// This request's absolute URL with the paging parameters replaced by `pairs`.
fn link(uri: &axum::http::Uri, headers: &HeaderMap, pairs: &[(&str, i64)]) -> String {
    // `page_size` stays: the neighbours of a page keep its size.
    const PAGING: [&str; 3] = ["page", "limit", "offset"];
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let mut query: Vec<(String, String)> = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .filter(|(k, _)| !PAGING.contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    query.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let mut url = format!("http://{host}{}", uri.path());
    if !query.is_empty() {
        url.push('?');
        url.push_str(&url::form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish());
    }
    url
}
