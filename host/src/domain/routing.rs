//! Where a chat goes when someone writes: a contact's message to a chat in service stays there;
//! to a waiting flow it goes to the flow; to a chat out of service it starts the account's
//! initial flow when the chatbot is on and there is one (F1), else opens a service (with a new
//! protocol). An agent's reply assigns the agent only when nobody is assigned (S13, S15) and,
//! to a chat out of service, opens one for them (L3) — which ends any flow (no bot talks over a
//! human).

use super::conversation::ConversationState;

/// What a contact's message does to the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactMessageRouting {
    /// The chat is in service: it stays as it is.
    Keep,
    /// Out of service, no initial flow: open a service for the queue (no agent, no department).
    OpenService,
    /// A flow waits for the contact: the message goes to it.
    ToFlow,
    /// Out of service, chatbot on with an initial flow: start it (the chat is in the bot state).
    StartInitialFlow,
}

/// Routing of a contact message; `state` is `None` for a brand-new chat, `flow_waiting` says
/// whether a flow session waits on the chat, `initial_flow` whether the chatbot is on with a
/// published initial flow. A chat whose flow ended without opening a service (still `bot`) is
/// out of service.
pub fn on_contact_message(
    state: Option<ConversationState>,
    flow_waiting: bool,
    initial_flow: bool,
) -> ContactMessageRouting {
    match state {
        Some(ConversationState::Open) => ContactMessageRouting::Keep,
        _ if flow_waiting => ContactMessageRouting::ToFlow,
        _ if initial_flow => ContactMessageRouting::StartInitialFlow,
        Some(ConversationState::Closed | ConversationState::Bot) | None => ContactMessageRouting::OpenService,
    }
}

/// What an agent's reply does to the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentReplyRouting {
    /// Open a new service first (the chat was closed or in a flow).
    pub open_service: bool,
    /// Assign this agent.
    pub assign: Option<i64>,
}

/// Routing of a reply by `agent_id` to a chat in `state` with `assigned` agent.
pub fn on_agent_reply(state: ConversationState, assigned: Option<i64>, agent_id: i64) -> AgentReplyRouting {
    match (state, assigned) {
        (ConversationState::Open, Some(_)) => AgentReplyRouting { open_service: false, assign: None },
        (ConversationState::Open, None) => AgentReplyRouting { open_service: false, assign: Some(agent_id) },
        (ConversationState::Closed | ConversationState::Bot, _) => {
            AgentReplyRouting { open_service: true, assign: Some(agent_id) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationState::*;

    #[test]
    fn with_the_chatbot_off_a_contact_message_opens_service_for_chats_out_of_service() {
        assert_eq!(on_contact_message(None, false, false), ContactMessageRouting::OpenService);
        assert_eq!(on_contact_message(Some(Closed), false, false), ContactMessageRouting::OpenService);
        assert_eq!(on_contact_message(Some(Bot), false, false), ContactMessageRouting::OpenService, "its flow ended");
        assert_eq!(on_contact_message(Some(Open), false, false), ContactMessageRouting::Keep);
    }

    #[test]
    fn a_waiting_flow_gets_the_message_and_the_initial_flow_starts_out_of_service_only() {
        assert_eq!(on_contact_message(Some(Bot), true, true), ContactMessageRouting::ToFlow);
        assert_eq!(on_contact_message(None, false, true), ContactMessageRouting::StartInitialFlow);
        assert_eq!(on_contact_message(Some(Closed), false, true), ContactMessageRouting::StartInitialFlow);
        assert_eq!(on_contact_message(Some(Bot), false, true), ContactMessageRouting::StartInitialFlow);
        assert_eq!(
            on_contact_message(Some(Open), false, true),
            ContactMessageRouting::Keep,
            "a chat in service never falls into a flow (S7)"
        );
    }

    #[test]
    fn an_agent_reply_assigns_the_agent_only_when_nobody_is_assigned() {
        assert_eq!(on_agent_reply(Open, None, 5), AgentReplyRouting { open_service: false, assign: Some(5) });
        assert_eq!(on_agent_reply(Open, Some(3), 5), AgentReplyRouting { open_service: false, assign: None });
    }

    #[test]
    fn an_agent_reply_to_a_closed_chat_opens_a_service_for_that_agent() {
        assert_eq!(on_agent_reply(Closed, None, 5), AgentReplyRouting { open_service: true, assign: Some(5) });
        assert_eq!(on_agent_reply(Bot, None, 5), AgentReplyRouting { open_service: true, assign: Some(5) });
    }
}
