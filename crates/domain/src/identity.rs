//! The three ways a person can report, and who may learn who reported.
//!
//! - named: the reporter is visible to those who may read the report;
//! - confidential: only the safety officer may see who reported (every read is
//!   audited by the store);
//! - anonymous: no identity is stored at all, so nobody can see it.

use serde::{Deserialize, Serialize};

use crate::role::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityMode {
    Named,
    Confidential,
    Anonymous,
}

/// Whether the reader may see the reporter's identity, given they may read the
/// report at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReporterVisibility {
    /// Show the reporter's name and email.
    Visible,
    /// Show the reporter, and record in the audit log that it was seen.
    VisibleAndAudited,
    /// Show "confidential reporter" or "anonymous reporter".
    Hidden,
}

impl IdentityMode {
    pub const ALL: [IdentityMode; 3] = [IdentityMode::Named, IdentityMode::Confidential, IdentityMode::Anonymous];

    pub fn as_str(self) -> &'static str {
        match self {
            IdentityMode::Named => "named",
            IdentityMode::Confidential => "confidential",
            IdentityMode::Anonymous => "anonymous",
        }
    }

    pub fn parse(text: &str) -> Option<IdentityMode> {
        IdentityMode::ALL.into_iter().find(|m| m.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            IdentityMode::Named => "Named",
            IdentityMode::Confidential => "Confidential",
            IdentityMode::Anonymous => "Anonymous",
        }
    }

    /// What the reporter is told about this mode on the form.
    pub fn explanation(self) -> &'static str {
        match self {
            IdentityMode::Named => "Your manager sees that you reported this and can thank you in person.",
            IdentityMode::Confidential => {
                "Only the safety officer can see who you are. Everyone else sees \"confidential reporter\"."
            }
            IdentityMode::Anonymous => {
                "Nothing that identifies you is kept. You get a private code to follow up without signing in."
            }
        }
    }

    /// Confidential and anonymous reporters follow their report with a private
    /// code, so that replies never have to name them.
    pub fn gets_follow_up_code(self) -> bool {
        self != IdentityMode::Named
    }

    /// Whether an identity is stored with the report at all.
    pub fn stores_reporter(self) -> bool {
        self != IdentityMode::Anonymous
    }

    /// What `reader` may learn of the reporter, given that `reader` may read
    /// the report. `reader_is_reporter` lets reporters recognise their own
    /// named reports.
    pub fn reporter_visibility(self, reader: Role, reader_is_reporter: bool) -> ReporterVisibility {
        match self {
            IdentityMode::Anonymous => ReporterVisibility::Hidden,
            IdentityMode::Confidential if reader == Role::Safety => ReporterVisibility::VisibleAndAudited,
            IdentityMode::Confidential => ReporterVisibility::Hidden,
            IdentityMode::Named if reader_is_reporter => ReporterVisibility::Visible,
            IdentityMode::Named => match reader {
                Role::Manager | Role::Quality | Role::Safety => ReporterVisibility::Visible,
                Role::Staff | Role::Admin => ReporterVisibility::Hidden,
            },
        }
    }

    /// The words for the reporter when the reader made the report.
    pub fn own_reporter_label(self) -> &'static str {
        match self {
            IdentityMode::Named => "You",
            IdentityMode::Confidential => "You (confidential)",
            IdentityMode::Anonymous => "You (anonymous)",
        }
    }

    /// The words shown in place of a hidden reporter.
    pub fn hidden_reporter_label(self) -> &'static str {
        match self {
            IdentityMode::Named => "a colleague",
            IdentityMode::Confidential => "confidential reporter",
            IdentityMode::Anonymous => "anonymous reporter",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_safety_officer_sees_a_confidential_reporter() {
        for role in Role::ALL {
            let seen = IdentityMode::Confidential.reporter_visibility(role, false);
            if role == Role::Safety {
                assert_eq!(seen, ReporterVisibility::VisibleAndAudited);
            } else {
                assert_eq!(seen, ReporterVisibility::Hidden, "{role} must not see a confidential reporter");
            }
        }
        // Not even the reporter's own session reveals it through this rule.
        assert_eq!(IdentityMode::Confidential.reporter_visibility(Role::Staff, true), ReporterVisibility::Hidden);
    }

    #[test]
    fn nobody_sees_an_anonymous_reporter() {
        for role in Role::ALL {
            for own in [false, true] {
                assert_eq!(IdentityMode::Anonymous.reporter_visibility(role, own), ReporterVisibility::Hidden);
            }
        }
        assert!(!IdentityMode::Anonymous.stores_reporter());
    }

    #[test]
    fn named_reporters_are_seen_by_managers_and_leads_but_not_by_other_staff() {
        assert_eq!(IdentityMode::Named.reporter_visibility(Role::Manager, false), ReporterVisibility::Visible);
        assert_eq!(IdentityMode::Named.reporter_visibility(Role::Quality, false), ReporterVisibility::Visible);
        assert_eq!(IdentityMode::Named.reporter_visibility(Role::Staff, false), ReporterVisibility::Hidden);
        assert_eq!(IdentityMode::Named.reporter_visibility(Role::Staff, true), ReporterVisibility::Visible);
        assert_eq!(IdentityMode::Named.reporter_visibility(Role::Admin, false), ReporterVisibility::Hidden);
    }

    #[test]
    fn modes_round_trip_through_text() {
        for mode in IdentityMode::ALL {
            assert_eq!(IdentityMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(IdentityMode::parse("secret"), None);
    }
}
