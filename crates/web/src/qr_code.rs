//! QR codes as SVG (the `qrcode` crate): the second factor's key, the public
//! reporting link on the administration page and its poster.

use crate::error::AppError;

/// An SVG document of `text` as a QR code, `size` pixels square at least.
pub fn svg_document(text: &str, size: u32) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(AppError::internal)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build())
}

/// The same, ready to put inside a page: the XML declaration dropped and
/// the image named for screen readers by `label`.
pub fn inline_svg(text: &str, size: u32, label: &str) -> Result<String, AppError> {
    let svg = svg_document(text, size)?;
    let start = svg.find("<svg").unwrap_or(0);
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    Ok(svg[start..].replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-label=\"{label}\""),
        1,
    ))
}
