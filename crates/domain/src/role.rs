//! Roles and what each may do. One role per person keeps permissions legible.

use crate::ids::{OrganisationId, PersonId, ServiceId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Frontline worker: reports, sees their own reports.
    Staff,
    /// Team leader or registered manager: the reports of the services they manage.
    Manager,
    /// Quality or governance lead: reports across all services.
    Quality,
    /// Safety officer: the confidential-report guardian, the only one who may
    /// see who made a confidential report.
    Safety,
    /// Administrator: accounts, services, teams, the audit log; not report content.
    Admin,
}

/// Which reports a person may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    /// Only the reports they made themselves (named or confidential).
    OwnReports,
    /// Reports of the services they are assigned to.
    AssignedServices,
    /// Every report of the organisation.
    WholeOrganisation,
    /// No report content at all.
    None,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Staff, Role::Manager, Role::Quality, Role::Safety, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Manager => "manager",
            Role::Quality => "quality",
            Role::Safety => "safety",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "Staff",
            Role::Manager => "Manager",
            Role::Quality => "Quality lead",
            Role::Safety => "Safety officer",
            Role::Admin => "Administrator",
        }
    }

    pub fn report_scope(self) -> ReportScope {
        match self {
            Role::Staff => ReportScope::OwnReports,
            Role::Manager => ReportScope::AssignedServices,
            Role::Quality | Role::Safety => ReportScope::WholeOrganisation,
            Role::Admin => ReportScope::None,
        }
    }

    /// Everyone but the administrator reports; administrators manage, they are
    /// not expected to be on the floor.
    pub fn may_report(self) -> bool {
        self != Role::Admin
    }

    pub fn may_administer(self) -> bool {
        self == Role::Admin
    }

    /// The safety officer may learn who made a confidential report, so they
    /// sign in with a second factor (a code from an authenticator app) too.
    pub fn needs_second_factor(self) -> bool {
        self == Role::Safety
    }

    /// The just-culture aid concerns one person's conduct: its records are for
    /// quality leads and the safety officer only, never managers or staff.
    pub fn may_use_just_culture(self) -> bool {
        matches!(self, Role::Quality | Role::Safety)
    }

    /// Whether the person works reports through the loop (triage, thanks,
    /// reviews, actions, learning) in the services their scope covers.
    pub fn handles_reports(self) -> bool {
        matches!(self, Role::Manager | Role::Quality | Role::Safety)
    }

    /// Which entries of the restrictive practice log the person may read;
    /// the same shape as reports: staff the entries they recorded, managers
    /// those of their services, quality leads and the safety officer the
    /// whole organisation, administrators none (like report content).
    pub fn restrictive_practice_scope(self) -> ReportScope {
        self.report_scope()
    }

    /// Staff and managers record restrictions in the services they work in
    /// or manage; quality leads and the safety officer oversee, they are not
    /// on the floor.
    pub fn may_record_restrictive_practice(self) -> bool {
        matches!(self, Role::Staff | Role::Manager)
    }

    /// Whether the person oversees the log of others: the monthly counts.
    pub fn oversees_restrictive_practice(self) -> bool {
        matches!(self, Role::Manager | Role::Quality | Role::Safety)
    }

    /// Quality leads, the safety officer and administrators see every
    /// service's dashboard and define the organisation's measures; others
    /// see their own services' and the organisation's (aggregates only).
    pub fn sees_every_dashboard(self) -> bool {
        matches!(self, Role::Quality | Role::Safety | Role::Admin)
    }

    /// Defining measures, quarterly reviews: the people who lead quality.
    pub fn leads_measurement(self) -> bool {
        matches!(self, Role::Quality | Role::Safety | Role::Admin)
    }

    /// Entering monthly values, importing CSVs and setting up data walls:
    /// managers for their own services, those who lead measurement for any.
    pub fn keeps_measures(self) -> bool {
        self.leads_measurement() || self == Role::Manager
    }
}

/// Dashboards hold aggregates only, no report or reporter; a service's is
/// open to the people of that service and to those who see every dashboard.
pub fn may_view_service_dashboard(role: Role, service_id: ServiceId, reader_service_ids: &[ServiceId]) -> bool {
    role.sees_every_dashboard() || reader_service_ids.contains(&service_id)
}

/// Monthly values and denominators are entered by the service's manager or
/// by those who lead measurement.
pub fn may_enter_values_for(role: Role, service_id: ServiceId, reader_service_ids: &[ServiceId]) -> bool {
    role.leads_measurement() || (role == Role::Manager && reader_service_ids.contains(&service_id))
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The facts about one report that decide who may read it.
#[derive(Debug, Clone, Copy)]
pub struct ReportAccessFacts<'a> {
    pub report_organisation_id: OrganisationId,
    pub report_service_id: ServiceId,
    /// The reporter of a named or confidential report; `None` when anonymous.
    pub reporter_id: Option<PersonId>,
    pub reader_id: PersonId,
    pub reader_organisation_id: OrganisationId,
    pub reader_role: Role,
    pub reader_service_ids: &'a [ServiceId],
}

/// Whether the reader may read the report at all (who reported is decided
/// separately, by the identity mode).
pub fn may_read_report(facts: ReportAccessFacts<'_>) -> bool {
    if facts.report_organisation_id != facts.reader_organisation_id {
        return false;
    }
    let own = facts.reporter_id == Some(facts.reader_id);
    match facts.reader_role.report_scope() {
        ReportScope::WholeOrganisation => true,
        ReportScope::AssignedServices => own || facts.reader_service_ids.contains(&facts.report_service_id),
        ReportScope::OwnReports => own,
        ReportScope::None => false,
    }
}

/// Whether the reader may work the report through the loop: managers of its
/// service, quality leads and the safety officer. A manager's own report in
/// another service is readable to them, but not theirs to handle.
pub fn may_handle_report(facts: ReportAccessFacts<'_>) -> bool {
    if facts.report_organisation_id != facts.reader_organisation_id || !facts.reader_role.handles_reports() {
        return false;
    }
    match facts.reader_role.report_scope() {
        ReportScope::WholeOrganisation => true,
        ReportScope::AssignedServices => facts.reader_service_ids.contains(&facts.report_service_id),
        ReportScope::OwnReports | ReportScope::None => false,
    }
}

/// The facts about one restrictive practice log entry that decide who may
/// read it and act on it.
#[derive(Debug, Clone, Copy)]
pub struct RestrictivePracticeAccessFacts<'a> {
    pub entry_organisation_id: OrganisationId,
    pub entry_service_id: ServiceId,
    pub recorded_by: PersonId,
    pub reader_id: PersonId,
    pub reader_organisation_id: OrganisationId,
    pub reader_role: Role,
    pub reader_service_ids: &'a [ServiceId],
}

/// Whether the reader may record an entry for `service_id`: staff and
/// managers, in a service they work in or manage.
pub fn may_record_restrictive_practice_in(role: Role, service_id: ServiceId, reader_service_ids: &[ServiceId]) -> bool {
    role.may_record_restrictive_practice() && reader_service_ids.contains(&service_id)
}

/// Whether the reader may read the entry at all.
pub fn may_read_restrictive_practice(facts: RestrictivePracticeAccessFacts<'_>) -> bool {
    if facts.entry_organisation_id != facts.reader_organisation_id {
        return false;
    }
    let own = facts.recorded_by == facts.reader_id;
    match facts.reader_role.restrictive_practice_scope() {
        ReportScope::WholeOrganisation => true,
        ReportScope::AssignedServices => own || facts.reader_service_ids.contains(&facts.entry_service_id),
        ReportScope::OwnReports => own,
        ReportScope::None => false,
    }
}

/// The registered person's review: a manager of the entry's service.
pub fn may_review_restrictive_practice(facts: RestrictivePracticeAccessFacts<'_>) -> bool {
    facts.entry_organisation_id == facts.reader_organisation_id
        && facts.reader_role == Role::Manager
        && facts.reader_service_ids.contains(&facts.entry_service_id)
}

/// Recording that the child was spoken to: whoever may read the entry and
/// works in (or manages) its service.
pub fn may_record_child_spoken_to(facts: RestrictivePracticeAccessFacts<'_>) -> bool {
    may_read_restrictive_practice(facts)
        && may_record_restrictive_practice_in(facts.reader_role, facts.entry_service_id, facts.reader_service_ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Service ids for a test's facts, which borrow them.
    fn ids(numbers: &[i64]) -> &'static [ServiceId] {
        Box::leak(numbers.iter().map(|&n| ServiceId(n)).collect::<Vec<_>>().into_boxed_slice())
    }

    fn facts(role: Role, services: &[i64], reporter: Option<i64>) -> ReportAccessFacts<'static> {
        ReportAccessFacts {
            report_organisation_id: OrganisationId(1),
            report_service_id: ServiceId(10),
            reporter_id: reporter.map(PersonId),
            reader_id: PersonId(5),
            reader_organisation_id: OrganisationId(1),
            reader_role: role,
            reader_service_ids: ids(services),
        }
    }

    #[test]
    fn each_role_reads_what_its_scope_allows() {
        assert!(may_read_report(facts(Role::Staff, &[10], Some(5))), "staff read their own");
        assert!(!may_read_report(facts(Role::Staff, &[10], Some(6))), "staff do not read a colleague's");
        assert!(!may_read_report(facts(Role::Staff, &[10], None)), "nobody owns an anonymous report");
        assert!(may_read_report(facts(Role::Manager, &[10], None)), "managers read their service's");
        assert!(!may_read_report(facts(Role::Manager, &[11], None)), "but not another service's");
        assert!(may_read_report(facts(Role::Quality, &[], None)));
        assert!(may_read_report(facts(Role::Safety, &[], None)));
        assert!(!may_read_report(facts(Role::Admin, &[10], Some(5))), "administrators do not read reports");
    }

    #[test]
    fn nobody_reads_another_organisations_reports() {
        for role in Role::ALL {
            let mut f = facts(role, &[10], Some(5));
            f.reader_organisation_id = OrganisationId(2);
            assert!(!may_read_report(f));
        }
    }

    #[test]
    fn only_managers_of_the_service_quality_and_safety_handle_a_report() {
        assert!(may_handle_report(facts(Role::Manager, &[10], None)));
        assert!(!may_handle_report(facts(Role::Manager, &[11], Some(5))), "a manager's own report elsewhere is not theirs to handle");
        assert!(may_handle_report(facts(Role::Quality, &[], None)));
        assert!(may_handle_report(facts(Role::Safety, &[], None)));
        assert!(!may_handle_report(facts(Role::Staff, &[10], Some(5))), "staff do not triage, even their own");
        assert!(!may_handle_report(facts(Role::Admin, &[10], None)));
        let mut other_org = facts(Role::Quality, &[], None);
        other_org.reader_organisation_id = OrganisationId(2);
        assert!(!may_handle_report(other_org));
    }

    #[test]
    fn the_just_culture_aid_is_for_quality_and_safety_only() {
        let allowed: Vec<Role> = Role::ALL.into_iter().filter(|r| r.may_use_just_culture()).collect();
        assert_eq!(allowed, [Role::Quality, Role::Safety]);
    }

    fn entry(role: Role, services: &[i64], recorded_by: i64) -> RestrictivePracticeAccessFacts<'static> {
        RestrictivePracticeAccessFacts {
            entry_organisation_id: OrganisationId(1),
            entry_service_id: ServiceId(10),
            recorded_by: PersonId(recorded_by),
            reader_id: PersonId(5),
            reader_organisation_id: OrganisationId(1),
            reader_role: role,
            reader_service_ids: ids(services),
        }
    }

    #[test]
    fn the_restrictive_practice_log_is_read_like_reports() {
        assert!(may_read_restrictive_practice(entry(Role::Staff, &[10], 5)), "staff read what they recorded");
        assert!(!may_read_restrictive_practice(entry(Role::Staff, &[10], 6)), "but not a colleague's entry");
        assert!(may_read_restrictive_practice(entry(Role::Manager, &[10], 6)), "managers read their service's");
        assert!(!may_read_restrictive_practice(entry(Role::Manager, &[11], 6)), "but not another service's");
        assert!(may_read_restrictive_practice(entry(Role::Quality, &[], 6)));
        assert!(may_read_restrictive_practice(entry(Role::Safety, &[], 6)));
        assert!(!may_read_restrictive_practice(entry(Role::Admin, &[10], 5)), "administrators do not read the log");
        for role in Role::ALL {
            let mut f = entry(role, &[10], 5);
            f.reader_organisation_id = OrganisationId(2);
            assert!(!may_read_restrictive_practice(f), "{role}: another organisation");
            assert!(!may_review_restrictive_practice(f), "{role}: another organisation");
            assert!(!may_record_child_spoken_to(f), "{role}: another organisation");
        }
    }

    #[test]
    fn staff_and_managers_record_in_their_own_services_and_managers_review() {
        assert!(may_record_restrictive_practice_in(Role::Staff, ServiceId(10), ids(&[10])));
        assert!(!may_record_restrictive_practice_in(Role::Staff, ServiceId(11), ids(&[10])), "not in a service they do not work in");
        assert!(may_record_restrictive_practice_in(Role::Manager, ServiceId(10), ids(&[10, 12])));
        for role in [Role::Quality, Role::Safety, Role::Admin] {
            assert!(!may_record_restrictive_practice_in(role, ServiceId(10), ids(&[10])), "{role}");
        }
        assert!(may_review_restrictive_practice(entry(Role::Manager, &[10], 6)));
        assert!(!may_review_restrictive_practice(entry(Role::Manager, &[11], 6)));
        for role in [Role::Staff, Role::Quality, Role::Safety, Role::Admin] {
            assert!(!may_review_restrictive_practice(entry(role, &[10], 5)), "{role}");
        }
        assert!(may_record_child_spoken_to(entry(Role::Staff, &[10], 5)), "the recorder spoke to the child");
        assert!(!may_record_child_spoken_to(entry(Role::Staff, &[10], 6)), "not on a colleague's entry they cannot read");
        assert!(may_record_child_spoken_to(entry(Role::Manager, &[10], 6)));
        assert!(!may_record_child_spoken_to(entry(Role::Quality, &[], 6)));
        let overseers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.oversees_restrictive_practice()).collect();
        assert_eq!(overseers, [Role::Manager, Role::Quality, Role::Safety]);
    }
}
