//! Input a hostile tester sends: NUL characters, months and numbers far out of
//! range, huge names, dates long before the event. Each is refused with a
//! message naming the field, on both databases, and nothing is half-saved.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{error_of, report_body};
use crate::web_test;

web_test!(nul_characters_are_refused_wherever_text_arrives, |app| {
    let staff = app.token("staff@t.test").await;
    let mut body = report_body("named");
    body["what_happened"] = json!("Two residents' medicines were in adjacent pots.\u{0}");
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&staff), &body).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("what_happened")), "{error}");
    assert!(error["message"].as_str().unwrap().contains("NUL character"));
    let mut body = report_body("anonymous");
    body["people_affected"] = json!(["Resident A", "Room\u{0}4"]);
    let (_, error) = error_of(app.post_json(&format!("/api/v1/public/{}/reports", app.f.org.public_report_key), None, &body).await).await;
    assert_eq!(error["field"], "people_affected[1]");

    // A page's form, a query string and a path.
    let browser = app.browser("staff@t.test").await;
    let form = [("kind", "incident"), ("service", "oak-house"), ("occurred_at", "2026-11-17T09:15"), ("what_happened", "A fall in the lounge\0 at tea time."), ("identity", "named")];
    let answer = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("what_happened contains a NUL character"));
    assert_eq!(browser.get(app.url("/search?q=fall%00")).send().await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/reports/LL-%00", Some(&staff)).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 0, "nothing saved, on either database");
    // Text is otherwise untouched: the same report without the NUL is saved.
    assert_eq!(app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await.status(), StatusCode::CREATED);
});

web_test!(measure_months_and_numbers_stay_in_range, |app| {
    let quality = app.token("quality@t.test").await;
    let created: Value = app
        .post_json("/api/v1/measures", Some(&quality), &json!({"name": "Documentation time", "kind": "value", "unit": "minutes", "improvement": "decrease"}))
        .await
        .json()
        .await
        .unwrap();
    let values = format!("/api/v1/measures/{}/values", created["id"]);
    for (body, field) in [
        (json!({"service": "oak-house", "month": "9999-12", "value": 3}), "month"),
        (json!({"service": "oak-house", "month": "1900-01", "value": 3}), "month"),
        (json!({"service": "oak-house", "month": "2026-01", "value": 1e308}), "value"),
        (json!({"service": "oak-house", "month": "2026-01", "value": -1e308}), "value"),
    ] {
        let (status, error) = error_of(app.post_json(&values, Some(&quality), &body).await).await;
        assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)), "{body}: {error}");
    }
    let (_, error) = error_of(app.post_json("/api/v1/measures", Some(&quality), &json!({"name": "Huge", "kind": "value", "unit": "u", "improvement": "increase", "target": 1e308})).await).await;
    assert_eq!(error["field"], "target");
    let (_, error) = error_of(app.post_json("/api/v1/spc", Some(&quality), &json!({"chart": "i", "y": [1, 2, 1e308]})).await).await;
    assert_eq!(error["field"], "y");
    assert!(app.db.raw_rows("SELECT month FROM measure_values").await.is_empty(), "nothing saved");
    // In range, the chart draws numbers, never NaN.
    for (month, value) in [("2026-01", 999_999_999_999.0), ("2026-02", -999_999_999_999.0), ("2026-03", 12.5)] {
        assert_eq!(app.post_json(&values, Some(&quality), &json!({"service": "oak-house", "month": month, "value": value})).await.status(), StatusCode::OK);
    }
    let browser = app.browser("quality@t.test").await;
    let page = browser.get(app.url(&format!("/measures/{}?from=2026-01&to=2026-03", created["id"]))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<svg") && !page.contains("NaN"), "{page}");
});

web_test!(names_are_kept_to_a_sensible_length, |app| {
    let admin = app.browser("admin@t.test").await;
    let huge = "Oak ".repeat(225_000);
    let answer = admin.post(app.url("/admin/services")).header("Origin", app.base.clone()).form(&[("name", huge.as_str()), ("kind", "residential_care_home")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("Use at most 100 characters"));
    let answer = admin.post(app.url("/admin/services")).header("Origin", app.base.clone()).form(&[("name", "Birch Lodge"), ("kind", "castle")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "kinds come from the list");
    let answer = admin.post(app.url("/admin/teams")).header("Origin", app.base.clone()).form(&[("name", "N".repeat(101).as_str()), ("service_id", "oak-house")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.db.store.services(app.f.org.id).await.unwrap().len(), 2, "nothing added");
    let answer = admin.post(app.url("/admin/services")).header("Origin", app.base.clone()).form(&[("name", "Birch Lodge"), ("kind", "nursing_home")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
});

web_test!(candour_steps_fall_between_the_event_and_today, |app| {
    let staff = app.token("staff@t.test").await;
    let mut body = report_body("named");
    body["harm"] = json!("moderate");
    let created: Value = app.post_json("/api/v1/reports", Some(&staff), &body).await.json().await.unwrap();
    let candour = format!("/api/v1/reports/{}/candour", created["reference"].as_str().unwrap());
    let manager = app.token("manager@t.test").await;
    let (status, error) = error_of(app.post_json(&candour, Some(&manager), &json!({"told_in_person_on": "1900-01-01"})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("told_in_person_on")));
    assert!(error["message"].as_str().unwrap().contains("before the event happened (2026-11-17)"), "{error}");
    let answer = app.post_json(&candour, Some(&manager), &json!({"told_in_person_on": "2026-11-17"})).await;
    assert_eq!(answer.status(), StatusCode::OK);
});
