//! The catalogue's files: pictures (`/api/v1/{nomenklatura,client,project}-image/`, the
//! seed's thumbnail feeds, and the picture itself with caching headers) and sheets
//! (`export-xlsx/`, `template-xlsx/`, `import-xlsx/` per entity).

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{iso, list_query, Detail};
use crate::domain::catalogue::{self, Outcome, Sheet};
use crate::domain::images::{self, Feed, Image, Owner, Size};
use crate::domain::{import, Refusal};
use crate::http::drf::{Caller, DrfError, PageQuery};
use crate::http::HttpState;
use crate::i18n::t;

const IMAGE_BODY: usize = images::MAX_BYTES + 64 * 1024;
const SHEET_BODY: usize = import::MAX_BYTES + 64 * 1024;

pub fn router() -> Router<HttpState> {
    let image = DefaultBodyLimit::max(IMAGE_BODY);
    let sheet = DefaultBodyLimit::max(SHEET_BODY);
    Router::new()
        .route("/api/v1/images/{id}/{key}/{size}", get(picture))
        .route("/api/v1/thumbnails/", get(feed))
        .route("/api/v1/thumbnails/projects/", get(feed_projects))
        .route("/api/v1/thumbnails/clients/", get(feed_clients))
        .route("/api/v1/thumbnails/nomenklatura/", get(feed_nomenklatura))
        .route("/api/v1/nomenklatura-image/", post(upload_nomenklatura).layer(image))
        .route("/api/v1/client-image/", post(upload_client).layer(image))
        .route("/api/v1/project-image/", post(upload_project).layer(image))
        .route("/api/v1/nomenklatura-image/{id}/", delete(remove_nomenklatura_image))
        .route("/api/v1/client-image/{id}/", delete(remove_client_image))
        .route("/api/v1/project-image/{id}/", delete(remove_project_image))
        .route("/api/v1/nomenklatura/export-xlsx/", get(export_nomenklatura))
        .route("/api/v1/nomenklatura/template-xlsx/", get(template_nomenklatura))
        .route("/api/v1/nomenklatura/import-xlsx/", post(import_nomenklatura).layer(sheet))
        .route("/api/v1/client/export-xlsx/", get(export_clients))
        .route("/api/v1/client/template-xlsx/", get(template_clients))
        .route("/api/v1/client/import-xlsx/", post(import_clients).layer(sheet))
        .route("/api/v1/project/export-xlsx/", get(export_projects))
        .route("/api/v1/project/template-xlsx/", get(template_projects))
        .route("/api/v1/project/import-xlsx/", post(import_projects).layer(sheet))
}

/// A picture as the seed's serializers show it. Two thumbnails are made: 150 px square
/// (`image_thumbnail_url`, also `image_sm_url`) and 600 px (`image_md_url`); `image_lg_url` is
/// the original.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ImageRef {
    pub id: i64,
    pub image_url: String,
    pub image_sm_url: String,
    pub image_md_url: String,
    pub image_lg_url: String,
    pub image_thumbnail_url: String,
    pub is_main: bool,
    /// ready (thumbnails made) or failed.
    pub status: String,
    pub width: i64,
    pub height: i64,
    pub created_at: String,
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

fn image_ref(base: &str, caller: &Caller, i: &Image) -> ImageRef {
    let url = |size: &str| format!("{base}/api/v1/images/{}/{}/{size}", i.id, i.key());
    ImageRef {
        id: i.id,
        image_url: url("original"),
        image_sm_url: url("thumbnail"),
        image_md_url: url("md"),
        image_lg_url: url("original"),
        image_thumbnail_url: url("thumbnail"),
        is_main: i.is_main == 1,
        status: i.status.clone(),
        width: i.width,
        height: i.height,
        created_at: iso(super::zone(caller), i.created_at),
    }
}

/// The pictures of these entities by id, for the entity lists.
pub async fn images_of(
    headers: &HeaderMap,
    state: &HttpState,
    caller: &Caller,
    owner: Owner,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<ImageRef>>, DrfError> {
    let found = images::of(&state.app.db, &caller.actor, owner, ids)
        .await
        .map_err(|e| DrfError::from_core(caller.lang, e, crate::http::drf::no_field))?;
    let base = base_url(headers);
    Ok(found.into_iter().map(|(id, list)| (id, list.iter().map(|i| image_ref(&base, caller, i)).collect())).collect())
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImageUpload {
    /// The owner's 1C code (also accepted as `nomenklatura`, `client` or `project`).
    code_1c: String,
    /// JPEG, PNG, TIFF or WebP, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    image: Vec<u8>,
    /// true to make it the main picture (the first one always is).
    is_main: Option<bool>,
}

async fn upload(
    state: HttpState,
    caller: Caller,
    headers: HeaderMap,
    owner: Owner,
    mut multipart: Multipart,
) -> Result<Response, DrfError> {
    let (mut code, mut bytes, mut main) = (None, None, false);
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "image" | "file" | "images" => bytes = Some(field.bytes().await.map_err(multipart_error)?.to_vec()),
            "code_1c" | "client_code_1c" | "nomenklatura" | "client" | "project" => {
                code = Some(field.text().await.map_err(multipart_error)?)
            }
            "is_main" => main = matches!(field.text().await.map_err(multipart_error)?.trim(), "true" | "1" | "yes"),
            _ => {}
        }
    }
    let code =
        code.filter(|c| !c.trim().is_empty()).ok_or_else(|| DrfError::field("code_1c", "This field is required."))?;
    let bytes = bytes.ok_or_else(|| DrfError::field("image", "No file was submitted."))?;
    let image = images::add(&state.app.db, &caller.actor, owner, &code, bytes, main).await.map_err(|e| {
        DrfError::from_core(caller.lang, e, |r| match r {
            Refusal::FileFormat | Refusal::FileUnreadable | Refusal::ImageTooLarge => Some("image"),
            _ => None,
        })
    })?;
    Ok((StatusCode::CREATED, Json(image_ref(&base_url(&headers), &caller, &image))).into_response())
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> DrfError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        DrfError::TooLarge
    } else {
        DrfError::field("non_field_errors", e.body_text())
    }
}

macro_rules! upload_route {
    ($name:ident, $path:literal, $owner:expr) => {
        #[utoipa::path(post, path = $path, tag = "catalogue",
            request_body(content = ImageUpload, content_type = "multipart/form-data"),
            responses((status = 201, body = ImageRef), (status = 400, description = "`{\"field\": [\"message\"]}`"),
                (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail),
                (status = 413, body = Detail), (status = 429, body = Detail)),
            security(("bearer" = []), ("api_key" = [])))]
        pub async fn $name(
            State(state): State<HttpState>,
            caller: Caller,
            headers: HeaderMap,
            multipart: Multipart,
        ) -> Result<Response, DrfError> {
            upload(state, caller, headers, $owner, multipart).await
        }
    };
}

upload_route!(upload_nomenklatura, "/api/v1/nomenklatura-image/", Owner::Nomenklatura);
upload_route!(upload_client, "/api/v1/client-image/", Owner::Client);
upload_route!(upload_project, "/api/v1/project-image/", Owner::Project);

macro_rules! remove_route {
    ($name:ident, $path:literal) => {
        /// Removes a picture; when it was the main one, the newest other becomes main.
        #[utoipa::path(delete, path = $path, tag = "catalogue",
            params(("id" = i64, Path)),
            responses((status = 204), (status = 401, body = Detail), (status = 403, body = Detail), (status = 404, body = Detail),
                (status = 429, body = Detail)),
            security(("bearer" = []), ("api_key" = [])))]
        pub async fn $name(state: State<HttpState>, caller: Caller, id: Path<String>) -> Result<StatusCode, DrfError> {
            remove_image(state, caller, id).await
        }
    };
}

remove_route!(remove_nomenklatura_image, "/api/v1/nomenklatura-image/{id}/");
remove_route!(remove_client_image, "/api/v1/client-image/{id}/");
remove_route!(remove_project_image, "/api/v1/project-image/{id}/");

/// A record's id from a path: anything that is not one names nothing (DRF's 404).
fn object_id(raw: &str) -> Result<i64, DrfError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(DrfError::NotFound)
}

async fn remove_image(
    State(state): State<HttpState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, DrfError> {
    images::remove(&state.app.db, &caller.actor, object_id(&id)?)
        .await
        .map_err(|e| DrfError::from_core(caller.lang, e, crate::http::drf::no_field))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The picture (`original`, `md` 600 px, `thumbnail` 150 px). The address is the permission:
/// it carries part of the picture's digest, and what it serves never changes, so clients and
/// proxies may keep it for a year.
#[utoipa::path(get, path = "/api/v1/images/{id}/{key}/{size}", tag = "catalogue",
    params(("id" = i64, Path), ("key" = String, Path, description = "from the image's URL"),
        ("size" = String, Path, description = "original, md or thumbnail")),
    responses((status = 200, description = "the picture", content_type = "image/jpeg"), (status = 304),
        (status = 404, body = Detail), (status = 429, body = Detail)))]
pub async fn picture(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Path((id, key, size)): Path<(String, String, String)>,
) -> Result<Response, DrfError> {
    let id = object_id(&id)?;
    let size = Size::parse(&size).ok_or(DrfError::NotFound)?;
    let found = images::bytes(&state.app.db, id, &key, size)
        .await
        .map_err(|e| DrfError::from_core(crate::i18n::Lang::En, e, crate::http::drf::no_field))?;
    let (kind, bytes, sha) = found.ok_or(DrfError::NotFound)?;
    let etag = format!("\"{}-{:?}\"", &sha[..32.min(sha.len())], size);
    let cache =
        [(header::ETAG, etag.clone()), (header::CACHE_CONTROL, "public, max-age=31536000, immutable".to_string())];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((cache, [(header::CONTENT_TYPE, kind)], bytes).into_response())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// project, client, nomenklatura, separated by commas (all when absent); the feed only.
    entity_type: Option<String>,
    /// 1, true or yes: main pictures only; anything else: the others.
    is_main: Option<String>,
    /// ready or failed.
    status: Option<String>,
    /// The owner's 1C code.
    code_1c: Option<String>,
    client_code_1c: Option<String>,
    /// How many (default 60, at most 200).
    limit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Thumbnail {
    entity_type: String,
    entity_id: i64,
    code_1c: String,
    entity_name: String,
    image_id: i64,
    thumbnail_url: String,
    thumbnail_dimensions: Dimensions,
    original_dimensions: Dimensions,
    is_main: bool,
    status_code: String,
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct Dimensions {
    width: i64,
    height: i64,
    format: String,
    size_bytes: i64,
    size: String,
}

#[derive(Serialize, ToSchema)]
pub struct Sizes {
    thumbnail: SizeTotal,
    original: SizeTotal,
}

#[derive(Serialize, ToSchema)]
pub struct SizeTotal {
    size_bytes: i64,
    size: String,
}

#[derive(Serialize, ToSchema)]
pub struct Thumbnails {
    results: Vec<Thumbnail>,
    total_count: usize,
    total_size: Sizes,
}

/// `"1.21 KB"` as the seed writes sizes.
fn human(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.2} MB", b as f64 / 1048576.0),
        b if b >= 1 << 10 => format!("{:.2} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

async fn thumbnails(
    state: HttpState,
    caller: Caller,
    headers: HeaderMap,
    q: FeedQuery,
    only: Option<Owner>,
) -> Result<Json<Thumbnails>, DrfError> {
    let owners = match (only, q.entity_type.as_deref()) {
        (Some(owner), _) => vec![owner],
        (None, Some(list)) => {
            let chosen: Vec<Owner> = list.split(',').filter_map(Owner::parse).collect();
            if chosen.is_empty() {
                Owner::ALL.to_vec()
            } else {
                chosen
            }
        }
        (None, None) => Owner::ALL.to_vec(),
    };
    let feed = Feed {
        owners,
        is_main: q.is_main.as_deref().map(|v| matches!(v.trim().to_lowercase().as_str(), "1" | "true" | "yes")),
        status: q.status.filter(|s| !s.is_empty()),
        code_1c: q.code_1c.or(q.client_code_1c).filter(|c| !c.is_empty()),
        limit: q.limit.and_then(|l| l.trim().parse::<i64>().ok()).filter(|l| *l >= 1).unwrap_or(60).min(200),
    };
    let found = images::feed(&state.app.db, &caller.actor, &feed)
        .await
        .map_err(|e| DrfError::from_core(caller.lang, e, crate::http::drf::no_field))?;
    let base = base_url(&headers);
    let tz = super::zone(&caller);
    let (mut small_total, mut original_total) = (0, 0);
    let results: Vec<Thumbnail> = found
        .iter()
        .map(|i| {
            small_total += i.small_bytes;
            original_total += i.original_bytes;
            let (tw, th) = (images::SMALL_PX as i64, images::SMALL_PX as i64);
            Thumbnail {
                entity_type: i.entity_type.clone(),
                entity_id: i.entity_id,
                code_1c: i.code_1c.clone(),
                entity_name: i.entity_name.clone(),
                image_id: i.id,
                thumbnail_url: format!("{base}/api/v1/images/{}/{}/thumbnail", i.id, i.key()),
                thumbnail_dimensions: Dimensions {
                    width: tw,
                    height: th,
                    format: "JPEG".into(),
                    size_bytes: i.small_bytes,
                    size: human(i.small_bytes),
                },
                original_dimensions: Dimensions {
                    width: i.width,
                    height: i.height,
                    format: i.content_type.trim_start_matches("image/").to_uppercase(),
                    size_bytes: i.original_bytes,
                    size: human(i.original_bytes),
                },
                is_main: i.is_main == 1,
                status_code: i.status.clone(),
                created_at: iso(tz, i.created_at),
            }
        })
        .collect();
    Ok(Json(Thumbnails {
        total_count: results.len(),
        results,
        total_size: Sizes {
            thumbnail: SizeTotal { size_bytes: small_total, size: human(small_total) },
            original: SizeTotal { size_bytes: original_total, size: human(original_total) },
        },
    }))
}

macro_rules! feed_route {
    ($name:ident, $path:literal, $only:expr) => {
        #[utoipa::path(get, path = $path, tag = "catalogue", params(FeedQuery),
            responses((status = 200, body = Thumbnails), (status = 401, body = Detail), (status = 403, body = Detail),
                (status = 429, body = Detail)),
            security(("bearer" = []), ("api_key" = [])))]
        pub async fn $name(
            State(state): State<HttpState>,
            caller: Caller,
            headers: HeaderMap,
            Query(q): Query<FeedQuery>,
        ) -> Result<Json<Thumbnails>, DrfError> {
            thumbnails(state, caller, headers, q, $only).await
        }
    };
}

feed_route!(feed, "/api/v1/thumbnails/", None);
feed_route!(feed_projects, "/api/v1/thumbnails/projects/", Some(Owner::Project));
feed_route!(feed_clients, "/api/v1/thumbnails/clients/", Some(Owner::Client));
feed_route!(feed_nomenklatura, "/api/v1/thumbnails/nomenklatura/", Some(Owner::Nomenklatura));

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn workbook_response(name: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, XLSX.to_string()), (header::CONTENT_DISPOSITION, disposition)], Body::from(bytes))
        .into_response()
}

macro_rules! sheet_routes {
    ($sheet:expr, $export:ident, $export_path:literal, $template:ident, $template_path:literal, $import:ident, $import_path:literal) => {
        /// The list's rows as a sheet (the list's search, filters and ordering apply).
        #[utoipa::path(get, path = $export_path, tag = "catalogue",
            params(("search" = Option<String>, Query), ("ordering" = Option<String>, Query)),
            responses((status = 200, description = "the sheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (status = 400, description = "a filter's value is not valid"),
                (status = 401, body = Detail), (status = 403, body = Detail), (status = 429, body = Detail)),
            security(("bearer" = []), ("api_key" = [])))]
        pub async fn $export(state: State<HttpState>, caller: Caller, params: Query<Vec<(String, String)>>) -> Result<Response, DrfError> {
            export_sheet(state, caller, $sheet, params).await
        }

        /// The columns and an example row.
        #[utoipa::path(get, path = $template_path, tag = "catalogue",
            responses((status = 200, description = "the sheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (status = 401, body = Detail), (status = 429, body = Detail)),
            security(("bearer" = []), ("api_key" = [])))]
        pub async fn $template(caller: Caller) -> Result<Response, DrfError> {
            template_sheet(caller, $sheet).await
        }

        /// Every row saved (200) or none (400, with each row's errors).
        #[utoipa::path(post, path = $import_path, tag = "catalogue",
            request_body(content = SheetUpload, content_type = "multipart/form-data"),
            responses((status = 200, body = ImportResult), (status = 400, body = ImportResult, description = "nothing saved; every error listed"),
                (status = 401, body = Detail), (status = 403, body = Detail), (status = 413, body = Detail), (status = 429, body = Detail)),
            security(("bearer" = []), ("api_key" = [])))]
        pub async fn $import(state: State<HttpState>, caller: Caller, multipart: Multipart) -> Result<Response, DrfError> {
            import_sheet(state, caller, $sheet, multipart).await
        }
    };
}

sheet_routes!(
    Sheet::Nomenklatura,
    export_nomenklatura,
    "/api/v1/nomenklatura/export-xlsx/",
    template_nomenklatura,
    "/api/v1/nomenklatura/template-xlsx/",
    import_nomenklatura,
    "/api/v1/nomenklatura/import-xlsx/"
);
sheet_routes!(
    Sheet::Clients,
    export_clients,
    "/api/v1/client/export-xlsx/",
    template_clients,
    "/api/v1/client/template-xlsx/",
    import_clients,
    "/api/v1/client/import-xlsx/"
);
sheet_routes!(
    Sheet::Projects,
    export_projects,
    "/api/v1/project/export-xlsx/",
    template_projects,
    "/api/v1/project/template-xlsx/",
    import_projects,
    "/api/v1/project/import-xlsx/"
);

/// The export: every row the list's filters find, written a thousand at a time into a
/// workbook that keeps only the current row in memory, then sent from its file.
async fn export_sheet(
    State(state): State<HttpState>,
    caller: Caller,
    sheet: Sheet,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, DrfError> {
    let (query, _) = list_query(&params, &PageQuery::default())?;
    let path = tempfile::NamedTempFile::new().map_err(|e| DrfError::Internal(e.into()))?.into_temp_path();
    let mut book = rust_xlsxwriter::Workbook::new();
    let page = book.add_worksheet_with_constant_memory().map_err(|e| DrfError::Internal(e.into()))?;
    for (c, name) in sheet.columns().iter().enumerate() {
        page.write_string(0, c as u16, *name).map_err(|e| DrfError::Internal(e.into()))?;
    }
    let mut row = 1u32;
    catalogue::export(&state.app.db, &caller.actor, sheet, &query, |rows| {
        for cells in rows {
            for (c, text) in cells.iter().enumerate() {
                page.write_string(row, c as u16, text).map_err(anyhow::Error::from)?;
            }
            row += 1;
        }
        Ok(())
    })
    .await
    .map_err(|e| DrfError::from_core(caller.lang, e, crate::http::drf::no_field))?;
    book.save(&path).map_err(|e| DrfError::Internal(e.into()))?;
    let file = tokio::fs::File::open(&path).await.map_err(|e| DrfError::Internal(e.into()))?;
    // The file is removed once open: its bytes stay readable until the stream ends.
    drop(path);
    let stream = file_chunks(file);
    let disposition = format!("attachment; filename=\"{}.xlsx\"", sheet.file_name());
    Ok((
        [(header::CONTENT_TYPE, XLSX.to_string()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from_stream(stream),
    )
        .into_response())
}

/// A file as a stream of body chunks.
fn file_chunks(file: tokio::fs::File) -> impl futures::Stream<Item = std::io::Result<axum::body::Bytes>> {
    use tokio::io::AsyncReadExt;
    futures::stream::unfold(file, |mut file| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    })
}

async fn template_sheet(_caller: Caller, sheet: Sheet) -> Result<Response, DrfError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let page = book.add_worksheet();
    for (c, name) in sheet.columns().iter().enumerate() {
        page.write_string(0, c as u16, *name).map_err(|e| DrfError::Internal(e.into()))?;
    }
    for (c, value) in sheet.example().iter().enumerate() {
        page.write_string(1, c as u16, *value).map_err(|e| DrfError::Internal(e.into()))?;
    }
    let bytes = book.save_to_buffer().map_err(|e| DrfError::Internal(e.into()))?;
    Ok(workbook_response(&format!("{}_template.xlsx", sheet.file_name()), bytes))
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    created: usize,
    updated: usize,
    errors: Vec<ImportError>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportError {
    row: usize,
    field: String,
    message: String,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SheetUpload {
    /// An XLSX (or CSV) file with a header row.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// What an import did, in the reader's language.
pub fn import_result(lang: crate::i18n::Lang, outcome: Outcome) -> ImportResult {
    ImportResult {
        created: outcome.created,
        updated: outcome.updated,
        errors: outcome
            .errors
            .into_iter()
            .map(|e| ImportError { row: e.row, field: e.field, message: t(lang, e.refusal.message_key()) })
            .collect(),
    }
}

async fn import_sheet(
    State(state): State<HttpState>,
    caller: Caller,
    sheet: Sheet,
    mut multipart: Multipart,
) -> Result<Response, DrfError> {
    // Every 400 of an import has the result's shape: the file's own problem is row 0's.
    let refused = |message: String| {
        let errors = vec![ImportError { row: 0, field: "file".into(), message }];
        (StatusCode::BAD_REQUEST, Json(ImportResult { created: 0, updated: 0, errors })).into_response()
    };
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(DrfError::TooLarge),
            Err(e) => return Ok(refused(e.body_text())),
        };
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("import.xlsx").to_string();
            match field.bytes().await {
                Ok(bytes) => file = Some((name, bytes)),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(DrfError::TooLarge),
                Err(e) => return Ok(refused(e.body_text())),
            }
        }
    }
    let Some((name, bytes)) = file else { return Ok(refused(t(caller.lang, "err-sheet-missing"))) };
    let Ok(table) = import::read_table(&name, &bytes) else {
        return Ok(refused(t(caller.lang, "err-sheet-unreadable")));
    };
    let outcome = catalogue::import(&state.app.db, &caller.actor, sheet, table)
        .await
        .map_err(|e| DrfError::from_core(caller.lang, e, crate::http::drf::no_field))?;
    let status = if outcome.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok((status, Json(import_result(caller.lang, outcome))).into_response())
}
