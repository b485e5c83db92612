//! Stylesheet, script and icon, compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::route_table::Routes;

const APP_CSS: &str = include_str!("../assets/app.css");
const APP_JS: &str = include_str!("../assets/app.js");
const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

pub fn routes() -> Routes {
    Routes::default()
        .get("/assets/app.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], APP_CSS).into_response() }))
        .get("/assets/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], APP_JS).into_response() }))
        .get("/assets/favicon.svg", get(favicon))
        // Browsers ask for /favicon.ico whatever the page links to.
        .get("/favicon.ico", get(favicon))
}

async fn favicon() -> axum::response::Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON_SVG).into_response()
}

#[cfg(test)]
mod tests {
    /// A brace left open swallows every rule after it (a merge once dropped
    /// one, and the wall stopped fitting its screen).
    #[test]
    fn every_block_of_the_stylesheet_is_closed() {
        let mut depth = 0i32;
        for (number, line) in super::APP_CSS.lines().enumerate() {
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            assert!(depth >= 0, "line {}: a brace closes nothing", number + 1);
        }
        assert_eq!(depth, 0, "a block of app.css is never closed");
    }
}
