use learnloop_domain::role::Role;
use learnloop_domain::sign_in_throttle::{ACCOUNT_FREE_FAILURES, FIRST_WAIT_SECONDS, FORGET_AFTER_SECONDS, ThrottleKey, account_key};
use learnloop_store::StoreError;
use learnloop_store::people::{NewUser, UserChange};
use learnloop_store::sessions::SessionKind;

use crate::conformance;
use crate::support::{NOW, at, fixture};

conformance!(people_are_created_changed_and_listed, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let team = s.create_team(f.org.id, f.oak.id, "nights", "Night team", Some(f.admin.id), at(NOW)).await.unwrap();
    assert_eq!(s.teams(f.org.id).await.unwrap(), vec![team.clone()]);

    let dup = s
        .create_user(
            &NewUser { organisation_id: f.org.id, email: "staff@t.test", name: "Dup", job_title: "x", role: Role::Staff, team_id: None, password_hash: "h", service_ids: &[] },
            None,
            at(NOW),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))));

    let change = UserChange { name: "Ana Lopez".into(), job_title: "Senior carer".into(), role: Role::Manager, team_id: Some(team.id), active: true, service_ids: vec![f.oak.id, f.maple.id] };
    let changed = s.update_user(f.org.id, f.staff.id, &change, Some(f.admin.id), at(NOW + 10)).await.unwrap();
    assert_eq!(changed.role, Role::Manager);
    assert_eq!(changed.service_ids, vec![f.oak.id, f.maple.id]);
    assert_eq!(changed.team_id, Some(team.id));
    let entry = &s.audit_log(f.org.id, None, 1).await.unwrap()[0];
    assert_eq!(entry.action, "person.changed");
    assert_eq!(entry.actor_name.as_deref(), Some("Person admin@t.test"));
    assert!(entry.detail.contains("\"manager\"") && entry.detail.contains("\"staff\""), "before and after are kept");

    let everyone = s.users(f.org.id).await.unwrap();
    assert_eq!(everyone.len(), 7);
    assert_eq!(everyone.iter().find(|u| u.id == f.staff.id).unwrap().service_ids.len(), 2);
});

conformance!(sessions_expire_and_end_with_deactivation_or_a_new_password, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    s.create_session("hash-a", f.staff.id, SessionKind::Browser, at(NOW), Some(at(NOW + 100))).await.unwrap();
    s.create_session("hash-b", f.staff.id, SessionKind::ApiToken, at(NOW), None).await.unwrap();
    assert_eq!(s.user_for_session("hash-a", SessionKind::Browser, at(NOW + 50)).await.unwrap().unwrap().id, f.staff.id);
    assert!(s.user_for_session("hash-a", SessionKind::Browser, at(NOW + 100)).await.unwrap().is_none(), "expired");
    assert!(s.user_for_session("nope", SessionKind::Browser, at(NOW)).await.unwrap().is_none());
    // Each kind works only where it was issued for.
    assert!(s.user_for_session("hash-a", SessionKind::ApiToken, at(NOW + 50)).await.unwrap().is_none(), "a browser session is no API token");
    assert!(s.user_for_session("hash-b", SessionKind::Browser, at(NOW)).await.unwrap().is_none(), "an API token is no browser session");
    assert_eq!(s.delete_expired_sessions(at(NOW + 200)).await.unwrap(), 1);

    s.set_password(f.org.id, f.staff.id, "new-hash", Some(f.admin.id), at(NOW)).await.unwrap();
    assert!(s.user_for_session("hash-b", SessionKind::ApiToken, at(NOW)).await.unwrap().is_none(), "a new password signs out everywhere");
    assert_eq!(s.credentials_by_email("staff@t.test").await.unwrap().unwrap().password_hash, "new-hash");

    s.create_session("hash-c", f.colleague.id, SessionKind::Browser, at(NOW), None).await.unwrap();
    let off = UserChange { name: f.colleague.name.clone(), job_title: f.colleague.job_title.clone(), role: Role::Staff, team_id: None, active: false, service_ids: vec![] };
    s.update_user(f.org.id, f.colleague.id, &off, Some(f.admin.id), at(NOW)).await.unwrap();
    assert!(s.user_for_session("hash-c", SessionKind::Browser, at(NOW)).await.unwrap().is_none(), "deactivation signs out");
    s.delete_session("hash-c").await.unwrap();
});

conformance!(failed_sign_ins_are_counted_in_the_database_by_hashed_key, |db| {
    let s = &db.store;
    let key = account_key("staff@t.test");
    let mut counts = Vec::new();
    for i in 0..ACCOUNT_FREE_FAILURES {
        counts = s.record_sign_in_failure(&[key.as_str()], at(NOW + i as i64)).await.unwrap();
    }
    let last = NOW + i64::from(ACCOUNT_FREE_FAILURES) - 1;
    assert_eq!(counts[0].wait_seconds(ThrottleKey::Account, last), Some(FIRST_WAIT_SECONDS));
    assert_eq!(s.sign_in_failures(&[key.as_str(), "client:unknown"]).await.unwrap(), vec![counts[0], Default::default()]);
    // The table holds the hashed key, never the address.
    let rows = db.raw_rows("SELECT key FROM sign_in_throttle").await;
    assert_eq!(rows, vec![vec![key.clone()]]);
    assert!(!rows[0][0].contains("staff"));
    s.clear_sign_in_failures(&key).await.unwrap();
    assert_eq!(s.sign_in_failures(&[key.as_str()]).await.unwrap()[0].count, 0);

    // Concurrent failures are all counted.
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let s = s.clone();
            let key = key.clone();
            tokio::spawn(async move { s.record_sign_in_failure(&[key.as_str()], at(NOW)).await.unwrap() })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(s.sign_in_failures(&[key.as_str()]).await.unwrap()[0].count, 4);
    // A quiet day later the row is gone.
    assert_eq!(s.forget_old_sign_in_records(at(NOW + FORGET_AFTER_SECONDS)).await.unwrap(), 1);
    assert!(db.raw_rows("SELECT key FROM sign_in_throttle").await.is_empty());
});

conformance!(the_public_link_key_can_be_changed, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    assert_eq!(s.organisation_by_public_key(&f.org.public_report_key).await.unwrap().unwrap().id, f.org.id);
    let new_key = s.rotate_public_report_key(f.org.id, Some(f.admin.id), at(NOW)).await.unwrap();
    assert_ne!(new_key, f.org.public_report_key);
    assert!(s.organisation_by_public_key(&f.org.public_report_key).await.unwrap().is_none());
    assert_eq!(s.organisation_by_public_key(&new_key).await.unwrap().unwrap().id, f.org.id);
    assert_eq!(s.first_organisation().await.unwrap().unwrap().id, f.org.id);
});
