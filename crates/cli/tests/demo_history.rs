//! The demo organisation's generated history obeys the product's own rules:
//! the real generator (`learnloop demo` and `learnloop generate` run the same
//! code) writes into a real store, on SQLite and PostgreSQL, and every report
//! is where its loop's steps lead; no report has feedback or is closed
//! without thanks, a learning response and feedback that reached its
//! reporter; responses that name a change have actions; and the quarterly
//! review's figures are the reports' and actions' own.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_cli::load_plan;
use learnloop_domain::quarter::Quarter;
use learnloop_domain::report_loop::{LoopStep, status_after_steps};
use learnloop_domain::reports::ReportStatus;
use learnloop_domain::reviews::ReviewDetails;
use learnloop_domain::role::Role;
use learnloop_store::testing::{Backend, TestDb};
use learnloop_web::operations::quarterly_review;
use learnloop_web::{AppConfig, AppState};

/// One number from a query that counts.
async fn count(db: &TestDb, query: &str) -> i64 {
    let rows = db.raw_rows(query).await;
    rows[0][0]
        .parse()
        .unwrap_or_else(|_| panic!("{query} gave {rows:?}"))
}

/// The statuses that say feedback reached the reporter.
const FED_BACK: &str = "r.status IN ('feedback_given', 'closed')";

async fn the_demo_history_obeys_the_products_rules(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = &db.store;
    load_plan::generate(store, 2026, load_plan::DEMO_REPORTS, 18, true)
        .await
        .unwrap();
    let org = store.first_organisation().await.unwrap().unwrap();
    let fed_back = count(
        &db,
        &format!("SELECT COUNT(*) FROM reports r WHERE {FED_BACK}"),
    )
    .await;
    assert!(
        fed_back > 1_000,
        "most of 18 months of reports have had feedback ({fed_back})"
    );

    // Every report is where its steps lead by the domain's rules.
    let steps = db
        .raw_rows(
            "SELECT r.reference, r.status,
                    (SELECT COUNT(*) FROM report_messages m WHERE m.report_id = r.id AND m.kind = 'thanks'),
                    (SELECT COUNT(*) FROM review_reports rr WHERE rr.report_id = r.id),
                    (SELECT COUNT(*) FROM report_messages m WHERE m.report_id = r.id AND m.kind = 'learning'),
                    r.closed_at
             FROM reports r",
        )
        .await;
    let mut wrong = Vec::new();
    for row in &steps {
        let taken = [
            (row[2] != "0", LoopStep::Thank),
            (row[3] != "0", LoopStep::StartReview),
            (row[4] != "0", LoopStep::GiveFeedback),
            (!row[5].is_empty(), LoopStep::Close),
        ];
        let expected = status_after_steps(
            taken
                .iter()
                .filter(|(done, _)| *done)
                .map(|(_, step)| *step),
        );
        if expected.map(|s| s.as_str()) != Ok(row[1].as_str()) {
            wrong.push(format!(
                "{} is {} after {:?}",
                row[0],
                row[1],
                taken
                    .iter()
                    .filter(|(d, _)| *d)
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} reports are not where their steps lead, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );

    // Fed back or closed: thanked, reviewed, and the feedback on record.
    let incomplete = count(
        &db,
        &format!(
            "SELECT COUNT(*) FROM reports r WHERE {FED_BACK} AND (r.thanked_at IS NULL OR r.feedback_at IS NULL
               OR NOT EXISTS (SELECT 1 FROM report_messages m WHERE m.report_id = r.id AND m.kind = 'thanks')
               OR NOT EXISTS (SELECT 1 FROM review_reports rr WHERE rr.report_id = r.id)
               OR NOT EXISTS (SELECT 1 FROM report_messages m WHERE m.report_id = r.id AND m.kind = 'learning'))"
        ),
    )
    .await;
    assert_eq!(
        incomplete, 0,
        "reports fed back or closed without thanks, a learning response or feedback"
    );

    // A named or confidential reporter has the team's own words in their inbox.
    let untold = count(
        &db,
        &format!(
            "SELECT COUNT(*) FROM reports r JOIN report_reporters rp ON rp.report_id = r.id WHERE {FED_BACK} AND NOT EXISTS (
               SELECT 1 FROM report_messages m JOIN inbox_messages i ON i.user_id = rp.user_id AND i.link = '/reports/' || r.reference AND i.body = m.body
               WHERE m.report_id = r.id AND m.kind = 'learning')"
        ),
    )
    .await;
    let told = count(&db, &format!("SELECT COUNT(*) FROM reports r JOIN report_reporters rp ON rp.report_id = r.id WHERE {FED_BACK}")).await;
    assert!(
        told > 500,
        "named and confidential reports with feedback ({told})"
    );
    assert_eq!(
        untold, 0,
        "reporters whose feedback never reached their inbox"
    );
    // An anonymous report's thanks and feedback stay in its conversation: nobody's inbox.
    let anonymous_fed_back = count(
        &db,
        &format!("SELECT COUNT(*) FROM reports r WHERE r.identity = 'anonymous' AND {FED_BACK}"),
    )
    .await;
    assert!(
        anonymous_fed_back > 50,
        "anonymous reports with feedback ({anonymous_fed_back})"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM report_reporters rp JOIN reports r ON r.id = rp.report_id WHERE r.identity = 'anonymous'").await, 0);
    // (Its safeguarding escalation does reach the safeguarding lead's inbox.)
    let told_anonymous = "SELECT COUNT(*) FROM inbox_messages i JOIN reports r ON i.link = '/reports/' || r.reference
                          WHERE r.identity = 'anonymous' AND (i.subject LIKE '%thanked you for%' OR i.subject LIKE 'Feedback on%'
                                OR i.subject LIKE 'What we learned from%' OR i.subject LIKE 'Thank you for%')";
    assert_eq!(count(&db, told_anonymous).await, 0);

    // Responses that name a change have actions; the actions are in every state a real service's are.
    let reviews = db.raw_rows("SELECT v.details, (SELECT COUNT(*) FROM action_reviews ar WHERE ar.review_id = v.id) FROM reviews v").await;
    let mut calling = 0;
    for row in &reviews {
        let details: ReviewDetails = serde_json::from_str(&row[0]).unwrap();
        if details.calls_for_action() {
            calling += 1;
            assert_ne!(
                row[1],
                "0",
                "a {:?} that names a change has no action",
                details.review_type()
            );
        }
    }
    assert!(calling > 100, "responses that call for actions ({calling})");
    let today = Timestamp::now()
        .to_zoned_datetime(TimeZone::get(&org.time_zone).unwrap())
        .date()
        .to_string();
    let states: HashMap<String, i64> = db
        .raw_rows(&format!(
            "SELECT CASE WHEN status = 'open' AND due_on < '{today}' THEN 'overdue' ELSE status END AS state, COUNT(*) FROM actions GROUP BY 1"
        ))
        .await
        .into_iter()
        .map(|row| (row[0].clone(), row[1].parse().unwrap()))
        .collect();
    for state in ["done", "awaiting_check", "open", "overdue"] {
        assert!(
            states.get(state).copied().unwrap_or(0) > 0,
            "some actions {state}: {states:?}"
        );
    }
    assert!(
        states["done"] > states["overdue"],
        "most actions get done: {states:?}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM actions WHERE checked_by = owner_id"
        )
        .await,
        0,
        "nobody checks their own action"
    );

    // The quarterly review reported back to staff counts the reports and actions that exist.
    let people = store.users(org.id).await.unwrap();
    let quality = people
        .iter()
        .find(|p| p.role == Role::Quality)
        .unwrap()
        .clone();
    let published = store.published_quarterly_reviews(org.id).await.unwrap();
    let quarter = Quarter::from_key(published[0].quarter).unwrap();
    let state = AppState::new(store.clone(), AppConfig::default());
    let review = quarterly_review::build(&state, &quality, quarter)
        .await
        .unwrap();
    let [first, _, last] = quarter.months();
    let in_quarter = format!("r.occurred_month BETWEEN {first} AND {last}");
    assert_eq!(
        review.heard.reports,
        count(
            &db,
            &format!("SELECT COUNT(*) FROM reports r WHERE {in_quarter}")
        )
        .await
    );
    assert_eq!(
        review.heard.feedback,
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM reports r WHERE {in_quarter} AND r.feedback_at IS NOT NULL"
            )
        )
        .await
    );
    let zone = TimeZone::get(&org.time_zone).unwrap();
    let midnight =
        |day: jiff::civil::Date| day.to_zoned_datetime(zone.clone()).unwrap().timestamp().as_second();
    let (from, to) = (midnight(quarter.first_day()), midnight(quarter.end_day()));
    let between = |column: &str| {
        format!("SELECT COUNT(*) FROM actions WHERE {column} >= {from} AND {column} < {to}")
    };
    let agreed = count(&db, &between("created_at")).await;
    let completed = count(&db, &between("completed_at")).await;
    assert_eq!(
        (review.doing.raised, review.doing.completed),
        (agreed, completed)
    );
    assert!(
        agreed > 10 && completed > 10,
        "a quarter of a four-service organisation agrees and completes actions ({agreed}, {completed})"
    );
    let checked = |result: &str| {
        format!(
            "SELECT COUNT(*) FROM actions WHERE check_result = '{result}' AND checked_at >= {from} AND checked_at < {to}"
        )
    };
    assert_eq!(
        review.doing.effective,
        count(&db, &checked("effective")).await
    );
    assert_eq!(review.doing.partly, count(&db, &checked("partly")).await);

    // The staff member's inbox holds thanks, feedback and learning, not only acknowledgements.
    let staff = people
        .iter()
        .find(|p| p.email == learnloop_demo::organisation::STAFF_LOGIN)
        .unwrap();
    let inbox = store.inbox(staff.id, 1_000).await.unwrap();
    for (what, fits) in [
        (
            "thanks",
            Box::new(|s: &str| s.contains(" thanked you for ")) as Box<dyn Fn(&str) -> bool>,
        ),
        (
            "feedback",
            Box::new(|s: &str| s.starts_with("Feedback on ")),
        ),
        (
            "learning",
            Box::new(|s: &str| s.starts_with("What we learned from ")),
        ),
    ] {
        assert!(
            inbox.iter().any(|m| fits(&m.subject)),
            "no {what} in the staff member's inbox: {:?}",
            inbox
                .iter()
                .map(|m| &m.subject)
                .take(10)
                .collect::<Vec<_>>()
        );
    }
    // Closed reports read as closed to their reporter: the page shows the team's words.
    let closed = store
        .list_reports(
            learnloop_store::reports::ReportListScope::ReportedBy(staff.id),
            None,
            100,
        )
        .await
        .unwrap();
    let closed = closed
        .iter()
        .find(|r| r.status == ReportStatus::Closed)
        .expect("a closed report of the staff member");
    let messages = store.report_messages(closed.id).await.unwrap();
    assert!(
        messages.len() >= 2,
        "a closed report's conversation holds the thanks and the feedback: {messages:?}"
    );
    drop(state);
    db.finish().await;
}

#[tokio::test]
async fn the_demo_history_obeys_the_products_rules_on_sqlite() {
    the_demo_history_obeys_the_products_rules(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_demo_history_obeys_the_products_rules_on_postgres() {
    the_demo_history_obeys_the_products_rules(Backend::Postgres).await;
}
