//! Lists of reports and one report's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reference::Reference;
use learnloop_domain::role::Role;
use learnloop_domain::list_filter::{ReportFilterInput, ReportOrder};
use learnloop_store::list_filter::FilteredCursor;
use learnloop_store::reports::{ListCursor, ReportListScope, ReportSummary};
use serde::Deserialize;

use crate::html::list_filters::FilterForm;
use crate::operations::report_lists::{format_cursor, format_filtered_cursor, list_scope, narrowed_scope, parse_cursor, parse_filtered_cursor, resolve_choice, services_to_choose};
use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::html::report_drafts::Drafts;
use crate::html::workspace::{MessageView, Workspace, done_notice, message_views, workspace};
use learnloop_domain::next_step::NextStep;
use crate::page::{Layout, PageError, render};
use crate::html::display::{local_day, local_time};
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

/// One line of a report list, ready to show.
pub struct ReportRow {
    pub reference: String,
    pub kind: String,
    pub kind_class: &'static str,
    pub status: String,
    pub service: String,
    pub occurred: String,
    pub submitted: String,
    pub excerpt: String,
    pub reporter: String,
    pub category: String,
    pub harm: String,
}

/// Rows of a list whose reports all belong to `scope`; a reader's own
/// reports name the reporter "You", not as a colleague would see them.
pub fn rows_for_scope(scope: &ReportListScope, rows: Vec<ReportSummary>, zone: &TimeZone) -> Vec<ReportRow> {
    let own = matches!(scope, ReportListScope::ReportedBy(_));
    let rows = rows.into_iter().map(|mut r| {
        if own {
            r.reporter_name = Some(r.identity.own_reporter_label().to_string());
        }
        r
    });
    report_rows(rows.collect(), zone)
}

pub fn report_rows(rows: Vec<ReportSummary>, zone: &TimeZone) -> Vec<ReportRow> {
    rows.into_iter()
        .map(|r| ReportRow {
            kind_class: r.kind.as_str(),
            kind: r.kind.label().to_string(),
            status: r.status.label().to_string(),
            occurred: local_time(r.occurred_at, zone),
            submitted: local_day(r.submitted_at, zone),
            excerpt: r.excerpt,
            reporter: r.reporter_name.unwrap_or_else(|| r.identity.hidden_reporter_label().to_string()),
            category: r.category.map(|c| c.label().to_string()).unwrap_or_default(),
            harm: r.harm.map(|h| h.label().to_string()).unwrap_or_default(),
            service: r.service_name,
            reference: r.reference,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "report_list.html")]
struct ReportListPage {
    layout: Layout,
    heading: String,
    intro: String,
    /// The filter form (the reports list; not "my reports").
    filters: Option<FilterForm>,
    filtered: bool,
    recent: Vec<ReportRow>,
    next_link: Option<String>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<String>,
}

#[derive(Deserialize)]
pub struct FilteredPageQuery {
    after: Option<String>,
    #[serde(flatten)]
    filter: ReportFilterInput,
}

const PAGE_SIZE: i64 = 50;

async fn list_page(state: &AppState, user: &learnloop_store::people::User, scope: ReportListScope, path: &str, heading: &str, intro: &str, after: Option<ListCursor>) -> Result<Response, PageError> {
    let org = state.store.organisation(user.organisation_id).await?;
    let rows = state.store.list_reports(scope.clone(), after, PAGE_SIZE).await?;
    let next_link = (rows.len() as i64 == PAGE_SIZE)
        .then(|| rows.last().map(|r| format!("{path}?after={}", format_cursor(ListCursor { submitted_at: r.submitted_at, id: r.id }))))
        .flatten();
    let page = ReportListPage {
        layout: Layout::for_user(state, user, heading, path).await?,
        heading: heading.to_string(),
        intro: intro.to_string(),
        filters: None,
        filtered: false,
        recent: rows_for_scope(&scope, rows, &zone_of(&org)),
        next_link,
    };
    Ok(render(&page))
}

pub async fn my_reports(State(state): State<AppState>, PageUser(user): PageUser, Query(q): Query<PageQuery>) -> Result<Response, PageError> {
    require(user.role.may_report())?;
    let intro = "Reports you made by name or confidentially, and where each is in the learning loop. Anonymous reports are not listed: nothing links them to you. Follow them with their code.";
    list_page(&state, &user, ReportListScope::ReportedBy(user.id), "/my-reports", "My reports", intro, parse_cursor(q.after.as_deref())).await
}

/// The reports list, narrowed and ordered as chosen (newest first unless
/// another order is chosen), a page at a time.
pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, Query(q): Query<FilteredPageQuery>) -> Result<Response, PageError> {
    require(matches!(user.role, Role::Manager | Role::Quality | Role::Safety))?;
    let (mut filter, mut problems) = q.filter.read();
    let choice = resolve_choice(&state, &user, &filter, &mut problems).await?;
    if choice.service.is_none() {
        filter.service = None;
    }
    let order = choice.order.unwrap_or(ReportOrder::Newest);
    let intro = match user.role {
        Role::Manager => "Reports in the services you manage.",
        _ => "Every report in the organisation.",
    };
    let org = state.store.organisation(user.organisation_id).await?;
    let scope = narrowed_scope(list_scope(&user)?, choice.service);
    let rows = state.store.list_reports_filtered(scope, &choice.conditions, order, parse_filtered_cursor(q.after.as_deref()), PAGE_SIZE).await?;
    let services = services_to_choose(&state, &user).await?;
    let filters = FilterForm::new("/reports", None, &filter, &services, ReportOrder::Newest, problems.0);
    let next_link = (rows.len() as i64 == PAGE_SIZE)
        .then(|| rows.last().map(|r| filters.link("/reports", &format!("after={}", format_filtered_cursor(FilteredCursor { harm: r.harm, submitted_at: r.submitted_at, id: r.id })))))
        .flatten();
    let page = ReportListPage {
        layout: Layout::for_user(&state, &user, "Reports", "/reports").await?,
        heading: "Reports".to_string(),
        intro: format!("{intro} {}.", order.label()),
        filtered: choice.narrows,
        filters: Some(filters),
        recent: report_rows(rows, &zone_of(&org)),
        next_link,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "report_detail.html")]
struct ReportDetailPage {
    layout: Layout,
    reference: String,
    kind: String,
    status: String,
    status_meaning: String,
    service: String,
    occurred: String,
    submitted: String,
    what_happened: String,
    category: String,
    harm: String,
    psychological_harm: String,
    immediate_actions: String,
    what_went_well: String,
    people_affected: String,
    identity_label: String,
    reporter: Option<String>,
    hidden_reporter: String,
    /// The safety officer may reveal a confidential reporter (audited).
    may_reveal: bool,
    notice: Option<String>,
    notice_section: Option<String>,
    error: Option<String>,
    /// For those who handle the report: the learning loop's sections.
    workspace: Option<Workspace>,
    /// For the reporter reading their own report: what the team said.
    reporter_conversation: Option<Vec<MessageView>>,
}

/// What a form just did, shown when the report page opens again.
#[derive(Debug, Default)]
pub struct PageOutcome {
    pub notice: Option<String>,
    /// The section (an id on the page) the confirmation links to.
    pub section: Option<String>,
    pub error: Option<String>,
    pub drafts: Drafts,
}

/// The report page's sections a confirmation may link to.
const SECTIONS: [&str; 8] = ["conversation", "reviews", "actions", "learning", "close", "obligations", "notification-list", "safeguarding-form"];

#[derive(Deserialize)]
pub struct DetailQuery {
    done: Option<String>,
    /// The section the saved form changed, linked from the confirmation.
    section: Option<String>,
}

pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, Query(query): Query<DetailQuery>) -> Result<Response, PageError> {
    let notice = query.done.as_deref().and_then(done_notice).map(str::to_string);
    let section = query.section.filter(|s| SECTIONS.contains(&s.as_str()));
    detail_page(&state, &user, &reference, false, PageOutcome { notice, section, ..PageOutcome::default() }).await
}

/// The safety officer's deliberate request to see a confidential reporter:
/// a POST, so no link preview or prefetch can make (and audit) a reveal.
pub async fn reveal_reporter(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>) -> Result<Response, PageError> {
    detail_page(&state, &user, &reference, true, PageOutcome::default()).await
}

pub async fn detail_page(state: &AppState, user: &learnloop_store::people::User, reference: &str, reveal: bool, outcome: PageOutcome) -> Result<Response, PageError> {
    let not_found = || AppError::NotFound("That report");
    let reference = Reference::parse(reference).ok_or_else(not_found)?;
    let report = state.store.readable_report(user, reference.as_str()).await?.ok_or_else(not_found)?;
    let org = state.store.organisation(user.organisation_id).await?;
    let zone = zone_of(&org);
    // A confidential reporter is revealed only on an explicit, audited request.
    let wants_confidential = report.identity == IdentityMode::Confidential && reveal;
    let reporter = if report.identity != IdentityMode::Confidential || wants_confidential {
        state.store.reporter_for_reader(&report, user, Timestamp::now()).await?
    } else {
        None
    };
    let handles = state.store.handleable_report(user, &report.reference).await?.is_some();
    let workspace = if handles { Some(workspace(state, user, &report, &zone, outcome.drafts).await?) } else { None };
    let reporter_conversation = if !handles && state.store.made_by(&report, user.id).await? {
        Some(message_views(state.store.report_messages(report.id).await?, &zone, true))
    } else {
        None
    };
    let page = ReportDetailPage {
        layout: Layout::for_user(state, user, &format!("Report {}", report.reference), if handles { "/triage" } else { "/reports" }).await?,
        notice: outcome.notice,
        notice_section: outcome.section,
        error: outcome.error,
        workspace,
        reporter_conversation,
        kind: report.kind.label().into(),
        status: report.status.label().into(),
        status_meaning: if matches!(user.role, Role::Staff) { report.status.meaning() } else { report.status.team_meaning() }.into(),
        service: match &report.team_name {
            Some(team) => format!("{} ({team})", report.service_name),
            None => report.service_name.clone(),
        },
        occurred: local_time(report.occurred_at, &zone),
        submitted: if report.identity == IdentityMode::Anonymous { local_day(report.submitted_at, &zone) } else { local_time(report.submitted_at, &zone) },
        category: report.category.map(|c| c.label().to_string()).unwrap_or_else(|| "Not given".into()),
        harm: report.harm.map(|h| h.label().to_string()).unwrap_or_else(|| "Not given".into()),
        psychological_harm: report.psychological_harm.map(|h| h.label().to_string()).unwrap_or_else(|| "Not given".into()),
        immediate_actions: report.immediate_actions.clone().unwrap_or_default(),
        what_went_well: report.what_went_well.clone().unwrap_or_default(),
        people_affected: report.people_affected.join(", "),
        identity_label: report.identity.label().into(),
        reporter: reporter.map(|r| format!("{} ({})", r.name, r.email)),
        hidden_reporter: report.identity.hidden_reporter_label().into(),
        may_reveal: report.identity == IdentityMode::Confidential && user.role == Role::Safety && !wants_confidential,
        what_happened: report.what_happened,
        reference: report.reference,
    };
    Ok(render(&page))
}
