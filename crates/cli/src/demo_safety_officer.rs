//! The generated organisation's safety officer, made the way the product
//! requires: an administrator asks, a quality lead of a week's standing
//! approves, and the safety officer enrols a second factor (the demo's fixed
//! key, so it can be printed and typed into an authenticator app).

use learnloop_domain::ids::{OrganisationId, PersonId};
use anyhow::{Context, bail};
use jiff::Timestamp;
use learnloop_demo::organisation::{PersonPlan, SAFETY_TOTP_SECRET, safety_recovery_codes};
use learnloop_domain::role::Role;
use learnloop_domain::second_factor::{check_code, code_at};
use learnloop_store::Store;
use learnloop_store::safety_officer::{Asked, NewPersonDetails};

/// Makes `person` the safety officer; their id.
pub async fn appoint(store: &Store, organisation_id: OrganisationId, person: &PersonPlan, password_hash: &str, joined: i64) -> anyhow::Result<PersonId> {
    let people = store.users(organisation_id).await?;
    let admin = people.iter().find(|p| p.role == Role::Admin).context("the demo's administrator asks")?;
    let quality = people.iter().find(|p| p.role == Role::Quality).context("the demo's quality lead approves")?;
    let asked_at = joined + 8 * 86_400;
    let details = NewPersonDetails { email: person.email.clone(), name: person.name.clone(), job_title: person.job_title.clone(), team_id: None, service_ids: Vec::new() };
    let request = match store.request_safety_officer(organisation_id, &Asked::Create { person: &details, password_hash }, admin.id, Timestamp::from_second(asked_at)?).await? {
        Ok(id) => id,
        Err(refusal) => bail!("the demo's safety officer request was refused: {refusal:?}"),
    };
    if let Err(refusal) = store.decide_safety_officer_request(organisation_id, request, quality, true, Timestamp::from_second(asked_at + 3_600)?).await? {
        bail!("the demo's safety officer was not approved: {refusal:?}");
    }
    let safety = store.credentials_by_email(&person.email).await?.context("the approved safety officer")?.user;
    let enrolled_at = asked_at + 7_200;
    store.offer_second_factor(safety.id, SAFETY_TOTP_SECRET, &safety_recovery_codes()).await?;
    let code = code_at(SAFETY_TOTP_SECRET, enrolled_at as u64).context("the demo key is base32")?;
    let step = check_code(SAFETY_TOTP_SECRET, &code, enrolled_at as u64, None).map_err(|refusal| anyhow::anyhow!("the demo's own code: {refusal:?}"))?;
    store.confirm_second_factor(organisation_id, safety.id, step as i64, Timestamp::from_second(enrolled_at)?).await?;
    Ok(safety.id)
}
