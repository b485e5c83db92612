//! Measurement through the API: SPC charts computed on the spot.

use learnloop_store::testing::at;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::error_of;
use crate::web_test;

/// Montgomery's circuit boards (qcc `circuit`, trial samples).
fn circuit() -> Value {
    json!([21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15])
}

web_test!(spc_computes_a_chart_for_anyone_signed_in_and_names_what_to_fix, |app| {
    let body = json!({"chart": "c", "y": circuit()});
    let (status, error) = error_of(app.post_json("/api/v1/spc", None, &body).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorised")));

    let token = app.token("staff@t.test").await;
    let answer = app.post_json("/api/v1/spc", Some(&token), &body).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let answer: Value = answer.json().await.unwrap();
    let points = answer["points"].as_array().unwrap();
    assert_eq!(points.len(), 26);
    let first = &points[0];
    assert!((first["cl"].as_f64().unwrap() - 19.84615).abs() < 1e-5);
    assert!((first["ucl"].as_f64().unwrap() - 33.21086).abs() < 1e-5);
    assert_eq!((&points[5]["signal"], &points[5]["rule"]), (&json!(true), &json!("outside_limits")));
    assert_eq!((&points[0]["signal"], &points[0]["rule"]), (&json!(false), &Value::Null));
    for key in ["n_useful", "longest_run", "longest_run_max", "crossings", "crossings_min", "signal"] {
        assert!(answer["runs"].get(key).is_some(), "runs.{key} missing: {answer}");
    }
    assert!(answer.get("parts").is_none());
    assert_eq!(answer["warnings"], json!([]));

    // Parts: one runs analysis per part; a rate per 1,000 with `multiply`.
    let body = json!({"chart": "u", "numerator": [3, 4, 2, 5, 9, 8, 10, 9], "denominator": [900, 1000, 950, 1000, 980, 1000, 990, 1000],
        "multiply": 1000, "parts": [4], "rules": "nhs", "improvement": "decrease", "target": 5});
    let answer: Value = app.post_json("/api/v1/spc", Some(&token), &body).await.json().await.unwrap();
    assert!(answer.get("runs").is_none());
    let parts = answer["parts"].as_array().unwrap();
    assert_eq!((parts.len(), &parts[1]["first"], &parts[1]["last"]), (2, &json!(5), &json!(8)));
    assert!((answer["points"][0]["y"].as_f64().unwrap() - 3.333333).abs() < 1e-5, "{answer}");
    assert_eq!(answer["trial_limits"], json!(true));
    assert!(answer["assurance"].is_string());

    // Run charts have no limits.
    let answer: Value = app.post_json("/api/v1/spc", Some(&token), &json!({"chart": "run", "y": [1, 2, 3]})).await.json().await.unwrap();
    assert_eq!((&answer["points"][0]["lcl"], &answer["points"][0]["ucl"], &answer["points"][0]["cl"]), (&Value::Null, &Value::Null, &json!(2.0)));

    for (body, field, says) in [
        (json!({"chart": "p", "numerator": [1, 2, 3], "denominator": [10, 10]}), "denominator", "has 2 values but numerator has 3"),
        (json!({"chart": "u", "numerator": [1, 2], "denominator": [10, 0]}), "denominator", "must be above zero"),
        (json!({"chart": "u", "numerator": [1, 2], "denominator": [10, -3]}), "denominator", "must be above zero"),
        (json!({"chart": "i", "y": [4]}), "y", "too few points"),
        (json!({"chart": "i", "y": [4, 5, 6], "exclude": [1, 2]}), "exclude", "too few points"),
        (json!({"chart": "c", "y": [4, 5], "parts": [2]}), "parts", "cannot end a part"),
        (json!({"chart": "x", "y": [4, 5]}), "chart", "unknown variant"),
        (json!({"chart": "c", "y": [4, "five"]}), "y[1]", "invalid type"),
        (json!({"chart": "c", "y": [4, 5], "colour": "red"}), "colour", "unknown field `colour`"),
        (json!({"y": [4, 5]}), "chart", "missing field"),
    ] {
        let (status, error) = error_of(app.post_json("/api/v1/spc", Some(&token), &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["field"], json!(field), "{body}: {error}");
        assert!(error["message"].as_str().unwrap().contains(says), "{body}: {error}");
    }
});

web_test!(dashboard_charts_every_measure_of_the_scope_the_person_may_see, |app| {
    let staff = app.token("staff@t.test").await;
    for identity in ["named", "anonymous", "named"] {
        let created = app.post_json("/api/v1/reports", Some(&staff), &crate::support::report_body(identity)).await;
        assert_eq!(created.status(), StatusCode::CREATED);
    }
    app.db.store.set_denominator(app.f.oak.id, 202611, Some(600.0), Some(20.0), app.f.quality.id, at(learnloop_store::testing::NOW)).await.unwrap();

    let quality = app.token("quality@t.test").await;
    let answer = app.get("/api/v1/dashboard?from=2026-10&to=2026-11", Some(&quality)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let dashboard: Value = answer.json().await.unwrap();
    assert_eq!((&dashboard["from"], &dashboard["to"], &dashboard["service_id"]), (&json!("2026-10"), &json!("2026-11"), &Value::Null));
    let series = dashboard["series"].as_array().unwrap();
    assert!(series.len() >= 12, "{} charts", series.len());
    let find = |key: &str| series.iter().find(|s| s["key"] == key).unwrap_or_else(|| panic!("{key} missing: {dashboard}"));
    let reports = find("reports");
    assert_eq!((&reports["chart"], &reports["months"], &reports["labels"]), (&json!("c"), &json!(["2026-10", "2026-11"]), &json!(["Oct 2026", "Nov 2026"])));
    assert_eq!(reports["answer"]["points"][1]["y"], json!(3.0));
    let rate = find("rate_per_bed_days");
    assert_eq!((&rate["chart"], &rate["months"]), (&json!("u"), &json!(["2026-11"])));
    assert!((rate["answer"]["points"][0]["y"].as_f64().unwrap() - 5.0).abs() < 1e-9, "3 reports per 600 bed days = 5 per 1,000");
    let anonymous = find("anonymous_share");
    assert!((anonymous["answer"]["points"][0]["y"].as_f64().unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(find("repeats")["answer"]["points"][1]["y"], json!(2.0));

    // A category filter; a service's own dashboard.
    let falls: Value = app.get("/api/v1/dashboard?from=2026-11&to=2026-11&category=falls", Some(&quality)).await.json().await.unwrap();
    assert_eq!(falls["series"].as_array().unwrap().iter().find(|s| s["key"] == "reports").unwrap()["answer"]["points"][0]["y"], json!(0.0));
    let oak: Value = app.get("/api/v1/dashboard?service=oak-house&from=2026-11&to=2026-11", Some(&staff)).await.json().await.unwrap();
    assert_eq!((&oak["service_id"], &oak["scope_name"]), (&json!(app.f.oak.id), &json!("Oak House")));

    // Staff cannot open another service's dashboard; bad filters are named.
    for (path, field) in [
        ("/api/v1/dashboard?service=maple-court", "service"),
        ("/api/v1/dashboard?from=2026-13&to=2026-11", "from"),
        ("/api/v1/dashboard?from=2026-11&to=2026-10", "to"),
        ("/api/v1/dashboard?category=weather", "category"),
    ] {
        let (status, error) = error_of(app.get(path, Some(&staff)).await).await;
        assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)), "{path}: {error}");
    }
    let (status, _) = error_of(app.get("/api/v1/dashboard", None).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
});

web_test!(measures_are_defined_entered_and_imported_all_or_nothing, |app| {
    let quality = app.token("quality@t.test").await;
    let manager = app.token("manager@t.test").await;
    let body = json!({"name": "Staff turnover", "kind": "proportion", "unit": "% of staff", "multiply": 100, "improvement": "decrease", "target": 10});
    let (status, _) = error_of(app.post_json("/api/v1/measures", Some(&manager), &body).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "managers enter values; quality leads define measures");
    let created = app.post_json("/api/v1/measures", Some(&quality), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let measure: Value = created.json().await.unwrap();
    let id = measure["id"].as_i64().unwrap();
    assert_eq!((&measure["kind"], &measure["improvement"]), (&json!("proportion"), &json!("decrease")));
    let (status, error) = error_of(app.post_json("/api/v1/measures", Some(&quality), &body).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("name")), "names are unique");
    let (_, error) = error_of(app.post_json("/api/v1/measures", Some(&quality), &json!({"name": "X", "kind": "ratio", "unit": "u"})).await).await;
    assert_eq!(error["field"], "kind");

    // One month by hand: the manager for their own service only.
    let values = format!("/api/v1/measures/{id}/values");
    let saved = app.post_json(&values, Some(&manager), &json!({"service": "oak-house", "month": "2026-01", "value": 3, "denominator": 40})).await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.json::<Value>().await.unwrap()["month"], "2026-01");
    let (_, error) = error_of(app.post_json(&values, Some(&manager), &json!({"service": "maple-court", "month": "2026-01", "value": 3, "denominator": 40})).await).await;
    assert_eq!(error["field"], "service");
    let (_, error) = error_of(app.post_json(&values, Some(&manager), &json!({"service": "oak-house", "month": "2026-01", "value": 50, "denominator": 40})).await).await;
    assert_eq!(error["field"], "value");

    // A CSV with one bad row: rejected with the row named, nothing imported.
    let import = |text: &'static str| {
        let client = reqwest::Client::new();
        let url = app.url(&format!("/api/v1/measures/{id}/import"));
        let token = quality.clone();
        async move { client.post(url).bearer_auth(token).header("content-type", "text/csv").body(text).send().await.unwrap() }
    };
    let bad = "service,month,value,denominator\nOak House,2026-02,4,41\nOak House,2026-03,five,42\nMaple Court,2026-02,2,30\n";
    let (status, error) = error_of(import(bad).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "csv");
    assert!(error["message"].as_str().unwrap().starts_with("Nothing was imported: 1 problem"), "{error}");
    assert_eq!(error["fields"][1]["field"], "rows[3].value");
    assert!(error["fields"][1]["message"].as_str().unwrap().starts_with("Row 3, value:"));
    let chart = format!("/api/v1/measures/{id}?from=2026-01&to=2026-03");
    let before: Value = app.get(&chart, Some(&quality)).await.json().await.unwrap();
    assert_eq!(before["months"], json!(["2026-01"]), "the good rows of the bad file were not saved");

    let good = "service,month,value,denominator\nOak House,2026-02,4,41\nOak House,2026-03,5,42\nMaple Court,2026-02,2,30\n";
    let imported = import(good).await;
    assert_eq!(imported.status(), StatusCode::OK);
    assert_eq!(imported.json::<Value>().await.unwrap()["imported"], 3);
    let after: Value = app.get(&chart, Some(&quality)).await.json().await.unwrap();
    assert_eq!(after["months"], json!(["2026-01", "2026-02", "2026-03"]));
    let february = after["answer"]["points"][1]["y"].as_f64().unwrap();
    assert!((february - 600.0 / 71.0).abs() < 1e-9, "both services added up: 6 of 71 = {february}");
    assert_eq!(after["answer"]["chart"], "p");

    // The measure joins the dashboard.
    let dashboard: Value = app.get("/api/v1/dashboard?from=2026-01&to=2026-03", Some(&quality)).await.json().await.unwrap();
    let series = dashboard["series"].as_array().unwrap();
    assert!(series.iter().any(|s| s["key"] == format!("measure-{id}") && s["title"] == "Staff turnover"), "{dashboard}");
});

web_test!(the_dashboard_page_draws_a_chart_per_measure_with_its_data_and_csv, |app| {
    let staff = app.token("staff@t.test").await;
    for identity in ["named", "anonymous"] {
        app.post_json("/api/v1/reports", Some(&staff), &crate::support::report_body(identity)).await;
    }
    let browser = app.browser("manager@t.test").await;
    let page = browser.get(app.url("/dashboard?from=2026-09&to=2026-11&service=oak-house")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Dashboard: Oak House"));
    assert!(html.matches("class=\"chart-svg\"").count() >= 10, "{} charts", html.matches("class=\"chart-svg\"").count());
    assert!(html.contains("Not shown yet") && html.contains("Reporting rate: no months with data yet"), "no denominators entered yet");
    assert!(html.contains("Data table"));
    let link = html.split("href=\"/dashboard.csv?chart=reports").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_string();
    assert!(link.contains("from=2026-09") && link.contains("service=oak-house"), "CSV links keep the filters: {link}");

    let csv = browser.get(app.url("/dashboard.csv?chart=reports&from=2026-09&to=2026-11&service=oak-house")).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("reports.csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("period,value,centre"), "{text}");
    assert!(lines[3].starts_with("Nov 2026,2,"), "{text}");

    let bad = browser.get(app.url("/dashboard?from=2026-13&to=2026-11")).send().await.unwrap().text().await.unwrap();
    assert!(bad.contains("error-summary") && bad.contains("YYYY-MM"));
    let other = browser.get(app.url("/dashboard?service=maple-court")).send().await.unwrap().text().await.unwrap();
    assert!(other.contains("No service you can see has that name"), "a manager sees only their services");
});

web_test!(restrictive_practice_counts_on_the_dashboard_follow_the_logs_own_scope, |app| {
    let has_restrictions = |dashboard: &Value| dashboard["series"].as_array().unwrap().iter().any(|s| s["key"] == "restrictive_practice");
    let get = |email: &'static str, path: &'static str| async move {
        let token = app.token(email).await;
        app.get(path, Some(&token)).await.json::<Value>().await.unwrap()
    };
    assert!(has_restrictions(&get("quality@t.test", "/api/v1/dashboard").await));
    assert!(has_restrictions(&get("manager@t.test", "/api/v1/dashboard?service=oak-house").await));
    assert!(!has_restrictions(&get("manager@t.test", "/api/v1/dashboard").await), "a manager oversees only their services");
    assert!(!has_restrictions(&get("staff@t.test", "/api/v1/dashboard?service=oak-house").await));
    assert!(!has_restrictions(&get("admin@t.test", "/api/v1/dashboard").await), "administrators never see the log");
});
