//! Approximate sizes of what crosses the plugin boundary, for the host's input and output
//! caps (WIT has no length limits of its own).

use super::bindings::flow_step::{Effect, OutboundMessage};
use super::bindings::types::{Contact, FieldValue, Variable};

/// Bytes of a field value.
pub fn field_value_size(value: &FieldValue) -> usize {
    match value {
        FieldValue::Empty | FieldValue::Number(_) | FieldValue::Boolean(_) => 8,
        FieldValue::Text(s) | FieldValue::Date(s) | FieldValue::ListItem(s) => s.len(),
        FieldValue::Image(image) => image.media_id.len() + image.mime_type.len(),
    }
}

/// Bytes of a contact snapshot.
pub fn contact_size(contact: &Contact) -> usize {
    let optional = [
        &contact.phone,
        &contact.email,
        &contact.birth_date,
        &contact.cpf,
        &contact.rg,
        &contact.client_code,
        &contact.cnpj,
        &contact.company_name,
    ];
    contact.name.len()
        + optional.iter().map(|o| o.as_ref().map_or(0, String::len)).sum::<usize>()
        + contact.tags.iter().map(String::len).sum::<usize>()
        + contact.custom_fields.iter().map(|f| f.key.len() + field_value_size(&f.value)).sum::<usize>()
}

/// Bytes of flow variables.
pub fn variables_size(variables: &[Variable]) -> usize {
    variables.iter().map(|v| v.name.len() + v.value.len()).sum()
}

/// Bytes of an effect.
pub fn effect_size(effect: &Effect) -> usize {
    match effect {
        Effect::Send(message) => match message {
            OutboundMessage::Text(text) => text.len(),
            OutboundMessage::Buttons((text, choices)) | OutboundMessage::Options((text, choices)) => {
                text.len() + choices.iter().map(|c| c.id.len() + c.title.len()).sum::<usize>()
            }
            OutboundMessage::Template(t) => {
                t.name.len() + t.language.len() + t.parameters.iter().map(String::len).sum::<usize>()
            }
        },
        Effect::SetField((name, value)) => name.len() + field_value_size(value),
        Effect::AddTag(tag) | Effect::RemoveTag(tag) | Effect::GoTo(tag) => tag.len(),
        Effect::OpenService(_) => 16,
        Effect::Schedule((_, state)) => 8 + state.len(),
        Effect::WaitForInput(wait) => 8 + wait.state.len(),
        Effect::SetVariable(variable) => variable.name.len() + variable.value.len(),
        Effect::SaveReply((field, input)) => field.len() + input.len(),
        Effect::GoToFlow(_) => 8,
        Effect::Book(_) => 16,
        Effect::End(reason) => reason.len(),
    }
}
