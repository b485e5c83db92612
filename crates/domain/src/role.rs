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
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
