//! The media library ("Biblioteca de Mídias", C11): files an admin saves once — stickers above
//! all, and images, videos, audio and documents — for agents to send from the composer. The
//! rules of an item's name, of what file may be kept (a kind a channel takes, and for pictures
//! bytes that really are what the form claimed, since they are shown as thumbnails) and of the
//! caption one goes with, pure.

use super::Vocabulary;
use super::content::{MAX_BODY_CHARS, MediaKind};

/// Longest name, in characters.
pub const MAX_NAME: usize = 80;

/// How the library stores a kind: the spelling the API uses for it.
impl Vocabulary for MediaKind {
    const ALL: &'static [Self] =
        &[MediaKind::Sticker, MediaKind::Image, MediaKind::Video, MediaKind::Audio, MediaKind::Document];
    fn as_str(self) -> &'static str {
        match self {
            MediaKind::Sticker => "sticker",
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Document => "document",
        }
    }
}

/// An item's name as kept: trimmed, 1 to [`MAX_NAME`] characters, on one line.
pub fn name(typed: &str) -> Result<String, String> {
    let n = typed.trim();
    if n.is_empty() {
        return Err("Informe o nome da mídia.".into());
    }
    if n.chars().count() > MAX_NAME {
        return Err(format!("O nome da mídia deve ter no máximo {MAX_NAME} caracteres."));
    }
    if n.chars().any(char::is_control) {
        return Err("O nome da mídia deve ter uma linha só.".into());
    }
    Ok(n.to_string())
}

/// The content type as kept: without parameters, lowercase.
pub fn mime_essence(mime: &str) -> String {
    mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The picture type `bytes` really are, among those WhatsApp takes (JPEG, PNG, and WebP for
/// stickers).
fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// What a file of content type `mime` is kept and sent as (WebP is a sticker); refused when no
/// channel takes its type, or when a picture's bytes are not the type claimed.
pub fn kind(mime: &str, bytes: &[u8]) -> Result<MediaKind, String> {
    let mime = mime_essence(mime);
    let kind = MediaKind::of_mime(&mime).ok_or_else(|| {
        format!(
            "Tipo de arquivo '{mime}' não suportado na Biblioteca de Mídias: envie figurinhas (WebP), imagens (JPEG \
             ou PNG), vídeos (MP4), áudios ou documentos."
        )
    })?;
    if matches!(kind, MediaKind::Image | MediaKind::Sticker) && picture_type(bytes) != Some(mime.as_str()) {
        return Err(format!("O arquivo não é uma imagem {} válida.", picture_label(&mime)));
    }
    Ok(kind)
}

fn picture_label(mime: &str) -> &'static str {
    match mime {
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        _ => "WebP",
    }
}

/// The caption an item of `kind` goes with: none when blank; refused for stickers and audio,
/// which WhatsApp sends without one, and past [`MAX_BODY_CHARS`].
pub fn caption(kind: MediaKind, typed: Option<&str>) -> Result<Option<String>, String> {
    let Some(caption) = typed.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if !kind.takes_caption() {
        let what = if kind == MediaKind::Sticker { "Figurinhas" } else { "Áudios" };
        return Err(format!("{what} são enviados sem legenda: apague a legenda para enviar."));
    }
    if caption.chars().count() > MAX_BODY_CHARS {
        return Err(format!("A legenda pode ter no máximo {MAX_BODY_CHARS} caracteres."));
    }
    Ok(Some(caption.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0";
    const WEBP: &[u8] = b"RIFF\x1a\0\0\0WEBPVP8L";

    #[test]
    fn a_name_is_trimmed_bounded_and_on_one_line() {
        assert_eq!(name("  Figurinha de boas-vindas ").unwrap(), "Figurinha de boas-vindas");
        assert_eq!(name(" \n ").unwrap_err(), "Informe o nome da mídia.");
        assert!(name(&"a".repeat(MAX_NAME)).is_ok());
        assert!(name(&"a".repeat(MAX_NAME + 1)).unwrap_err().contains("80"));
        assert!(name("linha\noutra").is_err());
    }

    #[test]
    fn webp_is_a_sticker_and_other_kinds_follow_their_type() {
        assert_eq!(kind("image/webp", WEBP), Ok(MediaKind::Sticker));
        assert_eq!(kind("Image/PNG; x=1", PNG), Ok(MediaKind::Image));
        assert_eq!(kind("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]), Ok(MediaKind::Image));
        assert_eq!(kind("video/mp4", b"...."), Ok(MediaKind::Video));
        assert_eq!(kind("audio/ogg", b"OggS"), Ok(MediaKind::Audio));
        assert_eq!(kind("application/pdf", b"%PDF"), Ok(MediaKind::Document));
    }

    #[test]
    fn unsupported_types_and_pictures_that_are_not_what_they_claim_are_refused() {
        assert!(kind("image/gif", b"GIF89a").unwrap_err().contains("'image/gif' não suportado"));
        assert!(kind("text/html", b"<p>").is_err());
        assert_eq!(kind("image/png", WEBP).unwrap_err(), "O arquivo não é uma imagem PNG válida.");
        assert_eq!(kind("image/webp", PNG).unwrap_err(), "O arquivo não é uma imagem WebP válida.");
        assert!(kind("image/webp", b"RIFF").is_err());
    }

    #[test]
    fn stickers_and_audio_take_no_caption() {
        assert_eq!(caption(MediaKind::Image, Some(" Nosso catálogo ")), Ok(Some("Nosso catálogo".into())));
        assert_eq!(caption(MediaKind::Sticker, Some("  ")), Ok(None));
        assert_eq!(caption(MediaKind::Sticker, None), Ok(None));
        assert!(caption(MediaKind::Sticker, Some("oi")).unwrap_err().starts_with("Figurinhas"));
        assert!(caption(MediaKind::Audio, Some("oi")).unwrap_err().starts_with("Áudios"));
        assert!(caption(MediaKind::Document, Some(&"x".repeat(MAX_BODY_CHARS + 1))).is_err());
    }

    #[test]
    fn a_kind_is_stored_as_the_api_spells_it() {
        for kind in MediaKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_eq!(MediaKind::parse(kind.as_str()), Some(*kind));
        }
    }
}
