//! The audit log's kinds of action and how each reads to a person.
//!
//! Every entry the store writes names one `AuditAction`; its code is what the
//! database keeps, its label names the kind in the log's filter, and its
//! phrase turns the entry into a sentence such as "Sam Okafor (Manager)
//! thanked the reporter of LL-7K2Q-9XPA". The phrase is a `match` with no
//! catch-all, so a new kind of action cannot be written without its words.
//!
//! A sentence names only the person who acted and what the entry's subject
//! already says: never a reporter. Confidential and anonymous reports write
//! no entry of their own making (the store's rule), so nothing here can tell
//! who made them.

use jiff::civil::Date;
use serde::Deserialize;

use crate::choices::text_choices;
use crate::field_error::FieldErrors;
use crate::list_filter::{chosen, day};
use crate::reference::Reference;
use crate::role::Role;

text_choices!(
    /// A kind of change the audit log records. The label names the kind in
    /// the log's filter.
    AuditAction {
        ReportCreated => "report.created", "Report made";
        ReportThanked => "report.thanked", "Reporter thanked";
        ReportMessageToReporter => "report.message_to_reporter", "Message to a reporter";
        ReportFeedbackGiven => "report.feedback_given", "Learning fed back";
        ReportClosed => "report.closed", "Report closed";
        ReportConfidentialReporterViewed => "report.confidential_reporter_viewed", "Confidential reporter looked up";
        SafeguardingChecklist => "safeguarding.checklist", "Safeguarding checklist";
        NotificationReasonsAdded => "notification.reasons_added", "Regulator notification needed";
        NotificationSent => "notification.sent", "Regulator notification sent";
        CandourRecorded => "candour.recorded", "Duty of candour";
        JustCultureRecorded => "just_culture.recorded", "Just-culture review";
        ActionCreated => "action.created", "Action set";
        ActionCompleted => "action.completed", "Action completed";
        ActionChecked => "action.checked", "Action effectiveness checked";
        LearningPublished => "learning.published", "Learning shared";
        ReviewCreated => "review.created", "Learning review started";
        ReviewReportAdded => "review.report_added", "Report added to a review";
        QuarterlyReviewSaved => "quarterly_review.saved", "Quarterly review saved";
        QuarterlyReviewPublished => "quarterly_review.published", "Quarterly review published";
        MeasureCreated => "measure.created", "Measure created";
        MeasureValueEntered => "measure.value_entered", "Measure value entered";
        MeasureValuesImported => "measure.values_imported", "Measure values imported";
        RestrictivePracticeRecorded => "restrictive_practice.recorded", "Restrictive practice recorded";
        RestrictivePracticeReviewed => "restrictive_practice.reviewed", "Restrictive practice reviewed";
        RestrictivePracticeChildSpokenTo => "restrictive_practice.child_spoken_to", "Child spoken to after restraint";
        DisplayLinkCreated => "display_link.created", "Wall display link made";
        DisplayLinkRevoked => "display_link.revoked", "Wall display link withdrawn";
        PersonCreated => "person.created", "Account created";
        PersonChanged => "person.changed", "Account changed";
        PersonPasswordChanged => "person.password_changed", "Password changed";
        PersonSecondFactorEnrolled => "person.second_factor_enrolled", "Second sign-in step set up";
        PersonRecoveryCodeUsed => "person.recovery_code_used", "Recovery code used";
        SafetyOfficerRequested => "safety_officer.requested", "Safety officer role asked for";
        SafetyOfficerApproved => "safety_officer.approved", "Safety officer role approved";
        SafetyOfficerRefused => "safety_officer.refused", "Safety officer role refused";
        ServiceCreated => "service.created", "Service created";
        ServiceSafeguardingLeadChanged => "service.safeguarding_lead_changed", "Safeguarding lead changed";
        TeamCreated => "team.created", "Team created";
        OrganisationCreated => "organisation.created", "Organisation created";
        OrganisationPublicLinkChanged => "organisation.public_link_changed", "Public reporting link changed";
        OrganisationTriageClocksChanged => "organisation.triage_clocks_changed", "Triage clocks changed";
        OrganisationNotificationHoursChanged => "organisation.notification_hours_changed", "Regulator deadline changed";
        ChangePointRecorded => "change_point.recorded", "Known change recorded";
        ChangePointRemoved => "change_point.removed", "Known change removed";
        PersonInvited => "person.invited", "Invitation sent";
        PersonInvitationAccepted => "person.invitation_accepted", "Invitation accepted";
        PeopleImported => "people.imported", "People imported";
        PersonDeactivated => "person.deactivated", "Account deactivated";
        PersonReactivated => "person.reactivated", "Account reactivated";
    }
);

/// What the sentence says in place of a person when nobody signed in acted:
/// the command line or the system itself.
pub const NO_ACTOR: &str = "The system";

impl AuditAction {
    /// What the person did, with `{}` where the entry's subject goes (a
    /// report's reference, an account's email, a service's short name…).
    pub fn phrase(self) -> &'static str {
        use AuditAction::*;
        match self {
            ReportCreated => "reported {} by name",
            ReportThanked => "thanked the reporter of {}",
            ReportMessageToReporter => "wrote to the reporter of {}",
            ReportFeedbackGiven => "told the reporter of {} what was learned",
            ReportClosed => "closed {}",
            ReportConfidentialReporterViewed => "looked up who made confidential report {}",
            SafeguardingChecklist => "updated the safeguarding checklist of {}",
            NotificationReasonsAdded => "recorded that {} must be notified to the regulator",
            NotificationSent => "recorded the regulator notification of {} as sent",
            CandourRecorded => "recorded duty of candour steps for {}",
            JustCultureRecorded => "recorded a just-culture review of {}",
            ActionCreated => "set {}",
            ActionCompleted => "completed {}",
            ActionChecked => "checked whether {} worked",
            LearningPublished => "shared {}",
            ReviewCreated => "started {}",
            ReviewReportAdded => "added a report to {}",
            QuarterlyReviewSaved => "saved a draft of the {}",
            QuarterlyReviewPublished => "published the {}",
            MeasureCreated => "created {}",
            MeasureValueEntered => "entered a value of {}",
            MeasureValuesImported => "imported values of {}",
            RestrictivePracticeRecorded => "recorded {}",
            RestrictivePracticeReviewed => "reviewed {}",
            RestrictivePracticeChildSpokenTo => "recorded that the child was spoken to after {}",
            DisplayLinkCreated => "made {}",
            DisplayLinkRevoked => "withdrew {}",
            PersonCreated => "created the account of {}",
            PersonChanged => "changed the account of {}",
            PersonPasswordChanged => "changed the password of {}",
            PersonSecondFactorEnrolled => "set up a second sign-in step for {}",
            PersonRecoveryCodeUsed => "used a recovery code for {}",
            SafetyOfficerRequested => "asked for {} to become safety officer",
            SafetyOfficerApproved => "approved {} as safety officer",
            SafetyOfficerRefused => "refused {} as safety officer",
            ServiceCreated => "created {}",
            ServiceSafeguardingLeadChanged => "changed the safeguarding lead of {}",
            TeamCreated => "created {}",
            OrganisationCreated => "created {}",
            OrganisationPublicLinkChanged => "changed the {}",
            OrganisationTriageClocksChanged => "changed the {}",
            OrganisationNotificationHoursChanged => "changed the deadline for {}",
            ChangePointRecorded => "recorded a known change on the charts ({})",
            ChangePointRemoved => "removed a known change from the charts ({})",
            PersonInvited => "sent an invitation to {}",
            PersonInvitationAccepted => "set their own password from the invitation to {}",
            PeopleImported => "imported {} from a CSV file",
            PersonDeactivated => "deactivated the account of {}",
            PersonReactivated => "reactivated the account of {}",
        }
    }
}

/// The report an entry is about, from its stored subject (`report LL-…`).
pub fn subject_report(subject: &str) -> Option<&str> {
    subject.strip_prefix("report ")
}

/// The stored subject for entries about the report `reference`, so the log
/// can be narrowed to one report.
pub fn report_subject(reference: &str) -> String {
    format!("report {reference}")
}

/// How an entry's subject reads inside a sentence: a report by its
/// reference alone, a person by their email (or number), anything else as
/// stored ("service oak-house", "quarterly review 2026 Q3").
fn subject_words(subject: &str) -> String {
    if let Some(reference) = subject_report(subject) {
        return reference.to_string();
    }
    match subject.strip_prefix("person ") {
        Some(number) if number.bytes().all(|b| b.is_ascii_digit()) => {
            format!("person number {number}")
        }
        Some(email) => email.to_string(),
        None => subject.to_string(),
    }
}

/// The entry as a sentence: who (with their role) did what to what.
/// An action whose code this version does not know (written by a newer
/// one) still reads, with its code.
pub fn sentence(action: &str, actor: Option<(&str, Role)>, subject: &str) -> String {
    let who = match actor {
        Some((name, role)) => format!("{name} ({})", role.label()),
        None => NO_ACTOR.to_string(),
    };
    let what = match AuditAction::parse(action) {
        Some(action) => action.phrase().replacen("{}", &subject_words(subject), 1),
        None => format!("did “{action}” to {subject}"),
    };
    format!("{who} {what}.")
}

/// The log's filter form as typed; absent or empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AuditFilterInput {
    /// Who acted: a person's number, as the form's list gives it.
    pub person: Option<String>,
    /// A report's reference, as typed (any case, spaces around).
    pub report: Option<String>,
    /// A kind of action's code, as the form's list gives it.
    pub kind: Option<String>,
    /// First day, `YYYY-MM-DD` in the organisation's zone.
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
}

/// A filter that could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilterChoice {
    pub person: Option<i64>,
    pub report: Option<Reference>,
    pub kind: Option<AuditAction>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl AuditFilterInput {
    /// The filter, and a message for each choice that could not be read
    /// (left out of the filter, the rest still applies).
    pub fn read(&self) -> (AuditFilterChoice, FieldErrors) {
        let mut errors = FieldErrors::default();
        let person = chosen(&self.person).and_then(|text| {
            let id = text.parse::<i64>().ok();
            if id.is_none() {
                errors.push("person", "Choose a person from the list.");
            }
            id
        });
        let report = chosen(&self.report).and_then(|text| {
            let reference = Reference::parse(text);
            if reference.is_none() {
                errors.push(
                    "report",
                    format!(
                        "“{text}” is not a report reference. A reference looks like LL-7K2Q-9XPA."
                    ),
                );
            }
            reference
        });
        let kind = chosen(&self.kind).and_then(|text| {
            let kind = AuditAction::parse(text);
            if kind.is_none() {
                errors.push("kind", "Choose a kind of action from the list.");
            }
            kind
        });
        let mut from = day("from", &self.from, &mut errors);
        let mut to = day("to", &self.to, &mut errors);
        if let (Some(first), Some(last)) = (from, to)
            && first > last
        {
            errors.push(
                "to",
                "The last day is before the first day. Choose a last day on or after the first.",
            );
            from = None;
            to = None;
        }
        (
            AuditFilterChoice {
                person,
                report,
                kind,
                from,
                to,
            },
            errors,
        )
    }
}

impl AuditFilterChoice {
    /// The filter as an address's query, for the next page and the CSV link.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(person) = self.person {
            parts.push(format!("person={person}"));
        }
        if let Some(report) = &self.report {
            parts.push(format!("report={}", report.as_str()));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind={}", kind.as_str()));
        }
        if let Some(from) = self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to={to}"));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_phrase_with_one_place_for_its_subject_and_a_label() {
        for action in AuditAction::ALL {
            assert_eq!(action.phrase().matches("{}").count(), 1, "{action}");
            assert!(!action.label().is_empty(), "{action}");
            assert!(
                !action.phrase().contains('_') && !action.label().contains('_'),
                "{action} reads as a code"
            );
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
        }
    }

    #[test]
    fn codes_and_labels_are_each_used_once() {
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        let mut labels: Vec<&str> = AuditAction::ALL.iter().map(|a| a.label()).collect();
        codes.sort_unstable();
        codes.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(labels.len(), AuditAction::ALL.len());
    }

    #[test]
    fn a_sentence_names_the_person_their_role_and_the_report() {
        assert_eq!(
            sentence(
                "report.thanked",
                Some(("Sam Okafor", Role::Manager)),
                "report LL-7K2Q-9XPA"
            ),
            "Sam Okafor (Manager) thanked the reporter of LL-7K2Q-9XPA."
        );
        assert_eq!(
            sentence("service.created", None, "service oak-house"),
            "The system created service oak-house."
        );
        assert_eq!(
            sentence(
                "person.created",
                Some(("Ada", Role::Admin)),
                "person sam@example.org"
            ),
            "Ada (Administrator) created the account of sam@example.org."
        );
        assert_eq!(
            sentence("person.second_factor_enrolled", None, "person 12"),
            "The system set up a second sign-in step for person number 12."
        );
        assert_eq!(
            sentence(
                "quarterly_review.published",
                Some(("Ana", Role::Quality)),
                "quarterly review 2026 Q3"
            ),
            "Ana (Quality lead) published the quarterly review 2026 Q3."
        );
    }

    #[test]
    fn an_unknown_code_still_reads_with_its_code() {
        assert_eq!(
            sentence("report.teleported", None, "report LL-1"),
            "The system did “report.teleported” to report LL-1."
        );
    }

    #[test]
    fn the_filter_reads_each_choice_and_names_what_it_cannot() {
        let input = AuditFilterInput {
            person: Some("12".into()),
            report: Some(" ll-7k2q-9xpa ".into()),
            kind: Some("report.thanked".into()),
            from: Some("2026-11-01".into()),
            to: Some("2026-11-30".into()),
        };
        let (choice, errors) = input.read();
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(choice.person, Some(12));
        assert_eq!(choice.kind, Some(AuditAction::ReportThanked));
        assert_eq!(
            choice.query(),
            "person=12&report=LL-7K2Q-9XPA&kind=report.thanked&from=2026-11-01&to=2026-11-30"
        );
        let (choice, errors) = AuditFilterInput {
            kind: Some("report_thanked".into()),
            report: Some("LL-1".into()),
            ..Default::default()
        }
        .read();
        assert_eq!(choice, AuditFilterChoice::default());
        assert_eq!(
            errors.for_field("kind"),
            Some("Choose a kind of action from the list.")
        );
        assert!(
            errors
                .for_field("report")
                .unwrap()
                .contains("is not a report reference")
        );
    }

    #[test]
    fn report_subjects_round_trip() {
        assert_eq!(
            subject_report(&report_subject("LL-AAAA-BBBB")),
            Some("LL-AAAA-BBBB")
        );
        assert_eq!(subject_report("service oak-house"), None);
    }
}
