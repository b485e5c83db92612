use learnloop_store::testing::{Backend, Fixture, TestDb, fixture_with_password_hash};
use learnloop_web::{AppConfig, AppState};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery";

/// A running server with a fixture organisation.
pub struct TestApp {
    pub base: String,
    pub db: TestDb,
    pub f: Fixture,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        let db = TestDb::new(backend).await;
        let hash = learnloop_web::auth::password::hash_password_blocking(PASSWORD).unwrap();
        let f = fixture_with_password_hash(&db.store, &hash).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState::new(db.store.clone(), AppConfig::default());
        let server = tokio::spawn(async move {
            axum::serve(listener, learnloop_web::router(state)).await.unwrap();
        });
        TestApp { base, db, f, server }
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
        let answer = Client::new().post(self.url("/api/v1/auth/login")).json(&json!({"email": email, "password": PASSWORD})).send().await.unwrap();
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
        client
    }
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
