//! The restrictive practice log through the API and the pages: recording,
//! refusals naming each field, who sees what, the Ofsted timeline of a
//! children's home (overdue steps shown in words) and the monthly counts.

use learnloop_domain::restrictive_practice::{NewRestrictivePractice, RestraintType};
use learnloop_store::services::Service;
use learnloop_store::people::{User, UserChange};
use learnloop_store::restrictive_practice::NewRestrictivePracticeRecord;
use learnloop_store::testing::at;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, error_of};
use crate::web_test;

fn ago(seconds: i64) -> String {
    jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - seconds).unwrap().to_string()
}

fn entry_body(service: &str, person: &str, started_seconds_ago: i64) -> Value {
    json!({
        "service": service,
        "restraint_type": "physical",
        "started_at": ago(started_seconds_ago),
        "duration_minutes": 3,
        "person_reference": person,
        "behaviour_before": "K was running towards the road after the minibus trip was cancelled.",
        "de_escalation": "Staff called his name, offered his headphones and walked alongside him.",
        "less_restrictive_options": "Blocking the gate was tried; he climbed it.",
        "staff_involved": "Two support workers",
        "injury": false
    })
}

async fn add_service(app: &TestApp, user: &User, service_id: learnloop_domain::ids::ServiceId) {
    let mut services = user.service_ids.clone();
    services.push(service_id);
    let change = UserChange { name: user.name.clone(), job_title: user.job_title.clone(), role: user.role, team_id: user.team_id, active: true, service_ids: services };
    app.db.store.update_user(app.f.org.id, user.id, &change, None, at(learnloop_store::testing::NOW)).await.unwrap();
}

/// Willow House, a children's home where the fixture's staff member works
/// and its manager manages (as well as Oak House).
async fn childrens_home(app: &TestApp) -> Service {
    let willow = app.db.store.create_service(app.f.org.id, "willow-house", "Willow House", learnloop_domain::organisation::ServiceKind::ChildrensHome, None, at(learnloop_store::testing::NOW)).await.unwrap();
    add_service(app, &app.f.staff, willow.id).await;
    add_service(app, &app.f.manager, willow.id).await;
    willow
}

async fn created(app: &TestApp, token: &str, body: &Value) -> Value {
    let answer = app.post_json("/api/v1/restrictive-practice", Some(token), body).await;
    assert_eq!(answer.status(), StatusCode::CREATED, "{body}");
    answer.json().await.unwrap()
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

web_test!(restrictive_practice_in_a_childrens_home_follows_the_ofsted_timeline, |app| {
    let willow = childrens_home(app).await;
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;

    let answer = created(app, &staff, &entry_body("willow-house", "K", 2 * 3600)).await;
    let id = answer["id"].as_i64().unwrap();
    let timeline = &answer["ofsted_timeline"];
    assert_eq!((timeline["record"]["status"].as_str(), timeline["review"]["status"].as_str(), timeline["child_spoken_to"]["status"].as_str()), (Some("met"), Some("due"), Some("due")), "{answer}");
    assert_eq!(timeline["overdue"], false);

    // By id as well as by slug; a care home entry has no Ofsted timeline.
    let care_home = created(app, &staff, &entry_body(&app.f.oak.id.to_string(), "Room 12", 3600)).await;
    assert!(care_home["ofsted_timeline"].is_null(), "{care_home}");

    let shown: Value = app.get(&format!("/api/v1/restrictive-practice/{id}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!((shown["service_id"].as_i64(), shown["service_kind"].as_str(), shown["person_reference"].as_str()), (Some(willow.id.get()), Some("childrens_home"), Some("K")));
    assert_eq!(shown["restraint_type"], "physical");
    assert_eq!(shown["duration_minutes"], 3);
    assert_eq!(shown["recorded_by"], "Person staff@t.test");

    // Staff do not do the registered person's review; the manager does, once.
    let (status, _) = error_of(app.post_json(&format!("/api/v1/restrictive-practice/{id}/review"), Some(&staff), &json!({"notes": "Fine"})).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, error) = error_of(app.post_json(&format!("/api/v1/restrictive-practice/{id}/review"), Some(&manager), &json!({"notes": "  "})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("notes")));
    let answer = app.post_json(&format!("/api/v1/restrictive-practice/{id}/review"), Some(&manager), &json!({"notes": "Proportionate; add the gate to K's plan."})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let (status, _) = error_of(app.post_json(&format!("/api/v1/restrictive-practice/{id}/review"), Some(&manager), &json!({"notes": "Again"})).await).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The recorder speaks to the child; not for a care home entry.
    let answer = app.post_json(&format!("/api/v1/restrictive-practice/{id}/child-spoken-to"), Some(&staff), &json!({"notes": "K said he wants to be told first."})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let care_home_id = care_home["id"].as_i64().unwrap();
    let (status, error) = error_of(app.post_json(&format!("/api/v1/restrictive-practice/{care_home_id}/child-spoken-to"), Some(&staff), &json!({"notes": "x"})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("service")), "{error}");

    let shown: Value = app.get(&format!("/api/v1/restrictive-practice/{id}"), Some(&manager)).await.json().await.unwrap();
    assert_eq!(shown["review"]["by"], "Person manager@t.test");
    assert_eq!(shown["review"]["notes"], "Proportionate; add the gate to K's plan.");
    assert_eq!(shown["child_spoken_to"]["notes"], "K said he wants to be told first.");
    assert_eq!((shown["ofsted_timeline"]["review"]["status"].as_str(), shown["ofsted_timeline"]["child_spoken_to"]["status"].as_str()), (Some("done"), Some("done")));

    // The audit log holds no narrative.
    let audit = app.db.store.audit_log(app.f.org.id, None, 1000).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "restrictive_practice.recorded"));
    assert!(audit.iter().all(|a| !a.detail.contains("minibus") && !a.detail.contains("told first") && !a.detail.contains("Room 12")));
});

web_test!(restrictive_practice_bad_input_names_each_field_and_saves_nothing, |app| {
    let staff = app.token("staff@t.test").await;
    let (status, error) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&staff), &json!({})).await).await;
    assert_eq!((status, error["code"].as_str(), error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_field"), Some("service")));
    let fields: Vec<&str> = error["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        ["service", "restraint_type", "started_at", "duration_minutes", "person_reference", "behaviour_before", "de_escalation", "less_restrictive_options", "staff_involved", "injury"]
    );

    let mut named = entry_body("oak-house", "Kieran Walsh", 600);
    let (status, error) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&staff), &named).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person_reference")));
    named["person_reference"] = json!("K");
    named["injury"] = json!(true);
    let (status, error) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&staff), &named).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("injury_details")));
    let (status, error) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&staff), &entry_body("nowhere", "K", 600)).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("service")));
    assert!(error["message"].as_str().unwrap().contains("nowhere"));
    let mut future = entry_body("oak-house", "K", -86_400);
    future["duration_minutes"] = json!(2000);
    let (status, error) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&staff), &future).await).await;
    let fields: Vec<&str> = error["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!((status, fields), (StatusCode::UNPROCESSABLE_ENTITY, vec!["started_at", "duration_minutes"]));

    assert!(app.db.raw_rows("SELECT id FROM restrictive_practices").await.is_empty(), "nothing was saved");
    let quality = app.token("quality@t.test").await;
    let list: Value = app.get("/api/v1/restrictive-practice", Some(&quality)).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0);
});

web_test!(restrictive_practice_is_seen_only_within_each_roles_scope, |app| {
    let staff = app.token("staff@t.test").await;
    let colleague = app.token("colleague@t.test").await;
    let manager = app.token("manager@t.test").await;
    let maple_manager = app.token("maple.manager@t.test").await;
    let quality = app.token("quality@t.test").await;
    let safety = app.token("safety@t.test").await;
    let admin = app.token("admin@t.test").await;

    let mine = created(app, &staff, &entry_body("oak-house", "A", 3 * 3600)).await["id"].as_i64().unwrap();
    let theirs = created(app, &colleague, &entry_body("oak-house", "B", 2 * 3600)).await["id"].as_i64().unwrap();
    let maple = created(app, &maple_manager, &entry_body("maple-court", "M", 3600)).await["id"].as_i64().unwrap();

    let list = |token: &str| {
        let token = token.to_string();
        async move { app.get("/api/v1/restrictive-practice", Some(&token)).await }
    };
    assert_eq!(ids(&list(&staff).await.json().await.unwrap()), [mine], "staff see only their own");
    assert_eq!(ids(&list(&colleague).await.json().await.unwrap()), [theirs]);
    assert_eq!(ids(&list(&manager).await.json().await.unwrap()), [theirs, mine], "the manager sees Oak House's, newest first");
    assert_eq!(ids(&list(&maple_manager).await.json().await.unwrap()), [maple]);
    assert_eq!(ids(&list(&quality).await.json().await.unwrap()), [maple, theirs, mine]);
    assert_eq!(ids(&list(&safety).await.json().await.unwrap()), [maple, theirs, mine]);
    let (status, error) = error_of(list(&admin).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "administrators do not read the log");

    let show = |token: &str, id: i64| {
        let token = token.to_string();
        async move { app.get(&format!("/api/v1/restrictive-practice/{id}"), Some(&token)).await.status() }
    };
    assert_eq!(show(&staff, mine).await, StatusCode::OK);
    assert_eq!(show(&staff, theirs).await, StatusCode::NOT_FOUND, "a colleague's entry");
    assert_eq!(show(&manager, maple).await, StatusCode::NOT_FOUND, "another service's entry");
    assert_eq!(show(&quality, maple).await, StatusCode::OK);
    assert_eq!(show(&admin, mine).await, StatusCode::FORBIDDEN);
    assert_eq!(show(&quality, 999_999).await, StatusCode::NOT_FOUND);

    // Another organisation's entry is not found, whoever asks.
    let s = &app.db.store;
    let other = s.create_organisation("elsewhere", "Elsewhere Care", "Europe/London", at(learnloop_store::testing::NOW)).await.unwrap();
    let elm = s.create_service(other.id, "elm", "Elm House", learnloop_domain::organisation::ServiceKind::ResidentialCareHome, None, at(learnloop_store::testing::NOW)).await.unwrap();
    let new = NewRestrictivePractice {
        restraint_type: RestraintType::Chemical,
        started_at: jiff::Timestamp::now(),
        duration_minutes: 30,
        person_reference: "E".into(),
        behaviour_before: "x".into(),
        de_escalation: "x".into(),
        less_restrictive_options: "x".into(),
        staff_involved: "x".into(),
        injury: false,
        injury_details: None,
        best_interests_reference: None,
        debrief_with_person: None,
        debrief_with_staff: None,
    };
    let record = NewRestrictivePracticeRecord { organisation_id: other.id, service_id: elm.id, recorded_by: app.f.quality.id, recorded_at: jiff::Timestamp::now(), started_month: 202611, entry: &new };
    let foreign = s.record_restrictive_practice(&record).await.unwrap();
    for token in [&staff, &manager, &quality, &safety] {
        assert_eq!(show(token, foreign).await, StatusCode::NOT_FOUND);
        let (status, _) = error_of(app.post_json(&format!("/api/v1/restrictive-practice/{foreign}/review"), Some(token), &json!({"notes": "x"})).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    // Recording: staff and managers, only for a service they work in.
    for token in [&quality, &safety, &admin] {
        let (status, _) = error_of(app.post_json("/api/v1/restrictive-practice", Some(token), &entry_body("oak-house", "A", 60)).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&staff), &entry_body("maple-court", "A", 60)).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "staff record only for a service they work in");
    let (status, _) = error_of(app.post_json("/api/v1/restrictive-practice", Some(&manager), &entry_body("maple-court", "A", 60)).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a manager records only for a service they manage");

    // The review: a manager of the service, not quality, not another manager.
    for token in [&quality, &maple_manager] {
        let (status, _) = error_of(app.post_json(&format!("/api/v1/restrictive-practice/{mine}/review"), Some(token), &json!({"notes": "x"})).await).await;
        assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{status}");
    }
    assert_eq!(app.get("/api/v1/restrictive-practice/counts", Some(&staff)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/restrictive-practice/counts", Some(&admin)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/restrictive-practice", None).await.status(), StatusCode::UNAUTHORIZED);
});

web_test!(restrictive_practice_overdue_steps_are_shown_in_words, |app| {
    childrens_home(app).await;
    let staff = app.token("staff@t.test").await;
    // Started three days ago, recorded only now: late, and the review is overdue.
    let answer = created(app, &staff, &entry_body("willow-house", "K", 3 * 86_400)).await;
    let timeline = &answer["ofsted_timeline"];
    assert_eq!((timeline["record"]["status"].as_str(), timeline["review"]["status"].as_str(), timeline["child_spoken_to"]["status"].as_str()), (Some("late"), Some("overdue"), Some("due")), "{answer}");
    assert_eq!(timeline["overdue"], true);
    let list: Value = app.get("/api/v1/restrictive-practice", Some(&app.token("manager@t.test").await)).await.json().await.unwrap();
    assert_eq!(list[0]["ofsted_timeline"]["review"]["status"], "overdue");

    let manager = app.browser("manager@t.test").await;
    let page = manager.get(app.url("/restrictive-practice")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("1 entry has an overdue step"), "{page}");
    assert!(page.contains("Registered person&#39;s review within 48 hours: <strong class=\"overdue-label\">overdue: it was due by") || page.contains("Registered person's review within 48 hours: <strong class=\"overdue-label\">overdue: it was due by"), "{page}");
    assert!(page.contains("<strong class=\"overdue-label\">recorded late"), "{page}");
    assert!(page.contains("Child spoken to within 5 days: due by"), "{page}");
});

web_test!(restrictive_practice_counts_per_service_and_person_by_month, |app| {
    let staff = app.token("staff@t.test").await;
    let colleague = app.token("colleague@t.test").await;
    let maple_manager = app.token("maple.manager@t.test").await;
    let started = 120;
    for (token, service, person, kind) in [
        (&staff, "oak-house", "A", "physical"),
        (&staff, "oak-house", "A", "chemical"),
        (&colleague, "oak-house", "A", "physical"),
        (&colleague, "oak-house", "B", "environmental"),
        (&maple_manager, "maple-court", "A", "mechanical"),
    ] {
        let mut body = entry_body(service, person, started);
        body["restraint_type"] = json!(kind);
        created(app, token, &body).await;
    }
    let zone = jiff::tz::TimeZone::get("Europe/London").unwrap();
    let month = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - started).unwrap().to_zoned_datetime(zone).strftime("%Y-%m").to_string();

    let manager = app.token("manager@t.test").await;
    let counts: Value = app.get(&format!("/api/v1/restrictive-practice/counts?from={month}&to={month}"), Some(&manager)).await.json().await.unwrap();
    assert_eq!(counts["months"], json!([month]));
    let per_service = counts["per_service"].as_array().unwrap();
    assert_eq!(per_service.len(), 1, "only Oak House for its manager: {counts}");
    assert_eq!((per_service[0]["service"].as_str(), per_service[0]["total"].as_i64()), (Some("Oak House"), Some(4)));
    assert_eq!(per_service[0]["by_type"], json!({"physical": 2, "chemical": 1, "mechanical": 0, "environmental": 1}));
    let per_person: Vec<(&str, i64)> = counts["per_person"].as_array().unwrap().iter().map(|c| (c["person_reference"].as_str().unwrap(), c["total"].as_i64().unwrap())).collect();
    assert_eq!(per_person, [("A", 3), ("B", 1)]);

    let quality = app.token("quality@t.test").await;
    let counts: Value = app.get(&format!("/api/v1/restrictive-practice/counts?from={month}&to={month}"), Some(&quality)).await.json().await.unwrap();
    let services: Vec<&str> = counts["per_service"].as_array().unwrap().iter().map(|c| c["service"].as_str().unwrap()).collect();
    assert_eq!(services, ["Maple Court", "Oak House"]);
    // Without a range: the last six months, this one included.
    let counts: Value = app.get("/api/v1/restrictive-practice/counts", Some(&quality)).await.json().await.unwrap();
    assert_eq!(counts["months"].as_array().unwrap().len(), 6);
    assert_eq!(counts["to"], month.as_str());

    let (status, error) = error_of(app.get("/api/v1/restrictive-practice/counts?from=June&to=2026-11", Some(&quality)).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("from")));

    let browser = app.browser("quality@t.test").await;
    let page = browser.get(app.url(&format!("/restrictive-practice/counts?from={month}&to={month}"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("<table id=\"counts-per-service\">") && page.contains("<table id=\"counts-per-person\">"), "{page}");
    assert!(page.contains("<th scope=\"row\">Oak House</th><td>") , "{page}");
    let page = browser.get(app.url("/restrictive-practice/counts?from=2026-05&to=2026-01")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().await.unwrap().contains("The last month must not be before the first."));
});

web_test!(restrictive_practice_pages_record_review_and_keep_what_was_typed, |app| {
    childrens_home(app).await;
    let staff = app.browser("staff@t.test").await;
    let home = staff.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("href=\"/restrictive-practice\""), "the navigation links to the log");
    let form = staff.get(app.url("/restrictive-practice/new")).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let form = form.text().await.unwrap();
    for field in ["service", "started_at", "duration_minutes", "person_reference", "behaviour_before", "de_escalation", "less_restrictive_options", "staff_involved", "injury_details", "best_interests_reference", "debrief_with_person", "debrief_with_staff"] {
        assert!(form.contains(&format!("<label for=\"{field}\"")), "a label for {field}");
    }

    let incomplete = [("service", "willow-house"), ("person_reference", "K"), ("behaviour_before", "K threw a chair in the lounge."), ("duration_minutes", "5")];
    let answer = staff.post(app.url("/restrictive-practice/new")).header("Origin", app.base.clone()).form(&incomplete).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("class=\"error-summary\""), "{page}");
    assert!(page.contains("<a href=\"#restraint_type\">") && page.contains("<a href=\"#injury\">"), "{page}");
    assert!(page.contains("K threw a chair in the lounge."), "what was typed is kept");
    assert!(page.contains("value=\"5\""));
    assert!(app.db.raw_rows("SELECT id FROM restrictive_practices").await.is_empty());

    let started = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - 3600).unwrap().to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap()).strftime("%Y-%m-%dT%H:%M").to_string();
    let complete = [
        ("service", "willow-house"),
        ("restraint_type", "environmental"),
        ("started_at", started.as_str()),
        ("duration_minutes", "5"),
        ("person_reference", "K"),
        ("behaviour_before", "K threw a chair in the lounge."),
        ("de_escalation", "Offered the garden and his music."),
        ("less_restrictive_options", "Moving the other young people out first."),
        ("staff_involved", "Two residential workers"),
        ("injury", "no"),
        ("injury_details", ""),
        ("best_interests_reference", ""),
        ("debrief_with_person", ""),
        ("debrief_with_staff", ""),
    ];
    let answer = staff.post(app.url("/restrictive-practice/new")).header("Origin", app.base.clone()).form(&complete).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/restrictive-practice/") && location.ends_with("?done=recorded"), "{location}");
    let path = location.split('?').next().unwrap().to_string();
    let detail = staff.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(detail.contains("The entry is recorded.") && detail.contains("Offered the garden and his music."), "{detail}");
    assert!(detail.contains("id=\"ofsted-timeline\""));
    assert!(detail.contains(&format!("action=\"{path}/child-spoken-to\"")), "the recorder may record the child spoken to");
    assert!(!detail.contains(&format!("action=\"{path}/review\"")), "staff do not review");

    let manager = app.browser("manager@t.test").await;
    let answer = manager.post(app.url(&format!("{path}/review"))).header("Origin", app.base.clone()).form(&[("notes", "")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("id=\"notes-review-error\""));
    let answer = manager.post(app.url(&format!("{path}/review"))).header("Origin", app.base.clone()).form(&[("notes", "Environmental restriction was proportionate.")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let detail = manager.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(detail.contains("Environmental restriction was proportionate."), "{detail}");

    let admin = app.browser("admin@t.test").await;
    assert_eq!(admin.get(app.url("/restrictive-practice")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(admin.get(app.url(&path)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let quality = app.browser("quality@t.test").await;
    assert_eq!(quality.get(app.url("/restrictive-practice/new")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(quality.get(app.url(&path)).send().await.unwrap().status(), StatusCode::OK);
});

web_test!(restrictive_practice_routes_are_in_the_openapi_document, |app| {
    let doc: Value = app.get("/api/v1/openapi.json", None).await.json().await.unwrap();
    for (path, method) in [
        ("/api/v1/restrictive-practice", "post"),
        ("/api/v1/restrictive-practice", "get"),
        ("/api/v1/restrictive-practice/{id}", "get"),
        ("/api/v1/restrictive-practice/{id}/review", "post"),
        ("/api/v1/restrictive-practice/{id}/child-spoken-to", "post"),
        ("/api/v1/restrictive-practice/counts", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} is documented");
    }
    assert!(doc["components"]["schemas"]["NewRestrictivePracticeBody"]["properties"]["restraint_type"].is_object());
});
