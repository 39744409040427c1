//! 1C in both directions. Push: the "exchange with a site" protocol 1C:Enterprise speaks
//! (`/api/1c/exchange`, also at `/1c_exchange.php` where 1C expects a site): `checkauth` with an
//! API user's Basic credentials answers a session cookie, `init` the limits, `file` receives
//! `import.xml` and `offers.xml` (in parts), `import` applies one. Pull: the seed's
//! `/api/v1/integration/…` routes start a sync from a 1C HTTP service and report its progress.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalogue::{iso, zone, Detail};
use super::drf::{json_body, Caller, DrfError};
use super::HttpState;
use crate::domain::onec::{self, Package};
use crate::domain::{apiusers, Error};

/// The most one `mode=file` request carries (1C splits larger files).
const FILE_LIMIT: usize = 10 * 1024 * 1024;
const COOKIE: &str = "savdo_exchange";

pub fn router() -> Router<HttpState> {
    let body = DefaultBodyLimit::max(FILE_LIMIT + 64 * 1024);
    Router::new()
        .route("/api/1c/exchange", get(exchange).post(exchange_file).layer(body))
        .route("/1c_exchange.php", get(exchange).post(exchange_file).layer(body))
        .route("/api/v1/integration/", get(list_integrations).post(add_integration))
        .route("/api/v1/integration/sync/nomenklatura/{integration_id}/", post(sync_nomenklatura))
        .route("/api/v1/integration/sync/clients/{integration_id}/", post(sync_clients))
        .route("/api/v1/integration/sync/status/{task_id}/", get(sync_status))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExchangeQuery {
    /// catalog (sale is not exchanged).
    #[serde(rename = "type")]
    kind: Option<String>,
    /// checkauth, init, file or import.
    mode: Option<String>,
    /// import.xml, offers.xml (for file and import).
    filename: Option<String>,
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn failure(reason: &str) -> Response {
    text(format!("failure\n{reason}\n"))
}

/// Basic credentials of a request.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let (user, password) =
        String::from_utf8(decoded).ok()?.split_once(':').map(|(u, p)| (u.to_string(), p.to_string()))?;
    Some((user, password))
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE).then(|| value.to_string())
    })
}

/// A file name 1C may send: its last path part, without anything that climbs out.
fn file_name(raw: Option<&str>) -> Option<String> {
    let name = raw?.rsplit(['/', '\\']).next()?.trim();
    let ok = !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || "._-".contains(c));
    ok.then(|| name.to_string())
}

/// The exchange protocol: every answer is plain text whose first line is `success`,
/// `failure` or (for init) the limits, as 1C reads it.
#[utoipa::path(get, path = "/api/1c/exchange", tag = "1c", params(ExchangeQuery),
    responses((status = 200, description = "`success`, `failure` and a reason, or init's `zip=no` and `file_limit`", content_type = "text/plain"),
        (status = 429, body = Detail)),
    security(("basic" = []), ()))]
pub async fn exchange(state: State<HttpState>, headers: HeaderMap, query: Query<ExchangeQuery>) -> Response {
    handle(state, headers, query, Bytes::new()).await
}

async fn handle(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Query(q): Query<ExchangeQuery>,
    body: Bytes,
) -> Response {
    let app = &state.app;
    if q.kind.as_deref().is_some_and(|k| k != "catalog") {
        return failure("only type=catalog is exchanged (orders are not)");
    }
    if q.mode.as_deref() == Some("checkauth") {
        let Some((user, password)) = basic(&headers) else {
            return failure("Basic credentials of an API user are needed");
        };
        return match apiusers::exchange_login(&app.db, &app.jwt, &user, &password).await {
            Ok(Some(token)) => text(format!("success\n{COOKIE}\n{token}\n")),
            Ok(None) => failure("wrong username or password"),
            Err(e) => internal(e),
        };
    }
    let found = match cookie(&headers) {
        Some(token) => apiusers::exchange_actor(&app.db, &app.jwt, &token).await,
        None => Ok(None),
    };
    let (actor, session) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return failure("no session: start with mode=checkauth"),
        Err(e) => return internal(e),
    };
    let outcome = match q.mode.as_deref() {
        Some("init") => onec::clear(&app.db, &session).await.map(|_| format!("zip=no\nfile_limit={FILE_LIMIT}\n")),
        Some("file") => {
            let Some(name) = file_name(q.filename.as_deref()) else { return failure("a file name is needed") };
            onec::stage(&app.db, &actor, &session, &name, &body).await.map(|_| "success\n".to_string())
        }
        Some("import") => {
            let Some(name) = file_name(q.filename.as_deref()) else { return failure("a file name is needed") };
            import(&state, &actor, &session, &name).await
        }
        _ => return failure("mode must be checkauth, init, file or import"),
    };
    match outcome {
        Ok(answer) => text(answer),
        Err(Error::Refused(r)) => failure(&r.to_string()),
        Err(e) => internal(e),
    }
}

/// `mode=file`: a file (or a part of one) in the body.
#[utoipa::path(post, path = "/api/1c/exchange", tag = "1c", params(ExchangeQuery),
    request_body(content = String, description = "the file's bytes", content_type = "application/octet-stream"),
    responses((status = 200, description = "`success`, or `failure` and a reason", content_type = "text/plain"),
        (status = 413, description = "a part above file_limit"), (status = 429, body = Detail)),
    security(()))]
pub async fn exchange_file(
    state: State<HttpState>,
    headers: HeaderMap,
    query: Query<ExchangeQuery>,
    body: Bytes,
) -> Response {
    handle(state, headers, query, body).await
}

async fn import(
    state: &HttpState,
    actor: &crate::domain::actor::Actor,
    session: &str,
    name: &str,
) -> Result<String, Error> {
    let bytes = onec::staged(&state.app.db, session, name).await?;
    if !name.ends_with(".xml") {
        // Pictures and other files of the exchange are received and not used.
        return Ok("success\n".into());
    }
    if bytes.is_empty() {
        return Ok(format!("failure\n{name} was not sent (mode=file first)\n"));
    }
    let xml = String::from_utf8_lossy(&bytes);
    let mut package = Package::default();
    onec::parse(&xml, &mut package)?;
    let applied = onec::apply(&state.app.db, actor, &package, |_, _| {}).await?;
    tracing::info!(
        file = name,
        created = applied.created,
        updated = applied.updated,
        priced = applied.priced,
        counted = applied.counted,
        "1C exchange applied"
    );
    Ok(format!(
        "success\ncreated={} updated={} priced={} counted={} skipped={}\n",
        applied.created,
        applied.updated,
        applied.priced,
        applied.counted,
        applied.skipped.len()
    ))
}

fn internal(e: Error) -> Response {
    tracing::error!(error = %e, "1C exchange failed");
    (StatusCode::INTERNAL_SERVER_ERROR, text("failure\ninternal error\n".into())).into_response()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationOut {
    id: i64,
    name: String,
    url: String,
    username: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct IntegrationInput {
    name: String,
    /// The 1C HTTP service's address that serves import.xml, offers.xml and clients.xml.
    url: String,
    username: Option<String>,
    password: Option<String>,
}

fn integration_out(i: onec::Integration) -> IntegrationOut {
    IntegrationOut { id: i.id, name: i.name, url: i.url, username: i.username }
}

#[utoipa::path(get, path = "/api/v1/integration/", tag = "1c", operation_id = "integration_list",
    responses((status = 200, body = [IntegrationOut]), (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn list_integrations(
    State(state): State<HttpState>,
    caller: Caller,
) -> Result<Json<Vec<IntegrationOut>>, DrfError> {
    let found = onec::integrations(&state.app.db, &caller.actor).await.map_err(|e| core(&caller, e))?;
    Ok(Json(found.into_iter().map(integration_out).collect()))
}

#[utoipa::path(post, path = "/api/v1/integration/", tag = "1c", operation_id = "integration_add", request_body = IntegrationInput,
    responses((status = 201, body = IntegrationOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn add_integration(
    State(state): State<HttpState>,
    caller: Caller,
    body: Result<Json<IntegrationInput>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let input = json_body(body)?;
    let added = onec::add_integration(
        &state.app.db,
        &caller.actor,
        &input.name,
        &input.url,
        input.username.as_deref(),
        input.password.as_deref(),
    )
    .await
    .map_err(|e| core(&caller, e))?;
    Ok((StatusCode::CREATED, Json(integration_out(added))).into_response())
}

fn core(caller: &Caller, e: Error) -> DrfError {
    DrfError::from_core(caller.lang, e, |r| match r {
        crate::domain::Refusal::BadName => Some("name"),
        _ => None,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyncStarted {
    task_id: String,
    status: String,
    message: String,
    integration: IntegrationOut,
}

async fn start(state: HttpState, caller: Caller, id: i64, kind: &'static str) -> Result<Response, DrfError> {
    let db = state.app.db.clone();
    let integration = onec::integration(&db, &caller.actor, id).await.map_err(|e| core(&caller, e))?;
    let action = if kind == "clients" {
        crate::domain::roles::Action::Customers
    } else {
        crate::domain::roles::Action::EditProducts
    };
    caller.actor.require(action).map_err(|e| core(&caller, e.into()))?;
    let task = onec::start_task(&db, &caller.actor, kind, id).await.map_err(|e| core(&caller, e))?;
    let (actor, running, task_id) = (caller.actor.clone(), integration.clone(), task.id.clone());
    tokio::spawn(async move {
        if let Err(e) = onec::run_sync(&db, &actor, &running, &task_id, |_, _| {}).await {
            tracing::warn!(error = %e, task = %task_id, "a 1C sync failed");
        }
    });
    let what = if kind == "clients" { "Clients" } else { "Nomenklatura" };
    let started = SyncStarted {
        task_id: task.id,
        status: "started".into(),
        message: format!("{what} sync started for {}", integration.name),
        integration: integration_out(integration),
    };
    Ok((StatusCode::ACCEPTED, Json(started)).into_response())
}

#[utoipa::path(post, path = "/api/v1/integration/sync/nomenklatura/{integration_id}/", tag = "1c",
    params(("integration_id" = i64, Path)),
    responses((status = 202, body = SyncStarted), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn sync_nomenklatura(
    State(state): State<HttpState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, DrfError> {
    start(state, caller, id, "nomenklatura").await
}

#[utoipa::path(post, path = "/api/v1/integration/sync/clients/{integration_id}/", tag = "1c",
    params(("integration_id" = i64, Path)),
    responses((status = 202, body = SyncStarted), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn sync_clients(
    State(state): State<HttpState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, DrfError> {
    start(state, caller, id, "clients").await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyncStatus {
    task_id: String,
    sync_type: String,
    integration_id: Option<i64>,
    /// fetching, processing, completed or error.
    status: String,
    progress_percent: i64,
    processed: i64,
    total: i64,
    created_items: i64,
    updated_items: i64,
    error_message: Option<String>,
    started_at: String,
    completed_at: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/integration/sync/status/{task_id}/", tag = "1c",
    params(("task_id" = String, Path)),
    responses((status = 200, body = SyncStatus), (status = 401, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn sync_status(
    State(state): State<HttpState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SyncStatus>, DrfError> {
    let task = onec::task(&state.app.db, &caller.actor, &id).await.map_err(|e| core(&caller, e))?;
    let tz = zone(&caller);
    let message = (task.status == "error").then(|| task.message.clone()).flatten();
    Ok(Json(SyncStatus {
        progress_percent: task.percent(),
        task_id: task.id,
        sync_type: task.kind,
        integration_id: task.integration_id,
        status: task.status,
        processed: task.processed,
        total: task.total,
        created_items: task.created,
        updated_items: task.updated,
        error_message: message,
        started_at: iso(tz, task.created_at),
        completed_at: task.finished_at.map(|t| iso(tz, t)),
    }))
}
