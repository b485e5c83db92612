//! The demo's learning loop: for some of the manager's recent reports, the
//! thank-you, a learning response, actions (some checked, one overdue), the
//! learning shared with the service and a reporter's reply waiting, so every
//! loop page of the demo has something real to show.

use learnloop_domain::ids::OrganisationId;
use anyhow::Context;
use jiff::Timestamp;
use learnloop_domain::actions::{CheckResult, EffectivenessCheck};
use learnloop_domain::reports::{Category, ReportStatus};
use learnloop_store::Store;
use learnloop_store::actions::NewActionRecord;
use learnloop_store::learning::NewLearningRecord;
use learnloop_store::reports::ReportListScope;
use learnloop_store::reviews::NewReviewRecord;
use serde_json::json;

/// What a team learned from one kind of report, in the field's words.
struct Story {
    category: Category,
    review: &'static str,
    helped: &'static str,
    hindered: &'static str,
    could_change: &'static str,
    learning_title: &'static str,
    learning: &'static str,
    action: &'static str,
    evidence: &'static str,
}

const STORIES: &[Story] = &[
    Story {
        category: Category::Medication,
        review: "debrief",
        helped: "The second check at the trolley caught it before anything was given.",
        hindered: "Two residents' pots sat side by side on one tray during a rushed round.",
        could_change: "Give each resident their own tray and finish one resident before starting the next.",
        learning_title: "One tray per resident at medication rounds",
        learning: "Pots side by side on one tray can be picked up for the wrong person. Each resident now has their own tray, and the round finishes one person before starting the next.",
        action: "Buy individual medication trays for the first floor",
        evidence: "MAR chart audit over four weeks: no pots mixed up, two near-misses caught at the tray.",
    },
    Story {
        category: Category::Falls,
        review: "after_action_review",
        helped: "The sensor mat alerted night staff within a minute.",
        hindered: "The walking frame was out of reach of the bed after the evening clean.",
        could_change: "Add 'frame within reach' to the bedtime checklist.",
        learning_title: "Walking frames within reach at bedtime",
        learning: "Several night-time falls began with a frame left out of reach after cleaning. The bedtime checklist now includes placing the frame by the bed, and night staff check it on the first round.",
        action: "Add 'frame within reach' to the bedtime checklist",
        evidence: "Night checks for three weeks recorded the frame in reach every time; no falls from bed since.",
    },
    Story {
        category: Category::Documentation,
        review: "record_only",
        helped: "The gap was spotted at handover the same day.",
        hindered: "The care notes app logged out mid-entry on the tablet in the lounge.",
        could_change: "Longer tablet session time.",
        learning_title: "Care notes saved before the tablet locks",
        learning: "Entries were lost when the lounge tablet locked mid-note. The session now lasts 30 minutes and the app saves drafts.",
        action: "Ask IT to extend the tablet session to 30 minutes",
        evidence: "No lost entries reported in the month since the change.",
    },
    Story {
        category: Category::Safeguarding,
        review: "learning_review",
        helped: "The concern was raised the same shift and the local authority was contacted within the hour.",
        hindered: "Night staff were unsure who the safeguarding lead on call was.",
        could_change: "Put the on-call safeguarding lead on the handover sheet every shift.",
        learning_title: "Who to call about a safeguarding concern at night",
        learning: "When a concern comes up at night, the on-call safeguarding lead is now named on every handover sheet, with their number. Raise it the same shift: you were right to.",
        action: "Name the on-call safeguarding lead on every handover sheet",
        evidence: "Spot checks of 20 handover sheets: all name the on-call lead.",
    },
    Story {
        category: Category::Behaviour,
        review: "debrief",
        helped: "Staff recognised the early signs from the support plan and offered the garden.",
        hindered: "The lounge was loud during the visit of a large family group.",
        could_change: "Offer the quiet room when the lounge is busy in the afternoon.",
        learning_title: "The quiet room when the lounge is busy",
        learning: "Distress in the afternoon often followed a loud, busy lounge. Staff now offer the quiet room early, as the support plan suggests, before distress builds.",
        action: "Update the support plan with the quiet-room routine",
        evidence: "Fewer afternoon incidents in the four weeks after the change (3, down from 9).",
    },
];

/// Adds the demo's loop content; returns how many reports it touched.
pub async fn add_learning_loop(store: &Store, organisation_id: OrganisationId, now: Timestamp) -> anyhow::Result<usize> {
    let people = store.users(organisation_id).await?;
    let manager = people.iter().find(|p| p.email == learnloop_demo::organisation::MANAGER_LOGIN).context("the demo manager")?;
    let quality = people.iter().find(|p| p.email == learnloop_demo::organisation::QUALITY_LOGIN).context("the demo quality lead")?;
    let service_id = *manager.service_ids.first().context("the manager's service")?;
    let recent = store.list_reports(ReportListScope::Services(vec![service_id]), None, 400).await?;
    let mut touched = 0;
    for (index, story) in STORIES.iter().enumerate() {
        let Some(summary) = recent
            .iter()
            .filter(|r| matches!(r.status, ReportStatus::FeedbackGiven | ReportStatus::Closed) && r.category == Some(story.category))
            .nth(index % 2)
        else {
            continue;
        };
        let report = store.report_by_reference(organisation_id, &summary.reference).await?.context("a listed report")?;
        let thanked = Timestamp::from_second(report.thanked_at.unwrap_or(report.submitted_at + 3600))?;
        let reviewed = thanked.as_second() + 86_400;
        let fed_back = report.feedback_at.unwrap_or(reviewed + 86_400).max(reviewed + 60);
        store.thank_reporter(&report, manager, "Thank you for reporting this so clearly. We will look at what we can learn and let you know.", thanked).await?;
        let details = match story.review {
            "record_only" => json!({"type": "record_only", "reason": format!("{} {}", story.helped, story.could_change)}),
            "after_action_review" => json!({"type": "after_action_review", "expected": "The resident would call for help before getting up at night.",
                "happened": story.hindered, "why_different": "Nobody owned putting the frame back after cleaning.", "learned": story.could_change}),
            "learning_review" => json!({"type": "learning_review", "timeline": "Concern noticed on the evening shift; raised at 22:10; local authority contacted 23:05.",
                "findings": story.hindered, "factors": ["communication_systems", "supervision_and_leadership"], "rule_needs_change": true,
                "rule_change": "The safeguarding policy should name an on-call lead for nights and weekends."}),
            _ => json!({"type": "debrief", "held_at": Timestamp::from_second(reviewed)?.to_string(), "participants": "Two support workers and the shift lead",
                "helped": story.helped, "hindered": story.hindered, "could_change": story.could_change, "manager_attended": true}),
        };
        let rule_needs_change = story.review == "learning_review";
        let review_id = store
            .create_review(&NewReviewRecord {
                organisation_id,
                review_type: match story.review {
                    "record_only" => "record_only",
                    "after_action_review" => "after_action_review",
                    "learning_review" => "learning_review",
                    _ => "debrief",
                },
                details,
                factors: if rule_needs_change { vec!["communication_systems", "supervision_and_leadership"] } else { Vec::new() },
                rule_needs_change,
                report_ids: &[report.id],
                created_by: if rule_needs_change { quality.id } else { manager.id },
                at: Timestamp::from_second(reviewed)?,
            })
            .await?;
        // Due dates around today: some checked, one overdue, some still open.
        const DUE_IN_DAYS: [i64; 5] = [-14, -7, -3, 7, 14];
        let due = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date().checked_add(jiff::Span::new().days(DUE_IN_DAYS[index % DUE_IN_DAYS.len()]))?;
        let action_id = store
            .create_action(&NewActionRecord {
                organisation_id,
                service_id,
                title: story.action,
                owner_id: manager.id,
                due_on: due.to_string(),
                report_ids: &[report.id],
                review_ids: &[review_id],
                created_by: manager.id,
                at: Timestamp::from_second(reviewed)?,
            })
            .await?;
        if index < 2 {
            let action = store.action(organisation_id, action_id).await?.context("the action")?;
            store.complete_action(&action, manager.id, &due.to_string(), Timestamp::from_second(reviewed + 3_600)?).await?.ok();
            let check = EffectivenessCheck { result: if index == 0 { CheckResult::Effective } else { CheckResult::Partly }, evidence: story.evidence.to_string() };
            store.record_action_check(&action, quality.id, &check, Timestamp::from_second(reviewed + 7_200)?).await?.ok();
        }
        let feedback = format!("What we learned: {}\n\nWhat we are doing:\n- {} (due {due})", story.learning, story.action);
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
                    at: Timestamp::from_second(fed_back)?,
                },
                manager,
            )
            .await?;
        touched += 1;
    }
    // An anonymous reporter has written back and waits for an answer.
    let waiting = recent.iter().find(|r| {
        r.identity == learnloop_domain::identity::IdentityMode::Anonymous && matches!(r.status, ReportStatus::Thanked | ReportStatus::InReview)
    });
    if let Some(summary) = waiting {
        let report = store.report_by_reference(organisation_id, &summary.reference).await?.context("a listed report")?;
        store.thank_reporter(&report, manager, "Thank you for telling us; it helps to know.", Timestamp::from_second(report.thanked_at.unwrap_or(report.submitted_at))?).await?;
        store.reply_from_reporter(&report, "Thank you. It happened again on Tuesday night; could the night team be told?", now).await?;
        touched += 1;
    }
    Ok(touched)
}
