//! The report's workspace: what the people who handle a report see below it
//! (thanks, the conversation with the reporter, learning responses, actions,
//! shared learning, closing). Its forms are handled in `report_forms`.

use jiff::tz::TimeZone;
use learnloop_domain::actions::is_overdue;
use learnloop_domain::next_step::{LoopProgress, NextStep};
use learnloop_domain::role::Role;
use learnloop_domain::reviews::ReviewDetails;
use learnloop_store::conversation::{MessageKind, ReportMessage};
use learnloop_store::people::User;
use learnloop_store::reports::ReportRecord;

use crate::error::AppError;
use crate::html::report_drafts::Drafts;
use crate::html::display::{Choice, local_time};
use crate::state::AppState;

pub struct MessageView {
    pub label: String,
    pub kind: &'static str,
    pub at: String,
    pub body: String,
}

pub struct ReviewView {
    pub type_label: String,
    pub created: String,
    pub by: String,
    pub lines: Vec<(String, String)>,
    pub other_reports: Vec<String>,
}

pub struct ActionRow {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
}

pub struct LearningRow {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub published: String,
    pub read: i64,
    pub audience: i64,
}

pub struct JustCultureView {
    pub action_in_question: String,
    pub outcome: String,
    pub answers: Vec<(String, &'static str)>,
    pub reasoning: String,
    pub recorded: String,
}

pub struct SimilarRow {
    pub reference: String,
    pub kind: String,
    pub submitted: String,
    pub excerpt: String,
    pub score_percent: i64,
    pub possible_repeat: bool,
}

/// One step of the loop in the progress line at the top.
pub struct StepView {
    pub label: &'static str,
    pub taken: bool,
    pub current: bool,
}

/// The handler's part of the report page, task first: the next step of the
/// loop at the top, obligations open only when they apply.
pub struct Workspace {
    pub next: NextStep,
    pub steps: Vec<StepView>,
    pub obligations: crate::html::obligations::ObligationsPanel,
    /// Safeguarding, a notification or candour is open or recorded: the
    /// section is shown open near the top; otherwise it is folded away.
    pub obligations_apply: bool,
    /// Why nothing is needed, when nothing is.
    pub obligations_reason: String,
    pub similar: Vec<SimilarRow>,
    /// One of the similar reports may be a repeat: the list is shown open.
    pub possible_repeat: bool,
    pub thanked: bool,
    pub thanks_text: String,
    pub conversation: Vec<MessageView>,
    pub reply_waiting: bool,
    pub reviews: Vec<ReviewView>,
    pub actions: Vec<ActionRow>,
    pub learning: Vec<LearningRow>,
    pub owners: Vec<Choice>,
    pub audiences: Vec<Choice>,
    pub feedback_given: bool,
    pub closed: bool,
    pub may_just_culture: bool,
    pub just_culture: Vec<JustCultureView>,
    pub drafts: Drafts,
}

pub fn message_views(messages: Vec<ReportMessage>, zone: &TimeZone, reporter_view: bool) -> Vec<MessageView> {
    messages
        .into_iter()
        .map(|m| {
            let label = match (m.kind, reporter_view) {
                (MessageKind::FromReporter, true) => "You".to_string(),
                (MessageKind::FromReporter, false) => "The reporter".to_string(),
                (kind, _) => match m.author_name {
                    Some(name) if !reporter_view || kind != MessageKind::FromTeam => format!("{} · {name}", kind.label()),
                    _ => kind.label().to_string(),
                },
            };
            // A reply on an anonymous report keeps only its day.
            let at = if m.kind == MessageKind::FromReporter && m.at % 86_400 == 0 { crate::html::display::local_day(m.at, zone) } else { local_time(m.at, zone) };
            MessageView { label, kind: m.kind.as_str(), at, body: m.body }
        })
        .collect()
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => "Not said".into(),
    }
}

/// A saved review's fields as label/value lines.
pub fn review_lines(details: &serde_json::Value, zone: &TimeZone) -> (String, Vec<(String, String)>) {
    let Ok(details) = serde_json::from_value::<ReviewDetails>(details.clone()) else {
        return ("Review".into(), vec![("Details".into(), details.to_string())]);
    };
    let label = details.review_type().label().to_string();
    let lines: Vec<(&str, String)> = match details {
        ReviewDetails::RecordOnly { reason } => vec![("Why recording is enough", reason)],
        ReviewDetails::Debrief { held_at, participants, helped, hindered, could_change, manager_attended } => vec![
            ("Held", local_time(held_at.as_second(), zone)),
            ("Who took part", participants),
            ("What helped", helped),
            ("What hindered", hindered),
            ("What could change", could_change),
            ("A manager attended", yes_no(manager_attended)),
        ],
        ReviewDetails::AfterActionReview { expected, happened, why_different, learned } => vec![
            ("What was expected", expected),
            ("What happened", happened),
            ("Why they differed", why_different),
            ("What we learn", learned),
        ],
        ReviewDetails::LearningReview { timeline, findings, factors, rule_needs_change, rule_change } => vec![
            ("Timeline", timeline),
            ("Findings", findings),
            ("Contributory factors", factors.iter().map(|f| f.label()).collect::<Vec<_>>().join("; ")),
            (learnloop_domain::reviews::double_loop_question(), yes_no(Some(rule_needs_change))),
            ("What should change", rule_change.unwrap_or_default()),
        ],
    };
    (label, lines.into_iter().filter(|(_, v)| !v.is_empty()).map(|(l, v)| (l.to_string(), v)).collect())
}

/// Gathers everything the workspace shows for `report`.
pub async fn workspace(state: &AppState, user: &User, report: &ReportRecord, zone: &TimeZone, drafts: Drafts) -> Result<Workspace, AppError> {
    let store = &state.store;
    let today = crate::operations::time_zone::today_in(zone);
    let conversation = message_views(store.report_messages(report.id).await?, zone, false);
    let mut reviews = Vec::new();
    for review in store.reviews_of_report(report.id).await? {
        let (type_label, lines) = review_lines(&review.details, zone);
        reviews.push(ReviewView {
            type_label,
            created: local_time(review.created_at, zone),
            by: review.created_by_name,
            lines,
            other_reports: review.report_references.into_iter().filter(|r| *r != report.reference).collect(),
        });
    }
    let actions = store
        .actions_of_report(report.id)
        .await?
        .into_iter()
        .map(|a| {
            let due = a.due_on.parse().unwrap_or(today);
            let check_due = a.check_due_on.as_deref().and_then(|d| d.parse().ok());
            ActionRow {
                overdue: is_overdue(a.status, due, check_due, today),
                id: a.id,
                title: a.title,
                owner: a.owner_name,
                due: crate::html::display::day_text(&a.due_on),
                status: a.status.label().into(),
            }
        })
        .collect();
    let mut learning = Vec::new();
    for item in store.learning_of_report(report.id).await? {
        let (read, audience) = store.learning_read_counts(item.id).await?;
        learning.push(LearningRow { id: item.id, title: item.title, summary: item.summary, published: local_time(item.published_at, zone), read, audience });
    }
    let people = store.users(user.organisation_id).await?;
    // The owner defaults to the person adding the action. Offered: the
    // report's service's people and the quality team, not the whole
    // organisation (and whoever was chosen already).
    let chosen_owner = if drafts.action_owner.is_empty() { user.id.to_string() } else { drafts.action_owner.clone() };
    let owners = people
        .iter()
        .filter(|p| p.active && p.role != Role::Admin)
        .filter(|p| p.service_ids.contains(&report.service_id) || matches!(p.role, Role::Quality | Role::Safety) || chosen_owner == p.id.to_string())
        .map(|p| Choice { value: p.id.to_string(), label: format!("{} ({})", p.name, p.job_title), selected: chosen_owner == p.id.to_string() })
        .collect();
    let services = store.services(user.organisation_id).await?;
    let teams = store.teams(user.organisation_id).await?;
    let chosen = |value: &str, default: bool| if drafts.audiences.is_empty() { default } else { drafts.audiences.iter().any(|a| a == value) };
    let mut audiences: Vec<Choice> = services
        .iter()
        .map(|s| {
            let value = format!("service:{}", s.id);
            Choice { selected: chosen(&value, s.id == report.service_id), label: format!("Everyone at {}", s.name), value }
        })
        .collect();
    for team in &teams {
        let service = services.iter().find(|s| s.id == team.service_id).map(|s| s.name.as_str()).unwrap_or("");
        let value = format!("team:{}", team.id);
        audiences.push(Choice { selected: chosen(&value, false), label: format!("{} team, {service}", team.name), value });
    }
    let may_just_culture = user.role.may_use_just_culture();
    let just_culture = if may_just_culture {
        store
            .just_culture_records(report.id)
            .await?
            .into_iter()
            .map(|r| JustCultureView {
                outcome: learnloop_domain::just_culture::Outcome::parse(&r.outcome).map(|o| o.label().to_string()).unwrap_or(r.outcome),
                answers: r
                    .answers
                    .iter()
                    .map(|(q, a)| {
                        let question = learnloop_domain::just_culture::Question::parse(q).map(|q| q.label().to_string()).unwrap_or_else(|| q.clone());
                        (question, if *a { "Yes" } else { "No" })
                    })
                    .collect(),
                action_in_question: r.action_in_question,
                reasoning: r.reasoning,
                recorded: format!("{} · {}", local_time(r.recorded_at, zone), r.recorded_by_name),
            })
            .collect()
    } else {
        Vec::new()
    };
    let similar: Vec<SimilarRow> = crate::operations::triage::similar_reports(state, user, &report.reference, 5)
        .await?
        .into_iter()
        .map(|s| SimilarRow {
            kind: s.kind.label().into(),
            submitted: crate::html::display::local_day(s.submitted_at, zone),
            excerpt: s.excerpt,
            score_percent: (s.score * 100.0).round() as i64,
            possible_repeat: s.possible_repeat,
            reference: s.reference,
        })
        .collect();
    let obligations = crate::html::obligations::panel(state, report, zone, &drafts.obligation_fields).await.map_err(|e| e.0)?;
    let obligations_apply = obligations.safeguarding.is_some() || !obligations.notifications.is_empty() || obligations.candour.is_some() || !drafts.obligation_fields.is_empty();
    let harm = report.harm.map(|h| format!("harm recorded: {}", h.label().to_lowercase())).unwrap_or_else(|| "no harm recorded".into());
    let obligations_reason = format!(
        "None needed so far: no safeguarding concern raised, no notification due to the {}, and the duty of candour does not apply ({harm}). Open this if you learn more.",
        obligations.regulator
    );
    let progress = LoopProgress {
        thanked: report.thanked_at.is_some(),
        responded: !reviews.is_empty(),
        told: report.feedback_at.is_some(),
        closed: report.status == learnloop_domain::reports::ReportStatus::Closed,
    };
    let next = NextStep::of(progress);
    let steps = NextStep::STEPS.iter().map(|s| StepView { label: s.label(), taken: s.is_taken(progress), current: *s == next }).collect();
    Ok(Workspace {
        possible_repeat: similar.iter().any(|s: &SimilarRow| s.possible_repeat),
        next,
        steps,
        obligations_apply,
        obligations_reason,
        obligations,
        similar,
        thanked: report.thanked_at.is_some(),
        thanks_text: drafts.thanks.clone().unwrap_or_else(|| crate::operations::conversation::suggested_thanks(report)),
        conversation,
        reply_waiting: report.reply_waiting,
        reviews,
        actions,
        learning,
        owners,
        audiences,
        feedback_given: report.feedback_at.is_some(),
        closed: report.status == learnloop_domain::reports::ReportStatus::Closed,
        may_just_culture,
        just_culture,
        drafts,
    })
}

/// What a successful form says when the report page opens again.
pub fn done_notice(key: &str) -> Option<&'static str> {
    Some(match key {
        "thanks" => "Your thank-you is with the reporter.",
        "message" => "Your message is with the reporter.",
        "feedback" => "The reporter has been told what was learned.",
        "review" => "The learning response is recorded.",
        "action" => "The action is added and its owner told.",
        "learning" => "The learning is published, and the reporter has been told.",
        "just_culture" => "The decision and its reasoning are recorded.",
        "closed" => "The report is closed. Its loop is complete.",
        "reply" => "Your message is with the team.",
        "escalated" => "Escalated: the safeguarding lead has been told, and your answers are recorded.",
        "safeguarding" => "The safeguarding checklist is recorded.",
        "notification" => "The notification task is updated with what you found.",
        "notification_covered" => "Those reasons are already covered by a notification; nothing changed.",
        "notification_sent" => "Recorded: the notification was sent.",
        "candour" => "The duty of candour steps are recorded.",
        _ => return None,
    })
}

