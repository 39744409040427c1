//! Field agents' locations: where a sales agent was, from Telegram's live location in chat or
//! a mobile client's post (the seed's `agent-location/`: latitude, longitude, device, battery,
//! network), and where each agent was last seen.

use serde_json::Value;

use crate::db::{now, Db};
use crate::domain::actor::Actor;
use crate::domain::listing::{self, Filter, Kind, Spec};
use crate::domain::roles::Action;
use crate::domain::{Refusal, Result};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Location {
    pub id: i64,
    pub agent_code: String,
    pub agent_name: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub accuracy_m: Option<f64>,
    pub device_name: Option<String>,
    pub platform: Option<String>,
    pub battery_level: Option<i64>,
    pub network_type: Option<String>,
    pub region: Option<String>,
    pub recorded_at: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocationInput {
    pub agent_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub accuracy_m: Option<f64>,
    pub device_name: Option<String>,
    pub platform: Option<String>,
    pub battery_level: Option<f64>,
    pub network_type: Option<String>,
    pub region: Option<String>,
    /// When the device took it (Unix seconds); now when absent. A time ahead of the server's
    /// clock by more than a minute, or older than a week, is refused.
    pub recorded_at: Option<i64>,
}

const SELECT: &str = "SELECT l.id, l.agent_code, u.name AS agent_name, l.latitude, l.longitude, l.accuracy_m,
        l.device_name, l.platform, l.battery_level, l.network_type, l.region, l.recorded_at
     FROM agent_locations l LEFT JOIN users u ON u.id = l.user_id
     WHERE l.company_id = $1";

pub const SPEC: Spec = Spec {
    select: SELECT,
    count: "SELECT COUNT(*) FROM agent_locations l WHERE l.company_id = $1",
    search: &["LOWER(l.agent_code)", "LOWER(COALESCE(l.device_name, ''))", "LOWER(COALESCE(l.region, ''))"],
    fts: None,
    filters: &[
        Filter { param: "agent_code", sql: "l.agent_code", kind: Kind::Text },
        Filter { param: "region", sql: "l.region", kind: Kind::Text },
        Filter { param: "platform", sql: "l.platform", kind: Kind::Text },
        Filter { param: "network_type", sql: "l.network_type", kind: Kind::Text },
        Filter { param: "date_from", sql: "l.recorded_at", kind: Kind::From },
        Filter { param: "date_to", sql: "l.recorded_at", kind: Kind::Until },
    ],
    orderings: &[("created_at", "l.recorded_at"), ("recorded_at", "l.recorded_at"), ("agent_code", "l.agent_code")],
    default_order: "l.recorded_at DESC, l.id DESC",
    tiebreak: "l.id",
};

fn short(value: &Option<String>, field: &str) -> std::result::Result<Option<String>, Refusal> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.chars().count() > 120 => Err(Refusal::BadValue(field.into())),
        Some(s) => Ok(Some(s.to_string())),
    }
}

/// Stores one position of an agent.
pub async fn record(db: &Db, actor: &Actor, input: &LocationInput) -> Result<Location> {
    actor.require(Action::ShareLocation)?;
    let code = input.agent_code.trim();
    if code.is_empty() || code.chars().count() > 100 {
        return Err(Refusal::BadValue("agent_code".into()).into());
    }
    let (lat, lon) = (input.latitude, input.longitude);
    if !lat.is_finite() || !lon.is_finite() || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(Refusal::BadCoordinates.into());
    }
    let battery = match input.battery_level {
        Some(b) if !(0.0..=100.0).contains(&b) || !b.is_finite() => {
            return Err(Refusal::BadValue("battery_level".into()).into())
        }
        Some(b) => Some(b.round() as i64),
        None => None,
    };
    let accuracy = match input.accuracy_m {
        Some(a) if !a.is_finite() || !(0.0..=100_000.0).contains(&a) => {
            return Err(Refusal::BadValue("accuracy".into()).into())
        }
        other => other,
    };
    let at = now();
    let recorded_at = match input.recorded_at {
        Some(t) if t > at + 60 || t < at - 7 * 86_400 => return Err(Refusal::BadValue("logged_at".into()).into()),
        Some(t) => t,
        None => at,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO agent_locations (company_id, agent_code, user_id, latitude, longitude, accuracy_m, device_name,
                                      platform, battery_level, network_type, region, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(actor.company_id)
    .bind(code)
    .bind(actor.user_id)
    .bind(lat)
    .bind(lon)
    .bind(accuracy)
    .bind(short(&input.device_name, "device_name")?)
    .bind(short(&input.platform, "platform")?.map(|p| p.to_lowercase()))
    .bind(battery)
    .bind(short(&input.network_type, "network_type")?.map(|n| n.to_lowercase()))
    .bind(short(&input.region, "region")?)
    .bind(recorded_at)
    .fetch_one(&db.pool)
    .await?;
    let sql = format!("{SELECT} AND l.id = $2");
    Ok(sqlx::query_as::<_, Location>(&sql).bind(actor.company_id).bind(id).fetch_one(&db.pool).await?)
}

/// A page of positions (the seed's filters: agent, region, platform, a date range).
pub async fn list(db: &Db, actor: &Actor, query: &listing::Query) -> Result<(i64, Vec<Location>)> {
    actor.require(Action::ViewAgents)?;
    listing::list(db, actor.company_id, &SPEC, query).await
}

/// Each agent's latest position, the most recent first (at most 50 agents).
pub async fn latest(db: &Db, actor: &Actor) -> Result<Vec<Location>> {
    actor.require(Action::ViewAgents)?;
    let sql = format!(
        "{SELECT} AND l.id IN (SELECT MAX(id) FROM agent_locations WHERE company_id = $1 GROUP BY agent_code)
         ORDER BY l.recorded_at DESC LIMIT 50"
    );
    Ok(sqlx::query_as::<_, Location>(&sql).bind(actor.company_id).fetch_all(&db.pool).await?)
}

/// The agent code of a member sharing their location in chat.
pub fn chat_code(telegram_id: i64) -> String {
    format!("tg{telegram_id}")
}

/// A JSON number or numeric text as a float (the seed sends decimals as strings).
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}
