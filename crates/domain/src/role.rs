//! Roles and what each may do. One role per person keeps permissions legible.

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
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The facts about one report that decide who may read it.
#[derive(Debug, Clone, Copy)]
pub struct ReportAccessFacts<'a> {
    pub report_organisation_id: i64,
    pub report_service_id: i64,
    /// The reporter of a named or confidential report; `None` when anonymous.
    pub reporter_id: Option<i64>,
    pub reader_id: i64,
    pub reader_organisation_id: i64,
    pub reader_role: Role,
    pub reader_service_ids: &'a [i64],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(role: Role, services: &[i64], reporter: Option<i64>) -> ReportAccessFacts<'_> {
        ReportAccessFacts {
            report_organisation_id: 1,
            report_service_id: 10,
            reporter_id: reporter,
            reader_id: 5,
            reader_organisation_id: 1,
            reader_role: role,
            reader_service_ids: services,
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
            f.reader_organisation_id = 2;
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
        other_org.reader_organisation_id = 2;
        assert!(!may_handle_report(other_org));
    }

    #[test]
    fn the_just_culture_aid_is_for_quality_and_safety_only() {
        let allowed: Vec<Role> = Role::ALL.into_iter().filter(|r| r.may_use_just_culture()).collect();
        assert_eq!(allowed, [Role::Quality, Role::Safety]);
    }
}
