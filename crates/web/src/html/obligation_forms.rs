//! The report page's safeguarding, notification and candour forms.

use axum::Form as SimpleForm;
use axum::extract::{Path, State};
use axum::response::Response;
use axum_extra::extract::Form;
use learnloop_domain::obligations::{CandourInput, NotificationFactsInput, NotificationSentInput, SafeguardingChecklistInput};
use serde::Deserialize;
use crate::auth::PageUser;
use crate::html::report_drafts::Drafts;
use crate::html::report_forms::{back_to, with_problems};
use crate::page::PageError;
use crate::operations::obligations::{self, NotificationChange};
use crate::state::AppState;

fn drafts_of(pairs: &[(&str, &str)]) -> Drafts {
    Drafts { obligation_fields: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), ..Drafts::default() }
}

/// The checklist as the form sends it: radio answers are text.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChecklistForm {
    person_safe: String,
    person_safe_note: String,
    referral_made: String,
    referral_by: String,
    referral_at: String,
    no_referral_reason: String,
}

fn answer(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

pub async fn safeguarding(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<ChecklistForm>) -> Result<Response, PageError> {
    let input = SafeguardingChecklistInput {
        person_safe: answer(&form.person_safe),
        person_safe_note: form.person_safe_note.clone(),
        referral_made: answer(&form.referral_made),
        referral_by: form.referral_by.clone(),
        referral_at: form.referral_at.clone(),
        no_referral_reason: form.no_referral_reason.clone(),
    };
    match obligations::record_safeguarding(&state, &user, &reference, &input).await {
        Ok(true) => Ok(back_to(&reference, "escalated", "obligations")),
        Ok(false) => Ok(back_to(&reference, "safeguarding", "obligations")),
        Err(err) => {
            let drafts = drafts_of(&[
                ("person_safe", &form.person_safe),
                ("person_safe_note", &form.person_safe_note),
                ("referral_made", &form.referral_made),
                ("referral_by", &form.referral_by),
                ("referral_at", &form.referral_at),
                ("no_referral_reason", &form.no_referral_reason),
            ]);
            with_problems(&state, &user, &reference, err, drafts).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FactsForm {
    police_involved: Option<String>,
    deprivation_of_liberty: Option<String>,
    service_disruption: Option<String>,
    reasons: Vec<String>,
}

pub async fn add_notification(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, Form(form): Form<FactsForm>) -> Result<Response, PageError> {
    let ticked = |v: &Option<String>| v.as_ref().map(|_| true);
    let input = NotificationFactsInput {
        police_involved: ticked(&form.police_involved),
        deprivation_of_liberty: ticked(&form.deprivation_of_liberty),
        service_disruption: ticked(&form.service_disruption),
        reasons: form.reasons.clone(),
    };
    match obligations::add_notification_facts(&state, &user, &reference, &input).await {
        Ok(NotificationChange::Task(_)) => Ok(back_to(&reference, "notification", "obligations")),
        Ok(NotificationChange::NothingNew) => Ok(back_to(&reference, "notification_covered", "obligations")),
        Err(err) => with_problems(&state, &user, &reference, err, drafts_of(&[("reasons", &form.reasons.join(","))])).await,
    }
}

pub async fn mark_sent(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, SimpleForm(form): SimpleForm<NotificationSentInput>) -> Result<Response, PageError> {
    let notification = obligations::notification_for(&state, &user, id).await?;
    match obligations::mark_sent(&state, &user, id, &form).await {
        Ok(_) => Ok(back_to(&notification.reference, "notification_sent", "obligations")),
        Err(err) => {
            let drafts = drafts_of(&[("sent_at", &form.sent_at), ("regulator_reference", &form.regulator_reference)]);
            with_problems(&state, &user, &notification.reference, err, drafts).await
        }
    }
}

pub async fn candour(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<CandourInput>) -> Result<Response, PageError> {
    match obligations::record_candour(&state, &user, &reference, &form).await {
        Ok(()) => Ok(back_to(&reference, "candour", "obligations")),
        Err(err) => {
            let drafts = drafts_of(&[
                ("told_in_person_on", &form.told_in_person_on),
                ("apology_on", &form.apology_on),
                ("written_follow_up_on", &form.written_follow_up_on),
                ("notes", &form.notes),
            ]);
            with_problems(&state, &user, &reference, err, drafts).await
        }
    }
}

