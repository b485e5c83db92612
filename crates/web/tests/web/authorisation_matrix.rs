//! The authorisation matrix: every route the server has (from its own route
//! table), called as no one, staff, a manager, another service's manager, a
//! quality lead, the safety officer and an administrator, against a table of
//! expected answers. A route missing from the table fails the test, so a new
//! route cannot ship without saying who may use it.
//!
//! Pages are called with the session cookie, `/api/` routes with a bearer
//! token; writes are sent with an empty form or `{}`, so a permitted caller
//! gets as far as the checks of what was sent (422) or of the record's state
//! (409), and a refused one stops at 401/403/404 or is sent to sign in (303).

use std::collections::BTreeMap;

use learnloop_domain::safety_officer::RequestKind;
use learnloop_store::safety_officer::Asked;
use learnloop_store::testing::at;
use learnloop_web::{AppConfig, AppState};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, report_body};

/// Callers, in the order of each row's answers.
const CALLERS: [&str; 7] = ["nobody", "staff", "manager", "other_manager", "quality", "safety", "admin"];

/// Expected answers: method, path, then one status per caller (see CALLERS).
/// `303` on a page for "nobody" is the redirect to sign in.
const EXPECTED: &str = include_str!("authorisation_matrix.txt");

struct Caller {
    name: &'static str,
    browser: Client,
    token: Option<String>,
}

/// The records the routes' path parameters name, made as people would.
pub(crate) struct Records {
    pub(crate) values: BTreeMap<&'static str, String>,
}

pub(crate) async fn records(app: &TestApp) -> Records {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let quality = app.token("quality@t.test").await;
    // An Oak House report by staff that opens a notification, an escalation and candour.
    let mut body = report_body("named");
    body["category"] = json!("safeguarding");
    body["harm"] = json!("severe");
    let report: Value = app.post_json("/api/v1/reports", Some(&staff), &body).await.json().await.unwrap();
    let reference = report["reference"].as_str().unwrap().to_string();
    let anonymous: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("anonymous")).await.json().await.unwrap();
    let action: Value = app
        .post_json(&format!("/api/v1/reports/{reference}/actions"), Some(&manager), &json!({"title": "Lock the side gate", "owner": "manager@t.test", "due": jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap()).date().tomorrow().unwrap().to_string()}))
        .await
        .json()
        .await
        .unwrap();
    let learning: Value = app
        .post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&manager), &json!({"summary": "Keep the side gate locked at night.", "audiences": ["service:oak-house"]}))
        .await
        .json()
        .await
        .unwrap();
    let measure: Value = app
        .post_json("/api/v1/measures", Some(&quality), &json!({"name": "Documentation time", "kind": "value", "unit": "minutes", "improvement": "decrease"}))
        .await
        .json()
        .await
        .unwrap();
    let started = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - 3600).unwrap().to_string();
    let restriction: Value = app
        .post_json("/api/v1/restrictive-practice", Some(&staff), &json!({"service": "oak-house", "restraint_type": "physical", "started_at": started, "duration_minutes": 3,
            "person_reference": "Resident K", "behaviour_before": "Running towards the road.", "de_escalation": "Called his name, offered headphones.",
            "less_restrictive_options": "Blocking the gate was tried.", "staff_involved": "Two support workers", "injury": false}))
        .await
        .json()
        .await
        .unwrap();
    let notification = app.db.store.report_obligations(app.db.store.report_by_reference(app.f.org.id, &reference).await.unwrap().unwrap().id).await.unwrap().notifications[0].id;
    // Two walls: one to revoke, one to open.
    let state = AppState::new(app.db.store.clone(), AppConfig::default());
    let wall = |name: &str| learnloop_web::operations::walls::WallInput { name: name.into(), service: "oak-house".into(), measures: vec!["reports".into()], ..Default::default() };
    let (revocable, _) = learnloop_web::operations::walls::create(&state, &app.f.manager, &wall("Oak House office")).await.unwrap();
    let (_, open_token) = learnloop_web::operations::walls::create(&state, &app.f.manager, &wall("Oak House staff room")).await.unwrap();
    // A request to make the colleague safety officer that lapsed long ago:
    // deciding it reaches the rules without changing anyone.
    let request = app.db.store.request_safety_officer(app.f.org.id, &Asked::Appoint { user: &app.f.colleague }, app.f.admin.id, at(learnloop_store::testing::NOW - 30 * 86_400)).await.unwrap().unwrap();
    let _ = RequestKind::Appoint;
    let mut values = BTreeMap::new();
    values.insert("reference", reference);
    values.insert("code", anonymous["follow_up_code"].as_str().unwrap().to_string());
    values.insert("action", action["id"].to_string());
    values.insert("learning", learning["id"].to_string());
    values.insert("measure", measure["id"].to_string());
    values.insert("restriction", restriction["id"].to_string());
    values.insert("notification", notification.to_string());
    values.insert("wall", revocable.id.to_string());
    values.insert("wall_token", open_token.as_str().to_string());
    values.insert("person", app.f.colleague.id.to_string());
    values.insert("service", app.f.oak.id.to_string());
    values.insert("request", request.to_string());
    Records { values }
}

/// The concrete path for a route of the table.
pub(crate) async fn concrete(app: &TestApp, records: &Records, path: &str) -> String {
    let id = if path.starts_with("/actions/") || path.starts_with("/api/v1/actions/") {
        "action"
    } else if path.contains("/learning/") {
        "learning"
    } else if path.contains("/measures/") {
        "measure"
    } else if path.contains("/restrictive-practice/") {
        "restriction"
    } else if path.contains("/notifications/") {
        "notification"
    } else if path.starts_with("/dashboard/walls/") {
        "wall"
    } else if path.starts_with("/admin/people/") {
        "person"
    } else if path.starts_with("/admin/services/") {
        "service"
    } else {
        "request"
    };
    // The public link's key changes when an administrator makes a new one.
    let key = app.db.store.organisation(app.f.org.id).await.unwrap().public_report_key;
    let token = if path.starts_with("/wall/") { records.values["wall_token"].clone() } else { "0".repeat(64) };
    path.replace("{reference}", &records.values["reference"])
        .replace("{code}", &records.values["code"])
        .replace("{org_key}", &key)
        .replace("{slug}", "oak-house")
        .replace("{token}", &token)
        .replace("{id}", &records.values[id])
}

/// What a few routes need beyond their path to reach their permission
/// checks: a query naming the chart or form, a field naming the kind.
pub(crate) fn query_and_form(route: &str) -> (&'static str, &'static [(&'static str, &'static str)]) {
    match route {
        "/dashboard.csv" => ("?chart=reports", &[]),
        "/charts/example.csv" => ("?chart=reports-by-month", &[]),
        "/reports/{reference}/reviews/new" => ("?type=debrief", &[]),
        "/reports/{reference}/reviews" => ("", &[("type", "debrief")]),
        _ => ("", &[]),
    }
}

async fn call(app: &TestApp, caller: &Caller, method: &Method, route: &str, path: &str) -> StatusCode {
    let api = path.starts_with("/api/");
    let (query, form) = query_and_form(route);
    let mut request = caller.browser.request(method.clone(), app.url(&format!("{path}{query}"))).header("Origin", app.base.clone());
    if api {
        if let Some(token) = &caller.token {
            request = request.bearer_auth(token);
        }
        if *method == Method::POST {
            request = request.json(&json!({}));
        }
    } else if *method == Method::POST {
        request = request.form(form);
    }
    request.send().await.unwrap().status()
}

crate::web_test!(every_route_answers_each_caller_as_the_table_says, |app| {
    let records = records(app).await;
    let mut callers = Vec::new();
    for name in CALLERS {
        let (browser, token) = match name {
            "nobody" => (Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(), None),
            other => {
                let email = if other == "other_manager" { "maple.manager@t.test".to_string() } else { format!("{other}@t.test") };
                (app.browser(&email).await, Some(app.token(&email).await))
            }
        };
        callers.push(Caller { name, browser, token });
    }
    let expected: BTreeMap<(String, String), Vec<u16>> = EXPECTED
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut fields = line.split_whitespace();
            let method = fields.next().unwrap().to_string();
            let path = fields.next().unwrap().to_string();
            let statuses: Vec<u16> = fields.map(|s| s.parse().unwrap()).collect();
            assert_eq!(statuses.len(), CALLERS.len(), "{line}");
            ((method, path), statuses)
        })
        .collect();
    // Signing out ends the caller's session, so it goes last.
    let mut table = learnloop_web::route_table();
    table.sort_by_key(|r| r.path.ends_with("/sign-out") || r.path.ends_with("/auth/logout"));
    let mut actual = Vec::new();
    let mut problems = Vec::new();
    for route in &table {
        let path = concrete(app, &records, &route.path).await;
        let mut statuses = Vec::new();
        for caller in &callers {
            statuses.push(call(app, caller, &route.method, &route.path, &path).await.as_u16());
        }
        let key = (route.method.to_string(), route.path.clone());
        match expected.get(&key) {
            None => problems.push(format!("unlisted route {} {}: add it to authorisation_matrix.txt with who may use it", key.0, key.1)),
            Some(want) if *want != statuses => problems.push(format!("{} {}: expected {want:?}, got {statuses:?} (callers {CALLERS:?})", key.0, key.1)),
            Some(_) => {}
        }
        actual.push(format!("{:<5} {:<52} {}", key.0, key.1, statuses.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" ")));
    }
    for key in expected.keys() {
        if !table.iter().any(|r| r.method.as_str() == key.0 && r.path == key.1) {
            problems.push(format!("{} {} is in the table but the server has no such route", key.0, key.1));
        }
    }
    if !problems.is_empty() {
        panic!("{} problems:\n{}\n\nwhat the server answered:\n{}", problems.len(), problems.join("\n"), actual.join("\n"));
    }
    assert!(table.len() > 140, "the whole table was called");
    let _ = &callers.iter().map(|c| c.name).collect::<Vec<_>>();
});
