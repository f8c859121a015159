//! Channels connected to an account. For the simulator (CH4) the external id is the secret key
//! in the contact page's address; for Meta channels it is Meta's id of the number, Page or
//! Instagram account, and the webhook address comes from `meta_channels` (never its secrets).

use super::views::ChannelView;
use super::{Store, StoreResult};
use crate::args;

crate::row! {
    /// A channel with its Meta details (none for the simulator).
    struct ChannelRow {
        id: i64,
        kind: String,
        name: String,
        external_id: String,
        created_at: i64,
        webhook_key: Option<String>,
        business_id: Option<String>,
        display_phone: Option<String>,
        echo_keyword: Option<String>,
    }
}

const CHANNEL_SELECT: &str = "SELECT ch.id, ch.kind, ch.name, ch.external_id, ch.created_at, m.webhook_key, \
    m.business_id, m.display_phone, m.echo_keyword FROM channels ch LEFT JOIN meta_channels m ON m.channel_id = ch.id";

fn view(row: ChannelRow) -> ChannelView {
    let ChannelRow { id, kind, name, external_id, created_at, webhook_key, business_id, display_phone, echo_keyword } =
        row;
    let simulator = kind == "simulator";
    ChannelView {
        id,
        simulator_url: simulator.then(|| format!("/simulator/{external_id}")),
        webhook_path: webhook_key.map(|key| format!("/api/v1/webhooks/meta/{key}")),
        external_id: (!simulator).then_some(external_id),
        business_id,
        display_phone,
        echo_keyword,
        kind,
        name,
        created_at,
    }
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
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO channels (account_id, kind, name, external_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![account_id, kind, name, external_id, now],
            )
            .await?;
        self.commit(tx).await?;
        Ok(view(ChannelRow {
            id,
            kind: kind.to_string(),
            name: name.to_string(),
            external_id: external_id.to_string(),
            created_at: now,
            webhook_key: None,
            business_id: None,
            display_phone: None,
            echo_keyword: None,
        }))
    }

    /// One channel of the account.
    pub async fn channel_view(&self, account_id: i64, channel_id: i64) -> StoreResult<ChannelView> {
        let row: ChannelRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{CHANNEL_SELECT} WHERE ch.account_id = $1 AND ch.id = $2"),
                args![account_id, channel_id],
            )
            .await?;
        Ok(view(row))
    }

    /// Channels of the account.
    pub async fn channels(&self, account_id: i64) -> StoreResult<Vec<ChannelView>> {
        let rows: Vec<ChannelRow> = self
            .read()
            .await?
            .fetch_all(&format!("{CHANNEL_SELECT} WHERE ch.account_id = $1 ORDER BY ch.id"), args![account_id])
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
