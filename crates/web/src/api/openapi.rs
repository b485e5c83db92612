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
    modifiers(&BearerAuth, &ErrorResponses)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// Errors told as they are: `ErrorDetail.code` lists every code
/// (docs/errors.md), every response carries the description the standard
/// requires, and each operation lists the errors any endpoint of its kind can
/// answer: 401 when it needs a token, 400/422 when it reads parameters, 404 when
/// its path names a record, 400/413/415/422 when it reads a body, 500 always. Statuses an operation answers for reasons of its own are in
/// its `#[utoipa::path]`. Operation ids are made from method and path, so
/// they are unique.
struct ErrorResponses;

impl utoipa::Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
        use utoipa::openapi::{RefOr, ResponseBuilder};

        if let Some(components) = openapi.components.as_mut()
            && let Some(RefOr::T(Schema::Object(detail))) = components.schemas.get_mut("ErrorDetail")
        {
            let description = detail.properties.get("code").and_then(|code| match code {
                RefOr::T(Schema::Object(object)) => object.description.clone(),
                _ => None,
            });
            let codes = ObjectBuilder::new().schema_type(Type::String).description(description).enum_values(Some(crate::error::all_codes()));
            detail.properties.insert("code".into(), RefOr::T(Schema::Object(codes.build())));
        }
        let error = |status: u16| {
            let reason = axum::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
            RefOr::T(
                ResponseBuilder::new()
                    .description(reason)
                    .content("application/json", utoipa::openapi::Content::new(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody"))))
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [("get", &mut item.get), ("put", &mut item.put), ("post", &mut item.post), ("delete", &mut item.delete), ("patch", &mut item.patch)];
            for (method, operation) in operations.into_iter().filter_map(|(method, operation)| Some((method, operation.as_mut()?))) {
                // Unique, as the standard requires: handlers in different
                // modules share names (`create`, `check`).
                let words: Vec<&str> = path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty() && *w != "api" && *w != "v1").collect();
                operation.operation_id = Some(format!("{method}_{}", words.join("_")));
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let reads_body = operation.request_body.is_some();
                let has_parameters = operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) || path.contains('{');
                let mut statuses = vec![500];
                if has_parameters {
                    // 422 too: a parameter holding a NUL character is refused
                    // by name (`nul_characters.rs`).
                    statuses.extend([400, 422]);
                }
                if path.contains('{') {
                    statuses.push(404);
                }
                if secured {
                    statuses.push(401);
                }
                if reads_body {
                    statuses.extend([400, 413, 415, 422]);
                }
                let responses = &mut operation.responses.responses;
                for status in statuses {
                    responses.entry(status.to_string()).or_insert_with(|| error(status));
                }
                for (status, response) in responses.iter_mut() {
                    if let RefOr::T(response) = response
                        && response.description.is_empty()
                    {
                        let code = status.parse::<u16>().ok().and_then(|s| axum::http::StatusCode::from_u16(s).ok());
                        response.description = code.and_then(|c| c.canonical_reason()).unwrap_or("Answer").to_string();
                    }
                }
            }
        }
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Swagger UI at `/api/docs`, reading the document above.
pub fn docs_routes() -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi-ui.json", ApiDoc::openapi()))
}
