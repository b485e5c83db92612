//! Onboarding through real HTTP: invitations by email (once, until they
//! expire, re-sent), the people CSV import (all or nothing), deactivation
//! (no sign-in, no API token), the safety officer kept out of all of it, and
//! the public link's QR code and poster.

use learnloop_domain::secret_token::SecretToken;
use learnloop_store::testing::{NOW, at};
use reqwest::{Client, StatusCode};

use crate::support::{PASSWORD, TestApp, report_body};
use crate::web_test;

fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn post_form(
    client: &Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let answer = client
        .post(app.url(path))
        .header("Origin", app.base.clone())
        .form(form)
        .send()
        .await
        .unwrap();
    let location = answer
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (answer.status(), location, answer.text().await.unwrap())
}

async fn page(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let answer = client.get(app.url(path)).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// Every invitation link on the outbox page, newest first.
async fn invitation_links(admin: &Client, app: &TestApp) -> Vec<String> {
    let (status, outbox) = page(admin, app, "/admin/outbox").await;
    assert_eq!(status, StatusCode::OK);
    let pattern = regex::Regex::new(r"http://[0-9.:]+/invitations/[0-9a-f]{64}").unwrap();
    pattern
        .find_iter(&outbox)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// The path part of a link.
fn path_of(link: &str) -> String {
    format!("/invitations/{}", link.rsplit('/').next().unwrap())
}

async fn signs_in(app: &TestApp, email: &str, password: &str) -> StatusCode {
    let (status, _, _) = post_form(
        &browser(),
        app,
        "/sign-in",
        &[("email", email), ("password", password), ("next", "/")],
    )
    .await;
    status
}

web_test!(an_invitation_sets_a_password_once_and_expires, |app| {
    let admin = app.browser("admin@t.test").await;
    let oak = app.f.oak.id.to_string();
    let form = [
        ("email", "Ana.Lopez@t.test"),
        ("name", "Ana Lopez"),
        ("job_title", "Support worker"),
        ("role", "staff"),
        ("service", oak.as_str()),
        ("password", ""),
    ];
    let (status, location, _) = post_form(&admin, app, "/admin/people", &form).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/people?saved=invited")
    );
    let (_, list) = page(&admin, app, &location).await;
    assert!(
        list.contains("emailed an invitation") && list.contains("Invited; the link works until"),
        "{list}"
    );

    // No SMTP here: the email waits in the outbox, link and all.
    let links = invitation_links(&admin, app).await;
    assert_eq!(links.len(), 1);
    let stored: Vec<String> = app
        .db
        .every_cell()
        .await
        .into_iter()
        .filter(|(table, _, _)| table == "invitations")
        .map(|(_, _, value)| value)
        .collect();
    let secret = links[0].rsplit('/').next().unwrap();
    assert!(
        !stored.iter().any(|v| v == secret),
        "only a hash of the link is kept"
    );
    assert_eq!(
        signs_in(app, "ana.lopez@t.test", "").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let link = path_of(&links[0]);
    let person = browser();
    let (status, form_page) = page(&person, app, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form_page.contains("Set your password")
            && form_page.contains("ana.lopez@t.test")
            && form_page.contains("Riverside Care")
    );
    // The password rules are sign-in's; the two must match. Nothing is spent meanwhile.
    let (status, _, answer) = post_form(
        &person,
        app,
        &link,
        &[("password", "short"), ("password_again", "short")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("at least 10 characters"), "{answer}");
    let (status, _, answer) = post_form(
        &person,
        app,
        &link,
        &[
            ("password", "a long first phrase"),
            ("password_again", "a long first phrasf"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("not the same"));
    let (status, location, _) = post_form(
        &person,
        app,
        &link,
        &[
            ("password", "a long first phrase"),
            ("password_again", "a long first phrase"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/sign-in?joined=1")
    );
    assert!(
        page(&person, app, &location)
            .await
            .1
            .contains("Your password is set.")
    );
    // Once only.
    let (status, _, _) = post_form(
        &browser(),
        app,
        &link,
        &[
            ("password", "the attacker's phrase"),
            ("password_again", "the attacker's phrase"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(page(&browser(), app, &link).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        signs_in(app, "ana.lopez@t.test", "the attacker's phrase").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        signs_in(app, "ana.lopez@t.test", "a long first phrase").await,
        StatusCode::SEE_OTHER,
        "the first sign-in"
    );

    let (_, audit) = page(&admin, app, "/admin/audit").await;
    assert!(audit.contains("sent an invitation to ana.lopez@t.test."), "{audit}");
    assert!(audit.contains("Ana Lopez (Staff) set their own password from the invitation to ana.lopez@t.test."), "{audit}");

    // An invitation past its seven days opens nothing.
    let (_, _, _) = post_form(
        &admin,
        app,
        "/admin/people",
        &[
            ("email", "ben@t.test"),
            ("name", "Ben"),
            ("job_title", "Carer"),
            ("role", "staff"),
        ],
    )
    .await;
    let ben = app
        .db
        .store
        .credentials_by_email("ben@t.test")
        .await
        .unwrap()
        .unwrap()
        .user;
    let old = SecretToken::generate(&mut rand::rng());
    app.db
        .store
        .resend_invitation(
            app.f.org.id,
            ben.id,
            &old.hash(),
            "Old",
            "Old",
            app.f.admin.id,
            at(NOW),
            at(NOW + 7 * 86_400),
        )
        .await
        .unwrap()
        .unwrap();
    let expired = format!("/invitations/{}", old.as_str());
    assert_eq!(
        page(&browser(), app, &expired).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, answer) = post_form(
        &browser(),
        app,
        &expired,
        &[
            ("password", "a long first phrase"),
            ("password_again", "a long first phrase"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(answer.contains("expired"));

    // Sent again from Ben's page: a new link, the old ones void.
    let before = invitation_links(&admin, app).await;
    let (status, location, _) = post_form(
        &admin,
        app,
        &format!("/admin/people/{}/invitation", ben.id),
        &[],
    )
    .await;
    assert_eq!(
        (status, location),
        (
            StatusCode::SEE_OTHER,
            format!("/admin/people/{}?saved=resent", ben.id)
        )
    );
    let after = invitation_links(&admin, app).await;
    let newest: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
    assert_eq!(newest.len(), 1);
    assert_eq!(
        page(&browser(), app, &path_of(newest[0])).await.0,
        StatusCode::OK
    );
    for earlier in &before {
        assert_eq!(
            page(&browser(), app, &path_of(earlier)).await.0,
            StatusCode::NOT_FOUND,
            "Ana's used link and Ben's earlier one are void"
        );
    }
    // Ana has joined: nothing to send her.
    let ana = app
        .db
        .store
        .credentials_by_email("ana.lopez@t.test")
        .await
        .unwrap()
        .unwrap()
        .user;
    let (status, _, answer) = post_form(
        &admin,
        app,
        &format!("/admin/people/{}/invitation", ana.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("set their password already"));
});

web_test!(a_people_csv_imports_everyone_or_nobody, |app| {
    let admin = app.browser("admin@t.test").await;
    let (status, template) = page(&admin, app, "/admin/people/import/template.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(template.starts_with("name,email,job title,role,services,team"));
    assert_eq!(
        page(
            &app.browser("manager@t.test").await,
            app,
            "/admin/people/import"
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    let bad = "name,email,job title,role,services,team\n\
               Ana Lopez,ana@t.test,Support worker,staff,Oak House,\n\
               Ben Okafor,ben@t.test,Registered manager,manager,Maple Court,\n\
               Cy Price,cy@t.test,Night lead,boss,Oak House,\n\
               Di Shaw,di@t.test,Carer,staff,oak-house,\n";
    let (status, _, answer) = post_form(&admin, app, "/admin/people/import", &[("csv", bad)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.contains("Nothing was imported: 1 problem to fix"),
        "{answer}"
    );
    assert!(answer.contains("Row 4: role &#39;boss&#39; is not one of staff, manager, quality lead, administrator.") || answer.contains("Row 4: role &#x27;boss&#x27; is not one of staff, manager, quality lead, administrator."), "{answer}");
    for email in ["ana@t.test", "ben@t.test", "di@t.test"] {
        assert!(
            app.db
                .store
                .credentials_by_email(email)
                .await
                .unwrap()
                .is_none(),
            "{email}: nothing imported"
        );
    }
    assert!(
        invitation_links(&admin, app).await.is_empty(),
        "and nobody invited"
    );

    // A safety officer is not made this way either.
    let safety = bad.replace("boss", "safety officer");
    let (status, _, answer) = post_form(
        &admin,
        app,
        "/admin/people/import",
        &[("csv", safety.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("a safety officer is appointed only with a second person"));

    let good = bad.replace("boss", "staff");
    let (status, location, _) = post_form(
        &admin,
        app,
        "/admin/people/import",
        &[("csv", good.as_str())],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/people?imported=4")
    );
    assert!(
        page(&admin, app, &location)
            .await
            .1
            .contains("4 people imported. Each was emailed an invitation")
    );
    let ben = app
        .db
        .store
        .credentials_by_email("ben@t.test")
        .await
        .unwrap()
        .unwrap()
        .user;
    assert_eq!(
        (ben.role, ben.service_ids.clone()),
        (learnloop_domain::role::Role::Manager, vec![app.f.maple.id])
    );
    assert_eq!(invitation_links(&admin, app).await.len(), 4);
    // The same file again: every address is taken now.
    let (status, _, answer) = post_form(
        &admin,
        app,
        "/admin/people/import",
        &[("csv", good.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("Row 2: email ana@t.test already has an account."));
    let audit: Vec<String> = app
        .db
        .store
        .audit_log(app.f.org.id, None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(audit.iter().filter(|a| *a == "people.imported").count(), 1);
});

web_test!(the_people_list_is_searched_and_filtered, |app| {
    let admin = app.browser("admin@t.test").await;
    let (status, list) = page(&admin, app, "/admin/people?q=MANAGER&role=manager").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("People 1 to 2 of 2."), "{list}");
    assert!(list.contains("Person manager@t.test") && !list.contains("Person staff@t.test"));
    let (_, list) = page(
        &admin,
        app,
        &format!("/admin/people?service={}", app.f.maple.id),
    )
    .await;
    assert!(list.contains("People 1 to 1 of 1.") && list.contains("Person maple.manager@t.test"));
    let (_, list) = page(&admin, app, "/admin/people?status=deactivated").await;
    assert!(list.contains("Nobody matches."));
});

web_test!(
    a_deactivated_person_cannot_sign_in_and_their_api_token_is_refused,
    |app| {
        let admin = app.browser("admin@t.test").await;
        let colleague = app.browser("colleague@t.test").await;
        let token = app.token("colleague@t.test").await;
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status(),
            StatusCode::OK
        );
        // A report whose workspace offers action owners.
        let staff = app.token("staff@t.test").await;
        let report: serde_json::Value = app
            .post_json("/api/v1/reports", Some(&staff), &report_body("named"))
            .await
            .json()
            .await
            .unwrap();
        let manager = app.browser("manager@t.test").await;
        let report_page = format!("/reports/{}", report["reference"].as_str().unwrap());
        assert!(
            page(&manager, app, &report_page)
                .await
                .1
                .contains("Person colleague@t.test (Support worker)")
        );

        let (status, location, _) = post_form(
            &admin,
            app,
            &format!("/admin/people/{}/deactivate", app.f.colleague.id),
            &[],
        )
        .await;
        assert_eq!(
            (status, location),
            (
                StatusCode::SEE_OTHER,
                format!("/admin/people/{}?saved=deactivated", app.f.colleague.id)
            )
        );
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status(),
            StatusCode::UNAUTHORIZED,
            "the API token ended"
        );
        assert_eq!(
            page(&colleague, app, "/my-reports").await.0,
            StatusCode::SEE_OTHER,
            "the browser session ended"
        );
        assert_eq!(
            signs_in(app, "colleague@t.test", PASSWORD).await,
            StatusCode::UNAUTHORIZED
        );
        assert!(
            !page(&manager, app, &report_page)
                .await
                .1
                .contains("Person colleague@t.test (Support worker)"),
            "no longer offered as an owner"
        );
        let (_, list) = page(&admin, app, "/admin/people?status=deactivated").await;
        assert!(list.contains("Person colleague@t.test") && list.contains("People 1 to 1 of 1."));

        // Nobody deactivates themselves.
        let (status, _, answer) = post_form(
            &admin,
            app,
            &format!("/admin/people/{}/deactivate", app.f.admin.id),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer.contains("You cannot deactivate yourself"));
        assert!(app.db.store.user(app.f.admin.id).await.unwrap().active);

        let (status, _, _) = post_form(
            &admin,
            app,
            &format!("/admin/people/{}/reactivate", app.f.colleague.id),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            signs_in(app, "colleague@t.test", PASSWORD).await,
            StatusCode::SEE_OTHER,
            "sign-in restored"
        );
        let audit: Vec<String> = app
            .db
            .store
            .audit_log(app.f.org.id, None, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert!(
            audit.contains(&"person.deactivated".to_string())
                && audit.contains(&"person.reactivated".to_string())
        );
    }
);

web_test!(onboarding_never_makes_or_restores_a_safety_officer, |app| {
    let admin = app.browser("admin@t.test").await;
    // Without a password the safety officer's role is not invited: a first
    // password (for the approval request) is asked for instead.
    let (status, _, answer) = post_form(
        &admin,
        app,
        "/admin/people",
        &[
            ("email", "sam@t.test"),
            ("name", "Sam"),
            ("job_title", "Head of quality"),
            ("role", "safety"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("at least 10 characters"));
    assert!(
        app.db
            .store
            .credentials_by_email("sam@t.test")
            .await
            .unwrap()
            .is_none()
    );
    assert!(invitation_links(&admin, app).await.is_empty());
    // The safety officer is never sent an invitation.
    let (status, _, answer) = post_form(
        &admin,
        app,
        &format!("/admin/people/{}/invitation", app.f.safety.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("A safety officer is not invited by email"));
    assert!(invitation_links(&admin, app).await.is_empty());
    // Switched off, the safety officer comes back only with approval.
    let (status, _, _) = post_form(
        &admin,
        app,
        &format!("/admin/people/{}/deactivate", app.f.safety.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, answer) = post_form(
        &admin,
        app,
        &format!("/admin/people/{}/reactivate", app.f.safety.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.contains("only with a second person"));
    assert!(!app.db.store.user(app.f.safety.id).await.unwrap().active);
    let form = [
        ("name", "Person safety@t.test"),
        ("job_title", "Support worker"),
        ("role", "safety"),
        ("active", "on"),
    ];
    let (status, _, _) = post_form(
        &admin,
        app,
        &format!("/admin/people/{}", app.f.safety.id),
        &form,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "other changes are saved");
    assert!(
        !app.db.store.user(app.f.safety.id).await.unwrap().active,
        "but the form switches nobody on"
    );
});

web_test!(the_public_link_has_a_qr_code_and_an_a4_poster, |app| {
    let admin = app.browser("admin@t.test").await;
    let key = app
        .db
        .store
        .organisation(app.f.org.id)
        .await
        .unwrap()
        .public_report_key;
    let link = format!("{}/r/{key}", app.base);
    let answer = admin
        .get(app.url("/admin/public-link/qr.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "image/svg+xml");
    let svg = answer.text().await.unwrap();
    // The same modules as a QR code of the link itself: it decodes to the link.
    let size = learnloop_web::html::public_link_poster::QR_PIXELS;
    assert_eq!(
        svg,
        learnloop_web::qr_code::svg_document(&link, size).unwrap()
    );
    assert_ne!(
        svg,
        learnloop_web::qr_code::svg_document(&format!("{link}x"), size).unwrap()
    );
    let (status, poster) = page(&admin, app, "/admin/public-link/poster").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        poster.contains("Riverside Care")
            && poster.contains(&link)
            && poster.contains("<svg")
            && poster.contains("never used to blame")
            && poster.contains("anonymous")
    );
    let (_, overview) = page(&admin, app, "/admin").await;
    assert!(
        overview.contains("/admin/public-link/poster")
            && overview.contains("src=\"/admin/public-link/qr.svg\"")
    );
    for email in ["staff@t.test", "manager@t.test"] {
        assert_eq!(
            page(&app.browser(email).await, app, "/admin/public-link/poster")
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
});
