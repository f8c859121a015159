//! Meta channels of an account (issue 5 part 1): several WhatsApp numbers, Facebook Pages and
//! Instagram accounts, each with its sealed credentials (never returned, see
//! [`crate::secrets`]), its webhook address and, for WhatsApp, its business account (WABA) id
//! for the template sync and its end-of-echo keyword (C19).

use super::channels::ChannelTarget;
use super::views::ChannelView;
use super::{Store, StoreError, StoreResult};
use crate::args;

/// A Meta channel to connect; secrets already sealed.
#[derive(Debug, Clone)]
pub struct NewMetaChannel {
    pub account_id: i64,
    /// `whatsapp`, `messenger` or `instagram`.
    pub kind: String,
    pub name: String,
    /// phone_number_id, Page id or Instagram account id.
    pub external_id: String,
    pub business_id: Option<String>,
    pub display_phone: Option<String>,
    pub webhook_key: String,
    pub app_secret: Vec<u8>,
    pub verify_token: Vec<u8>,
    pub access_token: Vec<u8>,
    pub echo_keyword: Option<String>,
}

/// Changes to a Meta channel; `None` keeps a value. Secrets already sealed.
#[derive(Debug, Clone, Default)]
pub struct MetaChannelPatch {
    pub name: Option<String>,
    pub business_id: Option<Option<String>>,
    pub display_phone: Option<Option<String>>,
    pub app_secret: Option<Vec<u8>>,
    pub verify_token: Option<Vec<u8>>,
    pub access_token: Option<Vec<u8>>,
    pub echo_keyword: Option<Option<String>>,
}

/// A Meta channel as the webhook and the senders need it (secrets still sealed).
#[derive(Clone)]
pub struct MetaChannel {
    pub channel: ChannelTarget,
    pub external_id: String,
    pub webhook_key: String,
    pub business_id: Option<String>,
    pub display_phone: Option<String>,
    pub app_secret: Vec<u8>,
    pub verify_token: Vec<u8>,
    pub access_token: Vec<u8>,
    pub echo_keyword: Option<String>,
}

crate::row! {
    struct MetaRow {
        id: i64,
        account_id: i64,
        kind: String,
        name: String,
        account_name: String,
        external_id: String,
        webhook_key: String,
        business_id: Option<String>,
        display_phone: Option<String>,
        app_secret: Vec<u8>,
        verify_token: Vec<u8>,
        access_token: Vec<u8>,
        echo_keyword: Option<String>,
    }
}

const META_SELECT: &str = "SELECT ch.id, ch.account_id, ch.kind, ch.name, a.name AS account_name, ch.external_id, \
    m.webhook_key, m.business_id, m.display_phone, m.app_secret, m.verify_token, m.access_token, m.echo_keyword \
    FROM meta_channels m JOIN channels ch ON ch.id = m.channel_id JOIN accounts a ON a.id = ch.account_id";

fn meta(row: MetaRow) -> MetaChannel {
    MetaChannel {
        channel: ChannelTarget {
            id: row.id,
            account_id: row.account_id,
            kind: row.kind,
            name: row.name,
            account_name: row.account_name,
        },
        external_id: row.external_id,
        webhook_key: row.webhook_key,
        business_id: row.business_id,
        display_phone: row.display_phone,
        app_secret: row.app_secret,
        verify_token: row.verify_token,
        access_token: row.access_token,
        echo_keyword: row.echo_keyword,
    }
}

impl Store {
    /// Connect a Meta channel; a channel already connected (same kind and id) is a conflict.
    pub async fn create_meta_channel(&self, new: NewMetaChannel) -> StoreResult<ChannelView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO channels (account_id, kind, name, external_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![new.account_id, &new.kind, &new.name, &new.external_id, now],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => StoreError::Conflict("Este canal já está conectado.".into()),
                other => other,
            })?;
        tx.execute(
            "INSERT INTO meta_channels (channel_id, account_id, webhook_key, business_id, display_phone, app_secret, \
             verify_token, access_token, echo_keyword, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            args![
                id,
                new.account_id,
                &new.webhook_key,
                new.business_id,
                new.display_phone,
                new.app_secret,
                new.verify_token,
                new.access_token,
                new.echo_keyword,
                now
            ],
        )
        .await?;
        self.commit(tx).await?;
        self.channel_view(new.account_id, id).await
    }

    /// The Meta channel whose webhook address carries `key`.
    pub async fn meta_channel_by_key(&self, key: &str) -> StoreResult<Option<MetaChannel>> {
        let row: Option<MetaRow> =
            self.read().await?.fetch_optional(&format!("{META_SELECT} WHERE m.webhook_key = $1"), args![key]).await?;
        Ok(row.map(meta))
    }

    /// A Meta channel by id (for senders and workers, which act for the channel's account).
    pub async fn meta_channel(&self, channel_id: i64) -> StoreResult<MetaChannel> {
        let row: MetaRow =
            self.read().await?.fetch_one(&format!("{META_SELECT} WHERE ch.id = $1"), args![channel_id]).await?;
        Ok(meta(row))
    }

    /// A Meta channel of the account.
    pub async fn meta_channel_in(&self, account_id: i64, channel_id: i64) -> StoreResult<MetaChannel> {
        let row: MetaRow = self
            .read()
            .await?
            .fetch_one(&format!("{META_SELECT} WHERE ch.account_id = $1 AND ch.id = $2"), args![account_id, channel_id])
            .await?;
        Ok(meta(row))
    }

    /// The account's channel of `kind` with Meta's id `external_id` (routing the items of one
    /// webhook batch: one Meta app may serve several numbers of the account).
    pub async fn account_channel(&self, account_id: i64, kind: &str, external_id: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT id FROM channels WHERE account_id = $1 AND kind = $2 AND external_id = $3",
                args![account_id, kind, external_id],
            )
            .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Change a Meta channel of the account.
    pub async fn update_meta_channel(
        &self,
        account_id: i64,
        channel_id: i64,
        patch: MetaChannelPatch,
    ) -> StoreResult<ChannelView> {
        let current = self.meta_channel_in(account_id, channel_id).await?;
        let now = self.now();
        let mut tx = self.begin().await?;
        if let Some(name) = &patch.name {
            tx.execute("UPDATE channels SET name = $1 WHERE id = $2", args![name, channel_id]).await?;
        }
        tx.execute(
            "UPDATE meta_channels SET business_id = $1, display_phone = $2, app_secret = $3, verify_token = $4, \
             access_token = $5, echo_keyword = $6, updated_at = $7 WHERE channel_id = $8",
            args![
                patch.business_id.unwrap_or(current.business_id),
                patch.display_phone.unwrap_or(current.display_phone),
                patch.app_secret.unwrap_or(current.app_secret),
                patch.verify_token.unwrap_or(current.verify_token),
                patch.access_token.unwrap_or(current.access_token),
                patch.echo_keyword.unwrap_or(current.echo_keyword),
                now,
                channel_id
            ],
        )
        .await?;
        self.commit(tx).await?;
        self.channel_view(account_id, channel_id).await
    }
}
