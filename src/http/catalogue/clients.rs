//! `/api/v1/client/`: the company's customers as the seed's clients, by their 1C code.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::files::{images_of, ImageRef};
use super::{iso, list_query, som, Detail, Fields};
use crate::domain::clients::{self, Client, ClientInput};
use crate::domain::images::Owner;
use crate::domain::{Error, Refusal};
use crate::http::drf::{json_body, Caller, DrfError, PageQuery, Paginated};
use crate::http::HttpState;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/client/", get(list).post(create))
        .route("/api/v1/client/{client_code_1c}/", get(retrieve).put(update).patch(partial_update).delete(destroy))
}

/// A customer as the seed's clients read it; `balance` (what they owe, so'm) is Savdo's own.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientOut {
    pub id: i64,
    /// Always null: Savdo has one client list per company.
    #[schema(value_type = Option<Object>)]
    pub project: Option<Value>,
    pub client_code_1c: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub tax_id: Option<String>,
    pub credit_limit: Option<String>,
    pub currency: String,
    pub balance: String,
    pub is_active: bool,
    pub is_deleted: bool,
    pub created_at: String,
    pub updated_at: String,
    pub images: Vec<ImageRef>,
}

/// What a client may send (`name` required on POST and PUT); other seed fields are ignored.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ClientInputDoc {
    /// Unique in the company; set on create, never changed.
    client_code_1c: Option<String>,
    name: String,
    email: Option<String>,
    /// 9 digits (Uzbekistan) or + and 10 to 15 digits.
    phone: Option<String>,
    description: Option<String>,
    /// 9 digits.
    tax_id: Option<String>,
    /// so'm; null for no limit.
    credit_limit: Option<String>,
}

fn field_of(refusal: &Refusal) -> Option<&'static str> {
    Some(match refusal {
        Refusal::BadName => "name",
        Refusal::CodeTaken => "client_code_1c",
        Refusal::BadPhone => "phone",
        Refusal::BadTin => "tax_id",
        Refusal::BadAmount | Refusal::AmountTooLarge => "credit_limit",
        Refusal::NotesTooLong => "description",
        _ => return None,
    })
}

fn core_error(caller: &Caller) -> impl Fn(Error) -> DrfError + '_ {
    move |e| DrfError::from_core(caller.lang, e, field_of)
}

fn view(caller: &Caller, c: Client, images: Vec<ImageRef>) -> ClientOut {
    let tz = super::zone(caller);
    ClientOut {
        id: c.id,
        project: None,
        client_code_1c: c.code_1c,
        name: c.name,
        email: c.email,
        phone: c.phone,
        description: c.notes,
        tax_id: c.tin,
        credit_limit: c.credit_limit.map(som),
        currency: "UZS".into(),
        balance: som(c.balance),
        is_active: true,
        is_deleted: false,
        created_at: iso(tz, c.created_at),
        updated_at: iso(tz, c.updated_at),
        images,
    }
}

fn input(body: Value, required: bool) -> Result<ClientInput, DrfError> {
    let mut f = Fields::new(body)?;
    let input = ClientInput {
        code_1c: f.required_text("client_code_1c", false),
        name: f.required_text("name", required),
        email: f.text("email"),
        phone: f.text("phone"),
        tin: f.text("tax_id"),
        notes: f.text("description"),
        credit_limit: f.money("credit_limit"),
    };
    f.finish()?;
    Ok(input)
}

async fn with_images(
    headers: &HeaderMap,
    state: &HttpState,
    caller: &Caller,
    found: Vec<Client>,
) -> Result<Vec<ClientOut>, DrfError> {
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    let mut images = images_of(headers, state, caller, Owner::Client, &ids).await?;
    Ok(found
        .into_iter()
        .map(|c| {
            let own = images.remove(&c.id).unwrap_or_default();
            view(caller, c, own)
        })
        .collect())
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PaginatedClients {
    count: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<ClientOut>,
}

#[utoipa::path(get, path = "/api/v1/client/", operation_id = "client_list", tag = "catalogue",
    params(PageQuery,
        ("search" = Option<String>, Query, description = "words found in the name, 1C code, e-mail, phone or TIN"),
        ("ordering" = Option<String>, Query, description = "id, client_code_1c, name, email, created_at, updated_at; `-` for descending"),
        ("client_code_1c" = Option<String>, Query), ("name" = Option<String>, Query), ("email" = Option<String>, Query),
        ("tax_id" = Option<String>, Query),
        ("created_from" = Option<String>, Query, description = "YYYY-MM-DD"), ("created_to" = Option<String>, Query),
        ("updated_from" = Option<String>, Query), ("updated_to" = Option<String>, Query)),
    responses((status = 200, body = inline(PaginatedClients)), (status = 400, description = "a filter's value is not valid"),
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
) -> Result<Json<Paginated<ClientOut>>, DrfError> {
    let (query, style) = list_query(&params, &page)?;
    let (count, found) = clients::list(&state.app.db, &caller.actor, &query).await.map_err(core_error(&caller))?;
    let results = with_images(&headers, &state, &caller, found).await?;
    Ok(Json(Paginated::new(&uri, &headers, (query.page, style), count, results)?))
}

#[utoipa::path(post, path = "/api/v1/client/", operation_id = "client_create", tag = "catalogue", request_body = ClientInputDoc,
    responses((status = 201, body = ClientOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn create(
    State(state): State<HttpState>,
    caller: Caller,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let input = input(json_body(body)?, true)?;
    let client = clients::save(&state.app.db, &caller.actor, None, &input).await.map_err(core_error(&caller))?;
    Ok((StatusCode::CREATED, Json(view(&caller, client, Vec::new()))).into_response())
}

#[utoipa::path(get, path = "/api/v1/client/{client_code_1c}/", operation_id = "client_retrieve", tag = "catalogue",
    params(("client_code_1c" = String, Path)),
    responses((status = 200, body = ClientOut), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn retrieve(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<ClientOut>, DrfError> {
    let client = clients::by_code_1c(&state.app.db, &caller.actor, &code).await.map_err(core_error(&caller))?;
    Ok(Json(with_images(&headers, &state, &caller, vec![client]).await?.remove(0)))
}

async fn save(
    state: HttpState,
    caller: Caller,
    headers: HeaderMap,
    code: String,
    body: Value,
    required: bool,
) -> Result<Json<ClientOut>, DrfError> {
    let input = input(body, required)?;
    let client = clients::save(&state.app.db, &caller.actor, Some(&code), &input).await.map_err(core_error(&caller))?;
    Ok(Json(with_images(&headers, &state, &caller, vec![client]).await?.remove(0)))
}

#[utoipa::path(put, path = "/api/v1/client/{client_code_1c}/", operation_id = "client_update", tag = "catalogue", request_body = ClientInputDoc,
    params(("client_code_1c" = String, Path)),
    responses((status = 200, body = ClientOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn update(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ClientOut>, DrfError> {
    save(state, caller, headers, code, json_body(body)?, true).await
}

#[utoipa::path(patch, path = "/api/v1/client/{client_code_1c}/", operation_id = "client_partial_update", tag = "catalogue", request_body = ClientInputDoc,
    params(("client_code_1c" = String, Path)),
    responses((status = 200, body = ClientOut), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn partial_update(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ClientOut>, DrfError> {
    save(state, caller, headers, code, json_body(body)?, false).await
}

#[utoipa::path(delete, path = "/api/v1/client/{client_code_1c}/", operation_id = "client_destroy", tag = "catalogue",
    params(("client_code_1c" = String, Path)),
    responses((status = 204, description = "deleted"), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 409, body = Detail, description = "the client has sales, debts or documents"),
        (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn destroy(
    State(state): State<HttpState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<StatusCode, DrfError> {
    clients::delete(&state.app.db, &caller.actor, &code).await.map_err(core_error(&caller))?;
    Ok(StatusCode::NO_CONTENT)
}
