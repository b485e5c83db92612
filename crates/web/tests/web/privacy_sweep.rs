//! The privacy test that stays. One reporter, Ottoline, makes confidential
//! and anonymous reports through every path (the report form, the API, the
//! public link's form and API), replies and rates through the follow-up page
//! and API; then everything is read: every cell of every table, the SQLite
//! file and its write-ahead log, the server's log output, and every page and
//! API answer each role can open. It fails if anything links an anonymous
//! report to her or to a time finer than its day, or shows a confidential
//! reporter to anyone but the safety officer, who must ask on purpose.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use learnloop_domain::role::Role;
use learnloop_store::people::NewUser;
use learnloop_store::testing::at;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::authorisation_matrix::{concrete, query_and_form, records};
use crate::support::{PASSWORD, TestApp};

const NAME: &str = "Ottoline Quark";
const EMAIL: &str = "ottoline@t.test";

/// The server's log lines, captured for the whole test process.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() -> Captured {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("trace,sqlx=info,hyper=info,h2=info,reqwest=info,rustls=info")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("one subscriber per test process");
    captured
}

/// Every cell as (table, column, value), counted.
async fn cells(app: &TestApp) -> HashMap<(String, String, String), usize> {
    let mut counts = HashMap::new();
    for cell in app.db.every_cell().await {
        *counts.entry(cell).or_insert(0) += 1;
    }
    counts
}

/// The cells an action added (or changed to): after minus before.
fn new_cells(before: &HashMap<(String, String, String), usize>, after: &HashMap<(String, String, String), usize>) -> Vec<(String, String, String)> {
    after.iter().filter(|(cell, n)| before.get(*cell).copied().unwrap_or(0) < **n).map(|(cell, _)| cell.clone()).collect()
}

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Waits for a fresh second, so that nothing written before shares it.
async fn fresh_second() -> i64 {
    let now = jiff::Timestamp::now();
    let wait = 1_000_000_000 - i64::from(now.subsec_nanosecond()) + 20_000_000;
    tokio::time::sleep(std::time::Duration::from_nanos(wait as u64)).await;
    now_seconds()
}

/// Columns a person's id could be written to.
fn names_a_person(column: &str) -> bool {
    column.ends_with("user_id") || column.ends_with("_by") || column == "actor_id" || column == "author_id" || column == "lead_id" || column == "owner_id"
}

/// One anonymous action, watched: what it wrote may hold no time finer than
/// the day and nothing of the reporter. Returns the seconds it ran in.
async fn anonymous_step<F, Fut>(app: &TestApp, what: &str, reporter_id: i64, action: F) -> (i64, i64)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let before = cells(app).await;
    let t0 = fresh_second().await;
    action().await;
    let t1 = now_seconds();
    // Let the second end, so the next writes are in later seconds.
    while now_seconds() <= t1 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let after = cells(app).await;
    let added = new_cells(&before, &after);
    assert!(!added.is_empty(), "{what}: nothing was written");
    let clock = regex::Regex::new(r"\b([01]\d|2[0-3]):([0-5]\d)\b").unwrap();
    for (table, column, value) in &added {
        if let Ok(n) = value.parse::<i64>() {
            let chosen_by_reporter = table == "reports" && (column == "occurred_at" || column == "occurred_month");
            if (1_600_000_000..2_200_000_000).contains(&n) && !chosen_by_reporter {
                assert_eq!(n % 86_400, 0, "{what}: {table}.{column} = {n} is a time finer than the day");
            }
            assert!(!(t0..=t1).contains(&n), "{what}: {table}.{column} holds the moment it was made");
            if names_a_person(column) {
                assert_ne!(n, reporter_id, "{what}: {table}.{column} names the reporter");
            }
        }
        assert!(!value.contains(EMAIL) && !value.contains(NAME), "{what}: {table}.{column} names the reporter: {value}");
        let reporters_words = table == "reports" || table.starts_with("report_search") || table == "report_messages";
        if !reporters_words {
            for time in clock.captures_iter(value) {
                assert_eq!(&time[0], "00:00", "{what}: {table}.{column} holds a time of day: {value}");
            }
        }
    }
    (t0, t1)
}

fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// A report body for the API; `nonce` makes its words findable anywhere.
fn body(identity: &str, nonce: &str) -> Value {
    json!({
        "kind": "incident",
        "service": "oak-house",
        "occurred_at": "2026-11-17T09:15:00Z",
        "what_happened": format!("A resident was pushed by a visitor in the corridor ({nonce})."),
        "identity": identity,
        "category": "safeguarding",
        "harm": "severe",
        "people_affected": ["Resident A"]
    })
}

/// Submits the report form (signed-in or public) and returns the thank-you
/// page's reference and follow-up code.
async fn form_report(app: &TestApp, client: &Client, action: &str, identity: &str, nonce: &str) -> (String, Option<String>) {
    let what = format!("A resident was pushed by a visitor in the corridor ({nonce}).");
    let form = [
        ("kind", "incident"),
        ("service", "oak-house"),
        ("occurred_at", "2026-11-17T09:15"),
        ("what_happened", what.as_str()),
        ("identity", identity),
        ("category", "safeguarding"),
        ("harm", "severe"),
        ("people_affected", "Resident A"),
    ];
    let answer = client.post(app.url(action)).header("Origin", app.base.clone()).form(&form).send().await.unwrap();
    let (_, html) = crate::support::followed(app, client, answer).await;
    let reference = html.split("id=\"reference\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let code = html.split("id=\"follow-up-code\">").nth(1).map(|rest| rest.split('<').next().unwrap().trim().to_string());
    (reference, code)
}

async fn api_report(app: &TestApp, path: &str, token: Option<&str>, identity: &str, nonce: &str) -> (String, Option<String>) {
    let answer = app.post_json(path, token, &body(identity, nonce)).await;
    assert_eq!(answer.status(), StatusCode::CREATED, "{path}");
    let created: Value = answer.json().await.unwrap();
    (created["reference"].as_str().unwrap().to_string(), created["follow_up_code"].as_str().map(str::to_string))
}

/// The byte pages (4 KiB) of the SQLite file and the frames of its log.
fn pages(app: &TestApp) -> Vec<Vec<u8>> {
    let path = app.db.sqlite_path().unwrap();
    let mut out: Vec<Vec<u8>> = std::fs::read(&path).unwrap().chunks(4096).map(<[u8]>::to_vec).collect();
    if let Ok(wal) = std::fs::read(format!("{}-wal", path.display())) {
        // A 32-byte header, then frames of a 24-byte header and a page.
        out.extend(wal.get(32..).unwrap_or_default().chunks(24 + 4096).map(<[u8]>::to_vec));
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The page without its `<select>` lists (lists of people to choose from are
/// no statement about who reported).
fn without_choices(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<select") {
        out.push_str(&rest[..start]);
        rest = rest[start..].split_once("</select>").map(|(_, after)| after).unwrap_or("");
    }
    out.push_str(rest);
    out
}

crate::web_test!(nothing_links_an_anonymous_report_to_its_reporter_or_its_moment, |app| {
    let logs = capture_logs();
    let hash = learnloop_web::auth::password::hash_password_blocking(PASSWORD).unwrap();
    let ottoline = app
        .db
        .store
        .create_user(
            &NewUser { organisation_id: app.f.org.id, email: EMAIL, name: NAME, job_title: "Night support worker", role: Role::Staff, team_id: None, password_hash: &hash, service_ids: &[app.f.oak.id] },
            Some(app.f.admin.id),
            at(learnloop_store::testing::NOW),
        )
        .await
        .unwrap();
    // Everyone signs in first: no sign-in shares a second with an anonymous report.
    let mut signed_in = HashMap::new();
    for email in [EMAIL, "staff@t.test", "manager@t.test", "maple.manager@t.test", "quality@t.test", "safety@t.test", "admin@t.test"] {
        signed_in.insert(email, (app.browser(email).await, app.token(email).await));
    }
    let (her_browser, her_token) = signed_in[EMAIL].clone();
    let records = records(app).await;
    let manager_token = signed_in["manager@t.test"].1.clone();

    // Confidential reports, by the form and the API.
    let mut nonces = Vec::new();
    let mut confidential = Vec::new();
    for (path, by_form) in [("/report", true), ("/api/v1/reports", false)] {
        let nonce = format!("conf-{}", nonces.len());
        let (reference, _) = if by_form { form_report(app, &her_browser, path, "confidential", &nonce).await } else { api_report(app, path, Some(&her_token), "confidential", &nonce).await };
        confidential.push(reference);
        nonces.push(nonce);
    }

    // Anonymous reports through every path, each watched.
    let key = app.f.org.public_report_key.clone();
    let mut anonymous: Vec<(String, String, String, (i64, i64))> = Vec::new(); // reference, code, nonce, seconds
    for path in ["/report", "/api/v1/reports", "/r/{key}", "/api/v1/public/{key}/reports"] {
        let path = path.replace("{key}", &key);
        let nonce = format!("anon-{}", anonymous.len());
        let made = Arc::new(Mutex::new(None));
        let slot = made.clone();
        let seconds = anonymous_step(app, &format!("an anonymous report through {path}"), ottoline.id.get(), || async {
            let result = if path.starts_with("/api/") {
                let token = if path.contains("/public/") { None } else { Some(her_token.as_str()) };
                api_report(app, &path, token, "anonymous", &nonce).await
            } else if path.starts_with("/r/") {
                form_report(app, &browser(), &path, "anonymous", &nonce).await
            } else {
                form_report(app, &her_browser, &path, "anonymous", &nonce).await
            };
            *slot.lock().unwrap() = Some(result);
        })
        .await;
        let (reference, code) = made.lock().unwrap().take().unwrap();
        anonymous.push((reference, code.expect("anonymous reporters get a code"), nonce, seconds));
    }
    // The team answers (its own actions, not watched), then the reporter
    // replies and rates, through the page and the API.
    for (reference, ..) in &anonymous {
        let learning = json!({"summary": "Visitors now sign in at the front desk and are met.", "audiences": ["service:oak-house"]});
        assert_eq!(app.post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&manager_token), &learning).await.status(), StatusCode::CREATED);
    }
    let follow_ups: [(&str, usize); 4] = [("page reply", 0), ("api reply", 1), ("page rating", 2), ("api rating", 3)];
    for (what, i) in follow_ups {
        let code = anonymous[i].1.clone();
        anonymous_step(app, what, ottoline.id.get(), || async {
            let status = match what {
                "page reply" => browser().post(app.url("/follow-up/reply")).header("Origin", app.base.clone()).form(&[("code", code.as_str()), ("text", "Thank you, that helps.")]).send().await.unwrap().status(),
                "api reply" => app.post_json(&format!("/api/v1/follow-up/{code}/messages"), None, &json!({"text": "Thank you, that helps."})).await.status(),
                "page rating" => browser().post(app.url("/follow-up/rating")).header("Origin", app.base.clone()).form(&[("code", code.as_str()), ("rating", "5")]).send().await.unwrap().status(),
                _ => app.post_json(&format!("/api/v1/follow-up/{code}/rating"), None, &json!({"rating": 4})).await.status(),
            };
            assert!(status.is_success() || status == StatusCode::SEE_OTHER, "{what}: {status}");
        })
        .await;
    }

    // Every cell of every table: rows about an anonymous report never name
    // her; no follow-up code is stored as typed.
    let all = app.db.every_cell().await;
    let anonymous_ids: Vec<String> = {
        let mut ids = Vec::new();
        for (reference, ..) in &anonymous {
            ids.push(app.db.store.report_by_reference(app.f.org.id, reference).await.unwrap().unwrap().id.to_string());
        }
        ids
    };
    for (table, column, value) in &all {
        for (_, code, ..) in &anonymous {
            assert!(!value.contains(code.as_str()) && !value.contains(&code.replace('-', "")), "{table}.{column} stores a follow-up code");
        }
    }
    let mut by_row: HashMap<(String, usize), Vec<(String, String)>> = HashMap::new();
    {
        // Regroup cells into rows: every_cell lists each row's columns in order.
        let mut row = 0usize;
        let mut last_table = String::new();
        let mut seen_columns: Vec<String> = Vec::new();
        for (table, column, value) in &all {
            if *table != last_table || seen_columns.contains(column) {
                row += 1;
                seen_columns.clear();
                last_table = table.clone();
            }
            seen_columns.push(column.clone());
            by_row.entry((table.clone(), row)).or_default().push((column.clone(), value.clone()));
        }
    }
    for ((table, _), row) in &by_row {
        let about_anonymous = row.iter().any(|(column, value)| (column == "id" && table == "reports" || column == "report_id") && anonymous_ids.contains(value));
        if about_anonymous {
            for (column, value) in row {
                assert!(!(names_a_person(column) && value == &ottoline.id.to_string()), "{table}.{column} ties an anonymous report to its reporter");
                assert!(!value.contains(EMAIL) && !value.contains(NAME), "{table}.{column} names the reporter of an anonymous report");
            }
        }
    }

    // The SQLite file and its write-ahead log, byte by byte.
    if app.db.url.starts_with("sqlite") {
        let pages = pages(app);
        for (reference, code, nonce, (t0, t1)) in &anonymous {
            assert!(!pages.iter().any(|p| contains(p, code.as_bytes())), "the file holds a follow-up code");
            for page in pages.iter().filter(|p| contains(p, nonce.as_bytes())) {
                for second in *t0..=*t1 {
                    assert!(!contains(page, &(second as u32).to_be_bytes()), "a page holding {reference}'s words also holds the second it was made");
                }
            }
        }
    }

    // Every page and API answer each role can open: her name shows nowhere
    // but on the administrators' people pages and her own pages.
    let table = learnloop_web::route_table();
    let gets: Vec<_> = table.iter().filter(|r| r.method == reqwest::Method::GET).collect();
    let mut with_reference = records;
    let mut answers = 0;
    for reference in confidential.iter().chain(anonymous.iter().map(|(r, ..)| r)) {
        with_reference.values.insert("reference", reference.clone());
        with_reference.values.insert("code", anonymous[0].1.clone());
        for (email, (client, token)) in &signed_in {
            for route in &gets {
                let (query, _) = query_and_form(&route.path);
                let path = format!("{}{query}", concrete(app, &with_reference, &route.path).await);
                let mut request = client.get(app.url(&path));
                if path.starts_with("/api/") {
                    request = reqwest::Client::new().get(app.url(&path)).bearer_auth(token);
                }
                let answer = request.send().await.unwrap();
                let text = answer.text().await.unwrap();
                answers += 1;
                let her_own = *email == EMAIL;
                let people_admin = *email == "admin@t.test" && route.path.starts_with("/admin/people");
                if her_own || people_admin {
                    continue;
                }
                let shown = without_choices(&text);
                if route.path == "/admin/audit" || route.path == "/admin/audit.csv" {
                    // The audit log, on the page and exported, may say an
                    // account was made (people are the administrators' to
                    // manage), nothing else.
                    let entries: Vec<&str> = if route.path == "/admin/audit" { shown.split("<li class=\"audit-entry\"").skip(1).collect() } else { shown.lines().skip(1).collect() };
                    assert!(*email != "admin@t.test" || !entries.is_empty(), "{path} lists entries");
                    let before_entries = if route.path == "/admin/audit" { shown.split("<li class=\"audit-entry\"").next().unwrap_or_default() } else { "" };
                    assert!(!before_entries.contains(NAME) && !before_entries.contains(EMAIL), "{path} names her outside an entry");
                    for entry in entries.iter().filter(|entry| entry.contains(NAME) || entry.contains(EMAIL)) {
                        assert!(entry.contains("person.created"), "{path} names her beside something other than her account: {entry}");
                    }
                    continue;
                }
                assert!(!shown.contains(NAME) && !shown.contains(EMAIL), "{email} reads her name at {path}");
            }
        }
    }
    assert!(answers > 500, "{answers} answers read");
    // The audit log narrowed to one of her reports, on the page and exported,
    // says what the team did and nothing of who reported.
    let admin = &signed_in["admin@t.test"].0;
    for reference in confidential.iter().chain(anonymous.iter().map(|(r, ..)| r)) {
        for path in [format!("/admin/audit?report={reference}"), format!("/admin/audit.csv?report={reference}")] {
            let answer = admin.get(app.url(&path)).send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::OK, "{path}");
            let text = without_choices(&answer.text().await.unwrap());
            assert!(!text.contains(NAME) && !text.contains(EMAIL), "{path} names her");
        }
    }
    // Only the safety officer, asking on purpose, learns who made a confidential report.
    for (email, (_, token)) in &signed_in {
        let answer = app.post_json(&format!("/api/v1/reports/{}/reporter", confidential[0]), Some(token), &json!({})).await;
        let status = answer.status();
        let text = answer.text().await.unwrap();
        if *email == "safety@t.test" {
            assert_eq!(status, StatusCode::OK, "{email}");
            assert!(text.contains(NAME), "the check can see a name when it is there");
        } else {
            assert!(!text.contains(NAME), "{email} learnt who made a confidential report");
        }
        let anonymous_reporter = app.post_json(&format!("/api/v1/reports/{}/reporter", anonymous[0].0), Some(token), &json!({})).await;
        assert!(!anonymous_reporter.text().await.unwrap().contains(NAME), "nobody learns who made an anonymous report");
    }
    // Her own report list never shows the anonymous reports.
    let mine = her_browser.get(app.url("/my-reports")).send().await.unwrap().text().await.unwrap();
    for (reference, ..) in &anonymous {
        assert!(!mine.contains(reference.as_str()), "her list shows {reference}");
    }

    // The server's log: no words of a report, no code, no reporter, no reference
    // of a confidential or anonymous report.
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
    assert!(logged.contains("request"), "the log was captured");
    for nonce in &nonces {
        assert!(!logged.contains(nonce.as_str()), "the log holds a report's words");
    }
    for (reference, code, nonce, _) in &anonymous {
        for secret in [reference.as_str(), code.as_str(), nonce.as_str()] {
            assert!(!logged.contains(secret), "the log holds {secret}");
        }
    }
    for reference in &confidential {
        assert!(!logged.contains(reference.as_str()), "the log holds a confidential report's reference");
    }
    assert!(!logged.contains(EMAIL) && !logged.contains(NAME), "the log names the reporter");
});
