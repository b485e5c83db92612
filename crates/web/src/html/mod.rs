//! Server-rendered pages. Every form works without JavaScript; a little
//! script adds the live language coach.

pub mod actions;
pub mod admin;
pub mod admin_audit;
pub mod admin_people;
pub mod carried_secret;
pub mod change_points;
pub mod chart_example;
pub mod dashboard;
pub mod display;
pub mod follow_up;
pub mod home;
pub mod inbox;
pub mod invitations;
pub mod just_culture;
pub mod layout;
pub mod learning;
pub mod list_filters;
pub mod measures;
pub mod obligation_forms;
pub mod obligations;
pub mod outbox;
pub mod people_import;
pub mod public_link;
pub mod public_link_poster;
pub mod quarterly_review;
pub mod report_drafts;
pub mod report_form;
pub mod report_forms;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
pub mod safety_officer;
pub mod search;
pub mod text_blocks;
pub mod sign_in;
pub mod triage;
pub mod walls;
pub mod workspace;

use axum::routing::{get, post};

use crate::route_table::Routes;

pub fn routes() -> Routes {
    Routes::default()
        .get("/", get(home::home))
        .get("/sign-in", get(sign_in::form))
        .post("/sign-in", post(sign_in::submit))
        .post("/sign-in/link", post(sign_in::request_link))
        .get("/sign-in/link/{token}", get(sign_in::link_page))
        .post("/sign-in/link/{token}", post(sign_in::use_link))
        .get("/sign-in/second-factor", get(sign_in::second_factor))
        .post("/sign-in/second-factor", post(sign_in::submit_second_factor))
        .post("/sign-out", post(sign_in::sign_out))
        .get("/report", get(report_form::form))
        .post("/report", post(report_form::submit))
        .get("/report/thanks", get(report_form::thanks))
        .get("/my-reports", get(reports::my_reports))
        .get("/reports", get(reports::list))
        .get("/reports/{reference}", get(reports::detail))
        .post("/reports/{reference}/reporter", post(reports::reveal_reporter))
        .post("/reports/{reference}/thanks", post(report_forms::thank))
        .post("/reports/{reference}/messages", post(report_forms::message))
        .post("/reports/{reference}/reply", post(report_forms::reporter_reply))
        .post("/reports/{reference}/feedback", post(report_forms::feedback))
        .post("/reports/{reference}/close", post(report_forms::close))
        .post("/reports/{reference}/actions", post(report_forms::add_action))
        .post("/reports/{reference}/learning", post(report_forms::publish_learning))
        .post("/reports/{reference}/safeguarding", post(obligation_forms::safeguarding))
        .post("/reports/{reference}/notifications", post(obligation_forms::add_notification))
        .post("/reports/{reference}/candour", post(obligation_forms::candour))
        .post("/notifications/{id}/sent", post(obligation_forms::mark_sent))
        .get("/obligations", get(obligations::page))
        .post("/reports/{reference}/reviews", post(reviews::submit))
        .get("/reports/{reference}/reviews/new", get(reviews::form))
        .get("/reports/{reference}/just-culture", get(just_culture::form))
        .post("/reports/{reference}/just-culture", post(just_culture::submit))
        .get("/dashboard", get(dashboard::page))
        .get("/dashboard.csv", get(dashboard::csv))
        .get("/dashboard/changes", get(change_points::page))
        .post("/dashboard/changes", post(change_points::record))
        .post("/dashboard/changes/{id}/remove", post(change_points::remove))
        .get("/dashboard/walls", get(walls::list))
        .post("/dashboard/walls", post(walls::create))
        .post("/dashboard/walls/{id}/revoke", post(walls::revoke))
        .get("/wall/{token}", get(walls::show))
        .get("/measures", get(measures::list))
        .post("/measures", post(measures::create))
        .get("/measures/{id}", get(measures::detail))
        .post("/measures/{id}/values", post(measures::enter_value))
        .post("/measures/{id}/import", post(measures::import))
        .post("/measures/{id}/upload", post(measures::upload).layer(axum::extract::DefaultBodyLimit::max(crate::operations::measures::IMPORT_MAX_BYTES)))
        .get("/quarterly-review", get(quarterly_review::page))
        .post("/quarterly-review", post(quarterly_review::save))
        .get("/search", get(search::page))
        .get("/triage", get(triage::queue))
        .get("/actions", get(actions::list))
        .get("/actions/{id}", get(actions::detail))
        .post("/actions/{id}/complete", post(actions::complete))
        .post("/actions/{id}/check", post(actions::check))
        .get("/restrictive-practice", get(restrictive_practice::list))
        .get("/restrictive-practice/new", get(restrictive_practice::form))
        .post("/restrictive-practice/new", post(restrictive_practice::submit))
        .get("/restrictive-practice/counts", get(restrictive_practice::counts))
        .get("/restrictive-practice/{id}", get(restrictive_practice::detail))
        .post("/restrictive-practice/{id}/review", post(restrictive_practice::review))
        .post("/restrictive-practice/{id}/child-spoken-to", post(restrictive_practice::child_spoken_to))
        .get("/learning", get(learning::feed))
        .post("/learning/{id}/read", post(learning::mark_read))
        .get("/services/{slug}/you-said-we-did", get(learning::you_said_we_did))
        .get("/governance", get(learning::governance))
        .get("/inbox", get(inbox::inbox))
        .post("/inbox/read", post(inbox::mark_read))
        .get("/follow-up", get(follow_up::form))
        .post("/follow-up", post(follow_up::show))
        .get("/follow-up/report", get(follow_up::report))
        .post("/follow-up/leave", post(follow_up::leave))
        .post("/follow-up/reply", post(follow_up::reply))
        .post("/follow-up/rating", post(follow_up::rate))
        .get("/r/{org_key}", get(public_link::form))
        .post("/r/{org_key}", post(public_link::submit))
        .get("/r/{org_key}/thanks", get(public_link::thanks))
        .get("/admin", get(admin::overview))
        .get("/admin/people", get(admin_people::people))
        .post("/admin/people", post(admin_people::add_person))
        .get("/admin/people/{id}", get(admin_people::person))
        .post("/admin/people/{id}", post(admin_people::change_person))
        .post("/admin/people/{id}/password", post(admin_people::set_password))
        .post("/admin/people/{id}/invitation", post(admin_people::resend_invitation))
        .post("/admin/people/{id}/deactivate", post(admin_people::deactivate))
        .post("/admin/people/{id}/reactivate", post(admin_people::reactivate))
        .get("/admin/people/import", get(people_import::form))
        .post("/admin/people/import", post(people_import::import))
        .get("/admin/people/import/template.csv", get(people_import::template))
        .get("/admin/public-link/poster", get(public_link_poster::poster))
        .get("/admin/public-link/qr.svg", get(public_link_poster::qr_code_svg))
        .get("/invitations/{token}", get(invitations::form))
        .post("/invitations/{token}", post(invitations::accept))
        .post("/admin/services", post(admin::add_service))
        .post("/admin/teams", post(admin::add_team))
        .post("/admin/services/{id}/safeguarding-lead", post(admin::set_safeguarding_lead))
        .post("/admin/clocks", post(admin::set_clocks))
        .post("/admin/public-link", post(admin::rotate_public_link))
        .get("/admin/audit", get(admin_audit::audit))
        .get("/admin/audit.csv", get(admin_audit::audit_csv))
        .post("/admin/people/{id}/second-factor", post(admin_people::ask_for_new_second_factor))
        .get("/safety-officer", get(safety_officer::page))
        .post("/safety-officer/requests/{id}/approve", post(safety_officer::approve))
        .post("/safety-officer/requests/{id}/refuse", post(safety_officer::refuse))
        .get("/admin/outbox", get(outbox::outbox))
        .get("/charts/example", get(chart_example::page))
        .get("/charts/example.csv", get(chart_example::csv))
}

