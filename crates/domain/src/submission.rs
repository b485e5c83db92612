//! Everything a new report opens, decided before anything is written: its
//! reference and follow-up code, the time it is recorded at, the reporter's
//! acknowledgement, the safeguarding escalation, the regulator's notification
//! and the duty of candour, the similar-report terms, and the wording of each
//! message. The store writes the plan as it is, in one transaction; nothing
//! about a report is decided inside the database layer.

use jiff::Timestamp;
use rand::Rng;

use crate::identity::IdentityMode;
use crate::notice::{Notice, report_link};
use crate::organisation::ServiceKind;
use crate::reference::{FollowUpCode, Reference};
use crate::reports::{NewReport, acknowledgement, recorded_submission_time};
use crate::similarity::stored_terms;
use crate::statutory::{NotificationFacts, NotificationReason, Regulator, candour_applies, is_safeguarding, notification_due, notifications_required};

/// What the rules need to know about where the report happened.
#[derive(Debug, Clone, Copy)]
pub struct ReportedService<'a> {
    pub name: &'a str,
    pub kind: ServiceKind,
    /// The organisation's deadline for telling a regulator.
    pub notify_regulator_within_hours: u32,
}

/// A notification the regulator must get, with its deadline and the word to
/// the service's managers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegulatorTask {
    pub regulator: Regulator,
    pub reasons: Vec<NotificationReason>,
    pub due_at: Timestamp,
    pub notice: Notice,
}

/// One complete submission, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionPlan {
    pub reference: Reference,
    /// Shown once to a confidential or anonymous reporter; only its hash is kept.
    pub follow_up_code: Option<FollowUpCode>,
    /// When the report is recorded as submitted: only the day for an
    /// anonymous report (`recorded_submission_time`).
    pub submitted_at: Timestamp,
    /// To the reporter's inbox, when the report keeps who made it (named and
    /// confidential); an anonymous reporter has no inbox that would not name them.
    pub acknowledgement: Option<Notice>,
    /// To the service's safeguarding lead (or its managers).
    pub safeguarding: Option<Notice>,
    pub notification: Option<RegulatorTask>,
    pub candour: bool,
    /// Mail about an anonymous report keeps only the day (privacy rule).
    pub mail_day_only: bool,
    /// The narrative's terms, for finding similar reports.
    pub terms: Vec<u8>,
}

impl SubmissionPlan {
    /// Plans a validated report made at `service` at `now`. `reporter_known`
    /// is whether a signed-in person submits it (never through the public
    /// link); an anonymous report keeps nobody whoever submits it.
    pub fn new(report: &NewReport, service: &ReportedService<'_>, reporter_known: bool, now: Timestamp, rng: &mut impl Rng) -> SubmissionPlan {
        let identity = report.identity;
        let reference = Reference::generate(rng);
        let follow_up_code = identity.gets_follow_up_code().then(|| FollowUpCode::generate(rng));
        let submitted_at = Timestamp::from_second(recorded_submission_time(identity, now)).expect("a day of a valid time is valid");
        let link = report_link(reference.as_str());
        let acknowledgement = (reporter_known && identity.stores_reporter()).then(|| {
            let (subject, body) = acknowledgement(report.kind, reference.as_str(), service.name, identity);
            Notice { subject, body, link: link.clone() }
        });
        let safeguarding = is_safeguarding(report.category, report.kind).then(|| safeguarding_notice(service.name, reference.as_str()));
        let facts = NotificationFacts { service_kind: service.kind, harm: report.harm, category: report.category, ..Default::default() };
        let notification = one_regulator(notifications_required(&facts)).map(|(regulator, reasons)| {
            // Due from the recorded time, so an anonymous report's deadline is no finer than its day.
            let due_at = notification_due(submitted_at, service.notify_regulator_within_hours);
            let notice = notification_notice(regulator, service.name, due_at, reference.as_str());
            RegulatorTask { regulator, reasons, due_at, notice }
        });
        SubmissionPlan {
            follow_up_code,
            submitted_at,
            acknowledgement,
            safeguarding,
            notification,
            candour: candour_applies(report.harm, report.psychological_harm),
            mail_day_only: identity == IdentityMode::Anonymous,
            terms: stored_terms(&report.what_happened),
            reference,
        }
    }

    /// Whether the report opens any obligation besides itself.
    pub fn opens_obligations(&self) -> bool {
        self.safeguarding.is_some() || self.notification.is_some() || self.candour
    }
}

/// Word to a service's safeguarding lead that a report raised a concern:
/// at submission, or when a team member escalates a report later.
pub fn safeguarding_notice(service_name: &str, reference: &str) -> Notice {
    // No reference in the subject: administrators read subjects in the outbox.
    Notice {
        subject: format!("Safeguarding concern in {service_name}: act today"),
        body: format!(
            "A report raised a safeguarding concern. Make sure the person is safe now, decide on a referral to the \
             local authority, and record both on the report: {}",
            report_link(reference)
        ),
        link: report_link(reference),
    }
}

/// Word to a service's managers that a regulator must be told by `due_at`.
fn notification_notice(regulator: Regulator, service_name: &str, due_at: Timestamp, reference: &str) -> Notice {
    Notice {
        subject: format!("{} notification needed for a report in {service_name}", regulator.label()),
        body: format!(
            "A report meets the {} notification criteria. Notify them and record it on the report by {} (UTC): {}",
            regulator.label(),
            due_at.strftime("%Y-%m-%d %H:%M"),
            report_link(reference)
        ),
        link: report_link(reference),
    }
}

/// One service has one regulator, so the reasons found share it.
fn one_regulator(found: Vec<(Regulator, NotificationReason)>) -> Option<(Regulator, Vec<NotificationReason>)> {
    let regulator = found.first()?.0;
    Some((regulator, found.into_iter().map(|(_, reason)| reason).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::{Category, Harm, ReportKind};
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    fn report(identity: IdentityMode, category: Option<Category>, harm: Option<Harm>) -> NewReport {
        NewReport {
            kind: ReportKind::Incident,
            service: "oak-house".into(),
            team: None,
            occurred_at: "2026-11-23T09:00:00Z".parse().unwrap(),
            occurred_month: 202611,
            what_happened: "Mr A slipped on the wet bathroom floor and bruised his arm.".into(),
            identity,
            category,
            harm,
            psychological_harm: None,
            immediate_actions: None,
            what_went_well: None,
            people_affected: Vec::new(),
        }
    }

    fn service(kind: ServiceKind) -> ReportedService<'static> {
        ReportedService { name: "Oak House", kind, notify_regulator_within_hours: 24 }
    }

    fn now() -> Timestamp {
        "2026-11-23T14:35:10Z".parse().unwrap()
    }

    fn plan(report: &NewReport, kind: ServiceKind, reporter_known: bool) -> SubmissionPlan {
        SubmissionPlan::new(report, &service(kind), reporter_known, now(), &mut SmallRng::seed_from_u64(7))
    }

    #[test]
    fn a_named_report_is_acknowledged_to_its_reporter_with_its_time() {
        let p = plan(&report(IdentityMode::Named, Some(Category::Falls), Some(Harm::Low)), ServiceKind::ResidentialCareHome, true);
        let ack = p.acknowledgement.clone().expect("acknowledged");
        assert!(ack.subject.contains(p.reference.as_str()), "{}", ack.subject);
        assert_eq!(ack.link, format!("/reports/{}", p.reference));
        assert_eq!(p.submitted_at, now());
        assert!(p.follow_up_code.is_none() && !p.mail_day_only && !p.opens_obligations());
        assert!(!p.terms.is_empty());
    }

    #[test]
    fn an_anonymous_report_keeps_only_the_day_and_tells_no_inbox_of_its_reporter() {
        let p = plan(&report(IdentityMode::Anonymous, Some(Category::Safeguarding), Some(Harm::Severe)), ServiceKind::SupportedLiving, true);
        assert!(p.acknowledgement.is_none(), "an inbox would name an anonymous reporter");
        assert_eq!(p.submitted_at.as_second() % 86_400, 0);
        assert!(p.follow_up_code.is_some() && p.mail_day_only);
        let task = p.notification.expect("severe harm and abuse are notifiable");
        assert_eq!(task.due_at.as_second() % 86_400, 0, "the deadline is no finer than the day");
        assert_eq!(task.due_at.as_second() - p.submitted_at.as_second(), 24 * 3600);
    }

    #[test]
    fn obligations_follow_the_rules_and_the_service_kind() {
        let serious = report(IdentityMode::Confidential, Some(Category::Safeguarding), Some(Harm::Severe));
        let adults = plan(&serious, ServiceKind::ResidentialCareHome, true);
        let children = plan(&serious, ServiceKind::ChildrensHome, true);
        assert!(adults.safeguarding.is_some() && adults.candour);
        let (cqc, ofsted) = (adults.notification.unwrap(), children.notification.unwrap());
        assert_eq!((cqc.regulator, ofsted.regulator), (Regulator::Cqc, Regulator::Ofsted));
        assert_eq!(cqc.reasons, [NotificationReason::SeriousInjury, NotificationReason::AbuseOrAllegation]);
        assert!(cqc.notice.subject.starts_with("CQC notification needed") && cqc.notice.body.contains("by 2026-11-24 14:35 (UTC)"), "{:?}", cqc.notice);
        let safeguarding = adults.safeguarding.unwrap();
        assert!(!safeguarding.subject.contains(adults.reference.as_str()), "administrators read subjects in the outbox");
        assert_eq!(safeguarding, safeguarding_notice("Oak House", adults.reference.as_str()));
    }

    #[test]
    fn nobody_is_acknowledged_when_nobody_signed_in() {
        let p = plan(&report(IdentityMode::Named, None, None), ServiceKind::HomeCare, false);
        assert!(p.acknowledgement.is_none());
    }
}
