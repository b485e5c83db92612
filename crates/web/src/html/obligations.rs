//! Safeguarding, regulator notifications and candour on the pages: the panel
//! on a report's workspace with its forms, and the page listing what is still
//! open where the person works, overdue notifications first.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::statutory::{CandourStep, NotificationReason};
use learnloop_store::safeguarding::Escalation;
use learnloop_store::notifications::Notification;
use learnloop_store::obligations::ReportObligations;
use learnloop_store::reports::ReportRecord;

use crate::auth::PageUser;
use crate::page::{Layout, PageError, render};
use crate::html::display::{Choice, local_day, local_time};
use crate::operations::obligations;
use learnloop_domain::statutory::regulator_for;
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

pub struct EscalationPanel {
    pub escalated: String,
    /// "Sam Patel (safeguarding lead)" or "the service's managers".
    pub told: String,
    pub answers: Vec<(&'static str, String)>,
    pub complete: bool,
}

pub struct NotificationPanel {
    pub id: i64,
    pub regulator: &'static str,
    pub reasons: Vec<&'static str>,
    pub due: String,
    pub overdue: bool,
    /// "Sent Fri 20 Nov 2026, 14:30 by Sam Patel · reference CQC-1".
    pub sent: Option<String>,
}

pub struct CandourPanel {
    pub steps: Vec<(&'static str, String)>,
    pub notes: String,
    pub complete: bool,
}

/// The workspace's panel: what is open or done, and the forms' values (what
/// is saved, or what was just typed when a form came back with problems).
pub struct ObligationsPanel {
    pub safeguarding: Option<EscalationPanel>,
    pub notifications: Vec<NotificationPanel>,
    pub candour: Option<CandourPanel>,
    pub regulator: &'static str,
    pub reasons: Vec<Choice>,
    fields: BTreeMap<String, String>,
}

impl ObligationsPanel {
    /// A form field's value for the template.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

fn yes_no_text(value: Option<bool>) -> String {
    match value {
        Some(true) => "Yes".into(),
        Some(false) => "No".into(),
        None => "Not answered yet".into(),
    }
}

fn yes_no_field(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

/// `2026-11-20T14:30` in the organisation's zone, as a datetime-local input wants.
fn local_input(seconds: i64, zone: &TimeZone) -> String {
    Timestamp::from_second(seconds).map(|t| t.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

fn escalation_panel(e: &Escalation, zone: &TimeZone) -> EscalationPanel {
    // An anonymous report's escalation keeps only its day.
    let escalated = if e.escalated_at % 86_400 == 0 { local_day(e.escalated_at, zone) } else { local_time(e.escalated_at, zone) };
    let mut answers = vec![("Is the person safe now?", yes_no_text(e.person_safe))];
    if let Some(note) = &e.person_safe_note {
        answers.push(("What is being done", note.clone()));
    }
    answers.push(("Referral to the local authority made?", yes_no_text(e.referral_made)));
    if let (Some(by), Some(at)) = (&e.referral_by, e.referral_at) {
        answers.push(("Referred by", format!("{by}, {}", local_time(at, zone))));
    }
    if let Some(reason) = &e.no_referral_reason {
        answers.push(("Why no referral", reason.clone()));
    }
    if let (Some(by), Some(at)) = (&e.updated_by_name, e.updated_at) {
        answers.push(("Last recorded", format!("{by}, {}", local_time(at, zone))));
    }
    EscalationPanel {
        escalated,
        told: e.lead_name.as_ref().map(|l| format!("{l} (safeguarding lead)")).unwrap_or_else(|| "the service's managers".into()),
        answers,
        complete: e.completed_at.is_some(),
    }
}

fn notification_panel(n: &Notification, zone: &TimeZone, now: Timestamp) -> NotificationPanel {
    NotificationPanel {
        id: n.id,
        regulator: n.regulator.label(),
        reasons: n.reasons.iter().map(|r| r.label()).collect(),
        due: local_time(n.due_at, zone),
        overdue: n.is_overdue(now),
        sent: n.sent_at.map(|at| {
            let by = n.sent_by_name.as_deref().unwrap_or("someone no longer listed");
            let reference = n.regulator_reference.as_ref().map(|r| format!(" · reference {r}")).unwrap_or_default();
            format!("Sent {} by {by}{reference}", local_time(at, zone))
        }),
    }
}

/// Builds the panel for `report`; `drafts` holds what was just typed.
pub async fn panel(state: &AppState, report: &ReportRecord, zone: &TimeZone, drafts: &BTreeMap<String, String>) -> Result<ObligationsPanel, PageError> {
    let ReportObligations { safeguarding, notifications, candour } = state.store.report_obligations(report.id).await?;
    let regulator = regulator_for(obligations::service_kind(state, report).await?);
    let now = Timestamp::now();
    let mut fields = BTreeMap::new();
    if let Some(e) = &safeguarding {
        fields.insert("person_safe".into(), yes_no_field(e.person_safe));
        fields.insert("person_safe_note".into(), e.person_safe_note.clone().unwrap_or_default());
        fields.insert("referral_made".into(), yes_no_field(e.referral_made));
        fields.insert("referral_by".into(), e.referral_by.clone().unwrap_or_default());
        fields.insert("referral_at".into(), e.referral_at.map(|at| local_input(at, zone)).unwrap_or_default());
        fields.insert("no_referral_reason".into(), e.no_referral_reason.clone().unwrap_or_default());
    }
    if let Some(c) = &candour {
        fields.insert("told_in_person_on".into(), c.told_in_person_on.clone().unwrap_or_default());
        fields.insert("apology_on".into(), c.apology_on.clone().unwrap_or_default());
        fields.insert("written_follow_up_on".into(), c.written_follow_up_on.clone().unwrap_or_default());
        fields.insert("notes".into(), c.notes.clone().unwrap_or_default());
    }
    for (name, value) in drafts {
        fields.insert(name.clone(), value.clone());
    }
    let chosen: Vec<&str> = drafts.get("reasons").map(|r| r.split(',').collect()).unwrap_or_default();
    Ok(ObligationsPanel {
        safeguarding: safeguarding.as_ref().map(|e| escalation_panel(e, zone)),
        notifications: notifications.iter().map(|n| notification_panel(n, zone, now)).collect(),
        candour: candour.map(|c| CandourPanel {
            steps: vec![
                (CandourStep::ToldInPerson.label(), c.told_in_person_on.unwrap_or_else(|| "Not yet".into())),
                (CandourStep::Apology.label(), c.apology_on.unwrap_or_else(|| "Not yet".into())),
                (CandourStep::WrittenFollowUp.label(), c.written_follow_up_on.unwrap_or_else(|| "Not yet".into())),
            ],
            notes: c.notes.unwrap_or_default(),
            complete: c.completed_at.is_some(),
        }),
        regulator: regulator.label(),
        reasons: NotificationReason::ALL
            .iter()
            .map(|r| Choice { value: r.as_str().into(), label: r.label().into(), selected: chosen.contains(&r.as_str()) })
            .collect(),
        fields,
    })
}

pub struct OpenRow {
    pub reference: String,
    pub service: String,
    pub what: String,
    pub when: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "obligations.html")]
struct OpenPage {
    layout: Layout,
    overdue: usize,
    notifications: Vec<OpenRow>,
    safeguarding: Vec<OpenRow>,
    candour: Vec<OpenRow>,
}

/// `/obligations`: what is still open where the person works.
pub async fn page(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    let open = obligations::open(&state, &user, 200).await?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let now = Timestamp::now();
    let notifications: Vec<OpenRow> = open
        .notifications
        .iter()
        .map(|n| OpenRow {
            reference: n.reference.clone(),
            service: n.service_name.clone(),
            what: format!("{}: {}", n.regulator.label(), n.reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join("; ")),
            when: format!("due {}", local_time(n.due_at, &zone)),
            overdue: n.is_overdue(now),
        })
        .collect();
    let safeguarding = open
        .safeguarding
        .iter()
        .map(|e| {
            let missing = match (e.person_safe, e.referral_made) {
                (Some(true), None) => "local-authority referral not decided",
                (Some(true), Some(_)) => "referral details missing",
                _ => "person's safety not confirmed",
            };
            OpenRow {
                reference: e.reference.clone(),
                service: e.service_name.clone(),
                what: missing.into(),
                when: format!("escalated {}", local_day(e.escalated_at, &zone)),
                overdue: false,
            }
        })
        .collect();
    let candour = open
        .candour
        .iter()
        .map(|c| {
            let next = if c.told_in_person_on.is_none() {
                CandourStep::ToldInPerson
            } else if c.apology_on.is_none() {
                CandourStep::Apology
            } else {
                CandourStep::WrittenFollowUp
            };
            OpenRow {
                reference: c.reference.clone(),
                service: c.service_name.clone(),
                what: format!("next: {}", next.label().to_lowercase()),
                when: format!("since {}", local_day(c.created_at, &zone)),
                overdue: false,
            }
        })
        .collect();
    let page = OpenPage {
        layout: Layout::for_user(&state, &user, "Safeguarding, notifications and candour", "/obligations").await?,
        overdue: notifications.iter().filter(|n| n.overdue).count(),
        notifications,
        safeguarding,
        candour,
    };
    Ok(render(&page))
}
