//! The safety officer's second factor: a time-based one-time code (TOTP,
//! RFC 6238: SHA-1, six digits, thirty seconds, as every authenticator app
//! reads it) and single-use recovery codes for when the phone is lost.

use rand::Rng;
use totp_rs::{Algorithm, Secret, TOTP};

/// Codes one step either side of now are accepted (a clock a little off).
const SKEW_STEPS: u8 = 1;
const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
/// How many recovery codes are given at once.
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for each other.
const RECOVERY_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh shared secret, base32 as authenticator apps take it (160 bits).
pub fn new_secret(rng: &mut impl Rng) -> String {
    let bytes: [u8; 20] = rng.random();
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret_base32: &str, issuer: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, DIGITS, SKEW_STEPS, STEP_SECONDS, bytes, Some(issuer.to_string()), account.to_string()).ok()
}

/// The `otpauth://` address an authenticator app scans from a QR code.
pub fn otpauth_url(secret_base32: &str, issuer: &str, account: &str) -> Option<String> {
    // The issuer and account may not hold ':' in an otpauth label.
    let issuer = issuer.replace(':', " ");
    totp(secret_base32, &issuer, account).map(|t| t.get_url())
}

/// The code for the time `unix_seconds` (for tests and the demo).
pub fn code_at(secret_base32: &str, unix_seconds: u64) -> Option<String> {
    totp(secret_base32, "Learnloop", "code").map(|t| t.generate(unix_seconds))
}

/// Why a code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Not six digits, or not the code of now (give or take a step).
    Wrong,
    /// The code of a step already used: one code signs in once.
    AlreadyUsed,
}

/// Checks a typed code (spaces ignored) at `now`; returns the time step it
/// belongs to, to be remembered so it cannot be used again.
pub fn check_code(secret_base32: &str, typed: &str, now: u64, last_used_step: Option<u64>) -> Result<u64, CodeRefusal> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(CodeRefusal::Wrong);
    }
    let Some(totp) = totp(secret_base32, "Learnloop", "code") else { return Err(CodeRefusal::Wrong) };
    let step = now / STEP_SECONDS;
    let candidates = [step.saturating_sub(1), step, step + 1];
    let matched = candidates.into_iter().find(|&s| totp.generate(s * STEP_SECONDS) == code).ok_or(CodeRefusal::Wrong)?;
    if last_used_step.is_some_and(|used| matched <= used) {
        return Err(CodeRefusal::AlreadyUsed);
    }
    Ok(matched)
}

/// Ten fresh recovery codes, `XXXXX-XXXXX` (50 random bits each).
pub fn new_recovery_codes(rng: &mut impl Rng) -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10).map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char).collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A typed recovery code in the form it is stored by (hashed): upper case,
/// without spaces or dashes; `None` if it cannot be one.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == 10 && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(code)
}

/// The stored form of a recovery code.
pub fn hash_recovery_code(normalised: &str) -> String {
    crate::reference::hex_sha256(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_test_vectors() {
        // The RFC's eight-digit codes end in these six digits.
        assert_eq!(code_at(RFC_SECRET, 59).unwrap(), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109).unwrap(), "081804");
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890).unwrap(), "005924");
        assert_eq!(code_at(RFC_SECRET, 2_000_000_000).unwrap(), "279037");
    }

    #[test]
    fn a_code_is_accepted_near_its_time_and_only_once() {
        let now = 1_795_000_015;
        let code = code_at(RFC_SECRET, now).unwrap();
        let step = check_code(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(step, now / 30);
        assert_eq!(check_code(RFC_SECRET, &format!("{} {}", &code[..3], &code[3..]), now + 30, None), Ok(step), "a step late, with a space");
        assert_eq!(check_code(RFC_SECRET, &code, now, Some(step)), Err(CodeRefusal::AlreadyUsed));
        assert_eq!(check_code(RFC_SECRET, &code, now + 120, None), Err(CodeRefusal::Wrong), "too late");
        assert_eq!(check_code(RFC_SECRET, "12345", now, None), Err(CodeRefusal::Wrong));
        assert_eq!(check_code(RFC_SECRET, "abcdef", now, None), Err(CodeRefusal::Wrong));
    }

    #[test]
    fn secrets_and_recovery_codes_are_fresh_and_readable() {
        let mut rng = rand::rng();
        let secret = new_secret(&mut rng);
        assert_eq!(secret.len(), 32);
        assert_ne!(secret, new_secret(&mut rng));
        let url = otpauth_url(&secret, "Riverside: Care", "safety@example.org").unwrap();
        assert!(url.starts_with("otpauth://totp/") && url.contains(&secret), "{url}");
        let codes = new_recovery_codes(&mut rng);
        assert_eq!(codes.len(), RECOVERY_CODES);
        for code in &codes {
            let normalised = normalise_recovery_code(&code.to_lowercase()).unwrap();
            assert_eq!(normalised, code.replace('-', ""));
        }
        assert_eq!(normalise_recovery_code("ABCDE-FGHI"), None);
        assert_eq!(normalise_recovery_code("ABCDE-FGHIL"), None, "L is not in the alphabet");
    }
}
