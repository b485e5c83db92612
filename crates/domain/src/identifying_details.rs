//! Checks a learning summary, before it is published to staff, for details
//! that could identify a person: names, dates of birth, phone numbers,
//! email addresses, addresses and the report's own pseudonymous references.
//!
//! Like the language coach it advises: the author is shown each detail to
//! remove. It is tuned to stay quiet on ordinary care writing ("the night
//! team", "on Tuesday 3 March", "MAR chart", "CQC"), so it looks for shapes
//! (a title before a name, a common first name, a full date before 2010, a
//! phone number) rather than every capitalised word; it cannot catch every
//! name, so the author still reads the summary through.
//!
//! Offsets are characters (Unicode scalar values), as in the language coach.

use std::cmp::Reverse;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::choices::text_choices;

text_choices!(
    /// What sort of identifying detail was found.
    DetailKind {
        Name => "name", "Name";
        DateOfBirth => "date_of_birth", "Date of birth";
        PhoneNumber => "phone_number", "Phone number";
        Address => "address", "Address";
        PersonReference => "person_reference", "Person reference";
        Email => "email", "Email address";
    }
);

impl DetailKind {
    /// Why it should go, as the end of a sentence ("it looks like ...").
    pub fn reason(self) -> &'static str {
        match self {
            DetailKind::Name => "it looks like a person's name",
            DetailKind::DateOfBirth => "it looks like a date of birth",
            DetailKind::PhoneNumber => "it looks like a phone number",
            DetailKind::Address => "it looks like an address or postcode",
            DetailKind::PersonReference => {
                "it points to a particular person; write \"a resident\" or \"the young person\" instead"
            }
            DetailKind::Email => "it looks like an email address",
        }
    }
}

/// One detail to remove. `start` and `end` are character offsets into the
/// checked text, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentifyingDetail {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: DetailKind,
}

impl IdentifyingDetail {
    /// What to do, e.g. `Remove "Mrs Patel": it looks like a person's name.`
    pub fn message(&self) -> String {
        format!("Remove \"{}\": {}.", self.text, self.kind.reason())
    }
}

/// Common first names in the UK across the generations who give and receive
/// care. Capitalised, they are names wherever they appear.
const FIRST_NAMES: &str = concat!(
    // Born before about 1960.
    "Agnes Albert Alfred Arthur Audrey Barbara Bernard Betty Brenda Brian Cyril Dennis Derek Doreen ",
    "Doris Dorothy Edith Edna Eileen Elsie Ernest Ethel Evelyn Frederick Geoffrey Gladys Gordon Harold ",
    "Hilda Irene Joan Kathleen Kenneth Leonard Mabel Margaret Marjorie Maureen Muriel Nora Norma Phyllis ",
    "Ronald Sheila Sidney Stanley Sylvia Vera Walter Winifred ",
    // Born about 1960 to 1990.
    "Alan Alison Andrew Angela Ann Anne Anthony Barry Carole Christine Christopher Claire Colin David ",
    "Deborah Donna Edward Elaine Elizabeth Gary Gillian Graham Helen Ian Jacqueline James Janet Jason ",
    "Jean Jennifer John Julie Karen Keith Kevin Lesley Linda Lisa Malcolm Martin Mary Michael Michelle ",
    "Nicola Patricia Paul Pauline Peter Philip Rachel Richard Robert Sandra Sharon Simon Stephen Steven ",
    "Stuart Susan Teresa Thomas Tracey Trevor Valerie Wendy William ",
    // Born since about 1990.
    "Aaron Adam Aisha Alfie Amelia Amy Archie Ava Benjamin Callum Charlie Charlotte Chloe Connor Daniel ",
    "Dylan Ella Ellie Emily Emma Ethan Evie Fatima Freddie Freya George Hannah Harry Henry Isabella Isla ",
    "Jack Jacob Jamie Jessica Joseph Joshua Katie Kieran Laura Layla Liam Lucy Luke Maisie Matthew Mia ",
    "Millie Mohammed Muhammad Nathan Noah Oliver Olivia Oscar Priya Rebecca Rosie Ryan Samuel Sarah ",
    "Sophie Theo Tyler Zara ",
);

/// First names that are also everyday words ("Will", "Grace", "Mark"):
/// flagged only when a surname-like word follows.
const AMBIGUOUS_FIRST_NAMES: &str = concat!(
    "Amber Bill Carol Daisy Dawn Dean Eve Faith Florence Frank Grace Grant Heather Holly Hope Iris Ivy ",
    "Jade Joy Lily Mark Max Norman Pat Pearl Poppy Ray Robin Rose Ruby Sandy Sue Violet Will ",
);

/// Capitalised words that follow a name in ordinary writing without being a
/// surname: days, months, roles and the words of a sentence.
const NOT_SURNAMES: &str = concat!(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ",
    "August September October November December Resident Person Child Young Service User Client Tenant ",
    "Pupil Student Room Flat Staff Member Visitor Relative Family Adult Team Manager Nurse Carer Doctor ",
    "Mr Mrs Ms Miss Dr Mx Ofsted The And But She He They We It This That His Her Their Our When Then ",
    "After Before At On In To For With ",
);

/// Words that make a name into a place ("Elizabeth House", "Rose Lodge"):
/// the name of a home or a street is not a person.
const PLACE_WORDS: &str = concat!(
    "House Lodge Court Ward Unit Hall Manor Centre Home Wing Lounge Suite Road Street Avenue Lane Close ",
    "Drive Way Crescent Place Gardens Terrace Grove Park Hospital School Surgery ",
);

/// A capitalised word with at least one lower-case letter: "Patel",
/// "O'Brien", "McDonald", "Smith-Jones" (a possessive "'s" is cut later).
const NAME_WORD: &str = r"\p{Lu}[\p{L}'’\-]*\p{Ll}";
/// Spaces or tabs, but not a line break: a name does not run across lines.
const GAP: &str = r"[^\S\n]+";
const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December\
                      |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const DAY: &str = r"\d{1,2}(?:st|nd|rd|th)?";

/// The patterns, compiled once.
struct Patterns {
    titled_name: Regex,
    first_name: Regex,
    dob_label: Regex,
    old_dates: [Regex; 4],
    phone_run: Regex,
    email: Regex,
    street: Regex,
    postcode: Regex,
    generic_person: Regex,
    generic_room: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let compile = |pattern: &str| Regex::new(pattern).unwrap_or_else(|e| panic!("identifying details: {e}"));
    let names: Vec<&str> = FIRST_NAMES.split_whitespace().chain(AMBIGUOUS_FIRST_NAMES.split_whitespace()).collect();
    let numeric = r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\b";
    let day_month = format!(r"{DAY}{GAP}(?:of{GAP})?(?:{MONTHS})\b(?:,?{GAP}\d{{4}}\b)?");
    let month_day = format!(r"(?:{MONTHS}){GAP}{DAY}\b(?:,?{GAP}\d{{4}}\b)?");
    let any_date = format!(r"{numeric}|{day_month}|{month_day}|\d{{4}}\b");
    let suffixes = "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Park";
    Patterns {
        titled_name: compile(&format!(r"\b(?:Mrs|Mr|Ms|Miss|Dr|Mx|Master)\.?{GAP}{NAME_WORD}(?:{GAP}{NAME_WORD})?")),
        first_name: compile(&format!(r"\b(?:{})\b(?:{GAP}{NAME_WORD}){{0,2}}", names.join("|"))),
        dob_label: compile(&format!(
            r"(?i:\bd\.?o\.?b\b\.?|\bdate{GAP}of{GAP}birth\b|\bborn(?:{GAP}(?:on|in))?\b)[^\S\n]*[:\-–]?[^\S\n]*(?P<date>(?i:{any_date}))"
        )),
        old_dates: [
            compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?P<year>\d{4})\b"),
            compile(r"\b(?P<year>\d{4})-\d{2}-\d{2}\b"),
            compile(&format!(r"(?i)\b{DAY}{GAP}(?:of{GAP})?(?:{MONTHS})\b,?{GAP}(?P<year>\d{{4}})\b")),
            compile(&format!(r"(?i)\b(?:{MONTHS}){GAP}{DAY},?{GAP}(?P<year>\d{{4}})\b")),
        ],
        phone_run: compile(r"(?:\+44|\(?0)[\d\- ()]*\d"),
        email: compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"),
        street: compile(&format!(r"\b\d{{1,4}}[A-Za-z]?,?{GAP}(?:{NAME_WORD}{GAP}){{1,3}}(?:{suffixes})\b")),
        postcode: compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[^\S\n]?\d[A-Z]{2}\b"),
        // "I" is left out: "the child I support" is not a reference.
        generic_person: compile(&format!(
            r"\b(?i:resident|service{GAP}user|child|young{GAP}person|client|tenant|pupil){GAP}[A-HJ-Z]\b"
        )),
        generic_room: compile(&format!(r"\b(?i:room|bedroom|flat){GAP}\d{{1,4}}[A-Za-z]?\b")),
    }
});

/// A candidate: byte start, byte end, kind.
type Span = (usize, usize, DetailKind);

/// Finds the identifying details in `text`, sorted by position and never
/// overlapping (the leftmost, then the longest, wins).
///
/// `known_references` are the report's pseudonymous references for the
/// people affected ("Resident A", "Room 12", "JS"); each is matched as whole
/// words, ignoring case. References of three characters or fewer are matched
/// exactly as written, so initials such as "AM" do not flag the word "am", and
/// single characters are skipped since they would flag every "a" or "I".
pub fn find_identifying_details(text: &str, known_references: &[String]) -> Vec<IdentifyingDetail> {
    let p = &*PATTERNS;
    let mut spans: Vec<Span> = Vec::new();

    known_reference_spans(text, known_references, &mut spans);
    for m in p.generic_person.find_iter(text).chain(p.generic_room.find_iter(text)) {
        spans.push((m.start(), m.end(), DetailKind::PersonReference));
    }
    for m in p.email.find_iter(text) {
        spans.push((m.start(), m.end(), DetailKind::Email));
    }
    for m in p.titled_name.find_iter(text) {
        spans.push((m.start(), m.start() + without_possessive(m.as_str()).len(), DetailKind::Name));
    }
    first_name_spans(text, &mut spans);
    for caps in p.dob_label.captures_iter(text) {
        let date = caps.name("date").expect("the date group always takes part");
        spans.push((date.start(), date.end(), DetailKind::DateOfBirth));
    }
    for pattern in &p.old_dates {
        for caps in pattern.captures_iter(text) {
            let year: u32 = caps["year"].parse().unwrap_or(0);
            if (1900..2010).contains(&year) {
                let whole = caps.get(0).expect("group 0 is the match");
                spans.push((whole.start(), whole.end(), DetailKind::DateOfBirth));
            }
        }
    }
    phone_spans(text, &mut spans);
    for m in p.street.find_iter(text).chain(p.postcode.find_iter(text)) {
        spans.push((m.start(), m.end(), DetailKind::Address));
    }

    // Stable sort: on an exact tie the kind pushed first (a known reference) wins.
    spans.sort_by_key(|&(start, end, _)| (start, Reverse(end)));
    let mut details = Vec::new();
    let mut taken_until = 0;
    let mut cursor = CharCursor::default();
    for (start, end, kind) in spans {
        if start < taken_until || start == end {
            continue;
        }
        taken_until = end;
        details.push(IdentifyingDetail {
            start: cursor.chars_to(text, start),
            end: cursor.chars_to(text, end),
            text: text[start..end].to_string(),
            kind,
        });
    }
    details
}

/// Whether `word` is in a space-separated word list.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|listed| listed == word)
}

/// "Patel's" → "Patel", "Jones’" → "Jones".
fn without_possessive(name: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            return stripped;
        }
    }
    name
}

fn known_reference_spans(text: &str, references: &[String], spans: &mut Vec<Span>) {
    for reference in references {
        let reference = reference.trim();
        let length = reference.chars().count();
        if length < 2 {
            continue;
        }
        let body: Vec<String> = reference.split_whitespace().map(regex::escape).collect();
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let before = if is_word(reference.chars().next()) { r"\b" } else { "" };
        let after = if is_word(reference.chars().last()) { r"\b" } else { "" };
        let case = if length > 3 { "(?i)" } else { "" };
        let Ok(pattern) = Regex::new(&format!(r"{case}{before}{}{after}", body.join(r"\s+"))) else { continue };
        for m in pattern.find_iter(text) {
            spans.push((m.start(), m.end(), DetailKind::PersonReference));
        }
    }
}

/// A common first name, with the surname-like words that follow it. An
/// ambiguous name ("Will") counts only with a surname.
fn first_name_spans(text: &str, spans: &mut Vec<Span>) {
    for m in PATTERNS.first_name.find_iter(text) {
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        let first = words[0];
        if words.get(1).is_some_and(|next| listed(PLACE_WORDS, without_possessive(next))) {
            continue;
        }
        let mut end = m.start() + first.len();
        let mut rest = &text[end..m.end()];
        let mut surnames = 0;
        for word in &words[1..] {
            if listed(NOT_SURNAMES, without_possessive(word)) {
                break;
            }
            let at = rest.find(word).expect("the word is in the match");
            end += at + word.len();
            rest = &rest[at + word.len()..];
            surnames += 1;
        }
        if surnames == 0 && listed(AMBIGUOUS_FIRST_NAMES, first) {
            continue;
        }
        let end = m.start() + without_possessive(&text[m.start()..end]).len();
        spans.push((m.start(), end, DetailKind::Name));
    }
}

/// UK phone numbers: 10 or 11 digits starting 01, 02, 03 or 07, or the same
/// after +44 (with or without "(0)"), in groups split by spaces or dashes.
fn phone_spans(text: &str, spans: &mut Vec<Span>) {
    let mut at = 0;
    while let Some(run) = PATTERNS.phone_run.find_at(text, at) {
        let preceded_by_word = text[..run.start()].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let found = if preceded_by_word { None } else { longest_phone_prefix(run.as_str()) };
        match found {
            Some(length) => {
                spans.push((run.start(), run.start() + length, DetailKind::PhoneNumber));
                at = run.start() + length;
            }
            // The run starts with an ASCII character, so one byte on is a boundary.
            None => at = run.start() + 1,
        }
    }
}

/// The byte length of the longest start of `run` that is a whole phone
/// number, ending at the end of a group of digits.
fn longest_phone_prefix(run: &str) -> Option<usize> {
    let bytes = run.as_bytes();
    (1..=bytes.len())
        .rev()
        .filter(|&end| bytes[end - 1].is_ascii_digit() && bytes.get(end).is_none_or(|b| !b.is_ascii_digit()))
        .find(|&end| is_phone_number(&run[..end]))
}

fn is_phone_number(candidate: &str) -> bool {
    let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
    let national = if candidate.starts_with("+44") {
        let rest = &digits[2..];
        // "+44 (0)7700 ..." carries a national 0 that is not dialled.
        let rest = if candidate.contains("(0)") { rest.strip_prefix('0').unwrap_or(rest) } else { rest };
        format!("0{rest}")
    } else {
        digits
    };
    (10..=11).contains(&national.len()) && matches!(national.as_bytes()[1], b'1' | b'2' | b'3' | b'7')
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
    use DetailKind::*;
    use proptest::prelude::*;

    /// Learning summaries as managers write them: nothing to remove.
    const CLEAN: &[&str] = &[
        "During the evening medication round on Tuesday 3 March, two residents' tablets were found in the wrong \
         pots. The nurse noticed before giving them.",
        "The night team found a resident on the floor of her bedroom at 02:10. She had no injuries. The sensor mat \
         had been unplugged after cleaning.",
        "Handover from the day staff was rushed because two carers were off sick. The manager has agreed an extra \
         ten minutes for handover.",
        "The MAR chart was not signed for a PRN dose of paracetamol. The stock count confirmed it was given.",
        "Staffing on Saturday and Sunday nights was one below the agreed level. Agency cover was booked too late.",
        "The young person returned to the home at 23:15, later than agreed. Staff followed the missing-from-care \
         protocol and informed the police.",
        "CQC asked how we learn from falls. We shared the notes of our monthly learning huddles.",
        "Ofsted's last visit praised the key-work sessions. We will keep the weekly reflection time.",
        "A resident was given another person's morning tablets. The GP advised monitoring for 24 hours; no harm \
         came of it.",
        "In March and April we saw more falls in the evening. Brighter lighting has been fitted in the corridor.",
        "Medication errors fell from 9 in January to 3 in June after the second check was introduced.",
        "The hoist battery failed during a transfer. Staff used the emergency lowering and maintenance replaced \
         the battery the same day.",
        "We will check the fridge temperatures twice a day from Monday 12 May.",
        "Will the new rota help? We will review it in the team meeting on Wednesday.",
        "Grace periods for signing the controlled drugs register have gone. Mark the time of each check.",
        "Hope grew after the manager started thanking every reporter within a day.",
        "Room temperatures were checked every hour during the heatwave.",
        "The child was upset after contact with family. Staff stayed with them and offered a hot drink.",
        "A service user in supported living missed two doses because the pharmacy delivery came late.",
        "The learning review found that the policy on bed rails was out of date. It has been rewritten with the \
         physiotherapist.",
        "Fluid intake was recorded for 14 of 20 residents. The tablets used for recording were out of charge on \
         the night shift.",
        "Staff said the new falls checklist is quick to use. Reports of falls doubled at first, which shows people \
         trust the system.",
        "The fire drill on the first floor took eleven minutes. One evacuation chair was behind a locked door.",
        "Year 4 pupils' lunchtime supervision was short of one adult. A rota change means two staff now cover the hall.",
        "Our safeguarding lead passed the concern to the local authority the same morning, as the procedure says.",
        "The policy dated 14 October 2019 is being reviewed by the quality lead.",
        "Call 999 in an emergency, then tell the shift leader.",
        "Doses of 0.5 mg and 10 mg were confused on the label. Pharmacy now prints the strength in bold.",
        "At 14:30 on 3 May the agency nurse was shown the building and the care plans.",
        "Reporting rose in 2024 and repeat incidents fell by a third over the next two quarters.",
        "The night nurse, the day manager and the cook met on Friday to agree the new menu checks.",
        "The PBS plan was updated after the third incident of the month; staff now offer a walk before tea.",
        "Café trip: the résumé of the day was shared at handover — everyone enjoyed it.",
        "Between 1 and 3 June, 2 of 12 staff completed the refresher; the rest will by 30 June.",
        "The child I support said the new routine helps. Joy and relief were clear at the review.",
        "The registered manager, deputy and two senior carers now check the MAR charts at 10:00 and 22:00.",
        "Staff at Oak House and Rose Lodge now share one rota and one learning huddle.",
        "Following the CQC inspection in May 2008 the policy changed; Unit 3 had a Covid-19 outbreak in 2022.",
    ];

    type Expected = &'static [(usize, usize, &'static str, DetailKind)];

    /// (summary, known references, expected details).
    const FLAGGED: &[(&str, &[&str], Expected)] = &[
        ("Mrs Patel was found on the floor.", &[], &[(0, 9, "Mrs Patel", Name)]),
        ("The GP, Dr. Okafor, visited at noon.", &[], &[(8, 18, "Dr. Okafor", Name)]),
        ("Margaret Jones fell in the lounge.", &[], &[(0, 14, "Margaret Jones", Name)]),
        ("Staff gave the cup to Margaret at teatime.", &[], &[(22, 30, "Margaret", Name)]),
        ("Sarah Jane Connolly's keyworker was on leave.", &[], &[(0, 19, "Sarah Jane Connolly", Name)]),
        ("Will Smith from the agency covered the shift.", &[], &[(0, 10, "Will Smith", Name)]),
        ("DOB: 12/03/1945, lives alone.", &[], &[(5, 15, "12/03/1945", DateOfBirth)]),
        ("She was born on 3 May and likes gardening.", &[], &[(16, 21, "3 May", DateOfBirth)]),
        ("Admitted after a fall; date of birth 2 June 1938.", &[], &[(37, 48, "2 June 1938", DateOfBirth)]),
        ("A letter dated 12 March 1945 was found in the drawer.", &[], &[(15, 28, "12 March 1945", DateOfBirth)]),
        (
            "The form gave 1945-03-12 and 12-03-1945.",
            &[],
            &[(14, 24, "1945-03-12", DateOfBirth), (29, 39, "12-03-1945", DateOfBirth)],
        ),
        ("Call her daughter on 07700 900123 if needed.", &[], &[(21, 33, "07700 900123", PhoneNumber)]),
        ("The office number is 0113 496 0000.", &[], &[(21, 34, "0113 496 0000", PhoneNumber)]),
        ("Ring +44 (0)20 7946 0958 for the duty team.", &[], &[(5, 24, "+44 (0)20 7946 0958", PhoneNumber)]),
        (
            "Text 07700900123 or email j.smith@example.org today.",
            &[],
            &[(5, 16, "07700900123", PhoneNumber), (26, 45, "j.smith@example.org", Email)],
        ),
        (
            "He lives at 12 Acacia Avenue, LS1 4AP.",
            &[],
            &[(12, 28, "12 Acacia Avenue", Address), (30, 37, "LS1 4AP", Address)],
        ),
        ("The letter went to SW1A 1AA by mistake.", &[], &[(19, 27, "SW1A 1AA", Address)]),
        ("Resident A refused her tablets.", &[], &[(0, 10, "Resident A", PersonReference)]),
        ("The alarm in Room 12 did not sound.", &[], &[(13, 20, "Room 12", PersonReference)]),
        (
            "Service user C and Mr O'Brien were in the garden.",
            &[],
            &[(0, 14, "Service user C", PersonReference), (19, 29, "Mr O'Brien", Name)],
        ),
        ("JS said she felt dizzy; the js file is fine.", &["JS"], &[(0, 2, "JS", PersonReference)]),
        ("At 10:00 resident b was settled.", &["Resident B"], &[(9, 19, "resident b", PersonReference)]),
        // Non-ASCII text before a finding: offsets count characters, not bytes.
        ("Zoë’s café — Mrs Patel’s tea was cold.", &[], &[(13, 22, "Mrs Patel", Name)]),
        (
            "Über-careful: the key worker for Flat 3 rang 07700 900 123.",
            &[],
            &[(33, 39, "Flat 3", PersonReference), (45, 58, "07700 900 123", PhoneNumber)],
        ),
        ("Après la sortie, Oliver said he was tired.", &[], &[(17, 23, "Oliver", Name)]),
    ];

    fn found(text: &str, references: &[&str]) -> Vec<(usize, usize, String, DetailKind)> {
        let references: Vec<String> = references.iter().map(|r| r.to_string()).collect();
        find_identifying_details(text, &references).into_iter().map(|d| (d.start, d.end, d.text, d.kind)).collect()
    }

    #[test]
    fn clean_summaries_have_nothing_to_remove() {
        assert!(CLEAN.len() >= 25);
        for text in CLEAN {
            assert_eq!(found(text, &[]), [], "in: {text}");
        }
    }

    #[test]
    fn identifying_details_are_found_with_their_kind_and_place() {
        assert!(FLAGGED.len() >= 20);
        for (text, references, expected) in FLAGGED {
            let expected: Vec<_> = expected.iter().map(|(s, e, t, k)| (*s, *e, t.to_string(), *k)).collect();
            assert_eq!(found(text, references), expected, "in: {text}");
            for (start, end, detail, _) in &expected {
                let by_chars: String = text.chars().skip(*start).take(end - start).collect();
                assert_eq!(&by_chars, detail);
            }
        }
    }

    #[test]
    fn known_references_match_whole_words_ignoring_case() {
        let refs = ["Resident A", "Bay 12", " ", "JS", "B"];
        assert_eq!(
            found("We moved resident a to BAY 12; Bay 123 is empty. JSON is not JS.", &refs),
            [
                (9, 19, "resident a".to_string(), PersonReference),
                (23, 29, "BAY 12".to_string(), PersonReference),
                (61, 63, "JS".to_string(), PersonReference),
            ]
        );
        // A single letter is skipped: it would flag every "B" and "a".
        assert_eq!(found("Plan B worked.", &["B"]), []);
        // Punctuation in a reference is matched literally.
        assert_eq!(found("Bed (3) was moved.", &["Bed (3)"]), [(0, 7, "Bed (3)".to_string(), PersonReference)]);
    }

    #[test]
    fn ambiguous_first_names_need_a_surname() {
        assert_eq!(found("Rose Taylor visited.", &[]), [(0, 11, "Rose Taylor".to_string(), Name)]);
        assert_eq!(found("The rose garden; Rose picked one.", &[]), []);
        assert_eq!(found("Mark Monday in the diary.", &[]), []);
        assert_eq!(found("George Tuesday?", &[]), [(0, 6, "George".to_string(), Name)]);
        // A home or a street named after someone is a place, not a person.
        assert_eq!(found("Residents of Elizabeth House and Rose Lodge met on Harold Road.", &[]), []);
    }

    #[test]
    fn phone_numbers_must_have_the_right_number_of_digits() {
        assert_eq!(found("Ref 0113 496 00 was used.", &[]), []);
        assert_eq!(found("Batch 07700900123456 expired.", &[]), []);
        assert_eq!(found("Code X0113 496 0000.", &[]), []);
        assert_eq!(found("Dial 08001111 for help.", &[]), []);
        assert_eq!(
            found("Numbers 07700 900123 2 staff rang.", &[]),
            [(8, 20, "07700 900123".to_string(), PhoneNumber)]
        );
        assert_eq!(found("Call +447700900123 now.", &[]), [(5, 18, "+447700900123".to_string(), PhoneNumber)]);
    }

    #[test]
    fn only_old_full_dates_count_as_dates_of_birth() {
        assert_eq!(found("Seen on 12/03/2024 and 3 March 2011.", &[]), []);
        assert_eq!(found("Seen on 3 March.", &[]), []);
        assert_eq!(found("Born in 1938, she moved here in 2019.", &[]), [(8, 12, "1938".to_string(), DateOfBirth)]);
        assert_eq!(found("D.O.B. 4/5/41", &[]), [(7, 13, "4/5/41".to_string(), DateOfBirth)]);
        assert_eq!(found("On March 3, 1944 it began.", &[]), [(3, 16, "March 3, 1944".to_string(), DateOfBirth)]);
    }

    #[test]
    fn the_word_lists_are_tidy() {
        let mut seen = std::collections::HashSet::new();
        for name in FIRST_NAMES.split_whitespace().chain(AMBIGUOUS_FIRST_NAMES.split_whitespace()) {
            assert!(seen.insert(name), "{name} is listed twice");
            assert!(name.starts_with(|c: char| c.is_uppercase()) && name[1..].chars().all(char::is_lowercase));
            assert!(!listed(NOT_SURNAMES, name) && !listed(PLACE_WORDS, name), "{name}");
        }
        assert!(seen.len() >= 150);
    }

    #[test]
    fn messages_say_what_to_remove_and_why() {
        let detail = find_identifying_details("Mrs Patel fell.", &[]).remove(0);
        assert_eq!(detail.message(), "Remove \"Mrs Patel\": it looks like a person's name.");
        assert_eq!(DateOfBirth.as_str(), "date_of_birth");
        for kind in DetailKind::ALL {
            assert!(kind.reason().starts_with("it "));
        }
    }

    proptest! {
        #[test]
        fn details_are_sorted_disjoint_and_point_at_their_text(text in "\\PC{0,120}", reference in "\\PC{0,8}") {
            let references = [reference];
            let details = find_identifying_details(&text, &references);
            let chars: Vec<char> = text.chars().collect();
            let mut previous_end = 0;
            for d in details {
                prop_assert!(d.start >= previous_end && d.start < d.end && d.end <= chars.len());
                prop_assert_eq!(chars[d.start..d.end].iter().collect::<String>(), d.text);
                previous_end = d.end;
            }
        }

        #[test]
        fn a_title_and_surname_is_always_found(
            title in prop_oneof![Just("Mr"), Just("Mrs"), Just("Ms"), Just("Miss"), Just("Dr"), Just("Mx")],
            surname in "[A-Z][a-z]{2,10}",
            before in "[a-zé ]{0,20}",
        ) {
            let text = format!("{before} {title} {surname} was seen.");
            let details = find_identifying_details(&text, &[]);
            prop_assert_eq!(details.len(), 1);
            prop_assert_eq!(details[0].kind, DetailKind::Name);
            prop_assert_eq!(&details[0].text, &format!("{title} {surname}"));
        }
    }
}
