//! Teams: a report may name the team or unit where it happened, and each
//! team has its own dashboard and data wall, through real HTTP.

use learnloop_store::services::Team;
use learnloop_store::testing::{NOW, at};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, error_of, report_body};
use crate::web_test;

async fn teams(app: &TestApp) -> (Team, Team, Team) {
    let s = &app.db.store;
    let f = &app.f;
    let nights = s.create_team(f.org.id, f.oak.id, "nights", "Night team", Some(f.admin.id), at(NOW)).await.unwrap();
    let days = s.create_team(f.org.id, f.oak.id, "days", "Day team", Some(f.admin.id), at(NOW)).await.unwrap();
    let maple_days = s.create_team(f.org.id, f.maple.id, "days", "Maple day team", Some(f.admin.id), at(NOW)).await.unwrap();
    (nights, days, maple_days)
}

fn with_team(identity: &str, team: &str) -> Value {
    let mut body = report_body(identity);
    body["team"] = json!(team);
    body
}

web_test!(a_report_names_a_team_of_its_service_or_none_and_a_wrong_team_is_refused_whole, |app| {
    let (nights, _, maple_days) = teams(app).await;
    let staff = app.token("staff@t.test").await;
    let created = app.post_json("/api/v1/reports", Some(&staff), &with_team("named", &nights.id.to_string())).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let reference = created.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_string();
    let manager = app.token("manager@t.test").await;
    let report: Value = app.get(&format!("/api/v1/reports/{reference}"), Some(&manager)).await.json().await.unwrap();
    assert_eq!(report["team"], json!({"id": nights.id, "name": "Night team"}));
    // By its slug within the service, and no team at all.
    assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &with_team("anonymous", "days")).await.status(), StatusCode::CREATED);
    let created = app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await;
    let reference = created.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_string();
    let report: Value = app.get(&format!("/api/v1/reports/{reference}"), Some(&manager)).await.json().await.unwrap();
    assert_eq!(report["team"], Value::Null);

    // Another service's team, or none by that name: the field is named and nothing is saved.
    let before = app.db.store.count_reports(app.f.org.id).await.unwrap();
    for team in [maple_days.id.to_string(), "ghosts".to_string()] {
        let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&staff), &with_team("named", &team)).await).await;
        assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("team")), "{team}: {error}");
        assert!(error["message"].as_str().unwrap().contains("Oak House has no team"), "{error}");
    }
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), before);

    // The form offers the teams under their services, and says what went wrong beside the field.
    let browser = app.browser("staff@t.test").await;
    let form = browser.get(app.url("/report")).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("id=\"team\"") && form.contains("<optgroup label=\"Oak House\" data-service=\"oak-house\">"), "{form}");
    assert!(form.contains(&format!("<option value=\"{}\">Night team</option>", nights.id)));
    let refused = browser
        .post(app.url("/report"))
        .form(&[("kind", "near_miss"), ("service", "oak-house"), ("team", &maple_days.id.to_string()), ("occurred_at", "2026-11-17T09:15"),
            ("what_happened", "Two residents' morning medicines were in adjacent pots."), ("identity", "named")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"team-error\"") && html.contains("Oak House has no team"), "{html}");
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), before);
});

web_test!(a_teams_dashboard_counts_only_its_reports_and_leaves_per_service_measures_to_the_service, |app| {
    let (nights, days, maple_days) = teams(app).await;
    let staff = app.token("staff@t.test").await;
    for (identity, team) in [("named", "nights"), ("anonymous", "nights"), ("named", "days")] {
        assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &with_team(identity, team)).await.status(), StatusCode::CREATED);
    }
    assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await.status(), StatusCode::CREATED);
    app.db.store.set_denominator(app.f.oak.id, 202611, Some(600.0), Some(20.0), app.f.quality.id, at(NOW)).await.unwrap();

    let quality = app.token("quality@t.test").await;
    let dashboard: Value = app.get(&format!("/api/v1/dashboard?team={}&from=2026-10&to=2026-11", nights.id), Some(&quality)).await.json().await.unwrap();
    assert_eq!((&dashboard["team_id"], &dashboard["service_id"], &dashboard["scope_name"]), (&json!(nights.id), &json!(app.f.oak.id), &json!("Night team, Oak House")));
    let series = dashboard["series"].as_array().unwrap();
    let find = |key: &str| series.iter().find(|s| s["key"] == key).unwrap_or_else(|| panic!("{key} missing: {dashboard}"));
    assert_eq!(find("reports")["answer"]["points"][1]["y"], json!(2.0));
    assert!((find("anonymous_share")["answer"]["points"][0]["y"].as_f64().unwrap() - 50.0).abs() < 1e-9);
    assert_eq!(find("repeats")["answer"]["points"][1]["y"], json!(1.0), "the second about the same resident repeats the first");
    assert!(series.iter().all(|s| !s["key"].as_str().unwrap().starts_with("rate_")), "rates are per service");
    assert!(dashboard["not_shown"].as_array().unwrap().iter().any(|n| n["title"] == "Reporting rate" && n["reason"].as_str().unwrap().contains("per service")));
    // The same team by slug within its service; the day team's own count; the whole service's.
    let by_slug: Value = app.get("/api/v1/dashboard?service=oak-house&team=nights&from=2026-11&to=2026-11", Some(&staff)).await.json().await.unwrap();
    assert_eq!(by_slug["team_id"], json!(nights.id));
    let day: Value = app.get(&format!("/api/v1/dashboard?team={}&from=2026-11&to=2026-11", days.id), Some(&quality)).await.json().await.unwrap();
    assert_eq!(day["series"].as_array().unwrap().iter().find(|s| s["key"] == "reports").unwrap()["answer"]["points"][0]["y"], json!(1.0));
    let service: Value = app.get("/api/v1/dashboard?service=oak-house&from=2026-11&to=2026-11", Some(&quality)).await.json().await.unwrap();
    assert_eq!(service["series"].as_array().unwrap().iter().find(|s| s["key"] == "reports").unwrap()["answer"]["points"][0]["y"], json!(4.0));

    // A team of another service, one the person cannot see, one that does not exist.
    for (path, token) in [
        (format!("/api/v1/dashboard?service=maple-court&team={}", nights.id), &quality),
        (format!("/api/v1/dashboard?team={}", maple_days.id), &staff),
        ("/api/v1/dashboard?team=ghosts".to_string(), &quality),
    ] {
        let (status, error) = error_of(app.get(&path, Some(token)).await).await;
        assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("team")), "{path}: {error}");
    }

    // The page: the team chosen, its service selected with it, CSV links keep the team.
    let browser = app.browser("quality@t.test").await;
    let page = browser.get(app.url(&format!("/dashboard?team={}&from=2026-10&to=2026-11", nights.id))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Dashboard: Night team, Oak House"), "{html}");
    assert!(html.contains(&format!("<option value=\"{}\" selected>Night team</option>", nights.id)) && html.contains("<option value=\"oak-house\" selected>"), "{html}");
    assert!(html.contains(&format!("team={}", nights.id)), "CSV links keep the team");
    let csv = browser.get(app.url(&format!("/dashboard.csv?chart=reports&team={}&from=2026-10&to=2026-11", nights.id))).send().await.unwrap().text().await.unwrap();
    assert!(csv.lines().nth(2).is_some_and(|line| line.starts_with("Nov 2026,2,")), "the night team's two November reports: {csv}");
});

web_test!(a_teams_wall_shows_that_teams_figures_and_refuses_per_service_measures, |app| {
    let (nights, _, maple_days) = teams(app).await;
    let staff = app.token("staff@t.test").await;
    assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &with_team("named", "nights")).await.status(), StatusCode::CREATED);
    assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await.status(), StatusCode::CREATED);
    let manager = app.browser("manager@t.test").await;
    let create = |form: Vec<(&'static str, String)>| {
        let request = manager.post(app.url("/dashboard/walls")).form(&form);
        async move { request.send().await.unwrap() }
    };
    let nights_id = nights.id.to_string();
    let refused = create(vec![("name", "Night office".into()), ("service", "oak-house".into()), ("team", nights_id.clone()), ("measures", "rate_per_bed_days".into())]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("is recorded per service, not per team"));
    let refused = create(vec![("name", "Night office".into()), ("service", "oak-house".into()), ("team", maple_days.id.to_string()), ("measures", "reports".into())]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "a team of another service");
    // The manager of Oak House cannot put Maple Court's team on a wall.
    let refused = create(vec![("name", "Maple office".into()), ("service", "".into()), ("team", maple_days.id.to_string()), ("measures", "reports".into())]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(app.db.raw_rows("SELECT id FROM display_links").await.is_empty(), "nothing saved");

    let created = create(vec![("name", "Night office".into()), ("service", "oak-house".into()), ("team", nights_id), ("measures", "reports".into())]).await;
    let (status, html) = crate::support::as_seen(app, &manager, created).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("Night team, Oak House"), "the list says whose figures: {html}");
    let token: String = html.split("/wall/").nth(1).unwrap().chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    let wall = Client::new().get(app.url(&format!("/wall/{token}"))).send().await.unwrap().text().await.unwrap();
    assert!(wall.contains("Night team, Oak House"), "{wall}");
    assert_eq!(wall.matches("class=\"chart-svg\"").count(), 1);
    assert!(wall.contains("Nov 2026: 1 reports") && !wall.contains("Nov 2026: 2 reports"), "one night-team report, not the service's two: {wall}");
});
