//! A DEVELOPMENT STAND-IN for a 1C base's HTTP service (`savdo dev-onec`): serves CommerceML
//! `import.xml`, `offers.xml` and `clients.xml` — the sample files shaped as 1C 8.3 writes them,
//! or the files of `--dir` (a real 1C export) — for Savdo's pull-style sync
//! (`POST /api/v1/integration/` with its address). It is not 1C.

use std::path::PathBuf;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub const LABEL: &str = "DEVELOPMENT stand-in for a 1C HTTP service (not 1C)";

const SAMPLES: [(&str, &str); 3] = [
    ("import.xml", include_str!("../tests/fixtures/commerceml/import.xml")),
    ("offers.xml", include_str!("../tests/fixtures/commerceml/offers.xml")),
    ("clients.xml", include_str!("../tests/fixtures/commerceml/clients.xml")),
];

pub fn router(dir: Option<PathBuf>) -> Router {
    Router::new().route("/", get(|| async { LABEL })).route("/{file}", get(file)).with_state(dir)
}

pub async fn serve(listener: tokio::net::TcpListener, dir: Option<PathBuf>) -> std::io::Result<()> {
    axum::serve(listener, router(dir)).await
}

async fn file(State(dir): State<Option<PathBuf>>, Path(name): Path<String>) -> Response {
    let Some((_, sample)) = SAMPLES.iter().find(|(n, _)| *n == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = match &dir {
        Some(dir) => match tokio::fs::read(dir.join(&name)).await {
            Ok(bytes) => bytes,
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        },
        None => sample.as_bytes().to_vec(),
    };
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], body).into_response()
}
