//! Presence (N1–N3): each open event stream (a tab or the installed app) reports which screen
//! it shows, whether it can be seen and which chat is open; the notifier reads it to decide
//! where a notification goes. One row per connection, refreshed while the stream lives and
//! removed when it ends; a row whose host died stops counting once it is not refreshed.

use super::{Store, StoreResult};
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::notification::Presence;

impl Store {
    /// Record what the page behind `connection` shows now.
    pub async fn set_presence(&self, connection: &str, account_id: i64, presence: &Presence) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let now = tx.now();
        tx.execute(
            "INSERT INTO presence (connection, account_id, user_id, device, page, visible, conversation_id, seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (connection) DO UPDATE SET device = $4, page = $5, \
             visible = $6, conversation_id = $7, seen_at = $8",
            args![
                connection,
                account_id,
                presence.user_id,
                presence.device.as_str(),
                presence.page.as_str(),
                presence.visible,
                presence.conversation_id,
                now
            ],
        )
        .await?;
        self.commit(tx).await
    }

    /// The page behind `connection` is still there.
    pub async fn touch_presence(&self, connection: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let now = tx.now();
        tx.execute("UPDATE presence SET seen_at = $2 WHERE connection = $1", args![connection, now]).await?;
        self.commit(tx).await
    }

    /// The page behind `connection` closed.
    pub async fn end_presence(&self, connection: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM presence WHERE connection = $1", args![connection]).await?;
        self.commit(tx).await
    }

    /// Forget pages not heard from since `before` (their host stopped without saying).
    pub async fn prune_presence(&self, before: i64) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let removed = tx.execute("DELETE FROM presence WHERE seen_at < $1", args![before]).await?;
        self.commit(tx).await?;
        Ok(removed)
    }
}
