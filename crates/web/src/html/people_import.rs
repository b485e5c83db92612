//! Importing people from a CSV file (`/admin/people/import`): a form with a
//! template to download; every problem listed by row and column, nothing
//! imported unless all is well, then everyone invited by email.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use learnloop_domain::people_import::{MAX_ROWS, TEMPLATE_CSV};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::html::admin::admin_only;
use crate::operations::people_import::{ImportOutcome, import_people};
use crate::page::{Layout, PageError, render_with_status};
use crate::site_address::SiteAddress;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "people_import.html")]
struct ImportPage {
    layout: Layout,
    csv: String,
    problems: Vec<String>,
    max_rows: usize,
}

async fn import_page(
    state: &AppState,
    user: &learnloop_store::people::User,
    status: StatusCode,
    csv: String,
    problems: Vec<String>,
) -> Result<Response, PageError> {
    let page = ImportPage {
        layout: Layout::for_user(state, user, "Import people", "/admin").await?,
        csv,
        problems,
        max_rows: MAX_ROWS,
    };
    Ok(render_with_status(status, &page))
}

pub async fn form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    import_page(&state, &user, StatusCode::OK, String::new(), Vec::new()).await
}

/// The file to start from.
pub async fn template(PageUser(user): PageUser) -> Result<Response, PageError> {
    admin_only(&user)?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"learnloop-people.csv\"",
            ),
        ],
        TEMPLATE_CSV,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ImportForm {
    csv: String,
}

pub async fn import(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    SiteAddress(site): SiteAddress,
    Form(form): Form<ImportForm>,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    match import_people(&state, &user, &form.csv, &site).await? {
        ImportOutcome::Imported(count) => {
            Ok(Redirect::to(&format!("/admin/people?imported={count}")).into_response())
        }
        ImportOutcome::Refused(problems) => {
            let said = problems
                .iter()
                .map(|p| {
                    if p.row == 0 {
                        p.message.clone()
                    } else {
                        p.sentence()
                    }
                })
                .collect();
            import_page(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                form.csv,
                said,
            )
            .await
        }
    }
}
