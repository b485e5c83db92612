//! Stylesheet and script, compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::route_table::Routes;

const APP_CSS: &str = include_str!("../assets/app.css");
const APP_JS: &str = include_str!("../assets/app.js");

pub fn routes() -> Routes {
    Routes::default()
        .get("/assets/app.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], APP_CSS).into_response() }))
        .get("/assets/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], APP_JS).into_response() }))
}
