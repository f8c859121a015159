//! "Agendar nova mensagem" (S7): a template, a send time and "Abrir atendimento?" (with an
//! optional agent and/or department). The template is checked and rendered now, so a wrong
//! parameter is refused when it is scheduled; the jobs worker sends it at its time through the
//! same write path as every message.

use super::templates::TemplateValues;
use super::{App, Error, Result};
use crate::domain::Millis;
use crate::domain::scheduled_message;
use crate::store::views::{NamedRef, UserView};
use crate::store::{NewOutbound, NewScheduledMessage, ScheduledMessageView};

/// A message to schedule.
#[derive(Debug, Clone)]
pub struct MessageSchedule {
    pub template_id: i64,
    pub values: TemplateValues,
    /// When to send it, in the future and within a year.
    pub send_at: Millis,
    /// "Abrir atendimento?".
    pub open_service: bool,
    pub agent_id: Option<i64>,
    pub department_id: Option<i64>,
}

impl App {
    /// Schedule a template message on a chat `by` may see (S7).
    pub async fn schedule_message(
        &self,
        by: &UserView,
        conversation_id: i64,
        schedule: MessageSchedule,
    ) -> Result<ScheduledMessageView> {
        let conversation = self.store.conversation_for(by, conversation_id).await?;
        let opening = scheduled_message::opening(schedule.open_service, schedule.agent_id, schedule.department_id)
            .map_err(Error::Invalid)?;
        let channel_id = conversation.channel.as_ref().map(|c| c.id);
        let (template, content) =
            self.template_content(by.account_id, channel_id, schedule.template_id, &schedule.values).await?;
        let message = NewScheduledMessage {
            outbound: NewOutbound::new(conversation_id, content),
            template: NamedRef { id: template.id, name: template.name },
            opening,
        };
        Ok(self.store.schedule_message(by, schedule.send_at, message).await?)
    }
}
