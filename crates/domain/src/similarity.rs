//! Similar reports: which recent reports in the same service read like this
//! one, so triage can spot a possible repeat. TF-IDF cosine similarity of the
//! narratives (weights learned from the candidates themselves, so words every
//! report uses count for little), plus a share for the same category.

use std::collections::HashMap;

use crate::reports::Category;

/// Reports scoring at least this are flagged as a possible repeat.
pub const POSSIBLE_REPEAT_SCORE: f64 = 0.5;
/// How far back triage looks for similar reports.
pub const SIMILAR_WITHIN_DAYS: i64 = 90;
/// The share of the score that a shared category gives; the text gives the rest.
const CATEGORY_WEIGHT: f64 = 0.2;
/// Scores below this are not worth showing.
const MINIMUM_SCORE: f64 = 0.05;

/// Words that say nothing about what happened.
const STOP_WORDS: &[&str] = &[
    "the", "and", "was", "were", "for", "with", "that", "this", "from", "had", "has", "have", "her", "his", "she", "him", "they",
    "them", "their", "then", "than", "there", "when", "which", "who", "what", "into", "onto", "are", "but", "not", "all", "after",
    "before", "been", "being", "also", "about", "our", "out", "its", "it's", "did", "does", "one", "two", "would", "could", "should",
    "very", "just", "over", "under", "again", "while", "where", "because", "some", "any", "each", "other", "only", "same", "such",
    "so", "too", "can", "will", "may", "might", "upon", "at", "on", "in", "to", "of", "a", "an", "is", "as", "by", "be", "we", "i",
    "he", "it", "or", "no", "up", "am", "pm", "staff", "resident", "residents",
];

/// Calls `each` with every comparable term of `text`: lower case, letters and
/// digits, stop words dropped, and a light stemming so "falls", "fell" and
/// "falling" are near ("fall", "fell", "fall"). One buffer is reused, so a
/// check over thousands of reports allocates almost nothing.
fn for_each_term(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    for raw in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let raw = raw.trim_matches('\'');
        if raw.len() < 3 {
            continue;
        }
        word.clear();
        word.extend(raw.chars().flat_map(char::to_lowercase));
        if word.chars().count() < 3 || is_stop_word(&word) {
            continue;
        }
        each(stem(&word));
    }
}

fn is_stop_word(word: &str) -> bool {
    static STOP: std::sync::LazyLock<std::collections::HashSet<&'static str>> = std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    STOP.contains(word)
}

/// A narrative reduced to comparable terms (see `for_each_term`).
pub fn terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_term(text, |t| terms.push(t.to_string()));
    terms
}

fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stripped) = word.strip_suffix(suffix)
            && stripped.chars().count() >= 3
        {
            return stripped;
        }
    }
    word
}

/// FNV-1a: terms are compared by a 64-bit hash (a collision between two of a
/// report's words would only nudge a score).
fn term_hash(term: &str) -> u64 {
    term.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// One report as the comparison sees it.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub text: &'a str,
    pub category: Option<Category>,
}

/// A candidate's position in the list given, and its score in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similar {
    pub index: usize,
    pub score: f64,
}

/// Each distinct term (hashed) of a text with how often it occurs, sorted by hash.
fn term_counts(text: &str, scratch: &mut Vec<u64>) -> Vec<(u64, f64)> {
    scratch.clear();
    for_each_term(text, |t| scratch.push(u64::from(short_hash(t))));
    scratch.sort_unstable();
    let mut counts: Vec<(u64, f64)> = Vec::with_capacity(scratch.len());
    for &hash in scratch.iter() {
        match counts.last_mut() {
            Some((last, n)) if *last == hash => *n += 1.0,
            _ => counts.push((hash, 1.0)),
        }
    }
    counts
}

/// The 32 low bits of a term's hash: what a stored term list keeps.
fn short_hash(term: &str) -> u32 {
    term_hash(term) as u32
}

/// Bytes per term in a stored term list: the short hash, then the count.
const STORED_TERM_BYTES: usize = 5;

/// A narrative's terms as stored beside the report when it is saved, so
/// finding similar reports reads a few bytes per report instead of
/// re-reading and re-splitting every narrative: each distinct term's short
/// hash (little-endian) and its count (at most 255), sorted by hash.
pub fn stored_terms(text: &str) -> Vec<u8> {
    let mut scratch = Vec::new();
    let counts = term_counts(text, &mut scratch);
    let mut bytes = Vec::with_capacity(counts.len() * STORED_TERM_BYTES);
    for (hash, n) in counts {
        bytes.extend_from_slice(&(hash as u32).to_le_bytes());
        bytes.push(n.min(255.0) as u8);
    }
    bytes
}

/// Reads a stored term list back; a truncated tail is ignored.
fn read_stored_terms(bytes: &[u8]) -> impl Iterator<Item = (u64, f64)> + '_ {
    bytes.chunks_exact(STORED_TERM_BYTES).map(|c| (u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]])), f64::from(c[4].max(1))))
}

/// A candidate reduced to what scoring needs: for each of the target's
/// terms it contains, `1 + ln(count)`; and the summed squares of the same for
/// its other terms (their weight is the same for all, so it factors out).
struct Reduced {
    shared: Vec<(u64, f64)>,
    other_squares: f64,
    category: Option<Category>,
}

/// A similarity check that takes candidates one at a time and keeps only a
/// few numbers of each, so thousands of narratives can stream past it.
pub struct SimilarityCheck {
    target_terms: HashMap<u64, f64>,
    target_category: Option<Category>,
    /// Per target term: how many documents (target included) hold it.
    document_frequency: HashMap<u64, f64>,
    candidates: Vec<Reduced>,
    scratch: Vec<u64>,
}

impl SimilarityCheck {
    pub fn new(target: &Document<'_>) -> SimilarityCheck {
        let mut scratch = Vec::new();
        let target_terms: HashMap<u64, f64> = term_counts(target.text, &mut scratch).into_iter().collect();
        let document_frequency = target_terms.keys().map(|t| (*t, 1.0)).collect();
        SimilarityCheck { target_terms, target_category: target.category, document_frequency, candidates: Vec::new(), scratch }
    }

    /// Adds the next candidate; its index is the number added before it.
    pub fn add(&mut self, candidate: &Document<'_>) {
        let counts = term_counts(candidate.text, &mut self.scratch);
        self.add_counts(counts.into_iter(), candidate.category);
    }

    /// Adds the next candidate from its stored term list (`stored_terms`);
    /// scores exactly as `add` would for its narrative.
    pub fn add_stored(&mut self, terms: &[u8], category: Option<Category>) {
        self.add_counts(read_stored_terms(terms), category);
    }

    fn add_counts(&mut self, counts: impl Iterator<Item = (u64, f64)>, category: Option<Category>) {
        let mut shared = Vec::new();
        let mut other_squares = 0.0;
        for (term, n) in counts {
            let tf = 1.0 + n.ln();
            if let Some(df) = self.document_frequency.get_mut(&term) {
                *df += 1.0;
                shared.push((term, tf));
            } else {
                other_squares += tf * tf;
            }
        }
        self.candidates.push(Reduced { shared, other_squares, category });
    }

    /// The candidates most like the target, best first, at most `limit`,
    /// leaving out those that share almost nothing with it.
    pub fn best(self, limit: usize) -> Vec<Similar> {
        let documents = self.candidates.len() as f64 + 1.0;
        let idf: HashMap<u64, f64> = self.document_frequency.iter().map(|(t, df)| (*t, (documents / df).ln() + 1.0)).collect();
        // A term found in no other report gets the largest weight.
        let unseen_idf = documents.ln() + 1.0;
        let target_vector: HashMap<u64, f64> = self.target_terms.iter().map(|(t, n)| (*t, (1.0 + n.ln()) * idf[t])).collect();
        let target_norm = target_vector.values().map(|w| w * w).sum::<f64>().sqrt();
        let mut scored: Vec<Similar> = self
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(index, c)| {
                let mut dot = 0.0;
                let mut norm = c.other_squares * unseen_idf * unseen_idf;
                for (term, tf) in &c.shared {
                    let w = tf * idf[term];
                    norm += w * w;
                    dot += w * target_vector[term];
                }
                // A shared category alone is not similarity: some words must be shared.
                if dot <= 0.0 || norm == 0.0 || target_norm == 0.0 {
                    return None;
                }
                let text_score = (dot / (norm.sqrt() * target_norm)).clamp(0.0, 1.0);
                let same_category = self.target_category.is_some() && self.target_category == c.category;
                let score = (1.0 - CATEGORY_WEIGHT) * text_score + if same_category { CATEGORY_WEIGHT } else { 0.0 };
                (score >= MINIMUM_SCORE).then_some(Similar { index, score })
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        scored.truncate(limit);
        scored
    }
}

/// The candidates most like `target`, best first, at most `limit`.
pub fn most_similar(target: &Document<'_>, candidates: &[Document<'_>], limit: usize) -> Vec<Similar> {
    let mut check = SimilarityCheck::new(target);
    for candidate in candidates {
        check.add(candidate);
    }
    check.best(limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(text: &str, category: Option<Category>) -> Document<'_> {
        Document { text, category }
    }

    #[test]
    fn terms_drop_filler_and_stem_lightly() {
        assert_eq!(terms("The resident fell in the lounge, and falls were recorded."), ["fell", "lounge", "fall", "record"]);
        assert_eq!(terms("MAR chart: 08:00 dose missed"), ["mar", "chart", "dose", "miss"]);
        assert!(terms("and the of").is_empty());
    }

    #[test]
    fn the_same_story_scores_highest_and_unrelated_ones_not_at_all() {
        let target = doc("Evening medicines for Room 4 were found in the trolley drawer after the round; dose missed.", Some(Category::Medication));
        let candidates = [
            doc("Found Room 9's evening medicines still in the trolley drawer after the round; the dose was missed.", Some(Category::Medication)),
            doc("Resident slipped on a wet bathroom floor and bruised her arm.", Some(Category::Falls)),
            doc("The fire door was propped open with a chair overnight.", Some(Category::Environment)),
            doc("Lunchtime medicines were given late because the round was interrupted.", Some(Category::Medication)),
        ];
        let similar = most_similar(&target, &candidates, 5);
        assert_eq!(similar[0].index, 0, "{similar:?}");
        assert!(similar[0].score >= POSSIBLE_REPEAT_SCORE, "a near-identical report is a possible repeat: {similar:?}");
        assert_eq!(similar[1].index, 3, "same category and some shared words come next");
        assert!(similar[1].score < POSSIBLE_REPEAT_SCORE);
        assert!(similar.iter().all(|s| s.index != 1 && s.index != 2), "unrelated reports are left out: {similar:?}");
    }

    #[test]
    fn a_shared_category_alone_is_not_similarity() {
        let target = doc("Tablets dropped on the floor during the round.", Some(Category::Medication));
        let candidates = [doc("Thickener tin found unlabelled in the kitchen.", Some(Category::Medication))];
        assert!(most_similar(&target, &candidates, 5).is_empty());
    }

    #[test]
    fn stored_terms_score_exactly_as_the_narrative() {
        let target = doc("Two residents' morning medicines were in adjacent pots on the trolley.", Some(Category::Medication));
        let texts = [
            "Medicines for two residents were side by side in pots on the medicines trolley.",
            "A resident slipped in the bathroom after the floor was mopped.",
            "Pots pots pots on the trolley trolley in the morning.",
        ];
        let mut from_text = SimilarityCheck::new(&target);
        let mut from_stored = SimilarityCheck::new(&target);
        for text in texts {
            from_text.add(&doc(text, Some(Category::Medication)));
            from_stored.add_stored(&stored_terms(text), Some(Category::Medication));
        }
        assert_eq!(from_text.best(5), from_stored.best(5));
        assert_eq!(stored_terms("trolley trolley pots").len(), 2 * STORED_TERM_BYTES);
        assert!(stored_terms("the and was").is_empty(), "stop words only: nothing to store");
    }

    #[test]
    fn limit_and_order_are_kept() {
        let target = doc("hoist battery flat at handover", None);
        let candidates: Vec<Document> = (0..10).map(|_| doc("hoist battery flat at handover again", None)).collect();
        let similar = most_similar(&target, &candidates, 3);
        assert_eq!(similar.len(), 3);
        assert_eq!(similar.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1, 2], "ties keep the given order");
    }

    proptest! {
        #[test]
        fn scores_are_between_zero_and_one_and_sorted(texts in proptest::collection::vec("[a-z ]{0,60}", 0..12), target in "[a-z ]{0,60}") {
            let candidates: Vec<Document> = texts.iter().map(|t| doc(t, Some(Category::Falls))).collect();
            let similar = most_similar(&doc(&target, Some(Category::Falls)), &candidates, 20);
            for pair in similar.windows(2) {
                prop_assert!(pair[0].score >= pair[1].score);
            }
            for s in &similar {
                prop_assert!((0.0..=1.0 + 1e-9).contains(&s.score));
                prop_assert!(s.index < candidates.len());
            }
        }

        #[test]
        fn an_identical_report_scores_one(text in "[a-z]{4,10}( [a-z]{4,10}){2,8}") {
            let candidates = [doc(&text, Some(Category::Falls))];
            let similar = most_similar(&doc(&text, Some(Category::Falls)), &candidates, 1);
            prop_assume!(!terms(&text).is_empty());
            prop_assert!((similar[0].score - 1.0).abs() < 1e-9, "{:?}", similar);
        }
    }
}
