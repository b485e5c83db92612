//! The second factor of those who need one (the safety officer): the TOTP
//! secret once confirmed, the time step last used (so a code signs in once),
//! single-use recovery codes (stored hashed), and what was offered at
//! enrolment until it is confirmed. The rules are `domain::second_factor`.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId};
use jiff::Timestamp;
use learnloop_domain::second_factor::hash_recovery_code;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::{Transaction, sql};

/// Removes a person's second factor and recovery codes, inside the caller's
/// transaction (they leave the role, or a new one is approved).
pub(crate) async fn forget_second_factor(tx: &mut Transaction, user_id: Option<PersonId>) -> Result<(), StoreError> {
    sql("DELETE FROM second_factors WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    sql("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    Ok(())
}

/// Where a person's second factor stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecondFactor {
    /// The confirmed secret (base32); `None` until enrolled.
    pub secret: Option<String>,
    pub last_used_step: Option<i64>,
    /// Offered at enrolment, not yet confirmed.
    pub pending_secret: Option<String>,
    pub pending_recovery_codes: Vec<String>,
    /// Recovery codes not yet used.
    pub recovery_codes_left: i64,
}

#[derive(sqlx::FromRow)]
struct SecondFactorRow {
    secret: Option<String>,
    last_used_step: Option<i64>,
    pending_secret: Option<String>,
    pending_recovery_codes: Option<String>,
}

impl Store {
    pub async fn second_factor(&self, user_id: PersonId) -> Result<SecondFactor, StoreError> {
        let row = sql("SELECT secret, last_used_step, pending_secret, pending_recovery_codes FROM second_factors WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional::<SecondFactorRow>(self.reader())
            .await?;
        let left: i64 = sql("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL").bind(user_id).fetch_value(self.reader()).await?;
        Ok(match row {
            None => SecondFactor { recovery_codes_left: left, ..SecondFactor::default() },
            Some(row) => SecondFactor {
                secret: row.secret,
                last_used_step: row.last_used_step,
                pending_secret: row.pending_secret,
                pending_recovery_codes: row.pending_recovery_codes.map(|codes| codes.split(',').map(str::to_string).collect()).unwrap_or_default(),
                recovery_codes_left: left,
            },
        })
    }

    /// Offers a secret and recovery codes to someone not yet enrolled (kept
    /// until they confirm with a code). Does nothing if they are enrolled or
    /// already have an offer; read it back with [`Store::second_factor`].
    pub async fn offer_second_factor(&self, user_id: PersonId, secret: &str, recovery_codes: &[String]) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sql("INSERT INTO second_factors (user_id, pending_secret, pending_recovery_codes) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id) DO UPDATE SET pending_secret = excluded.pending_secret, pending_recovery_codes = excluded.pending_recovery_codes
                 WHERE second_factors.secret IS NULL AND second_factors.pending_secret IS NULL")
        .bind(user_id)
        .bind(secret)
        .bind(recovery_codes.join(","))
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms the offer once its first code (of time step `step`) was
    /// typed: the secret is kept, the recovery codes are kept hashed, and the
    /// offer is gone. `false` if there was no offer to confirm.
    pub async fn confirm_second_factor(&self, organisation_id: OrganisationId, user_id: PersonId, step: i64, at: Timestamp) -> Result<bool, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let offer: Option<(String, String)> =
            sql("SELECT pending_secret, pending_recovery_codes FROM second_factors WHERE user_id = $1 AND secret IS NULL AND pending_secret IS NOT NULL")
                .bind(user_id)
                .fetch_optional(&mut tx)
                .await?;
        // Returns without committing: nothing was written.
        let Some((secret, codes)) = offer else { return Ok(false) };
        sql("UPDATE second_factors SET secret = $1, enrolled_at = $2, last_used_step = $3, pending_secret = NULL, pending_recovery_codes = NULL WHERE user_id = $4")
            .bind(&secret)
            .bind(at)
            .bind(step)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        sql("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        for code in codes.split(',').filter(|c| !c.is_empty()) {
            let normalised: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
            sql("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(hash_recovery_code(&normalised))
                .execute(&mut tx)
                .await?;
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id: Some(user_id),
            action: AuditAction::PersonSecondFactorEnrolled,
            subject: format!("person {user_id}"),
            detail: json!({}),
        })
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Remembers that the code of `step` was used; `false` if it (or a later
    /// one) already was, so the same code cannot sign in twice, even from two
    /// servers at once.
    pub async fn use_second_factor_step(&self, user_id: PersonId, step: i64) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let used = sql("UPDATE second_factors SET last_used_step = $1 WHERE user_id = $2 AND secret IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $1)")
            .bind(step)
            .bind(user_id)
            .execute(&mut tx)
            .await?
            == 1;
        tx.commit().await?;
        Ok(used)
    }

    /// Uses one recovery code (normalised); `false` if it is not one of the
    /// person's unused codes. Each use is audited.
    pub async fn use_recovery_code(&self, organisation_id: OrganisationId, user_id: PersonId, normalised_code: &str, at: Timestamp) -> Result<bool, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let used = sql("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(at)
            .bind(user_id)
            .bind(hash_recovery_code(normalised_code))
            .execute(&mut tx)
            .await?
            == 1;
        if used {
            write_audit(&mut tx, NewAuditEntry {
                organisation_id,
                at,
                actor_id: Some(user_id),
                action: AuditAction::PersonRecoveryCodeUsed,
                subject: format!("person {user_id}"),
                detail: json!({}),
            })
            .await?;
        }
        tx.commit().await?;
        Ok(used)
    }
}
