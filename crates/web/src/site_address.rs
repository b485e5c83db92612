//! The address people reach this server at, for links that leave it (an
//! invitation email, the public link's QR code and poster): the configured
//! public address, else the one the administrator's browser used.

use axum::extract::FromRequestParts;
use axum::http::header::HOST;
use axum::http::request::Parts;

use crate::state::AppState;

/// e.g. `https://learn.example.org`, without a trailing slash.
#[derive(Debug, Clone)]
pub struct SiteAddress(pub String);

/// A host (and port) as a browser sends it: nothing that could end the URL
/// or start another.
fn plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

impl FromRequestParts<AppState> for SiteAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(url) = &state.config.public_url {
            return Ok(SiteAddress(url.trim_end_matches('/').to_string()));
        }
        let host = parts
            .headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| plausible_host(h))
            .unwrap_or("localhost");
        let scheme = if state.config.secure_cookies {
            "https"
        } else {
            "http"
        };
        Ok(SiteAddress(format!("{scheme}://{host}")))
    }
}

#[cfg(test)]
mod tests {
    use super::plausible_host;

    #[test]
    fn only_plain_hosts_are_taken_from_the_request() {
        for good in ["127.0.0.1:8080", "learn.example.org", "[::1]:3000"] {
            assert!(plausible_host(good), "{good}");
        }
        for bad in ["", "evil.example/path", "a b", "x@y", "host\"><script>"] {
            assert!(!plausible_host(bad), "{bad}");
        }
    }
}
