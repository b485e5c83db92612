//! What a person typed into the report page's forms, kept when a form comes
//! back with problems so nothing they wrote is lost.

/// What the person typed, kept when a form comes back with problems.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    pub thanks: Option<String>,
    pub message: String,
    pub feedback: String,
    pub learning_title: String,
    pub learning_summary: String,
    pub audiences: Vec<String>,
    pub action_title: String,
    pub action_owner: String,
    pub action_due: String,
    /// The safeguarding, notification and candour forms' fields by name.
    pub obligation_fields: std::collections::BTreeMap<String, String>,
}

