//! The written forms a manifest's values must have: election ids, item ids (posts, candidates,
//! stations, register people), dates, and public keys.

use crate::error::KeyFault;

/// Whether `s` is a valid election id: `[a-z0-9-]`, 1–64 characters.
pub fn is_election_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `s` is a valid id for a post, candidate or station: `[A-Za-z0-9_.-]`, 1–64 characters.
pub fn is_item_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

/// Whether `s` is a date of the form `YYYY-MM-DD` (month 1–12, day 1–31).
pub(super) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

/// How a manifest's public keys are checked: `None` if the key is acceptable, else what is wrong.
/// The law knows only a key's written form ([`key_syntax`]); the seal stage, which owns the curve,
/// also checks that it is a point and not a weak one (`seal::keys::key_problem`).
pub type KeyCheck = fn(&str) -> Option<KeyFault>;

/// The written form of a public key: 64 hex characters, in lower case, with nothing around them.
pub fn key_syntax(k: &str) -> Option<KeyFault> {
    let t = k.trim();
    if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(KeyFault::Syntax);
    }
    lower_case_hex(k)
}

/// Refuses keys in upper case or with spaces around them: one key, one spelling.
pub fn lower_case_hex(k: &str) -> Option<KeyFault> {
    (k.bytes().any(|b| b.is_ascii_uppercase()) || k.trim() != k).then_some(KeyFault::NotLowerCase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_dates() {
        assert!(is_election_id("kengtou-2020-vc"));
        assert!(!is_election_id("Kengtou"));
        assert!(!is_election_id(&"a".repeat(65)));
        assert!(is_date("2020-11-18"));
        assert!(!is_date("2020-13-18"));
        assert!(!is_date("2020/11/18"));
    }
}
