//! The frame every page shares, and errors shown as pages. Below `auth` and
//! `html` so that a refused sign-in and a failed page render the same way.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;

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
    /// Kept in the bar on a phone (the role's most used pages); the others
    /// fold into the phone's menu.
    pub on_phone_bar: bool,
}

impl Layout {
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


#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    layout: Layout,
}

/// An address that leads nowhere: a 404 page that says so and offers the
/// places people usually look for.
pub async fn page_not_found() -> Response {
    let page = NotFoundPage { layout: Layout::public("Page not found") };
    match page.render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Page not found").into_response(),
    }
}
