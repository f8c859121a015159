//! Secrets at rest (issue 5 part 1): channel credentials (app secret, verify token, access
//! token) are sealed with ChaCha20-Poly1305 under a key from the configuration before they are
//! stored, and opened only where a channel needs them. [`Secret`] never prints its value, so a
//! credential cannot end up in a log line or a `{:?}` by accident.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// Bytes of a key.
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
/// Name of the key file created in the data directory when no key is configured.
pub const KEY_FILE: &str = "secret.key";

/// A credential in memory: its value is shown to nothing but the code that uses it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that needs it (a signature check, an `Authorization` header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A sealed value could not be opened: wrong key, or a damaged row.
#[derive(Debug, thiserror::Error)]
#[error("não foi possível abrir uma credencial guardada (chave ATENDE_SECRET_KEY diferente da usada ao guardar?)")]
pub struct OpenError;

/// Seals and opens secrets with the server's key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

impl SecretBox {
    /// A box with a raw 32-byte key.
    pub fn new(key: &[u8; KEY_BYTES]) -> SecretBox {
        SecretBox { cipher: ChaCha20Poly1305::new(Key::from_slice(key)) }
    }

    /// The configured key (base64 of 32 bytes), or, when none is configured, the key kept in
    /// `<data_dir>/secret.key`, created on first start. Several hosts on one database must be
    /// given the same configured key.
    pub fn from_config(configured: &str, data_dir: &Path) -> anyhow::Result<SecretBox> {
        let configured = configured.trim();
        if !configured.is_empty() {
            return Ok(SecretBox::new(&decode_key(configured)?));
        }
        let path = data_dir.join(KEY_FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return Ok(SecretBox::new(
                &decode_key(text.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            ));
        }
        std::fs::create_dir_all(data_dir)?;
        let key: [u8; KEY_BYTES] = ChaCha20Poly1305::generate_key(&mut OsRng).into();
        write_private(&path, &STANDARD.encode(key))?;
        tracing::info!(path = %path.display(), "created the key that seals channel credentials");
        Ok(SecretBox::new(&key))
    }

    /// `nonce ‖ ciphertext+tag` of `secret`, with a fresh random nonce.
    pub fn seal(&self, secret: &Secret) -> Vec<u8> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, secret.expose().as_bytes()).expect("ChaCha20-Poly1305 seals");
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// The secret sealed in `sealed`.
    pub fn open(&self, sealed: &[u8]) -> Result<Secret, OpenError> {
        if sealed.len() < NONCE_BYTES {
            return Err(OpenError);
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), body).map_err(|_| OpenError)?;
        String::from_utf8(plain).map(Secret).map_err(|_| OpenError)
    }
}

fn decode_key(text: &str) -> anyhow::Result<[u8; KEY_BYTES]> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| anyhow::anyhow!("ATENDE_SECRET_KEY must be base64 (e.g. `openssl rand -base64 32`)"))?;
    bytes.try_into().map_err(|_| anyhow::anyhow!("ATENDE_SECRET_KEY must decode to exactly {KEY_BYTES} bytes"))
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_the_same_key_only() {
        let one = SecretBox::new(&[7; KEY_BYTES]);
        let sealed = one.seal(&Secret::new("EAAG-token"));
        assert!(!sealed.windows(10).any(|w| w == b"EAAG-token"), "the value is not stored in clear");
        assert_eq!(one.open(&sealed).unwrap(), Secret::new("EAAG-token"));
        assert!(SecretBox::new(&[8; KEY_BYTES]).open(&sealed).is_err());
        assert_ne!(one.seal(&Secret::new("x")), one.seal(&Secret::new("x")), "fresh nonce each time");
    }

    #[test]
    fn damaged_rows_do_not_open() {
        let b = SecretBox::new(&[1; KEY_BYTES]);
        let mut sealed = b.seal(&Secret::new("abc"));
        *sealed.last_mut().unwrap() ^= 1;
        assert!(b.open(&sealed).is_err());
        assert!(b.open(&[1, 2, 3]).is_err());
    }

    #[test]
    fn secrets_never_print_their_value() {
        let s = Secret::new("app-secret-value");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    #[test]
    fn the_key_comes_from_the_configuration_or_a_file_made_once() {
        let dir = tempfile_dir();
        let configured = STANDARD.encode([3u8; KEY_BYTES]);
        let a = SecretBox::from_config(&configured, &dir).unwrap();
        let sealed = a.seal(&Secret::new("v"));
        assert_eq!(SecretBox::new(&[3; KEY_BYTES]).open(&sealed).unwrap().expose(), "v");
        assert!(SecretBox::from_config("short", &dir).is_err());

        let made = SecretBox::from_config("", &dir).unwrap();
        let again = SecretBox::from_config("", &dir).unwrap();
        assert_eq!(again.open(&made.seal(&Secret::new("w"))).unwrap().expose(), "w");
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("atende-secrets-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
