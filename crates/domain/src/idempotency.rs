//! Idempotency keys: a retried submission gets the first answer back instead
//! of making a second report. The client picks the key (the report form's
//! hidden field, or an API client's `Idempotency-Key` header, as the IETF
//! draft names it); the server keeps the first answer as a *replay*.
//!
//! A replay is filed under a hash of the organisation and the key, and sealed
//! (ChaCha20-Poly1305) with a key derived from the idempotency key, so a copy
//! of the database cannot read it: the answer may hold an anonymous reporter's
//! follow-up code. It is written with the report, in the same transaction, so
//! it keeps only the day it was made (see `replay_day`), and who asked only as
//! part of a fingerprint that needs the key to check.

use jiff::Timestamp;
use rand::Rng;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};

use crate::ids::{OrganisationId, PersonId};

/// How long a replay answers retries: it is kept until the end of the day
/// after the one it was made on (at least 24 hours).
pub const REPLAY_DAYS: i64 = 2;

/// A replay as kept: found by `replay_id`, readable only with the client's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    pub replay_id: String,
    /// What was asked, and by whom unless anonymous (`IdempotencyKey::fingerprint`).
    pub fingerprint: String,
    /// The first answer, sealed (`IdempotencyKey::seal`).
    pub sealed: Vec<u8>,
    /// Days since 1970-01-01 (UTC): `replay_day`.
    pub made_on: i64,
}

/// A key a client chose for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

/// Who made the request, as the fingerprint records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asker {
    /// A signed-in person making a named or confidential report.
    Person(PersonId),
    /// An anonymous report (through the form, the API or the public link):
    /// nothing about who asked is kept, even hashed.
    Anonymous,
}

/// What a key can be, in words for the client.
pub const KEY_RULE: &str = "An idempotency key is 16 to 255 visible characters with no spaces: a random UUID is best, one new key for each new report.";

impl IdempotencyKey {
    pub const MIN_LENGTH: usize = 16;
    pub const MAX_LENGTH: usize = 255;

    /// A key as a client sent it; `Err` says what a key must be.
    pub fn parse(text: &str) -> Result<IdempotencyKey, &'static str> {
        let text = text.trim();
        let visible = text.bytes().all(|b| b.is_ascii_graphic());
        if visible && (Self::MIN_LENGTH..=Self::MAX_LENGTH).contains(&text.len()) {
            Ok(IdempotencyKey(text.to_string()))
        } else {
            Err(KEY_RULE)
        }
    }

    /// A fresh random key (128 bits), for a form to carry.
    pub fn generate(rng: &mut impl Rng) -> IdempotencyKey {
        let bytes: [u8; 16] = rng.random();
        IdempotencyKey(hex(&bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the replay of this key's request is filed.
    pub fn replay_id(&self, organisation: OrganisationId) -> String {
        hex(&digest(&[b"learnloop replay id v1", &organisation.get().to_be_bytes(), self.0.as_bytes()]))
    }

    /// What was asked, and by whom unless anonymous: a retry must ask the
    /// same, or it is refused rather than answered with another's answer.
    pub fn fingerprint(&self, asker: Asker, request: &[u8]) -> String {
        let who = match asker {
            Asker::Person(id) => format!("person {}", id.get()),
            Asker::Anonymous => "anonymous".to_string(),
        };
        hex(&digest(&[b"learnloop replay fingerprint v1", self.0.as_bytes(), who.as_bytes(), request]))
    }

    /// The answer sealed so that only a holder of this key can read it.
    pub fn seal(&self, answer: &[u8], rng: &mut impl Rng) -> Vec<u8> {
        let nonce_bytes: [u8; NONCE_LEN] = rng.random();
        let mut sealed = answer.to_vec();
        self.sealing_key()
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce_bytes), Aad::empty(), &mut sealed)
            .expect("sealing fits in memory");
        let mut out = nonce_bytes.to_vec();
        out.append(&mut sealed);
        out
    }

    /// The answer a replay holds, or `None` if it was not sealed with this key.
    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut body = body.to_vec();
        let opened = self.sealing_key().open_in_place(nonce, Aad::empty(), &mut body).ok()?;
        Some(opened.to_vec())
    }

    fn sealing_key(&self) -> LessSafeKey {
        let key = digest(&[b"learnloop replay seal v1", self.0.as_bytes()]);
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &key).expect("a 32-byte key"))
    }
}

/// The day a replay is recorded under: days since 1970-01-01 (UTC), nothing
/// finer, as for anything written with an anonymous report.
pub fn replay_day(now: Timestamp) -> i64 {
    now.as_second().div_euclid(86_400)
}

/// Replays made before this day no longer answer and may be removed.
pub fn oldest_replay_day(now: Timestamp) -> i64 {
    replay_day(now) - (REPLAY_DAYS - 1)
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        // Length-prefixed, so no two lists of parts hash alike.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> IdempotencyKey {
        IdempotencyKey::parse(text).unwrap()
    }

    #[test]
    fn keys_must_be_long_visible_text() {
        assert!(IdempotencyKey::parse("0b6f4e9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b").is_ok());
        assert_eq!(IdempotencyKey::parse("short"), Err(KEY_RULE));
        assert_eq!(IdempotencyKey::parse("has a space in the middle"), Err(KEY_RULE));
        assert_eq!(IdempotencyKey::parse(&"x".repeat(256)), Err(KEY_RULE));
        assert_eq!(IdempotencyKey::parse("  padded-key-1234567  ").unwrap().as_str(), "padded-key-1234567");
    }

    #[test]
    fn generated_keys_are_random_and_valid() {
        let mut rng = rand::rng();
        let a = IdempotencyKey::generate(&mut rng);
        let b = IdempotencyKey::generate(&mut rng);
        assert_ne!(a, b);
        assert_eq!(IdempotencyKey::parse(a.as_str()).unwrap(), a);
    }

    #[test]
    fn a_sealed_answer_opens_only_with_its_key() {
        let mut rng = rand::rng();
        let answer = br#"{"reference":"LL-7K3M-Q9","follow_up_code":"7KQ4-M2XD-9PRT-ZW3H"}"#;
        let sealed = key("first-key-123456789").seal(answer, &mut rng);
        assert!(!sealed.windows(8).any(|w| answer.windows(8).any(|a| a == w)), "nothing of the answer is readable");
        assert_eq!(key("first-key-123456789").open(&sealed).as_deref(), Some(&answer[..]));
        assert_eq!(key("other-key-123456789").open(&sealed), None);
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(key("first-key-123456789").open(&tampered), None);
        assert_eq!(key("first-key-123456789").open(&sealed[..5]), None);
    }

    #[test]
    fn replays_are_filed_per_organisation_and_fingerprinted_per_asker() {
        let k = key("shared-key-12345678");
        assert_ne!(k.replay_id(OrganisationId(1)), k.replay_id(OrganisationId(2)));
        assert_eq!(k.replay_id(OrganisationId(1)).len(), 64);
        let body = b"the same report";
        assert_ne!(k.fingerprint(Asker::Person(PersonId(1)), body), k.fingerprint(Asker::Person(PersonId(2)), body));
        assert_ne!(k.fingerprint(Asker::Anonymous, body), k.fingerprint(Asker::Anonymous, b"another report"));
        assert_eq!(k.fingerprint(Asker::Anonymous, body), k.fingerprint(Asker::Anonymous, body));
        assert_ne!(k.fingerprint(Asker::Anonymous, body), key("other-key-123456789").fingerprint(Asker::Anonymous, body));
    }

    #[test]
    fn replays_keep_the_day_and_answer_for_at_least_a_day() {
        let evening: Timestamp = "2026-12-07T23:59:00Z".parse().unwrap();
        let next_evening: Timestamp = "2026-12-08T23:59:00Z".parse().unwrap();
        assert_eq!(replay_day(evening), replay_day("2026-12-07T00:00:00Z".parse().unwrap()));
        assert!(oldest_replay_day(next_evening) <= replay_day(evening), "made late yesterday, still answers tonight");
        assert!(oldest_replay_day("2026-12-09T00:00:00Z".parse().unwrap()) > replay_day(evening));
    }
}
