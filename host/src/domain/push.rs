//! Web Push (N3) rules, pure: what a subscription a browser hands over must look like (device
//! id, endpoint, keys), what a push service's answer means for the delivery, and when a failed
//! delivery is tried again. The crypto (RFC 8291 encryption, RFC 8292 VAPID) and the sending live
//! in the push worker (`crate::push`); this is only what decides.

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};

use super::Millis;

/// Longest device id a client may choose.
pub const DEVICE_MAX_CHARS: usize = 100;
/// Longest endpoint accepted (real ones are a few hundred characters).
pub const ENDPOINT_MAX_CHARS: usize = 2048;
/// Bytes of an uncompressed P-256 point (`0x04 ‖ x ‖ y`), the form browsers give `p256dh` in.
pub const P256DH_BYTES: usize = 65;
/// Bytes of a subscription's authentication secret (RFC 8291 §3.2).
pub const AUTH_BYTES: usize = 16;
/// How long (seconds) a push service keeps a push for a device that is offline (the `TTL`
/// header): a notification older than a day is no news.
pub const TTL_SECONDS: u64 = 86_400;
/// How long the VAPID token is valid; RFC 8292 §2 allows at most 24 hours.
pub const VAPID_VALIDITY_SECONDS: i64 = 12 * 3600;
/// How many times a delivery is tried before it is dropped.
pub const MAX_ATTEMPTS: i64 = 5;
/// The longest a push service's `Retry-After` may push the next attempt back.
const MAX_RETRY_AFTER: Millis = 3_600_000;

/// base64url with or without padding: `PushSubscription.toJSON()` gives it unpadded, some
/// libraries pad it.
const B64URL_ANY_PAD: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A subscription as checked: the endpoint as given, the keys as unpadded base64url.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSubscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// A device id is chosen by the client (one per browser profile or installed app): 1 to 100
/// letters, digits, `-` or `_`, so it is safe in a path and a log line.
pub fn check_device(device: &str) -> Result<(), String> {
    let ok = !device.is_empty()
        && device.len() <= DEVICE_MAX_CHARS
        && device.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Identificador de dispositivo inválido: use de 1 a {DEVICE_MAX_CHARS} letras, dígitos, '-' ou '_'."
        ))
    }
}

/// The server POSTs to whatever endpoint a client gave it, so only an absolute `https://` URL
/// with a host is taken (plain `http://` only when `allow_http`, for tests and local harnesses),
/// and never one with a user name or password in it.
pub fn check_endpoint(endpoint: &str, allow_http: bool) -> Result<url::Url, String> {
    if endpoint.len() > ENDPOINT_MAX_CHARS {
        return Err(format!("O endpoint da inscrição passa de {ENDPOINT_MAX_CHARS} caracteres."));
    }
    let url = url::Url::parse(endpoint).map_err(|_| "O endpoint da inscrição não é uma URL válida.".to_string())?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err("O endpoint da inscrição deve usar https: o servidor não envia notificações por http sem \
                        criptografia de transporte (ATENDE_PUSH_ALLOW_HTTP está desligado)."
                .into());
        }
        _ => return Err("O endpoint da inscrição deve ser uma URL https.".into()),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("O endpoint da inscrição não tem host.".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("O endpoint da inscrição não pode conter usuário ou senha.".into());
    }
    Ok(url)
}

/// `p256dh`: the browser's public key, an uncompressed P-256 point (65 bytes) that lies on the
/// curve; `auth`: 16 bytes. Both base64url.
pub fn check_keys(p256dh: &str, auth: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let point = B64URL_ANY_PAD
        .decode(p256dh.trim())
        .map_err(|_| "A chave p256dh da inscrição não é base64url válido.".to_string())?;
    if point.len() != P256DH_BYTES || point[0] != 0x04 || p256::PublicKey::from_sec1_bytes(&point).is_err() {
        return Err(format!(
            "A chave p256dh da inscrição deve ser um ponto P-256 não comprimido ({P256DH_BYTES} bytes) válido."
        ));
    }
    let secret = B64URL_ANY_PAD
        .decode(auth.trim())
        .map_err(|_| "A chave auth da inscrição não é base64url válido.".to_string())?;
    if secret.len() != AUTH_BYTES {
        return Err(format!("A chave auth da inscrição deve ter {AUTH_BYTES} bytes (tem {}).", secret.len()));
    }
    Ok((point, secret))
}

/// Every check of a subscription a client hands over ([`check_endpoint`], [`check_keys`]).
pub fn check_subscription(
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    allow_http: bool,
) -> Result<ValidSubscription, String> {
    check_endpoint(endpoint, allow_http)?;
    let (point, secret) = check_keys(p256dh, auth)?;
    Ok(ValidSubscription {
        endpoint: endpoint.to_string(),
        p256dh: URL_SAFE_NO_PAD.encode(point),
        auth: URL_SAFE_NO_PAD.encode(secret),
    })
}

/// What a push service's answer means for the delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Taken (2xx): the delivery is done.
    Delivered,
    /// The subscription expired or was revoked (404, 410, RFC 8030 §7.3): it is removed, and
    /// every push queued for it with it.
    Gone,
    /// Too many requests (429), the service failing (5xx), or no answer: try again later.
    Retry,
    /// Any other refusal (400, 401, 403, 413 …): trying again would get the same answer.
    Drop,
}

/// [`Outcome`] of an HTTP status; `None` is a network error or a timeout.
pub fn outcome(status: Option<u16>) -> Outcome {
    match status {
        Some(200..=299) => Outcome::Delivered,
        Some(404 | 410) => Outcome::Gone,
        Some(429 | 500..=599) | None => Outcome::Retry,
        Some(_) => Outcome::Drop,
    }
}

/// When to try a delivery again after its `attempts`-th failed attempt: 5 s, 30 s, 2 min, then
/// 10 min later, or later still when the service asked so (`Retry-After`, at most an hour);
/// `None` after [`MAX_ATTEMPTS`]: it is dropped.
pub fn retry_at(now: Millis, attempts: i64, retry_after: Option<Millis>) -> Option<Millis> {
    const DELAYS: [Millis; 4] = [5_000, 30_000, 120_000, 600_000];
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let index = usize::try_from(attempts.max(1) - 1).unwrap_or(0).min(DELAYS.len() - 1);
    let asked = retry_after.unwrap_or(0).clamp(0, MAX_RETRY_AFTER);
    Some(now + DELAYS[index].max(asked))
}

#[cfg(test)]
mod tests {
    use super::*;

    // A real Chrome subscription's keys (from the web-push-native examples).
    const P256DH: &str = "BLn9b-VR0ca83knDNZ32dCHGyjJp-1riX9ZTN40MqV8K_LpQmLqxC_DoHvqvFXO_nGdAB4W9dogZb_sM-uV4JbY";
    const AUTH: &str = "_ordMnz7uTCmrpBTeUV4Bw";

    #[test]
    fn device_ids_are_short_and_path_safe() {
        assert!(check_device("celular-01").is_ok());
        assert!(check_device("a_B-9").is_ok());
        assert!(check_device(&"x".repeat(DEVICE_MAX_CHARS)).is_ok());
        for bad in ["", "com espaço", "a/b", "ção", "a.b", &"x".repeat(DEVICE_MAX_CHARS + 1)] {
            let err = check_device(bad).unwrap_err();
            assert!(err.contains("dispositivo"), "{bad}: {err}");
        }
    }

    #[test]
    fn endpoints_must_be_https_unless_http_is_allowed() {
        assert!(check_endpoint("https://fcm.googleapis.com/fcm/send/abc", false).is_ok());
        let err = check_endpoint("http://127.0.0.1:9/push/x", false).unwrap_err();
        assert!(err.contains("https") && err.contains("ATENDE_PUSH_ALLOW_HTTP"), "{err}");
        assert!(check_endpoint("http://127.0.0.1:9/push/x", true).is_ok());
        for bad in
            ["ftp://push.example/x", "file:///etc/passwd", "not a url", "/relative", "https://user:pw@push.example/x"]
        {
            assert!(check_endpoint(bad, true).is_err(), "{bad}");
        }
        let long = format!("https://push.example/{}", "a".repeat(ENDPOINT_MAX_CHARS));
        assert!(check_endpoint(&long, false).unwrap_err().contains("caracteres"));
    }

    #[test]
    fn keys_must_be_a_point_on_the_curve_and_a_16_byte_secret() {
        let (point, secret) = check_keys(P256DH, AUTH).unwrap();
        assert_eq!((point.len(), secret.len()), (P256DH_BYTES, AUTH_BYTES));
        // Padded base64url is taken too, and kept unpadded.
        let padded = format!("{AUTH}==");
        let sub = check_subscription("https://push.example/x", P256DH, &padded, false).unwrap();
        assert_eq!(sub.auth, AUTH);
        assert_eq!(sub.p256dh, P256DH);

        assert!(check_keys("!!!", AUTH).unwrap_err().contains("p256dh"));
        // A compressed point, and 65 bytes that are not on the curve.
        let compressed = URL_SAFE_NO_PAD.encode([&[0x02u8][..], &[7u8; 32]].concat());
        assert!(check_keys(&compressed, AUTH).unwrap_err().contains("65 bytes"));
        let off_curve = URL_SAFE_NO_PAD.encode([&[0x04u8][..], &[1u8; 64]].concat());
        assert!(check_keys(&off_curve, AUTH).unwrap_err().contains("P-256"));
        let short_auth = URL_SAFE_NO_PAD.encode([1u8; 8]);
        assert!(check_keys(P256DH, &short_auth).unwrap_err().contains("16 bytes"));
        assert!(check_keys(P256DH, "%%").unwrap_err().contains("auth"));
    }

    #[test]
    fn answers_decide_the_delivery() {
        assert_eq!(outcome(Some(201)), Outcome::Delivered);
        assert_eq!(outcome(Some(200)), Outcome::Delivered);
        assert_eq!(outcome(Some(404)), Outcome::Gone);
        assert_eq!(outcome(Some(410)), Outcome::Gone);
        assert_eq!(outcome(Some(429)), Outcome::Retry);
        assert_eq!(outcome(Some(500)), Outcome::Retry);
        assert_eq!(outcome(Some(503)), Outcome::Retry);
        assert_eq!(outcome(None), Outcome::Retry, "network error or timeout");
        assert_eq!(outcome(Some(400)), Outcome::Drop);
        assert_eq!(outcome(Some(403)), Outcome::Drop, "VAPID refused");
        assert_eq!(outcome(Some(413)), Outcome::Drop, "payload too large");
    }

    #[test]
    fn failed_deliveries_back_off_then_are_dropped() {
        let now = 1_000_000;
        let delays: Vec<_> = (1..=MAX_ATTEMPTS).map(|a| retry_at(now, a, None).map(|t| t - now)).collect();
        assert_eq!(delays, [Some(5_000), Some(30_000), Some(120_000), Some(600_000), None]);
        // A service's Retry-After is honoured when it asks for more, up to an hour.
        assert_eq!(retry_at(now, 1, Some(60_000)), Some(now + 60_000));
        assert_eq!(retry_at(now, 1, Some(1_000)), Some(now + 5_000));
        assert_eq!(retry_at(now, 1, Some(i64::MAX)), Some(now + 3_600_000));
        assert_eq!(retry_at(now, MAX_ATTEMPTS, Some(1_000)), None);
    }
}
