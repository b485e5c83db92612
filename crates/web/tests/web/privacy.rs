use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{error_of, report_body};
use crate::web_test;

web_test!(an_anonymous_reporter_follows_up_with_the_code_alone, |app| {
    let staff = app.token("staff@t.test").await;
    let created: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("anonymous")).await.json().await.unwrap();
    let code = created["follow_up_code"].as_str().unwrap();
    let follow_up: Value = app.get(&format!("/api/v1/follow-up/{code}"), None).await.json().await.unwrap();
    assert_eq!(follow_up["reference"], created["reference"]);
    assert_eq!(follow_up["status"], "received");
    assert!(follow_up["messages"].as_array().unwrap()[0]["text"].as_str().unwrap().contains("Thank you"));
    // Lower case and without dashes works too; a wrong code does not.
    let loose = code.replace('-', "").to_lowercase();
    assert_eq!(app.get(&format!("/api/v1/follow-up/{loose}"), None).await.status(), StatusCode::OK);
    let (status, _) = error_of(app.get("/api/v1/follow-up/0000-0000-0000-0000", None).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Nobody, not even the safety officer, sees who made it; it is not in "my reports".
    let path = format!("/api/v1/reports/{}", created["reference"].as_str().unwrap());
    let safety = app.token("safety@t.test").await;
    let seen: Value = app.get(&path, Some(&safety)).await.json().await.unwrap();
    assert!(seen["reporter"].is_null());
    assert_eq!(seen["submitted_at"].as_str().unwrap().get(10..).unwrap(), "T00:00:00Z", "only the day is kept");
    let mine: Value = app.get("/api/v1/reports", Some(&staff)).await.json().await.unwrap();
    assert!(mine["reports"].as_array().unwrap().is_empty());
    let (status, _) = error_of(app.get(&path, Some(&staff)).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the reporter cannot even prove it was theirs");
    assert!(app.db.store.inbox(app.f.staff.id, 10).await.unwrap().is_empty(), "no inbox message names them");
});

web_test!(a_confidential_reporter_is_shown_to_the_safety_officer_alone, |app| {
    let staff = app.token("staff@t.test").await;
    let created: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("confidential")).await.json().await.unwrap();
    let path = format!("/api/v1/reports/{}", created["reference"].as_str().unwrap());
    for email in ["manager@t.test", "quality@t.test", "staff@t.test"] {
        let token = app.token(email).await;
        let seen: Value = app.get(&path, Some(&token)).await.json().await.unwrap();
        assert!(seen["reporter"].is_null(), "{email} must not see a confidential reporter");
    }
    let safety = app.token("safety@t.test").await;
    // Reading the report never shows who made it, even to the safety officer,
    // and writes nothing to the audit log; asking for the reporter does both.
    let looks = || async { app.db.store.audit_log(app.f.org.id, None, 50).await.unwrap().iter().filter(|a| a.action == "report.confidential_reporter_viewed").count() };
    for _ in 0..3 {
        let seen: Value = app.get(&path, Some(&safety)).await.json().await.unwrap();
        assert!(seen["reporter"].is_null());
    }
    assert_eq!(looks().await, 0);
    let reveal = format!("{path}/reporter");
    let reporter: Value = app.post_json(&reveal, Some(&safety), &json!({})).await.json().await.unwrap();
    assert_eq!(reporter["email"], "staff@t.test");
    assert_eq!(looks().await, 1);
    let audit = app.db.store.audit_log(app.f.org.id, None, 50).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "report.confidential_reporter_viewed" && a.actor_id == Some(app.f.safety.id.get())));
    for email in ["manager@t.test", "quality@t.test"] {
        let token = app.token(email).await;
        let (status, _) = error_of(app.post_json(&reveal, Some(&token), &json!({})).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email} asked who reported");
    }
    assert_eq!(looks().await, 1);
    // The reporter was acknowledged in their inbox.
    assert_eq!(app.db.store.inbox(app.f.staff.id, 10).await.unwrap().len(), 1);
});

web_test!(the_public_link_reports_anonymously_and_is_rate_limited, |app| {
    let key = &app.f.org.public_report_key;
    let mut body = report_body("named");
    body["identity"] = json!("named"); // ignored: the public link is always anonymous
    let answer = app.post_json(&format!("/api/v1/public/{key}/reports"), None, &body).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let created: Value = answer.json().await.unwrap();
    assert!(created["follow_up_code"].is_string());
    let quality = app.token("quality@t.test").await;
    let seen: Value = app.get(&format!("/api/v1/reports/{}", created["reference"].as_str().unwrap()), Some(&quality)).await.json().await.unwrap();
    assert_eq!(seen["identity"], "anonymous");

    let (status, _) = error_of(app.post_json("/api/v1/public/wrong-key/reports", None, &body).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let mut last = StatusCode::CREATED;
    for _ in 0..learnloop_domain::public_link::PUBLIC_SUBMISSIONS_PER_MINUTE + 1 {
        last = app.post_json(&format!("/api/v1/public/{key}/reports"), None, &body).await.status();
        if last == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "the link is rate-limited");
});

web_test!(failed_sign_ins_are_throttled_per_account, |app| {
    for _ in 0..4 {
        let answer = app.post_json("/api/v1/auth/login", None, &json!({"email": "colleague@t.test", "password": "not my password"})).await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    }
    let answer = app.post_json("/api/v1/auth/login", None, &json!({"email": "colleague@t.test", "password": "not my password"})).await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers().contains_key("retry-after"));
    // Even the right password waits now; other accounts are unaffected.
    let answer = app.post_json("/api/v1/auth/login", None, &json!({"email": "colleague@t.test", "password": crate::support::PASSWORD})).await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    app.token("staff@t.test").await;
});

web_test!(an_anonymous_report_never_keeps_the_minute_its_form_was_opened, |app| {
    // The public link's form leaves the time empty: the reporter says when.
    let public = reqwest::Client::new().get(app.url(&format!("/r/{}", app.f.org.public_report_key))).send().await.unwrap().text().await.unwrap();
    let input = public.split("id=\"occurred_at\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(input.contains("value=\"\""), "the public form fills in no time: {input}");
    assert!(!public.contains("occurred_at_prefilled"));

    // The signed-in form fills in now; an anonymous report left at it is refused.
    let browser = app.browser("staff@t.test").await;
    let page = browser.get(app.url("/report")).send().await.unwrap().text().await.unwrap();
    let prefilled = page.split("name=\"occurred_at_prefilled\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(prefilled.len(), "2026-12-07T13:05".len());
    let form = |identity: &'static str, occurred_at: String| {
        vec![
            ("kind", "near_miss".to_string()),
            ("service", "oak-house".into()),
            ("occurred_at", occurred_at),
            ("occurred_at_prefilled", prefilled.clone()),
            ("what_happened", "The lift door closed on a wheelchair footplate; nobody was hurt.".into()),
            ("identity", identity.into()),
        ]
    };
    let answer = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form("anonymous", prefilled.clone())).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains("id=\"occurred_at-error\">Change this to when it happened"), "{html}");
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 0, "nothing saved");
    // Changed, it is saved; a named report may keep the time filled in.
    let answer = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form("anonymous", "2026-11-17T09:15".into())).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let answer = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form("named", prefilled.clone())).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
});

web_test!(a_session_cookie_is_for_pages_and_a_token_for_the_api, |app| {
    // A browser session's secret sent as a bearer token opens no API route.
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = browser
        .post(app.url("/sign-in"))
        .header("Origin", app.base.clone())
        .form(&[("email", "manager@t.test"), ("password", crate::support::PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    let cookie = answer.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let secret = cookie.split_once('=').unwrap().1.to_string();
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status(), StatusCode::UNAUTHORIZED);
    // Nor does the cookie itself, on any API route, read or write.
    let with_cookie = |path: &str| reqwest::Client::new().get(app.url(path)).header("Cookie", cookie.clone()).send();
    assert_eq!(with_cookie("/api/v1/me").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(with_cookie("/api/v1/triage").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let text_plain = |auth: (&'static str, String)| {
        reqwest::Client::new()
            .post(app.url("/api/v1/reports"))
            .header(auth.0, auth.1)
            .header("Content-Type", "text/plain")
            .body(crate::support::report_body("named").to_string())
            .send()
    };
    // A cross-site form can send a cookie and text/plain, never JSON.
    assert_eq!(text_plain(("Cookie", cookie.clone())).await.unwrap().status(), StatusCode::UNAUTHORIZED, "no sign-in by cookie");
    let token = app.token("manager@t.test").await;
    assert_eq!(text_plain(("Authorization", format!("Bearer {token}"))).await.unwrap().status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "JSON only");
    let write = reqwest::Client::new().post(app.url("/api/v1/reports")).header("Cookie", cookie.clone()).json(&crate::support::report_body("named")).send().await.unwrap();
    assert_eq!(write.status(), StatusCode::UNAUTHORIZED, "never signed in by cookie, whatever the body");
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 0);
    // The cookie opens pages; an API token in the cookie's place opens none.
    let page = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    assert_eq!(page.get(app.url("/triage")).header("Cookie", cookie.clone()).send().await.unwrap().status(), StatusCode::OK);
    let as_cookie = page.get(app.url("/triage")).header("Cookie", format!("{}={token}", learnloop_web::auth::SESSION_COOKIE)).send().await.unwrap();
    assert_eq!(as_cookie.status(), StatusCode::SEE_OTHER, "sent to sign in");
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), StatusCode::OK);
});

web_test!(signed_in_pages_and_api_answers_are_never_cached, |app| {
    let browser = app.browser("staff@t.test").await;
    for path in ["/", "/report", "/my-reports", "/inbox", "/learning"] {
        let answer = browser.get(app.url(path)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        assert_eq!(answer.headers()["cache-control"], "no-store", "{path}");
    }
    let token = app.token("staff@t.test").await;
    for path in ["/api/v1/me", "/api/v1/reports", "/api/v1/learning"] {
        let answer = app.get(path, Some(&token)).await;
        assert_eq!(answer.headers()["cache-control"], "no-store", "{path}");
    }
    let created = app.post_json("/api/v1/reports", Some(&token), &crate::support::report_body("anonymous")).await;
    assert_eq!(created.headers()["cache-control"], "no-store", "the follow-up code is in this answer");
    // The follow-up page shows a report to whoever has the code.
    assert_eq!(reqwest::get(app.url("/follow-up")).await.unwrap().headers()["cache-control"], "no-store");
    // Only the static assets may be kept.
    assert_eq!(reqwest::get(app.url("/assets/app.css")).await.unwrap().headers()["cache-control"], "public, max-age=3600");
});
