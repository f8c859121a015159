//! WhatsApp Business Cloud API (CH1): webhook parsing in [`inbound`], request bodies in
//! [`outbound`], and the sender the outbox worker calls. A media message is uploaded first
//! (`POST /{phone_number_id}/media`) and sent by Meta's id; a reaction or a quote names Meta's
//! id of the target message. Sync errors come back as [`SendFailure`]s with Meta's code and
//! title (C17), retried only when clearly retryable; a template whose send timed out is not
//! resent, since Meta may have sent it.

pub mod inbound;
pub mod outbound;

use async_trait::async_trait;

use super::Channel;
use super::meta::Meta;
use super::meta::graph::GraphError;
use crate::domain::Millis;
use crate::domain::content::Content;
use crate::domain::delivery;
use crate::domain::message::MessageKind;
use crate::store::{ClaimedSend, SendFailure, Store};

/// The channel kind (and contact platform) of WhatsApp numbers.
pub const KIND: &str = "whatsapp";

/// Sends through the Cloud API.
pub struct WhatsApp {
    pub meta: Meta,
    pub store: Store,
}

/// A failure of `send` with no retry.
pub fn final_failure(code: &str, title: impl Into<String>) -> SendFailure {
    SendFailure { code: code.into(), title: title.into(), retry_at: None }
}

/// The send failure for a Graph API error on try number `attempts` of a `kind` message, at
/// `now`.
pub fn failure_of(error: &GraphError, kind: MessageKind, attempts: i64, now: Millis) -> SendFailure {
    // Meta may have sent a template whose request timed out: sending again could deliver it
    // twice (and bill it twice), so it is failed instead, for a person to decide.
    let retry_at = if error.ambiguous && kind == MessageKind::Template {
        None
    } else if error.ambiguous {
        delivery::retry_at("131000", None, attempts, now)
    } else {
        delivery::retry_at(&error.code, error.http_status, attempts, now)
    };
    SendFailure { code: error.code.clone(), title: error.title.clone(), retry_at }
}

impl WhatsApp {
    /// Meta's id of the message `message_id` (the target of a reaction or a quote).
    async fn provider_id_of(&self, account_id: i64, message_id: Option<i64>) -> Option<String> {
        let id = message_id?;
        self.store.provider_message_id(account_id, id).await.ok().flatten()
    }

    /// Meta's media id of an uploaded file, uploading it first if needed.
    async fn media_id(
        &self,
        send: &ClaimedSend,
        media_id: i64,
        token: &crate::secrets::Secret,
    ) -> Result<String, SendFailure> {
        let media = self.store.media(media_id).await.map_err(|e| final_failure("bad_media", e.to_string()))?;
        if let Some(id) = media.provider_media_id {
            return Ok(id);
        }
        let path = media.path.as_deref().ok_or_else(|| final_failure("bad_media", "Arquivo ausente."))?;
        let bytes = (self.meta.media.get(path).await)
            .map_err(|e| final_failure("bad_media", format!("Arquivo ilegível: {e}")))?;
        let name = media.file_name.clone().unwrap_or_else(|| "arquivo".into());
        let id = self
            .meta
            .graph
            .upload_media(&send.channel_external_id, token, bytes, &media.mime_type, &name)
            .await
            .map_err(|e| failure_of(&e, MessageKind::Document, send.attempts, self.store.now()))?;
        self.store.set_provider_media_id(media_id, &id).await.map_err(|e| final_failure("store", e.to_string()))?;
        Ok(id)
    }

    /// Mark a contact's message read (when an agent opens the chat); errors are only logged:
    /// the read mark is a courtesy, never worth a retry loop.
    pub async fn mark_read(&self, channel_id: i64, provider_message_id: &str) {
        let result = async {
            let channel = self.store.meta_channel(channel_id).await.map_err(|e| e.to_string())?;
            let token = self.meta.credentials(&channel).map_err(|e| e.to_string())?.access_token;
            let path = format!("{}/messages", channel.external_id);
            self.meta
                .graph
                .post_json(&path, &token, &outbound::mark_read(provider_message_id))
                .await
                .map_err(|e| e.title)
        }
        .await;
        if let Err(error) = result {
            tracing::warn!(channel_id, %error, "mark-as-read failed");
        }
    }
}

#[async_trait]
impl Channel for WhatsApp {
    async fn send(&self, send: &ClaimedSend) -> Result<String, SendFailure> {
        let content = send.content().ok_or_else(|| final_failure("bad_content", "Conteúdo da mensagem ilegível."))?;
        let kind = content.kind();
        let channel =
            self.store.meta_channel(send.channel_id).await.map_err(|e| final_failure("channel", e.to_string()))?;
        let token =
            self.meta.credentials(&channel).map_err(|e| final_failure("credentials", e.to_string()))?.access_token;
        let to =
            send.contact_external_id.as_deref().ok_or_else(|| final_failure("no_contact", "Conversa sem contato."))?;
        let media_id = match &content {
            Content::Media(media) => Some(self.media_id(send, media.media_id, &token).await?),
            _ => None,
        };
        let target = match &content {
            Content::Reaction(reaction) => Some(reaction.message_id),
            Content::Text(text) => text.reply_to,
            _ => None,
        };
        let target_id = self.provider_id_of(send.account_id, target).await;
        let body = outbound::message(&outbound::Outgoing {
            to,
            content: &content,
            media_id: media_id.as_deref(),
            target_id: target_id.as_deref(),
        })
        .map_err(|why| final_failure("not_sendable", why))?;
        let answer = self
            .meta
            .graph
            .post_json(&format!("{}/messages", send.channel_external_id), &token, &body)
            .await
            .map_err(|e| failure_of(&e, kind, send.attempts, self.store.now()))?;
        answer["messages"][0]["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| final_failure("bad_answer", "A Meta não devolveu o id da mensagem."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str, status: u16, ambiguous: bool) -> GraphError {
        GraphError { http_status: Some(status), code: code.into(), title: "t".into(), ambiguous }
    }

    #[test]
    fn an_ambiguous_template_timeout_is_not_resent_but_a_text_is() {
        assert_eq!(failure_of(&error("timeout", 0, true), MessageKind::Template, 1, 0).retry_at, None);
        assert!(failure_of(&error("timeout", 0, true), MessageKind::Text, 1, 0).retry_at.is_some());
    }

    #[test]
    fn sync_errors_keep_metas_code_and_title() {
        let f = failure_of(&error("131026", 400, false), MessageKind::Text, 1, 0);
        assert_eq!((f.code.as_str(), f.title.as_str(), f.retry_at), ("131026", "t", None));
        assert!(failure_of(&error("130429", 400, false), MessageKind::Text, 1, 0).retry_at.is_some());
        assert!(failure_of(&error("131056", 400, false), MessageKind::Template, 1, 0).retry_at.is_some());
        assert!(failure_of(&error("100", 503, false), MessageKind::Text, 1, 0).retry_at.is_some());
    }
}
