//! Conversation vocabulary: a chat is either a contact's thread on one channel number or the
//! account's internal team chat (L14), and is in one of three states.

use crate::vocabulary;

vocabulary! {
    /// What a conversation is.
    pub enum ConversationKind {
        /// A contact's thread on one channel number.
        Contact = "contact",
        /// "Comunicação interna": the users' own chat, never sent anywhere (L14).
        Internal = "internal",
    }
}

vocabulary! {
    /// Where a conversation stands ("Words": bot / open / closed).
    pub enum ConversationState {
        /// A flow runs or ran and no service was opened.
        Bot = "bot",
        /// In service: waiting queue, department and/or agent.
        Open = "open",
        /// The last service was closed.
        Closed = "closed",
    }
}
