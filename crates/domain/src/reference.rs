//! Report references and follow-up codes.
//!
//! Both are random, never sequential: the order of references must reveal
//! nothing about when a report was made (an anonymous report's place in a
//! sequence could otherwise be matched against who was on shift).
//! Both use Crockford's base32 alphabet, which has no I, L, O or U, so codes
//! read aloud or copied from paper survive common slips.

use rand::Rng;
use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn random_symbols(rng: &mut impl Rng, count: usize) -> String {
    (0..count).map(|_| ALPHABET[rng.random_range(0..32)] as char).collect()
}

/// Upper-cases and drops separators; maps the look-alikes O→0 and I/L→1.
fn normalise_symbols(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '-' | ' ' | '_'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

fn all_in_alphabet(text: &str) -> bool {
    text.bytes().all(|b| ALPHABET.contains(&b))
}

/// A report's public reference, e.g. `LL-7KQ4-M2XD` (40 random bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference(String);

impl Reference {
    pub fn generate(rng: &mut impl Rng) -> Reference {
        let s = random_symbols(rng, 8);
        Reference(format!("LL-{}-{}", &s[..4], &s[4..]))
    }

    /// Accepts what a person may type: any case, with or without dashes.
    pub fn parse(text: &str) -> Option<Reference> {
        let trimmed = text.trim();
        let body = trimmed.strip_prefix("LL-").or_else(|| trimmed.strip_prefix("ll-")).unwrap_or(trimmed);
        let s = normalise_symbols(body);
        (s.len() == 8 && all_in_alphabet(&s)).then(|| Reference(format!("LL-{}-{}", &s[..4], &s[4..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The private code a confidential or anonymous reporter keeps to follow
/// their report without signing in, e.g. `7KQ4-M2XD-9PRT-ZW3H` (80 random
/// bits). Only its hash is stored, so the database alone cannot be used to
/// read a reporter's replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpCode(String);

impl FollowUpCode {
    pub fn generate(rng: &mut impl Rng) -> FollowUpCode {
        let s = random_symbols(rng, 16);
        FollowUpCode(format!("{}-{}-{}-{}", &s[..4], &s[4..8], &s[8..12], &s[12..]))
    }

    pub fn parse(text: &str) -> Option<FollowUpCode> {
        let s = normalise_symbols(text.trim());
        (s.len() == 16 && all_in_alphabet(&s))
            .then(|| FollowUpCode(format!("{}-{}-{}-{}", &s[..4], &s[4..8], &s[8..12], &s[12..]))) 
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value stored in the database in place of the code.
    pub fn hash(&self) -> String {
        hex_sha256(&self.0)
    }
}

pub(crate) fn hex_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn references_are_not_sequential() {
        let mut rng = StdRng::seed_from_u64(7);
        let refs: Vec<String> = (0..50).map(|_| Reference::generate(&mut rng).0).collect();
        let mut sorted = refs.clone();
        sorted.sort();
        assert_ne!(refs, sorted, "fifty generated references came out in order");
        let unique: std::collections::HashSet<_> = refs.iter().collect();
        assert_eq!(unique.len(), refs.len());
    }

    #[test]
    fn typed_codes_forgive_case_dashes_and_look_alikes() {
        let code = FollowUpCode::parse("7kq4 m2xd 9prt zw3h").unwrap();
        assert_eq!(code.as_str(), "7KQ4-M2XD-9PRT-ZW3H");
        assert_eq!(FollowUpCode::parse("OOOO-IIII-LLLL-0000").unwrap().as_str(), "0000-1111-1111-0000");
        assert!(FollowUpCode::parse("too-short").is_none());
        assert!(FollowUpCode::parse("UUUU-UUUU-UUUU-UUUU").is_none(), "U is not in the alphabet");
        assert_eq!(Reference::parse("ll-7kq4-m2xd").unwrap().as_str(), "LL-7KQ4-M2XD");
        assert!(Reference::parse("LL-7KQ4").is_none());
    }

    #[test]
    fn the_stored_hash_is_not_the_code() {
        let code = FollowUpCode::parse("7KQ4-M2XD-9PRT-ZW3H").unwrap();
        assert_eq!(code.hash().len(), 64);
        assert!(!code.hash().contains("7KQ4"));
        assert_eq!(code.hash(), FollowUpCode::parse("7kq4m2xd9prtzw3h").unwrap().hash());
    }

    proptest! {
        #[test]
        fn generated_codes_parse_back_to_themselves(seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let r = Reference::generate(&mut rng);
            prop_assert_eq!(Reference::parse(r.as_str()), Some(r.clone()));
            let c = FollowUpCode::generate(&mut rng);
            prop_assert_eq!(FollowUpCode::parse(c.as_str()), Some(c.clone()));
        }
    }
}
