//! People: email addresses, display names and password rules.

use crate::field_error::FieldErrors;

/// A lower-cased email address with one `@` and a dot in its domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Option<Email> {
        let email = text.trim().to_lowercase();
        let (local, domain) = email.split_once('@')?;
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(char::is_whitespace)
            && !domain.contains('@')
            && email.len() <= 254;
        plausible.then_some(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;

/// Length is what matters (NIST SP 800-63B); no composition rules.
pub fn check_new_password(password: &str, errors: &mut FieldErrors) {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        errors.push("password", format!("Use at least {MIN_PASSWORD_CHARS} characters; a short phrase is easy to remember."));
    } else if chars > 256 {
        errors.push("password", "Use at most 256 characters.");
    }
}

/// A person's display name: 1 to 100 characters after trimming.
pub fn check_name(name: &str, errors: &mut FieldErrors) {
    let n = name.trim().chars().count();
    if n == 0 {
        errors.push("name", "Enter the person's name.");
    } else if n > 100 {
        errors.push("name", "Use at most 100 characters for a name.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(Email::parse(" Ana.Lopez@Example.ORG ").unwrap().as_str(), "ana.lopez@example.org");
        for bad in ["", "no-at-sign", "a@b", "@example.org", "a b@example.org", "a@@example.org", "a@example."] {
            assert!(Email::parse(bad).is_none(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn passwords_need_length_not_symbols() {
        let mut e = FieldErrors::default();
        check_new_password("short", &mut e);
        assert_eq!(e.first().unwrap().field, "password");
        let mut e = FieldErrors::default();
        check_new_password("correct horse battery", &mut e);
        assert!(e.is_empty());
    }
}
