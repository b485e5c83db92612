//! The language coach: finds phrases that judge or blame a person and offers
//! a factual rewording. It advises; it never blocks a report.
//! (Placeholder: the rules engine is being written.)

use serde::Serialize;

/// One flagged phrase. `start` and `end` are character (Unicode scalar)
/// offsets into the checked text, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
    pub suggestion: String,
}

pub fn check(_text: &str) -> Vec<Finding> {
    Vec::new()
}
