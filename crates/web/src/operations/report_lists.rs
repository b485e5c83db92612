//! Which reports a person's lists show, and the cursor that pages through
//! them (`<submitted_at>.<id>` of the last report shown).

use learnloop_domain::role::ReportScope;
use learnloop_store::reports::{ListCursor, ReportListScope};

use crate::error::AppError;

/// Which reports a person's list shows.
pub fn list_scope(user: &learnloop_store::people::User) -> Result<ReportListScope, AppError> {
    match user.role.report_scope() {
        ReportScope::WholeOrganisation => Ok(ReportListScope::Organisation(user.organisation_id)),
        ReportScope::AssignedServices => Ok(ReportListScope::Services(user.service_ids.clone())),
        ReportScope::OwnReports => Ok(ReportListScope::ReportedBy(user.id)),
        ReportScope::None => Err(AppError::Forbidden),
    }
}

pub fn parse_cursor(text: Option<&str>) -> Option<ListCursor> {
    let (a, b) = text?.split_once('.')?;
    Some(ListCursor { submitted_at: a.parse().ok()?, id: b.parse().ok()? })
}

pub fn format_cursor(cursor: ListCursor) -> String {
    format!("{}.{}", cursor.submitted_at, cursor.id)
}


/// A person's filter, resolved: the services it covers (within what they
/// may see), the store's conditions, and the order.
#[derive(Debug, Clone)]
pub struct ListChoice {
    /// `Some` when the person chose one service.
    pub service: Option<learnloop_domain::ids::ServiceId>,
    pub conditions: learnloop_store::list_filter::ReportListFilter,
    pub order: Option<learnloop_domain::list_filter::ReportOrder>,
    /// Whether anything narrows the list (the order alone does not).
    pub narrows: bool,
}

/// The services a person's lists may be narrowed to: their own (managers)
/// or the organisation's, by name.
pub async fn services_to_choose(state: &crate::state::AppState, user: &learnloop_store::people::User) -> Result<Vec<learnloop_store::services::Service>, AppError> {
    let services = state.store.services(user.organisation_id).await?;
    Ok(match user.role.report_scope() {
        ReportScope::WholeOrganisation => services,
        _ => services.into_iter().filter(|s| user.service_ids.contains(&s.id)).collect(),
    })
}

/// Resolves what the person chose: a service must be one of theirs (else
/// it is named in `problems` and left out), days are read in the
/// organisation's zone.
pub async fn resolve_choice(
    state: &crate::state::AppState,
    user: &learnloop_store::people::User,
    filter: &learnloop_domain::list_filter::ReportFilter,
    problems: &mut learnloop_domain::FieldErrors,
) -> Result<ListChoice, AppError> {
    use learnloop_domain::list_filter::{UNKNOWN_SERVICE, day_range};
    let service = match &filter.service {
        Some(slug) => {
            let found = services_to_choose(state, user).await?.into_iter().find(|s| &s.slug == slug).map(|s| s.id);
            if found.is_none() {
                problems.push("service", UNKNOWN_SERVICE);
            }
            found
        }
        None => None,
    };
    let zone = crate::operations::time_zone::organisation_zone(state, user.organisation_id).await?;
    let (from, until) = day_range(filter.from, filter.to, &zone);
    let conditions = learnloop_store::list_filter::ReportListFilter {
        harm: filter.harm,
        category: filter.category,
        submitted_from: from.map(jiff::Timestamp::as_second),
        submitted_until: until.map(jiff::Timestamp::as_second),
    };
    let narrows = service.is_some() || conditions != learnloop_store::list_filter::ReportListFilter::default();
    Ok(ListChoice { service, conditions, order: filter.order, narrows })
}

/// `scope` narrowed to the chosen service (already checked to be the
/// person's).
pub fn narrowed_scope(scope: ReportListScope, service: Option<learnloop_domain::ids::ServiceId>) -> ReportListScope {
    match (scope, service) {
        (ReportListScope::ReportedBy(person), _) => ReportListScope::ReportedBy(person),
        (_, Some(service)) => ReportListScope::Services(vec![service]),
        (scope, None) => scope,
    }
}

/// The cursor of a filtered list: `<harm>.<submitted_at>.<id>`, the harm
/// `-` when none was given.
pub fn parse_filtered_cursor(text: Option<&str>) -> Option<learnloop_store::list_filter::FilteredCursor> {
    let mut parts = text?.splitn(3, '.');
    let harm = match parts.next()? {
        "-" => None,
        text => Some(learnloop_domain::reports::Harm::parse(text)?),
    };
    Some(learnloop_store::list_filter::FilteredCursor { harm, submitted_at: parts.next()?.parse().ok()?, id: parts.next()?.parse::<i64>().ok()?.into() })
}

pub fn format_filtered_cursor(cursor: learnloop_store::list_filter::FilteredCursor) -> String {
    format!("{}.{}.{}", cursor.harm.map(|h| h.as_str()).unwrap_or("-"), cursor.submitted_at, cursor.id)
}
