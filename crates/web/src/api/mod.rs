//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.

pub mod actions;
pub mod auth;
pub mod coach;
pub mod dashboard;
pub mod follow_up;
pub mod health;
pub mod idempotency_key;
pub mod json;
pub mod learning;
pub mod me;
pub mod measures;
pub mod obligations;
pub mod openapi;
pub mod public;
pub mod rejections;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
pub mod search;
pub mod spc;
pub mod triage;

use axum::routing::{get, post};

use crate::route_table::Routes;

pub fn routes() -> Routes {
    Routes::default()
        .post("/auth/login", post(auth::login))
        .post("/auth/logout", post(auth::logout))
        .get("/me", get(me::me))
        .get("/services", get(me::services))
        .post("/reports", post(reports::create))
        .get("/reports", get(reports::list))
        .get("/reports/{reference}", get(reports::show))
        .post("/reports/{reference}/reporter", post(reports::reveal_reporter))
        .post("/reports/{reference}/thanks", post(triage::thank))
        .get("/reports/{reference}/similar", get(triage::similar))
        .post("/reports/{reference}/messages", post(triage::message))
        .post("/reports/{reference}/feedback", post(triage::feedback))
        .post("/reports/{reference}/close", post(triage::close))
        .post("/reports/{reference}/reviews", post(reviews::create))
        .post("/reports/{reference}/just-culture", post(reviews::record_just_culture))
        .post("/reports/{reference}/actions", post(actions::create))
        .post("/reports/{reference}/learning", post(learning::publish))
        .get("/reports/{reference}/obligations", get(obligations::of_report))
        .post("/reports/{reference}/safeguarding", post(obligations::safeguarding))
        .post("/reports/{reference}/notifications", post(obligations::add_notification))
        .post("/reports/{reference}/candour", post(obligations::candour))
        .post("/notifications/{id}/sent", post(obligations::mark_sent))
        .get("/obligations", get(obligations::open))
        .get("/search", get(search::search))
        .get("/triage", get(triage::queue))
        .post("/just-culture/evaluate", post(reviews::evaluate))
        .get("/actions/mine", get(actions::mine))
        .post("/actions/{id}/complete", post(actions::complete))
        .post("/actions/{id}/check", post(actions::check))
        .post("/restrictive-practice", post(restrictive_practice::create))
        .get("/restrictive-practice", get(restrictive_practice::list))
        .get("/restrictive-practice/counts", get(restrictive_practice::counts))
        .get("/restrictive-practice/{id}", get(restrictive_practice::show))
        .post("/restrictive-practice/{id}/review", post(restrictive_practice::review))
        .post("/restrictive-practice/{id}/child-spoken-to", post(restrictive_practice::child_spoken_to))
        .get("/learning", get(learning::feed))
        .post("/learning/{id}/read", post(learning::mark_read))
        .get("/learning/{id}/reads", get(learning::reads))
        .post("/public/{org_key}/reports", post(public::create))
        .get("/follow-up/{code}", get(follow_up::show))
        .post("/follow-up/{code}/messages", post(follow_up::reply))
        .post("/follow-up/{code}/rating", post(follow_up::rate))
        .post("/coach", post(coach::check))
        .post("/spc", post(spc::compute))
        .get("/dashboard", get(dashboard::show))
        .post("/measures", post(measures::create))
        .get("/measures", get(measures::list))
        .get("/measures/{id}", get(measures::chart))
        .post("/measures/{id}/values", post(measures::enter_value))
        .post("/measures/{id}/import", post(measures::import).layer(axum::extract::DefaultBodyLimit::max(crate::operations::measures::IMPORT_MAX_BYTES)))
        .get("/openapi.json", get(openapi::document))
}

