//! Message vocabulary (kinds, direction, author, delivery status) and the composer rules:
//! internal messages (C13) and what counts as a reply to the contact (C6, L13, S13).

use crate::vocabulary;

vocabulary! {
    /// What a message carries.
    pub enum MessageKind {
        Text = "text",
        Image = "image",
        Audio = "audio",
        Video = "video",
        Document = "document",
        Sticker = "sticker",
        Location = "location",
        /// A contact card (C10).
        Contact = "contact",
        /// An emoji reaction to another message (C6).
        Reaction = "reaction",
        /// A Meta template (C7, C14).
        Template = "template",
        /// Reply buttons or a list sent to the contact.
        Interactive = "interactive",
        /// An Instagram story mention (L1): updates the chat, opens no service.
        StoryMention = "story_mention",
        /// A message the channel could not show us (kept with its error, never dropped).
        Unsupported = "unsupported",
        /// An internal note: stored, never sent (C13).
        Internal = "internal",
        /// A system line in the history (e.g. who forwarded a chat).
        System = "system",
    }
}

vocabulary! {
    /// Which way a message travels.
    pub enum Direction { Inbound = "inbound", Outbound = "outbound" }
}

vocabulary! {
    /// Who wrote a message.
    pub enum AuthorKind {
        Contact = "contact",
        Agent = "agent",
        Flow = "flow",
        System = "system",
        /// Sent from the WhatsApp Business app on the company's phone (C19).
        BusinessApp = "business_app",
    }
}

vocabulary! {
    /// Delivery state of a message.
    pub enum MessageStatus {
        /// Received from the contact, or stored without sending (internal notes, team chat).
        Received = "received",
        /// Waiting in the outbox.
        Pending = "pending",
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        /// A voice message the contact played.
        Played = "played",
        Failed = "failed",
    }
}

/// The command that turns a composer text into an internal message (C13). Lowercase only:
/// `/Interna` or `/INTERNA` are ordinary text.
pub const INTERNAL_COMMAND: &str = "/interna";

/// A composer submission after the C13 rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub internal: bool,
    pub text: String,
}

/// Why a composer submission was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("A mensagem está vazia.")]
    Empty,
    #[error("A mensagem pode ter no máximo {0} caracteres.")]
    TooLong(usize),
}

/// Longest text a message may carry (WhatsApp's limit for a text body).
pub const MAX_TEXT_CHARS: usize = 4096;

/// Apply the C13 rules: `/interna text` (lowercase command, followed by a space or the end)
/// or the "Interna?" checkbox make an internal message; the command itself is not kept.
pub fn compose(text: &str, internal_checked: bool) -> Result<Composed, ComposeError> {
    let (internal, body) = match text.strip_prefix(INTERNAL_COMMAND) {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => (true, rest.trim()),
        _ => (internal_checked, text.trim()),
    };
    if body.is_empty() {
        return Err(ComposeError::Empty);
    }
    let chars = body.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(ComposeError::TooLong(MAX_TEXT_CHARS));
    }
    Ok(Composed { internal, text: body.to_string() })
}

/// Whether a message sent to the contact answers them: it stops the unanswered timer (L13) and
/// may assign the replying agent (S13). Internal notes and reactions never do (C6, C13).
pub fn is_reply(direction: Direction, kind: MessageKind, internal: bool) -> bool {
    direction == Direction::Outbound
        && !internal
        && !matches!(kind, MessageKind::Reaction | MessageKind::Internal | MessageKind::System)
}

/// Whether a contact message of this kind opens a service: an Instagram story mention does
/// not (L1), it only updates the chat.
pub fn opens_service(kind: MessageKind) -> bool {
    kind != MessageKind::StoryMention
}

/// Short text shown in the conversation list for a message.
pub fn preview(kind: MessageKind, text: Option<&str>) -> String {
    let fallback = match kind {
        MessageKind::Image => "📷 Imagem",
        MessageKind::Audio => "🎤 Áudio",
        MessageKind::Video => "🎬 Vídeo",
        MessageKind::Document => "📄 Documento",
        MessageKind::Sticker => "Figurinha",
        MessageKind::Location => "📍 Localização",
        MessageKind::Contact => "👤 Contato",
        MessageKind::Reaction => "Reação",
        MessageKind::Template => "Template",
        MessageKind::Interactive => "Botões",
        MessageKind::StoryMention => "Mencionou você no story",
        MessageKind::Unsupported => "Mensagem não suportada",
        MessageKind::Text | MessageKind::Internal | MessageKind::System => "",
    };
    let text = text.map(str::trim).filter(|t| !t.is_empty()).unwrap_or(fallback);
    let mut out: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_interna_command_makes_an_internal_message_without_the_command() {
        assert_eq!(
            compose("/interna falar com o financeiro", false).unwrap(),
            Composed { internal: true, text: "falar com o financeiro".into() }
        );
    }

    #[test]
    fn capitalised_interna_command_is_ordinary_text() {
        assert_eq!(compose("/Interna oi", false).unwrap(), Composed { internal: false, text: "/Interna oi".into() });
        assert_eq!(compose("/INTERNA oi", false).unwrap(), Composed { internal: false, text: "/INTERNA oi".into() });
    }

    #[test]
    fn interna_must_be_a_whole_word() {
        assert!(!compose("/internacional", false).unwrap().internal);
    }

    #[test]
    fn checkbox_makes_the_message_internal() {
        assert_eq!(compose("nota", true).unwrap(), Composed { internal: true, text: "nota".into() });
    }

    #[test]
    fn empty_and_too_long_texts_are_refused() {
        assert_eq!(compose("   ", false), Err(ComposeError::Empty));
        assert_eq!(compose("/interna   ", false), Err(ComposeError::Empty));
        assert_eq!(compose(&"a".repeat(MAX_TEXT_CHARS + 1), false), Err(ComposeError::TooLong(MAX_TEXT_CHARS)));
    }

    #[test]
    fn reactions_and_internal_notes_are_not_replies() {
        assert!(is_reply(Direction::Outbound, MessageKind::Text, false));
        assert!(!is_reply(Direction::Outbound, MessageKind::Reaction, false));
        assert!(!is_reply(Direction::Outbound, MessageKind::Internal, true));
        assert!(!is_reply(Direction::Outbound, MessageKind::Text, true));
        assert!(!is_reply(Direction::Inbound, MessageKind::Text, false));
    }

    #[test]
    fn previews_are_short_and_name_media() {
        assert_eq!(preview(MessageKind::Image, None), "📷 Imagem");
        assert_eq!(preview(MessageKind::Text, Some("  Oi  ")), "Oi");
        assert_eq!(preview(MessageKind::Text, Some(&"x".repeat(200))).chars().count(), 121);
    }
}
