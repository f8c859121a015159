//! Channels connected to an account. For the simulator (CH4) the external id is the secret key
//! in the contact page's address; for Meta channels it will be the number / page id.

use super::views::ChannelView;
use super::{Store, StoreResult};
use crate::args;
use crate::domain::now_ms;

type ChannelRow = (i64, String, String, String, i64);

fn view((id, kind, name, external_id, created_at): ChannelRow) -> ChannelView {
    let simulator_url = (kind == "simulator").then(|| format!("/simulator/{external_id}"));
    ChannelView { id, kind, name, simulator_url, created_at }
}

/// A channel as the pipeline needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelTarget {
    pub id: i64,
    pub account_id: i64,
    pub kind: String,
    pub name: String,
    pub account_name: String,
}

impl Store {
    /// Connect a channel to the account.
    pub async fn create_channel(
        &self,
        account_id: i64,
        kind: &str,
        name: &str,
        external_id: &str,
    ) -> StoreResult<ChannelView> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO channels (account_id, kind, name, external_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![account_id, kind, name, external_id, now],
            )
            .await?;
        self.commit(tx).await?;
        Ok(view((id, kind.to_string(), name.to_string(), external_id.to_string(), now)))
    }

    /// Channels of the account.
    pub async fn channels(&self, account_id: i64) -> StoreResult<Vec<ChannelView>> {
        let rows: Vec<ChannelRow> = self
            .read()
            .await?
            .fetch_all(
                "SELECT id, kind, name, external_id, created_at FROM channels WHERE account_id = $1 ORDER BY id",
                args![account_id],
            )
            .await?;
        Ok(rows.into_iter().map(view).collect())
    }

    /// The channel of this kind with this external id (any account: used by public entry points
    /// such as webhooks and the simulator page, which carry no session).
    pub async fn channel_by_external_id(&self, kind: &str, external_id: &str) -> StoreResult<Option<ChannelTarget>> {
        let row: Option<(i64, i64, String, String, String)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT ch.id, ch.account_id, ch.kind, ch.name, a.name FROM channels ch JOIN accounts a ON a.id = ch.account_id \
                 WHERE ch.kind = $1 AND ch.external_id = $2",
                args![kind, external_id],
            )
            .await?;
        Ok(row.map(|(id, account_id, kind, name, account_name)| ChannelTarget {
            id,
            account_id,
            kind,
            name,
            account_name,
        }))
    }
}
