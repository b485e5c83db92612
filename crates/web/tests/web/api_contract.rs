use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{PASSWORD, error_of, report_body};
use crate::web_test;

web_test!(health_reports_the_database, |app| {
    let body: Value = app.get("/healthz", None).await.json().await.unwrap();
    let expected = if app.db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
    assert_eq!(body, json!({"status": "ok", "database": expected}));
});

web_test!(login_me_and_services, |app| {
    let (status, error) = error_of(app.post_json("/api/v1/auth/login", None, &json!({"email": "staff@t.test", "password": "wrong password"})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error["code"], "unauthorised");
    let (status, error) = error_of(app.post_json("/api/v1/auth/login", None, &json!({"email": "nobody@t.test", "password": PASSWORD})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "unknown emails get the same answer as wrong passwords");
    assert_eq!(error["message"], "That email and password do not match an active account.");

    let token = app.token("manager@t.test").await;
    let me: Value = app.get("/api/v1/me", Some(&token)).await.json().await.unwrap();
    assert_eq!(me, json!({"email": "manager@t.test", "name": "Person manager@t.test", "role": "manager", "services": ["oak-house"]}));
    let services: Value = app.get("/api/v1/services", Some(&token)).await.json().await.unwrap();
    let slugs: Vec<&str> = services.as_array().unwrap().iter().map(|s| s["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["maple-court", "oak-house"]);
    assert!(services[0]["id"].is_i64() && services[0]["name"] == "Maple Court");

    let (status, error) = error_of(app.get("/api/v1/me", None).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorised")));
    let (status, _) = error_of(app.get("/api/v1/me", Some("not-a-token")).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Logging out revokes the token.
    let answer = app.post_json("/api/v1/auth/logout", Some(&token), &json!({})).await;
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), StatusCode::UNAUTHORIZED);
});

web_test!(reports_are_created_in_each_identity_mode, |app| {
    let token = app.token("staff@t.test").await;
    for identity in ["named", "confidential", "anonymous"] {
        let answer = app.post_json("/api/v1/reports", Some(&token), &report_body(identity)).await;
        assert_eq!(answer.status(), StatusCode::CREATED, "{identity}");
        let body: Value = answer.json().await.unwrap();
        let reference = body["reference"].as_str().unwrap();
        assert!(reference.starts_with("LL-") && reference.len() == 12, "{reference}");
        if identity == "named" {
            assert!(body["follow_up_code"].is_null());
        } else {
            assert_eq!(body["follow_up_code"].as_str().unwrap().len(), 19, "{identity} gets a code");
        }
    }
    // By service id as well as slug.
    let mut by_id = report_body("named");
    by_id["service"] = json!(app.f.oak.id.to_string());
    assert_eq!(app.post_json("/api/v1/reports", Some(&token), &by_id).await.status(), StatusCode::CREATED);
});

web_test!(bad_input_gets_the_contract_errors_and_nothing_is_saved, |app| {
    let token = app.token("staff@t.test").await;
    let count = || async { app.db.store.count_reports(app.f.org.id).await.unwrap() };

    let answer = reqwest::Client::new().post(app.url("/api/v1/reports")).bearer_auth(&token).header("content-type", "application/json").body("{not json").send().await.unwrap();
    let (status, error) = error_of(answer).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed_json")));

    let mut body = report_body("named");
    body["kind"] = json!("accident");
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&token), &body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["code"], "invalid_field");
    assert_eq!(error["field"], "kind");
    assert!(error["message"].as_str().unwrap().contains("Incident, Near-miss, Good practice or Concern"));

    let mut body = report_body("named");
    body.as_object_mut().unwrap().remove("what_happened");
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&token), &body).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("what_happened")));

    let mut body = report_body("named");
    body["kind"] = json!(5);
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&token), &body).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));

    let mut body = report_body("named");
    body["service"] = json!("the-moon");
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&token), &body).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("service")));

    let mut body = report_body("named");
    body["occurred_at"] = json!("2999-01-01T00:00:00Z");
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&token), &body).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("occurred_at")));

    let mut body = report_body("named");
    body["what_happened"] = json!("x".repeat(1024 * 1024 + 10));
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&token), &body).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")));

    let (status, _) = error_of(app.post_json("/api/v1/reports", None, &report_body("named")).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let admin = app.token("admin@t.test").await;
    let (status, error) = error_of(app.post_json("/api/v1/reports", Some(&admin), &report_body("named")).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));

    assert_eq!(count().await, 0, "nothing was half-saved");
    let (status, error) = error_of(app.get("/api/v1/no-such-thing", Some(&token)).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
});

web_test!(reading_a_report_follows_the_role_rules, |app| {
    let staff = app.token("staff@t.test").await;
    let named: Value = app.post_json("/api/v1/reports", Some(&staff), &report_body("named")).await.json().await.unwrap();
    let reference = named["reference"].as_str().unwrap();
    let path = format!("/api/v1/reports/{reference}");

    let report: Value = app.get(&path, Some(&staff)).await.json().await.unwrap();
    assert_eq!(report["reference"], reference);
    assert_eq!(report["kind"], "near_miss");
    assert_eq!(report["service"]["slug"], "oak-house");
    assert_eq!(report["occurred_at"], "2026-11-17T09:15:00Z");
    assert_eq!(report["status"], "received");
    assert_eq!(report["people_affected"], json!(["Resident A"]));

    let manager = app.token("manager@t.test").await;
    let seen: Value = app.get(&path, Some(&manager)).await.json().await.unwrap();
    assert_eq!(seen["reporter"], json!({"name": "Person staff@t.test", "email": "staff@t.test"}));

    for email in ["colleague@t.test", "maple.manager@t.test", "admin@t.test"] {
        let token = app.token(email).await;
        let (status, error) = error_of(app.get(&path, Some(&token)).await).await;
        assert_eq!((status, error["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{email}");
    }

    // Lists follow the same scopes.
    let list: Value = app.get("/api/v1/reports", Some(&manager)).await.json().await.unwrap();
    assert_eq!(list["reports"].as_array().unwrap().len(), 1);
    let other = app.token("maple.manager@t.test").await;
    let list: Value = app.get("/api/v1/reports", Some(&other)).await.json().await.unwrap();
    assert!(list["reports"].as_array().unwrap().is_empty());
});

web_test!(the_coach_flags_blame_and_passes_facts, |app| {
    let body: Value = app.post_json("/api/v1/coach", None, &json!({"text": "Café — she was careless with the MAR chart."})).await.json().await.unwrap();
    let findings = body["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["text"], "careless");
    assert_eq!(findings[0]["start"], 15, "character offsets, not bytes");
    assert_eq!(findings[0]["end"], 23);
    assert!(!findings[0]["reason"].as_str().unwrap().is_empty());
    assert!(!findings[0]["suggestion"].as_str().unwrap().is_empty());
    let clean: Value = app.post_json("/api/v1/coach", None, &json!({"text": "Resident A was found on the floor at 02:10; no injury seen."})).await.json().await.unwrap();
    assert_eq!(clean["findings"], json!([]));
});

web_test!(the_openapi_document_describes_the_contract, |app| {
    let doc: Value = app.get("/api/v1/openapi.json", None).await.json().await.unwrap();
    for path in ["/api/v1/reports", "/api/v1/reports/{reference}", "/api/v1/auth/login", "/api/v1/follow-up/{code}", "/api/v1/public/{org_key}/reports", "/api/v1/coach", "/api/v1/me", "/api/v1/services", "/healthz"] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert_eq!(app.get("/api/docs/", None).await.status(), StatusCode::OK, "Swagger UI is served from the binary");
});
