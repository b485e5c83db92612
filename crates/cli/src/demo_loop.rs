//! The demo's shared learning: on top of the generated history (where every
//! report that got that far was thanked, reviewed, fed back on and closed
//! through the product's rules), the learning of a few of the care home's
//! reports published to its staff, with their reporters told what was
//! learned (the staff login's own reports first, so its inbox shows it), and
//! an anonymous reporter's reply waiting, so every loop page of the demo has
//! something real to show.

use anyhow::Context;
use jiff::Timestamp;
use learnloop_domain::ids::OrganisationId;
use learnloop_domain::reports::{Category, ReportStatus};
use learnloop_store::Store;
use learnloop_store::learning::NewLearningRecord;
use learnloop_store::reports::ReportListScope;

/// What a team learned from one kind of report and shared with the service.
struct Story {
    category: Category,
    learning_title: &'static str,
    learning: &'static str,
}

const STORIES: &[Story] = &[
    Story {
        category: Category::Medication,
        learning_title: "One tray per resident at medication rounds",
        learning: "Pots side by side on one tray can be picked up for the wrong person. Each resident now has their own tray, and the round finishes one person before starting the next.",
    },
    Story {
        category: Category::Falls,
        learning_title: "Walking frames within reach at bedtime",
        learning: "Several night-time falls began with a frame left out of reach after cleaning. The bedtime checklist now includes placing the frame by the bed, and night staff check it on the first round.",
    },
    Story {
        category: Category::Documentation,
        learning_title: "Care notes saved before the tablet locks",
        learning: "Entries were lost when the lounge tablet locked mid-note. The session now lasts 30 minutes and the app saves drafts.",
    },
    Story {
        category: Category::Safeguarding,
        learning_title: "Who to call about a safeguarding concern at night",
        learning: "When a concern comes up at night, the on-call safeguarding lead is now named on every handover sheet, with their number. Raise it the same shift: you were right to.",
    },
    Story {
        category: Category::Behaviour,
        learning_title: "The quiet room when the lounge is busy",
        learning: "Distress in the afternoon often followed a loud, busy lounge. Staff now offer the quiet room early, as the support plan suggests, before distress builds.",
    },
];

/// Adds the demo's shared learning and a reply waiting; returns how many reports it touched.
pub async fn add_learning_loop(
    store: &Store,
    organisation_id: OrganisationId,
    now: Timestamp,
) -> anyhow::Result<usize> {
    let people = store.users(organisation_id).await?;
    let manager = people
        .iter()
        .find(|p| p.email == learnloop_demo::organisation::MANAGER_LOGIN)
        .context("the demo manager")?;
    let staff = people
        .iter()
        .find(|p| p.email == learnloop_demo::organisation::STAFF_LOGIN)
        .context("the demo staff member")?;
    let service_id = *manager
        .service_ids
        .first()
        .context("the manager's service")?;
    // The staff login's own reports first, then the rest of the care home's.
    let mut candidates = store
        .list_reports(ReportListScope::ReportedBy(staff.id), None, 400)
        .await?;
    candidates.extend(
        store
            .list_reports(ReportListScope::Services(vec![service_id]), None, 400)
            .await?,
    );
    let mut touched = 0;
    let mut used = Vec::new();
    for story in STORIES {
        let Some(summary) = candidates.iter().find(|r| {
            matches!(r.status, ReportStatus::FeedbackGiven | ReportStatus::Closed)
                && r.category == Some(story.category)
                && !used.contains(&r.id)
        }) else {
            continue;
        };
        used.push(summary.id);
        let report = store
            .report_by_reference(organisation_id, &summary.reference)
            .await?
            .context("a listed report")?;
        // Shared a few days after the reporter first heard, never in the future.
        let feedback_at = report.feedback_at.context("a report with feedback")?;
        let shared = (feedback_at + 3 * 86_400)
            .min(now.as_second() - 3_600)
            .max(feedback_at);
        let feedback = format!(
            "We have shared what we learned from your report with the whole home: {}",
            story.learning
        );
        store
            .publish_learning(
                &NewLearningRecord {
                    organisation_id,
                    report: Some(&report),
                    title: story.learning_title,
                    summary: story.learning,
                    service_ids: &[service_id],
                    team_ids: &[],
                    feedback_to_reporter: Some(&feedback),
                    at: Timestamp::from_second(shared)?,
                },
                manager,
            )
            .await?;
        touched += 1;
    }
    // An anonymous reporter has written back and waits for an answer.
    let waiting = candidates.iter().find(|r| {
        r.identity == learnloop_domain::identity::IdentityMode::Anonymous
            && matches!(r.status, ReportStatus::Thanked | ReportStatus::InReview)
    });
    if let Some(summary) = waiting {
        let report = store
            .report_by_reference(organisation_id, &summary.reference)
            .await?
            .context("a listed report")?;
        store
            .reply_from_reporter(
                &report,
                "Thank you. It happened again on Tuesday night; could the night team be told?",
                now,
            )
            .await?;
        touched += 1;
    }
    Ok(touched)
}
