//! The public reporting link on paper: its QR code (SVG, to download or to
//! put on a page) and a printable A4 poster with the organisation's name,
//! an invitation to report without fear, the QR code and the link.
//! Administrators only (they make and replace the link).

use askama::Template;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use learnloop_domain::public_link::{
    POSTER_HEADING, POSTER_INVITATION, POSTER_PROMISE, POSTER_SCAN,
};

use crate::auth::PageUser;
use crate::html::admin::admin_only;
use crate::operations::public_link::public_link_to_print;
use crate::page::{Layout, PageError, render};
use crate::qr_code;
use crate::site_address::SiteAddress;
use crate::state::AppState;

/// The QR code's size in the SVG's own pixels, the same on the poster and
/// in the download (so that both draw the very same modules); it scales.
pub const QR_PIXELS: u32 = 512;

#[derive(Template)]
#[template(path = "public_link_poster.html")]
struct PosterPage {
    layout: Layout,
    organisation: String,
    link: String,
    qr_svg: String,
    heading: &'static str,
    invitation: &'static str,
    promise: &'static str,
    scan: &'static str,
}

pub async fn poster(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    SiteAddress(site): SiteAddress,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    let (org, link) = public_link_to_print(&state, &user, &site).await?;
    let qr_svg = qr_code::inline_svg(
        &link,
        QR_PIXELS,
        &format!("QR code of the reporting link {link}"),
    )?;
    Ok(render(&PosterPage {
        layout: Layout::for_user(&state, &user, "Poster: report without fear", "/admin").await?,
        organisation: org.name,
        link,
        qr_svg,
        heading: POSTER_HEADING,
        invitation: POSTER_INVITATION,
        promise: POSTER_PROMISE,
        scan: POSTER_SCAN,
    }))
}

/// The QR code alone, as an SVG file to download (for newsletters, badges,
/// posters of one's own).
pub async fn qr_code_svg(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    SiteAddress(site): SiteAddress,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    let (_, link) = public_link_to_print(&state, &user, &site).await?;
    let svg = qr_code::svg_document(&link, QR_PIXELS)?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"learnloop-reporting-link.svg\"",
            ),
        ],
        svg,
    )
        .into_response())
}
