//! Secrets: random tokens and session ids, their stored hashes, and Argon2id passwords.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

/// 32 random bytes, hex-encoded, with a prefix (`gm_` for API tokens) so leaked tokens are recognisable.
pub fn random_secret(prefix: &str) -> Result<String, String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| format!("no randomness: {e}"))?;
    Ok(format!("{prefix}{}", hex::encode(b)))
}

/// A fresh id for records (UUID v7, time-ordered).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// What the database stores instead of a token or session id.
pub fn hash_secret(secret: &str) -> String {
    blake3::derive_key("guomen token v1", secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares without leaking where the first difference is.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hashes a password with Argon2id (RFC 9106 defaults of the argon2 crate). CPU-heavy: call it from a
/// blocking task.
pub fn hash_password(password: &str) -> Result<String, String> {
    let hash: PasswordHash =
        Argon2::default().hash_password(password.as_bytes()).map_err(|e| e.to_string())?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string. CPU-heavy: call it from a blocking task.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(h) => Argon2::default().verify_password(password.as_bytes(), &h).is_ok(),
        Err(_) => false,
    }
}

/// Minimum rules for a new password: long enough to resist guessing; no composition rules (NIST 800-63B).
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < 12 {
        return Err("a password must be at least 12 characters long".into());
    }
    if password.len() > 1024 {
        return Err("a password must be at most 1024 bytes long".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterx", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_differ_and_hash_stably() {
        let a = random_secret("gm_").unwrap();
        let b = random_secret("gm_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 67);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(
            constant_time_eq(b"abc", b"abc")
                && !constant_time_eq(b"abc", b"abd")
                && !constant_time_eq(b"a", b"ab")
        );
    }
}
