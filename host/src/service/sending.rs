//! Sending from the composer: a text (with `/interna` and "Interna?" making an internal note,
//! C13; variables such as `{nome}` expanded per contact on what goes out, C8 and P3, and image
//! variables such as `{foto}` sending the stored picture after the text), any typed content
//! (location, contact card, buttons and lists, reactions …), and files (C9, C15). The rules a
//! message to a contact obeys — content limits, window (S4), blocked contact (S17) — are
//! checked where the message is written, for every sender alike.

use super::media::UploadedFile;
use super::{App, Error, Result};
use crate::domain::content::{Content, Media, MediaKind, Text};
use crate::domain::field::ImageRef;
use crate::domain::message;
use crate::plugins::Expanded;
use crate::store::views::{ContactView, MessageView, UserView};
use crate::store::{MediaSource, NewOutbound, StoreError};

/// A text from the composer.
#[derive(Debug, Clone, Default)]
pub struct TextMessage {
    /// Starting with `/interna ` (lowercase) makes it internal.
    pub text: String,
    /// The "Interna?" checkbox.
    pub internal: bool,
    /// Quote this message of the conversation.
    pub reply_to: Option<i64>,
    /// Show a preview of the first link (WhatsApp); by default when the text has a link.
    pub preview_url: Option<bool>,
}

impl App {
    /// Send a text, or store an internal note (C13). The first message written is returned
    /// (the text, or the first picture when the text was only image variables).
    pub async fn send_text(&self, by: &UserView, conversation_id: i64, message: TextMessage) -> Result<MessageView> {
        let composed = message::compose(&message.text, message.internal).map_err(|e| Error::Invalid(e.to_string()))?;
        let conversation = self.store.conversation_for(by, conversation_id).await?;
        if composed.internal {
            return Ok(self.store.send_message(by, NewOutbound::note(conversation_id, &composed.text)).await?);
        }
        let (text, images) = match &conversation.contact {
            // Variables are expanded per contact on what goes out (C8, P3), not in notes.
            Some(contact) => {
                let contact = self.store.contact(by.account_id, contact.id).await?;
                let expanded =
                    self.plugins.expand(&self.store, by.account_id, &contact, &composed.text, &[]).await.map_err(
                        |failure| {
                            Error::PluginUnavailable(format!("Não foi possível expandir as variáveis: {failure}"))
                        },
                    )?;
                (expanded.text, expanded.images)
            }
            None => (composed.text, vec![]),
        };
        if text.trim().is_empty() && images.is_empty() {
            return Err(Error::Invalid("A mensagem ficou vazia depois de expandir as variáveis.".into()));
        }
        let mut first = None;
        if !text.trim().is_empty() {
            let content = Content::Text(Text {
                body: text.trim().to_string(),
                reply_to: message.reply_to,
                preview_url: message.preview_url,
            });
            first = Some(self.store.send_message(by, NewOutbound::new(conversation_id, content)).await?);
        }
        // Image variables such as {foto} send the stored picture after the text (C8).
        for image in images {
            let sent = self.send_stored_image(by, conversation_id, &image).await?;
            first.get_or_insert(sent);
        }
        first.ok_or_else(|| Error::Internal("neither a text nor an image was sent".into()))
    }

    /// `text` with its variables (`{nome}`, `<nome>`, custom fields, and a flow's `variables`)
    /// expanded for `contact` by the account's variables plugin (C8, P3).
    pub async fn expand(
        &self,
        account_id: i64,
        contact: &ContactView,
        text: &str,
        variables: &[(String, String)],
    ) -> Result<Expanded> {
        self.plugins
            .expand(&self.store, account_id, contact, text, variables)
            .await
            .map_err(|failure| Error::PluginUnavailable(format!("Não foi possível expandir as variáveis: {failure}")))
    }

    /// Send the picture an image field holds as an image message of its own.
    async fn send_stored_image(&self, by: &UserView, conversation_id: i64, image: &ImageRef) -> Result<MessageView> {
        let content = Content::Media(Media {
            kind: Some(MediaKind::Image),
            media_id: image.media_id,
            mime_type: image.mime_type.clone(),
            file_name: None,
            voice: false,
            caption: None,
        });
        let new = NewOutbound::new(conversation_id, content);
        self.store.send_file(by, new, MediaSource::Stored(image.media_id)).await.map_err(|err| match err {
            // The chat was found above: what is missing is the picture.
            StoreError::NotFound => {
                Error::Invalid("A imagem do campo não foi encontrada; envie a imagem do contato de novo.".into())
            }
            other => other.into(),
        })
    }

    /// Send `content` from `by` on a chat they may see.
    pub async fn send(&self, by: &UserView, conversation_id: i64, content: Content) -> Result<MessageView> {
        Ok(self.store.send_message(by, NewOutbound::new(conversation_id, content)).await?)
    }

    /// Send a file (C9, C15): its content type decides image, video, audio — OGG/Opus is a
    /// voice note —, sticker or document; `caption` goes with images, videos and documents.
    pub async fn send_file(
        &self,
        by: &UserView,
        conversation_id: i64,
        file: &UploadedFile,
        caption: Option<&str>,
    ) -> Result<MessageView> {
        let conversation = self.store.conversation_for(by, conversation_id).await?;
        let kind = MediaKind::of_mime(&file.mime)
            .ok_or_else(|| Error::Invalid(format!("Tipo de arquivo '{}' não suportado.", file.mime)))?;
        let content = Content::Media(Media {
            kind: Some(kind),
            media_id: 0,
            mime_type: file.mime.clone(),
            file_name: file.file_name.clone(),
            voice: kind == MediaKind::Audio && file.mime.starts_with("audio/ogg"),
            caption: caption.map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
        });
        // Refused before the file is written; the window and the contact are checked again
        // with the message.
        content.check().map_err(|e| Error::Invalid(e.0))?;
        self.store.check_sendable(by.account_id, conversation_id, &content).await?;
        let channel_id = conversation.channel.as_ref().map(|c| c.id);
        let upload = self.keep_file(by.account_id, channel_id, file).await?;
        let new = NewOutbound::new(conversation_id, content);
        Ok(self.store.send_file(by, new, MediaSource::Upload(upload)).await?)
    }
}
