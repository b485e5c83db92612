//! What a person typed into the search box, turned into words to look for.
//!
//! The text is user input: it is never handed to a full-text engine's query
//! language as it is. Only runs of letters and digits survive, so quotes,
//! `AND`/`OR`/`NOT`/`NEAR`, `*`, `:`, `^`, brackets and the like cannot reach
//! either database's query parser as syntax. Every word must match (AND).

/// At most this many words are searched for; the rest are ignored.
pub const MAX_TERMS: usize = 12;
/// Longer words are cut: nobody types them, and they only cost.
pub const MAX_TERM_CHARS: usize = 48;

/// Words to search for: at least one, each only letters and digits, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<String>,
}

/// Why a search cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchQueryError {
    /// Nothing but spaces.
    Blank,
    /// Punctuation or symbols only: no word to look for.
    NoWords,
}

impl SearchQueryError {
    pub fn message(self) -> &'static str {
        match self {
            SearchQueryError::Blank => "Type a word to search for.",
            SearchQueryError::NoWords => "Type at least one word (letters or digits) to search for.",
        }
    }
}

impl SearchQuery {
    pub fn parse(text: &str) -> Result<SearchQuery, SearchQueryError> {
        if text.trim().is_empty() {
            return Err(SearchQueryError::Blank);
        }
        // Lower case first: lowering can change which characters are letters.
        let lowered = text.to_lowercase();
        let mut terms: Vec<String> = Vec::new();
        for word in lowered.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let word: String = word.chars().take(MAX_TERM_CHARS).collect();
            if !terms.contains(&word) {
                terms.push(word);
            }
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        if terms.is_empty() { Err(SearchQueryError::NoWords) } else { Ok(SearchQuery { terms }) }
    }

    /// The words, lower case, without repeats, in the order typed.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The words separated by spaces (for PostgreSQL's `plainto_tsquery`,
    /// which treats its input as plain words, never as syntax).
    pub fn plain_text(&self) -> String {
        self.terms.join(" ")
    }

    /// Whether every word occurs in one of `texts`, words compared after a
    /// light stemming ("falls" finds "fall", "falling", "fallen" does not).
    /// Used where reading a person's own few reports beats asking the index
    /// about each one; the index's Porter stemmer is a little more eager.
    pub fn matches_any_of(&self, texts: &[&str]) -> bool {
        let mut words = std::collections::HashSet::new();
        for text in texts {
            let lowered = text.to_lowercase();
            for word in lowered.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                words.insert(light_stem(word).to_string());
            }
        }
        self.terms.iter().all(|t| words.contains(light_stem(t)))
    }

    /// An SQLite FTS5 expression: every word as a quoted string, ANDed.
    /// Words hold only letters and digits, so the quotes cannot be broken.
    pub fn fts5_expression(&self) -> String {
        self.terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" AND ")
    }
}

/// Strips one common English ending, keeping at least three letters.
fn light_stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stripped) = word.strip_suffix(suffix)
            && stripped.chars().count() >= 3
        {
            return stripped;
        }
    }
    word
}

#[cfg(test)]
mod tests {
    #[test]
    fn own_reports_are_matched_word_by_word_with_light_stemming() {
        let query = super::SearchQuery::parse("Falls garden").unwrap();
        assert!(query.matches_any_of(&["Resident fell in the garden.", "Two falling incidents; fall risk reviewed."]));
        assert!(query.matches_any_of(&["A fall by the GARDEN door."]));
        assert!(!query.matches_any_of(&["A fall in the lounge."]), "every word must match");
        assert!(!query.matches_any_of(&["gardening"]), "words, not substrings");
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_are_lowered_and_deduplicated() {
        let q = SearchQuery::parse("  Fall, fall; MEDICATION  ").unwrap();
        assert_eq!(q.terms(), ["fall", "medication"]);
        assert_eq!(q.fts5_expression(), "\"fall\" AND \"medication\"");
        assert_eq!(q.plain_text(), "fall medication");
    }

    #[test]
    fn blank_and_punctuation_only_are_refused() {
        assert_eq!(SearchQuery::parse("   "), Err(SearchQueryError::Blank));
        assert_eq!(SearchQuery::parse(""), Err(SearchQueryError::Blank));
        assert_eq!(SearchQuery::parse("\"*:^()-+ AND"), Ok(SearchQuery { terms: vec!["and".into()] }));
        assert_eq!(SearchQuery::parse("\"*:^()-+"), Err(SearchQueryError::NoWords));
    }

    #[test]
    fn operators_and_quotes_become_plain_words() {
        let q = SearchQuery::parse("fall\" OR NEAR(x) col:*").unwrap();
        assert_eq!(q.terms(), ["fall", "or", "near", "x", "col"]);
    }

    #[test]
    fn long_queries_are_capped() {
        let text: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert_eq!(SearchQuery::parse(&text).unwrap().terms().len(), MAX_TERMS);
        let long = "a".repeat(500);
        assert_eq!(SearchQuery::parse(&long).unwrap().terms()[0].chars().count(), MAX_TERM_CHARS);
    }

    proptest! {
        #[test]
        fn terms_never_carry_syntax(text in ".{0,80}") {
            if let Ok(q) = SearchQuery::parse(&text) {
                prop_assert!(!q.terms().is_empty());
                for t in q.terms() {
                    prop_assert!(!t.is_empty() && t.chars().all(char::is_alphanumeric));
                }
            }
        }
    }
}
