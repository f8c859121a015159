//! Builders for the unit tests of a plugin, which run natively with `cargo test`: a plugin's
//! logic is plain Rust, so it is tested without any WebAssembly runtime.

use crate::flow_step::{InboundMessage, StepInput, Trigger};
use crate::types::{Contact, Conversation};

/// A contact named `name` with every other field empty.
pub fn contact(name: &str) -> Contact {
    Contact {
        id: 1,
        name: name.into(),
        phone: None,
        email: None,
        birth_date: None,
        cpf: None,
        rg: None,
        client_code: None,
        cnpj: None,
        company_name: None,
        tags: Vec::new(),
        custom_fields: Vec::new(),
    }
}

/// A simulator conversation inside a flow (`bot`), with no service open.
pub fn conversation() -> Conversation {
    Conversation {
        id: 1,
        state: "bot".into(),
        channel_kind: "simulator".into(),
        protocol: None,
        agent: None,
        department: None,
    }
}

/// A step input with this JSON `config` and `trigger`, for a contact named Maria, no variables and
/// no saved state.
pub fn step_input(config: &str, trigger: Trigger) -> StepInput {
    StepInput {
        config: config.into(),
        contact: contact("Maria"),
        conversation: conversation(),
        variables: Vec::new(),
        trigger,
        state: None,
        now_ms: 0,
        in_business_hours: true,
        free_slots: Vec::new(),
    }
}

/// The contact typed `text`.
pub fn typed(text: &str) -> Trigger {
    Trigger::ContactMessage(InboundMessage { kind: "text".into(), text: Some(text.into()), reply_id: None })
}

/// The contact tapped the button or list row `id` titled `title`.
pub fn tapped(id: &str, title: &str) -> Trigger {
    Trigger::ContactMessage(InboundMessage {
        kind: "interactive".into(),
        text: Some(title.into()),
        reply_id: Some(id.into()),
    })
}
