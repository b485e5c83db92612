//! The people who guard confidential reporters: every active quality lead
//! and safety officer. Whatever changes who may see a confidential reporter
//! (a request to make someone safety officer, its decision, a safety officer
//! leaving the role) is put in each of their inboxes, so that no such change
//! goes unseen.

use learnloop_domain::ids::{OrganisationId, PersonId};
use crate::error::StoreError;
use crate::inbox::{NewInboxMessage, insert_inbox_message};
use crate::sql::{Transaction, sql};

/// An inbox message to every guardian of `organisation_id`, inside the
/// caller's transaction.
pub(crate) async fn tell_guardians(tx: &mut Transaction, organisation_id: OrganisationId, message: &NewInboxMessage<'_>) -> Result<(), StoreError> {
    let guardians: Vec<i64> = sql("SELECT id FROM users WHERE organisation_id = $1 AND active = $2 AND role IN ('quality', 'safety')")
        .bind(organisation_id)
        .bind(true)
        .fetch_column(&mut *tx)
        .await?;
    for user_id in guardians {
        insert_inbox_message(tx, PersonId(user_id), message).await?;
    }
    Ok(())
}
