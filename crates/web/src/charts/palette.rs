//! The colours of what a signal means, Making Data Count's: blue for
//! improvement, orange for concern, purple where neither way is better,
//! grey for everyday variation. Shared by the drawing and the icons.

use learnloop_domain::spc::classification::Meaning;

/// Blue: improvement, and a target consistently hit.
pub const IMPROVEMENT: &str = "#1f4e9c";
/// Orange: concern, and a target consistently missed.
pub const CONCERN: &str = "#b4460a";
/// Purple: a signal where neither way is better.
pub const NEITHER: &str = "#6b21a8";
/// Grey: common cause, hit and miss, too soon.
pub const COMMON: &str = "#4f5666";

/// The colour of what a signal means.
pub fn colour(meaning: Meaning) -> &'static str {
    match meaning {
        Meaning::Improvement => IMPROVEMENT,
        Meaning::Concern => CONCERN,
        Meaning::Neither => NEITHER,
        Meaning::Common | Meaning::TooSoon => COMMON,
    }
}
