use reqwest::StatusCode;

use crate::web_test;

// Pages each role may open (200) and may not (403).
web_test!(every_page_is_checked_against_the_role, |app| {
    let pages: &[(&str, &[&str])] = &[
        // (path, roles allowed)
        ("/", &["staff", "manager", "quality", "safety", "admin"]),
        ("/report", &["staff", "manager", "quality", "safety"]),
        ("/my-reports", &["staff", "manager", "quality", "safety"]),
        ("/reports", &["manager", "quality", "safety"]),
        ("/inbox", &["staff", "manager", "quality", "safety", "admin"]),
        ("/admin", &["admin"]),
        ("/admin/people", &["admin"]),
        ("/admin/audit", &["admin"]),
    ];
    for role in ["staff", "manager", "quality", "safety", "admin"] {
        let browser = app.browser(&format!("{role}@t.test")).await;
        for (path, allowed) in pages {
            let status = browser.get(app.url(path)).send().await.unwrap().status();
            let expected = if allowed.contains(&role) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} opening {path}");
        }
    }
    // Signed out, pages send you to sign in and back.
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = anonymous.get(app.url("/reports")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/sign-in?next=/reports");
    for open in ["/sign-in", "/follow-up", "/healthz", "/assets/app.css", "/assets/app.js"] {
        assert_eq!(anonymous.get(app.url(open)).send().await.unwrap().status(), StatusCode::OK, "{open} needs no sign-in");
    }
    let public = format!("/r/{}", app.f.org.public_report_key);
    assert_eq!(anonymous.get(app.url(&public)).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(anonymous.get(app.url("/r/not-the-key")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
});

web_test!(the_report_form_saves_and_thanks_or_shows_errors_beside_fields, |app| {
    let browser = app.browser("staff@t.test").await;
    let form = [
        ("kind", "incident"),
        ("service", "oak-house"),
        ("occurred_at", "2026-11-17T09:15"),
        ("what_happened", "Resident B was found sitting on the floor of her room at 06:40."),
        ("identity", "named"),
        ("harm", "low"),
        ("people_affected", "Resident B, Room 4"),
    ];
    let answer = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&form).send().await.unwrap();
    let (location, html) = crate::support::followed(app, &browser, answer).await;
    assert_eq!(location, "/report/thanks");
    assert!(html.contains("Thank you for speaking up"));
    assert!(html.contains("id=\"reference\">LL-"));
    assert!(!html.contains("follow-up-code"), "named reports get no code");
    let mine = browser.get(app.url("/my-reports")).send().await.unwrap().text().await.unwrap();
    assert!(mine.contains("Resident B was found sitting"));
    let inbox = browser.get(app.url("/inbox")).send().await.unwrap().text().await.unwrap();
    assert!(inbox.contains("Thank you for reporting this incident"));

    let before = app.db.store.count_reports(app.f.org.id).await.unwrap();
    let bad = [("kind", ""), ("service", "oak-house"), ("occurred_at", "2026-11-17T09:15"), ("what_happened", "short"), ("identity", "named"), ("people_affected", "Margaret Jones")];
    let answer = browser.post(app.url("/report")).header("Origin", app.base.clone()).form(&bad).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains("Please check 3 things"), "{html}");
    assert!(html.contains("id=\"what_happened-error\">Say a little more"));
    assert!(html.contains("looks like a name"));
    assert!(html.contains(">short</textarea>"), "what was typed is kept");
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), before, "nothing saved");
});

web_test!(cross_site_writes_are_refused, |app| {
    let browser = app.browser("staff@t.test").await;
    let form = [("kind", "incident"), ("service", "oak-house"), ("occurred_at", "2026-11-17T09:15"), ("what_happened", "Cross-site attempt to file a report."), ("identity", "named")];
    let answer = browser.post(app.url("/report")).header("Origin", "https://evil.example").form(&form).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let answer = browser.post(app.url("/report")).header("Sec-Fetch-Site", "cross-site").form(&form).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.db.store.count_reports(app.f.org.id).await.unwrap(), 0);
});

web_test!(the_safety_officer_reveals_a_confidential_reporter_on_purpose, |app| {
    let staff = app.browser("staff@t.test").await;
    let form = [("kind", "near_miss"), ("service", "oak-house"), ("occurred_at", "2026-11-17T09:15"), ("what_happened", "I nearly gave the 8am tablets to the wrong resident."), ("identity", "confidential")];
    let answer = staff.post(app.url("/report")).header("Origin", app.base.clone()).form(&form).send().await.unwrap();
    let (_, html) = crate::support::followed(app, &staff, answer).await;
    let reference = html.split("id=\"reference\">").nth(1).unwrap()[..12].to_string();
    assert!(html.contains("id=\"follow-up-code\""));

    let manager = app.browser("manager@t.test").await;
    let page = manager.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    // The page lists everyone as possible action owners, so look at "Reported by" itself.
    assert!(reported_by(&page).contains("confidential reporter") && !reported_by(&page).contains("Person staff@t.test"));
    assert!(!page.contains("Show who reported"));

    let safety = app.browser("safety@t.test").await;
    let page = safety.get(app.url(&format!("/reports/{reference}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Show who reported") && !reported_by(&page).contains("Person staff@t.test"), "not shown until asked");
    let audit_before = app.db.store.audit_log(app.f.org.id, None, 100).await.unwrap().len();
    let page = safety.get(app.url(&format!("/reports/{reference}?show_reporter=1"))).send().await.unwrap().text().await.unwrap();
    assert!(!reported_by(&page).contains("Person staff@t.test"), "a link cannot reveal; only the POST can");
    let refused = manager.post(app.url(&format!("/reports/{reference}/reporter"))).header("Origin", app.base.clone()).send().await.unwrap().text().await.unwrap();
    assert!(!reported_by(&refused).contains("Person staff@t.test"), "a manager's POST reveals nothing");
    let page = safety.post(app.url(&format!("/reports/{reference}/reporter"))).header("Origin", app.base.clone()).send().await.unwrap().text().await.unwrap();
    assert!(reported_by(&page).contains("Person staff@t.test"));
    assert_eq!(app.db.store.audit_log(app.f.org.id, None, 100).await.unwrap().len(), audit_before + 1);
});

/// The "Reported by" entry of a report page.
fn reported_by(page: &str) -> &str {
    let start = page.find("<dt>Reported by</dt>").expect("a Reported by entry");
    let rest = &page[start..];
    &rest[..rest.find("</dd>").expect("its end")]
}

web_test!(administrators_manage_people_services_and_the_public_link, |app| {
    let admin = app.browser("admin@t.test").await;
    let origin = app.base.clone();
    let answer = admin.post(app.url("/admin/services")).header("Origin", origin.clone()).form(&[("name", "Birch Day Centre"), ("kind", "day_service")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let answer = admin.post(app.url("/admin/services")).header("Origin", origin.clone()).form(&[("name", "Birch Day Centre"), ("kind", "day_service")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "duplicate service");
    let birch = app.db.store.service_by_slug_or_id(app.f.org.id, "birch-day-centre").await.unwrap().unwrap();
    let answer = admin.post(app.url("/admin/teams")).header("Origin", origin.clone()).form(&[("name", "Day team"), ("service_id", &birch.id.to_string())]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);

    let add = [("email", "new.starter@t.test"), ("name", "New Starter"), ("job_title", "Support worker"), ("role", "staff"), ("service", &birch.id.to_string()), ("password", "a long first password")];
    let answer = admin.post(app.url("/admin/people")).header("Origin", origin.clone()).form(&add).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let bad = [("email", "not-an-email"), ("name", ""), ("job_title", ""), ("role", "manager"), ("password", "short")];
    let answer = admin.post(app.url("/admin/people")).header("Origin", origin.clone()).form(&bad).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    for message in ["Enter their email address", "Enter the person", "Enter their job title", "A manager needs at least one service", "at least 10 characters"] {
        assert!(html.contains(message), "missing {message:?}");
    }
    let new_person = app.db.store.credentials_by_email("new.starter@t.test").await.unwrap().unwrap().user;
    assert_eq!(new_person.service_ids, vec![birch.id]);

    // Promote to manager of two services; then set a password.
    let change = [("name", "New Starter"), ("job_title", "Team leader"), ("role", "manager"), ("service", &birch.id.to_string()), ("service", &app.f.oak.id.to_string()), ("active", "on"), ("team_id", "")];
    let answer = admin.post(app.url(&format!("/admin/people/{}", new_person.id))).header("Origin", origin.clone()).form(&change).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let changed = app.db.store.user(new_person.id).await.unwrap();
    assert_eq!(changed.role, learnloop_domain::role::Role::Manager);
    assert_eq!(changed.service_ids.len(), 2);
    let answer = admin.post(app.url(&format!("/admin/people/{}/password", new_person.id))).header("Origin", origin.clone()).form(&[("password", "another long password")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);

    let old_key = app.f.org.public_report_key.clone();
    let answer = admin.post(app.url("/admin/public-link")).header("Origin", origin.clone()).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin.get(app.url(&format!("/r/{old_key}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    let audit = admin.get(app.url("/admin/audit")).send().await.unwrap().text().await.unwrap();
    for action in ["service.created", "team.created", "person.created", "person.changed", "person.password_changed", "organisation.public_link_changed"] {
        assert!(audit.contains(action), "audit log shows {action}");
    }
});
