//! Inviting people by email to set their own password: one person from the
//! People page, many from a CSV file (`people_import`), and the link's page
//! where the person chooses a password. The rules and words are
//! `domain::invitations`; the store keeps only each link's hash.

use jiff::{SignedDuration, Timestamp};
use learnloop_domain::FieldErrors;
use learnloop_domain::invitations::{
    INVITATION_LIFETIME_SECONDS, SAFETY_OFFICER_NOT_INVITED, invitation_email, may_be_invited,
};
use learnloop_domain::people::check_new_password;
use learnloop_domain::secret_token::{SecretToken, hash_presented_token};
use learnloop_store::StoreError;
use learnloop_store::invitations::{AcceptRefusal, Invitee, LiveInvitation, ResendRefusal};
use learnloop_store::people::{NewUser, User};

use crate::auth::password::hash_password;
use crate::error::AppError;
use crate::state::AppState;

/// What the sign-in page says after a password was set from an invitation.
pub const JOINED: &str =
    "Your password is set. Sign in with your email address and your new password.";
/// What a dead link's page says.
const NOT_LIVE: &str = "This invitation has expired, was already used or was replaced by a newer one; ask your administrator to send it again. The invitation";

/// The link that goes in the email.
fn invitation_link(site: &str, token: &SecretToken) -> String {
    format!(
        "{}/invitations/{}",
        site.trim_end_matches('/'),
        token.as_str()
    )
}

fn new_tokens(count: usize) -> Vec<SecretToken> {
    let mut rng = rand::rng();
    (0..count)
        .map(|_| SecretToken::generate(&mut rng))
        .collect()
}

/// Adds people and emails each an invitation, all or none (administrators
/// only). `site` is the address links in the email start with.
pub async fn invite(
    state: &AppState,
    admin: &User,
    people: &[NewUser<'_>],
    site: &str,
    from_file: bool,
) -> Result<Vec<User>, AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    if people.iter().any(|p| !may_be_invited(p.role)) {
        return Err(AppError::invalid("role", SAFETY_OFFICER_NOT_INVITED));
    }
    let organisation = state.store.organisation(admin.organisation_id).await?;
    let tokens = new_tokens(people.len());
    let invitees: Vec<Invitee> = people
        .iter()
        .zip(&tokens)
        .map(|(person, token)| {
            let email = invitation_email(
                &organisation.name,
                person.name,
                &admin.name,
                &invitation_link(site, token),
            );
            Invitee {
                person: NewUser { ..*person },
                token_hash: token.hash(),
                email_subject: email.subject,
                email_body: email.body,
            }
        })
        .collect();
    let now = Timestamp::now();
    let expires_at = now + SignedDuration::from_secs(INVITATION_LIFETIME_SECONDS);
    match state
        .store
        .invite_people(
            admin.organisation_id,
            &invitees,
            admin.id,
            from_file,
            now,
            expires_at,
        )
        .await
    {
        Ok(added) => Ok(added),
        Err(StoreError::Conflict(email)) => Err(AppError::invalid(
            "email",
            format!("{email} already has an account."),
        )),
        Err(StoreError::NeedsApproval) => {
            Err(AppError::invalid("role", SAFETY_OFFICER_NOT_INVITED))
        }
        Err(other) => Err(other.into()),
    }
}

/// Sends a person who has not joined yet a new invitation; the old link
/// stops working.
pub async fn resend(
    state: &AppState,
    admin: &User,
    person: &User,
    site: &str,
) -> Result<(), AppError> {
    if !admin.role.may_administer() || person.organisation_id != admin.organisation_id {
        return Err(AppError::Forbidden);
    }
    let organisation = state.store.organisation(admin.organisation_id).await?;
    let token = new_tokens(1).remove(0);
    let email = invitation_email(
        &organisation.name,
        &person.name,
        &admin.name,
        &invitation_link(site, &token),
    );
    let now = Timestamp::now();
    let expires_at = now + SignedDuration::from_secs(INVITATION_LIFETIME_SECONDS);
    let refusal = match state
        .store
        .resend_invitation(
            admin.organisation_id,
            person.id,
            &token.hash(),
            &email.subject,
            &email.body,
            admin.id,
            now,
            expires_at,
        )
        .await?
    {
        Ok(()) => return Ok(()),
        Err(ResendRefusal::SafetyOfficer) => SAFETY_OFFICER_NOT_INVITED,
        Err(ResendRefusal::Deactivated) => "They are deactivated: reactivate them first.",
        Err(ResendRefusal::AlreadyJoined) => {
            "They have set their password already; if they forgot it, they can ask for a sign-in link, or set a new one below."
        }
    };
    Err(AppError::invalid("invitation", refusal))
}

/// The invitation behind a link, if it still works.
pub async fn live_invitation(state: &AppState, token: &str) -> Result<LiveInvitation, AppError> {
    state
        .store
        .live_invitation(&hash_presented_token(token), Timestamp::now())
        .await?
        .ok_or(AppError::NotFound(NOT_LIVE))
}

/// Sets the invited person's own password (typed twice, with the rules of
/// any new password). The link works once.
pub async fn accept(
    state: &AppState,
    token: &str,
    password: &str,
    password_again: &str,
) -> Result<User, AppError> {
    let invitation = live_invitation(state, token).await?;
    let mut errors = FieldErrors::default();
    check_new_password(password, &mut errors);
    if errors.is_empty() && password != password_again {
        errors.push(
            "password_again",
            "The two passwords are not the same: type it again.",
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = hash_password(password.to_string()).await?;
    match state
        .store
        .accept_invitation(&hash_presented_token(token), &hash, Timestamp::now())
        .await?
    {
        Ok(user) => Ok(user),
        Err(AcceptRefusal::NotLive) => Err(AppError::NotFound(NOT_LIVE)),
        Err(AcceptRefusal::SafetyOfficer) => {
            tracing::warn!(person = %invitation.user.id, "an invitation to a safety officer's account was refused");
            Err(AppError::Forbidden)
        }
    }
}
