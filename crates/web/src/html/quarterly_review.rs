//! `/quarterly-review`: the quarter's review as a page that prints on A4.
//! Those who lead quality write the plan and publish it to staff; everyone
//! else reads the published reviews.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use learnloop_domain::FieldErrors;
use learnloop_domain::quarter::Quarter;
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::charts::view::ChartView;
use crate::error::AppError;
use crate::html::dashboard::chart_of;
use crate::page::{Layout, PageError, render_with_status};
use crate::html::display::{Choice, local_day};
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::operations::quarterly_review::{self, Doing, Heard, may_write, quarter_of};
use crate::state::AppState;

const HERE: &str = "/dashboard";
/// Quarters a writer can choose among, newest first.
const QUARTERS_OFFERED: usize = 8;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuarterQuery {
    quarter: Option<String>,
    /// What the form just saved: `published` or `draft`.
    done: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlanForm {
    quarter: String,
    plan_next: String,
    /// "yes" to publish to staff as well as save.
    publish: String,
}

struct ReviewView {
    code: String,
    label: String,
    organisation: String,
    heard: Heard,
    learning: Vec<(String, String)>,
    doing: Doing,
    plan_next: String,
    status: String,
    published: bool,
    charts: Vec<ChartView>,
}

#[derive(Template)]
#[template(path = "quarterly_review.html")]
struct ReviewPage {
    layout: Layout,
    may_write: bool,
    quarters: Vec<Choice>,
    notice: Option<String>,
    errors: FieldErrors,
    review: Option<ReviewView>,
}

async fn review_page(state: &AppState, user: &User, status: StatusCode, asked: Option<&str>, notice: Option<String>, errors: FieldErrors, typed_plan: Option<String>) -> Result<Response, PageError> {
    let zone = organisation_zone(state, user.organisation_id).await?;
    let today = today_in(&zone);
    let writer = may_write(user);
    let published = state.store.published_quarterly_reviews(user.organisation_id).await?;
    let quarter = match asked.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(quarter_of(Some(text), today)?),
        None if writer => Some(Quarter::last_complete(today)),
        None => published.first().and_then(|r| Quarter::from_key(r.quarter)),
    };
    let offered: Vec<Quarter> = if writer {
        std::iter::successors(Some(Quarter::containing(today)), |q| Some(q.previous())).take(QUARTERS_OFFERED).collect()
    } else {
        published.iter().filter_map(|r| Quarter::from_key(r.quarter)).collect()
    };
    let quarters = offered
        .iter()
        .map(|q| Choice { value: q.code(), label: format!("{} ({})", q.label(), q.code()), selected: Some(*q) == quarter })
        .collect();
    let review = match quarter {
        None => None,
        Some(quarter) => {
            let built = quarterly_review::build(state, user, quarter).await?;
            let record = built.record.as_ref();
            let status = match record {
                None => "Draft: not yet published to staff".to_string(),
                Some(r) => match r.published_at {
                    Some(at) => format!("Published to staff on {}; last edited by {}", local_day(at, &zone), r.updated_by_name),
                    None => format!("Draft, last saved by {} on {}: not yet published to staff", r.updated_by_name, local_day(r.updated_at, &zone)),
                },
            };
            Some(ReviewView {
                code: quarter.code(),
                label: quarter.label(),
                organisation: built.organisation.clone(),
                learning: built.learning.iter().map(|l| (l.title.clone(), local_day(l.published_at, &zone))).collect(),
                plan_next: typed_plan.clone().unwrap_or_else(|| record.map(|r| r.plan_next.clone()).unwrap_or_default()),
                published: record.is_some_and(|r| r.published_at.is_some()),
                status,
                charts: built.measures.iter().map(|s| ChartView::new(&chart_of(s), String::new())).collect(),
                heard: built.heard,
                doing: built.doing,
            })
        }
    };
    let page = ReviewPage { layout: Layout::for_user(state, user, "Quarterly review", HERE).await?, may_write: writer, quarters, notice, errors, review };
    Ok(render_with_status(status, &page))
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<QuarterQuery>) -> Result<Response, PageError> {
    let saved = query.quarter.as_deref().and_then(Quarter::parse);
    let notice = match (query.done.as_deref(), saved) {
        (Some("published"), Some(quarter)) => Some(format!("The review of {} is published: staff can read it under Quarterly review.", quarter.label())),
        (Some("draft"), Some(quarter)) => Some(format!("The plan for after {} is saved as a draft.", quarter.label())),
        _ => None,
    };
    review_page(&state, &user, StatusCode::OK, query.quarter.as_deref(), notice, FieldErrors::default(), None).await
}

pub async fn save(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<PlanForm>) -> Result<Response, PageError> {
    // Who may write it is settled before what was sent is read.
    if !quarterly_review::may_write(&user) {
        return Err(PageError(AppError::Forbidden));
    }
    let quarter = Quarter::parse(&form.quarter).ok_or_else(|| AppError::invalid("quarter", "Give the quarter as YYYY-Qn, for example 2026-Q3."))?;
    let publish = form.publish == "yes";
    match quarterly_review::save(&state, &user, quarter, &form.plan_next, publish).await {
        Ok(()) => {
            let done = if publish { "published" } else { "draft" };
            Ok(Redirect::to(&format!("/quarterly-review?quarter={}&done={done}", quarter.code())).into_response())
        }
        Err(AppError::Invalid(errors)) => review_page(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, Some(&quarter.code()), None, errors, Some(form.plan_next)).await,
        Err(other) => Err(other.into()),
    }
}
