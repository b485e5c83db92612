//! Reading the audit log: administrators only, narrowed by who acted, the
//! kind of action, one report and a range of days, each entry worded by the
//! domain (`domain::audit::sentence`). The pages show it and export it as
//! CSV from the same entries.
//!
//! The log never says who made a confidential or anonymous report: those
//! reports write no entry of their own making (the store's rule), and an
//! entry's words name only the person who acted and its subject.

use jiff::Timestamp;
use learnloop_domain::audit::{
    AuditAction, AuditFilterChoice, report_subject, sentence, subject_report,
};
use learnloop_domain::list_filter::day_range;
use learnloop_store::audit::{AuditCursor, AuditEntry, AuditFilter};
use learnloop_store::people::User;

use crate::auth::session::require;
use crate::error::AppError;
use crate::operations::time_zone::organisation_zone;
use crate::state::AppState;

/// One entry as people read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    pub at: i64,
    /// "Sam Okafor (Manager) thanked the reporter of LL-…".
    pub sentence: String,
    /// Who acted, as the sentence names them.
    pub actor: String,
    /// The kind's name ("Reporter thanked"), or the code when this version
    /// does not know it.
    pub kind: String,
    /// The stored code, for those who search or export the log.
    pub code: String,
    pub subject: String,
    /// The report the entry is about, for a link.
    pub report: Option<String>,
}

/// A page of the log and where the next starts.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    pub next: Option<AuditCursor>,
}

fn line(entry: AuditEntry) -> AuditLine {
    let actor = entry.actor_name.as_deref().zip(entry.actor_role);
    AuditLine {
        sentence: sentence(&entry.action, actor, &entry.subject),
        actor: match actor {
            Some((name, role)) => format!("{name} ({})", role.label()),
            None => learnloop_domain::audit::NO_ACTOR.to_string(),
        },
        kind: AuditAction::parse(&entry.action)
            .map(|a| a.label().to_string())
            .unwrap_or_else(|| entry.action.clone()),
        report: subject_report(&entry.subject).map(str::to_string),
        at: entry.at,
        code: entry.action,
        subject: entry.subject,
    }
}

/// The store's filter for what the person chose, days read in the
/// organisation's zone.
async fn store_filter(
    state: &AppState,
    user: &User,
    choice: &AuditFilterChoice,
) -> Result<AuditFilter, AppError> {
    let zone = organisation_zone(state, user.organisation_id).await?;
    let (from, until) = day_range(choice.from, choice.to, &zone);
    Ok(AuditFilter {
        actor_id: choice.person.map(learnloop_domain::ids::PersonId::from),
        action: choice.kind,
        subject: choice.report.as_ref().map(|r| report_subject(r.as_str())),
        from: from.map(Timestamp::as_second),
        until: until.map(Timestamp::as_second),
    })
}

/// A page of the entries `choice` keeps, newest first.
pub async fn page(
    state: &AppState,
    user: &User,
    choice: &AuditFilterChoice,
    before: Option<AuditCursor>,
    limit: i64,
) -> Result<AuditPage, AppError> {
    require(user.role.may_administer())?;
    let filter = store_filter(state, user, choice).await?;
    let entries = state
        .store
        .audit_entries(user.organisation_id, &filter, before, limit)
        .await?;
    let next = (entries.len() as i64 == limit)
        .then(|| entries.last().map(|e| AuditCursor { at: e.at, id: e.id }))
        .flatten();
    Ok(AuditPage {
        lines: entries.into_iter().map(line).collect(),
        next,
    })
}

/// The most entries one export holds; a longer log is exported a range of
/// days at a time.
pub const EXPORT_LIMIT: usize = 100_000;

/// Every entry `choice` keeps (up to `EXPORT_LIMIT`), newest first, read a
/// page at a time.
pub async fn export(
    state: &AppState,
    user: &User,
    choice: &AuditFilterChoice,
) -> Result<Vec<AuditLine>, AppError> {
    const PAGE: i64 = 1_000;
    let mut lines = Vec::new();
    let mut before = None;
    loop {
        let page = page(state, user, choice, before, PAGE).await?;
        lines.extend(page.lines);
        match page.next {
            Some(next) if lines.len() < EXPORT_LIMIT => before = Some(next),
            _ => break,
        }
    }
    lines.truncate(EXPORT_LIMIT);
    Ok(lines)
}

/// The people of the organisation, for the "who" filter: (number, name and role).
pub async fn people(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, AppError> {
    require(user.role.may_administer())?;
    let mut people: Vec<(i64, String)> = state
        .store
        .users(user.organisation_id)
        .await?
        .into_iter()
        .map(|u| (u.id.get(), format!("{} ({})", u.name, u.role.label())))
        .collect();
    people.sort_by_key(|a| a.1.to_lowercase());
    Ok(people)
}
