use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::{ReportInput, ReportKind};
use learnloop_domain::search::SearchQuery;
use learnloop_store::bulk::GeneratedReport;
use learnloop_store::reports::{ReportListScope, ReportSubmission, ReportSummary};
use rand::SeedableRng;

use crate::conformance;
use crate::reports::submit;
use crate::support::{Fixture, NOW, at, fixture};

fn q(text: &str) -> SearchQuery {
    SearchQuery::parse(text).unwrap()
}

async fn search(s: &learnloop_store::Store, scope: ReportListScope, text: &str, limit: i64) -> Vec<String> {
    refs(s.search_reports(&scope, &q(text), limit).await.unwrap())
}

fn refs(rows: Vec<ReportSummary>) -> Vec<String> {
    rows.into_iter().map(|r| r.reference).collect()
}

/// A named report by `by` with text in all three indexed fields.
async fn submit_full(s: &learnloop_store::Store, f: &Fixture, by: learnloop_domain::ids::PersonId, what: &str, actions: &str, went_well: &str, at: i64) -> String {
    let report = ReportInput {
        kind: "incident".into(),
        service: f.oak.slug.clone(),
        occurred_at: "2026-11-17T09:15:00Z".into(),
        what_happened: what.into(),
        identity: "named".into(),
        immediate_actions: Some(actions.into()),
        what_went_well: Some(went_well.into()),
        ..ReportInput::default()
    }
    .validate(Timestamp::from_second(NOW).unwrap(), &TimeZone::get("Europe/London").unwrap())
    .unwrap();
    let saved = s
        .create_report(&ReportSubmission { replay: None,
            team_id: None,
            organisation_id: f.org.id,
            service_id: f.oak.id,
            report: &report,
            submitted_by: Some(by),
            plan: &learnloop_store::testing::plan(&report, &f.oak.name, learnloop_domain::organisation::ServiceKind::ResidentialCareHome, true, Timestamp::from_second(at).unwrap()),
        })
        .await
        .unwrap();
    saved.reference.to_string()
}

conformance!(search_finds_words_in_each_indexed_field, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let org = ReportListScope::Organisation(f.org.id);
    let r = submit_full(s, &f, f.staff.id, "The hoist battery alarm sounded twice.", "Swapped the sling and called maintenance.", "The night team stayed calm.", NOW).await;
    for word in ["hoist", "maintenance", "calm"] {
        assert_eq!(search(s, org.clone(), word, 50).await, vec![r.clone()], "{word}");
    }
    // Stemmed on both backends; case and punctuation do not matter.
    assert_eq!(search(s, org.clone(), "Alarms!", 50).await, vec![r.clone()]);
    assert_eq!(search(s, org.clone(), "sounding", 50).await, vec![r.clone()]);
    // Every word must match, in any field.
    assert_eq!(search(s, org.clone(), "hoist calm", 50).await, vec![r.clone()]);
    assert!(search(s, org.clone(), "hoist fridge", 50).await.is_empty());
    assert!(search(s, org.clone(), "wheelchair", 50).await.is_empty());
});

conformance!(search_lists_newest_first_and_honours_the_limit, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let org = ReportListScope::Organisation(f.org.id);
    let mut made = Vec::new();
    for i in 0..5 {
        made.push(submit(s, &f, f.staff.id, "named", &f.oak, &format!("Medication round {i} was late by twenty minutes."), NOW + i * 60).await.reference.to_string());
    }
    submit(s, &f, f.staff.id, "named", &f.oak, "A wet floor sign was missing by the lift.", NOW + 600).await;
    let newest_first: Vec<String> = made.iter().rev().cloned().collect();
    assert_eq!(search(s, org.clone(), "medication", 50).await, newest_first);
    assert_eq!(search(s, org.clone(), "medication", 2).await, newest_first[..2]);
    assert!(search(s, org.clone(), "medication", 0).await.is_empty());
    let services = ReportListScope::Services(vec![f.oak.id, f.maple.id]);
    assert_eq!(search(s, services.clone(), "medication", 3).await, newest_first[..3]);
    assert_eq!(search(s, ReportListScope::ReportedBy(f.staff.id), "medication", 4).await, newest_first[..4]);
});

conformance!(search_keeps_to_each_role_scope, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let text = "Resident B had a fall in the garden after lunch.";
    let mine = submit(s, &f, f.staff.id, "named", &f.oak, text, NOW).await.reference.to_string();
    let my_confidential = submit(s, &f, f.staff.id, "confidential", &f.oak, text, NOW + 1).await.reference.to_string();
    let my_anonymous = submit(s, &f, f.staff.id, "anonymous", &f.oak, text, NOW + 2).await.reference.to_string();
    let colleague = submit(s, &f, f.colleague.id, "named", &f.oak, text, NOW + 3).await.reference.to_string();
    let maple = submit(s, &f, f.other_manager.id, "named", &f.maple, text, NOW + 4).await.reference.to_string();

    // Another organisation's report with the same words.
    let other_org = s.create_organisation("hillside", "Hillside Care", "Europe/London", at(NOW)).await.unwrap();
    let elm = s.create_service(other_org.id, "elm", "Elm", learnloop_domain::organisation::ServiceKind::ResidentialCareHome, None, at(NOW)).await.unwrap();
    let report = crate::reports::new_report("anonymous", "elm", text);
    let other = s
        .create_report(&ReportSubmission { replay: None, team_id: None, organisation_id: other_org.id, service_id: elm.id, report: &report, submitted_by: None, plan: &learnloop_store::testing::plan(&report, &elm.name, learnloop_domain::organisation::ServiceKind::ResidentialCareHome, false, Timestamp::from_second(NOW + 5).unwrap()) })
        .await
        .unwrap()
        .reference
        .to_string();
    assert_eq!(search(s, ReportListScope::Organisation(other_org.id), "fall", 50).await, vec![other.clone()]);

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    // Staff: their own named and confidential reports, never the anonymous one.
    let own = search(s, ReportListScope::ReportedBy(f.staff.id), "fall garden", 50).await;
    assert_eq!(sorted(own), sorted(vec![mine.clone(), my_confidential.clone()]));
    assert!(!search(s, ReportListScope::ReportedBy(f.staff.id), "fall", 50).await.contains(&my_anonymous));
    assert_eq!(search(s, ReportListScope::ReportedBy(f.colleague.id), "fall", 50).await, vec![colleague.clone()]);

    // Managers: their services only.
    let managed = search(s, ReportListScope::Services(f.manager.service_ids.clone()), "fall", 50).await;
    assert_eq!(sorted(managed), sorted(vec![mine.clone(), my_confidential.clone(), my_anonymous.clone(), colleague.clone()]));
    assert_eq!(search(s, ReportListScope::Services(f.other_manager.service_ids.clone()), "fall", 50).await, vec![maple.clone()]);
    assert!(search(s, ReportListScope::Services(vec![]), "fall", 50).await.is_empty());

    // Quality lead and safety officer: the whole organisation, and only it.
    let all = search(s, ReportListScope::Organisation(f.org.id), "fall", 50).await;
    assert_eq!(sorted(all.clone()), sorted(vec![mine, my_confidential, my_anonymous, colleague, maple]));
    assert!(!all.contains(&other));

    // The service and organisation tokens are not words a search can find.
    let oak_token = format!("s{}", f.oak.id);
    assert!(search(s, ReportListScope::Organisation(f.org.id), &oak_token, 50).await.is_empty());
    // Lists never carry a confidential reporter's name.
    let rows = s.search_reports(&ReportListScope::Organisation(f.org.id), &q("fall"), 50).await.unwrap();
    for row in rows {
        if row.identity != IdentityMode::Named {
            assert_eq!(row.reporter_name, None);
        }
    }
});

conformance!(search_text_is_never_query_syntax, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let r = submit(s, &f, f.staff.id, "named", &f.oak, "Tablets were found on the floor near room 12; resident's dose was missed.", NOW).await.reference.to_string();
    let org = ReportListScope::Organisation(f.org.id);
    for text in [
        "\"tablets", "tablets\"", "tablets*", "tablets OR floor", "NEAR(tablets floor)", "tablets AND", "-tablets", "^tablets",
        "what_happened:tablets", "{facets}: tablets", "tablets)", "(tablets", "tablets & floor | !room", "tablets <-> floor",
        "'tablets'", "tablets:*", "resident's", "room 12", "12", "tablets\u{0}", "ﬁ tablets", "İstanbul", "x\u{301}", "²", "tablets NOT floor",
        "café", "日本語", "tablets\\", "tablets;DROP TABLE reports",
    ] {
        let query = SearchQuery::parse(text).unwrap();
        let found = s.search_reports(&org, &query, 50).await;
        assert!(found.is_ok(), "{text:?}: {:?}", found.err());
        for scope in [ReportListScope::Services(vec![f.oak.id]), ReportListScope::ReportedBy(f.staff.id)] {
            assert!(s.search_reports(&scope, &query, 50).await.is_ok(), "{text:?}");
        }
    }
    assert_eq!(search(s, org.clone(), "tablets OR wheelchair", 50).await, Vec::<String>::new(), "OR is a word, not an operator");
    assert_eq!(search(s, org.clone(), "\"tablets\" floor*", 50).await, vec![r.clone()]);
    assert_eq!(search(s, org.clone(), "resident's dose", 50).await, vec![r.clone()]);
});

conformance!(search_follows_every_insert_path, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let org = ReportListScope::Organisation(f.org.id);
    // Reports arriving together share one commit through the group-commit writer.
    let mut handles = Vec::new();
    for i in 0..20 {
        let s = s.clone();
        let (org_id, oak_id, oak_name, staff_id) = (f.org.id, f.oak.id, f.oak.name.clone(), f.staff.id);
        handles.push(tokio::spawn(async move {
            let report = crate::reports::new_report("named", "oak-house", &format!("Wheelchair footplate number {i} was cracked."));
            s.create_report(&ReportSubmission { replay: None,
                team_id: None,
                organisation_id: org_id,
                service_id: oak_id,
                report: &report,
                submitted_by: Some(staff_id),
                plan: &learnloop_store::testing::plan(&report, &oak_name, learnloop_domain::organisation::ServiceKind::ResidentialCareHome, true, Timestamp::from_second(NOW + i).unwrap()),
            })
            .await
            .unwrap()
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    assert_eq!(search(s, org.clone(), "footplate", 50).await.len(), 20);

    // The bulk loader (learnloop generate).
    let generated: Vec<GeneratedReport> = (0..30)
        .map(|i| GeneratedReport {
            team_id: None,
            service_id: if i % 2 == 0 { f.oak.id } else { f.maple.id },
            kind: ReportKind::NearMiss,
            identity: if i % 3 == 0 { IdentityMode::Anonymous } else { IdentityMode::Named },
            occurred_at: Timestamp::from_second(NOW - 3600 - i).unwrap(),
            occurred_month: 1,
            submitted_at: Timestamp::from_second(NOW - 600 - i).unwrap(),
            what_happened: format!("Bulk loaded thermometer reading {i} was out of range."),
            category: None,
            harm: None,
            psychological_harm: None,
            immediate_actions: Some("Recalibrated the probe.".into()),
            what_went_well: None,
            people_affected: vec![],
            reporter_id: Some(f.staff.id),
            learning_loop: Default::default(),
        })
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    s.insert_generated_reports(f.org.id, &generated, &mut rng).await.unwrap();
    assert_eq!(search(s, org.clone(), "thermometer", 50).await.len(), 30);
    assert_eq!(search(s, org.clone(), "recalibrated probe", 50).await.len(), 30);
    assert_eq!(search(s, ReportListScope::Services(vec![f.maple.id]), "thermometer", 50).await.len(), 15);
    assert_eq!(search(s, ReportListScope::ReportedBy(f.staff.id), "thermometer", 50).await.len(), 20, "not the 10 anonymous ones");
    assert_eq!(search(s, org.clone(), "footplate", 50).await.len(), 20, "earlier reports stay found");
});

conformance!(search_order_says_no_more_about_anonymous_reports_than_the_day, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    // Anonymous reports through one day, in this order.
    let day = NOW - NOW % 86_400;
    for i in 0..12 {
        submit(s, &f, f.staff.id, "anonymous", &f.oak, "A bed rail was left down overnight.", day + 3600 + i * 1800).await;
    }
    let rows = s.search_reports(&ReportListScope::Organisation(f.org.id), &q("bed rail"), 50).await.unwrap();
    assert_eq!(rows.len(), 12);
    // They all carry the day only, and come back in an order fixed by their
    // random ids alone, not by when each arrived.
    let sqlite = db.url.starts_with("sqlite");
    let tie = |id: i64| if sqlite { id & 0x7FFF_FFFF } else { id };
    let mut expected: Vec<i64> = rows.iter().map(|r| r.id.get()).collect();
    expected.sort_by_key(|&id| std::cmp::Reverse(tie(id)));
    assert_eq!(rows.iter().map(|r| r.id.get()).collect::<Vec<_>>(), expected);
    assert!(rows.iter().all(|r| r.submitted_at == day));

    if sqlite {
        // The index's keys are the stored day and random id bits, nothing else.
        let mut expected: Vec<String> = rows.iter().map(|r| ((r.submitted_at << 31) | (r.id.get() & 0x7FFF_FFFF)).to_string()).collect();
        expected.sort_by_key(|k| k.parse::<i64>().unwrap());
        let keys = |table: &'static str| async move {
            db.raw_rows(&format!("SELECT rowid FROM {table} WHERE {table} MATCH 'bed' ORDER BY rowid")).await.into_iter().map(|k| k[0].clone()).collect::<Vec<_>>()
        };
        // Their day is the current one to the store: they wait in today's
        // index, merged into one segment at each arrival, whatever
        // the order they came in, and none is in the main index yet.
        assert_eq!(keys("report_search_today").await, expected);
        assert!(keys("report_search").await.is_empty());
        assert_eq!(db.fts5_segment_count("report_search_today").await, 1);
        // Once their day is over they join the main index together.
        let main_segments = db.fts5_segment_count("report_search").await;
        assert_eq!(s.index_anonymous_reports_of_past_days(at(day + 86_400)).await.unwrap(), 12);
        assert_eq!(keys("report_search").await, expected);
        assert!(keys("report_search_today").await.is_empty());
        assert!(db.fts5_segment_count("report_search").await <= main_segments + 1, "one day's anonymous reports, one segment");
        assert_eq!(db.fts5_segment_count("report_search_today").await, 0);
        assert_eq!(s.search_reports(&ReportListScope::Organisation(f.org.id), &q("bed rail"), 50).await.unwrap().len(), 12, "still found");
    } else {
        assert_eq!(s.index_anonymous_reports_of_past_days(at(day + 86_400)).await.unwrap(), 0, "PostgreSQL has one index");
    }
});
