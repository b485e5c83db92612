//! Secrets that grant access (session cookies, API tokens): 256 random bits,
//! shown once, stored only as a SHA-256 hash.

use rand::Rng;

pub struct SecretToken(String);

impl SecretToken {
    pub fn generate(rng: &mut impl Rng) -> SecretToken {
        let bytes: [u8; 32] = rng.random();
        SecretToken(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        hash_presented_token(&self.0)
    }
}

/// The stored form of a token as presented by a client.
pub fn hash_presented_token(token: &str) -> String {
    crate::reference::hex_sha256(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let mut rng = rand::rng();
        let a = SecretToken::generate(&mut rng);
        let b = SecretToken::generate(&mut rng);
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a.as_str(), b.as_str());
        assert_ne!(a.hash(), a.as_str());
        assert_eq!(a.hash(), hash_presented_token(a.as_str()));
    }
}
