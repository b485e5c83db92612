//! Every error code is listed once, with its status and its words, in
//! docs/errors.md and in the OpenAPI document, from the one place the code
//! keeps them.

use std::collections::BTreeMap;

use learnloop_web::error::{GENERAL_CODES, all_codes};
use learnloop_web::refusal::Refusal;
use reqwest::StatusCode;
use serde_json::Value;

use crate::web_test;

/// `code -> (status, words)` from the tables of docs/errors.md.
fn documented_codes() -> BTreeMap<String, (u16, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/errors.md")).expect("docs/errors.md");
    let mut codes = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let code = cells[0].trim_matches('`').to_string();
        let status: u16 = cells[1].parse().expect("a status in the second column");
        assert!(codes.insert(code.clone(), (status, cells[2].to_string())).is_none(), "{code} is listed twice");
    }
    codes
}

#[test]
fn docs_errors_lists_every_code_with_its_status_and_words() {
    let documented = documented_codes();
    let mut expected = BTreeMap::new();
    for (code, status, meaning) in GENERAL_CODES {
        expected.insert(code.to_string(), (status, meaning.to_string()));
    }
    for refusal in Refusal::ALL {
        expected.insert(refusal.code().to_string(), (refusal.status().as_u16(), refusal.message().to_string()));
    }
    assert_eq!(documented, expected, "docs/errors.md and the code disagree");
    let codes = all_codes();
    assert_eq!(codes.len(), expected.len(), "every code is distinct");
}

web_test!(the_openapi_document_lists_every_error_code, |app| {
    let doc: Value = app.get("/api/v1/openapi.json", None).await.json().await.unwrap();
    let listed: Vec<&str> = doc["components"]["schemas"]["ErrorDetail"]["properties"]["code"]["enum"]
        .as_array()
        .expect("ErrorDetail.code is an enum")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(listed, all_codes());
});

web_test!(an_unknown_page_helps_the_person_on_and_the_icon_is_served, |app| {
    let answer = reqwest::get(app.url("/reprot")).await.unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    let html = answer.text().await.unwrap();
    assert!(html.contains("We could not find that page") && html.contains("href=\"/report\"") && html.contains("href=\"/follow-up\""), "{html}");
    // The API keeps its own error shape.
    let api = reqwest::get(app.url("/api/v1/no-such-thing")).await.unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.headers()["content-type"], "application/json");
    let icon = reqwest::get(app.url("/favicon.ico")).await.unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert!(reqwest::get(app.url("/sign-in")).await.unwrap().text().await.unwrap().contains("rel=\"icon\""));
});
