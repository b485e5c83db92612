//! Cross-site request forgery protection for cookie-authenticated writes.
//!
//! Browsers send `Sec-Fetch-Site` (and `Origin`) with every POST; a write is
//! refused when either says the request came from another site. Requests with
//! neither header come from non-browser clients, which cannot carry a
//! victim's cookies, so they pass. Cookies are also `SameSite=Lax`.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError};

pub async fn reject_cross_site_writes(request: Request, next: Next) -> Response {
    let safe_method = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe_method || is_same_site(&request) {
        next.run(request).await
    } else {
        tracing::warn!("refused a cross-site write");
        ApiError(AppError::Forbidden).into_response()
    }
}

fn is_same_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some("null") => false,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
        }
    }
}
