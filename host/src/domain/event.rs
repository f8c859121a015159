//! Kinds of entries in the per-account event log that live clients follow (L6).

use crate::vocabulary;

vocabulary! {
    /// What an event announces.
    pub enum EventKind {
        /// A message was added to a conversation.
        MessageCreated = "message.created",
        /// A message changed (delivery status, failure).
        MessageUpdated = "message.updated",
        /// A conversation changed (assignment, state, read mark …).
        ConversationUpdated = "conversation.updated",
        /// A service ended (K1); the closing flow (K4) starts from it.
        ConversationClosed = "conversation.closed",
        /// A conversation went away with its contact (A6).
        ConversationDeleted = "conversation.deleted",
        /// The bell of the users it names changed (N1); only they receive it.
        NotificationsChanged = "notifications.changed",
    }
}
