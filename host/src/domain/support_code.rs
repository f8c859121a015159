//! The support code (A2): each account has a code that changes every 4 hours; users with the
//! "Código de Suporte" permission see it, and the reseller checks a caller's code against it.

use super::Millis;
use super::jobs::Recurrence;

/// The rotation: on the hour, every 4 hours (UTC).
pub const ROTATION: &str = "0 0 */4 * * *";

/// Characters of a code: digits and capitals that cannot be mistaken for one another.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Length of a code.
pub const LENGTH: usize = 6;

/// A new code from `random` bytes (one per character).
pub fn generate(random: [u8; LENGTH]) -> String {
    random.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// When a code made at `now` expires.
pub fn expires_after(now: Millis) -> Millis {
    Recurrence::parse(ROTATION).ok().and_then(|r| r.next_after(now)).unwrap_or(now + 4 * 3_600_000)
}

/// Whether `typed` is the account's current code (case and spaces do not matter).
pub fn matches(current: Option<&str>, expires_at: Option<Millis>, typed: &str, now: Millis) -> bool {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    match (current, expires_at) {
        (Some(code), Some(expires)) => now < expires && code == typed,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_an_unambiguous_alphabet() {
        let code = generate([0, 1, 31, 32, 200, 255]);
        assert_eq!(code.len(), LENGTH);
        assert!(code.chars().all(|c| !"01OI".contains(c)), "{code}");
        assert_eq!(generate([0; LENGTH]), "222222");
    }

    #[test]
    fn a_code_expires_at_the_next_four_hour_mark() {
        let now = 1_796_088_600_000; // 01:30Z
        let expires = expires_after(now);
        assert_eq!(expires % (4 * 3_600_000), 0);
        assert!(expires > now);
    }

    #[test]
    fn only_the_current_unexpired_code_matches() {
        assert!(matches(Some("AB23CD"), Some(2000), " ab23cd ", 1000));
        assert!(!matches(Some("AB23CD"), Some(2000), "AB23CD", 2000), "expired");
        assert!(!matches(Some("AB23CD"), Some(2000), "AB23CE", 1000));
        assert!(!matches(None, None, "AB23CD", 1000));
    }
}
