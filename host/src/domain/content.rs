//! What an outbound message carries, typed: text, media, location, contact card (C10), reply
//! buttons and lists, a template (C7, C14) and a reaction (C6). Every way of sending — the
//! composer, a closing message, a scheduled message, a new chat, a flow step — builds a
//! [`Content`], [`Content::check`] applies WhatsApp's limits to it (the same rules everywhere),
//! and each channel adapter matches on it.
//!
//! A message row keeps its content as its kind, its text (what the history and the list
//! preview show) and a JSON payload; [`Content::to_stored`] and [`Content::from_stored`] are
//! the two directions, and the payload keeps the shape the API has always shown
//! (`{"media": {…}}`, `{"location": {…}}`, `{"template": {…}}` …).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::message::{MAX_TEXT_CHARS, MessageKind};
use super::window::TemplateCategory;

/// Longest body of buttons or a list, and longest media caption.
pub const MAX_BODY_CHARS: usize = 1024;
/// Reply buttons per message.
pub const MAX_BUTTONS: usize = 3;
/// Longest reply button title.
pub const MAX_BUTTON_TITLE_CHARS: usize = 20;
/// Rows of a list, over all its sections (and most sections).
pub const MAX_LIST_ROWS: usize = 10;
/// Longest list row title.
pub const MAX_ROW_TITLE_CHARS: usize = 24;
/// Longest label of the button that opens a list.
pub const MAX_LIST_BUTTON_CHARS: usize = 20;
/// Longest name on a contact card.
pub const MAX_CARD_NAME_CHARS: usize = 120;
/// The label of a list's button when none is given.
pub const DEFAULT_LIST_BUTTON: &str = "Opções";

/// A media file's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

impl MediaKind {
    /// The kind a file of `mime` is sent as (C9, C15); `None` for types no channel takes.
    pub fn of_mime(mime: &str) -> Option<MediaKind> {
        let mime = mime.split(';').next().unwrap_or("").trim();
        match mime {
            "image/jpeg" | "image/png" => Some(MediaKind::Image),
            "image/webp" => Some(MediaKind::Sticker),
            "video/mp4" | "video/3gpp" => Some(MediaKind::Video),
            "audio/ogg" | "audio/aac" | "audio/amr" | "audio/mpeg" | "audio/mp4" => Some(MediaKind::Audio),
            m if m.starts_with("application/") || m == "text/plain" => Some(MediaKind::Document),
            _ => None,
        }
    }

    pub fn message_kind(self) -> MessageKind {
        match self {
            MediaKind::Image => MessageKind::Image,
            MediaKind::Video => MessageKind::Video,
            MediaKind::Audio => MessageKind::Audio,
            MediaKind::Document => MessageKind::Document,
            MediaKind::Sticker => MessageKind::Sticker,
        }
    }

    fn of_message_kind(kind: MessageKind) -> Option<MediaKind> {
        Some(match kind {
            MessageKind::Image => MediaKind::Image,
            MessageKind::Video => MediaKind::Video,
            MessageKind::Audio => MediaKind::Audio,
            MessageKind::Document => MediaKind::Document,
            MessageKind::Sticker => MediaKind::Sticker,
            _ => return None,
        })
    }

    /// Whether this kind goes with a caption (audio and stickers take none).
    pub fn takes_caption(self) -> bool {
        matches!(self, MediaKind::Image | MediaKind::Video | MediaKind::Document)
    }
}

/// A text, optionally quoting a message of the chat.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub body: String,
    /// The quoted message (a reply with context).
    pub reply_to: Option<i64>,
    /// Show a preview of the first link (WhatsApp); by default when the text has a link.
    pub preview_url: Option<bool>,
}

impl Text {
    /// `body` as it is, with no quote and the default link preview.
    pub fn plain(body: &str) -> Text {
        Text { body: body.to_string(), reply_to: None, preview_url: None }
    }
}

/// A stored file sent by the channel's media id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    #[serde(skip)]
    pub kind: Option<MediaKind>,
    /// The host's media row.
    pub media_id: i64,
    pub mime_type: String,
    pub file_name: Option<String>,
    /// An OGG/Opus audio goes as a voice note (C15).
    #[serde(default)]
    pub voice: bool,
    #[serde(skip)]
    pub caption: Option<String>,
}

/// A place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

/// A contact card (C10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactCard {
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

/// A reply button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Button {
    pub id: String,
    pub title: String,
}

/// A row of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// A section of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListSection {
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

/// Reply buttons or a list, with their text.
#[derive(Debug, Clone, PartialEq)]
pub struct Interactive {
    pub body: String,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub choices: Choices,
}

/// What the contact picks from.
#[derive(Debug, Clone, PartialEq)]
pub enum Choices {
    /// Up to 3 reply buttons.
    Buttons(Vec<Button>),
    /// A list opened by a button labelled `button`.
    List { button: String, sections: Vec<ListSection> },
}

/// A template, rendered: what the contact receives and what the history keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// The host's template row.
    pub id: i64,
    pub name: String,
    pub language: String,
    pub category: TemplateCategory,
    /// Meta's send `components`, filled in by the `templates` plugin (P4).
    pub components: Value,
    /// The text the history keeps (C14: a header image is sent, only the text is kept).
    #[serde(skip)]
    pub preview: String,
}

/// An emoji on a contact's message (C6); `None` takes the reaction back.
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    pub message_id: i64,
    pub emoji: Option<String>,
}

/// What an outbound message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(Text),
    Media(Media),
    Location(Location),
    ContactCard(ContactCard),
    Interactive(Interactive),
    Template(Template),
    Reaction(Reaction),
}

/// Why content cannot be sent; the message is for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ContentError(pub String);

fn refuse<T>(message: impl Into<String>) -> Result<T, ContentError> {
    Err(ContentError(message.into()))
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

impl Content {
    /// A text, trimmed; refused when empty or longer than WhatsApp takes.
    pub fn text(body: &str) -> Result<Content, ContentError> {
        let content = Content::Text(Text { body: body.trim().to_string(), reply_to: None, preview_url: None });
        content.check()?;
        Ok(content)
    }

    /// The message kind this content is stored and sent as.
    pub fn kind(&self) -> MessageKind {
        match self {
            Content::Text(_) => MessageKind::Text,
            Content::Media(media) => media.kind.map_or(MessageKind::Document, MediaKind::message_kind),
            Content::Location(_) => MessageKind::Location,
            Content::ContactCard(_) => MessageKind::Contact,
            Content::Interactive(_) => MessageKind::Interactive,
            Content::Template(_) => MessageKind::Template,
            Content::Reaction(_) => MessageKind::Reaction,
        }
    }

    /// Whether only a template may carry it outside the window (S4): everything but templates
    /// is free-form.
    pub fn is_free_form(&self) -> bool {
        !matches!(self, Content::Template(_))
    }

    /// WhatsApp's limits, for every way of sending (composer, flows, schedules).
    pub fn check(&self) -> Result<(), ContentError> {
        match self {
            Content::Text(text) => {
                if blank(&text.body) {
                    return refuse("A mensagem está vazia.");
                }
                if chars(&text.body) > MAX_TEXT_CHARS {
                    return refuse(format!("A mensagem pode ter no máximo {MAX_TEXT_CHARS} caracteres."));
                }
            }
            Content::Media(media) => {
                if media.caption.as_deref().is_some_and(|c| chars(c) > MAX_BODY_CHARS) {
                    return refuse(format!("A legenda pode ter no máximo {MAX_BODY_CHARS} caracteres."));
                }
            }
            Content::Location(l) => {
                if !(-90.0..=90.0).contains(&l.latitude) || !(-180.0..=180.0).contains(&l.longitude) {
                    return refuse("Latitude deve estar entre -90 e 90 e longitude entre -180 e 180.");
                }
            }
            Content::ContactCard(card) => {
                if blank(&card.name) || chars(&card.name) > MAX_CARD_NAME_CHARS {
                    return refuse(format!("Informe o nome do contato (até {MAX_CARD_NAME_CHARS} caracteres)."));
                }
                if card.phones.is_empty() && card.emails.is_empty() {
                    return refuse("Informe o e-mail e/ou o telefone do contato.");
                }
                for email in &card.emails {
                    super::contact::normalise_email(email).map_err(|e| ContentError(e.message))?;
                }
            }
            Content::Interactive(i) => check_interactive(i)?,
            Content::Template(t) => {
                if blank(&t.name) || t.name.len() > 512 || blank(&t.language) || t.language.len() > 16 {
                    return refuse("O template precisa de nome e idioma.");
                }
            }
            Content::Reaction(r) => {
                if let Some(emoji) = &r.emoji
                    && (blank(emoji) || chars(emoji) > 8)
                {
                    return refuse("Informe um emoji para a reação.");
                }
            }
        }
        Ok(())
    }

    /// The row's kind, text and payload.
    pub fn to_stored(&self) -> (MessageKind, Option<String>, Option<Value>) {
        let kind = self.kind();
        match self {
            Content::Text(text) => {
                let mut payload = serde_json::Map::new();
                if let Some(quoted) = text.reply_to {
                    payload.insert("reply_to".into(), quoted.into());
                }
                if let Some(preview) = text.preview_url {
                    payload.insert("preview_url".into(), preview.into());
                }
                (kind, Some(text.body.clone()), (!payload.is_empty()).then_some(Value::Object(payload)))
            }
            Content::Media(media) => (kind, media.caption.clone(), Some(json!({ "media": media }))),
            Content::Location(l) => {
                let label = [l.name.clone(), l.address.clone()].into_iter().flatten().collect::<Vec<_>>().join(" — ");
                (kind, (!label.is_empty()).then_some(label), Some(json!({ "location": l })))
            }
            Content::ContactCard(card) => (kind, Some(card.name.clone()), Some(json!({ "card": card }))),
            Content::Interactive(i) => {
                let mut part = match &i.choices {
                    Choices::Buttons(buttons) => json!({ "buttons": buttons }),
                    Choices::List { button, sections } => json!({ "button": button, "sections": sections }),
                };
                if let Some(header) = &i.header {
                    part["header"] = header.clone().into();
                }
                if let Some(footer) = &i.footer {
                    part["footer"] = footer.clone().into();
                }
                (kind, Some(i.body.clone()), Some(json!({ "interactive": part })))
            }
            Content::Template(t) => (kind, Some(t.preview.clone()), Some(json!({ "template": t }))),
            Content::Reaction(r) => {
                let payload = match &r.emoji {
                    Some(emoji) => json!({ "message_id": r.message_id, "emoji": emoji }),
                    None => json!({ "message_id": r.message_id, "emoji": null, "removed": true }),
                };
                (kind, None, Some(payload))
            }
        }
    }

    /// Read back what [`Content::to_stored`] wrote; `None` for a kind that is not outbound
    /// content (an inbound message, a note, a system line) or a payload that does not fit it.
    pub fn from_stored(kind: MessageKind, text: Option<&str>, payload: Option<&Value>) -> Option<Content> {
        let empty = Value::Null;
        let p = payload.unwrap_or(&empty);
        let text_owned = text.map(str::to_string);
        Some(match kind {
            MessageKind::Text => Content::Text(Text {
                body: text_owned?,
                reply_to: p["reply_to"].as_i64(),
                preview_url: p["preview_url"].as_bool(),
            }),
            MessageKind::Image
            | MessageKind::Video
            | MessageKind::Audio
            | MessageKind::Document
            | MessageKind::Sticker => {
                let mut media: Media = serde_json::from_value(p.get("media")?.clone()).ok()?;
                media.kind = MediaKind::of_message_kind(kind);
                media.caption = text_owned;
                Content::Media(media)
            }
            MessageKind::Location => Content::Location(serde_json::from_value(p.get("location")?.clone()).ok()?),
            MessageKind::Contact => Content::ContactCard(serde_json::from_value(p.get("card")?.clone()).ok()?),
            MessageKind::Interactive => {
                let i = p.get("interactive")?;
                let choices = if let Some(buttons) = i.get("buttons") {
                    Choices::Buttons(serde_json::from_value(buttons.clone()).ok()?)
                } else {
                    Choices::List {
                        button: i["button"].as_str().unwrap_or(DEFAULT_LIST_BUTTON).to_string(),
                        sections: serde_json::from_value(i.get("sections")?.clone()).ok()?,
                    }
                };
                Content::Interactive(Interactive {
                    body: text_owned.or_else(|| i["body"].as_str().map(str::to_string))?,
                    header: i["header"].as_str().map(str::to_string),
                    footer: i["footer"].as_str().map(str::to_string),
                    choices,
                })
            }
            MessageKind::Template => {
                let mut template: Template = serde_json::from_value(p.get("template")?.clone()).ok()?;
                template.preview = text_owned.unwrap_or_default();
                Content::Template(template)
            }
            MessageKind::Reaction => Content::Reaction(Reaction {
                message_id: p["message_id"].as_i64()?,
                emoji: p["emoji"].as_str().filter(|e| !e.is_empty()).map(str::to_string),
            }),
            _ => return None,
        })
    }
}

fn check_interactive(i: &Interactive) -> Result<(), ContentError> {
    if blank(&i.body) || chars(&i.body) > MAX_BODY_CHARS {
        return refuse(format!("O texto deve ter de 1 a {MAX_BODY_CHARS} caracteres."));
    }
    match &i.choices {
        Choices::Buttons(buttons) => {
            if buttons.is_empty() || buttons.len() > MAX_BUTTONS {
                return refuse(format!("Envie de 1 a {MAX_BUTTONS} botões."));
            }
            if buttons.iter().any(|b| {
                blank(&b.title) || chars(&b.title) > MAX_BUTTON_TITLE_CHARS || b.id.is_empty() || b.id.len() > 256
            }) {
                return refuse(format!(
                    "Cada botão precisa de id e de um título de até {MAX_BUTTON_TITLE_CHARS} caracteres."
                ));
            }
        }
        Choices::List { button, sections } => {
            let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
            if sections.is_empty() || sections.len() > MAX_LIST_ROWS || rows == 0 || rows > MAX_LIST_ROWS {
                return refuse(format!("A lista deve ter de 1 a {MAX_LIST_ROWS} opções."));
            }
            if sections.iter().flat_map(|s| &s.rows).any(|r| {
                blank(&r.title) || chars(&r.title) > MAX_ROW_TITLE_CHARS || r.id.is_empty() || r.id.len() > 200
            }) {
                return refuse(format!(
                    "Cada opção precisa de id e de um título de até {MAX_ROW_TITLE_CHARS} caracteres."
                ));
            }
            if blank(button) || chars(button) > MAX_LIST_BUTTON_CHARS {
                return refuse(format!("O botão da lista deve ter até {MAX_LIST_BUTTON_CHARS} caracteres."));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buttons(n: usize) -> Content {
        Content::Interactive(Interactive {
            body: "Como prefere?".into(),
            header: None,
            footer: None,
            choices: Choices::Buttons(
                (0..n).map(|i| Button { id: format!("b{i}"), title: format!("Opção {i}") }).collect(),
            ),
        })
    }

    fn list(rows: usize, title: &str) -> Content {
        Content::Interactive(Interactive {
            body: "Escolha".into(),
            header: Some("Frete".into()),
            footer: None,
            choices: Choices::List {
                button: DEFAULT_LIST_BUTTON.into(),
                sections: vec![ListSection {
                    title: None,
                    rows: (0..rows)
                        .map(|i| ListRow { id: format!("r{i}"), title: title.into(), description: None })
                        .collect(),
                }],
            },
        })
    }

    #[test]
    fn buttons_take_one_to_three_short_titles() {
        assert!(buttons(3).check().is_ok());
        assert_eq!(buttons(4).check().unwrap_err().0, "Envie de 1 a 3 botões.");
        assert!(buttons(0).check().is_err());
        let long = Content::Interactive(Interactive {
            body: "x".into(),
            header: None,
            footer: None,
            choices: Choices::Buttons(vec![Button { id: "a".into(), title: "a".repeat(21) }]),
        });
        assert!(long.check().unwrap_err().0.contains("até 20 caracteres"));
    }

    #[test]
    fn lists_take_one_to_ten_rows_of_twenty_four_characters() {
        assert!(list(10, "Expresso").check().is_ok());
        assert_eq!(list(11, "Expresso").check().unwrap_err().0, "A lista deve ter de 1 a 10 opções.");
        assert!(list(1, &"x".repeat(25)).check().unwrap_err().0.contains("até 24 caracteres"));
        assert!(list(1, &"x".repeat(24)).check().is_ok());
    }

    #[test]
    fn texts_and_captions_have_whatsapps_lengths() {
        assert_eq!(Content::text("   ").unwrap_err().0, "A mensagem está vazia.");
        assert!(Content::text(&"a".repeat(MAX_TEXT_CHARS + 1)).is_err());
        assert_eq!(
            Content::text("  Oi  ").unwrap(),
            Content::Text(Text { body: "Oi".into(), reply_to: None, preview_url: None })
        );
        let media = |caption: &str| {
            Content::Media(Media {
                kind: Some(MediaKind::Image),
                media_id: 1,
                mime_type: "image/png".into(),
                file_name: None,
                voice: false,
                caption: Some(caption.into()),
            })
        };
        assert!(media(&"a".repeat(1024)).check().is_ok());
        assert!(media(&"a".repeat(1025)).check().is_err());
    }

    #[test]
    fn locations_cards_and_reactions_are_checked() {
        let place =
            |latitude, longitude| Content::Location(Location { latitude, longitude, name: None, address: None });
        assert!(place(-23.55, -46.63).check().is_ok());
        assert!(place(91.0, 0.0).check().is_err());
        let card = |phones: Vec<&str>, emails: Vec<&str>| {
            Content::ContactCard(ContactCard {
                name: "Ana".into(),
                phones: phones.into_iter().map(str::to_string).collect(),
                emails: emails.into_iter().map(str::to_string).collect(),
            })
        };
        assert_eq!(card(vec![], vec![]).check().unwrap_err().0, "Informe o e-mail e/ou o telefone do contato.");
        assert!(card(vec![], vec!["não é e-mail"]).check().is_err());
        assert!(card(vec!["+55 11 99999-0000"], vec![]).check().is_ok());
        let reaction =
            |emoji: Option<&str>| Content::Reaction(Reaction { message_id: 1, emoji: emoji.map(str::to_string) });
        assert!(reaction(Some("❤️")).check().is_ok());
        assert!(reaction(None).check().is_ok(), "taking a reaction back");
        assert!(reaction(Some(" ")).check().is_err());
    }

    #[test]
    fn files_are_sent_as_the_kind_their_type_says() {
        assert_eq!(MediaKind::of_mime("image/jpeg"), Some(MediaKind::Image));
        assert_eq!(MediaKind::of_mime("audio/ogg; codecs=opus"), Some(MediaKind::Audio));
        assert_eq!(MediaKind::of_mime("application/pdf"), Some(MediaKind::Document));
        assert_eq!(MediaKind::of_mime("image/webp"), Some(MediaKind::Sticker));
        assert_eq!(MediaKind::of_mime("text/html"), None);
    }

    #[test]
    fn only_templates_are_not_free_form() {
        assert!(Content::text("oi").unwrap().is_free_form());
        assert!(buttons(1).is_free_form());
        let template = Content::Template(Template {
            id: 1,
            name: "boas_vindas".into(),
            language: "pt_BR".into(),
            category: TemplateCategory::Utility,
            components: json!([]),
            preview: "Olá".into(),
        });
        assert!(!template.is_free_form());
    }

    #[test]
    fn what_is_stored_reads_back_as_the_same_content() {
        let samples = vec![
            Content::Text(Text { body: "Oi".into(), reply_to: Some(3), preview_url: Some(false) }),
            Content::text("sem extras").unwrap(),
            Content::Media(Media {
                kind: Some(MediaKind::Audio),
                media_id: 9,
                mime_type: "audio/ogg".into(),
                file_name: Some("voz.ogg".into()),
                voice: true,
                caption: None,
            }),
            Content::Location(Location { latitude: 1.5, longitude: 2.5, name: Some("Sede".into()), address: None }),
            Content::ContactCard(ContactCard { name: "Ana".into(), phones: vec!["1".into()], emails: vec![] }),
            buttons(2),
            list(2, "Expresso"),
            Content::Template(Template {
                id: 4,
                name: "boas_vindas".into(),
                language: "pt_BR".into(),
                category: TemplateCategory::Marketing,
                components: json!([{"type": "body", "parameters": []}]),
                preview: "Olá!".into(),
            }),
            Content::Reaction(Reaction { message_id: 7, emoji: Some("👍".into()) }),
            Content::Reaction(Reaction { message_id: 7, emoji: None }),
        ];
        for content in samples {
            let (kind, text, payload) = content.to_stored();
            assert_eq!(Content::from_stored(kind, text.as_deref(), payload.as_ref()), Some(content));
        }
    }

    #[test]
    fn the_stored_payload_keeps_the_apis_shape() {
        let (_, text, payload) = Content::Location(Location {
            latitude: 1.0,
            longitude: 2.0,
            name: Some("Sede".into()),
            address: Some("Rua".into()),
        })
        .to_stored();
        assert_eq!(text.as_deref(), Some("Sede — Rua"));
        assert_eq!(
            payload.unwrap(),
            json!({"location": {"latitude": 1.0, "longitude": 2.0, "name": "Sede", "address": "Rua"}})
        );
        let (_, _, payload) = Content::Reaction(Reaction { message_id: 5, emoji: None }).to_stored();
        assert_eq!(payload.unwrap(), json!({"message_id": 5, "emoji": null, "removed": true}));
        assert_eq!(Content::from_stored(MessageKind::System, Some("x"), None), None);
    }
}
