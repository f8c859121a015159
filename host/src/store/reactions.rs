//! Reactions (C6): one current reaction per side (the contact's, the company's) to a message.
//! A reaction row records the message it is about (`reacts_to`, a local id; a contact's reaction
//! names ours by the channel's id, resolved here when it arrives), and a newer reaction of the
//! same side to the same message marks the older one `replaced`: the history lists only the
//! current one (WhatsApp shows one reaction per person too), while replaced rows stay so that a
//! redelivered old reaction is still a duplicate and not a new reaction.

use super::StoreResult;
use super::Tx;
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::message::Direction;

/// Record that reaction `reaction_id` (sent in `direction`) is about message `target` of the
/// conversation, and mark the side's earlier reactions to it replaced.
pub(super) async fn record_in(
    tx: &mut Tx,
    conversation_id: i64,
    reaction_id: i64,
    direction: Direction,
    target: i64,
) -> StoreResult<()> {
    tx.execute("UPDATE messages SET reacts_to = $1 WHERE id = $2", args![target, reaction_id]).await?;
    tx.execute(
        "UPDATE messages SET replaced = TRUE WHERE conversation_id = $1 AND reacts_to = $2 AND direction = $3 \
         AND id <> $4 AND replaced = FALSE",
        args![conversation_id, target, direction.as_str(), reaction_id],
    )
    .await?;
    Ok(())
}

/// The local id of the message of `channel_id` the channel knows as `provider_id`.
pub(super) async fn target_in(tx: &mut Tx, channel_id: i64, provider_id: &str) -> StoreResult<Option<i64>> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM messages WHERE channel_id = $1 AND provider_message_id = $2",
            args![channel_id, provider_id],
        )
        .await?;
    Ok(row.map(|(id,)| id))
}
