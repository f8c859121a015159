//! Where a chat goes when someone writes: a contact's message to a chat that is not in
//! service opens a service (with a new protocol); an agent's reply assigns the agent only when
//! nobody is assigned (S13, S15) and, to a chat out of service, opens one for them (L3).
//!
//! The initial flow (F1) will add "start a flow" here when the flow engine lands.

use super::conversation::ConversationState;

/// What a contact's message does to the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactMessageRouting {
    /// The chat is in service or in a flow: it stays as it is.
    Keep,
    /// New or closed chat: open a service for the queue (no agent, no department).
    OpenService,
}

/// Routing of a contact message; `state` is `None` for a brand-new chat.
pub fn on_contact_message(state: Option<ConversationState>) -> ContactMessageRouting {
    match state {
        Some(ConversationState::Open | ConversationState::Bot) => ContactMessageRouting::Keep,
        Some(ConversationState::Closed) | None => ContactMessageRouting::OpenService,
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
    fn a_contact_message_opens_service_for_new_and_closed_chats_only() {
        assert_eq!(on_contact_message(None), ContactMessageRouting::OpenService);
        assert_eq!(on_contact_message(Some(Closed)), ContactMessageRouting::OpenService);
        assert_eq!(on_contact_message(Some(Open)), ContactMessageRouting::Keep);
        assert_eq!(on_contact_message(Some(Bot)), ContactMessageRouting::Keep);
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
