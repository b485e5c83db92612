//! The learning loop through the API and the pages: triage, thanks, reviews,
//! the just-culture aid, actions, learning shared, the reporter's follow-up
//! conversation, and closing; with the role checks for every new route.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{error_of, report_body};
use crate::web_test;

async fn created_reference(app: &crate::support::TestApp, token: &str, identity: &str) -> (String, Option<String>) {
    let answer = app.post_json("/api/v1/reports", Some(token), &report_body(identity)).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let body: Value = answer.json().await.unwrap();
    (body["reference"].as_str().unwrap().to_string(), body["follow_up_code"].as_str().map(str::to_string))
}

fn tomorrow() -> String {
    let zone = jiff::tz::TimeZone::get("Europe/London").unwrap();
    jiff::Timestamp::now().to_zoned_datetime(zone).date().tomorrow().unwrap().to_string()
}

web_test!(an_anonymous_report_goes_round_the_whole_loop_through_the_api, |app| {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let (reference, code) = created_reference(app, &staff, "anonymous").await;
    let code = code.expect("anonymous reports get a follow-up code");

    // The manager's queue shows it as new.
    let queue: Value = app.get("/api/v1/triage?tab=new", Some(&manager)).await.json().await.unwrap();
    assert!(queue["reports"].as_array().unwrap().iter().any(|r| r["reference"] == reference.as_str()), "{queue}");
    let new_count = queue["counts"].as_array().unwrap().iter().find(|c| c["tab"] == "new").unwrap()["count"].as_i64().unwrap();
    assert_eq!(new_count, 1);

    // Closing before the reporter has heard anything is refused.
    let (status, error) = error_of(app.post_json(&format!("/api/v1/reports/{reference}/close"), Some(&manager), &json!({})).await).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::CONFLICT, Some("feedback_not_yet_given")));

    // Thanks reach the follow-up page.
    let thanks = "Thank you for spotting the medicine pots so quickly.";
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/thanks"), Some(&manager), &json!({"message": thanks})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let follow: Value = app.get(&format!("/api/v1/follow-up/{code}"), None).await.json().await.unwrap();
    assert_eq!(follow["status"], "thanked");
    assert!(follow["messages"].as_array().unwrap().iter().any(|m| m["kind"] == "thanks" && m["text"] == thanks), "{follow}");

    // A debrief and an action.
    let debrief = json!({"type": "debrief", "held_at": "2026-11-18T10:00", "participants": "two support workers and the shift lead",
        "helped": "The second check at the trolley", "could_change": "Separate trays per resident"});
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/reviews"), Some(&manager), &debrief).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    assert!(answer.json::<Value>().await.unwrap()["id"].as_i64().is_some());
    let action = json!({"title": "Buy separate medicine trays for each resident", "owner": "manager@t.test", "due": tomorrow()});
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/actions"), Some(&manager), &action).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let action_id = answer.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Learning that names someone is refused, saying what to remove; nothing is published.
    let leaky = json!({"summary": "Mrs Patel in room 4 nearly got Resident A's tablets.", "audiences": ["service:oak-house"]});
    let (status, error) = error_of(app.post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&manager), &leaky).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("summary")));
    assert!(error["message"].as_str().unwrap().contains("Mrs Patel"), "{error}");
    let feed: Value = app.get("/api/v1/learning", Some(&staff)).await.json().await.unwrap();
    assert_eq!(feed.as_array().unwrap().len(), 0, "nothing was published");

    let learning = json!({"title": "Separate trays at the morning round", "summary": "Pots side by side on one tray can be picked up for the wrong person. Each resident now has a tray.", "audiences": ["oak-house"]});
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&manager), &learning).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let published: Value = answer.json().await.unwrap();
    assert_eq!(published["audience"], 3, "manager, staff and colleague of Oak House: {published}");

    // The reporter reads the learning and the action, rates it, and replies.
    let follow: Value = app.get(&format!("/api/v1/follow-up/{code}"), None).await.json().await.unwrap();
    assert_eq!(follow["status"], "feedback_given");
    let learned = follow["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "learning").expect("learning message");
    assert!(learned["text"].as_str().unwrap().contains("Each resident now has a tray"));
    assert!(learned["text"].as_str().unwrap().contains("Buy separate medicine trays"), "the actions are told too");
    let answer = app.post_json(&format!("/api/v1/follow-up/{code}/rating"), None, &json!({"rating": 5})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let (status, error) = error_of(app.post_json(&format!("/api/v1/follow-up/{code}/rating"), None, &json!({"rating": 9})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("rating")));
    let answer = app.post_json(&format!("/api/v1/follow-up/{code}/messages"), None, &json!({"text": "Thank you. Could the night trolley get trays too?"})).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let (status, error) = error_of(app.post_json(&format!("/api/v1/follow-up/{code}/messages"), None, &json!({"text": "  "})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("text")));

    // The manager sees the reply waiting, answers, and the flag clears.
    let replies: Value = app.get("/api/v1/triage?tab=replies", Some(&manager)).await.json().await.unwrap();
    assert!(replies["reports"].as_array().unwrap().iter().any(|r| r["reference"] == reference.as_str()), "{replies}");
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/messages"), Some(&manager), &json!({"text": "Yes, from Monday."})).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let replies: Value = app.get("/api/v1/triage?tab=replies", Some(&manager)).await.json().await.unwrap();
    assert_eq!(replies["reports"].as_array().unwrap().len(), 0);
    let follow: Value = app.get(&format!("/api/v1/follow-up/{code}"), None).await.json().await.unwrap();
    let froms: Vec<&str> = follow["messages"].as_array().unwrap().iter().map(|m| m["from"].as_str().unwrap()).collect();
    assert_eq!(froms, ["learnloop", "manager", "manager", "you", "manager"]);
    assert_eq!(follow["feedback_rating"], 5);

    // The action: checked only after completion; then done.
    let quality = app.token("quality@t.test").await;
    let (status, _) = error_of(app.post_json(&format!("/api/v1/actions/{action_id}/check"), Some(&quality), &json!({"result": "effective", "evidence": "x"})).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let answer = app.post_json(&format!("/api/v1/actions/{action_id}/complete"), Some(&manager), &json!({"check_due": tomorrow()})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    // Its owner does not mark their own work; a quality lead checks it.
    let check = json!({"result": "effective", "evidence": "Four weeks of MAR audits: no mix-ups"});
    let (status, error) = error_of(app.post_json(&format!("/api/v1/actions/{action_id}/check"), Some(&manager), &check).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(error["message"].as_str().unwrap().contains("Someone other than the action's owner"), "{error}");
    let page = app.browser("manager@t.test").await.get(app.url(&format!("/actions/{action_id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("never the action's owner") && !page.contains("Record the check"), "the owner is told who checks");
    let answer = app.post_json(&format!("/api/v1/actions/{action_id}/check"), Some(&quality), &check).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let mine: Value = app.get("/api/v1/actions/mine", Some(&manager)).await.json().await.unwrap();
    assert_eq!(mine[0]["status"], "done");
    assert_eq!(mine[0]["check_result"], "effective");

    // Now the report can close.
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/close"), Some(&manager), &json!({})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let follow: Value = app.get(&format!("/api/v1/follow-up/{code}"), None).await.json().await.unwrap();
    assert_eq!(follow["status"], "closed");
});

web_test!(learning_reaches_its_audience_who_mark_it_read, |app| {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let maple_manager = app.token("maple.manager@t.test").await;
    let (reference, _) = created_reference(app, &staff, "named").await;
    let learning = json!({"summary": "Label the thickener tins by resident room.", "audiences": ["service:oak-house"]});
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&manager), &learning).await;
    let id = answer.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let feed: Value = app.get("/api/v1/learning", Some(&staff)).await.json().await.unwrap();
    assert_eq!(feed[0]["id"], id);
    assert_eq!(feed[0]["read"], false);
    let other_feed: Value = app.get("/api/v1/learning", Some(&maple_manager)).await.json().await.unwrap();
    assert_eq!(other_feed.as_array().unwrap().len(), 0, "Maple Court was not in the audience");
    assert_eq!(app.post_json(&format!("/api/v1/learning/{id}/read"), Some(&staff), &json!({})).await.status(), StatusCode::OK);
    assert_eq!(app.post_json(&format!("/api/v1/learning/{id}/read"), Some(&maple_manager), &json!({})).await.status(), StatusCode::NOT_FOUND);
    let reads: Value = app.get(&format!("/api/v1/learning/{id}/reads"), Some(&manager)).await.json().await.unwrap();
    assert_eq!((reads["read"].as_i64(), reads["audience"].as_i64()), (Some(1), Some(3)));
    assert_eq!(app.get(&format!("/api/v1/learning/{id}/reads"), Some(&staff)).await.status(), StatusCode::FORBIDDEN);
    // Another service's manager learns nothing of who read it.
    assert_eq!(app.get(&format!("/api/v1/learning/{id}/reads"), Some(&maple_manager)).await.status(), StatusCode::NOT_FOUND);
    let quality = app.token("quality@t.test").await;
    assert_eq!(app.get(&format!("/api/v1/learning/{id}/reads"), Some(&quality)).await.status(), StatusCode::OK, "quality leads see every service's");
    // The named reporter heard in their inbox.
    let inbox = app.browser("staff@t.test").await.get(app.url("/inbox")).send().await.unwrap().text().await.unwrap();
    assert!(inbox.contains("What we learned from"), "{inbox}");
    // Audiences that do not exist are named.
    let (status, error) = error_of(
        app.post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&manager), &json!({"summary": "x y z", "audiences": ["nowhere"]})).await,
    )
    .await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("audiences")));
});

web_test!(the_just_culture_aid_walks_the_tree_for_quality_and_safety_only, |app| {
    let quality = app.token("quality@t.test").await;
    let manager = app.token("manager@t.test").await;
    let staff = app.token("staff@t.test").await;
    let no_to_all = json!({"answers": {"deliberate_harm": false, "health": false, "knowingly_departed": false, "substitution": false, "training_gap": false, "mitigating": false}});
    let answer: Value = app.post_json("/api/v1/just-culture/evaluate", Some(&quality), &no_to_all).await.json().await.unwrap();
    assert_eq!(answer["outcome"], "coach");
    assert_eq!(answer["path"], json!(["deliberate_harm", "health", "knowingly_departed", "substitution", "training_gap", "mitigating"]));
    let departed = json!({"answers": {"deliberate_harm": false, "health": false, "knowingly_departed": true, "procedure_sound": false}});
    let answer: Value = app.post_json("/api/v1/just-culture/evaluate", Some(&quality), &departed).await.json().await.unwrap();
    assert_eq!((answer["outcome"].as_str(), answer["path"].as_array().unwrap().len()), (Some("system"), 4));
    let (status, error) = error_of(app.post_json("/api/v1/just-culture/evaluate", Some(&quality), &json!({"answers": {"deliberate_harm": false}})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("answers.health")));
    let (status, error) = error_of(app.post_json("/api/v1/just-culture/evaluate", Some(&quality), &json!({"answers": {"blame": true}})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("answers")));
    for token in [&manager, &staff] {
        assert_eq!(app.post_json("/api/v1/just-culture/evaluate", Some(token), &no_to_all).await.status(), StatusCode::FORBIDDEN);
    }

    // A record is kept with the report, seen by quality, hidden from the manager.
    let (reference, _) = created_reference(app, &staff, "named").await;
    let record = json!({"action_in_question": "Gave the lunchtime dose without checking the MAR chart", "answers": no_to_all["answers"], "reasoning": "Busy round, new agency colleague, no double-check in place."});
    assert_eq!(app.post_json(&format!("/api/v1/reports/{reference}/just-culture"), Some(&manager), &record).await.status(), StatusCode::FORBIDDEN);
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/just-culture"), Some(&quality), &record).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let page = app.browser("quality@t.test").await.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Busy round, new agency colleague"), "quality sees the record");
    let page = app.browser("manager@t.test").await.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Busy round") && !page.contains("Just culture"), "the manager does not");
    let status = app.browser("manager@t.test").await.get(app.url(&format!("/reports/{reference}/just-culture"))).send().await.unwrap().status();
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor does the audit log say the outcome (administrators read it).
    let audit = app.browser("admin@t.test").await.get(app.url("/admin/audit")).send().await.unwrap().text().await.unwrap();
    assert!(audit.contains("just_culture.recorded") && !audit.contains("coach"), "{audit}");
});

web_test!(every_new_route_checks_the_role, |app| {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let maple_manager = app.token("maple.manager@t.test").await;
    let quality = app.token("quality@t.test").await;
    let safety = app.token("safety@t.test").await;
    let admin = app.token("admin@t.test").await;
    let (reference, _) = created_reference(app, &staff, "named").await;
    let thanks = json!({"message": "Thank you."});
    let path = format!("/api/v1/reports/{reference}/thanks");
    // Staff may read their own report but not handle it; another service's
    // manager and the administrator cannot even see it.
    assert_eq!(app.post_json(&path, Some(&staff), &thanks).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.post_json(&path, Some(&maple_manager), &thanks).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.post_json(&path, Some(&admin), &thanks).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.post_json(&path, None, &thanks).await.status(), StatusCode::UNAUTHORIZED);
    for token in [&manager, &quality, &safety] {
        assert_eq!(app.post_json(&path, Some(token), &thanks).await.status(), StatusCode::OK);
    }
    for suffix in ["reviews", "actions", "learning", "messages", "feedback", "close"] {
        let path = format!("/api/v1/reports/{reference}/{suffix}");
        assert_eq!(app.post_json(&path, Some(&staff), &json!({})).await.status(), StatusCode::FORBIDDEN, "{suffix}");
        assert_eq!(app.post_json(&path, Some(&maple_manager), &json!({})).await.status(), StatusCode::NOT_FOUND, "{suffix}");
    }
    // Queues: handlers only, each their own scope.
    assert_eq!(app.get("/api/v1/triage", Some(&staff)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/triage", Some(&admin)).await.status(), StatusCode::FORBIDDEN);
    let maple_queue: Value = app.get("/api/v1/triage?tab=awaiting_feedback", Some(&maple_manager)).await.json().await.unwrap();
    assert_eq!(maple_queue["reports"].as_array().unwrap().len(), 0, "an Oak House report is not in Maple Court's queue");
    let quality_queue: Value = app.get("/api/v1/triage?tab=awaiting_feedback", Some(&quality)).await.json().await.unwrap();
    assert_eq!(quality_queue["reports"].as_array().unwrap().len(), 1);
    let (status, error) = error_of(app.get("/api/v1/triage?tab=later", Some(&quality)).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("tab")));
    // Actions: another service's manager cannot act on this one.
    let action = json!({"title": "Check the trolley layout", "owner": "manager@t.test", "due": tomorrow()});
    let answer = app.post_json(&format!("/api/v1/reports/{reference}/actions"), Some(&manager), &action).await;
    let id = answer.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let complete = json!({"check_due": tomorrow()});
    assert_eq!(app.post_json(&format!("/api/v1/actions/{id}/complete"), Some(&maple_manager), &complete).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.post_json(&format!("/api/v1/actions/{id}/complete"), Some(&staff), &complete).await.status(), StatusCode::NOT_FOUND);
    // Bad action input names the field.
    let (status, error) = error_of(app.post_json(&format!("/api/v1/reports/{reference}/actions"), Some(&manager), &json!({"title": "x", "owner": "nobody@t.test", "due": tomorrow()})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("owner")));
    let (status, error) = error_of(app.post_json(&format!("/api/v1/reports/{reference}/reviews"), Some(&manager), &json!({"type": "learning_review", "timeline": "t", "findings": "f", "factors": ["bad_luck"], "rule_needs_change": false})).await).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("factors")));
});

web_test!(the_loop_pages_work_without_javascript, |app| {
    let staff = app.token("staff@t.test").await;
    let (reference, _) = created_reference(app, &staff, "confidential").await;
    let manager = app.browser("manager@t.test").await;
    let origin = app.base.clone();
    let page = manager.get(app.url("/triage?tab=new")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&reference), "the new report is in the queue");
    let page = manager.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Thank the reporter") && page.contains("Thank you for reporting this near-miss"), "prefilled thanks");
    // A blank thank-you comes back with the message; a real one redirects.
    let answer = manager.post(app.url(&format!("/reports/{reference}/thanks"))).header("Origin", &origin).form(&[("message", " ")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("Write a message first"));
    let answer = manager.post(app.url(&format!("/reports/{reference}/thanks"))).header("Origin", &origin).form(&[("message", "Thank you for this.")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    // A learning review through its form, factors as repeated fields.
    let form = manager.get(app.url(&format!("/reports/{reference}/reviews/new?type=learning_review"))).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("Staff workload") && form.contains("Does a rule, policy, target or procedure itself need to change?"));
    let answer = manager
        .post(app.url(&format!("/reports/{reference}/reviews")))
        .header("Origin", &origin)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("type=learning_review&timeline=Morning+round&findings=Pots+side+by+side&factors=staff_workload&factors=equipment_and_supplies&rule_needs_change=yes&rule_change=Medication+policy%3A+one+tray+per+resident")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let page = manager.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Staff workload; Equipment and supplies"), "factors shown");
    // It is on the governance list for quality leads, not for managers.
    let quality = app.browser("quality@t.test").await;
    let governance = quality.get(app.url("/governance")).send().await.unwrap().text().await.unwrap();
    assert!(governance.contains("one tray per resident"));
    assert_eq!(manager.get(app.url("/governance")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    // Every loop page opens for the roles it is for.
    for path in ["/triage", "/triage?tab=overdue", "/actions", "/learning", "/services/oak-house/you-said-we-did"] {
        assert_eq!(manager.get(app.url(path)).send().await.unwrap().status(), StatusCode::OK, "{path}");
    }
    let staff_browser = app.browser("staff@t.test").await;
    for (path, status) in [("/triage", StatusCode::FORBIDDEN), ("/actions", StatusCode::OK), ("/learning", StatusCode::OK)] {
        assert_eq!(staff_browser.get(app.url(path)).send().await.unwrap().status(), status, "{path}");
    }
    // The confidential reporter sees the thanks on their own report page.
    let own = staff_browser.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(own.contains("Thank you for this.") && !own.contains("Thank the reporter"), "the reporter sees the thanks, not the workspace");
});

web_test!(similar_reports_in_the_same_service_are_flagged_as_possible_repeats, |app| {
    let staff = app.token("staff@t.test").await;
    let manager = app.token("manager@t.test").await;
    let maple_manager = app.token("maple.manager@t.test").await;
    let mut body = report_body("named");
    body["what_happened"] = json!("Evening medicines for Room 4 were found in the trolley drawer after the round; the dose was missed.");
    let first: Value = app.post_json("/api/v1/reports", Some(&staff), &body).await.json().await.unwrap();
    body["what_happened"] = json!("The fire door on the first floor was propped open with a chair overnight.");
    body["category"] = json!("environment");
    app.post_json("/api/v1/reports", Some(&staff), &body).await;
    body["what_happened"] = json!("Found Room 9's evening medicines still in the trolley drawer after the round; dose missed.");
    body["category"] = json!("medication");
    let second: Value = app.post_json("/api/v1/reports", Some(&staff), &body).await.json().await.unwrap();
    // The same words in another service are not this service's repeat.
    body["service"] = json!("maple-court");
    app.post_json("/api/v1/reports", Some(&staff), &body).await;

    let similar: Value = app.get(&format!("/api/v1/reports/{}/similar", second["reference"].as_str().unwrap()), Some(&manager)).await.json().await.unwrap();
    let list = similar.as_array().unwrap();
    assert_eq!(list.len(), 1, "only the medicines report of Oak House: {similar}");
    assert_eq!(list[0]["reference"], first["reference"]);
    assert_eq!(list[0]["possible_repeat"], true);
    assert!(list[0]["score"].as_f64().unwrap() >= 0.5);
    let path = format!("/api/v1/reports/{}/similar", second["reference"].as_str().unwrap());
    assert_eq!(app.get(&path, Some(&staff)).await.status(), StatusCode::FORBIDDEN, "staff do not browse others' reports");
    assert_eq!(app.get(&path, Some(&maple_manager)).await.status(), StatusCode::NOT_FOUND);
    let page = app.browser("manager@t.test").await.get(app.url(&format!("/reports/{}", second["reference"].as_str().unwrap()))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("possible repeat"), "the report page flags it");
});
