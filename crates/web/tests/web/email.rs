//! Email through real SMTP: a small SMTP server on a loopback port receives
//! what the outbox sender delivers. Only named reporters are emailed about
//! their reports; the administrators' outbox lists everything.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::report_body;
use crate::web_test;

/// A minimal SMTP server that accepts every message and keeps its text.
async fn smtp_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 localhost ESMTP test\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            store.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_ascii_uppercase();
                    let answer: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                        b"250-localhost\r\n250 8BITMIME\r\n"
                    } else if command.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    } else if command.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (url, received)
}

async fn wait_for(received: &Arc<Mutex<Vec<String>>>, text: &str) -> String {
    for _ in 0..100 {
        if let Some(found) = received.lock().unwrap().iter().find(|m| m.contains(text)) {
            return found.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no email containing {text:?} arrived; got {:?}", received.lock().unwrap());
}

web_test!(named_reporters_and_action_owners_are_emailed_through_smtp, |app| {
    let (url, received) = smtp_server().await;
    let settings = learnloop_web::mail::SmtpSettings { url, from: "Learnloop <learnloop@t.test>".into() };
    assert!(settings.check().is_ok());
    let sender = learnloop_web::mail::spawn_sender(app.db.store.clone(), settings, Some("https://learn.example.org".into()));

    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let named: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await.json().await.unwrap();
    let thanks = "Thank you for spotting the medicine pots.";
    let answer = app.post_json(&format!("/api/v1/reports/{}/thanks", named["reference"].as_str().unwrap()), Some(&manager), &json!({"message": thanks})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let email = wait_for(&received, thanks).await;
    assert!(email.contains("To: staff@t.test"), "{email}");
    assert!(email.contains("learn.example.org"), "the footer links to Learnloop");

    // A confidential reporter is thanked in the inbox only: no address beside the report.
    let before = app.db.store.outbox(app.f.org.id, 100).await.unwrap().len();
    let confidential: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("confidential")).await.json().await.unwrap();
    let answer = app.post_json(&format!("/api/v1/reports/{}/thanks", confidential["reference"].as_str().unwrap()), Some(&manager), &json!({"message": "Thank you, in confidence."})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(app.db.store.outbox(app.f.org.id, 100).await.unwrap().len(), before);

    // Action owners are emailed too.
    let tomorrow = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap()).date().tomorrow().unwrap().to_string();
    let action = json!({"title": "Relabel the medicine pots", "owner": "colleague@t.test", "due": tomorrow});
    app.post_json(&format!("/api/v1/reports/{}/actions", named["reference"].as_str().unwrap()), Some(&manager), &action).await;
    let email = wait_for(&received, "Relabel the medicine pots").await;
    assert!(email.contains("To: colleague@t.test"));

    // The outbox shows them sent; the report's mail without its content.
    for _ in 0..50 {
        if app.db.store.outbox(app.f.org.id, 100).await.unwrap().iter().all(|e| e.sent_at.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = app.browser("admin@t.test").await.get(app.url("/admin/outbox")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sent ") && page.contains("About a report: content not shown"), "{page}");
    assert!(!page.contains(thanks), "administrators do not read what was said about a report");
    sender.abort();
});

web_test!(without_smtp_the_outbox_shows_what_would_have_been_sent, |app| {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let named: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await.json().await.unwrap();
    app.post_json(&format!("/api/v1/reports/{}/thanks", named["reference"].as_str().unwrap()), Some(&manager), &json!({"message": "Thanks."})).await;
    let page = app.browser("admin@t.test").await.get(app.url("/admin/outbox")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("no SMTP server is configured") && page.contains("staff@t.test"), "{page}");
    assert_eq!(app.browser("manager@t.test").await.get(app.url("/admin/outbox")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    // A bad SMTP setting is refused before the server starts.
    let bad = learnloop_web::mail::SmtpSettings { url: "smtp://127.0.0.1:25".into(), from: "not an address".into() };
    assert!(bad.check().unwrap_err().contains("LEARNLOOP_SMTP_FROM"));
});
