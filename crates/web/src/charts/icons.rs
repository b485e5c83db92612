//! The Making Data Count icons, drawn as small inline SVGs of our own: the
//! variation icon (common cause; special cause improvement, concern or
//! neither, high or low; too soon to tell) and the assurance icon
//! (consistently hit, consistently missed, hit and miss). Each carries its
//! words as a text alternative, or is hidden where the words stand beside it.

use learnloop_domain::spc::Assurance;
use learnloop_domain::spc::classification::{VariationIcon, assurance_words};

use crate::charts::palette::{COMMON, CONCERN, IMPROVEMENT, colour};
use crate::charts::svg::escape;

/// How an icon is announced: with its words (`role="img"`), or hidden
/// because the same words are written beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announce {
    Named,
    Hidden,
}

fn frame(words: &str, class: &str, announce: Announce, inside: &str) -> String {
    let access = match announce {
        Announce::Named => format!(r#" role="img" aria-label="{}""#, escape(words)),
        Announce::Hidden => r#" aria-hidden="true" focusable="false""#.to_string(),
    };
    let title = if announce == Announce::Named {
        format!("<title>{}</title>", escape(words))
    } else {
        String::new()
    };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="mdc-icon {class}" viewBox="0 0 32 32" width="32" height="32"{access}>{title}{inside}</svg>"#
    )
}

/// A letter in white at the centre, in our own strokes so no font is needed.
fn letter(letter: char) -> &'static str {
    match letter {
        'H' => {
            r#"<path d="M11 9v14M21 9v14M11 16h10" stroke="white" stroke-width="3" fill="none" stroke-linecap="round"/>"#
        }
        'L' => {
            r#"<path d="M12 9v14h9" stroke="white" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>"#
        }
        'P' => {
            r#"<path d="M12 23V9h5a4 4 0 0 1 0 8h-5" stroke="white" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>"#
        }
        'F' => {
            r#"<path d="M20 9h-8v14M12 16h6" stroke="white" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>"#
        }
        _ => "",
    }
}

/// A wavy line: everyday variation.
const WAVE: &str = r#"<path d="M7 17c3-6 5-6 7 0s4 6 6 0 4-6 5 0" stroke="white" stroke-width="2.6" fill="none" stroke-linecap="round"/>"#;

/// The variation icon.
pub fn variation_icon(icon: VariationIcon, announce: Announce) -> String {
    let meaning = icon.meaning();
    let class = format!("mdc-variation mdc-{}", meaning.code());
    let inside = match icon {
        VariationIcon::TooSoon => format!(
            r#"<circle cx="16" cy="16" r="14" fill="white" stroke="{COMMON}" stroke-width="2" stroke-dasharray="4 3"/><path d="M12.5 12.5a3.5 3.5 0 1 1 5 3.2c-1 .5-1.5 1.3-1.5 2.3M16 22.5v.5" stroke="{COMMON}" stroke-width="2.4" fill="none" stroke-linecap="round"/>"#
        ),
        VariationIcon::CommonCause => {
            format!(r#"<circle cx="16" cy="16" r="15" fill="{COMMON}"/>{WAVE}"#)
        }
        _ => {
            let up = icon.direction() > 0;
            format!(
                r#"<circle cx="16" cy="16" r="15" fill="{}"/>{}"#,
                colour(meaning),
                letter(if up { 'H' } else { 'L' })
            )
        }
    };
    frame(icon.words(), &class, announce, &inside)
}

/// The assurance icon.
pub fn assurance_icon(assurance: Assurance, announce: Announce) -> String {
    let (fill, inside, class) = match assurance {
        Assurance::Pass => (IMPROVEMENT, letter('P'), "mdc-pass"),
        Assurance::Fail => (CONCERN, letter('F'), "mdc-fail"),
        Assurance::Inconsistent => (COMMON, WAVE, "mdc-hit-and-miss"),
    };
    frame(
        assurance_words(assurance),
        &format!("mdc-assurance {class}"),
        announce,
        &format!(r#"<circle cx="16" cy="16" r="15" fill="{fill}"/>{inside}"#),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_carries_its_words_or_is_hidden_beside_them() {
        let named = variation_icon(VariationIcon::ConcernHigh, Announce::Named);
        assert!(
            named.contains(r#"role="img" aria-label="Special cause: concern, higher""#),
            "{named}"
        );
        assert!(
            named.contains("<title>Special cause: concern, higher</title>")
                && named.contains(CONCERN)
        );
        let hidden = assurance_icon(Assurance::Inconsistent, Announce::Hidden);
        assert!(
            hidden.contains(r#"aria-hidden="true""#) && !hidden.contains("role="),
            "{hidden}"
        );
        assert!(
            assurance_icon(Assurance::Pass, Announce::Named)
                .contains(r#"aria-label="Target: consistently hit""#)
        );
        for icon in [
            VariationIcon::CommonCause,
            VariationIcon::ImprovementLow,
            VariationIcon::NeitherHigh,
            VariationIcon::TooSoon,
        ] {
            assert!(
                variation_icon(icon, Announce::Named)
                    .contains(&format!("mdc-{}", icon.meaning().code()))
            );
        }
    }
}
