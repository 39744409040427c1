//! `/api/v1/nomenklatura/`: the company's products as the seed's nomenklatura.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{iso, list_query, som, units, Detail, Fields};
use crate::domain::cards::{self, Card, CardInput};
use crate::domain::images::Owner;
use crate::domain::{Error, Refusal};
use crate::http::drf::{json_body, Caller, DrfError, PageQuery, Paginated};
use crate::http::HttpState;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/nomenklatura/", get(list).post(create))
        .route("/api/v1/nomenklatura/{code_1c}/", get(retrieve).put(update).patch(partial_update).delete(destroy))
}

/// A product as the seed's clients read it. Prices are so'm as decimal strings (Savdo keeps
/// tiyin); `stock_quantity` is the caller's branch for branch staff, else every branch.
#[derive(Debug, Serialize, ToSchema)]
pub struct Nomenklatura {
    pub id: i64,
    /// Always null: Savdo has one catalogue per company.
    #[schema(value_type = Option<Object>)]
    pub project: Option<Value>,
    pub code_1c: Option<String>,
    /// Savdo's own product code (also `sku`).
    pub article_code: String,
    pub sku: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub barcode: Option<String>,
    pub category: Option<String>,
    pub unit_of_measure: String,
    /// The retail price (as `sale_price`).
    pub base_price: String,
    pub sale_price: String,
    pub cost_price: String,
    pub wholesale_price: Option<String>,
    pub currency: String,
    /// VAT in per cent.
    pub tax_rate: String,
    pub stock_quantity: String,
    pub min_stock: String,
    pub is_active: bool,
    pub is_deleted: bool,
    pub created_at: String,
    pub updated_at: String,
    pub images: Vec<crate::http::catalogue::files::ImageRef>,
}

/// What a client may send (every field optional on PATCH; `name` required on POST and PUT).
/// Other fields of the seed are accepted and ignored.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct NomenklaturaInput {
    /// Unique in the company; set on create, never changed.
    code_1c: Option<String>,
    /// Savdo's product code (`sku` is the same); made from the 1C code when absent.
    article_code: Option<String>,
    name: String,
    description: Option<String>,
    /// 8 to 14 digits.
    barcode: Option<String>,
    category: Option<String>,
    /// pcs, kg, l, m, box, pack (or шт, dona, кг, л …).
    unit_of_measure: Option<String>,
    /// so'm, up to two decimals.
    sale_price: Option<String>,
    base_price: Option<String>,
    cost_price: Option<String>,
    wholesale_price: Option<String>,
    min_stock: Option<String>,
}

fn field_of(refusal: &Refusal) -> Option<&'static str> {
    Some(match refusal {
        Refusal::BadName => "name",
        Refusal::CodeTaken => "code_1c",
        Refusal::BadAmount | Refusal::AmountTooLarge => "sale_price",
        Refusal::BadQuantity | Refusal::QtyTooLarge => "min_stock",
        _ => return None,
    })
}

fn core_error(caller: &Caller) -> impl Fn(Error) -> DrfError + '_ {
    move |e| DrfError::from_core(caller.lang, e, field_of)
}

pub fn view(caller: &Caller, c: Card, images: Vec<crate::http::catalogue::files::ImageRef>) -> Nomenklatura {
    let tz = super::zone(caller);
    Nomenklatura {
        id: c.id,
        project: None,
        code_1c: c.code_1c,
        article_code: c.code.clone(),
        sku: c.code,
        name: c.name,
        title: None,
        description: c.description,
        barcode: c.barcode,
        category: c.group_name,
        unit_of_measure: c.unit,
        base_price: som(c.sale_price),
        sale_price: som(c.sale_price),
        cost_price: som(c.purchase_price),
        wholesale_price: c.wholesale_price.map(som),
        currency: "UZS".into(),
        tax_rate: som(c.vat_rate_bp),
        stock_quantity: units(c.stock_qty),
        min_stock: units(c.min_qty),
        is_active: true,
        is_deleted: false,
        created_at: iso(tz, c.created_at),
        updated_at: iso(tz, c.updated_at),
        images,
    }
}

/// The input of a POST, PUT or PATCH; `required` for POST and PUT (DRF's `name`).
fn input(body: Value, required: bool) -> Result<CardInput, DrfError> {
    let mut f = Fields::new(body)?;
    let input = CardInput {
        code_1c: f.required_text("code_1c", false),
        code: f.first_text(&["article_code", "sku"]).flatten(),
        name: f.required_text("name", required),
        barcode: f.text("barcode"),
        group_name: f.text("category"),
        description: f.text("description"),
        unit: f.text("unit_of_measure").flatten(),
        sale_price: match f.money("sale_price") {
            Some(p) => p,
            None => f.money("base_price").flatten(),
        },
        purchase_price: f.money("cost_price").flatten(),
        wholesale_price: f.money("wholesale_price"),
        min_qty: f.qty("min_stock"),
    };
    f.finish()?;
    Ok(input)
}

async fn with_images(
    headers: &HeaderMap,
    state: &HttpState,
    caller: &Caller,
    cards: Vec<Card>,
) -> Result<Vec<Nomenklatura>, DrfError> {
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let mut images = super::files::images_of(headers, state, caller, Owner::Nomenklatura, &ids).await?;
    Ok(cards
        .into_iter()
        .map(|c| {
            let own = images.remove(&c.id).unwrap_or_default();
            view(caller, c, own)
        })
        .collect())
}

#[utoipa::path(get, path = "/api/v1/nomenklatura/", operation_id = "nomenklatura_list", tag = "catalogue",
    params(PageQuery,
        ("search" = Option<String>, Query, description = "words found in the name, codes, barcode or category"),
        ("ordering" = Option<String>, Query, description = "fields separated by commas, `-` for descending: id, code_1c, article_code, name, category, sale_price, base_price, cost_price, created_at, updated_at"),
        ("code_1c" = Option<String>, Query), ("article_code" = Option<String>, Query), ("barcode" = Option<String>, Query),
        ("name" = Option<String>, Query), ("category" = Option<String>, Query), ("unit_of_measure" = Option<String>, Query),
        ("price_min" = Option<String>, Query, description = "so'm"), ("price_max" = Option<String>, Query, description = "so'm"),
        ("created_from" = Option<String>, Query, description = "YYYY-MM-DD"), ("created_to" = Option<String>, Query),
        ("updated_from" = Option<String>, Query), ("updated_to" = Option<String>, Query)),
    responses((status = 200, body = inline(PaginatedNomenklatura)), (status = 400, description = "a filter's value is not valid"),
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
) -> Result<Json<Paginated<Nomenklatura>>, DrfError> {
    let (query, style) = list_query(&params, &page)?;
    let (count, cards) = cards::list(&state.app.db, &caller.actor, &query).await.map_err(core_error(&caller))?;
    let results = with_images(&headers, &state, &caller, cards).await?;
    Ok(Json(Paginated::new(&uri, &headers, (query.page, style), count, results)?))
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PaginatedNomenklatura {
    count: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<Nomenklatura>,
}

#[utoipa::path(post, path = "/api/v1/nomenklatura/", operation_id = "nomenklatura_create", tag = "catalogue", request_body = NomenklaturaInput,
    responses((status = 201, body = Nomenklatura), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn create(
    State(state): State<HttpState>,
    caller: Caller,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let input = input(json_body(body)?, true)?;
    let card = cards::save(&state.app.db, &caller.actor, None, &input).await.map_err(core_error(&caller))?;
    Ok((StatusCode::CREATED, Json(view(&caller, card, Vec::new()))).into_response())
}

#[utoipa::path(get, path = "/api/v1/nomenklatura/{code_1c}/", operation_id = "nomenklatura_retrieve", tag = "catalogue",
    params(("code_1c" = String, Path, description = "the product's 1C code")),
    responses((status = 200, body = Nomenklatura), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn retrieve(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code_1c): Path<String>,
) -> Result<Json<Nomenklatura>, DrfError> {
    let card = cards::by_code_1c(&state.app.db, &caller.actor, &code_1c).await.map_err(core_error(&caller))?;
    Ok(Json(with_images(&headers, &state, &caller, vec![card]).await?.remove(0)))
}

async fn save(
    state: HttpState,
    caller: Caller,
    headers: HeaderMap,
    code_1c: String,
    body: Value,
    required: bool,
) -> Result<Json<Nomenklatura>, DrfError> {
    let input = input(body, required)?;
    let card = cards::save(&state.app.db, &caller.actor, Some(&code_1c), &input).await.map_err(core_error(&caller))?;
    Ok(Json(with_images(&headers, &state, &caller, vec![card]).await?.remove(0)))
}

#[utoipa::path(put, path = "/api/v1/nomenklatura/{code_1c}/", operation_id = "nomenklatura_update", tag = "catalogue", request_body = NomenklaturaInput,
    params(("code_1c" = String, Path)),
    responses((status = 200, body = Nomenklatura), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn update(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code_1c): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Nomenklatura>, DrfError> {
    save(state, caller, headers, code_1c, json_body(body)?, true).await
}

#[utoipa::path(patch, path = "/api/v1/nomenklatura/{code_1c}/", operation_id = "nomenklatura_partial_update", tag = "catalogue", request_body = NomenklaturaInput,
    params(("code_1c" = String, Path)),
    responses((status = 200, body = Nomenklatura), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn partial_update(
    State(state): State<HttpState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code_1c): Path<String>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Nomenklatura>, DrfError> {
    save(state, caller, headers, code_1c, json_body(body)?, false).await
}

#[utoipa::path(delete, path = "/api/v1/nomenklatura/{code_1c}/", operation_id = "nomenklatura_destroy", tag = "catalogue",
    params(("code_1c" = String, Path)),
    responses((status = 204, description = "deleted"), (status = 401, body = Detail), (status = 403, body = Detail),
        (status = 404, body = Detail), (status = 409, body = Detail, description = "the product has sales, stock or documents"),
        (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn destroy(
    State(state): State<HttpState>,
    caller: Caller,
    Path(code_1c): Path<String>,
) -> Result<StatusCode, DrfError> {
    cards::delete(&state.app.db, &caller.actor, &code_1c).await.map_err(core_error(&caller))?;
    Ok(StatusCode::NO_CONTENT)
}
