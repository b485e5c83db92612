//! Retries never make a second report: the report form's hidden key and the
//! API's `Idempotency-Key` header return the first answer; forms answer with
//! a redirect, so reloading a thank-you or follow-up page sends nothing again.

use learnloop_domain::idempotency::{IdempotencyKey, oldest_replay_day};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{error_of, followed, report_body};
use crate::web_test;

fn form<'a>(key: &'a str, identity: &'a str, what: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "near_miss"),
        ("service", "oak-house"),
        ("occurred_at", "2026-11-17T09:15"),
        ("what_happened", what),
        ("identity", identity),
        ("idempotency_key", key),
    ]
}

fn between<'a>(html: &'a str, start: &str) -> &'a str {
    html.split(start).nth(1).and_then(|rest| rest.split('<').next()).unwrap_or("").trim()
}

web_test!(a_form_sent_twice_saves_one_report_and_its_thank_you_page_reloads, |app| {
    let browser = app.browser("staff@t.test").await;
    let page = browser.get(app.url("/report")).send().await.unwrap().text().await.unwrap();
    let key = between(&page, "name=\"idempotency_key\" value=\"").split('"').next().unwrap().to_string();
    assert!(IdempotencyKey::parse(&key).is_ok(), "the form carries a key: {key:?}");

    let what = "The bath hoist sling was frayed at one strap; taken out of use.";
    let first = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form(&key, "anonymous", what)).send().await.unwrap();
    let (location, thanks) = followed(app, &browser, first).await;
    assert_eq!(location, "/report/thanks");
    let reference = between(&thanks, "id=\"reference\">").to_string();
    let code = between(&thanks, "id=\"follow-up-code\">").to_string();
    assert!(reference.starts_with("LL-") && code.len() == 19, "{reference} {code}");

    // A double tap, or a retry after the connection dropped: the same answer.
    let again = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form(&key, "anonymous", what)).send().await.unwrap();
    let (_, thanks_again) = followed(app, &browser, again).await;
    assert_eq!(between(&thanks_again, "id=\"reference\">"), reference);
    assert_eq!(between(&thanks_again, "id=\"follow-up-code\">"), code);
    // Reloading the thank-you page is a GET: nothing is sent.
    let reloaded = browser.get(app.url("/report/thanks")).send().await.unwrap().text().await.unwrap();
    assert_eq!(between(&reloaded, "id=\"reference\">"), reference);
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 1, "one report, however often it was sent");

    // The same key with a different report is refused, nothing saved.
    let changed = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form(&key, "anonymous", "Something else entirely happened on the stairs.")).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(changed.text().await.unwrap().contains("already used for a different report"));
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 1);

    // The replay in the database: filed under a hash, sealed, dated by the day.
    let parsed = IdempotencyKey::parse(&key).unwrap();
    let replay = app.db.store.replay(app.f.org.id, &parsed.replay_id(app.f.org.id), 0).await.unwrap().expect("a replay was kept");
    assert!(!replay.sealed.windows(code.len()).any(|w| w == code.as_bytes()), "the code is not readable in the database");
    assert!(!replay.sealed.windows(reference.len()).any(|w| w == reference.as_bytes()));
    assert!(replay.made_on < 100_000, "days, not seconds: {}", replay.made_on);
    assert!(!replay.replay_id.contains(&key));

    // Another browser (no cookie) finds no thank-you page; a stale one goes to the reporter's reports.
    let other = app.browser("staff@t.test").await;
    let answer = other.get(app.url("/report/thanks")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/my-reports");

    // A fresh form gets a fresh key: a second report is a second report.
    let page = browser.get(app.url("/report")).send().await.unwrap().text().await.unwrap();
    let new_key = between(&page, "name=\"idempotency_key\" value=\"").split('"').next().unwrap().to_string();
    assert_ne!(new_key, key);
    let second = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form(&new_key, "named", what)).send().await.unwrap();
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 2);

    // Forgotten after its days: the housekeeping removes it.
    let far_future = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 3);
    assert!(app.db.store.forget_replays_before(oldest_replay_day(far_future)).await.unwrap() >= 2);
    assert!(app.db.store.replay(app.f.org.id, &parsed.replay_id(app.f.org.id), 0).await.unwrap().is_none());
});

web_test!(the_public_link_redirects_to_its_thank_you_page, |app| {
    let browser = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let public = format!("/r/{}", app.f.org.public_report_key);
    let key = "public-link-key-0001";
    let what = "A visitor's dog was loose in the garden near residents.";
    let mut fields = form(key, "anonymous", what);
    fields.retain(|(name, _)| *name != "identity");
    let first = browser.post(app.url(&public)).header("Origin", app.base.clone()).form(&fields).send().await.unwrap();
    let (location, thanks) = followed(app, &browser, first).await;
    assert_eq!(location, format!("{public}/thanks"));
    let code = between(&thanks, "id=\"follow-up-code\">").to_string();
    let again = browser.post(app.url(&public)).header("Origin", app.base.clone()).form(&fields).send().await.unwrap();
    let (_, thanks_again) = followed(app, &browser, again).await;
    assert_eq!(between(&thanks_again, "id=\"follow-up-code\">"), code);
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 1);
    // Without the cookie, back to the form.
    let answer = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap().get(app.url(&format!("{public}/thanks"))).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], public.as_str());
});

web_test!(an_api_retry_with_the_same_key_returns_the_first_answer, |app| {
    let token = app.token("staff@t.test").await;
    let client = reqwest::Client::new();
    let post = |key: &str, body: &Value| client.post(app.url("/api/v1/reports")).bearer_auth(&token).header("Idempotency-Key", key).json(body).send();
    let body = report_body("anonymous");

    let first = post("0b6f4e9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", &body).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let retry = post("0b6f4e9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", &body).await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.json::<Value>().await.unwrap(), first, "the same reference and follow-up code");
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 1);

    // Sent several times at once (a client retrying on a timeout): one report.
    let key = "7d1c2b3a-0000-4000-8000-00000000beef";
    let mut body_at_once = report_body("named");
    body_at_once["what_happened"] = json!("A wheelchair brake failed on the ramp; the chair was taken out of use.");
    let mut at_once = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let request = client.post(app.url("/api/v1/reports")).bearer_auth(&token).header("Idempotency-Key", key).json(&body_at_once);
        at_once.spawn(request.send());
    }
    let mut references = Vec::new();
    while let Some(answer) = at_once.join_next().await {
        let answer = answer.unwrap().unwrap();
        assert_eq!(answer.status(), StatusCode::CREATED);
        references.push(answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_string());
    }
    references.dedup();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 2);

    // The same key with another body is refused (IETF draft: 422).
    let mut other = body.clone();
    other["what_happened"] = json!("A different report entirely, about the kitchen door.");
    let (status, error) = error_of(post("0b6f4e9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", &other).await.unwrap()).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("idempotency_key_reused")));
    // Another person with the same key and a named report is not given this one's answer.
    let manager = app.token("manager@t.test").await;
    let (status, _) = error_of(client.post(app.url("/api/v1/reports")).bearer_auth(&manager).header("Idempotency-Key", key).json(&body_at_once).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A key too short to be safe is refused before anything is saved.
    let (status, error) = error_of(post("abc", &body).await.unwrap()).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed_request")));
    assert!(error["message"].as_str().unwrap().contains("16 to 255"));
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 2);

    // The public link's API too.
    let public = format!("/api/v1/public/{}/reports", app.f.org.public_report_key);
    let send = || client.post(app.url(&public)).header("Idempotency-Key", "public-api-key-00000001").json(&body).send();
    let a: Value = send().await.unwrap().json().await.unwrap();
    let b: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(a, b);
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 3);
});

web_test!(the_follow_up_page_answers_each_form_with_a_redirect, |app| {
    let token = app.token("staff@t.test").await;
    let created: Value = app.post_json("/api/v1/reports", Some(&token), &report_body("anonymous")).await.json().await.unwrap();
    let code = created["follow_up_code"].as_str().unwrap().to_string();
    let browser = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();

    let entered = browser.post(app.url("/follow-up")).header("Origin", app.base.clone()).form(&[("code", code.as_str())]).send().await.unwrap();
    let (location, page) = followed(app, &browser, entered).await;
    assert_eq!(location, "/follow-up/report");
    assert!(!location.contains(&code), "the code is never in an address");
    assert!(page.contains(created["reference"].as_str().unwrap()));

    let replied = browser.post(app.url("/follow-up/reply")).header("Origin", app.base.clone()).form(&[("code", code.as_str()), ("text", "Could the trolley have dividers?")]).send().await.unwrap();
    let (location, page) = followed(app, &browser, replied).await;
    assert_eq!(location, "/follow-up/report?done=reply");
    assert!(page.contains("Your message is with the team"));
    // Reloading shows the page again without sending the message twice.
    let reloaded = browser.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert_eq!(reloaded.matches("Could the trolley have dividers?").count(), 1);
    let follow: Value = app.get(&format!("/api/v1/follow-up/{code}"), None).await.json().await.unwrap();
    assert_eq!(follow["messages"].as_array().unwrap().iter().filter(|m| m["text"] == "Could the trolley have dividers?").count(), 1);

    // A message with nothing in it is shown with the problem, not redirected.
    let empty = browser.post(app.url("/follow-up/reply")).header("Origin", app.base.clone()).form(&[("code", code.as_str()), ("text", "  ")]).send().await.unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Done on a shared computer: the code is forgotten on this device.
    let left = browser.post(app.url("/follow-up/leave")).header("Origin", app.base.clone()).send().await.unwrap();
    let (_, page) = followed(app, &browser, left).await;
    assert!(page.contains("no longer kept on this device"));
    let answer = browser.get(app.url("/follow-up/report")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/follow-up");
});
