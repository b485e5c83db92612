//! Invitations: a person added by an administrator is emailed a one-time
//! link to set their own password, instead of being given one in person.
//! The link works once, for a week, and only its hash is kept; sending
//! another voids the old. An invitation never makes (or re-enables) a safety
//! officer: that role takes a second person's approval (`safety_officer`).

use crate::role::Role;

/// An invitation works this long.
pub const INVITATION_LIFETIME_SECONDS: i64 = 7 * 86_400;
/// …which the email and the pages say in words.
pub const INVITATION_LIFETIME_WORDS: &str = "7 days";

/// Whether a person of `role` may be invited by email. The safety officer
/// may not: whoever could open the link could sign in as them, and the
/// administrators' outbox shows it while no SMTP server is set.
pub fn may_be_invited(role: Role) -> bool {
    role != Role::Safety
}

/// What an administrator is told when an invitation cannot be sent.
pub const SAFETY_OFFICER_NOT_INVITED: &str = "A safety officer is not invited by email: choosing that role asks a quality lead or the safety officer to approve, with a first password you give them in person.";

/// The invitation email: its subject and body, with the link.
pub struct InvitationEmail {
    pub subject: String,
    pub body: String,
}

pub fn invitation_email(
    organisation: &str,
    person_name: &str,
    invited_by: &str,
    link: &str,
) -> InvitationEmail {
    InvitationEmail {
        subject: format!("You are invited to Learnloop at {organisation}"),
        body: format!(
            "Hello {person_name},\n\n{invited_by} has added you to Learnloop, where {organisation} reports incidents, near-misses and good practice, and learns from them together.\n\nOpen this link to set your own password. It works once, within {INVITATION_LIFETIME_WORDS}:\n\n{link}\n\nIf the link has expired, ask your administrator to send a new one."
        ),
    }
}

/// The audit log's words for an invitation sent.
pub fn invitation_sent_words(person_name: &str, email: &str) -> String {
    format!("Invitation emailed to {person_name} ({email}) to set their own password")
}

/// The audit log's words for an invitation accepted.
pub fn invitation_accepted_words(person_name: &str) -> String {
    format!("{person_name} accepted their invitation and set their own password")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safety_officers_are_never_invited() {
        assert!(!may_be_invited(Role::Safety));
        for role in [Role::Staff, Role::Manager, Role::Quality, Role::Admin] {
            assert!(may_be_invited(role), "{role:?}");
        }
    }

    #[test]
    fn the_email_carries_the_link_and_its_lifetime() {
        let email = invitation_email(
            "Riverside Care",
            "Ana Lopez",
            "Sam Admin",
            "https://l.example/invitations/abc",
        );
        assert!(email.subject.contains("Riverside Care"));
        assert!(email.body.contains("https://l.example/invitations/abc"));
        assert!(
            email.body.contains("7 days")
                && email.body.contains("Ana Lopez")
                && email.body.contains("Sam Admin")
        );
        assert_eq!(INVITATION_LIFETIME_SECONDS, 7 * 24 * 3600);
    }
}
