//! What every handler shares: the store and the server's settings.

use learnloop_store::Store;

#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// The address people reach this server at, e.g. `https://learn.example.org`,
    /// used to show the full public reporting link. Optional.
    pub public_url: Option<String>,
    /// Where email goes; without it, email waits in the outbox (administrators
    /// can see what would have been sent).
    pub smtp: Option<crate::mail::SmtpSettings>,
    /// Served behind a reverse proxy: a client's address is the last one in
    /// `X-Forwarded-For` (for counting failed sign-ins per client).
    pub behind_proxy: bool,
}

impl AppConfig {
    /// Sign-in links go by email only when mail is really sent and its links
    /// can name this server's address.
    pub fn sends_sign_in_links(&self) -> bool {
        self.smtp.is_some() && self.public_url.is_some()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: std::sync::Arc<AppConfig>,
    pub public_link_limiter: std::sync::Arc<crate::public_link_limiter::PublicLinkLimiter>,
}

impl AppState {
    pub fn new(store: Store, config: AppConfig) -> AppState {
        AppState { store, config: std::sync::Arc::new(config), public_link_limiter: Default::default() }
    }
}
