//! Signing in and out in the browser: email and password, or a one-time link
//! by email; then, for the safety officer, the second factor (set up on the
//! first sign-in). See `auth::sign_in` for the checks and the throttle.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use jiff::{SignedDuration, Timestamp};
use learnloop_domain::people::Email;
use learnloop_domain::second_factor::{check_code, new_recovery_codes, new_secret, otpauth_url};
use learnloop_domain::secret_token::{SecretToken, hash_presented_token};
use learnloop_domain::sign_in_throttle::{ThrottleKey, link_key};
use learnloop_store::people::User;
use learnloop_store::sessions::SessionKind;
use serde::Deserialize;

use crate::auth::session::{BROWSER_SESSION_SECONDS, url_escape};
use crate::auth::sign_in::{ClientAddress, SECOND_FACTOR_PENDING_SECONDS, check_password, check_second_factor, open_session};
use crate::auth::{PENDING_COOKIE, SESSION_COOKIE, SecondFactorPending};
use crate::error::AppError;
use crate::page::{Layout, PageError, render_with_status};
use crate::state::AppState;

/// A sign-in link works this long, once.
pub const LINK_SECONDS: i64 = 15 * 60;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    next: String,
    email: String,
    notice: Option<String>,
    error: Option<String>,
    offers_links: bool,
}

impl SignInPage {
    fn new(state: &AppState, next: String, email: String) -> SignInPage {
        SignInPage { layout: Layout::public("Sign in"), next, email, notice: None, error: None, offers_links: state.config.sends_sign_in_links() }
    }
}

#[derive(Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
    link: Option<String>,
    /// Back from accepting an invitation (`invitations`).
    joined: Option<String>,
}

/// Only local paths, so a crafted link cannot bounce someone off-site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/".to_string(),
    }
}

/// A cookie for `name` that lives as long as the browser (or the session on
/// the server, whichever ends first).
fn session_cookie(state: &AppState, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value)).http_only(true).same_site(SameSite::Lax).secure(state.config.secure_cookies).path("/").build()
}

pub async fn form(State(state): State<AppState>, Query(query): Query<SignInQuery>) -> Response {
    let mut page = SignInPage::new(&state, safe_next(query.next.as_deref()), String::new());
    page.notice = match query.link.as_deref() {
        Some("sent") => Some("If that address has an active account, a sign-in link is on its way. It works once, within 15 minutes.".into()),
        Some("unavailable") => Some("Sign-in links are not available on this server: sign in with your password.".into()),
        _ if query.joined.is_some() => Some(crate::operations::invitations::JOINED.into()),
        _ => None,
    };
    render_with_status(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// After the password (or a link): a session, or for the safety officer the
/// second-factor page first.
async fn continue_signing_in(state: &AppState, jar: CookieJar, user: &User, next: &str) -> Result<Response, AppError> {
    if user.role.needs_second_factor() {
        let token = open_session(state, user, SessionKind::SecondFactorPending, Some(SECOND_FACTOR_PENDING_SECONDS)).await?;
        let jar = jar.add(session_cookie(state, PENDING_COOKIE, token.as_str().to_string()));
        return Ok((jar, Redirect::to(&format!("/sign-in/second-factor?next={}", url_escape(next)))).into_response());
    }
    let token = open_session(state, user, SessionKind::Browser, Some(BROWSER_SESSION_SECONDS)).await?;
    Ok((jar.add(session_cookie(state, SESSION_COOKIE, token.as_str().to_string())), Redirect::to(next)).into_response())
}

pub async fn submit(State(state): State<AppState>, jar: CookieJar, client: ClientAddress, Form(form): Form<SignInForm>) -> Response {
    let next = safe_next(form.next.as_deref());
    let result = match check_password(&state, &form.email, &form.password, &client).await {
        Ok(user) => continue_signing_in(&state, jar, &user, &next).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(response) => response,
        Err(err) => refused(&state, next, form.email, err),
    }
}

/// The sign-in form again with what went wrong (429 with `Retry-After`).
fn refused(state: &AppState, next: String, email: String, err: AppError) -> Response {
    if err.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return PageError(err).into_response();
    }
    let mut page = SignInPage::new(state, next, email);
    page.error = Some(err.message());
    let mut response = render_with_status(err.status(), &page);
    if let Some(seconds) = err.retry_after() {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    }
    response
}

#[derive(Deserialize)]
pub struct LinkRequest {
    #[serde(default)]
    email: String,
}

/// Emails a one-time sign-in link to an active account. The answer is the
/// same whether or not the address has one; a few requests per address, then
/// waits (silently: nothing more is sent meanwhile).
pub async fn request_link(State(state): State<AppState>, Form(form): Form<LinkRequest>) -> Result<Response, PageError> {
    let Some(public_url) = state.config.public_url.clone().filter(|_| state.config.sends_sign_in_links()) else {
        return Ok(Redirect::to("/sign-in?link=unavailable").into_response());
    };
    let Some(email) = Email::parse(&form.email) else {
        let mut page = SignInPage::new(&state, "/".into(), form.email.clone());
        page.error = Some("Enter your email address, like name@example.org.".into());
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let now = Timestamp::now();
    let key = link_key(email.as_str());
    let asked = state.store.sign_in_failures(&[key.as_str()]).await?[0];
    if asked.wait_seconds(ThrottleKey::Account, now.as_second()).is_none() {
        state.store.record_sign_in_failure(&[key.as_str()], now).await?;
        if let Some(credentials) = state.store.credentials_by_email(email.as_str()).await?.filter(|c| c.user.active) {
            let token = SecretToken::generate(&mut rand::rng());
            let link = format!("{}/sign-in/link/{}", public_url.trim_end_matches('/'), token.as_str());
            let body = format!(
                "Open this link to sign in to Learnloop. It works once, within 15 minutes:\n\n{link}\n\nIf you did not ask for it, ignore this email: nobody can use it without your mailbox."
            );
            state.store.create_sign_in_link(&credentials.user, &token.hash(), "Your Learnloop sign-in link", &body, now, now + SignedDuration::from_secs(LINK_SECONDS)).await?;
        }
    }
    Ok(Redirect::to("/sign-in?link=sent").into_response())
}

#[derive(Template)]
#[template(path = "sign_in_link.html")]
struct LinkPage {
    layout: Layout,
    token: String,
}

/// The page a sign-in link opens: a button, so that mail scanners that open
/// links do not spend it.
pub async fn link_page(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, PageError> {
    if !state.store.sign_in_link_is_live(&hash_presented_token(&token), Timestamp::now()).await? {
        return Err(PageError(AppError::NotFound("This sign-in link has expired or was already used; ask for a new one. The link")));
    }
    Ok(render_with_status(StatusCode::OK, &LinkPage { layout: Layout::public("Sign in"), token }))
}

pub async fn use_link(State(state): State<AppState>, jar: CookieJar, Path(token): Path<String>) -> Result<Response, PageError> {
    let Some(user) = state.store.consume_sign_in_link(&hash_presented_token(&token), Timestamp::now()).await? else {
        return Err(PageError(AppError::NotFound("This sign-in link has expired or was already used; ask for a new one. The link")));
    };
    Ok(continue_signing_in(&state, jar, &user, "/").await?)
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    layout: Layout,
    next: String,
    error: Option<String>,
    enrolling: bool,
    qr_svg: String,
    secret_grouped: String,
    recovery_codes: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct NextOnly {
    next: Option<String>,
}

/// The code form, or on the first sign-in the set-up: a key (as a QR code
/// and as text) and recovery codes, offered until confirmed with a code.
async fn second_factor_page(state: &AppState, user: &User, next: String, error: Option<String>) -> Result<Response, PageError> {
    let mut factor = state.store.second_factor(user.id).await?;
    if factor.secret.is_none() && factor.pending_secret.is_none() {
        let (secret, codes) = {
            let mut rng = rand::rng();
            (new_secret(&mut rng), new_recovery_codes(&mut rng))
        };
        state.store.offer_second_factor(user.id, &secret, &codes).await?;
        factor = state.store.second_factor(user.id).await?;
    }
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let mut page = SecondFactorPage { layout: Layout::public("Second factor"), next, error, enrolling: false, qr_svg: String::new(), secret_grouped: String::new(), recovery_codes: Vec::new() };
    if let (None, Some(secret)) = (&factor.secret, &factor.pending_secret) {
        let org = state.store.organisation(user.organisation_id).await?;
        let url = otpauth_url(secret, &format!("Learnloop ({})", org.name), &user.email).ok_or_else(|| AppError::internal("an offered secret is not base32"))?;
        page.enrolling = true;
        page.qr_svg = qr_svg(&url)?;
        page.secret_grouped = secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");
        page.recovery_codes = factor.pending_recovery_codes.clone();
    }
    Ok(render_with_status(status, &page))
}

/// An SVG QR code of `text`, ready to put inside a page.
fn qr_svg(text: &str) -> Result<String, AppError> {
    crate::qr_code::inline_svg(text, 220, "QR code of the key for your authenticator app")
}

pub async fn second_factor(State(state): State<AppState>, pending: SecondFactorPending, Query(query): Query<NextOnly>) -> Result<Response, PageError> {
    second_factor_page(&state, &pending.user, safe_next(query.next.as_deref()), None).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    next: Option<String>,
}

pub async fn submit_second_factor(State(state): State<AppState>, jar: CookieJar, client: ClientAddress, pending: SecondFactorPending, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    let user = &pending.user;
    let factor = state.store.second_factor(user.id).await?;
    let outcome = match (&factor.secret, &factor.pending_secret) {
        (Some(_), _) => check_second_factor(&state, user, &form.code, &client).await,
        (None, Some(offered)) => match check_code(offered, &form.code, jiff::Timestamp::now().as_second() as u64, None) {
            Ok(step) if state.store.confirm_second_factor(user.organisation_id, user.id, step as i64, Timestamp::now()).await? => Ok(()),
            _ => Err(AppError::Unauthorised("That code did not match the key above. Check the app shows Learnloop, and type the six digits it shows now.")),
        },
        (None, None) => Err(AppError::Unauthorised("Start again: sign in with your password.")),
    };
    match outcome {
        Ok(()) => {
            state.store.delete_session(&hash_presented_token(&pending.token)).await?;
            let token = open_session(&state, user, SessionKind::Browser, Some(BROWSER_SESSION_SECONDS)).await?;
            let jar = jar.remove(Cookie::build((PENDING_COOKIE, "")).path("/").build()).add(session_cookie(&state, SESSION_COOKIE, token.as_str().to_string()));
            Ok((jar, Redirect::to(&next)).into_response())
        }
        Err(err @ AppError::Unauthorised(_)) => second_factor_page(&state, user, next, Some(err.message())).await,
        Err(err @ AppError::RateLimited { .. }) => {
            let seconds = err.retry_after();
            let mut response = second_factor_page(&state, user, next, Some(err.message())).await?;
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            if let Some(seconds) = seconds {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            }
            Ok(response)
        }
        Err(other) => Err(PageError(other)),
    }
}

pub async fn sign_out(State(state): State<AppState>, jar: CookieJar) -> Result<Response, PageError> {
    for name in [SESSION_COOKIE, PENDING_COOKIE] {
        if let Some(cookie) = jar.get(name) {
            state.store.delete_session(&hash_presented_token(cookie.value())).await?;
        }
    }
    let jar = jar.remove(Cookie::build((SESSION_COOKIE, "")).path("/").build()).remove(Cookie::build((PENDING_COOKIE, "")).path("/").build());
    Ok((jar, Redirect::to("/sign-in")).into_response())
}
