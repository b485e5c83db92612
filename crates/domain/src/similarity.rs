//! Similar reports: which recent reports in the same service read like this
//! one, so triage can spot a possible repeat. TF-IDF cosine similarity of the
//! narratives (weights learned from the candidates themselves, so words every
//! report uses count for little), plus a share for the same category.

use std::collections::HashMap;

use crate::report::Category;

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
    for_each_term(text, |t| scratch.push(term_hash(t)));
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

/// The candidates most like `target`, best first, at most `limit`, leaving
/// out those that share almost nothing with it.
pub fn most_similar(target: &Document<'_>, candidates: &[Document<'_>], limit: usize) -> Vec<Similar> {
    let mut scratch = Vec::new();
    let target_counts = term_counts(target.text, &mut scratch);
    let candidate_counts: Vec<Vec<(u64, f64)>> = candidates.iter().map(|c| term_counts(c.text, &mut scratch)).collect();
    // Document frequency over the target and candidates, for the target's
    // terms only: other terms cannot add to a dot product with the target.
    let mut document_frequency: HashMap<u64, f64> = target_counts.iter().map(|(t, _)| (*t, 1.0)).collect();
    for counts in &candidate_counts {
        for (term, _) in counts {
            if let Some(df) = document_frequency.get_mut(term) {
                *df += 1.0;
            }
        }
    }
    let documents = candidates.len() as f64 + 1.0;
    let idf: HashMap<u64, f64> = document_frequency.iter().map(|(t, df)| (*t, (documents / df).ln() + 1.0)).collect();
    // A term found in no other report gets the largest weight.
    let unseen_idf = documents.ln() + 1.0;
    let weight = |term: &u64, n: f64| (1.0 + n.ln()) * idf.get(term).copied().unwrap_or(unseen_idf);
    let target_vector: HashMap<u64, f64> = target_counts.iter().map(|(t, n)| (*t, weight(t, *n))).collect();
    let target_norm = target_vector.values().map(|w| w * w).sum::<f64>().sqrt();

    let mut scored: Vec<Similar> = candidate_counts
        .iter()
        .enumerate()
        .filter_map(|(index, counts)| {
            let (mut dot, mut norm) = (0.0, 0.0);
            for (term, n) in counts {
                let w = weight(term, *n);
                norm += w * w;
                if let Some(t) = target_vector.get(term) {
                    dot += w * t;
                }
            }
            // A shared category alone is not similarity: some words must be shared.
            if dot <= 0.0 || norm == 0.0 || target_norm == 0.0 {
                return None;
            }
            let text_score = (dot / (norm.sqrt() * target_norm)).clamp(0.0, 1.0);
            let same_category = target.category.is_some() && target.category == candidates[index].category;
            let score = (1.0 - CATEGORY_WEIGHT) * text_score + if same_category { CATEGORY_WEIGHT } else { 0.0 };
            (score >= MINIMUM_SCORE).then_some(Similar { index, score })
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    scored.truncate(limit);
    scored
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
