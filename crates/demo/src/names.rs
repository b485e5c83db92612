//! Fictional names for people and services.
//!
//! The people lists mix the backgrounds of the UK care workforce (English,
//! Scottish, Welsh, Irish, South Asian, West and Southern African, Caribbean,
//! Eastern European, Filipino, Keralan, Nepali). No name is also an everyday
//! English word ("Grace", "Hope", "Brown", "Hall") so that a name can never
//! turn up by accident in a report narrative, which is tested.

/// First names. Apostrophes and accents are avoided so that emails are plain.
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Aaliyah",
    "Abena",
    "Adam",
    "Adrian",
    "Agnieszka",
    "Aisha",
    "Akosua",
    "Alina",
    "Amaka",
    "Amir",
    "Andreea",
    "Anita",
    "Anjali",
    "Anu",
    "Bartosz",
    "Bethan",
    "Binu",
    "Bogdan",
    "Callum",
    "Carys",
    "Chiamaka",
    "Chinedu",
    "Chloe",
    "Ciaran",
    "Connor",
    "Daniel",
    "Darius",
    "Declan",
    "Deepa",
    "Delroy",
    "Dylan",
    "Eilidh",
    "Elena",
    "Emeka",
    "Emma",
    "Esther",
    "Fatima",
    "Fiona",
    "Folake",
    "Gareth",
    "Gemma",
    "Hamza",
    "Hannah",
    "Imran",
    "Ioana",
    "Jake",
    "Jasmine",
    "Jaspreet",
    "Jerome",
    "Joanne",
    "Jomon",
    "Kirsty",
    "Kofi",
    "Kwame",
    "Laura",
    "Leanne",
    "Liam",
    "Lindiwe",
    "Lucy",
    "Magdalena",
    "Marcus",
    "Maria",
    "Marlon",
    "Megan",
    "Mihai",
    "Mohammed",
    "Nadia",
    "Naveen",
    "Niamh",
    "Nkechi",
    "Olena",
    "Oliver",
    "Oluwaseun",
    "Owen",
    "Priya",
    "Rachel",
    "Rashid",
    "Ravi",
    "Reshma",
    "Rhys",
    "Rukhsana",
    "Rutendo",
    "Ryan",
    "Samira",
    "Sandeep",
    "Sarah",
    "Shanice",
    "Shauna",
    "Simone",
    "Sinead",
    "Sophie",
    "Tariq",
    "Tatenda",
    "Tendai",
    "Thandiwe",
    "Vikram",
    "Wiktoria",
    "Yasmin",
    "Yaw",
    "Zainab",
    "Zofia",
    "Maricel",
    "Jericho",
    "Analyn",
    "Bishnu",
    "Sabina",
];

/// Surnames.
pub(crate) const SURNAMES: &[&str] = &[
    "Abubakar",
    "Adeyemi",
    "Ahmed",
    "Ali",
    "Anderson",
    "Appiah",
    "Asante",
    "Bailey",
    "Banda",
    "Begum",
    "Bhatt",
    "Boateng",
    "Campbell",
    "Chikwanha",
    "Chowdhury",
    "Clarke",
    "Collins",
    "Davies",
    "Dlamini",
    "Doherty",
    "Dumitru",
    "Edwards",
    "Evans",
    "Fernandes",
    "Ghosh",
    "Gill",
    "Gurung",
    "Hughes",
    "Hussain",
    "Ionescu",
    "Iqbal",
    "Jackson",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "Kowalski",
    "Kuriakose",
    "Lewis",
    "Lloyd",
    "MacDonald",
    "Mahmood",
    "Mathew",
    "Mensah",
    "Mitchell",
    "Moyo",
    "Murphy",
    "Mutasa",
    "Mwale",
    "Ncube",
    "Nwosu",
    "O'Brien",
    "O'Connor",
    "Okonkwo",
    "Oyelaran",
    "Parry",
    "Pereira",
    "Popescu",
    "Quinn",
    "Rahman",
    "Reid",
    "Reyes",
    "Roberts",
    "Robinson",
    "Santos",
    "Shah",
    "Sharma",
    "Silva",
    "Singh",
    "Sithole",
    "Stewart",
    "Taylor",
    "Thapa",
    "Thompson",
    "Varghese",
    "Walsh",
    "Williams",
    "Wilson",
    "Zielinski",
    "Santiago",
    "McLaughlin",
    "Fraser",
    "Owusu",
    "Nyathi",
    "Baptiste",
    "Henry",
    "Lindo",
    "Mazur",
    "Novak",
    "Sandhu",
    "Chopra",
    "Morgan",
    "Pritchard",
];

/// Prefixes for generated service names: trees, flowers, birds, landscape.
pub(crate) const SERVICE_PREFIXES: &[&str] = &[
    "Ash",
    "Beech",
    "Birch",
    "Cedar",
    "Elm",
    "Hawthorn",
    "Hazel",
    "Holly",
    "Juniper",
    "Larch",
    "Linden",
    "Poplar",
    "Rowan",
    "Sycamore",
    "Yew",
    "Alder",
    "Aspen",
    "Chestnut",
    "Cherry",
    "Hornbeam",
    "Laurel",
    "Magnolia",
    "Myrtle",
    "Pine",
    "Spruce",
    "Heather",
    "Foxglove",
    "Bluebell",
    "Primrose",
    "Meadow",
    "Brook",
    "Orchard",
    "Fern",
    "Kestrel",
    "Wren",
    "Heron",
    "Lark",
    "Linnet",
    "Swallow",
    "Kingfisher",
    "Mulberry",
    "Lavender",
    "Clover",
    "Thistle",
    "Bramble",
    "Harebell",
    "Cowslip",
    "Bracken",
    "Oakwood",
    "Riverbank",
    "Millbrook",
    "Fairfield",
    "Greenacre",
    "Highfield",
    "Stonebridge",
    "Ashdown",
    "Bridgewater",
    "Southview",
    "Westfield",
    "Northgate",
];

/// Suffixes per kind of service, combined with a prefix.
pub(crate) const CARE_HOME_SUFFIXES: &[&str] = &["House", "Lodge", "Court", "Grange", "Manor", "View"];
pub(crate) const SUPPORTED_LIVING_SUFFIXES: &[&str] =
    &["Road Supported Living", "Gardens Supported Living", "Close Supported Living", "Mews Supported Living"];
pub(crate) const CHILDRENS_HOME_SUFFIXES: &[&str] =
    &["Lodge Children's Home", "House Children's Home", "Cottage Children's Home"];
pub(crate) const DAY_SERVICE_SUFFIXES: &[&str] = &["Day Service", "Day Centre", "Resource Centre"];
/// Areas for home-care branches, e.g. "Riverside Home Care (Eastbrook)".
pub(crate) const HOME_CARE_AREAS: &[&str] = &[
    "Eastbrook",
    "Westgate",
    "Southmead",
    "Hillcrest",
    "Ashby",
    "Kingsley",
    "Marston",
    "Bramley",
    "Felling",
    "Castleton",
    "Denby",
    "Elmstead",
    "Farley",
    "Gorsey",
    "Harwood",
    "Ingleby",
    "Kelbrook",
    "Langley",
    "Moorside",
    "Netherton",
];

/// `firstname.lastname` in lower case, letters and hyphens only.
pub(crate) fn email_local_part(first: &str, last: &str) -> String {
    let mut out = String::with_capacity(first.len() + last.len() + 1);
    push_email_word(&mut out, first);
    out.push('.');
    push_email_word(&mut out, last);
    out
}

fn push_email_word(out: &mut String, word: &str) {
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '-' || c == ' ' {
            out.push('-');
        }
    }
}

/// A URL slug: lower-case words joined by hyphens, apostrophes dropped.
pub(crate) fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_hyphen = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            pending_hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_emails_are_plain() {
        assert_eq!(slugify("Willow Lodge Children's Home"), "willow-lodge-childrens-home");
        assert_eq!(slugify("Riverside Home Care (Eastbrook)"), "riverside-home-care-eastbrook");
        assert_eq!(email_local_part("Niamh", "O'Brien"), "niamh.obrien");
    }

    #[test]
    fn name_lists_have_no_duplicates() {
        for list in [FIRST_NAMES, SURNAMES, SERVICE_PREFIXES] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len());
        }
    }
}
