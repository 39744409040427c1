//! The REST API, authenticated by a per-company key in `X-API-Key` (made with `/apikey`). A key
//! acts with the rights its member has now; the core applies them, as it does for the chat.
//! Money is integer tiyin; quantities are decimal strings or numbers of units (`"1.5"`).

use axum::extract::{FromRef, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::HttpState;
use crate::app::AppRef;
use crate::domain::actor::Actor;
use crate::domain::audit::{self, Entity};
use crate::domain::calendar::{self, Period};
use crate::domain::money::{Money, Qty};
use crate::domain::sales::{self, LineInput, Payment, SaleFilter, SaleInput, SaleType};
use crate::domain::{apikeys, catalog, company, lookup, statements, Error, Refusal};
use crate::notify;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/sales", get(list_sales).post(create_sale))
        .route("/api/v1/sales/summary", get(sales_summary))
        .route("/api/v1/sales/{id}/return", axum::routing::post(return_sale))
        .route("/api/v1/reports/{kind}", get(report))
        .route("/api/v1/audit", get(audit_trail))
        .route("/api/v1/forecast", get(forecast))
        .route("/api/v1/ask", axum::routing::post(ask))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    question: String,
    /// uz (default), ru or en.
    #[serde(default)]
    lang: Option<String>,
    /// Groups questions into one conversation (the model sees its last answers); per key.
    #[serde(default)]
    conversation: Option<String>,
}

/// `POST /api/v1/ask` `{"question": "bugun savdo qancha?", "lang": "uz"}`: the assistant's
/// answer as the key's member may see it — the text, how it was answered (`offline`, `model`,
/// `not_understood`), what was understood, the tool calls with their figures, suggestions.
#[utoipa::path(post, path = "/api/v1/ask", tag = "reports", operation_id = "ask",
    request_body(content = String, description = "JSON: {question: text of 1 to 2000 characters, lang?: uz (default), ru or en, conversation?: any text grouping questions into one conversation for this key}; unknown fields are refused", content_type = "application/json"),
    responses(
        (status = 200, description = "the answer: text, how it was answered (offline, model, not_understood), what was understood, the tool calls with their figures, suggestions"),
        (status = 400, description = "malformed body, empty or too long question, or unknown lang"),
        (status = 401, description = "no or unknown API key"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn ask(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<AskBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    use crate::domain::assistant;
    let Json(body) = body.map_err(ApiError::from_json)?;
    if body.question.trim().is_empty() || body.question.chars().count() > assistant::MAX_QUESTION_CHARS {
        return Err(ApiError::Invalid(format!("question must be 1 to {} characters", assistant::MAX_QUESTION_CHARS)));
    }
    let lang = match body.lang.as_deref() {
        None => crate::i18n::Lang::default(),
        Some(code) => {
            crate::i18n::Lang::parse(code).ok_or_else(|| ApiError::Invalid("lang must be uz, ru or en".into()))?
        }
    };
    let key = match actor.via {
        crate::domain::actor::Via::ApiKey(id) => id,
        _ => 0,
    };
    let conversation: String = body.conversation.unwrap_or_default().chars().take(64).collect();
    let conversation = format!("api:{key}:{conversation}");
    let answer =
        assistant::ask(&state.app.db, &actor, state.app.model.as_ref(), lang, &conversation, &body.question).await?;
    Ok(Json(answer).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ForecastQuery {
    product_id: Option<i64>,
    branch_id: Option<i64>,
    horizon: Option<usize>,
}

/// `GET /api/v1/forecast?product_id=&branch_id=&horizon=`: the product's forecast day by day
/// (units, with the 95 % interval), the method and its error on the last four weeks, and the
/// branch's reorder point. Without `product_id`: the five products that sell most.
#[utoipa::path(get, path = "/api/v1/forecast", tag = "reports", operation_id = "forecast",
    params(
        ("product_id" = Option<i64>, Query, description = "the product; without it the five products that sell most"),
        ("branch_id" = Option<i64>, Query, description = "the branch (its reorder point); all branches when absent"),
        ("horizon" = Option<usize>, Query, description = "days ahead, 1 to 92 (default 28)")
    ),
    responses(
        (status = 200, description = "day-by-day forecast (units, 95% interval), method, holdout error and reorder point; or {products: [...]} without product_id"),
        (status = 400, description = "unreadable query or horizon out of range"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such product or branch in this company"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn forecast(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    query: Result<Query<ForecastQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    use crate::domain::forecast::outlook::{self, Outlook, MAX_HORIZON};
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let horizon = q.horizon.unwrap_or(28);
    if !(1..=MAX_HORIZON).contains(&horizon) {
        return Err(ApiError::Invalid(format!("horizon must be 1 to {MAX_HORIZON} days")));
    }
    let view = |o: &Outlook| {
        json!({
            "product_id": o.product_id, "name": o.product.name, "unit": o.product.unit, "branch_id": o.branch_id,
            "method": o.forecast.method, "holdout": o.forecast.holdout, "reorder": o.reorder,
            "days": o.days().iter().map(|(d, f, l, u)| json!({"date": d, "qty": f, "lower": l, "upper": u})).collect::<Vec<_>>(),
        })
    };
    let body = match q.product_id {
        Some(id) => view(&outlook::product(&state.app.db, &actor, id, q.branch_id, horizon).await?),
        None => {
            json!({ "products": outlook::top(&state.app.db, &actor, q.branch_id, horizon, 5).await?.iter().map(view).collect::<Vec<_>>() })
        }
    };
    Ok(Json(body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /api/v1/reports/{pnl|balance|cash|trial}?from=&to=&format=json|xlsx|pdf|csv&lang=uz|ru|en`
#[utoipa::path(get, path = "/api/v1/reports/{kind}", tag = "reports", operation_id = "report",
    params(
        ("kind" = String, Path, description = "pnl, balance, cash or trial"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD (today when absent)"),
        ("format" = Option<String>, Query, description = "json (default), xlsx, pdf or csv"),
        ("lang" = Option<String>, Query, description = "language of the file: uz (default), ru or en")
    ),
    responses(
        (status = 200, description = "the statement: JSON {kind, from, to, table} or the file as an attachment", content(("application/json"), ("text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("application/pdf"))),
        (status = 400, description = "unknown kind or format, or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn report(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    axum::extract::Path(kind): axum::extract::Path<String>,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    use crate::reports::statements::{self as st, Kind};
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let kind =
        Kind::parse(&kind).ok_or_else(|| ApiError::Invalid("kind must be pnl, balance, cash or trial".into()))?;
    let lang = q.lang.as_deref().and_then(crate::i18n::Lang::parse).unwrap_or_default();
    let (from, to) = statements::period_for(&state.app.db, &actor, kind, q.from, q.to).await?;
    let company = company::name(&state.app.db, actor.company_id).await?;
    let (table, _) = st::build(&state.app.db, actor.company_id, &company, kind, from, to, lang).await?;
    let name = format!("{}-{from}_{to}", kind.code());
    let file = |content_type: &'static str, ext: &str, bytes: Vec<u8>| {
        let disposition = format!("attachment; filename=\"{name}.{ext}\"");
        (
            [
                (axum::http::header::CONTENT_TYPE, content_type.to_string()),
                (axum::http::header::CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response()
    };
    Ok(match q.format.as_deref().unwrap_or("json") {
        "json" => Json(json!({ "kind": kind.code(), "from": from, "to": to, "table": table })).into_response(),
        "csv" => file("text/csv; charset=utf-8", "csv", crate::reports::table::to_csv(&table).into_bytes()),
        "xlsx" => file(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            crate::reports::xlsx::to_xlsx(std::slice::from_ref(&table)).map_err(ApiError::Internal)?,
        ),
        "pdf" => file(
            "application/pdf",
            "pdf",
            crate::reports::pdf::to_pdf(std::slice::from_ref(&table)).map_err(ApiError::Internal)?,
        ),
        _ => return Err(ApiError::Invalid("format must be json, xlsx, pdf or csv".into())),
    })
}

/// One error type for the API: what went wrong maps to a status; internals are logged, not shown.
#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
    /// The body is larger than `HTTP_MAX_BODY_BYTES`.
    TooLarge,
    Invalid(String),
    Refused(Refusal),
    NotFound,
    Internal(anyhow::Error),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::Refused(Refusal::NotFound) => ApiError::NotFound,
            Error::Refused(Refusal::FileTooLarge) => ApiError::TooLarge,
            Error::Refused(r) => ApiError::Refused(r),
            Error::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl ApiError {
    /// A JSON body that could not be read: too large (413), or malformed (400).
    pub fn from_json(rejection: axum::extract::rejection::JsonRejection) -> ApiError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ApiError::Invalid(rejection.body_text())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid X-API-Key header or Bearer token is required".to_string(),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is larger than this server accepts (HTTP_MAX_BODY_BYTES)".to_string(),
            ),
            ApiError::Invalid(m) => (StatusCode::BAD_REQUEST, "invalid", m),
            ApiError::Refused(r) => (StatusCode::UNPROCESSABLE_ENTITY, r.message_key(), r.to_string()),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such record in this company".to_string()),
            ApiError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error".to_string())
            }
        };
        (status, Json(json!({ "error": code, "message": message }))).into_response()
    }
}

/// The request's `Idempotency-Key`, as the core stores it (`api:` + the key).
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let key = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok()).map(|k| format!("api:{}", k.trim()));
    if key.as_ref().is_some_and(|k| k.len() > 200) {
        return Err(ApiError::Invalid("Idempotency-Key is longer than 195 characters".into()));
    }
    Ok(key)
}

/// Who the key that came with the request acts for.
pub struct ApiActor(pub Actor);

impl<S> FromRequestParts<S> for ApiActor
where
    S: Send + Sync,
    AppRef: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        use super::drf::{credential, Credential};
        let app = AppRef::from_ref(state);
        let actor = match credential(&parts.headers) {
            Credential::Key(key) => apikeys::actor_of(&app.db, key).await?,
            Credential::Bearer(token) => crate::domain::apiusers::actor_of(&app.db, &app.jwt, token).await?,
            Credential::None => None,
        };
        actor.map(ApiActor).ok_or(ApiError::Unauthorized)
    }
}

#[derive(Debug, Deserialize)]
pub struct NewSale {
    branch_id: i64,
    cashier_id: Option<i64>,
    customer_id: Option<i64>,
    #[serde(default = "retail")]
    sale_type: SaleType,
    payment: Payment,
    /// RFC 3339; now when absent.
    sold_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    lines: Vec<NewLine>,
    /// On credit (`"payment": "debt"`): what the customer pays at once, `{"payment", "amount"}`.
    paid_now: Option<PaidNow>,
    /// On credit: sell past the customer's credit limit (admins' keys only).
    #[serde(default)]
    override_credit_limit: bool,
}

#[derive(Debug, Deserialize)]
struct PaidNow {
    #[serde(default)]
    payment: Payment,
    amount: i64,
}

fn retail() -> SaleType {
    SaleType::Retail
}

#[derive(Debug, Deserialize)]
struct NewLine {
    product_id: Option<i64>,
    product_code: Option<String>,
    qty: serde_json::Value,
    unit_price: Option<i64>,
    #[serde(default)]
    discount: i64,
}

/// `POST /api/v1/sales`: records a sale (receipt) for a branch of the key's company.
#[utoipa::path(post, path = "/api/v1/sales", tag = "sales", operation_id = "create_sale",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "a retry with the same key answers the first result (Idempotent-Replayed: true); at most 195 characters")
    ),
    request_body(content = String, description = "JSON: {branch_id, cashier_id?, customer_id?, sale_type?: retail (default) or wholesale, payment: cash, card, transfer, click, payme or debt, sold_at?: RFC 3339 (now when absent), lines: [{product_id or product_code, qty: 1.5 or '1.5' (up to 3 decimals), unit_price?: tiyin, discount?: tiyin}], paid_now?: {payment, amount} (on credit: paid at once), override_credit_limit?: bool (admins' keys only)}", content_type = "application/json"),
    responses(
        (status = 200, description = "the sale recorded earlier with the same Idempotency-Key (Idempotent-Replayed: true)"),
        (status = 201, description = "the sale recorded (Idempotent-Replayed: false)"),
        (status = 400, description = "malformed body, bad qty, unknown product_code, or Idempotency-Key too long"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such branch, cashier, customer or product in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (rights, stock, credit limit, closed shift...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn create_sale(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    headers: HeaderMap,
    body: Result<Json<NewSale>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(ApiError::from_json)?;
    let key = idempotency_key(&headers)?;
    let mut lines = Vec::with_capacity(body.lines.len());
    for (i, line) in body.lines.iter().enumerate() {
        let product_id = match (line.product_id, &line.product_code) {
            (Some(id), _) => id,
            (None, Some(code)) => catalog::product_by_code(&state.app.db, actor.company_id, code)
                .await?
                .map(|p| p.id)
                .ok_or_else(|| ApiError::Invalid(format!("lines[{i}]: no product with code {code}")))?,
            (None, None) => {
                return Err(ApiError::Invalid(format!("lines[{i}]: product_id or product_code is required")))
            }
        };
        let qty = qty_of(&line.qty, i)?;
        lines.push(LineInput {
            product_id,
            qty,
            unit_price: line.unit_price.map(Money),
            discount: Money(line.discount),
        });
    }
    let input = SaleInput {
        branch_id: body.branch_id,
        cashier_id: body.cashier_id,
        customer_id: body.customer_id,
        sale_type: body.sale_type,
        payment: body.payment,
        lines,
        sold_at: body.sold_at.map(|t| t.timestamp()),
        source: "api",
        idempotency_key: key,
        paid_now: body.paid_now.map(|p| (p.payment, Money(p.amount))),
        override_credit_limit: body.override_credit_limit,
    };
    let recorded = sales::record_sale(&state.app.db, &actor, &input).await?;
    notify::deliver(&state.app, &recorded.events).await;
    let status = if recorded.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, [("Idempotent-Replayed", if recorded.replayed { "true" } else { "false" })], Json(recorded.sale))
        .into_response())
}

/// `GET /api/v1/sales?from=&to=&branch_id=&cashier_id=&type=&limit=`: sales the key's member may see.
#[utoipa::path(get, path = "/api/v1/sales", tag = "sales", operation_id = "list_sales",
    params(
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD"),
        ("branch_id" = Option<i64>, Query, description = "only this branch"),
        ("cashier_id" = Option<i64>, Query, description = "only this cashier"),
        ("type" = Option<String>, Query, description = "retail or wholesale"),
        ("limit" = Option<i64>, Query, description = "at most this many sales")
    ),
    responses(
        (status = 200, description = "{sales: [...]}"),
        (status = 400, description = "unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (e.g. the key's member may not do this)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn list_sales(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    filter: Result<Query<SaleFilter>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(filter) = filter.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let sales = sales::list(&state.app.db, &actor, &filter).await?;
    Ok(Json(json!({ "sales": sales })).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct ReturnBody {
    /// Lines to return; the whole rest of the receipt when absent.
    lines: Option<Vec<ReturnLine>>,
}

#[derive(Debug, Deserialize)]
struct ReturnLine {
    product_id: i64,
    qty: serde_json::Value,
}

/// `POST /api/v1/sales/{id}/return` with `{"lines": [{"product_id", "qty"}]}` or no body (all
/// that is left): refunds a receipt of the key member's branch, paid back the way it was paid.
#[utoipa::path(post, path = "/api/v1/sales/{id}/return", tag = "sales", operation_id = "return_sale",
    params(
        ("id" = i64, Path, description = "sale id")
    ),
    request_body(content = Option<String>, description = "JSON, optional: {lines: [{product_id, qty: 1.5 or '1.5'}]}; no body returns all that is left of the receipt", content_type = "application/json"),
    responses(
        (status = 201, description = "the refund, recorded as a return sale"),
        (status = 400, description = "malformed body or bad qty"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such sale in this company"),
        (status = 413, description = "request body larger than the server accepts"),
        (status = 422, description = "refused by the core (rights, another branch, more than was sold...)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn return_sale(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    axum::extract::Path(id): axum::extract::Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body: ReturnBody = if body.is_empty() {
        ReturnBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::Invalid(format!("body: {e}")))?
    };
    let lines = match body.lines {
        None => None,
        Some(lines) => {
            let mut parsed = Vec::with_capacity(lines.len());
            for (i, line) in lines.iter().enumerate() {
                parsed.push((line.product_id, qty_of(&line.qty, i)?));
            }
            Some(parsed)
        }
    };
    let refund = sales::record_return(&state.app.db, &actor, id, lines).await?;
    Ok((StatusCode::CREATED, Json(refund.sale)).into_response())
}

/// A quantity given as `"1.5"` or `1.5`: above zero, up to three decimals.
pub fn qty_of(value: &serde_json::Value, line: usize) -> Result<Qty, ApiError> {
    let text = match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    Qty::parse(&text)
        .filter(|q| q.0 > 0)
        .ok_or_else(|| ApiError::Invalid(format!("lines[{line}]: qty must be a positive number with up to 3 decimals")))
}

#[derive(Debug, Deserialize)]
pub struct SummaryQuery {
    /// `today`, `yesterday`, `week`, `month`, `last_month`, or `from` and `to`.
    period: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    branch_id: Option<i64>,
}

/// `GET /api/v1/sales/summary?period=&from=&to=&branch_id=`: the `/sales` lookup, in the
/// scope the core allows the key's member (a manager's other branch is refused).
#[utoipa::path(get, path = "/api/v1/sales/summary", tag = "sales", operation_id = "sales_summary",
    params(
        ("period" = Option<String>, Query, description = "today (default), yesterday, week, last_week, month or last_month; ignored when from and to are given"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD (with to)"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD (with from)"),
        ("branch_id" = Option<i64>, Query, description = "only this branch")
    ),
    responses(
        (status = 200, description = "totals: from, to, branch_id, cashier_id, total, receipts, returns, returned, retail, wholesale, by_payment, previous_total, top_products"),
        (status = 400, description = "unknown period or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 404, description = "no such branch in this company"),
        (status = 422, description = "refused by the core (e.g. a manager asking for another branch)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn sales_summary(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    query: Result<Query<SummaryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let period = match (q.period.as_deref(), q.from, q.to) {
        (_, Some(from), Some(to)) => Period::Range(from, to),
        (None | Some("today"), None, None) => Period::Today,
        (Some("yesterday"), None, None) => Period::Yesterday,
        (Some("week"), None, None) => Period::ThisWeek,
        (Some("month"), None, None) => Period::ThisMonth,
        (Some("last_month"), None, None) => Period::LastMonth,
        (Some("last_week"), None, None) => Period::LastWeek,
        _ => {
            return Err(ApiError::Invalid(
                "period must be today, yesterday, week, month, last_month, or from and to".into(),
            ))
        }
    };
    let (scope, s) = lookup::summary(&state.app.db, &actor, q.branch_id, period).await?;
    let by_payment: serde_json::Map<String, serde_json::Value> =
        s.by_payment.iter().map(|(p, total)| (p.as_str().to_string(), json!(total))).collect();
    Ok(Json(json!({
        "from": s.from, "to": s.to, "branch_id": scope.branch_id, "cashier_id": scope.cashier_id,
        "total": s.total, "receipts": s.receipts, "returns": s.returns, "returned": s.returned,
        "retail": s.retail, "wholesale": s.wholesale, "by_payment": by_payment, "previous_total": s.previous_total,
        "top_products": s.top_products.iter().map(|p| json!({"product_id": p.product_id, "name": p.name, "qty": p.qty, "total": p.total})).collect::<Vec<_>>(),
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    entity: Option<String>,
    id: Option<i64>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    limit: Option<i64>,
}

/// `GET /api/v1/audit?entity=&id=&from=&to=&limit=`: the activity log, newest first (admins).
/// `from` and `to` are days in the company's time zone, both included.
#[utoipa::path(get, path = "/api/v1/audit", tag = "reports", operation_id = "audit_trail",
    params(
        ("entity" = Option<String>, Query, description = "only this kind of record, e.g. sale, product, customer, purchase_order"),
        ("id" = Option<i64>, Query, description = "only this record (with entity)"),
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD, in the company's time zone"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD, included"),
        ("limit" = Option<i64>, Query, description = "at most this many entries")
    ),
    responses(
        (status = 200, description = "{entries: [...]}, newest first"),
        (status = 400, description = "unknown entity or unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (admins only)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn audit_trail(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    let entity = match q.entity.as_deref() {
        None | Some("") => None,
        Some(name) => Some(Entity::parse(name).ok_or_else(|| ApiError::Invalid(format!("unknown entity {name}")))?),
    };
    let tz = calendar::of_company(&state.app.db, actor.company_id).await?;
    let filter = audit::Filter {
        entity,
        entity_id: q.id,
        from: q.from.map(|d| tz.start_of(d)),
        to: q.to.map(|d| tz.start_of(d + chrono::Days::new(1))),
        limit: q.limit,
        ..Default::default()
    };
    let entries = audit::list(&state.app.db, &actor, &filter).await?;
    Ok(Json(json!({ "entries": entries })).into_response())
}
