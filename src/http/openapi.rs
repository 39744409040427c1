//! The OpenAPI 3.1 document of every `/api` route, generated from the handlers' annotations
//! (`utoipa`), at `/api/openapi.json`, and Swagger UI at `/api/docs` served from the binary
//! (its files are vendored into the build: nothing is fetched at build or run time).
//! `tests/openapi.rs` fails when a route in the router is missing here.

use axum::Router;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::HttpState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Savdo API",
        description = "Savdo's HTTP API: the seed E-Catalog's catalogue routes (JWT, DRF-shaped lists and errors), \
                       sales, reports, customers, exports, payments and the rest. Money is integer tiyin \
                       (1 so'm = 100 tiyin) unless a field says otherwise.",
        license(name = "Proprietary")
    ),
    paths(
        super::auth::obtain,
        super::auth::refresh,
        super::auth::verify,
        super::auth::blacklist,
        super::catalogue::nomenklatura::list,
        super::catalogue::nomenklatura::create,
        super::catalogue::nomenklatura::retrieve,
        super::catalogue::nomenklatura::update,
        super::catalogue::nomenklatura::partial_update,
        super::catalogue::nomenklatura::destroy,
        super::catalogue::clients::list,
        super::catalogue::clients::create,
        super::catalogue::clients::retrieve,
        super::catalogue::clients::update,
        super::catalogue::clients::partial_update,
        super::catalogue::clients::destroy,
        super::catalogue::projects::list,
        super::catalogue::projects::create,
        super::catalogue::projects::retrieve,
        super::catalogue::projects::update,
        super::catalogue::projects::partial_update,
        super::catalogue::projects::destroy,
        super::catalogue::files::upload_nomenklatura,
        super::catalogue::files::upload_client,
        super::catalogue::files::upload_project,
        super::catalogue::files::remove_nomenklatura_image,
        super::catalogue::files::remove_client_image,
        super::catalogue::files::remove_project_image,
        super::catalogue::files::picture,
        super::catalogue::files::feed,
        super::catalogue::files::feed_projects,
        super::catalogue::files::feed_clients,
        super::catalogue::files::feed_nomenklatura,
        super::catalogue::files::export_nomenklatura,
        super::catalogue::files::template_nomenklatura,
        super::catalogue::files::import_nomenklatura,
        super::catalogue::files::export_clients,
        super::catalogue::files::template_clients,
        super::catalogue::files::import_clients,
        super::catalogue::files::export_projects,
        super::catalogue::files::template_projects,
        super::catalogue::files::import_projects,
        super::catalogue::agents::create,
        super::onec::exchange,
        super::onec::exchange_file,
        super::onec::list_integrations,
        super::onec::add_integration,
        super::onec::sync_nomenklatura,
        super::onec::sync_clients,
        super::onec::sync_status,
        super::catalogue::agents::list,
        super::api::ask,
        super::api::forecast,
        super::api::report,
        super::api::create_sale,
        super::api::list_sales,
        super::api::return_sale,
        super::api::sales_summary,
        super::api::audit_trail,
        super::admin::list,
        super::admin::one,
        super::admin::update,
        super::admin::block,
        super::admin::unblock,
        super::admin::top_up,
        super::admin::users,
        super::admin::transfer,
        super::customers::find,
        super::customers::add,
        super::customers::one,
        super::customers::update,
        super::customers::pay,
        super::customers::debts,
        super::events::stream,
        super::exports::export,
        super::invoices::issue,
        super::orders::list,
        super::orders::create,
        super::orders::one,
        super::orders::send,
        super::orders::cancel,
        super::orders::receive,
        super::payments::payment_link,
        super::regos::sync_now,
        super::regos::syncs,
        super::scans::text,
        super::scans::invoice,
        super::scans::batch,
        super::scans::one,
        super::scans::original,
        super::scans::export,
        super::simcards::statistics,
        super::simcards::list,
        super::simcards::bulk,
        super::simcards::assign,
        super::simcards::check_one,
        super::simcards::auto_check,
        super::simcards::changes,
        super::tax::send_all,
        super::tax::submissions,
        super::simcards::shops,
    ),
    modifiers(&Security),
    tags(
        (name = "auth", description = "JSON Web Tokens for API users (SimpleJWT's shape)"),
        (name = "1c", description = "1C:Enterprise: the CommerceML exchange 1C pushes, and pull-style syncs from a 1C HTTP service"),
        (name = "catalogue", description = "The seed E-Catalog's routes: nomenklatura, clients, projects, pictures, sheets"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from POST /api/token/"))
                    .build(),
            ),
        );
        components
            .add_security_scheme("api_key", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))));
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some("An API user's username and password (1C's exchange checkauth)"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "operator_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The service operators' key (SAVDO_OPERATOR_KEY)"))
                    .build(),
            ),
        );
    }
}

/// The document as served (also what the tests and the schemathesis run read).
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn router() -> Router<HttpState> {
    // No validator: Swagger UI would otherwise send the document's address to swagger.io.
    let config = utoipa_swagger_ui::Config::default().validator_url("none");
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", document()).config(config))
}
