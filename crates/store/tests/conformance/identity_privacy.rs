use learnloop_domain::reference::FollowUpCode;

use crate::conformance;
use crate::reports::submit;
use crate::support::{NOW, at, fixture};

// 2026-11-18 15:47:12 UTC, well into a day.
const AFTERNOON: i64 = NOW - (NOW % 86_400) + 15 * 3600 + 47 * 60 + 12;

conformance!(an_anonymous_report_cannot_be_linked_to_its_reporter, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let audit_before = s.audit_log(f.org.id, None, 1000).await.unwrap().len();
    let saved = submit(s, &f, f.staff.id, "anonymous", &f.oak, "Night staff were asked to skip the 2am checks again.", AFTERNOON).await;

    // The reporter's follow-up code finds the report; the code itself is not stored.
    let code = saved.follow_up_code.clone().expect("anonymous reporters get a follow-up code");
    let found = s.report_by_follow_up_code(&code).await.unwrap().unwrap();
    assert_eq!(found.reference, saved.reference.as_str());
    let wrong = FollowUpCode::parse("0000-0000-0000-0000").unwrap();
    assert!(s.report_by_follow_up_code(&wrong).await.unwrap().is_none());

    // Only the day is kept.
    assert_eq!(found.submitted_at % 86_400, 0);
    assert!(AFTERNOON - found.submitted_at < 86_400);

    // No audit entry, no inbox message, no reporter link.
    assert_eq!(s.audit_log(f.org.id, None, 1000).await.unwrap().len(), audit_before);
    assert!(s.inbox(f.staff.id, 10).await.unwrap().is_empty());
    assert!(s.reporter_for_reader(&found, &f.safety, at(NOW)).await.unwrap().is_none());

    // And nowhere in any table does a value tie the report to the person:
    // their id, email or name, the exact submission time, or the plain code.
    let report_rows = db.raw_rows(&format!("SELECT * FROM reports WHERE id = {}", found.id)).await;
    assert_eq!(report_rows.len(), 1);
    let staff_id = f.staff.id.to_string();
    for value in &report_rows[0] {
        assert_ne!(value, &staff_id, "the report row holds the reporter's id");
        assert_ne!(value, &AFTERNOON.to_string(), "the report row holds the exact time");
    }
    let report_id = found.id.to_string();
    for (table, row) in db.every_value_in_every_table().await {
        let mentions_report = row.iter().any(|v| v == &report_id || v.contains(saved.reference.as_str()));
        // The report's own rows: itself, and its narrative's terms (kept for
        // similar-report checks, with the same day-only time).
        let part_of_the_report = table == "reports" || table == "report_terms";
        if !part_of_the_report && mentions_report {
            panic!("{table} refers to the anonymous report: {row:?}");
        }
        if part_of_the_report && mentions_report {
            assert!(!row.contains(&staff_id), "{table} holds the reporter's id: {row:?}");
        }
        for value in &row {
            assert!(!value.contains(code.as_str()), "{table} stores the plain follow-up code");
            assert_ne!(value, &AFTERNOON.to_string(), "{table} stores the exact submission time");
        }
    }
});

conformance!(a_confidential_reporter_is_seen_by_the_safety_officer_alone_and_every_look_is_audited, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "confidential", &f.oak, "I gave Resident C's 8am tablets at 10am after a long call.", NOW).await;
    assert!(saved.follow_up_code.is_some());
    let report = s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap();
    for reader in [&f.manager, &f.quality, &f.admin, &f.colleague, &f.other_manager, &f.staff] {
        assert_eq!(s.reporter_for_reader(&report, reader, at(NOW)).await.unwrap(), None, "{} saw a confidential reporter", reader.email);
    }
    let views_before = s.audit_log(f.org.id, None, 1000).await.unwrap().iter().filter(|a| a.action == "report.confidential_reporter_viewed").count();
    assert_eq!(views_before, 0);
    let seen = s.reporter_for_reader(&report, &f.safety, at(NOW + 60)).await.unwrap().unwrap();
    assert_eq!(seen.email, "staff@t.test");
    let audit = s.audit_log(f.org.id, None, 1000).await.unwrap();
    let view = audit.iter().find(|a| a.action == "report.confidential_reporter_viewed").expect("the read is audited");
    assert_eq!(view.actor_id, Some(f.safety.id.get()));
    assert_eq!(view.at, NOW + 60);
    assert!(view.subject.contains(saved.reference.as_str()));
    // Administrators read the audit log: nothing in it names the reporter
    // beside the report (no "report.created" by them), only the safety
    // officer's look.
    for entry in audit.iter().filter(|a| a.subject.contains(saved.reference.as_str()) || a.detail.contains(saved.reference.as_str())) {
        assert_ne!(entry.actor_id, Some(f.staff.id.get()), "the audit log names the confidential reporter: {entry:?}");
        assert!(!entry.detail.contains(&f.staff.id.to_string()) && !entry.detail.contains("staff@t.test"), "{entry:?}");
    }
    assert!(!audit.iter().any(|a| a.action == "report.created"));
    // The reporter still finds it among their own reports.
    let own = s.list_reports(learnloop_store::reports::ReportListScope::ReportedBy(f.staff.id), None, 10).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].reporter_name, None, "lists never carry a confidential reporter's name");
});

conformance!(named_reporters_are_visible_to_their_managers, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "named", &f.oak, "Handover sheet for room 9 was missing this morning.", NOW).await;
    let report = s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap();
    assert_eq!(s.reporter_for_reader(&report, &f.manager, at(NOW)).await.unwrap().unwrap().name, "Person staff@t.test");
    assert_eq!(s.reporter_for_reader(&report, &f.colleague, at(NOW)).await.unwrap(), None);
    assert_eq!(s.reporter_for_reader(&report, &f.admin, at(NOW)).await.unwrap(), None);
});

conformance!(the_database_files_keep_no_stale_copies, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    // A sign-in count for an address, then deleted (a quiet day later).
    let key = learnloop_domain::sign_in_throttle::account_key("someone.unusual@t.test");
    s.record_sign_in_failure(&[key.as_str()], at(NOW)).await.unwrap();
    submit(s, &f, f.staff.id, "named", &f.oak, "Handover sheet for room 9 was missing this morning.", NOW).await;
    assert_eq!(s.forget_old_sign_in_records(at(NOW + learnloop_domain::sign_in_throttle::FORGET_AFTER_SECONDS)).await.unwrap(), 1);
    let Some(path) = db.sqlite_path() else { return };
    // Half a second without a write, and the write-ahead log is cut to
    // nothing: no frames of the last transactions, in their order, remain.
    let wal = format!("{}-wal", path.display());
    let mut waited = 0;
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0 {
        assert!(waited < 100, "the WAL was not cut after 10 s without writes");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    // And the deleted row was overwritten, not left in a free page.
    let file = std::fs::read(&path).unwrap();
    assert!(!file.windows(key.len()).any(|w| w == key.as_bytes()), "the database file still holds a deleted row");
});
