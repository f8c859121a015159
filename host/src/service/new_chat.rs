//! "Novo chat" (L5): a template to a number that may not be a contact yet — name, "Abrir
//! conversa?", "Número estrangeiro" and the number — on a WhatsApp (or simulator) number. The
//! `target_phone` deep link (A5) leads here with the phone filled in. The rules are
//! [`crate::domain::new_chat`]; the contact, chat, message and opening are written by the store
//! in one transaction.

use super::templates::TemplateValues;
use super::{App, Error, Result};
use crate::domain::contact::target_phone;
use crate::domain::new_chat;
use crate::store::views::UserView;
use crate::store::{NewChat, StartedChat};

/// Longest contact name accepted.
const MAX_NAME_CHARS: usize = 120;

/// A new chat to start.
#[derive(Debug, Clone)]
pub struct ChatStart {
    /// The number that sends the template.
    pub channel_id: i64,
    /// The name a new contact gets (an existing contact keeps theirs).
    pub name: String,
    /// DDD and number, or with `foreign` the number with its country code.
    pub phone: String,
    pub foreign: bool,
    pub open_conversation: bool,
    pub template_id: i64,
    pub values: TemplateValues,
}

impl App {
    /// Start a chat with a template (L5).
    pub async fn start_chat(&self, by: &UserView, start: ChatStart) -> Result<StartedChat> {
        let name = start.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::Invalid(format!("Informe o nome do cliente (até {MAX_NAME_CHARS} caracteres).")));
        }
        let phone = target_phone(&start.phone, start.foreign).map_err(Error::Invalid)?;
        let channel = self.store.channel_view(by.account_id, start.channel_id).await?;
        new_chat::check_channel(&channel.kind).map_err(Error::Invalid)?;
        let (_, content) =
            self.template_content(by.account_id, Some(channel.id), start.template_id, &start.values).await?;
        let chat = NewChat {
            channel_id: channel.id,
            platform: channel.kind,
            phone,
            name: name.to_string(),
            content,
            open_conversation: start.open_conversation,
        };
        Ok(self.store.start_new_chat(by, chat).await?)
    }
}
