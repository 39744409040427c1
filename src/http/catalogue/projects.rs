//! `/api/v1/project/`: the company's projects by their 1C code (DELETE marks one deleted).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::files::{images_of, ImageRef};
use super::{iso, list_query, Detail, Fields};
use crate::domain::images::Owner;
use crate::domain::projects::{self, Project, ProjectInput};
use crate::domain::{Error, Refusal};
use crate::http::drf::{json_body, Caller, DrfError, PageQuery, Paginated};
use crate::http::HttpState;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/project/", get(list).post(create))
        .route("/api/v1/project/{code_1c}/", get(retrieve).put(update).patch(partial_update).delete(destroy))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientRef {
    pub id: i64,
    pub client_code_1c: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectOut {
    pub id: i64,
    pub code_1c: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub client: Option<ClientRef>,
    /// planned, active, completed or cancelled.
    pub status: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub is_active: bool,
    pub is_deleted: bool,
    /// Whether a 1C integration syncs into it (Savdo's integrations are the company's).
    pub is_integration: bool,
    pub created_at: String,
    pub updated_at: String,
    pub images: Vec<ImageRef>,
}

/// What a client may send (`code_1c` and `name` on POST; `name` on PUT).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ProjectInputDoc {
    code_1c: String,
    name: String,
    description: Option<String>,
    /// The client's `client_code_1c`.
    client: Option<String>,
    /// planned, active (default), completed, cancelled.
    status: Option<String>,
    /// YYYY-MM-DD.
    start_date: Option<String>,
    end_date: Option<String>,
}

fn field_of(refusal: &Refusal) -> Option<&'static str> {
    Some(match refusal {
        Refusal::BadName => "name",
        Refusal::CodeTaken => "code_1c",
        Refusal::BadPeriod => "end_date",
        Refusal::NotesTooLong => "description",
        _ => return None,
    })
}

fn core_error(caller: &Caller) -> impl Fn(Error) -> DrfError + '_ {
    move |e| DrfError::from_core(caller.lang, e, field_of)
}

fn view(caller: &Caller, p: Project, images: Vec<ImageRef>) -> ProjectOut {
    let tz = super::zone(caller);
    ProjectOut {
        id: p.id,
        is_active: p.is_active(),
        code_1c: p.code_1c,
        name: p.name,
        title: None,
        description: p.description,
        client: p.client_id.map(|id| ClientRef { id, client_code_1c: p.client_code_1c, name: p.client_name }),
        status: p.status,
        start_date: p.start_date,
        end_date: p.end_date,
        is_deleted: false,
        is_integration: false,
        created_at: iso(tz, p.created_at),
        updated_at: iso(tz, p.updated_at),
        images,
    }
}

fn input(body: Value, create: bool, required: bool) -> Result<ProjectInput, DrfError> {
    let mut f = Fields::new(body)?;
    let input = ProjectInput {
        code_1c: f.required_text("code_1c", create),
        name: f.required_text("name", required),
        client_code_1c: f.first_text(&["client", "client_code_1c"]),
        status: f.text("status").flatten(),
        start_date: f.date("start_date"),
        end_date: f.date("end_date"),
        description: f.text("description"),
    };
    f.finish()?;
    Ok(input)
}

async fn with_images(
    headers: &HeaderMap,
    state: &HttpState,
    caller: &Caller,
    found: Vec<Project>,
) -> Result<Vec<ProjectOut>, DrfError> {
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
    let mut images = images_of(headers, state, caller, Owner::Project, &ids).await?;
    Ok(found
        .into_iter()
        .map(|p| {
            let own = images.remove(&p.id).unwrap_or_default();
            view(caller, p, own)
        })
        .collect())
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PaginatedProjects {
    count: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<ProjectOut>,
}

#[utoipa::path(get, path = "/api/v1/project/", operation_id = "project_list", tag = "catalogue",
    params(PageQuery,
        ("search" = Option<String>, Query, description = "words found in the name, 1C code or description"),
        ("ordering" = Option<String>, Query, description = "id, code_1c, name, status, start_date, end_date, created_at, updated_at; `-` for descending"),
        ("code_1c" = Option<String>, Query), ("name" = Option<String>, Query), ("status" = Option<String>, Query),
        ("client" = Option<String>, Query, description = "the client's client_code_1c"), ("client_id" = Option<i64>, Query),
        ("created_from" = Option<String>, Query, description = "YYYY-MM-DD"), ("created_to" = Option<String>, Query),
        ("updated_from" = Option<String>, Query), ("updated_to" = Option<String>, Query)),
    responses((status = 200, body = inline(PaginatedProjects)), (status = 400, description = "a filter's value is not valid"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail, description = "Invalid page."),
        (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn list(
    State(state): State<HttpState>,
    caller: Caller,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Paginated<ProjectOut>>, DrfError> {
    let (query, style) = list_query(&params, &page)?;
    let (count, found) = projects::list(&state.app.db, &caller.actor, &query).await.map_err(core_error(&caller))?;
    let results = with_images(&headers, &state, &caller, found).await?;
    Ok(Json(Paginated::new(&uri, &headers, (query.page, style), count, results)?))
}

#[utoipa::path(post, path = "/api/v1/project/", operation_id = "project_create", tag = "catalogue", request_body = ProjectInputDoc,
    responses((status = 201, body = ProjectOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn create(
    State(state): State<HttpState>,
    caller: Caller,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let input = input(json_body(body)?, true, true)?;
    let project = projects::save(&state.app.db, &caller.actor, None, &input).await.map_err(core_error(&caller))?;
    Ok((StatusCode::CREATED, Json(view(&caller, project, Vec::new()))).into_response())
}

#[utoipa::path(get, path = "/api/v1/project/{code_1c}/", operation_id = "project_retrieve", tag = "catalogue",
    params(("code_1c" = String, Path)),
    responses((status = 200, body = ProjectOut), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn retrieve(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<ProjectOut>, DrfError> {
    let project = projects::by_code_1c(&state.app.db, &caller.actor, &code).await.map_err(core_error(&caller))?;
    Ok(Json(with_images(&headers, &state, &caller, vec![project]).await?.remove(0)))
}

async fn save(
    state: HttpState,
    caller: Caller,
    headers: HeaderMap,
    code: String,
    body: Value,
    required: bool,
) -> Result<Json<ProjectOut>, DrfError> {
    let input = input(body, false, required)?;
    let project =
        projects::save(&state.app.db, &caller.actor, Some(&code), &input).await.map_err(core_error(&caller))?;
    Ok(Json(with_images(&headers, &state, &caller, vec![project]).await?.remove(0)))
}

#[utoipa::path(put, path = "/api/v1/project/{code_1c}/", operation_id = "project_update", tag = "catalogue", request_body = ProjectInputDoc,
    params(("code_1c" = String, Path)),
    responses((status = 200, body = ProjectOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn update(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ProjectOut>, DrfError> {
    save(state, caller, headers, code, json_body(body)?, true).await
}

#[utoipa::path(patch, path = "/api/v1/project/{code_1c}/", operation_id = "project_partial_update", tag = "catalogue", request_body = ProjectInputDoc,
    params(("code_1c" = String, Path)),
    responses((status = 200, body = ProjectOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn partial_update(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ProjectOut>, DrfError> {
    save(state, caller, headers, code, json_body(body)?, false).await
}

#[utoipa::path(delete, path = "/api/v1/project/{code_1c}/", operation_id = "project_destroy", tag = "catalogue",
    params(("code_1c" = String, Path)),
    responses((status = 204, description = "marked deleted"), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn destroy(
    State(state): State<HttpState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<StatusCode, DrfError> {
    projects::delete(&state.app.db, &caller.actor, &code).await.map_err(core_error(&caller))?;
    Ok(StatusCode::NO_CONTENT)
}
