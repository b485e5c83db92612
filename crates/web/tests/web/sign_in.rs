//! Signing in as a hostile tester tries it: guessing passwords for known and
//! unknown addresses, spraying many addresses from one client, locking the
//! owner out; one-time links by email; the safety officer's second factor.

use learnloop_web::AppConfig;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::{PASSWORD, SAFETY_SECRET, TestApp, error_of};

/// The server's answers to `n` wrong passwords for `email`: statuses, messages, Retry-After.
async fn wrong_passwords(app: &TestApp, email: &str, n: usize) -> Vec<(StatusCode, String, Option<String>)> {
    let mut answers = Vec::new();
    for _ in 0..n {
        let answer = app.post_json("/api/v1/auth/login", None, &json!({"email": email, "password": "not the password"})).await;
        let retry = answer.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        let (status, error) = error_of(answer).await;
        answers.push((status, error["message"].as_str().unwrap().to_string(), retry));
    }
    answers
}

fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

crate::web_test!(unknown_and_known_addresses_get_the_same_answers, |app| {
    let known = wrong_passwords(app, "colleague@t.test", 7).await;
    let unknown = wrong_passwords(app, "nobody-here@t.test", 7).await;
    // The same answers, but for the seconds left (a second may tick between them).
    let shape = |answers: &[(StatusCode, String, Option<String>)]| -> Vec<(StatusCode, String, bool)> {
        answers.iter().map(|(s, m, r)| (*s, m.chars().filter(|c| !c.is_ascii_digit()).collect(), r.is_some())).collect()
    };
    assert_eq!(shape(&known), shape(&unknown), "nothing tells which address has an account");
    let statuses: Vec<StatusCode> = known.iter().map(|(s, _, _)| *s).collect();
    assert_eq!(&statuses[..4], &[StatusCode::UNAUTHORIZED; 4]);
    assert_eq!(&statuses[4..], &[StatusCode::TOO_MANY_REQUESTS; 3], "the fifth failure starts a wait; attempts during it are refused");
    assert!(matches!(known[4].2.as_deref(), Some("30" | "29")), "Retry-After: {known:?}");
    assert!(known[4].1.contains("ask for a sign-in link by email"));
    // The sign-in page says the same, with Retry-After too.
    let answer = browser()
        .post(app.url("/sign-in"))
        .header("Origin", app.base.clone())
        .form(&[("email", "colleague@t.test"), ("password", "still wrong"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers().get("retry-after").is_some());
    assert!(answer.text().await.unwrap().contains("Too many failed sign-ins"));
    // Other accounts are untouched.
    app.token("manager@t.test").await;
});

crate::web_test!(the_wait_ends_and_nothing_locks_the_owner_out, |app| {
    wrong_passwords(app, "colleague@t.test", 5).await;
    let owner = app.post_json("/api/v1/auth/login", None, &json!({"email": "colleague@t.test", "password": PASSWORD})).await;
    assert_eq!(owner.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits a little");
    // Half a minute later (the failures moved back in time), the owner is in.
    app.db.raw_rows("UPDATE sign_in_throttle SET last_failure_at = last_failure_at - 31").await;
    let owner = app.post_json("/api/v1/auth/login", None, &json!({"email": "colleague@t.test", "password": PASSWORD})).await;
    assert_eq!(owner.status(), StatusCode::OK);
    // Success clears the address's count.
    assert!(app.db.raw_rows("SELECT key FROM sign_in_throttle WHERE key LIKE 'account:%'").await.is_empty());
    // Nothing in the table names an address.
    for row in app.db.raw_rows("SELECT key FROM sign_in_throttle").await {
        assert!(!row[0].contains('@') && !row[0].contains("127.0.0.1"), "{row:?}");
    }
});

crate::web_test!(one_client_spraying_many_addresses_is_slowed, |app| {
    for i in 0..learnloop_domain::sign_in_throttle::CLIENT_FREE_FAILURES - 1 {
        let status = app.post_json("/api/v1/auth/login", None, &json!({"email": format!("guess{i}@t.test"), "password": "Winter2026!"})).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let answer = app.post_json("/api/v1/auth/login", None, &json!({"email": "guess-last@t.test", "password": "Winter2026!"})).await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS, "twenty failures from one client, across addresses");
    assert!(answer.headers().contains_key("retry-after"));
});

/// A server that sends email (to nowhere: the test reads the outbox) and knows its address.
async fn with_links(backend: learnloop_store::testing::Backend) -> TestApp {
    let config = AppConfig { public_url: Some("https://learn.example.org".into()), smtp: Some(learnloop_web::mail::SmtpSettings { url: "smtp://127.0.0.1:9".into(), from: "Learnloop <l@example.org>".into() }), ..AppConfig::default() };
    TestApp::start_with(backend, config).await
}

async fn sign_in_links_work_once_and_say_nothing_of_who_has_an_account(app: &TestApp) {
    let page = browser().get(app.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Email me a sign-in link"));
    // An address with an account and one without: the same answer.
    for email in ["colleague@t.test", "nobody-here@t.test"] {
        let answer = browser().post(app.url("/sign-in/link")).header("Origin", app.base.clone()).form(&[("email", email)]).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        assert_eq!(answer.headers()["location"], "/sign-in?link=sent");
    }
    let mail = app.db.raw_rows("SELECT to_address, body, secret FROM outbox_emails").await;
    assert_eq!(mail.len(), 1, "one email, to the account that exists: {mail:?}");
    assert_eq!(mail[0][0], "colleague@t.test");
    assert!(["1", "true"].contains(&mail[0][2].as_str()), "marked secret");
    let link = mail[0][1].split_whitespace().find(|w| w.starts_with("https://learn.example.org/sign-in/link/")).unwrap().to_string();
    let path = link.trim_start_matches("https://learn.example.org");
    // Administrators never read it.
    let outbox = app.browser("admin@t.test").await.get(app.url("/admin/outbox")).send().await.unwrap().text().await.unwrap();
    assert!(outbox.contains("A sign-in link: never shown.") && !outbox.contains(path), "{outbox}");
    // Opening the link spends nothing (mail scanners open links); the button signs in, once.
    let colleague = browser();
    assert_eq!(colleague.get(app.url(path)).send().await.unwrap().status(), StatusCode::OK);
    let answer = colleague.post(app.url(path)).header("Origin", app.base.clone()).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(colleague.get(app.url("/my-reports")).send().await.unwrap().status(), StatusCode::OK, "signed in");
    assert_eq!(browser().post(app.url(path)).header("Origin", app.base.clone()).send().await.unwrap().status(), StatusCode::NOT_FOUND, "once only");
    // The link works even while password sign-in waits.
    wrong_passwords(app, "colleague@t.test", 6).await;
    browser().post(app.url("/sign-in/link")).header("Origin", app.base.clone()).form(&[("email", "colleague@t.test")]).send().await.unwrap();
    let body = app.db.raw_rows("SELECT body FROM outbox_emails ORDER BY created_at DESC").await;
    let second = body.iter().flat_map(|r| r[0].split_whitespace().map(str::to_string).collect::<Vec<_>>()).find(|w| w.contains("/sign-in/link/") && !w.ends_with(path.rsplit('/').next().unwrap())).unwrap();
    let second = second.trim_start_matches("https://learn.example.org").to_string();
    assert_eq!(browser().post(app.url(&second)).header("Origin", app.base.clone()).send().await.unwrap().status(), StatusCode::SEE_OTHER);
}

mod sign_in_links_work_once_and_say_nothing_of_who_has_an_account {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        let app = with_links(learnloop_store::testing::Backend::Sqlite).await;
        sign_in_links_work_once_and_say_nothing_of_who_has_an_account(&app).await;
        app.finish().await;
    }
    #[tokio::test]
    async fn postgres() {
        let app = with_links(learnloop_store::testing::Backend::Postgres).await;
        sign_in_links_work_once_and_say_nothing_of_who_has_an_account(&app).await;
        app.finish().await;
    }
}

crate::web_test!(the_safety_officer_signs_in_with_a_second_factor, |app| {
    // The password alone opens only the second-factor page.
    let safety = browser();
    let answer = safety.post(app.url("/sign-in")).header("Origin", app.base.clone()).form(&[("email", "safety@t.test"), ("password", PASSWORD), ("next", "/reports")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/sign-in/second-factor?next=/reports");
    assert_eq!(safety.get(app.url("/reports")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "not signed in yet");
    let page = safety.get(app.url("/sign-in/second-factor")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Type the six digits"), "{page}");
    let answer = safety.post(app.url("/sign-in/second-factor")).header("Origin", app.base.clone()).form(&[("code", "000000"), ("next", "/reports")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let code = app.safety_code().await;
    let answer = safety.post(app.url("/sign-in/second-factor")).header("Origin", app.base.clone()).form(&[("code", code.as_str()), ("next", "/reports")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/reports");
    assert_eq!(safety.get(app.url("/reports")).send().await.unwrap().status(), StatusCode::OK);
    // The same code never signs in twice.
    let (status, _) = error_of(app.post_json("/api/v1/auth/login", None, &json!({"email": "safety@t.test", "password": PASSWORD, "code": code})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The API asks for the code too.
    let (status, error) = error_of(app.post_json("/api/v1/auth/login", None, &json!({"email": "safety@t.test", "password": PASSWORD})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(error["message"].as_str().unwrap().contains("second factor"));
    // A recovery code works once.
    let codes: Vec<String> = learnloop_domain::second_factor::new_recovery_codes(&mut rand::rng());
    app.db.raw_rows(&format!("DELETE FROM recovery_codes WHERE user_id = {}", app.f.safety.id)).await;
    let hash = learnloop_domain::second_factor::hash_recovery_code(&codes[0].replace('-', ""));
    app.db.raw_rows(&format!("INSERT INTO recovery_codes (user_id, code_hash) VALUES ({}, '{hash}')", app.f.safety.id)).await;
    let with_recovery = json!({"email": "safety@t.test", "password": PASSWORD, "code": codes[0].to_lowercase()});
    assert_eq!(app.post_json("/api/v1/auth/login", None, &with_recovery).await.status(), StatusCode::OK);
    assert_eq!(app.post_json("/api/v1/auth/login", None, &with_recovery).await.status(), StatusCode::UNAUTHORIZED, "used up");
    let audit = app.db.store.audit_log(app.f.org.id, None, 50).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "person.recovery_code_used"));
    let _ = SAFETY_SECRET;
});

/// The text of a page from a signed-in browser.
async fn text(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let answer = client.get(app.url(path)).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn post_form(client: &Client, app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let answer = client.post(app.url(path)).header("Origin", app.base.clone()).form(form).send().await.unwrap();
    let location = answer.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (answer.status(), location, answer.text().await.unwrap())
}

/// The open request's id from the approvers' page.
fn request_ids(page: &str) -> Vec<String> {
    page.split("id=\"request-").skip(1).map(|rest| rest.split('"').next().unwrap().to_string()).collect()
}

crate::web_test!(an_administrator_cannot_make_a_safety_officer_alone, |app| {
    let admin = app.browser("admin@t.test").await;
    // A new account with the safety role waits for approval; nothing is made yet.
    let form = [("email", "sam@t.test"), ("name", "Sam Reid"), ("job_title", "Head of quality"), ("role", "safety"), ("password", "a long enough password")];
    let (status, location, _) = post_form(&admin, app, "/admin/people", &form).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/admin/people?saved=requested"));
    assert!(app.db.store.credentials_by_email("sam@t.test").await.unwrap().is_none(), "no account until approved");
    // Promoting someone, or setting the safety officer's password: the same.
    let (status, _, _) = post_form(&admin, app, &format!("/admin/people/{}", app.f.colleague.id), &[("name", "Person colleague@t.test"), ("job_title", "Support worker"), ("role", "safety"), ("active", "on"), ("service", &app.f.oak.id.to_string())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.db.store.user(app.f.colleague.id).await.unwrap().role, learnloop_domain::role::Role::Staff, "still staff");
    let (status, _, _) = post_form(&admin, app, &format!("/admin/people/{}/password", app.f.safety.id), &[("password", "the admin's own choice")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let before = app.db.store.credentials_by_email("safety@t.test").await.unwrap().unwrap().password_hash;
    assert!(learnloop_web::auth::password::verify_password(PASSWORD.into(), before).await.unwrap(), "the password is unchanged");
    // Nor can the store be asked directly.
    let hash = learnloop_web::auth::password::hash_password_blocking("x".repeat(12).as_str()).unwrap();
    assert!(matches!(app.db.store.set_password(app.f.org.id, app.f.safety.id, &hash, Some(app.f.admin.id), jiff::Timestamp::UNIX_EPOCH).await, Err(learnloop_store::StoreError::NeedsApproval)));

    // Every quality lead and the safety officer are told, and see the three requests.
    let quality_inbox: Vec<String> = app.db.store.inbox(app.f.quality.id, 20).await.unwrap().into_iter().map(|m| m.subject).collect();
    assert_eq!(quality_inbox.iter().filter(|s| s.starts_with("To decide:")).count(), 3, "{quality_inbox:?}");
    assert_eq!(app.db.store.inbox(app.f.safety.id, 20).await.unwrap().iter().filter(|m| m.subject.starts_with("To decide:")).count(), 3);
    let quality = app.browser("quality@t.test").await;
    let (status, page) = text(&quality, app, "/safety-officer").await;
    assert_eq!(status, StatusCode::OK);
    let ids = request_ids(&page);
    assert_eq!(ids.len(), 3, "{page}");
    // The administrator may see them but not decide.
    let (status, page) = text(&admin, app, "/safety-officer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("/approve\"") , "no approve button for the one who asked");
    let (status, _, _) = post_form(&admin, app, &format!("/safety-officer/requests/{}/approve", ids[0]), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Staff and managers see nothing of it.
    for email in ["staff@t.test", "manager@t.test"] {
        assert_eq!(text(&app.browser(email).await, app, "/safety-officer").await.0, StatusCode::FORBIDDEN);
    }

    // A quality lead the administrator made today may not approve: their role is too new.
    let (status, _, _) = post_form(&admin, app, "/admin/people", &[("email", "fresh@t.test"), ("name", "Fresh Lead"), ("job_title", "Quality lead"), ("role", "quality"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let fresh = app.browser("fresh@t.test").await;
    let (status, _, page) = post_form(&fresh, app, &format!("/safety-officer/requests/{}/approve", ids[0]), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("less than a week"), "{page}");
    // The safety officer may not approve a new password for themselves.
    let safety = app.browser("safety@t.test").await;
    let (_, page) = text(&safety, app, "/safety-officer").await;
    assert!(page.contains("A request about your own account is decided by someone else."));

    // The established quality lead approves the new account and refuses the rest.
    let sam_request = ids.iter().find(|id| page.contains(&format!("id=\"request-{id}\"")) && page.split(&format!("id=\"request-{id}\"")).nth(1).unwrap().split("</li>").next().unwrap().contains("sam@t.test")).unwrap().clone();
    let (status, location, _) = post_form(&quality, app, &format!("/safety-officer/requests/{sam_request}/approve"), &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/safety-officer?done=approved"));
    for id in ids.iter().filter(|id| **id != sam_request) {
        let (status, _, _) = post_form(&quality, app, &format!("/safety-officer/requests/{id}/refuse"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (status, _, _) = post_form(&quality, app, &format!("/safety-officer/requests/{sam_request}/approve"), &[]).await;
    assert_eq!(status, StatusCode::CONFLICT, "decided once");
    let sam = app.db.store.credentials_by_email("sam@t.test").await.unwrap().unwrap().user;
    assert_eq!(sam.role, learnloop_domain::role::Role::Safety);
    assert_eq!(app.db.store.user(app.f.colleague.id).await.unwrap().role, learnloop_domain::role::Role::Staff, "refused: still staff");
    assert!(app.db.store.inbox(app.f.admin.id, 20).await.unwrap().iter().any(|m| m.subject.starts_with("Approved:")), "the one who asked hears");
    let audit: Vec<String> = app.db.store.audit_log(app.f.org.id, None, 100).await.unwrap().into_iter().map(|a| a.action).collect();
    assert!(audit.contains(&"safety_officer.requested".to_string()) && audit.contains(&"safety_officer.approved".to_string()) && audit.contains(&"safety_officer.refused".to_string()));

    // The new safety officer sets up a second factor at their first sign-in.
    let sam_browser = browser();
    let (status, location, _) = post_form(&sam_browser, app, "/sign-in", &[("email", "sam@t.test"), ("password", "a long enough password"), ("next", "/")]).await;
    assert_eq!((status, location.starts_with("/sign-in/second-factor")), (StatusCode::SEE_OTHER, true));
    let (_, page) = text(&sam_browser, app, "/sign-in/second-factor").await;
    assert!(page.contains("Set up your second factor") && page.contains("<svg") && page.contains("id=\"recovery-codes\""), "{page}");
    let key: String = page.split("id=\"second-factor-key\">").nth(1).unwrap().split('<').next().unwrap().replace(' ', "");
    assert!(text(&sam_browser, app, "/sign-in/second-factor").await.1.contains(&key.as_str()[..4]), "the same key on reload");
    let code = learnloop_domain::second_factor::code_at(&key, jiff::Timestamp::now().as_second() as u64).unwrap();
    let (status, _, _) = post_form(&sam_browser, app, "/sign-in/second-factor", &[("code", code.as_str()), ("next", "/")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(text(&sam_browser, app, "/reports").await.0, StatusCode::OK);
    let factor = app.db.store.second_factor(sam.id).await.unwrap();
    assert!(factor.secret.is_some() && factor.pending_recovery_codes.is_empty() && factor.recovery_codes_left == 10);
    let token: Value = app.post_json("/api/v1/auth/login", None, &json!({"email": "sam@t.test", "password": "a long enough password"})).await.json().await.unwrap();
    assert!(token["token"].is_null(), "the API wants the code too");
});
