//! Server-rendered pages. Every form works without JavaScript; a little
//! script adds the live language coach.

pub mod actions;
pub mod admin;
pub mod chart_example;
pub mod dashboard;
pub mod follow_up;
pub mod home;
pub mod inbox;
pub mod just_culture;
pub mod learning;
pub mod measures;
pub mod obligations;
pub mod outbox;
pub mod public_link;
pub mod quarterly_review;
pub mod report_form;
pub mod reports;
pub mod restrictive_practice;
pub mod review_form;
pub mod safety_officer;
pub mod search;
pub mod sign_in;
pub mod triage;
pub mod wall;
pub mod workspace;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use jiff::tz::TimeZone;
use learnloop_domain::role::Role;
use learnloop_store::people::{Service, Team, User};

use crate::error::AppError;
use crate::route_table::Routes;
use crate::state::AppState;

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
        .get("/my-reports", get(reports::my_reports))
        .get("/reports", get(reports::list))
        .get("/reports/{reference}", get(reports::detail))
        .post("/reports/{reference}/reporter", post(reports::reveal_reporter))
        .post("/reports/{reference}/thanks", post(workspace::thank))
        .post("/reports/{reference}/messages", post(workspace::message))
        .post("/reports/{reference}/reply", post(workspace::reporter_reply))
        .post("/reports/{reference}/feedback", post(workspace::feedback))
        .post("/reports/{reference}/close", post(workspace::close))
        .post("/reports/{reference}/actions", post(workspace::add_action))
        .post("/reports/{reference}/learning", post(workspace::publish_learning))
        .post("/reports/{reference}/safeguarding", post(obligations::safeguarding))
        .post("/reports/{reference}/notifications", post(obligations::add_notification))
        .post("/reports/{reference}/candour", post(obligations::candour))
        .post("/notifications/{id}/sent", post(obligations::mark_sent))
        .get("/obligations", get(obligations::page))
        .post("/reports/{reference}/reviews", post(review_form::submit))
        .get("/reports/{reference}/reviews/new", get(review_form::form))
        .get("/reports/{reference}/just-culture", get(just_culture::form))
        .post("/reports/{reference}/just-culture", post(just_culture::submit))
        .get("/dashboard", get(dashboard::page))
        .get("/dashboard.csv", get(dashboard::csv))
        .get("/dashboard/walls", get(wall::list))
        .post("/dashboard/walls", post(wall::create))
        .post("/dashboard/walls/{id}/revoke", post(wall::revoke))
        .get("/wall/{token}", get(wall::show))
        .get("/measures", get(measures::list))
        .post("/measures", post(measures::create))
        .get("/measures/{id}", get(measures::detail))
        .post("/measures/{id}/values", post(measures::enter_value))
        .post("/measures/{id}/import", post(measures::import))
        .post("/measures/{id}/upload", post(measures::upload).layer(axum::extract::DefaultBodyLimit::max(crate::measures::IMPORT_MAX_BYTES)))
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
        .post("/follow-up/reply", post(follow_up::reply))
        .post("/follow-up/rating", post(follow_up::rate))
        .get("/r/{org_key}", get(public_link::form))
        .post("/r/{org_key}", post(public_link::submit))
        .get("/admin", get(admin::overview))
        .get("/admin/people", get(admin::people))
        .post("/admin/people", post(admin::add_person))
        .get("/admin/people/{id}", get(admin::person))
        .post("/admin/people/{id}", post(admin::change_person))
        .post("/admin/people/{id}/password", post(admin::set_password))
        .post("/admin/services", post(admin::add_service))
        .post("/admin/teams", post(admin::add_team))
        .post("/admin/services/{id}/safeguarding-lead", post(admin::set_safeguarding_lead))
        .post("/admin/clocks", post(admin::set_clocks))
        .post("/admin/public-link", post(admin::rotate_public_link))
        .get("/admin/audit", get(admin::audit))
        .post("/admin/people/{id}/second-factor", post(admin::ask_for_new_second_factor))
        .get("/safety-officer", get(safety_officer::page))
        .post("/safety-officer/requests/{id}/approve", post(safety_officer::approve))
        .post("/safety-officer/requests/{id}/refuse", post(safety_officer::refuse))
        .get("/admin/outbox", get(outbox::outbox))
        .get("/charts/example", get(chart_example::page))
        .get("/charts/example.csv", get(chart_example::csv))
}

/// What the page frame needs: who is signed in and where they can go.
pub struct Layout {
    pub title: String,
    pub user_name: Option<String>,
    pub role_label: String,
    pub nav: Vec<NavItem>,
    pub unread: i64,
}

impl Layout {
    /// The unread badge's text: the count, or "99+".
    pub fn unread_badge(&self) -> String {
        if self.unread > 99 { "99+".to_string() } else { self.unread.to_string() }
    }
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

impl Layout {
    /// The frame for a signed-in person; `current` is the active nav link.
    pub async fn for_user(state: &AppState, user: &User, title: &str, current: &str) -> Result<Layout, AppError> {
        let mut links: Vec<(&'static str, &'static str)> = Vec::new();
        if user.role.may_report() {
            links.push(("/report", "Report"));
            links.push(("/my-reports", "My reports"));
        }
        if user.role.handles_reports() {
            links.push(("/triage", "Triage"));
            links.push(("/reports", "Reports"));
            links.push(("/obligations", "Safeguarding"));
        }
        if user.role != Role::Admin {
            links.push(("/search", "Search"));
        }
        if user.role.may_report() {
            links.push(("/actions", "Actions"));
            links.push(("/learning", "Learning"));
        }
        if user.role.restrictive_practice_scope() != learnloop_domain::role::ReportScope::None {
            links.push(("/restrictive-practice", "Restrictive practice"));
        }
        if matches!(user.role, Role::Quality | Role::Safety) {
            links.push(("/governance", "Governance"));
        }
        if crate::safety_officer::may_see(user) {
            links.push(("/safety-officer", "Safety officer"));
        }
        links.push(("/dashboard", "Dashboard"));
        links.push(("/inbox", "Inbox"));
        if user.role == Role::Admin {
            links.push(("/admin", "Administration"));
            links.push(("/admin/audit", "Audit log"));
            links.push(("/admin/outbox", "Outbox"));
        }
        Ok(Layout {
            title: title.to_string(),
            user_name: Some(user.name.clone()),
            role_label: user.role.label().to_string(),
            nav: links.into_iter().map(|(href, label)| NavItem { href, label, current: href == current }).collect(),
            unread: state.store.unread_count(user.id).await?,
        })
    }

    /// The frame for someone not signed in (sign-in, public link, follow-up).
    pub fn public(title: &str) -> Layout {
        Layout { title: title.to_string(), user_name: None, role_label: String::new(), nav: Vec::new(), unread: 0 }
    }
}

/// Renders a template into a response, or a 500 page if rendering fails.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => PageError(AppError::internal(err)).into_response(),
    }
}

pub fn render_with_status(status: StatusCode, template: &impl Template) -> Response {
    let mut response = render(template);
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: String,
    message: String,
}

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(err: AppError) -> PageError {
        PageError(err)
    }
}

impl From<learnloop_store::StoreError> for PageError {
    fn from(err: learnloop_store::StoreError) -> PageError {
        PageError(err.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let err = self.0;
        let heading = match err.status() {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Not available to your role",
            StatusCode::UNAUTHORIZED => "Please sign in",
            StatusCode::TOO_MANY_REQUESTS => "Please wait a moment",
            StatusCode::INTERNAL_SERVER_ERROR => "Something went wrong",
            _ => "That did not work",
        };
        let page = ErrorPage { layout: Layout::public(heading), heading: heading.to_string(), message: err.message() };
        let mut response = match page.render() {
            Ok(html) => (err.status(), Html(html)).into_response(),
            Err(_) => (err.status(), err.message()).into_response(),
        };
        if let Some(seconds) = err.retry_after() {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(seconds.max(1)));
        }
        response
    }
}

/// A time shown in the organisation's zone, e.g. `Fri 20 Nov 2026, 14:30`.
pub fn local_time(seconds: i64, zone: &TimeZone) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%a %-d %b %Y, %H:%M").to_string())
        .unwrap_or_default()
}

/// A day shown in the organisation's zone, e.g. `20 Nov 2026`.
pub fn local_day(seconds: i64, zone: &TimeZone) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%-d %b %Y").to_string())
        .unwrap_or_default()
}

/// A `<select>` or radio option.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn list<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>, selected: &str) -> Vec<Choice> {
        items.into_iter().map(|(value, label)| Choice { value: value.to_string(), label: label.to_string(), selected: value == selected }).collect()
    }
}

/// One service's teams, shown as an option group of the team choice.
pub struct TeamGroup {
    /// The service's slug, so a script can show only the chosen service's teams.
    pub service: String,
    pub label: String,
    pub teams: Vec<Choice>,
}

impl TeamGroup {
    /// Teams grouped under their services, in the services' order; services
    /// without teams are left out.
    pub fn for_services(services: &[Service], teams: &[Team], selected: &str) -> Vec<TeamGroup> {
        services
            .iter()
            .filter_map(|service| {
                let options: Vec<(String, &str)> = teams.iter().filter(|t| t.service_id == service.id).map(|t| (t.id.to_string(), t.name.as_str())).collect();
                (!options.is_empty()).then(|| TeamGroup {
                    service: service.slug.clone(),
                    label: service.name.clone(),
                    teams: Choice::list(options.iter().map(|(id, name)| (id.as_str(), *name)), selected),
                })
            })
            .collect()
    }
}
