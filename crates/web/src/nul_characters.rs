//! Refuses any request whose text holds a NUL character (U+0000), before a
//! handler sees it. NUL is never part of what people write; SQLite would store
//! it and PostgreSQL refuses it in text, so it is turned away at the door, in
//! the path, the query, form fields, JSON strings and uploaded text alike,
//! with a message naming the field.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError};

/// No route accepts a larger body (the CSV import's limit).
const LARGEST_BODY: usize = crate::operations::measures::IMPORT_MAX_BYTES;

pub async fn refuse_nul_characters(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    if let Some(field) = nul_in_uri(request.uri()) {
        return refusal(api, &field);
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, LARGEST_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return answer(api, AppError::PayloadTooLarge),
    };
    if let Some(field) = nul_in_body(&content_type, &bytes) {
        return refusal(api, &field);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn nul_in_uri(uri: &axum::http::Uri) -> Option<String> {
    if uri.path().to_ascii_lowercase().contains("%00") {
        return Some("path".into());
    }
    let query = uri.query()?;
    form_urlencoded::parse(query.as_bytes()).find(|(k, v)| k.contains('\0') || v.contains('\0')).map(|(k, _)| k.replace('\0', ""))
}

/// The field holding a NUL, if any: a form field's name, a JSON path, or
/// `body` for anything else.
fn nul_in_body(content_type: &str, bytes: &Bytes) -> Option<String> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence == "application/x-www-form-urlencoded"
        && let Some((k, _)) = form_urlencoded::parse(bytes).find(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Some(k.replace('\0', ""));
    }
    if bytes.contains(&0) {
        return Some("body".into());
    }
    // JSON writes NUL as an escape; look closer only when one may be there.
    if bytes.windows(6).any(|w| w == b"\\u0000") {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        return json_path_with_nul(&value, String::new());
    }
    None
}

fn json_path_with_nul(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(text) if text.contains('\0') => Some(if path.is_empty() { "body".into() } else { path }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| json_path_with_nul(item, format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            if key.contains('\0') {
                return Some(if path.is_empty() { "body".into() } else { path.clone() });
            }
            json_path_with_nul(item, if path.is_empty() { key.clone() } else { format!("{path}.{key}") })
        }),
        _ => None,
    }
}

fn refusal(api: bool, field: &str) -> Response {
    let message = format!("{field} contains a NUL character (\\0), which is never part of text: remove it and send again.");
    answer(api, AppError::invalid(field, message))
}

fn answer(api: bool, err: AppError) -> Response {
    if api { ApiError(err).into_response() } else { crate::page::PageError(err).into_response() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nul_wherever_text_travels() {
        let form = Bytes::from_static(b"kind=incident&what_happened=Fell%00over");
        assert_eq!(nul_in_body("application/x-www-form-urlencoded", &form).as_deref(), Some("what_happened"));
        let json = Bytes::from_static(br#"{"what_happened":"ok","people_affected":["A","B\u0000"]}"#);
        assert_eq!(nul_in_body("application/json", &json).as_deref(), Some("people_affected[1]"));
        assert_eq!(nul_in_body("text/csv", &Bytes::from_static(b"service,month\0")).as_deref(), Some("body"));
        assert_eq!(nul_in_body("application/json", &Bytes::from_static(br#"{"a":"\\u0000 is how you write it"}"#)), None, "an escaped backslash is text");
        assert_eq!(nul_in_body("application/x-www-form-urlencoded", &Bytes::from_static(b"a=100%25")), None);
        assert_eq!(nul_in_uri(&"/search?q=fall%00".parse().unwrap()).as_deref(), Some("q"));
        assert_eq!(nul_in_uri(&"/reports/LL-%00".parse().unwrap()).as_deref(), Some("path"));
        assert_eq!(nul_in_uri(&"/search?q=fall".parse().unwrap()), None);
    }
}
