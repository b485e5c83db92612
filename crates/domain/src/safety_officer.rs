//! Who may become the safety officer, and who decides. The safety officer is
//! the only person who may learn who made a confidential report, so making
//! someone safety officer (a new account, a change of role) or giving an
//! account a new password or second factor needs a second person's approval:
//! a quality lead or the current safety officer, who is neither the person
//! asking nor the person concerned, and who has held their own role for a
//! week (so an account made for the purpose cannot approve at once, and the
//! quality leads told of it have time to ask why).

use crate::ids::PersonId;
use crate::notice::Notice;
use crate::role::Role;

/// An approver must have held their role at least this long.
pub const APPROVER_TENURE_SECONDS: i64 = 7 * 86_400;
/// A request not decided within this long lapses.
pub const REQUEST_LIFETIME_SECONDS: i64 = 7 * 86_400;

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// A new account with the safety officer's role.
    Create,
    /// An existing account given the safety officer's role.
    Appoint,
    /// A new password for a safety officer's account.
    ResetPassword,
    /// The safety officer enrols a new second factor (their phone was lost).
    ResetSecondFactor,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] = [RequestKind::Create, RequestKind::Appoint, RequestKind::ResetPassword, RequestKind::ResetSecondFactor];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Create => "create",
            RequestKind::Appoint => "appoint",
            RequestKind::ResetPassword => "reset_password",
            RequestKind::ResetSecondFactor => "reset_second_factor",
        }
    }

    pub fn parse(text: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// "… for Jo Bloggs", as the requests are listed.
    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Create => "A new safety officer account",
            RequestKind::Appoint => "Make safety officer",
            RequestKind::ResetPassword => "A new password for the safety officer",
            RequestKind::ResetSecondFactor => "A new second factor for the safety officer",
        }
    }
}

/// Word to the guardians (quality leads and the safety officer) that a
/// request about `name` waits for their decision.
pub fn request_notice(kind: RequestKind, name: &str, email: &str) -> Notice {
    Notice {
        subject: format!("To decide: {} ({name})", kind.label()),
        body: format!(
            "{name} <{email}>: {}. The safety officer alone may learn who made a confidential report, so this waits for a quality lead or the safety officer to approve or refuse it within 7 days.",
            kind.label()
        ),
        link: "/safety-officer".into(),
    }
}

/// Word of a decision on a request about `name`, to the guardians (the one
/// who asked reads it with a link to the people page instead).
pub fn decision_notice(kind: RequestKind, name: &str, approved: bool, approver_name: &str) -> Notice {
    let outcome = if approved { "Approved" } else { "Refused" };
    Notice {
        subject: format!("{outcome}: {} ({name})", kind.label()),
        body: format!("{outcome} by {approver_name}."),
        link: "/safety-officer".into(),
    }
}

/// Word to the guardians that an administrator took the safety officer's
/// role away (`deactivated`: the account was switched off instead).
pub fn safety_officer_removed_notice(name: &str, deactivated: bool) -> Notice {
    Notice {
        subject: if deactivated { format!("{name}'s safety officer account was deactivated") } else { format!("{name} is no longer the safety officer") },
        body: "Changed by an administrator. Whoever is safety officer now sees confidential reporters; check this was intended.".into(),
        link: "/safety-officer".into(),
    }
}

/// What a would-be approver is.
#[derive(Debug, Clone, Copy)]
pub struct Approver {
    pub id: PersonId,
    pub role: Role,
    pub active: bool,
    /// When they were given their current role.
    pub role_since: i64,
}

/// Why someone may not decide a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalRefusal {
    NotQualityOrSafety,
    AskedForIt,
    ConcernsThem,
    RoleTooNew,
}

impl ApprovalRefusal {
    pub fn message(self) -> &'static str {
        match self {
            ApprovalRefusal::NotQualityOrSafety => "Only a quality lead or the safety officer decides who may see confidential reporters.",
            ApprovalRefusal::AskedForIt => "Someone other than the person who asked must decide.",
            ApprovalRefusal::ConcernsThem => "A request about your own account is decided by someone else.",
            ApprovalRefusal::RoleTooNew => "You have held your role for less than a week; another quality lead or the safety officer decides this one.",
        }
    }
}

/// Whether `approver` may approve or refuse a request made by `requested_by`
/// about the account `concerns` (none yet for a new account), at `now`.
pub fn may_decide(approver: &Approver, requested_by: PersonId, concerns: Option<PersonId>, now: i64) -> Result<(), ApprovalRefusal> {
    if !approver.active || !matches!(approver.role, Role::Quality | Role::Safety) {
        return Err(ApprovalRefusal::NotQualityOrSafety);
    }
    if approver.id == requested_by {
        return Err(ApprovalRefusal::AskedForIt);
    }
    if concerns == Some(approver.id) {
        return Err(ApprovalRefusal::ConcernsThem);
    }
    if now - approver.role_since < APPROVER_TENURE_SECONDS {
        return Err(ApprovalRefusal::RoleTooNew);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;

    fn approver(id: i64, role: Role, days: i64) -> Approver {
        Approver { id: PersonId(id), role, active: true, role_since: NOW - days * 86_400 }
    }

    #[test]
    fn a_second_person_of_standing_decides() {
        assert_eq!(may_decide(&approver(2, Role::Quality, 30), PersonId(1), Some(PersonId(9)), NOW), Ok(()));
        assert_eq!(may_decide(&approver(3, Role::Safety, 30), PersonId(1), None, NOW), Ok(()));
        assert_eq!(may_decide(&approver(1, Role::Quality, 30), PersonId(1), Some(PersonId(9)), NOW), Err(ApprovalRefusal::AskedForIt));
        assert_eq!(may_decide(&approver(9, Role::Quality, 30), PersonId(1), Some(PersonId(9)), NOW), Err(ApprovalRefusal::ConcernsThem));
        assert_eq!(may_decide(&approver(2, Role::Quality, 6), PersonId(1), Some(PersonId(9)), NOW), Err(ApprovalRefusal::RoleTooNew));
        assert_eq!(may_decide(&approver(2, Role::Admin, 300), PersonId(1), Some(PersonId(9)), NOW), Err(ApprovalRefusal::NotQualityOrSafety));
        assert_eq!(may_decide(&approver(2, Role::Manager, 300), PersonId(1), Some(PersonId(9)), NOW), Err(ApprovalRefusal::NotQualityOrSafety));
        let inactive = Approver { active: false, ..approver(2, Role::Quality, 30) };
        assert_eq!(may_decide(&inactive, PersonId(1), Some(PersonId(9)), NOW), Err(ApprovalRefusal::NotQualityOrSafety));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(RequestKind::parse("promote"), None);
    }
}
