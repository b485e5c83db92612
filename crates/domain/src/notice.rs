//! A message to someone: an inbox entry (and, where the recipient gets
//! email, the same words by email) with a link to what it is about. Every
//! message's wording is written in the domain, beside the rule that sends
//! it, so the store only delivers.

/// Subject, body and the link the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub body: String,
    pub link: String,
}

/// Where the team (and a signed-in reporter) reads a report.
pub fn report_link(reference: &str) -> String {
    format!("/reports/{reference}")
}

/// What a reporter is told when the team writes to them; the body is the
/// team's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToReporter<'a> {
    /// `who` thanked them.
    Thanks { who: &'a str },
    /// `who` wrote a message.
    Message { who: &'a str },
    /// The learning shared with them on closing the loop.
    Learning,
    /// Feedback on what happened next.
    Feedback,
}

impl ToReporter<'_> {
    /// The subject of the message about report `reference`.
    pub fn subject(self, reference: &str) -> String {
        match self {
            ToReporter::Thanks { who } => format!("{who} thanked you for {reference}"),
            ToReporter::Message { who } => format!("{who} wrote about {reference}"),
            ToReporter::Learning => format!("What we learned from {reference}"),
            ToReporter::Feedback => format!("Feedback on {reference}"),
        }
    }
}
