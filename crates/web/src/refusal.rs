//! Every refusal that is not about one field's input, each with its own code.
//! The code is for programs (the API's `error.code`), the message for people
//! (the page and the API's `error.message`), both from this one place;
//! docs/errors.md lists them all, and a test keeps it in step.

use axum::http::StatusCode;
use learnloop_domain::safety_officer::ApprovalRefusal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Closing, or acting on, a report that is already closed.
    ReportAlreadyClosed,
    /// Closing a report whose reporter has not been told what was learned.
    FeedbackNotYetGiven,
    /// A reporter rating feedback they have not had.
    NoFeedbackToRate,
    /// Completing an action that is not open.
    ActionNotOpen,
    /// Recording whether an action worked before it is complete.
    ActionNotAwaitingCheck,
    /// The action's owner checking their own work.
    OwnActionCheck,
    /// A notification recorded as sent twice.
    NotificationAlreadySent,
    /// A restrictive practice entry reviewed twice.
    RestrictivePracticeAlreadyReviewed,
    /// The child's conversation recorded twice.
    ChildAlreadySpokenTo,
    /// The same safety officer request asked for again.
    RequestAlreadyWaiting,
    /// A safety officer request that does not fit the person's role.
    RequestDoesNotFitRole,
    /// Deciding a request that was decided already, or lapsed.
    RequestAlreadyDecided,
    /// Approving a new account whose email was taken meanwhile.
    EmailTakenMeanwhile,
    /// Deciding a safety officer request without being a quality lead or
    /// the safety officer.
    NotAnApprover,
    /// Deciding a request one asked for oneself.
    OwnRequest,
    /// Deciding a request about one's own account.
    RequestAboutYou,
    /// Deciding a request in one's first week in the role.
    RoleTooNew,
    /// An idempotency key sent again with a different request.
    IdempotencyKeyReused,
}

impl Refusal {
    pub const ALL: [Refusal; 18] = [
        Refusal::ReportAlreadyClosed,
        Refusal::FeedbackNotYetGiven,
        Refusal::NoFeedbackToRate,
        Refusal::ActionNotOpen,
        Refusal::ActionNotAwaitingCheck,
        Refusal::OwnActionCheck,
        Refusal::NotificationAlreadySent,
        Refusal::RestrictivePracticeAlreadyReviewed,
        Refusal::ChildAlreadySpokenTo,
        Refusal::RequestAlreadyWaiting,
        Refusal::RequestDoesNotFitRole,
        Refusal::RequestAlreadyDecided,
        Refusal::EmailTakenMeanwhile,
        Refusal::NotAnApprover,
        Refusal::OwnRequest,
        Refusal::RequestAboutYou,
        Refusal::RoleTooNew,
        Refusal::IdempotencyKeyReused,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::ReportAlreadyClosed => "report_already_closed",
            Refusal::FeedbackNotYetGiven => "feedback_not_yet_given",
            Refusal::NoFeedbackToRate => "no_feedback_to_rate",
            Refusal::ActionNotOpen => "action_not_open",
            Refusal::ActionNotAwaitingCheck => "action_not_awaiting_check",
            Refusal::OwnActionCheck => "own_action_check",
            Refusal::NotificationAlreadySent => "notification_already_sent",
            Refusal::RestrictivePracticeAlreadyReviewed => "restrictive_practice_already_reviewed",
            Refusal::ChildAlreadySpokenTo => "child_already_spoken_to",
            Refusal::RequestAlreadyWaiting => "request_already_waiting",
            Refusal::RequestDoesNotFitRole => "request_does_not_fit_role",
            Refusal::RequestAlreadyDecided => "request_already_decided",
            Refusal::EmailTakenMeanwhile => "email_taken_meanwhile",
            Refusal::NotAnApprover => "not_an_approver",
            Refusal::OwnRequest => "own_request",
            Refusal::RequestAboutYou => "request_about_you",
            Refusal::RoleTooNew => "role_too_new",
            Refusal::IdempotencyKeyReused => "idempotency_key_reused",
        }
    }

    /// 403 when the person may never do this; 409 when the record's state
    /// refuses it now; 422 for a key reused on another request (as the IETF
    /// idempotency-key draft answers it).
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::OwnActionCheck | Refusal::NotAnApprover | Refusal::OwnRequest | Refusal::RequestAboutYou | Refusal::RoleTooNew => {
                StatusCode::FORBIDDEN
            }
            _ => StatusCode::CONFLICT,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::ReportAlreadyClosed => "This report is already closed.",
            Refusal::FeedbackNotYetGiven => {
                "This report cannot be closed yet: its reporter has not been told what was learned. Give feedback first."
            }
            Refusal::NoFeedbackToRate => "There is no feedback to rate yet; you will be able to once the team has replied.",
            Refusal::ActionNotOpen => "Only an open action can be marked complete.",
            Refusal::ActionNotAwaitingCheck => "Mark the action complete and book its check before recording whether it worked.",
            Refusal::OwnActionCheck => {
                "Someone other than the action's owner checks whether it worked: ask the service's manager or a quality lead."
            }
            Refusal::NotificationAlreadySent => "This notification is already recorded as sent.",
            Refusal::RestrictivePracticeAlreadyReviewed => "This entry has already been reviewed.",
            Refusal::ChildAlreadySpokenTo => "The conversation with the child is already recorded.",
            Refusal::RequestAlreadyWaiting => "The same request is already waiting for a decision.",
            Refusal::RequestDoesNotFitRole => "That does not fit this person's role.",
            Refusal::RequestAlreadyDecided => "This request was already decided, or lapsed after 7 days.",
            Refusal::EmailTakenMeanwhile => "Someone has that email address by now; refuse this request and ask again.",
            Refusal::NotAnApprover => ApprovalRefusal::NotQualityOrSafety.message(),
            Refusal::OwnRequest => ApprovalRefusal::AskedForIt.message(),
            Refusal::RequestAboutYou => ApprovalRefusal::ConcernsThem.message(),
            Refusal::RoleTooNew => ApprovalRefusal::RoleTooNew.message(),
            Refusal::IdempotencyKeyReused => {
                "This idempotency key was already used for a different report, which was saved. Send a new report with a new key."
            }
        }
    }
}

impl From<ApprovalRefusal> for Refusal {
    fn from(refusal: ApprovalRefusal) -> Refusal {
        match refusal {
            ApprovalRefusal::NotQualityOrSafety => Refusal::NotAnApprover,
            ApprovalRefusal::AskedForIt => Refusal::OwnRequest,
            ApprovalRefusal::ConcernsThem => Refusal::RequestAboutYou,
            ApprovalRefusal::RoleTooNew => Refusal::RoleTooNew,
        }
    }
}
