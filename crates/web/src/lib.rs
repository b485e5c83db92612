//! Learnloop's web layer: server-rendered pages (`html`), the JSON API under
//! `/api/v1` (`api`), and sign-in, sessions and CSRF (`auth`). Handlers call
//! the domain for rules and the store for data; nothing here talks SQL.

pub mod api;
pub mod assets;
pub mod auth;
pub mod charts;
pub mod error;
pub mod housekeeping;
pub mod html;
pub mod mail;
pub mod nul_characters;
pub mod operations;
pub mod page;
pub mod refusal;
pub mod public_link_limiter;
pub mod qr_code;
pub mod route_table;
pub mod site_address;
pub mod state;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use tower_http::trace::TraceLayer;

pub use state::{AppConfig, AppState};

/// Requests over this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Every route of the application, as one table: pages, API, API docs,
/// assets and health check.
pub fn routes() -> route_table::Routes {
    use axum::http::Method;
    route_table::Routes::default()
        .merge(html::routes())
        .nest("/api/v1", api::routes())
        .merge_listed(api::openapi::docs_routes(), &[(Method::GET, "/api/docs"), (Method::GET, "/api/docs/"), (Method::GET, "/api/v1/openapi-ui.json")])
        .merge(assets::routes())
        .get("/healthz", axum::routing::get(api::health::healthz))
}

/// The route table alone (for tests that call every route).
pub fn route_table() -> Vec<route_table::RouteEntry> {
    routes().table
}

/// The whole application: pages, API, assets and health check.
pub fn router(state: AppState) -> Router {
    // Unknown paths under /api/v1 answer in the API's error shape.
    // Any other unknown address gets a page that helps the person on.
    let api_fallback = Router::new().nest_service("/api/v1", axum::routing::any(api::json::not_found).with_state(state.clone())).fallback(page::page_not_found);
    routes()
        .router
        .fallback_service(api_fallback)
        .layer(axum::middleware::from_fn(api::rejections::answer_rejections_as_json))
        .layer(axum::middleware::from_fn(nul_characters::refuse_nul_characters))
        .layer(axum::middleware::from_fn(auth::csrf::reject_cross_site_writes))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            // Log the route template, never the concrete path: paths carry
            // report references and follow-up codes. No addresses, no bodies.
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_default();
                tracing::info_span!("request", method = %request.method(), route)
            }),
        )
        .with_state(state)
}

async fn security_headers(request: Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages and answers carry reports, names and codes, and care homes share
    // computers: nothing is kept in a browser's or a proxy's cache unless the
    // handler said so (only the static assets do).
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"));
    response
}

/// Serves until the process is stopped (Ctrl-C or SIGTERM).
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(state, listener).await
}

pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    if let Some(smtp) = &state.config.smtp {
        mail::spawn_sender(state.store.clone(), smtp.clone(), state.config.public_url.clone());
    }
    tokio::spawn(store_missing_report_terms(state.store.clone()));
    tokio::spawn(housekeeping::run(state.store.clone()));
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await
}

/// Reports saved before their terms were kept (migration 0008) get them in
/// the background, a batch at a time; until then similar-report checks pass
/// them by.
async fn store_missing_report_terms(store: learnloop_store::Store) {
    let mut after = 0;
    let mut batches = 0u64;
    loop {
        match store.store_missing_report_terms(after).await {
            Ok(Some(last)) => {
                after = last;
                batches += 1;
                tokio::task::yield_now().await;
            }
            Ok(None) => {
                if batches > 0 {
                    tracing::info!(batches, "stored the terms of earlier reports for similar-report checks");
                }
                return;
            }
            Err(err) => {
                tracing::warn!(error = %err, "storing earlier reports' terms failed; similar reports will miss them until the next start");
                return;
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
