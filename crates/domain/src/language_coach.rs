//! The language coach: finds phrases in an incident narrative that judge or
//! blame a person and offers a factual rewording. It advises; it never blocks
//! a report.
//!
//! The rules are data, in `language_coach_rules.toml` (its header explains
//! the format). The file is compiled in, parsed once, and checked by a unit
//! test, so a broken rules file fails the tests rather than production.
//!
//! Matching is case-insensitive and whole-word, treats straight and curly
//! apostrophes alike, keeps the leftmost and then longest of overlapping
//! matches, and reports character (Unicode scalar value) offsets.

use std::cmp::Reverse;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};

const RULES_TOML: &str = include_str!("../language_coach_rules.toml");

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

/// A rule from the rules file: what to look for, why it matters, what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// Plain phrases in the simple syntax described in the rules file.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions, for what a phrase cannot say.
    #[serde(default)]
    pub patterns: Vec<String>,
    pub reason: String,
    pub suggestion: String,
}

/// Phrases that contain a flagged phrase but are not blame ("no-blame culture").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub id: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    pub why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "rule")]
    rules: Vec<Rule>,
    #[serde(rename = "exception", default)]
    exceptions: Vec<Exception>,
}

/// The parsed rules with their compiled expressions.
struct Coach {
    rules: Vec<Rule>,
    exceptions: Vec<Exception>,
    /// Every expression at once: one pass says which ones match anywhere.
    set: RegexSet,
    /// The same expressions one by one, to find where they match.
    each: Vec<Regex>,
    /// The rule each expression belongs to; `None` for an exception.
    owner: Vec<Option<usize>>,
}

static COACH: LazyLock<Coach> = LazyLock::new(|| {
    Coach::parse(RULES_TOML).unwrap_or_else(|e| panic!("language_coach_rules.toml: {e}"))
});

/// Finds the judging or blaming phrases in `text`, sorted by position and
/// never overlapping.
pub fn check(text: &str) -> Vec<Finding> {
    COACH.check(text)
}

/// The rules, in file order (for a page that lists them).
pub fn rules() -> &'static [Rule] {
    &COACH.rules
}

/// The exceptions, in file order.
pub fn exceptions() -> &'static [Exception] {
    &COACH.exceptions
}

/// Straight, curly and look-alike apostrophes, or none ("didnt").
const APOSTROPHE: &str = "['’‘ʼ`´]?";
/// Between words: any run of whitespace and hyphens ("attention-seeking").
const SEPARATOR: &str = r"[\s\-‐‑]+";

/// Translates one phrase of the simple syntax into a regular expression.
fn phrase_to_regex(phrase: &str) -> Result<String, String> {
    let words: Vec<&str> = phrase.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err("is empty".into());
    }
    let mut slots = Vec::with_capacity(words.len());
    for word in words {
        let mut choices = Vec::new();
        for choice in word.split('/') {
            let (stem, any_ending) = match choice.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (choice, false),
            };
            if !stem.starts_with(|c: char| c.is_alphanumeric()) {
                return Err(format!("`{choice}` must start with a letter or digit"));
            }
            let mut re = String::new();
            for c in stem.chars() {
                match c {
                    '\'' | '’' => re.push_str(APOSTROPHE),
                    c if c.is_alphanumeric() => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
                    c => return Err(format!("`{c}` is not allowed in a phrase (regular expressions go in `patterns`)")),
                }
            }
            if any_ending {
                re.push_str(r"\w*");
            }
            choices.push(re);
        }
        slots.push(format!("(?:{})", choices.join("|")));
    }
    Ok(slots.join(SEPARATOR))
}

/// Wraps a phrase's expression so it only matches whole words, ignoring case.
/// The boundaries are spelt as characters rather than `\b` so the fast DFA
/// engine can run on non-ASCII text; group 1 is the phrase itself.
fn whole_word(body: &str) -> String {
    format!(r"(?:^|\W)((?i:{body}))(?:\W|$)")
}

/// Checks one rule's or exception's phrases and patterns; returns their
/// expressions, not yet limited to whole words.
fn expressions(id: &str, phrases: &[String], patterns: &[String]) -> Result<Vec<String>, String> {
    if phrases.is_empty() && patterns.is_empty() {
        return Err(format!("`{id}` has no phrases or patterns"));
    }
    let mut out = Vec::new();
    for phrase in phrases {
        out.push(phrase_to_regex(phrase).map_err(|e| format!("`{id}`: phrase \"{phrase}\": {e}"))?);
    }
    for pattern in patterns {
        let full = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| format!("`{id}`: pattern {pattern}: {e}"))?;
        if full.is_match("") {
            return Err(format!("`{id}`: pattern {pattern} can match nothing at all"));
        }
        out.push(pattern.clone());
    }
    Ok(out)
}

impl Coach {
    fn parse(toml_text: &str) -> Result<Coach, String> {
        let file: RulesFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let mut ids = HashSet::new();
        let mut bodies = Vec::new();
        let mut owner = Vec::new();
        // Exceptions first: on an exact tie of position and length, the earlier expression wins.
        for ex in &file.exceptions {
            if ex.why.trim().is_empty() {
                return Err(format!("exception `{}` needs a `why`", ex.id));
            }
            for body in expressions(&ex.id, &ex.phrases, &ex.patterns)? {
                bodies.push(body);
                owner.push(None);
            }
            if !ids.insert(ex.id.as_str()) {
                return Err(format!("id `{}` is used twice", ex.id));
            }
        }
        for (i, rule) in file.rules.iter().enumerate() {
            if rule.reason.trim().is_empty() || rule.suggestion.trim().is_empty() {
                return Err(format!("rule `{}` needs a reason and a suggestion", rule.id));
            }
            for body in expressions(&rule.id, &rule.phrases, &rule.patterns)? {
                bodies.push(body);
                owner.push(Some(i));
            }
            if !ids.insert(rule.id.as_str()) {
                return Err(format!("id `{}` is used twice", rule.id));
            }
        }
        if ids.iter().any(|id| id.is_empty()) {
            return Err("every rule and exception needs an id".into());
        }
        let each = bodies.iter().map(|b| Regex::new(&whole_word(b))).collect::<Result<Vec<_>, _>>();
        let each = each.map_err(|e| e.to_string())?;
        // The set is only a first sieve, so it leaves out the word boundaries: their large
        // Unicode classes would make the combined automaton too big for the fast engine.
        let set = RegexSet::new(bodies.iter().map(|b| format!("(?i:{b})"))).map_err(|e| e.to_string())?;
        Ok(Coach { rules: file.rules, exceptions: file.exceptions, set, each, owner })
    }

    fn check(&self, text: &str) -> Vec<Finding> {
        // (byte start, byte end, expression index) of every whole-word match.
        let mut spans = Vec::new();
        for i in self.set.matches(text).iter() {
            let mut at = 0;
            while let Some(caps) = self.each[i].captures_at(text, at) {
                let hit = caps.get(1).expect("group 1 is the phrase");
                if !hit.is_empty() {
                    spans.push((hit.start(), hit.end(), i));
                    // Resume at the phrase's end, not after the boundary character, so "lazy lazy" finds both.
                    at = hit.end();
                } else {
                    // A pattern that matched nothing here: step past it (never loops).
                    match text[hit.end()..].chars().next() {
                        Some(c) => at = hit.end() + c.len_utf8(),
                        None => break,
                    }
                }
            }
        }
        spans.sort_unstable_by_key(|&(start, end, i)| (start, Reverse(end), i));

        let mut findings = Vec::new();
        let mut taken_until = 0;
        let mut cursor = CharCursor::default();
        for (start, end, i) in spans {
            if start < taken_until {
                continue;
            }
            taken_until = end;
            // An exception that wins its overlap silences whatever it covers.
            let Some(rule) = self.owner[i].map(|r| &self.rules[r]) else { continue };
            findings.push(Finding {
                start: cursor.chars_to(text, start),
                end: cursor.chars_to(text, end),
                text: text[start..end].to_string(),
                reason: rule.reason.clone(),
                suggestion: rule.suggestion.clone(),
            });
        }
        findings
    }
}

/// Converts increasing byte offsets to character offsets in one pass.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    fn chars_to(&mut self, text: &str, byte: usize) -> usize {
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Clean, factual narratives: the coach must stay silent on all of them.
    const CLEAN: &[&str] = &[
        "Resident A was found on the floor beside her bed at 02:10. She said she had tried to reach the toilet. \
         No injury seen; observations taken and the GP informed.",
        "At 08:15 Mr B was given 20 mg of furosemide instead of the prescribed 40 mg. The error was noticed at 09:00 \
         during the second check; the GP advised giving the remaining 20 mg and monitoring fluid balance.",
        "The MAR chart for the 22:00 round was not signed for Mrs C's paracetamol. The stock count shows the dose \
         was given. The nurse has been asked to write a reflective account.",
        "Two staff used the standing hoist to transfer Mr D from his wheelchair to the armchair. The sling was the \
         wrong size and he slipped; staff lowered him to the floor. No injuries. The physiotherapist will reassess the sling.",
        "During personal care J became distressed, pushed staff away and hit out. Staff stepped back, gave J space \
         and tried again after twenty minutes, when J accepted help.",
        "The hoist battery failed at 14:20 while Mrs E was in the sling. She was lowered using the emergency \
         release. Maintenance replaced the battery the same afternoon.",
        "K was held in a two-person standing hold for three minutes to stop him running into the road. The hold was \
         released as soon as he was calm. His social worker and parents were informed and the restraint was recorded.",
        "A visitor reported that Mr F had told her he was being shouted at by a member of night staff. The manager \
         raised a safeguarding concern with the local authority and the staff member was moved to day shifts pending investigation.",
        "Mrs G declined her evening medication, saying the tablets made her feel sick. The nurse offered them again \
         at 21:00 and she declined again. The GP has been asked to review.",
        "The fluid chart for Mr H had no entries between 14:00 and 20:00. He drank 200 ml at 20:15. Staffing on the \
         unit was two carers short that afternoon.",
        "L left the home at 22:40 without telling staff and did not return by the agreed time of 23:00. Staff \
         reported her missing to the police at 23:30 in line with the missing-from-care protocol. She returned at 01:05.",
        "The controlled drugs register showed a balance of 14 tablets but 13 were counted. A second nurse recounted \
         and confirmed 13. The missing tablet was found on the floor of the treatment room and destroyed with a witness.",
        "Mrs I had a seizure lasting six minutes in the dining room at 12:30. Staff followed her epilepsy plan, \
         timed the seizure and gave buccal midazolam at five minutes as prescribed. Paramedics were called.",
        "At handover the night nurse reported that Mr J’s blood glucose was 3.1 mmol/L at 06:30. He was given \
         glucose gel and a snack; a recheck at 06:45 showed 5.4 mmol/L. The diabetes nurse has been informed.",
        "A pupil in Year 4 told the class teacher that an older child had taken his lunch money on three days this \
         week. The teacher wrote down his words and passed the concern to the designated safeguarding lead that morning.",
        "The pressure mat alarm did not sound when Mr K got out of bed at 03:20. The mat was found unplugged after \
         cleaning. A cable cover has been fitted and the night checklist now includes the mat.",
        "The weekly fridge temperature log had no readings from 3 to 9 May. The fridge was found at 7°C on 10 May. \
         Pharmacy advised that the insulin stored in it be replaced.",
        "Ms L's daughter phoned to say her mother's hearing aids had not been in for two days. They were found in \
         the laundry. Labelled storage boxes have been put in each room.",
        "During a fire drill the evacuation of the first floor took eleven minutes against a target of eight. One \
         evacuation chair was stored behind a locked door; the key is now kept in the fire box.",
        "M became upset when the cinema trip was cancelled because the minibus was off the road. He shouted, threw \
         a cup at the wall and went to his room. Staff sat with him and he chose a film to watch at home.",
        "Mr N was given another resident's morning tablets. Both residents have the same surname and sit at the same \
         table. The GP advised monitoring his blood pressure for 24 hours; no adverse effects were seen.",
        "The agency carer had not been shown the moving and handling plan for Mrs O and transferred her with one \
         person instead of two. Mrs O was not hurt. Agency induction now includes a walk-through of each plan.",
        "P said that staff at his previous placement had locked him in his bedroom. The registered manager wrote \
         down what he said in his own words and informed the local authority designated officer.",
        "Bed rails were found raised for Mrs Q although her care plan says they should not be used. Night staff said \
         they raised them because she had been restless. The plan has been reviewed with her family.",
        "A wound on Mr R's heel was found to be a category 3 pressure ulcer. The repositioning chart shows two-hourly \
         turns, but the heel was resting on the mattress. The tissue viability nurse recommended heel protectors.",
        "The medication trolley was left unlocked in the corridor for about fifteen minutes while the nurse answered \
         the phone. No medication was taken. A phone has been requested for the treatment room.",
        "S, aged 14, disclosed during key-work that an adult she met online had asked for photographs. Staff followed \
         the exploitation procedure, informed her social worker and the police, and removed the app with her agreement.",
        "Mrs T's care plan was not updated after her hospital discharge, so staff continued to give thickened fluids \
         at level 2 instead of level 1. The speech and language therapist confirmed the change by phone.",
        "Mr U pressed his call bell at 19:40; it was answered at 19:54. Both carers on the floor were helping another \
         resident with a hoist transfer at the time.",
        "Documentation audit: 6 of 20 daily notes did not record fluid intake. Three were from the same night shift, \
         when the electronic tablet was out of charge.",
        // Traps: words near flagged phrases that are plain facts here.
        "Mr V was found lying on the floor of the bathroom. No obvious injury. He said he felt useless since his \
         stroke and asked to speak to his son.",
        "The sensor mat failed to alert staff when Mrs W got up, and the call bell failed to sound at 04:00. The \
         wound on her shin has failed to heal. Both devices have been replaced.",
        "A possible neglect concern was raised after bruising was seen on X's arm and a body map was completed. \
         Our no-blame approach was explained to the staff involved; the review is blameless by design.",
        "Y kicked off his shoes in the lounge and tripped over one of them; he has a small graze on his knee. The \
         hoist's fault light was on, so the hoist was taken out of use.",
        "Staff did not care for Mr A’s catheter as the plan describes; he didn't care for the soup either. He \
         blamed himself for the fall. The hoist battery had failed to charge overnight.",
        "Food was sent up in the dumb waiter at 12:10. Z, who has challenging behaviour in her support plan, took \
         her tray to the glazed conservatory and sat by the bird feeder.",
    ];

    /// Expected findings as (start, end, text), offsets in characters.
    type Spans = &'static [(usize, usize, &'static str)];

    const FLAGGED: &[(&str, Spans)] = &[
        ("Café — she was careless", &[(15, 23, "careless")]),
        ("The night carer was lazy and did not do the 02:00 check.", &[(20, 24, "lazy")]),
        ("Staff failed to sign the MAR chart.", &[(6, 15, "failed to")]),
        ("She should have known about the allergy.", &[(4, 21, "should have known")]),
        ("It was his fault that the door was left open.", &[(7, 16, "his fault")]),
        ("It was Sam’s fault.", &[(7, 18, "Sam’s fault")]),
        ("Night staff couldn’t be bothered to answer the bell.", &[(12, 32, "couldn’t be bothered")]),
        ("The agency nurse didnt care.", &[(17, 27, "didnt care")]),
        ("The night staff didn’t care about her.", &[(16, 27, "didn’t care")]),
        ("The notes were sloppy and incomplete.", &[(15, 21, "sloppy")]),
        ("J was attention-seeking all evening.", &[(6, 23, "attention-seeking")]),
        ("J was attention\nseeking", &[(6, 23, "attention\nseeking")]),
        ("He was being manipulative.", &[(13, 25, "manipulative")]),
        ("K kicked off at teatime.", &[(2, 12, "kicked off")]),
        ("She is a very challenging person.", &[(14, 32, "challenging person")]),
        ("He acted CARELESSLY and negligently.", &[(9, 19, "CARELESSLY"), (24, 35, "negligently")]),
        ("As usual, the night staff left the kitchen door open.", &[(0, 8, "As usual")]),
        (
            "Yet again the fridge log was not done; she always forgets.",
            &[(0, 9, "Yet again"), (43, 57, "always forgets")],
        ),
        ("Obviously the nurse had not read the care plan.", &[(0, 9, "Obviously")]),
        ("Staff blamed the agency worker.", &[(6, 12, "blamed")]),
        ("This was human error.", &[(9, 20, "human error")]),
        ("The carer was not paying attention.", &[(14, 34, "not paying attention")]),
        ("Mrs B was non-compliant with her medication.", &[(10, 23, "non-compliant")]),
        ("It was reckless and irresponsible.", &[(7, 15, "reckless"), (20, 33, "irresponsible")]),
        ("He’s clueless and has no common sense.", &[(5, 13, "clueless"), (22, 37, "no common sense")]),
        ("The staff were useless; the night staff's fault.", &[(15, 22, "useless"), (34, 47, "staff's fault")]),
        ("lazy lazy", &[(0, 4, "lazy"), (5, 9, "lazy")]),
        (
            "Zoë is a real attention seeker, seeking attention.",
            &[(14, 30, "attention seeker"), (32, 49, "seeking attention")],
        ),
        // Leftmost wins: "seeking attention" overlaps the first match and is dropped.
        ("attention seeking attention", &[(0, 17, "attention seeking")]),
        ("The home’s staff were INCOMPETENT — “incompetence”.", &[(22, 33, "INCOMPETENT"), (37, 49, "incompetence")]),
        // The first "kicked off" is literal (an exception); the second is not.
        (
            "Staff ignored the call bell and kicked off his shoes, then kicked off.",
            &[(6, 13, "ignored"), (59, 69, "kicked off")],
        ),
    ];

    fn spans(text: &str) -> Vec<(usize, usize, String)> {
        check(text).into_iter().map(|f| (f.start, f.end, f.text)).collect()
    }

    #[test]
    fn the_rules_file_is_valid() {
        let coach = Coach::parse(RULES_TOML).unwrap_or_else(|e| panic!("language_coach_rules.toml: {e}"));
        assert!(coach.rules.len() >= 30, "only {} rules", coach.rules.len());
    }

    #[test]
    fn clean_factual_narratives_produce_no_findings() {
        assert!(CLEAN.len() >= 25);
        for text in CLEAN {
            assert_eq!(check(text), vec![], "in: {text}");
        }
    }

    #[test]
    fn flagged_phrases_are_found_at_character_offsets() {
        assert!(FLAGGED.len() >= 20);
        for (text, expected) in FLAGGED {
            let found = check(text);
            let got: Vec<_> = found.iter().map(|f| (f.start, f.end, f.text.as_str())).collect();
            assert_eq!(&got, expected, "in: {text:?}");
            for f in &found {
                assert!(!f.reason.trim().is_empty() && !f.suggestion.trim().is_empty());
            }
        }
    }

    #[test]
    fn findings_carry_their_rule_reason_and_suggestion() {
        let f = &check("Staff failed to sign.")[0];
        let rule = rules().iter().find(|r| r.id == "failed_to").unwrap();
        assert_eq!((&f.reason, &f.suggestion), (&rule.reason, &rule.suggestion));
        assert!(f.suggestion.contains("did not"));
    }

    #[test]
    fn only_whole_words_match() {
        for text in ["glazy", "blameless", "uncareless", "this fault", "failedto", "the lazybones", "neglect"] {
            assert_eq!(spans(text), vec![], "in: {text}");
        }
        // Endings are flagged where the rule asks for them.
        assert_eq!(spans("carelessness"), vec![(0, 12, "carelessness".to_string())]);
    }

    /// The first choice of each word with any `*` dropped: "his/her fault" -> "his fault".
    fn example_of(phrase: &str) -> String {
        phrase
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| w.split('/').next().unwrap().trim_end_matches('*'))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn every_phrase_is_found_by_its_own_rule() {
        for rule in rules() {
            for phrase in &rule.phrases {
                let example = example_of(phrase);
                let found = check(&example);
                assert_eq!(found.len(), 1, "`{}`: \"{example}\" gave {found:?}", rule.id);
                let whole = (0, example.chars().count());
                assert_eq!((found[0].start, found[0].end), whole, "`{}`: \"{example}\"", rule.id);
                assert_eq!(found[0].reason, rule.reason, "\"{example}\" was taken by another rule");
            }
        }
        for ex in exceptions() {
            for phrase in &ex.phrases {
                let example = example_of(phrase);
                assert_eq!(check(&example), vec![], "exception `{}`: \"{example}\"", ex.id);
            }
        }
    }

    #[test]
    fn broken_rules_files_are_rejected() {
        let rule = |body: &str| format!("[[rule]]\nid = \"x\"\nreason = \"r\"\nsuggestion = \"s\"\n{body}\n");
        assert!(Coach::parse(&rule("phrases = [\"care*less\"]")).is_err(), "* inside a word");
        assert!(Coach::parse(&rule("phrases = [\"care(less)\"]")).is_err(), "regex in a phrase");
        assert!(Coach::parse(&rule("phrases = [\"\"]")).is_err(), "empty phrase");
        assert!(Coach::parse(&rule("phrases = []")).is_err(), "nothing to match");
        assert!(Coach::parse(&rule("patterns = ['''a(''']")).is_err(), "bad regex");
        assert!(Coach::parse(&rule("patterns = ['''a?''']")).is_err(), "regex matching nothing");
        assert!(Coach::parse(&rule("phrases = [\"a\"]\nsugestion = \"typo\"")).is_err(), "unknown field");
        assert!(Coach::parse(&format!("{0}{0}", rule("phrases = [\"a\"]"))).is_err(), "duplicate id");
        assert!(Coach::parse("[[rule]]\nid = \"x\"\nphrases = [\"a\"]\nreason = \"r\"\n").is_err(), "no suggestion");
        assert!(Coach::parse(&rule("phrases = [\"a\"]")).is_ok());
    }

    #[test]
    fn a_long_narrative_is_checked_whole() {
        // Speed is measured by the benchmark (bench/), not asserted here.
        let mut text = String::new();
        let mut inserted = 0;
        for t in CLEAN.iter().cycle() {
            if text.chars().count() >= 2000 {
                break;
            }
            text.push_str(t);
            text.push_str(" She was careless, yet again. ");
            inserted += 1;
        }
        let findings = check(&text);
        assert_eq!(findings.iter().filter(|f| f.text == "careless").count(), inserted);
        assert_eq!(findings.iter().filter(|f| f.text == "yet again").count(), inserted);
        assert_well_formed(&text);
    }

    fn assert_well_formed(text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let mut previous_end = 0;
        for f in check(text) {
            assert!(f.start < f.end && f.end <= chars.len(), "{f:?}");
            assert!(f.start >= previous_end, "overlapping or unsorted: {f:?}");
            assert_eq!(f.text, chars[f.start..f.end].iter().collect::<String>());
            previous_end = f.end;
        }
    }

    /// Fragments that build near-misses, overlaps and exceptions.
    const SOUP: &[&str] = &[
        "careless", "lazy", "failed to", "his fault", "’s fault", "as usual", "attention", "seeking", "kicked off",
        "his shoes", "no", "blame", " ", "-", "'", "’", "é", "\n", "x",
    ];

    proptest! {
        #[test]
        fn any_text_gives_well_formed_findings(text in any::<String>()) {
            assert_well_formed(&text);
        }

        #[test]
        fn phrase_soup_gives_well_formed_findings(parts in prop::collection::vec(prop_oneof![
            prop::sample::select(SOUP).prop_map(str::to_string),
            "\\PC{0,3}",
        ], 0..24)) {
            assert_well_formed(&parts.concat());
        }
    }
}
