//! Finding people in a long list: by words of their name or email, role,
//! service and whether they have joined, a page at a time.

use learnloop_domain::ids::{OrganisationId, ServiceId};
use learnloop_domain::role::Role;

use crate::error::StoreError;
use crate::invitations::NO_PASSWORD_YET;
use crate::people::{SELECT_USER, User, UserRow};
use crate::sql::{assembled_sql, sql};
use crate::store::Store;

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    /// Signs in with a password they chose (or were given).
    Active,
    /// Active, with no password yet: invited, not joined.
    Invited,
    /// Switched off: cannot sign in.
    Deactivated,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 3] = [
        AccountStatus::Active,
        AccountStatus::Invited,
        AccountStatus::Deactivated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Invited => "invited",
            AccountStatus::Deactivated => "deactivated",
        }
    }

    pub fn parse(text: &str) -> Option<AccountStatus> {
        AccountStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Active => "Active",
            AccountStatus::Invited => "Invited, not joined yet",
            AccountStatus::Deactivated => "Deactivated",
        }
    }
}

/// What the list is narrowed to; empty means everyone.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Words found in the name or email, any case.
    pub text: String,
    pub role: Option<Role>,
    pub service_id: Option<ServiceId>,
    pub status: Option<AccountStatus>,
}

/// One page of people, by name, and how many match in all.
#[derive(Debug, Clone)]
pub struct PeoplePage {
    pub people: Vec<(User, AccountStatus)>,
    pub total: i64,
}

/// `text` for a LIKE pattern that matches it literally anywhere.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    pub async fn find_people(
        &self,
        organisation_id: OrganisationId,
        filter: &PeopleFilter,
        offset: i64,
        limit: i64,
    ) -> Result<PeoplePage, StoreError> {
        // Only fixed pieces of SQL are assembled; every value is bound, in order.
        let mut conditions = vec!["organisation_id = $1".to_string()];
        let mut next = 2;
        let mut placeholder = || {
            let p = format!("${next}");
            next += 1;
            p
        };
        let text = (!filter.text.trim().is_empty()).then(|| contains_pattern(&filter.text));
        if text.is_some() {
            let p = placeholder();
            conditions.push(format!(
                "(LOWER(name) LIKE {p} ESCAPE '\\' OR email LIKE {p} ESCAPE '\\')"
            ));
        }
        if filter.role.is_some() {
            conditions.push(format!("role = {}", placeholder()));
        }
        if filter.service_id.is_some() {
            conditions.push(format!("EXISTS (SELECT 1 FROM user_services us WHERE us.user_id = users.id AND us.service_id = {})", placeholder()));
        }
        match filter.status {
            Some(AccountStatus::Active) => conditions.push(format!(
                "active = {} AND password_hash <> {}",
                placeholder(),
                placeholder()
            )),
            Some(AccountStatus::Invited) => conditions.push(format!(
                "active = {} AND password_hash = {}",
                placeholder(),
                placeholder()
            )),
            Some(AccountStatus::Deactivated) => {
                conditions.push(format!("active = {}", placeholder()))
            }
            None => {}
        }
        let limit_at = placeholder();
        let offset_at = placeholder();
        let condition = conditions.join(" AND ");
        let bind_filter = |mut statement: crate::sql::Sql| {
            statement = statement.bind(organisation_id);
            if let Some(text) = &text {
                statement = statement.bind(text.clone());
            }
            if let Some(role) = filter.role {
                statement = statement.bind(role.as_str());
            }
            if let Some(service_id) = filter.service_id {
                statement = statement.bind(service_id);
            }
            match filter.status {
                Some(AccountStatus::Active) | Some(AccountStatus::Invited) => {
                    statement.bind(true).bind(NO_PASSWORD_YET)
                }
                Some(AccountStatus::Deactivated) => statement.bind(false),
                None => statement,
            }
        };
        let total: i64 = bind_filter(assembled_sql(format!(
            "SELECT COUNT(*) FROM users WHERE {condition}"
        )))
        .fetch_value(self.reader())
        .await?;
        let rows: Vec<UserRow> = bind_filter(assembled_sql(format!("{SELECT_USER} WHERE {condition} ORDER BY LOWER(name), id LIMIT {limit_at} OFFSET {offset_at}")))
            .bind(limit)
            .bind(offset)
            .fetch_all(self.reader())
            .await?;
        let links: Vec<(i64, i64)> = sql(
            "SELECT us.user_id, us.service_id FROM user_services us JOIN users u ON u.id = us.user_id
             WHERE u.organisation_id = $1 ORDER BY us.service_id",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?;
        let people = rows
            .into_iter()
            .map(|row| {
                let services = links
                    .iter()
                    .filter(|(u, _)| *u == row.id)
                    .map(|(_, s)| ServiceId(*s))
                    .collect();
                let credentials = row.into_credentials(services);
                let status = if !credentials.user.active {
                    AccountStatus::Deactivated
                } else if credentials.password_hash == NO_PASSWORD_YET {
                    AccountStatus::Invited
                } else {
                    AccountStatus::Active
                };
                (credentials.user, status)
            })
            .collect();
        Ok(PeoplePage { people, total })
    }
}
