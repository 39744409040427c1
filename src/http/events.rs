//! `GET /api/v1/events`: the company's events as they happen, as Server-Sent Events (sale,
//! return, purchase, low_stock, expense.filed, expense.decided, payment.received,
//! sync.finished), each with
//! its id. A client that reconnects sends `Last-Event-ID` (or `?after=ID`) and gets what it
//! missed, in order; without either the stream starts now. Events are read from the database,
//! so a change made through any instance reaches a subscriber of any other.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::api::{ApiActor, ApiError};
use super::HttpState;
use crate::domain::actor::Actor;
use crate::domain::events;
use crate::domain::roles::Action;

/// How often an idle stream looks for new events.
const POLL: Duration = Duration::from_millis(250);
const PAGE: i64 = 200;

pub fn router() -> Router<HttpState> {
    Router::new().route("/api/v1/events", get(stream))
}

#[derive(Debug, Deserialize)]
pub struct Params {
    after: Option<i64>,
}

/// `GET /api/v1/events`: the company's events as Server-Sent Events, resumable by id.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", operation_id = "events_stream",
    params(
        ("after" = Option<i64>, Query, description = "send the events after this id (Last-Event-ID wins); without either the stream starts now"),
        ("Last-Event-ID" = Option<i64>, Header, description = "the last event id received, sent by a reconnecting client")
    ),
    responses(
        (status = 200, description = "an endless stream: sale, return, purchase, low_stock, expense.filed, expense.decided, payment.received, sync.finished, each with its id; keep-alive every 15 s", content_type = "text/event-stream"),
        (status = 400, description = "unreadable query"),
        (status = 401, description = "no or unknown API key"),
        (status = 422, description = "refused by the core (the member may not view events)"),
        (status = 429, description = "rate limit exceeded; wait Retry-After seconds"),
        (status = 500, description = "internal error")
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn stream(
    State(state): State<HttpState>,
    ApiActor(actor): ApiActor,
    headers: HeaderMap,
    query: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = query.map_err(|e| ApiError::Invalid(e.body_text()))?;
    actor.require(Action::ViewEvents)?;
    let resume = headers.get("Last-Event-ID").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok());
    let db = state.app.db.clone();
    let after = match resume.or(params.after) {
        Some(id) => id,
        None => events::last_id(&db, actor.company_id).await?,
    };
    let start = Cursor { db, actor, after, pending: VecDeque::new() };
    let stream = futures::stream::unfold(start, next);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response())
}

struct Cursor {
    db: crate::db::Db,
    actor: Actor,
    after: i64,
    pending: VecDeque<events::Logged>,
}

/// The next event, waiting for one when there is none yet.
async fn next(mut cursor: Cursor) -> Option<(Result<Event, Infallible>, Cursor)> {
    loop {
        if let Some(logged) = cursor.pending.pop_front() {
            cursor.after = logged.id;
            let event = Event::default().id(logged.id.to_string()).event(logged.kind).data(logged.data);
            return Some((Ok(event), cursor));
        }
        match events::since(&cursor.db, &cursor.actor, cursor.after, PAGE).await {
            Ok(found) if !found.is_empty() => cursor.pending.extend(found),
            Ok(_) => tokio::time::sleep(POLL).await,
            Err(e) => {
                // A refusal ends the stream; a database hiccup waits.
                if matches!(e, crate::domain::Error::Refused(_)) {
                    return None;
                }
                tracing::warn!(error = %e, "live events: reading failed; retrying");
                tokio::time::sleep(POLL * 4).await;
            }
        }
    }
}
