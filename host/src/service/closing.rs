//! What is done to a chat's service: assign an agent (S13), forward to a department (S14),
//! close now or later with a closing message and closing fields (K1–K3, K5), call off a
//! scheduled close. The closing fields are validated by the field validator (P2) before the
//! store closes; what a close does is the store's, in one transaction.

use super::{App, Error, Result};
use crate::domain::closing::{self, ClosingFieldInput, ClosingFieldRule, FieldAction, IfContactWrites};
use crate::domain::field::{FieldKind, FieldSpec, FieldValue};
use crate::store::views::{ConversationView, UserView};
use crate::store::{ClosePlan, FieldChange};

/// "Encerrar atendimento".
#[derive(Debug, Clone, Default)]
pub struct CloseRequest {
    /// "Mensagem de encerramento": `None` = the user's default from "Meu Perfil";
    /// `Some(None)` or blank = none.
    pub message: Option<Option<String>>,
    /// "Tempo de encerramento": close this many minutes from now; `None` closes now.
    pub in_minutes: Option<i64>,
    /// "Caso o usuário responda", required with `in_minutes`.
    pub if_contact_writes: Option<IfContactWrites>,
    /// The closing fields (K5).
    pub fields: Vec<ClosingFieldInput>,
}

impl App {
    /// Assign an agent (S13); the department is removed.
    pub async fn assign(
        &self,
        by: &UserView,
        conversation_id: i64,
        agent_id: i64,
        replace: bool,
    ) -> Result<ConversationView> {
        Ok(self.store.assign_agent(by, conversation_id, agent_id, replace).await?)
    }

    /// Forward to a department (S14); the history records who did it.
    pub async fn forward(&self, by: &UserView, conversation_id: i64, department_id: i64) -> Result<ConversationView> {
        Ok(self.store.forward_to_department(by, conversation_id, department_id).await?)
    }

    /// The closing fields' effect on the contact (K5): each input validated through the field
    /// validator, an optional empty field cleared or kept as asked.
    pub async fn closing_field_changes(
        &self,
        account_id: i64,
        inputs: &[ClosingFieldInput],
    ) -> Result<Vec<FieldChange>> {
        let configured = self.store.closing_fields(account_id).await?;
        let rules: Vec<ClosingFieldRule> = configured
            .iter()
            .map(|c| ClosingFieldRule { key: c.field.key.clone(), label: c.field.label.clone(), required: c.required })
            .collect();
        let mut changes = Vec::new();
        for action in closing::field_actions(&rules, inputs).map_err(Error::Invalid)? {
            match action {
                FieldAction::Keep => {}
                FieldAction::Clear { key } => changes.push(FieldChange { key, value: FieldValue::Empty.stored_json() }),
                FieldAction::Validate { key, input, required } => {
                    let field = &configured
                        .iter()
                        .find(|c| c.field.key == key)
                        .ok_or_else(|| Error::Internal(format!("closing field {key} is not configured")))?
                        .field;
                    let kind = FieldKind::of_custom(field.kind)
                        .ok_or_else(|| Error::Invalid("Campo de imagem no encerramento.".into()))?;
                    let spec =
                        FieldSpec { key: &field.key, label: &field.label, kind, required, options: &field.options };
                    let value = self.validate_field(account_id, &spec, &input).await?;
                    changes.push(FieldChange { key, value: value.stored_json() });
                }
            }
        }
        Ok(changes)
    }

    /// Close the service now, or schedule it (K1–K3, K5).
    pub async fn close(&self, by: &UserView, conversation_id: i64, request: CloseRequest) -> Result<ConversationView> {
        let conversation = self.store.conversation_for(by, conversation_id).await?;
        let at = closing::close_at(self.store.now(), request.in_minutes).map_err(Error::Invalid)?;
        let requested = request.message.as_ref().map(|m| m.as_deref());
        let mut message = closing::closing_message(requested, by.default_closing_message.as_deref());
        // Variables ({nome}, custom fields) are filled now, as in every message an agent writes
        // (C8); a scheduled close sends the text as it read when it was scheduled.
        if let (Some(text), Some(contact)) = (&message, &conversation.contact) {
            let contact = self.store.contact(by.account_id, contact.id).await?;
            message = Some(self.expand(by.account_id, &contact, text, &[]).await?.text);
        }
        let plan = ClosePlan { message, changes: self.closing_field_changes(by.account_id, &request.fields).await? };
        Ok(match (at, request.if_contact_writes) {
            (None, _) => self.store.close_now(by, conversation_id, &plan).await?,
            (Some(at), Some(policy)) => self.store.schedule_close(by, conversation_id, at, policy, plan).await?,
            (Some(_), None) => {
                return Err(Error::Invalid(
                    "Informe if_contact_writes (\"keep\" ou \"cancel\"): o que fazer se o contato responder antes."
                        .into(),
                ));
            }
        })
    }

    /// Call off a scheduled close (K2).
    pub async fn cancel_scheduled_close(&self, by: &UserView, conversation_id: i64) -> Result<ConversationView> {
        Ok(self.store.cancel_scheduled_close(by, conversation_id).await?)
    }
}
