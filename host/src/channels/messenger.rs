//! Messenger Platform (CH2) and, through the same Send API, Instagram (CH3): webhooks in
//! [`inbound`]; sending text with `messaging_type: RESPONSE` inside the 24 h window and, for a
//! human agent's reply up to 7 days after the contact's last message, `MESSAGE_TAG` with the
//! `HUMAN_AGENT` tag (S4). Atende's own sends carry `metadata` so their echoes are recognised.

pub mod inbound;

use async_trait::async_trait;
use serde_json::{Value, json};

use super::Channel;
use super::meta::Meta;
use super::whatsapp::{failure_of, final_failure};
use crate::domain::content::Content;
use crate::domain::message::MessageKind;
use crate::domain::window::{FreeForm, Sender};
use crate::store::{ClaimedSend, SendFailure, Store};

/// The channel kind (and contact platform) of Facebook Pages.
pub const KIND: &str = "messenger";

/// `object` of Page webhooks.
pub const OBJECT: &str = "page";

/// Messenger refuses texts of 2000 characters or more.
pub const MAX_TEXT_CHARS: usize = 1999;

/// The `metadata` prefix of Atende's sends, echoed back by Meta.
pub const METADATA_PREFIX: &str = "atende:";

/// The Send API body for a text to `psid`.
pub fn text_body(psid: &str, text: &str, permission: FreeForm, message_id: i64) -> Value {
    let mut body = json!({
        "recipient": { "id": psid },
        "messaging_type": "RESPONSE",
        "message": { "text": text, "metadata": format!("{METADATA_PREFIX}{message_id}") },
    });
    if permission == FreeForm::HumanAgentTag {
        body["messaging_type"] = "MESSAGE_TAG".into();
        body["tag"] = "HUMAN_AGENT".into();
    }
    body
}

/// Sends through the Send API (Pages and Instagram accounts).
pub struct Messenger {
    pub meta: Meta,
    pub store: Store,
}

#[async_trait]
impl Channel for Messenger {
    async fn send(&self, send: &ClaimedSend) -> Result<String, SendFailure> {
        let Some(Content::Text(text)) = send.content() else {
            return Err(final_failure(
                "not_sendable",
                format!("Este canal só envia texto pelo Atende (tipo {}).", send.kind),
            ));
        };
        let text = text.body.as_str();
        let limit =
            if send.channel_kind == super::instagram::KIND { super::instagram::MAX_TEXT_CHARS } else { MAX_TEXT_CHARS };
        if text.chars().count() > limit {
            return Err(final_failure("too_long", format!("Texto maior que {limit} caracteres.")));
        }
        // The window is checked again at send time: a send queued at hour 23 may leave at 24.
        let context = self
            .store
            .window_context(send.account_id, send.conversation_id)
            .await
            .map_err(|e| final_failure("store", e.to_string()))?
            .ok_or_else(|| final_failure("no_contact", "Conversa sem contato."))?;
        let permission = context
            .free_form(Sender::Agent, self.store.now())
            .map_err(|refusal| final_failure("outside_window", refusal))?;
        let channel =
            self.store.meta_channel(send.channel_id).await.map_err(|e| final_failure("channel", e.to_string()))?;
        let token =
            self.meta.credentials(&channel).map_err(|e| final_failure("credentials", e.to_string()))?.access_token;
        let psid =
            send.contact_external_id.as_deref().ok_or_else(|| final_failure("no_contact", "Conversa sem contato."))?;
        let body = text_body(psid, text, permission, send.message_id);
        let answer = self
            .meta
            .graph
            .post_json(&format!("{}/messages", send.channel_external_id), &token, &body)
            .await
            .map_err(|e| failure_of(&e, MessageKind::Text, send.attempts, self.store.now()))?;
        answer["message_id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| final_failure("bad_answer", "A Meta não devolveu o id da mensagem."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/meta");

    fn fixture(name: &str) -> Value {
        serde_json::from_slice(&std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap()).unwrap()
    }

    #[test]
    fn responses_and_human_agent_replies_match_metas_shape() {
        let mut body = text_body("<PSID>", "hello, world", FreeForm::Allowed, 7);
        assert_eq!(body["message"]["metadata"], "atende:7");
        body["message"].as_object_mut().unwrap().remove("metadata");
        assert_eq!(body, fixture("fb_send_text_request_ASSEMBLED"));
        let text = "Sorry for the delay - an agent checked your order and it ships tomorrow.";
        let mut tagged = text_body("<PSID>", text, FreeForm::HumanAgentTag, 7);
        tagged["message"].as_object_mut().unwrap().remove("metadata");
        assert_eq!(tagged, fixture("fb_send_human_agent_request_ASSEMBLED"));
    }
}
