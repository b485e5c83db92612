//! Safeguarding escalation, regulator notifications and candour through the
//! API and the pages, with the role checks for each new route.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::reports::ReportInput;
use learnloop_store::reports::ReportSubmission;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, error_of, report_body};
use crate::web_test;

async fn report_with(app: &TestApp, token: &str, identity: &str, category: &str, harm: &str) -> String {
    let mut body = report_body(identity);
    body["kind"] = json!("incident");
    body["category"] = json!(category);
    body["harm"] = json!(harm);
    let answer = app.post_json("/api/v1/reports", Some(token), &body).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    answer.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_string()
}

fn today() -> String {
    Timestamp::now().to_zoned_datetime(TimeZone::get("Europe/London").unwrap()).date().to_string()
}

/// A report with severe harm that arrived two days ago, so its notification is overdue.
async fn overdue_report(app: &TestApp) -> String {
    let now = Timestamp::now();
    let report = ReportInput {
        kind: "incident".into(),
        service: "oak-house".into(),
        occurred_at: "2026-11-17T09:15:00Z".into(),
        what_happened: "A resident fell on the stairs and broke their wrist.".into(),
        identity: "named".into(),
        category: Some("falls".into()),
        harm: Some("severe".into()),
        people_affected: vec!["Resident B".into()],
        ..ReportInput::default()
    }
    .validate(now, &TimeZone::UTC)
    .unwrap();
    let two_days_ago = Timestamp::from_second(now.as_second() - 2 * 86_400).unwrap();
    let saved = app
        .db
        .store
        .create_report(&ReportSubmission { replay: None,
            team_id: None,
            organisation_id: app.f.org.id,
            service_id: app.f.oak.id,
            report: &report,
            submitted_by: Some(app.f.staff.id),
            plan: &learnloop_store::testing::plan(&report, &app.f.oak.name, app.f.oak.kind, true, two_days_ago),
        })
        .await
        .unwrap();
    saved.reference.to_string()
}

web_test!(a_safeguarding_concern_is_escalated_checked_off_and_notified_through_the_api, |app| {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let reference = report_with(app, &staff, "anonymous", "safeguarding", "low").await;
    let path = format!("/api/v1/reports/{reference}/obligations");

    let opened: Value = app.get(&path, Some(&manager)).await.json().await.unwrap();
    assert_eq!(opened["safeguarding"]["complete"], false, "{opened}");
    assert_eq!(opened["safeguarding"]["lead"], Value::Null, "no lead set: the managers were told");
    assert_eq!(opened["notifications"][0]["regulator"], "cqc");
    assert_eq!(opened["notifications"][0]["reasons"], json!(["abuse_or_allegation"]));
    assert_eq!(opened["notifications"][0]["overdue"], false);
    assert_eq!(opened["candour"], Value::Null, "low harm: no candour");

    // A referral without who made it is refused, naming the field; nothing is saved.
    let checklist = format!("/api/v1/reports/{reference}/safeguarding");
    let (status, error) = error_of(app.post_json(&checklist, Some(&manager), &json!({"person_safe": true, "referral_made": true, "referral_at": "2026-11-18T10:00"})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("referral_by")));
    let unchanged: Value = app.get(&path, Some(&manager)).await.json().await.unwrap();
    assert_eq!(unchanged["safeguarding"]["person_safe"], Value::Null);

    let answer = app
        .post_json(&checklist, Some(&manager), &json!({"person_safe": true, "referral_made": true, "referral_by": "Dee, deputy manager", "referral_at": "2026-11-18T10:00"}))
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let done: Value = answer.json().await.unwrap();
    assert_eq!(done["safeguarding"]["complete"], true, "{done}");
    assert_eq!(done["safeguarding"]["referral_by"], "Dee, deputy manager");

    // The police became involved: the reason joins the unsent notification.
    let facts = format!("/api/v1/reports/{reference}/notifications");
    let (status, error) = error_of(app.post_json(&facts, Some(&manager), &json!({})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("police_involved")));
    let (status, error) = error_of(app.post_json(&facts, Some(&manager), &json!({"reasons": ["flood"]})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reasons")));
    let updated: Value = app.post_json(&facts, Some(&manager), &json!({"police_involved": true})).await.json().await.unwrap();
    assert_eq!(updated["notifications"].as_array().unwrap().len(), 1);
    assert_eq!(updated["notifications"][0]["reasons"], json!(["abuse_or_allegation", "police_involvement"]));

    // Recorded as sent by the manager; a second time is a conflict; a future time is refused.
    let id = updated["notifications"][0]["id"].as_i64().unwrap();
    let sent = format!("/api/v1/notifications/{id}/sent");
    let (status, error) = error_of(app.post_json(&sent, Some(&manager), &json!({"sent_at": "2099-01-01T10:00"})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("sent_at")));
    let other_manager = app.token("maple.manager@t.test").await;
    assert_eq!(app.post_json(&sent, Some(&other_manager), &json!({})).await.status(), StatusCode::NOT_FOUND);
    let answer = app.post_json(&sent, Some(&manager), &json!({"regulator_reference": "CQC-778"})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let recorded: Value = answer.json().await.unwrap();
    assert_eq!((recorded["sent_by"].as_str(), recorded["regulator_reference"].as_str()), (Some(app.f.manager.name.as_str()), Some("CQC-778")));
    let (status, _) = error_of(app.post_json(&sent, Some(&manager), &json!({})).await).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Candour by the manager's judgement, one step at a time.
    let candour = format!("/api/v1/reports/{reference}/candour");
    let (status, error) = error_of(app.post_json(&candour, Some(&manager), &json!({"apology_on": "last week"})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("apology_on")));
    let answer: Value = app.post_json(&candour, Some(&manager), &json!({"told_in_person_on": today(), "apology_on": today()})).await.json().await.unwrap();
    assert_eq!((answer["candour"]["told_in_person_on"].as_str(), answer["candour"]["complete"].as_bool()), (Some(today().as_str()), Some(false)));

    // What is open: the candour; nothing for Maple Court's manager.
    let open: Value = app.get("/api/v1/obligations", Some(&manager)).await.json().await.unwrap();
    assert_eq!((open["safeguarding"].as_array().unwrap().len(), open["notifications"].as_array().unwrap().len()), (0, 0), "{open}");
    assert_eq!(open["candour"][0]["report"], reference.as_str());
    let theirs: Value = app.get("/api/v1/obligations", Some(&other_manager)).await.json().await.unwrap();
    assert_eq!(theirs["candour"].as_array().unwrap().len(), 0);
});

web_test!(only_the_people_who_handle_a_report_reach_its_obligations, |app| {
    let staff = app.token("staff@t.test").await;
    let reference = report_with(app, &staff, "named", "safeguarding", "moderate").await;
    let path = format!("/api/v1/reports/{reference}/obligations");
    for (email, expected) in [
        ("manager@t.test", StatusCode::OK),
        ("quality@t.test", StatusCode::OK),
        ("safety@t.test", StatusCode::OK),
        ("maple.manager@t.test", StatusCode::NOT_FOUND),
        ("admin@t.test", StatusCode::NOT_FOUND),
    ] {
        let token = app.token(email).await;
        assert_eq!(app.get(&path, Some(&token)).await.status(), expected, "{email} reading");
        let write = app.post_json(&format!("/api/v1/reports/{reference}/candour"), Some(&token), &json!({"notes": "Spoke with the family."})).await;
        let allowed = if expected == StatusCode::OK { StatusCode::OK } else { expected };
        assert_eq!(write.status(), allowed, "{email} writing");
    }
    // The reporter sees their own report, but not the team's obligations.
    assert_eq!(app.get(&path, Some(&staff)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.post_json(&format!("/api/v1/reports/{reference}/safeguarding"), Some(&staff), &json!({"person_safe": true})).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/obligations", Some(&staff)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/obligations", None).await.status(), StatusCode::UNAUTHORIZED);
    let anonymous_page = app.browser("staff@t.test").await.get(app.url("/obligations")).send().await.unwrap().status();
    assert_eq!(anonymous_page, StatusCode::FORBIDDEN);
});

web_test!(overdue_notifications_show_on_triage_and_the_obligations_page, |app| {
    let reference = overdue_report(app).await;
    let manager = app.browser("manager@t.test").await;
    let triage = manager.get(app.url("/triage")).send().await.unwrap().text().await.unwrap();
    assert!(triage.contains("1 notification to a regulator overdue."), "{triage}");
    let page = manager.get(app.url("/obligations")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&reference) && page.contains("Overdue:") && page.contains("CQC: Serious injury"), "{page}");
    let token = app.token("manager@t.test").await;
    let open: Value = app.get("/api/v1/obligations", Some(&token)).await.json().await.unwrap();
    assert_eq!(open["overdue_notifications"], 1);
    assert_eq!(open["notifications"][0]["overdue"], true);
    // Maple Court's manager has nothing overdue.
    let theirs = app.browser("maple.manager@t.test").await.get(app.url("/triage")).send().await.unwrap().text().await.unwrap();
    assert!(!theirs.contains("to a regulator overdue"));
});

web_test!(the_report_page_records_the_checklist_and_keeps_what_was_typed, |app| {
    let staff = app.token("staff@t.test").await;
    let reference = report_with(app, &staff, "confidential", "falls", "low").await;
    let manager = app.browser("manager@t.test").await;
    let origin = app.base.clone();
    let page = manager.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Not escalated.") && page.contains("Escalate and record"), "a fall is not escalated by itself");

    // Not safe, without saying what is being done: shown again with the message and the typed name.
    let answer = manager
        .post(app.url(&format!("/reports/{reference}/safeguarding")))
        .header("Origin", &origin)
        .form(&[("person_safe", "no"), ("referral_made", "yes"), ("referral_by", "Dee Kaur"), ("referral_at", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let shown = answer.text().await.unwrap();
    assert!(shown.contains("Say what is being done to make the person safe now."), "{shown}");
    assert!(shown.contains("value=\"Dee Kaur\""), "what was typed is kept");
    let token = app.token("manager@t.test").await;
    let nothing: Value = app.get(&format!("/api/v1/reports/{reference}/obligations"), Some(&token)).await.json().await.unwrap();
    assert_eq!(nothing["safeguarding"], Value::Null, "nothing half-saved");

    let answer = manager
        .post(app.url(&format!("/reports/{reference}/safeguarding")))
        .header("Origin", &origin)
        .form(&[("person_safe", "yes"), ("referral_made", "no"), ("no_referral_reason", "Discussed with the duty desk: below threshold.")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let page = manager.get(app.url(&format!("/reports/{reference}?done=escalated"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Escalated: the safeguarding lead has been told") && page.contains("Checklist complete."), "{page}");
    let inbox = app.db.store.inbox(app.f.manager.id, 20).await.unwrap();
    assert!(inbox.iter().any(|m| m.subject == "Safeguarding concern in Oak House: act today"), "the managers were told");

    // Candour steps through the form.
    let answer = manager
        .post(app.url(&format!("/reports/{reference}/candour")))
        .header("Origin", &origin)
        .form(&[("told_in_person_on", today().as_str()), ("apology_on", ""), ("written_follow_up_on", ""), ("notes", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let page = manager.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("The duty of candour applies.") && page.contains(&today()), "{page}");
});

web_test!(administrators_set_the_clocks_and_each_services_safeguarding_lead, |app| {
    let admin = app.browser("admin@t.test").await;
    let origin = app.base.clone();
    let answer = admin
        .post(app.url("/admin/clocks"))
        .header("Origin", &origin)
        .form(&[("thank_within_working_days", "2"), ("feedback_within_days", "21"), ("notify_regulator_within_hours", "500")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let shown = answer.text().await.unwrap();
    assert!(shown.contains("from 1 to 168") && shown.contains("value=\"500\""), "{shown}");
    assert_eq!(app.db.store.organisation(app.f.org.id).await.unwrap().thank_within_working_days, 1, "nothing half-saved");
    let answer = admin
        .post(app.url("/admin/clocks"))
        .header("Origin", &origin)
        .form(&[("thank_within_working_days", "2"), ("feedback_within_days", "21"), ("notify_regulator_within_hours", "12")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let org = app.db.store.organisation(app.f.org.id).await.unwrap();
    assert_eq!((org.thank_within_working_days, org.feedback_within_days, org.notify_regulator_within_hours), (2, 21, 12));

    // A member of staff cannot lead safeguarding: they could not open the reports.
    let lead_path = format!("/admin/services/{}/safeguarding-lead", app.f.oak.id);
    let staff_id = app.f.staff.id.to_string();
    let answer = admin.post(app.url(&lead_path)).header("Origin", &origin).form(&[("lead_id", staff_id.as_str())]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let quality_id = app.f.quality.id.to_string();
    let answer = admin.post(app.url(&lead_path)).header("Origin", &origin).form(&[("lead_id", quality_id.as_str())]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let overview = admin.get(app.url("/admin?saved=lead")).send().await.unwrap().text().await.unwrap();
    assert!(overview.contains(&format!("Safeguarding lead: {}", app.f.quality.name)), "{overview}");
    let manager_only = app.browser("manager@t.test").await.post(app.url(&lead_path)).header("Origin", &origin).form(&[("lead_id", "")]).send().await.unwrap();
    assert_eq!(manager_only.status(), StatusCode::FORBIDDEN);

    // The next concern goes to the lead, due in the organisation's 12 hours.
    let staff = app.token("staff@t.test").await;
    let reference = report_with(app, &staff, "named", "safeguarding", "low").await;
    let inbox = app.db.store.inbox(app.f.quality.id, 10).await.unwrap();
    assert!(inbox.iter().any(|m| m.link.as_deref() == Some(format!("/reports/{reference}").as_str())), "the lead was told");
    let quality = app.token("quality@t.test").await;
    let obligations: Value = app.get(&format!("/api/v1/reports/{reference}/obligations"), Some(&quality)).await.json().await.unwrap();
    assert_eq!(obligations["safeguarding"]["lead"], app.f.quality.name.as_str());
    let time = |v: &Value| v.as_str().unwrap().parse::<Timestamp>().unwrap();
    let (due, created) = (time(&obligations["notifications"][0]["due_at"]), time(&obligations["safeguarding"]["escalated_at"]));
    assert_eq!(due.as_second() - created.as_second(), 12 * 3600);
});

web_test!(the_obligation_forms_refuse_people_who_do_not_handle_the_report, |app| {
    let staff = app.token("staff@t.test").await;
    let reference = report_with(app, &staff, "named", "safeguarding", "severe").await;
    let manager = app.token("manager@t.test").await;
    let opened: Value = app.get(&format!("/api/v1/reports/{reference}/obligations"), Some(&manager)).await.json().await.unwrap();
    let id = opened["notifications"][0]["id"].as_i64().unwrap();
    let origin = app.base.clone();
    let forms: [(String, Vec<(&str, &str)>); 4] = [
        (format!("/reports/{reference}/safeguarding"), vec![("person_safe", "yes")]),
        (format!("/reports/{reference}/notifications"), vec![("police_involved", "yes")]),
        (format!("/reports/{reference}/candour"), vec![("notes", "Spoke with the family.")]),
        (format!("/notifications/{id}/sent"), vec![("regulator_reference", "X")]),
    ];
    // The reporter may read their report but not act on it; another service's
    // manager and the administrator cannot even see it.
    for (email, expected) in [
        ("staff@t.test", StatusCode::FORBIDDEN),
        ("maple.manager@t.test", StatusCode::NOT_FOUND),
        ("admin@t.test", StatusCode::NOT_FOUND),
    ] {
        let browser = app.browser(email).await;
        for (path, fields) in &forms {
            let answer = browser.post(app.url(path)).header("Origin", &origin).form(fields).send().await.unwrap();
            assert_eq!(answer.status(), expected, "{email} posting {path}");
        }
    }
    let untouched: Value = app.get(&format!("/api/v1/reports/{reference}/obligations"), Some(&manager)).await.json().await.unwrap();
    assert_eq!(untouched, opened, "nothing was recorded by anyone refused");
});
