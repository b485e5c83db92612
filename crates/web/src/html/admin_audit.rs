//! The audit log as administrators read it: plain sentences, newest first,
//! narrowed by who, kind of action, report and days (a GET form, so every
//! view is a link), a page at a time; and the same entries as a CSV file.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use learnloop_domain::FieldError;
use learnloop_domain::audit::{AuditAction, AuditFilterChoice, AuditFilterInput};
use learnloop_store::audit::AuditCursor;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::AppError;
use crate::html::display::{Choice, local_time};
use crate::operations::audit::AuditLine;
use crate::operations::time_zone::{organisation_zone, rfc3339};
use crate::page::{Layout, PageError, render};
use crate::state::AppState;

const PAGE_SIZE: i64 = 50;

pub struct AuditRow {
    pub when: String,
    /// The moment as `<time datetime>` wants it.
    pub at: String,
    pub sentence: String,
    pub kind: String,
    pub code: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<AuditRow>,
    people: Vec<Choice>,
    kinds: Vec<Choice>,
    report: String,
    from: String,
    to: String,
    problems: Vec<FieldError>,
    /// The chosen filter as a query, for the CSV link and the next page.
    query: String,
    filtered: bool,
    older_link: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(flatten)]
    filter: AuditFilterInput,
    /// `<at>.<id>` of the last entry of the previous page.
    before: Option<String>,
}

fn parse_cursor(text: Option<&str>) -> Option<AuditCursor> {
    let (at, id) = text?.split_once('.')?;
    Some(AuditCursor { at: at.parse().ok()?, id: id.parse().ok()? })
}

fn with_query(path: &str, query: &str, extra: &str) -> String {
    let parts: Vec<&str> = [query, extra].into_iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { path.to_string() } else { format!("{path}?{}", parts.join("&")) }
}

pub async fn audit(State(state): State<AppState>, PageUser(user): PageUser, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    let (choice, problems) = q.filter.read();
    let page = crate::operations::audit::page(&state, &user, &choice, parse_cursor(q.before.as_deref()), PAGE_SIZE).await?;
    let zone = organisation_zone(&state, user.organisation_id).await?;
    let query = choice.query();
    let older_link = page.next.map(|c| with_query("/admin/audit", &query, &format!("before={}.{}", c.at, c.id)));
    let person = choice.person.map(|p| p.to_string()).unwrap_or_default();
    let people: Vec<(String, String)> = crate::operations::audit::people(&state, &user).await?.into_iter().map(|(id, label)| (id.to_string(), label)).collect();
    let kind = choice.kind.map(AuditAction::as_str).unwrap_or_default();
    let mut kinds: Vec<(&str, &str)> = AuditAction::ALL.iter().map(|a| (a.as_str(), a.label())).collect();
    kinds.sort_by_key(|(_, label)| *label);
    let rows = page
        .lines
        .into_iter()
        .map(|line| AuditRow { when: local_time(line.at, &zone), at: rfc3339(line.at), sentence: line.sentence, kind: line.kind, code: line.code })
        .collect();
    let filtered = choice != AuditFilterChoice::default();
    Ok(render(&AuditPage {
        layout: Layout::for_user(&state, &user, "Audit log", "/admin/audit").await?,
        rows,
        people: Choice::list(people.iter().map(|(id, label)| (id.as_str(), label.as_str())), &person),
        kinds: Choice::list(kinds, kind),
        report: choice.report.as_ref().map(|r| r.as_str().to_string()).or_else(|| q.filter.report.clone()).unwrap_or_default(),
        from: choice.from.map(|d| d.to_string()).unwrap_or_default(),
        to: choice.to.map(|d| d.to_string()).unwrap_or_default(),
        problems: problems.0,
        query,
        filtered,
        older_link,
    }))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// return first) is kept as text with a leading apostrophe.
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

fn csv_of(lines: &[AuditLine], zone: &jiff::tz::TimeZone) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["When", "What happened", "Who", "Kind of action", "Code", "Subject", "Time (UTC)"]).map_err(AppError::internal)?;
    for line in lines {
        let when = local_time(line.at, zone);
        let cells = [when.as_str(), line.sentence.as_str(), line.actor.as_str(), line.kind.as_str(), line.code.as_str(), line.subject.as_str(), &rfc3339(line.at)];
        writer.write_record(cells.map(spreadsheet_safe)).map_err(AppError::internal)?;
    }
    writer.into_inner().map_err(AppError::internal)
}

/// The entries the page's filter keeps, as a CSV file: the same sentences,
/// with each entry's code and its time in UTC.
pub async fn audit_csv(State(state): State<AppState>, PageUser(user): PageUser, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    let (choice, problems) = q.filter.read();
    if let Some(problem) = problems.first() {
        return Err(PageError(AppError::invalid(&problem.field, problem.message.clone())));
    }
    let lines = crate::operations::audit::export(&state, &user, &choice).await?;
    let zone = organisation_zone(&state, user.organisation_id).await?;
    let body = csv_of(&lines, &zone)?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\"")],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("Sam Okafor (Manager) closed LL-1."), "Sam Okafor (Manager) closed LL-1.");
    }

    #[test]
    fn the_csv_has_the_words_the_code_and_the_time() {
        let line = AuditLine {
            at: 1_795_000_000,
            sentence: "Sam Okafor (Manager) thanked the reporter of LL-7K2Q-9XPA.".into(),
            actor: "Sam Okafor (Manager)".into(),
            kind: "Reporter thanked".into(),
            code: "report.thanked".into(),
            subject: "report LL-7K2Q-9XPA".into(),
            report: Some("LL-7K2Q-9XPA".into()),
        };
        let text = String::from_utf8(csv_of(&[line], &jiff::tz::TimeZone::UTC).unwrap()).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("When,What happened,Who,Kind of action,Code,Subject,Time (UTC)"));
        let row = lines.next().unwrap();
        assert!(row.contains("Sam Okafor (Manager) thanked the reporter of LL-7K2Q-9XPA.") && row.contains(",report.thanked,") && row.ends_with("2026-11-18T11:06:40Z"), "{row}");
    }
}
