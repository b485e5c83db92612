//! The OpenAPI document, and Swagger UI (vendored into the binary).

use axum::Json;
use axum::Router;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Learnloop API", description = "Report, thank, learn. Errors come as {\"error\":{\"code\",\"message\",\"field\"?}}."),
    paths(
        super::health::healthz,
        super::auth::login,
        super::auth::logout,
        super::me::me,
        super::me::services,
        super::reports::create,
        super::reports::list,
        super::reports::show,
        super::reports::reveal_reporter,
        super::search::search,
        super::public::create,
        super::follow_up::show,
        super::follow_up::reply,
        super::follow_up::rate,
        super::coach::check,
        super::triage::queue,
        super::triage::thank,
        super::triage::similar,
        super::triage::message,
        super::triage::feedback,
        super::triage::close,
        super::reviews::create,
        super::reviews::evaluate,
        super::reviews::record_just_culture,
        super::actions::create,
        super::actions::mine,
        super::actions::complete,
        super::actions::check,
        super::learning::publish,
        super::learning::feed,
        super::learning::mark_read,
        super::learning::reads,
        super::obligations::of_report,
        super::obligations::safeguarding,
        super::obligations::add_notification,
        super::obligations::mark_sent,
        super::obligations::candour,
        super::obligations::open,
        super::restrictive_practice::create,
        super::restrictive_practice::list,
        super::restrictive_practice::show,
        super::restrictive_practice::review,
        super::restrictive_practice::child_spoken_to,
        super::restrictive_practice::counts,
        super::spc::compute,
        super::dashboard::show,
        super::measures::create,
        super::measures::list,
        super::measures::enter_value,
        super::measures::import,
        super::measures::chart,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Swagger UI at `/api/docs`, reading the document above.
pub fn docs_routes() -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi-ui.json", ApiDoc::openapi()))
}
