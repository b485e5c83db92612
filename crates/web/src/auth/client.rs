//! The client's network address, for counting failed sign-ins per client.
//! Behind a reverse proxy (`--behind-proxy`) it is the last address the proxy
//! added to `X-Forwarded-For`; otherwise the connection's own. It is never
//! stored or logged: only a hash keys the client's failure count.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::auth::sign_in::ClientAddress;
use crate::state::AppState;

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.config.behind_proxy {
            let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim).rfind(|v| !v.is_empty());
            if let Some(address) = forwarded {
                return Ok(ClientAddress(Some(address.to_string())));
            }
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip().to_string());
        Ok(ClientAddress(peer))
    }
}
