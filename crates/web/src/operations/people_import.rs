//! Importing people from a CSV file: every row checked (`domain::people_import`)
//! against the organisation's services, teams and the accounts that exist,
//! then everyone added and invited by email in one transaction
//! (`invitations::invite`), or nobody.

use std::collections::HashSet;

use learnloop_domain::people_import::{
    ImportContext, KnownService, KnownTeam, RowProblem, check_people_csv,
};
use learnloop_store::people::{NewUser, User};

use crate::error::AppError;
use crate::operations::invitations;
use crate::state::AppState;

/// What an import came to: how many were added and invited, or every
/// problem (nothing imported).
pub enum ImportOutcome {
    Imported(usize),
    Refused(Vec<RowProblem>),
}

pub async fn import_people(
    state: &AppState,
    admin: &User,
    text: &str,
    site: &str,
) -> Result<ImportOutcome, AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    let org_id = admin.organisation_id;
    let services: Vec<KnownService> = state
        .store
        .services(org_id)
        .await?
        .into_iter()
        .map(|s| KnownService {
            id: s.id,
            name: s.name,
            slug: s.slug,
        })
        .collect();
    let teams: Vec<KnownTeam> = state
        .store
        .teams(org_id)
        .await?
        .into_iter()
        .map(|t| KnownTeam {
            id: t.id,
            service_id: t.service_id,
            name: t.name,
        })
        .collect();
    let existing: HashSet<String> = state
        .store
        .users(org_id)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let context = ImportContext {
        services: &services,
        teams: &teams,
        existing_emails: &existing,
    };
    let people = match check_people_csv(text, &context) {
        Ok(people) => people,
        Err(problems) => return Ok(ImportOutcome::Refused(problems)),
    };
    // An address is one account across every organisation on this server.
    let mut taken = Vec::new();
    for person in &people {
        if state
            .store
            .credentials_by_email(person.email.as_str())
            .await?
            .is_some()
        {
            taken.push(RowProblem {
                row: person.row,
                column: "email".into(),
                message: format!("email {} already has an account.", person.email),
            });
        }
    }
    if !taken.is_empty() {
        return Ok(ImportOutcome::Refused(taken));
    }
    let new_people: Vec<NewUser> = people
        .iter()
        .map(|p| NewUser {
            organisation_id: org_id,
            email: p.email.as_str(),
            name: &p.name,
            job_title: &p.job_title,
            role: p.role,
            team_id: p.team_id,
            password_hash: "",
            service_ids: &p.service_ids,
        })
        .collect();
    match invitations::invite(state, admin, &new_people, site, true).await {
        Ok(added) => Ok(ImportOutcome::Imported(added.len())),
        // Someone took an address between the check and the import: still nothing imported.
        Err(AppError::Invalid(errors)) => Ok(ImportOutcome::Refused(
            errors
                .0
                .into_iter()
                .map(|e| RowProblem {
                    row: 0,
                    column: e.field,
                    message: e.message,
                })
                .collect(),
        )),
        Err(other) => Err(other),
    }
}
