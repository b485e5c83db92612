use learnloop_store::testing::{Backend, Fixture, NOW, TestDb, at, fixture_with_password_hash};
use learnloop_web::{AppConfig, AppState};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery";
/// The fixture safety officer's second-factor key (base32).
pub const SAFETY_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const SAFETY_EMAIL: &str = "safety@t.test";

/// A running server with a fixture organisation.
pub struct TestApp {
    pub base: String,
    pub db: TestDb,
    pub f: Fixture,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::start_with(backend, AppConfig::default()).await
    }

    /// As `start`, with the server's settings; the fixture's safety officer
    /// has enrolled `SAFETY_SECRET` as their second factor.
    pub async fn start_with(backend: Backend, config: AppConfig) -> TestApp {
        let db = TestDb::new(backend).await;
        let hash = learnloop_web::auth::password::hash_password_blocking(PASSWORD).unwrap();
        let f = fixture_with_password_hash(&db.store, &hash).await;
        let codes = learnloop_domain::second_factor::new_recovery_codes(&mut rand::rng());
        db.store.offer_second_factor(f.safety.id, SAFETY_SECRET, &codes).await.unwrap();
        assert!(db.store.confirm_second_factor(f.org.id, f.safety.id, NOW / 30, at(NOW)).await.unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState::new(db.store.clone(), config);
        let server = tokio::spawn(async move {
            axum::serve(listener, learnloop_web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
        });
        TestApp { base, db, f, server }
    }

    /// A fresh second-factor code for the safety officer: the earliest time
    /// step the server still accepts that was not used yet (waiting for the
    /// next step when three were used within one).
    pub async fn safety_code(&self) -> String {
        loop {
            let now = jiff::Timestamp::now().as_second();
            let last = self.db.store.second_factor(self.f.safety.id).await.unwrap().last_used_step.unwrap_or(0);
            let step = (now / 30 - 1).max(last + 1);
            if step <= now / 30 + 1 {
                return learnloop_domain::second_factor::code_at(SAFETY_SECRET, (step * 30) as u64).unwrap();
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }

    pub async fn finish(self) {
        self.server.abort();
        self.db.finish().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A bearer token for `email`, through the API.
    pub async fn token(&self, email: &str) -> String {
        let mut body = json!({"email": email, "password": PASSWORD});
        if email == SAFETY_EMAIL {
            body["code"] = json!(self.safety_code().await);
        }
        let answer = Client::new().post(self.url("/api/v1/auth/login")).json(&body).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "login for {email}");
        answer.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = Client::new().get(self.url(path));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        request.send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut request = Client::new().post(self.url(path)).json(body);
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        request.send().await.unwrap()
    }

    /// A browser-like client signed in through the sign-in page (cookie session).
    pub async fn browser(&self, email: &str) -> Client {
        let client = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let answer = client
            .post(self.url("/sign-in"))
            .header("Origin", self.base.clone())
            .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "sign-in for {email}");
        if email == SAFETY_EMAIL {
            assert!(answer.headers()["location"].to_str().unwrap().starts_with("/sign-in/second-factor"));
            let code = self.safety_code().await;
            let answer = client.post(self.url("/sign-in/second-factor")).header("Origin", self.base.clone()).form(&[("code", code.as_str()), ("next", "/")]).send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::SEE_OTHER, "second factor for {email}");
        }
        client
    }
}

/// The page a form's answer redirects to (post/redirect/get), fetched as the
/// browser would; panics unless the answer was a 303.
pub async fn followed(app: &TestApp, client: &Client, answer: Response) -> (String, String) {
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "a form that saved redirects");
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    let page = client.get(app.url(&location)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK, "{location}");
    (location, page.text().await.unwrap())
}

/// A form's answer as the person sees it: the status it answered with, and
/// the page shown (after following a 303, the page it redirected to).
pub async fn as_seen(app: &TestApp, client: &Client, answer: Response) -> (StatusCode, String) {
    let status = answer.status();
    if status == StatusCode::SEE_OTHER {
        let location = answer.headers()["location"].to_str().unwrap().to_string();
        let page = client.get(app.url(&location)).send().await.unwrap();
        return (status, page.text().await.unwrap());
    }
    (status, answer.text().await.unwrap())
}

pub fn report_body(identity: &str) -> Value {
    json!({
        "kind": "near_miss",
        "service": "oak-house",
        "occurred_at": "2026-11-17T09:15:00Z",
        "what_happened": "Two residents' morning medicines were in adjacent pots on the trolley.",
        "identity": identity,
        "category": "medication",
        "harm": "none",
        "people_affected": ["Resident A"]
    })
}

pub async fn error_of(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    (status, body["error"].clone())
}

/// Declares one test per backend: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! web_test {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: &$crate::support::TestApp) $body

            #[tokio::test]
            async fn sqlite() {
                let app = $crate::support::TestApp::start(learnloop_store::testing::Backend::Sqlite).await;
                run(&app).await;
                app.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                let app = $crate::support::TestApp::start(learnloop_store::testing::Backend::Postgres).await;
                run(&app).await;
                app.finish().await;
            }
        }
    };
}
