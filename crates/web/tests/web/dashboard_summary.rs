//! The dashboard as a manager reads it: the summary table first, one row
//! per chart with its icons' words; known changes recorded by a quality lead
//! (post/redirect/get, every mistake named, nothing half-saved) starting a
//! new phase on the charts of the scope they belong to.

use reqwest::StatusCode;
use serde_json::Value;

use crate::web_test;

/// The first day of the month `back` months before today, `YYYY-MM-DD`.
fn months_ago(back: i64) -> String {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date();
    today
        .first_of_month()
        .checked_sub(jiff::Span::new().months(back))
        .unwrap()
        .to_string()
}

web_test!(
    a_known_change_is_recorded_once_named_on_the_page_and_starts_a_phase_for_its_service,
    |app| {
        let quality = app.browser("quality@t.test").await;
        let staff = app.browser("staff@t.test").await;
        assert_eq!(
            staff
                .get(app.url("/dashboard/changes"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
        let page = quality
            .get(app.url("/dashboard/changes"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("No changes recorded yet"), "{page}");

        // Every mistake is named at once, and nothing is saved.
        let refused = quality
            .post(app.url("/dashboard/changes"))
            .form(&[
                ("changed_on", ""),
                ("description", " "),
                ("service", "nowhere"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        for words in [
            "Give the day the change began",
            "Say in a few words what changed",
            "Choose one of the organisation&#39;s services",
        ] {
            assert!(html.contains(words), "{words}: {html}");
        }
        let future = quality
            .post(app.url("/dashboard/changes"))
            .form(&[
                ("changed_on", "2999-01-01"),
                ("description", "Later"),
                ("service", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            future
                .text()
                .await
                .unwrap()
                .contains("cannot be in the future")
        );
        assert!(
            app.db
                .raw_rows("SELECT id FROM change_points")
                .await
                .is_empty(),
            "nothing saved"
        );

        // Saved: a redirect to the page, which says what was saved.
        let day = months_ago(6);
        let saved = quality
            .post(app.url("/dashboard/changes"))
            .form(&[
                ("changed_on", day.as_str()),
                ("description", "One medicines tray per resident"),
                ("service", "oak-house"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let location = saved.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with("/dashboard/changes?recorded="),
            "{location}"
        );
        let page = quality
            .get(app.url(&location))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Recorded: ") && page.contains("One medicines tray per resident&#34; (Oak House). Its charts now start a new phase from"), "{page}");
        assert_eq!(
            app.db
                .raw_rows("SELECT description FROM change_points")
                .await,
            vec![vec!["One medicines tray per resident".to_string()]]
        );

        // Oak House's charts start a new phase at that month; the organisation's do not.
        let token = app.token("quality@t.test").await;
        let oak: Value = app
            .get("/api/v1/dashboard?service=oak-house", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        let reports = oak["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "reports")
            .unwrap();
        assert_eq!(
            reports["answer"]["parts"].as_array().map(Vec::len),
            Some(2),
            "{reports}"
        );
        let whole: Value = app
            .get("/api/v1/dashboard", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        let reports = whole["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "reports")
            .unwrap();
        assert!(
            reports["answer"]["parts"].is_null(),
            "a service's change is not the organisation's: {reports}"
        );
        let page = quality
            .get(app.url("/dashboard?service=oak-house"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("(One medicines tray per resident), when the average moved from"),
            "the sentence names the change: {page}"
        );
    }
);

web_test!(
    the_dashboard_opens_with_one_summary_row_per_chart_each_icon_with_its_words,
    |app| {
        let quality = app.browser("quality@t.test").await;
        let page = quality
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let summary = page
            .find("<table class=\"summary-table\">")
            .expect("a summary table");
        let first_chart = page
            .find("<details class=\"chart-panel\">")
            .expect("charts");
        assert!(
            summary < first_chart
                && summary
                    < page
                        .find("<form method=\"get\" action=\"/dashboard\"")
                        .unwrap(),
            "the summary comes first"
        );
        let rows = page.matches("<tr class=\"summary-row\"").count();
        assert!(
            rows >= 5,
            "reports by kind, repeats, restrictive practice and the measures with data: {rows}"
        );
        assert_eq!(
            rows,
            page.matches("<details class=\"chart-panel\">").count(),
            "one row per chart"
        );
        assert_eq!(
            page.matches("class=\"mdc-icon mdc-variation").count(),
            rows * 3,
            "an icon in the row, the panel and the chart"
        );
        assert!(
            page.matches("role=\"img\" aria-label=\"").count() >= rows,
            "the row's icons are named"
        );
        // Each chart's figure carries one verdict: its badge and its sentence agree.
        for figure in page.split("<figure class=\"chart\"").skip(1) {
            let variation = figure
                .split("data-meaning=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let sentence = figure
                .split("<p class=\"chart-sentence\">")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap();
            let lead = match variation {
                "common" => "No signal: ",
                "improvement" => "Improvement: ",
                "concern" => "Concern: ",
                "neither" => "Signal: ",
                _ => "Too soon to tell: ",
            };
            assert!(sentence.starts_with(lead), "{variation}: {sentence}");
        }
    }
);
