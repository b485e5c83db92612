use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use learnloop_domain::secret_token::hash_presented_token;
use learnloop_store::sessions::SessionKind;
use serde::Deserialize;

use crate::auth::SESSION_COOKIE;
use crate::auth::session::BROWSER_SESSION_SECONDS;
use crate::auth::sign_in::sign_in;
use crate::html::{Layout, PageError, render_with_status};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only local paths, so a crafted link cannot bounce someone off-site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/".to_string(),
    }
}

pub async fn form(Query(query): Query<NextQuery>) -> Response {
    let page = SignInPage { layout: Layout::public("Sign in"), next: safe_next(query.next.as_deref()), email: String::new(), error: None };
    render_with_status(axum::http::StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(State(state): State<AppState>, jar: CookieJar, Form(form): Form<SignInForm>) -> Response {
    let next = safe_next(form.next.as_deref());
    match sign_in(&state, &form.email, &form.password, SessionKind::Browser, Some(BROWSER_SESSION_SECONDS)).await {
        Ok((_, token)) => {
            // A browser-session cookie (gone when the browser closes, which
            // suits shared devices); the server ends it after 14 hours anyway.
            let cookie = Cookie::build((SESSION_COOKIE, token.as_str().to_string()))
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.config.secure_cookies)
                .path("/")
                .build();
            (jar.add(cookie), Redirect::to(&next)).into_response()
        }
        Err(err) => {
            let status = err.status();
            if status == axum::http::StatusCode::INTERNAL_SERVER_ERROR {
                return PageError(err).into_response();
            }
            let page = SignInPage { layout: Layout::public("Sign in"), next, email: form.email, error: Some(err.message()) };
            render_with_status(status, &page)
        }
    }
}

pub async fn sign_out(State(state): State<AppState>, jar: CookieJar) -> Result<Response, PageError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        state.store.delete_session(&hash_presented_token(cookie.value())).await?;
    }
    let removal = Cookie::build((SESSION_COOKIE, "")).path("/").build();
    Ok((jar.remove(removal), Redirect::to("/sign-in")).into_response())
}
