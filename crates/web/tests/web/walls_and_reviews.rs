//! Data walls, the quarterly review and the measures pages, through real
//! HTTP as the people who use them.

use reqwest::{Client, StatusCode};

use crate::support::report_body;
use crate::web_test;

/// The display link's token from the page that created it.
fn token_in(html: &str) -> String {
    html.split("/wall/").nth(1).map(|rest| rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect()).unwrap_or_default()
}

web_test!(a_data_wall_opens_without_sign_in_shows_only_chosen_aggregates_and_closes_when_revoked, |app| {
    let staff = app.token("staff@t.test").await;
    for identity in ["named", "anonymous", "confidential"] {
        assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &report_body(identity)).await.status(), StatusCode::CREATED);
    }
    let manager = app.browser("manager@t.test").await;
    let create = |client: &Client, form: Vec<(&'static str, &'static str)>| {
        let request = client.post(app.url("/dashboard/walls")).form(&form);
        async move { request.send().await.unwrap() }
    };

    // Mistakes are named and nothing is saved.
    let refused = create(&manager, vec![("name", " "), ("service", "oak-house")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Give the wall a name") && html.contains("Choose at least one measure"), "{html}");
    assert!(html.contains("No display links yet"));
    let refused = create(&manager, vec![("name", "Lounge"), ("service", "oak-house"), ("measures", "restrictive_practice")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "restrictive practice never goes on a wall");
    // A manager sets up walls for their own service only.
    assert_eq!(create(&manager, vec![("name", "Maple"), ("service", "maple-court"), ("measures", "reports")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(create(&manager, vec![("name", "Everyone"), ("service", ""), ("measures", "reports")]).await.status(), StatusCode::FORBIDDEN);
    let staff_browser = app.browser("staff@t.test").await;
    assert_eq!(staff_browser.get(app.url("/dashboard/walls")).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    let created = create(&manager, vec![("name", "Oak House staff room"), ("service", "oak-house"), ("measures", "near_misses"), ("measures", "reports")]).await;
    let (status, html) = crate::support::as_seen(app, &manager, created).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("Oak House staff room&#34; created"), "{html}");
    let token = token_in(&html);
    assert_eq!(token.len(), 64, "the link carries a 256-bit token");
    let stored = app.db.raw_rows("SELECT token_hash FROM display_links").await;
    assert!(stored.iter().all(|row| row[0] != token), "only the token's hash is stored");

    // The wall: no sign-in, not cached, the chosen charts in the chosen order, no words of any report.
    let wall = Client::new().get(app.url(&format!("/wall/{token}"))).send().await.unwrap();
    assert_eq!(wall.status(), StatusCode::OK);
    assert_eq!(wall.headers()["cache-control"], "no-store");
    assert_eq!(wall.headers()["referrer-policy"], "no-referrer");
    let html = wall.text().await.unwrap();
    assert!(html.contains("Oak House staff room") && html.contains("http-equiv=\"refresh\""));
    assert_eq!(html.matches("class=\"chart-svg\"").count(), 2, "two measures chosen");
    let near_misses = html.find("id=\"near_misses\"").expect("near-misses chart");
    let reports = html.find("id=\"reports\"").expect("reports chart");
    assert!(near_misses < reports, "in the order chosen");
    for private in ["adjacent pots", "Resident A", app.f.staff.name.as_str(), "Sign out", "/dashboard.csv"] {
        assert!(!html.contains(private), "the wall shows {private:?}");
    }

    // Quality leads see every wall and can revoke it; the wall then opens nothing.
    let quality = app.browser("quality@t.test").await;
    let list = quality.get(app.url("/dashboard/walls")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Oak House staff room") && list.contains("Near-misses, Reports"), "{list}");
    let id = app.db.raw_rows("SELECT id FROM display_links").await[0][0].clone();
    let revoked = quality.post(app.url(&format!("/dashboard/walls/{id}/revoke"))).send().await.unwrap();
    let (status, html) = crate::support::as_seen(app, &quality, revoked).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("revoked: the wall screen using it now shows nothing"));
    assert_eq!(Client::new().get(app.url(&format!("/wall/{token}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(Client::new().get(app.url(&format!("/wall/{}", "0".repeat(64)))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let again = manager.post(app.url(&format!("/dashboard/walls/{id}/revoke"))).send().await.unwrap();
    let (_, again) = crate::support::as_seen(app, &manager, again).await;
    assert!(again.contains("had already been revoked"));
    let audit = app.db.raw_rows("SELECT action FROM audit_log WHERE action LIKE 'display_link.%' ORDER BY id").await;
    assert_eq!(audit.iter().map(|row| row[0].as_str()).collect::<Vec<_>>(), ["display_link.created", "display_link.revoked"]);
});

web_test!(the_quarterly_review_is_written_by_quality_leads_and_reported_back_to_staff, |app| {
    let staff_token = app.token("staff@t.test").await;
    for identity in ["named", "anonymous"] {
        app.post_json("/api/v1/reports", Some(&staff_token), &report_body(identity)).await;
    }
    let staff = app.browser("staff@t.test").await;
    let quality = app.browser("quality@t.test").await;
    let page = |client: &Client, path: &str| {
        let request = client.get(app.url(path));
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, html) = page(&staff, "/quarterly-review").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No quarterly review has been published to staff yet"));
    assert_eq!(page(&staff, "/quarterly-review?quarter=2026-Q4").await.0, StatusCode::NOT_FOUND, "drafts are not for staff");

    let (status, html) = page(&quality, "/quarterly-review?quarter=2026-Q4").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Quarterly review: October to December 2026"));
    for section in ["What we heard", "What we are doing", "What we plan next", "Key measures"] {
        assert!(html.contains(section), "{section}");
    }
    assert!(html.contains("You made <strong>2</strong> reports this quarter, up from 0 the quarter before"), "{html}");
    assert!(html.contains("<th scope=\"row\">Medication</th><td>2</td>"), "themes by category");
    assert!(html.contains("<svg"), "key measures are charted");
    assert!(html.contains("Draft: not yet published to staff"));
    let (status, _) = page(&quality, "/quarterly-review?quarter=2026-Q7").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let save = |client: &Client, plan: &'static str, publish: &'static str| {
        let request = client.post(app.url("/quarterly-review")).form(&[("quarter", "2026-Q4"), ("plan_next", plan), ("publish", publish)]);
        let client = client.clone();
        async move { crate::support::as_seen(app, &client, request.send().await.unwrap()).await }
    };
    let (status, html) = save(&quality, "  ", "yes").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Write what we plan next before publishing"));
    assert!(app.db.raw_rows("SELECT quarter FROM quarterly_reviews").await.is_empty(), "nothing saved");
    let manager = app.browser("manager@t.test").await;
    assert_eq!(save(&manager, "Separate trays.", "yes").await.0, StatusCode::FORBIDDEN);

    let (status, html) = save(&quality, "Separate medicine trays for every resident by January.", "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("saved as a draft") && html.contains("Separate medicine trays"));
    assert_eq!(page(&staff, "/quarterly-review?quarter=2026-Q4").await.0, StatusCode::NOT_FOUND, "a draft stays with the quality team");

    let (status, html) = save(&quality, "Separate medicine trays for every resident by January.", "yes").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("is published: staff can read it"));
    let (status, html) = page(&staff, "/quarterly-review").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("October to December 2026") && html.contains("Separate medicine trays for every resident by January."));
    assert!(html.contains("Published to staff on"));
    assert!(!html.contains("<textarea"), "staff read, they do not edit");
    let review = html.split("<article").nth(1).and_then(|rest| rest.split("</article>").next()).unwrap();
    for private in ["adjacent pots", "Resident A", app.f.staff.name.as_str()] {
        assert!(!review.contains(private), "the review shows {private:?}");
    }
    let css = Client::new().get(app.url("/assets/app.css")).send().await.unwrap().text().await.unwrap();
    assert!(css.contains("@media print") && css.contains("size: A4"), "printable on A4");
});

web_test!(measures_pages_define_enter_and_import_all_or_nothing, |app| {
    let quality = app.browser("quality@t.test").await;
    let refused = quality.post(app.url("/measures")).form(&[("name", ""), ("kind", "proportion"), ("unit", "%"), ("multiply", "lots")]).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Give the multiplier as a number"), "{html}");
    let created = quality
        .post(app.url("/measures"))
        .form(&[("name", "Staff turnover"), ("kind", "proportion"), ("unit", "% of staff"), ("multiply", "100"), ("improvement", "decrease"), ("target", "")])
        .send()
        .await
        .unwrap();
    let (status, html) = crate::support::as_seen(app, &quality, created).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("saved. Enter its monthly values or import them from CSV below."));
    let id = app.db.raw_rows("SELECT id FROM measures").await[0][0].clone();

    let import = |csv: &'static str| {
        let request = quality.post(app.url(&format!("/measures/{id}/import"))).form(&[("csv", csv)]);
        let client = quality.clone();
        async move { crate::support::as_seen(app, &client, request.send().await.unwrap()).await }
    };
    let (status, html) = import("service,month,value,denominator\nOak House,2026-09,4,41\nOak House,2026-10,4,0\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Nothing was imported: 1 problem") && html.contains("Row 3, denominator:"), "{html}");
    assert!(app.db.raw_rows("SELECT month FROM measure_values").await.is_empty());
    let (status, html) = import("service,month,value,denominator\nOak House,2026-09,4,41\nOak House,2026-10,4,40\n").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("Imported 2 values."), "{html}");

    let manager = app.browser("manager@t.test").await;
    let enter = |service: &'static str, value: &'static str| {
        let request = manager.post(app.url(&format!("/measures/{id}/values"))).form(&[("service", service), ("month", "2026-11"), ("value", value), ("denominator", "40")]);
        let client = manager.clone();
        async move { crate::support::as_seen(app, &client, request.send().await.unwrap()).await }
    };
    let (status, html) = enter("maple-court", "2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("You cannot enter values for Maple Court"));
    let (status, html) = enter("oak-house", "two").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Give the value as a number"));
    let (status, html) = enter("oak-house", "2").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("Saved the value for Oak House in 2026-11."), "{html}");
    assert!(html.contains("<option value=\"oak-house\" selected"), "the form stays on the service for the next value");
    let months = app.db.raw_rows("SELECT month FROM measure_values ORDER BY month").await;
    assert_eq!(months.iter().map(|row| row[0].as_str()).collect::<Vec<_>>(), ["202609", "202610", "202611"]);
    let detail = quality.get(app.url(&format!("/measures/{id}?from=2026-09&to=2026-11"))).send().await.unwrap().text().await.unwrap();
    assert!(detail.contains("<svg") && detail.contains(&format!("data-import=\"/measures/{id}/upload\"")), "chart and the import form");
    // The form's script uploads to a page route signed in by the session
    // cookie, which answers JSON: all rows, or none with each problem named.
    let upload = |csv: &'static str| quality.post(app.url(&format!("/measures/{id}/upload"))).header("Origin", app.base.clone()).header("Content-Type", "text/csv").body(csv).send();
    let answer = upload("service,month,value,denominator\nOak House,2026-08,4,41\n").await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.json::<serde_json::Value>().await.unwrap()["imported"], 1);
    let answer = upload("service,month,value,denominator\nOak House,2026-07,4,40\nOak House,2026-06,four,40\n").await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json::<serde_json::Value>().await.unwrap()["error"]["code"], "invalid_field");
    assert_eq!(app.db.raw_rows("SELECT month FROM measure_values").await.len(), 4, "nothing of a file with a bad row");
});
