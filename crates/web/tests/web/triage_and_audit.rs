//! Triage's "needs attention now" and filters, the reports list's filters,
//! and the audit log in plain words with its filters and CSV export, through
//! real HTTP as each role would use them.

use learnloop_domain::audit::AuditAction;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, report_body};

/// Submits a named report as staff through the API; returns its reference.
async fn report(app: &TestApp, token: &str, harm: &str, category: &str, text: &str) -> String {
    let mut body = report_body("named");
    body["kind"] = json!("incident");
    body["harm"] = json!(harm);
    body["category"] = json!(category);
    body["what_happened"] = json!(text);
    let answer = app.post_json("/api/v1/reports", Some(token), &body).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    answer.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let answer = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{path}");
    answer.text().await.unwrap()
}

/// The part of a page between `start` and the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

crate::web_test!(
    severe_harm_needs_attention_on_every_tab_and_filters_narrow_triage_and_the_list,
    |app| {
        let staff = app.token("staff@t.test").await;
        let manager_token = app.token("manager@t.test").await;
        let severe = report(
            app,
            &staff,
            "severe",
            "falls",
            "A resident slipped on a wet floor and broke a wrist.",
        )
        .await;
        let low = report(
            app,
            &staff,
            "low",
            "medication",
            "Two residents' medicines were in adjacent pots.",
        )
        .await;
        let manager = app.browser("manager@t.test").await;

        for tab in ["overdue", "new", "awaiting_feedback", "replies"] {
            let html = page(&manager, app, &format!("/triage?tab={tab}")).await;
            let band = section(&html, "id=\"attention\"", "</section>");
            assert!(
                band.contains(&severe),
                "the severe report needs attention on the {tab} tab"
            );
            assert!(
                band.contains("Severe harm reported and nobody has answered the reporter yet."),
                "it says why"
            );
            assert!(!band.contains(&low), "low harm waits in the queue");
        }
        // Answered, it leaves the band.
        let thanked = app
            .post_json(
                &format!("/api/v1/reports/{severe}/thanks"),
                Some(&manager_token),
                &json!({"message": "Thank you for telling us."}),
            )
            .await;
        assert!(thanked.status().is_success());
        let html = page(&manager, app, "/triage?tab=new").await;
        assert!(!section(&html, "id=\"attention\"", "</section>").contains(&severe));

        // Filters narrow the queue, keep the tab and the choice in the links.
        let html = page(&manager, app, "/triage?tab=new&harm=low").await;
        let list = section(&html, "id=\"triage-list\"", "</ul>");
        assert!(list.contains(&low));
        let tabs = section(&html, "class=\"tabs\"", "</nav>");
        assert_eq!(
            tabs.matches("harm=low").count(),
            4,
            "every tab keeps the filter: {tabs}"
        );
        let html = page(&manager, app, "/triage?tab=new&category=falls").await;
        assert!(
            html.contains("id=\"triage-empty\""),
            "no new falls report once the severe one was thanked"
        );
        let html = page(
            &manager,
            app,
            "/triage?tab=awaiting_feedback&category=falls",
        )
        .await;
        assert!(section(&html, "id=\"triage-list\"", "</ul>").contains(&severe));

        // The reports list: by harm, by category, by days, most harm first.
        let quality = app.browser("quality@t.test").await;
        let html = page(&quality, app, "/reports?harm=severe").await;
        let rows = section(&html, "id=\"report-list\"", "</ul>");
        assert!(rows.contains(&severe) && !rows.contains(&low));
        let html = page(&quality, app, "/reports?category=medication").await;
        let rows = section(&html, "id=\"report-list\"", "</ul>");
        assert!(rows.contains(&low) && !rows.contains(&severe));
        let html = page(&quality, app, "/reports?from=2099-01-01").await;
        assert!(html.contains("No reports match these choices."));
        let html = page(&quality, app, "/reports?sort=harm").await;
        let rows = section(&html, "id=\"report-list\"", "</ul>");
        assert!(
            rows.find(&severe).unwrap() < rows.find(&low).unwrap(),
            "most harm first"
        );
        // Both were reported within the same second or so: oldest first is
        // newest first turned round, whichever came first.
        let position = |rows: &str| rows.find(&severe).unwrap() < rows.find(&low).unwrap();
        let html = page(&quality, app, "/reports?sort=oldest").await;
        let oldest_first = position(section(&html, "id=\"report-list\"", "</ul>"));
        let html = page(&quality, app, "/reports?sort=newest").await;
        let newest_first = position(section(&html, "id=\"report-list\"", "</ul>"));
        assert_ne!(
            oldest_first, newest_first,
            "oldest first is newest first turned round"
        );

        // What cannot be read is named in words; a manager cannot pick another's service.
        let html = page(&quality, app, "/reports?from=yesterday&harm=dreadful").await;
        assert!(
            html.contains("is not a date")
                && html.contains("Choose a grade of harm from the list.")
        );
        let html = page(&manager, app, "/reports?service=maple-court").await;
        assert!(html.contains("Choose one of your services from the list."));
        assert!(
            section(&html, "id=\"report-list\"", "</ul>").contains(&severe),
            "the rest of the list still shows"
        );
    }
);

crate::web_test!(
    the_audit_log_reads_as_sentences_filters_and_exports_what_it_shows,
    |app| {
        let staff = app.token("staff@t.test").await;
        let manager_token = app.token("manager@t.test").await;
        let reference = report(
            app,
            &staff,
            "low",
            "falls",
            "A resident slipped on a wet floor but was not hurt.",
        )
        .await;
        let other = report(
            app,
            &staff,
            "none",
            "medication",
            "Two residents' medicines were in adjacent pots.",
        )
        .await;
        for r in [&reference, &other] {
            let thanked = app
                .post_json(
                    &format!("/api/v1/reports/{r}/thanks"),
                    Some(&manager_token),
                    &json!({"message": "Thank you for telling us."}),
                )
                .await;
            assert!(thanked.status().is_success());
        }
        let admin = app.browser("admin@t.test").await;

        let html = page(&admin, app, "/admin/audit").await;
        let thanks =
            format!("Person manager@t.test (Manager) thanked the reporter of {reference}.");
        assert!(
            html.contains(&thanks),
            "plain words with the person's name and role"
        );
        assert!(html.contains(&format!(
            "Person staff@t.test (Staff) reported {reference} by name."
        )));
        // Every kind the log holds has its words: no entry falls back to its code.
        for row in app
            .db
            .raw_rows("SELECT DISTINCT action FROM audit_log")
            .await
        {
            assert!(
                AuditAction::parse(&row[0]).is_some(),
                "{} has no words",
                row[0]
            );
        }
        assert!(!html.contains("did “"), "no entry reads as a bare code");

        // By person: only the manager's entries.
        let manager_id = app.f.manager.id;
        let html = page(&admin, app, &format!("/admin/audit?person={manager_id}")).await;
        let entries: Vec<&str> = html.split("<li class=\"audit-entry\"").skip(1).collect();
        assert_eq!(entries.len(), 2);
        assert!(
            entries
                .iter()
                .all(|e| e.contains("Person manager@t.test (Manager) thanked"))
        );
        // By kind and report.
        let html = page(
            &admin,
            app,
            &format!(
                "/admin/audit?kind=report.created&report={}",
                reference.to_lowercase()
            ),
        )
        .await;
        let entries: Vec<&str> = html.split("<li class=\"audit-entry\"").skip(1).collect();
        assert_eq!(entries.len(), 1, "one report's creation");
        assert!(entries[0].contains(&reference));
        // By days: none in the far future.
        let html = page(&admin, app, "/admin/audit?from=2099-01-01").await;
        assert!(html.contains("No entries match these choices."));
        // What cannot be read is said in words.
        let html = page(&admin, app, "/admin/audit?kind=thanks&report=LL-12").await;
        assert!(
            html.contains("Choose a kind of action from the list.")
                && html.contains("is not a report reference")
        );

        // The CSV holds the filtered entries: the same words, the code and the time.
        let answer = admin
            .get(app.url(&format!("/admin/audit.csv?person={manager_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert!(
            answer.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(
            answer.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("attachment")
        );
        let csv = answer.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "When,What happened,Who,Kind of action,Code,Subject,Time (UTC)"
        );
        assert_eq!(
            lines.len(),
            3,
            "a header and the manager's two entries: {csv}"
        );
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.contains("thanked the reporter of") && l.contains(",report.thanked,"))
        );
        assert!(csv.contains(&thanks));
        // Nobody else may export it.
        let answer = app
            .browser("quality@t.test")
            .await
            .get(app.url("/admin/audit.csv"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
);
