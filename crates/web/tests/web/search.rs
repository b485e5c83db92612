use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, error_of};
use crate::web_test;

/// Submits a report through the API as `email`; returns its reference.
async fn report(app: &TestApp, email: &str, service: &str, identity: &str, text: &str) -> String {
    let token = app.token(email).await;
    let body = json!({
        "kind": "incident", "service": service, "occurred_at": "2026-11-17T09:15:00Z",
        "what_happened": text, "identity": identity, "category": "falls", "harm": "low",
        "immediate_actions": "Checked for injury and called the nurse.",
    });
    let answer = app.post_json("/api/v1/reports", Some(&token), &body).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_string()
}

async fn found(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let answer = app.get(&format!("/api/v1/search?q={}", urlencode(q)), Some(token)).await;
    assert_eq!(answer.status(), StatusCode::OK, "{q}");
    let mut refs: Vec<String> = answer.json::<Vec<Value>>().await.unwrap().iter().map(|r| r["reference"].as_str().unwrap().to_string()).collect();
    refs.sort();
    refs
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

web_test!(search_answers_the_contract, |app| {
    let r = report(app, "staff@t.test", "oak-house", "named", "Resident B slipped in the bathroom after her shower.").await;
    let token = app.token("quality@t.test").await;
    let answer = app.get("/api/v1/search?q=bathroom", Some(&token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Vec<Value> = answer.json().await.unwrap();
    assert_eq!(body.len(), 1);
    let row = &body[0];
    assert_eq!(row["reference"], r.as_str());
    assert_eq!(row["kind"], "incident");
    assert_eq!(row["identity"], "named");
    assert_eq!(row["status"], "received");
    assert_eq!(row["service"], "Oak House");
    assert_eq!(row["category"], "falls");
    assert_eq!(row["harm"], "low");
    assert!(row["excerpt"].as_str().unwrap().starts_with("Resident B slipped"));
    assert!(row["submitted_at"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok(), "{row}");
    assert!(row.get("reporter_name").is_none(), "search results name nobody");
    // Immediate actions are searched too; the limit is honoured and checked.
    assert_eq!(found(app, &token, "nurse").await, vec![r.clone()]);
    for _ in 0..2 {
        report(app, "staff@t.test", "oak-house", "named", "Another bathroom report.").await;
    }
    let two: Vec<Value> = app.get("/api/v1/search?q=bathroom&limit=2", Some(&token)).await.json().await.unwrap();
    assert_eq!(two.len(), 2);
    for bad in ["0", "201", "many"] {
        let (status, error) = error_of(app.get(&format!("/api/v1/search?q=bathroom&limit={bad}"), Some(&token)).await).await;
        assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("limit")), "{bad}");
    }
    // The path is documented.
    let doc: Value = app.get("/api/v1/openapi.json", None).await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/search"]["get"].is_object());
});

web_test!(search_refuses_blank_queries_admins_and_strangers, |app| {
    let token = app.token("manager@t.test").await;
    for q in ["", "%20%20", "%09"] {
        let (status, error) = error_of(app.get(&format!("/api/v1/search?q={q}"), Some(&token)).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q:?}");
        assert_eq!(error["code"], "invalid_field");
        assert_eq!(error["field"], "q");
    }
    let (status, error) = error_of(app.get("/api/v1/search", Some(&token)).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("q")));
    // Punctuation and operators only: no word to search for.
    let (status, error) = error_of(app.get(&format!("/api/v1/search?q={}", urlencode("\"*:() -^")), Some(&token)).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("q")));
    // Operators among words never break the search.
    for q in ["fall\" OR (", "NEAR(fall, 2)", "fall*", "fall & !slip | x", "{facets}:fall", "fall:*"] {
        assert_eq!(app.get(&format!("/api/v1/search?q={}", urlencode(q)), Some(&token)).await.status(), StatusCode::OK, "{q}");
    }

    let admin = app.token("admin@t.test").await;
    let (status, error) = error_of(app.get("/api/v1/search?q=fall", Some(&admin)).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (status, error) = error_of(app.get("/api/v1/search?q=fall", None).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorised")));
});

web_test!(search_shows_each_role_only_what_it_may_read, |app| {
    let text = "The wheelchair brake failed on the ramp.";
    let mine = report(app, "staff@t.test", "oak-house", "named", text).await;
    let my_confidential = report(app, "staff@t.test", "oak-house", "confidential", text).await;
    let my_anonymous = report(app, "staff@t.test", "oak-house", "anonymous", text).await;
    let colleague = report(app, "colleague@t.test", "oak-house", "named", text).await;
    let maple = report(app, "maple.manager@t.test", "maple-court", "named", text).await;

    let staff = app.token("staff@t.test").await;
    assert_eq!(found(app, &staff, "wheelchair brake").await, sorted(vec![mine.clone(), my_confidential.clone()]));
    let manager = app.token("manager@t.test").await;
    assert_eq!(found(app, &manager, "wheelchair").await, sorted(vec![mine.clone(), my_confidential.clone(), my_anonymous.clone(), colleague.clone()]));
    let other_manager = app.token("maple.manager@t.test").await;
    assert_eq!(found(app, &other_manager, "wheelchair").await, vec![maple.clone()]);
    let everything = sorted(vec![mine, my_confidential, my_anonymous, colleague, maple]);
    for lead in ["quality@t.test", "safety@t.test"] {
        let token = app.token(lead).await;
        assert_eq!(found(app, &token, "wheelchair").await, everything, "{lead}");
    }
});

web_test!(the_search_page_works_without_script, |app| {
    let r = report(app, "staff@t.test", "oak-house", "named", "A sensor mat was unplugged in room 7.").await;
    let browser = app.browser("manager@t.test").await;
    let home = browser.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("href=\"/search\""), "managers get a Search link");

    let empty = browser.get(app.url("/search")).send().await.unwrap();
    assert_eq!(empty.status(), StatusCode::OK);
    let html = empty.text().await.unwrap();
    assert!(html.contains("<form method=\"get\" action=\"/search\"") && html.contains("name=\"q\""));

    let html = browser.get(app.url("/search?q=sensor+mat")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("/reports/{r}")), "the result links to the report");
    assert!(html.contains("A sensor mat was unplugged"));
    assert!(html.contains("value=\"sensor mat\""), "the form keeps the words");

    let html = browser.get(app.url("/search?q=trampoline")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("No reports found"));
    let blank = browser.get(app.url("/search?q=%20")).send().await.unwrap();
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.text().await.unwrap().contains("Type a word to search for."));
    // Markup in the query is shown as text, never as markup.
    let html = browser.get(app.url("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"));

    let admin = app.browser("admin@t.test").await;
    assert_eq!(admin.get(app.url("/search?q=sensor")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let admin_home = admin.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!admin_home.contains("href=\"/search\""), "administrators have no Search link");
    let staff = app.browser("staff@t.test").await;
    let html = staff.get(app.url("/search?q=sensor")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("/reports/{r}")));
});
