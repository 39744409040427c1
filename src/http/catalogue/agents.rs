//! `/api/v1/agent-location/`: a mobile client posts where its agent is; managers list the
//! positions with the seed's filters (agent, region, platform, a date range).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{iso, list_query, Detail, Fields};
use crate::domain::agents::{self, Location, LocationInput};
use crate::domain::Refusal;
use crate::http::drf::{json_body, Caller, DrfError, PageQuery, Paginated};
use crate::http::HttpState;

pub fn router() -> Router<HttpState> {
    Router::new().route("/api/v1/agent-location/", get(list).post(create))
}

/// A position as the seed's serializer shows it (coordinates as decimal strings).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgentLocation {
    pub id: i64,
    pub agent_code: String,
    pub agent_name: Option<String>,
    pub latitude: String,
    pub longitude: String,
    pub accuracy: Option<String>,
    pub device_name: Option<String>,
    pub platform: Option<String>,
    pub battery_level: Option<String>,
    pub network_type: Option<String>,
    pub region: Option<String>,
    pub logged_at: String,
    pub created_at: String,
    pub is_active: bool,
    pub is_deleted: bool,
}

#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct AgentLocationInput {
    agent_code: String,
    /// -90 to 90, a number or decimal text.
    latitude: String,
    /// -180 to 180.
    longitude: String,
    accuracy: Option<String>,
    device_name: Option<String>,
    /// android, ios, web …
    platform: Option<String>,
    /// 0 to 100.
    battery_level: Option<String>,
    /// wifi, 4g, 3g …
    network_type: Option<String>,
    region: Option<String>,
    /// When the device took it (RFC 3339); now when absent.
    logged_at: Option<String>,
}

pub fn view(caller: &Caller, l: Location) -> AgentLocation {
    let tz = super::zone(caller);
    AgentLocation {
        id: l.id,
        agent_code: l.agent_code,
        agent_name: l.agent_name,
        latitude: format!("{:.6}", l.latitude),
        longitude: format!("{:.6}", l.longitude),
        accuracy: l.accuracy_m.map(|a| format!("{a:.2}")),
        device_name: l.device_name,
        platform: l.platform,
        battery_level: l.battery_level.map(|b| format!("{b}.0")),
        network_type: l.network_type,
        region: l.region,
        logged_at: iso(tz, l.recorded_at),
        created_at: iso(tz, l.recorded_at),
        is_active: true,
        is_deleted: false,
    }
}

fn field_of(refusal: &Refusal) -> Option<&'static str> {
    match refusal {
        Refusal::BadCoordinates => Some("latitude"),
        _ => None,
    }
}

fn input(body: Value) -> Result<LocationInput, DrfError> {
    let map = body.as_object().cloned().unwrap_or_default();
    let mut f = Fields::new(body)?;
    let coordinate = |name: &str, f: &mut Fields| -> Option<f64> {
        match map.get(name) {
            None => {
                f.required_text(name, true);
                None
            }
            Some(v) => match agents::number(v) {
                Some(n) => Some(n),
                None => {
                    f.fail_with(name, "A valid number is required.");
                    None
                }
            },
        }
    };
    let latitude = coordinate("latitude", &mut f);
    let longitude = coordinate("longitude", &mut f);
    let optional = |name: &str, f: &mut Fields| -> Option<f64> {
        match map.get(name) {
            None | Some(Value::Null) => None,
            Some(v) => match agents::number(v) {
                Some(n) => Some(n),
                None => {
                    f.fail_with(name, "A valid number is required.");
                    None
                }
            },
        }
    };
    let accuracy_m = optional("accuracy", &mut f);
    let battery_level = optional("battery_level", &mut f);
    let recorded_at = match f.text("logged_at").flatten() {
        None => None,
        Some(t) => match chrono::DateTime::parse_from_rfc3339(t.trim()) {
            Ok(at) => Some(at.timestamp()),
            Err(_) => {
                f.fail_with("logged_at", "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].");
                None
            }
        },
    };
    let input = LocationInput {
        agent_code: f.required_text("agent_code", true).unwrap_or_default(),
        latitude: latitude.unwrap_or_default(),
        longitude: longitude.unwrap_or_default(),
        accuracy_m,
        device_name: f.text("device_name").flatten(),
        platform: f.text("platform").flatten(),
        battery_level,
        network_type: f.text("network_type").flatten(),
        region: f.text("region").flatten(),
        recorded_at,
    };
    f.finish()?;
    Ok(input)
}

#[utoipa::path(post, path = "/api/v1/agent-location/", operation_id = "agent_location_create", tag = "catalogue", request_body = AgentLocationInput,
    responses((status = 201, body = AgentLocation), (status = 400, description = "`{\"field\": [\"message\"]}`"),
        (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
    security(("bearer" = []), ("api_key" = [])))]
pub async fn create(
    State(state): State<HttpState>,
    caller: Caller,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, DrfError> {
    let input = input(json_body(body)?)?;
    let saved = agents::record(&state.app.db, &caller.actor, &input)
        .await
        .map_err(|e| DrfError::from_core(caller.lang, e, field_of))?;
    Ok((StatusCode::CREATED, Json(view(&caller, saved))).into_response())
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PaginatedLocations {
    count: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<AgentLocation>,
}

#[utoipa::path(get, path = "/api/v1/agent-location/", operation_id = "agent_location_list", tag = "catalogue",
    params(PageQuery,
        ("agent_code" = Option<String>, Query), ("region" = Option<String>, Query), ("platform" = Option<String>, Query),
        ("network_type" = Option<String>, Query),
        ("date_from" = Option<String>, Query, description = "YYYY-MM-DD or RFC 3339, inclusive"),
        ("date_to" = Option<String>, Query, description = "YYYY-MM-DD (the whole day) or RFC 3339"),
        ("search" = Option<String>, Query), ("ordering" = Option<String>, Query, description = "created_at, agent_code; `-` for descending")),
    responses((status = 200, body = inline(PaginatedLocations)), (status = 400, description = "a filter's value is not valid"),
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
) -> Result<Json<Paginated<AgentLocation>>, DrfError> {
    let (query, style) = list_query(&params, &page)?;
    let (count, found) = agents::list(&state.app.db, &caller.actor, &query)
        .await
        .map_err(|e| DrfError::from_core(caller.lang, e, field_of))?;
    let results = found.into_iter().map(|l| view(&caller, l)).collect();
    Ok(Json(Paginated::new(&uri, &headers, (query.page, style), count, results)?))
}
