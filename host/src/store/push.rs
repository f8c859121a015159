//! Web Push (N3) in the database: the VAPID key pair every host shares, each user's
//! subscriptions (one per device, bound to the login session they were made in, so logging out
//! removes them through the foreign key), and the delivery queue. The notifier queues pushes in
//! its own transaction ([`Tx::queue_push`]); the push worker (`crate::push`) claims due ones in
//! batches under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so hosts never take the same
//! one) and records each push service's answer. A push sent twice (a host killed after the
//! service took it, before the answer was recorded) only shows a notification twice, so an
//! expired lease makes a delivery claimable again, unlike the outbox's sends.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::tx::Dialect;
use super::{Arg, Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::notification::PushMessage;
use crate::domain::push::{MAX_ATTEMPTS, ValidSubscription};

/// A user's subscription on one of their devices, as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct PushSubscriptionView {
    /// The id the client chose for the device (browser profile or installed app).
    pub device: String,
    /// The push service's URL the browser gave, for the client to compare with its own.
    pub endpoint: String,
    /// When this subscription was last saved.
    pub created_at: Millis,
}

crate::row! {
    /// A push the worker holds the lease of, with what it needs to send it.
    #[derive(Debug, Clone)]
    pub struct ClaimedPush {
        pub delivery_id: i64,
        pub subscription_id: i64,
        /// Attempts so far, this one included.
        pub attempts: i64,
        /// The notification's JSON ([`PushMessage`]), in clear until it is encrypted to send.
        pub payload: String,
        pub endpoint: String,
        /// The browser's public key, unpadded base64url.
        pub p256dh: String,
        /// The subscription's auth secret, unpadded base64url.
        pub auth: String,
    }
}

impl Tx {
    /// Queue `message` for every push subscription of each user of `recipients` (in
    /// `account_id`) whose device is not among that user's excepted devices, in one statement;
    /// returns how many were queued. Only subscriptions of an active user whose login session
    /// is still live get one (an expired session's device is no one's).
    pub(crate) async fn queue_push(
        &mut self,
        account_id: i64,
        recipients: &[(i64, Vec<String>)],
        message: &PushMessage,
    ) -> StoreResult<usize> {
        if recipients.is_empty() {
            return Ok(0);
        }
        let payload = serde_json::to_string(message)
            .map_err(|e| StoreError::Internal(format!("push payload does not serialize: {e}")))?;
        let now = self.now();
        let mut args: Vec<Arg> = args![payload, now, account_id];
        let mut users = Vec::new();
        let mut except = String::new();
        for (user_id, devices) in recipients {
            args.push((*user_id).into());
            let user = args.len();
            users.push(format!("${user}"));
            for device in devices {
                args.push(device.into());
                except.push_str(&format!(" AND NOT (s.user_id = ${user} AND s.device = ${})", args.len()));
            }
        }
        let queued = self
            .execute(
                &format!(
                    "INSERT INTO push_deliveries (subscription_id, payload, attempts, next_attempt_at, created_at) \
                     SELECT s.id, $1, 0, $2, $2 FROM push_subscriptions s JOIN users u ON u.id = s.user_id \
                     LEFT JOIN sessions se ON se.token_hash = s.session_hash \
                     WHERE s.account_id = $3 AND s.user_id IN ({}) AND u.active = TRUE \
                     AND (s.session_hash IS NULL OR se.expires_at > $2){except}",
                    users.join(", ")
                ),
                args,
            )
            .await?;
        if queued > 0 {
            self.push_added = true;
        }
        Ok(usize::try_from(queued).unwrap_or(usize::MAX))
    }
}

const CLAIM_COLUMNS: &str =
    "d.id AS delivery_id, d.subscription_id, d.attempts, d.payload, s.endpoint, s.p256dh, s.auth";

impl Store {
    /// [`Tx::queue_push`] in a transaction of its own, for callers that hold none (tests, tools).
    pub async fn queue_push_for(
        &self,
        account_id: i64,
        user_id: i64,
        message: &PushMessage,
        except_devices: &[String],
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let queued = tx.queue_push(account_id, &[(user_id, except_devices.to_vec())], message).await?;
        self.commit(tx).await?;
        Ok(queued)
    }

    /// The VAPID key pair (private key sealed, public key base64url), if made yet.
    pub async fn push_keys(&self) -> StoreResult<Option<(Vec<u8>, String)>> {
        self.read().await?.fetch_optional("SELECT private_key, public_key FROM push_keys WHERE id = 1", vec![]).await
    }

    /// Keep `sealed_private` and `public_key` as the VAPID key pair unless one exists already;
    /// the pair in force either way, so hosts starting together agree on the first one written.
    pub async fn create_push_keys(&self, sealed_private: Vec<u8>, public_key: &str) -> StoreResult<(Vec<u8>, String)> {
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO push_keys (id, private_key, public_key, created_at) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO NOTHING",
            args![sealed_private, public_key, self.now()],
        )
        .await?;
        let pair = tx.fetch_one("SELECT private_key, public_key FROM push_keys WHERE id = 1", vec![]).await?;
        self.commit(tx).await?;
        Ok(pair)
    }

    /// Save `user_id`'s subscription on `device`, made in the login session `session_hash`
    /// (`None` for an API token: it lasts until deleted or expired). The same endpoint held by
    /// another user or device moves here: a browser has one subscription, and its new owner is
    /// whoever subscribed last.
    pub async fn save_push_subscription(
        &self,
        account_id: i64,
        user_id: i64,
        session_hash: Option<&str>,
        device: &str,
        subscription: &ValidSubscription,
    ) -> StoreResult<PushSubscriptionView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        tx.execute(
            "DELETE FROM push_subscriptions WHERE endpoint = $1 AND NOT (user_id = $2 AND device = $3)",
            args![subscription.endpoint.as_str(), user_id, device],
        )
        .await?;
        tx.execute(
            "INSERT INTO push_subscriptions (account_id, user_id, device, endpoint, p256dh, auth, session_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, device) DO UPDATE SET \
             account_id = excluded.account_id, endpoint = excluded.endpoint, p256dh = excluded.p256dh, \
             auth = excluded.auth, session_hash = excluded.session_hash, created_at = excluded.created_at",
            args![
                account_id,
                user_id,
                device,
                subscription.endpoint.as_str(),
                subscription.p256dh.as_str(),
                subscription.auth.as_str(),
                session_hash,
                now
            ],
        )
        .await?;
        self.commit(tx).await?;
        Ok(PushSubscriptionView {
            device: device.to_string(),
            endpoint: subscription.endpoint.clone(),
            created_at: now,
        })
    }

    /// `user_id`'s subscription on `device` ([`StoreError::NotFound`] when there is none).
    pub async fn push_subscription(
        &self,
        account_id: i64,
        user_id: i64,
        device: &str,
    ) -> StoreResult<PushSubscriptionView> {
        let (device, endpoint, created_at): (String, String, Millis) = self
            .read()
            .await?
            .fetch_one(
                "SELECT device, endpoint, created_at FROM push_subscriptions \
                 WHERE account_id = $1 AND user_id = $2 AND device = $3",
                args![account_id, user_id, device],
            )
            .await?;
        Ok(PushSubscriptionView { device, endpoint, created_at })
    }

    /// Remove `user_id`'s subscription on `device` and what was queued for it.
    pub async fn delete_push_subscription(&self, account_id: i64, user_id: i64, device: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let removed = tx
            .execute(
                "DELETE FROM push_subscriptions WHERE account_id = $1 AND user_id = $2 AND device = $3",
                args![account_id, user_id, device],
            )
            .await?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// Lease up to `limit` due pushes for `lease_ms` and count the attempt each starts. A push
    /// whose lease ran out (its host stopped mid-send) is due again; one that used its last
    /// attempt that way is dropped.
    pub async fn claim_pushes(&self, limit: i64, lease_ms: Millis) -> StoreResult<Vec<ClaimedPush>> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE OF d SKIP LOCKED" } else { "" };
        tx.execute("DELETE FROM push_deliveries WHERE attempts >= $1 AND lease_until <= $2", args![MAX_ATTEMPTS, now])
            .await?;
        let mut due: Vec<ClaimedPush> = tx
            .fetch_all(
                &format!(
                    "SELECT {CLAIM_COLUMNS} FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id \
                     WHERE d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1) \
                     AND d.attempts < $2 ORDER BY d.next_attempt_at, d.id LIMIT $3{lock}"
                ),
                args![now, MAX_ATTEMPTS, limit],
            )
            .await?;
        if due.is_empty() {
            self.commit(tx).await?;
            return Ok(due);
        }
        let ids = due.iter().map(|p| p.delivery_id.to_string()).collect::<Vec<_>>().join(",");
        tx.execute(
            &format!("UPDATE push_deliveries SET lease_until = $1, attempts = attempts + 1 WHERE id IN ({ids})"),
            args![now + lease_ms],
        )
        .await?;
        self.commit(tx).await?;
        for push in &mut due {
            push.attempts += 1;
        }
        Ok(due)
    }

    /// The pushes are done with: taken by the service, or dropped. One statement for a batch:
    /// a burst's deliveries are finished together.
    pub async fn finish_pushes(&self, delivery_ids: &[i64]) -> StoreResult<()> {
        if delivery_ids.is_empty() {
            return Ok(());
        }
        let ids = delivery_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut tx = self.begin().await?;
        tx.execute(&format!("DELETE FROM push_deliveries WHERE id IN ({ids})"), vec![]).await?;
        self.commit(tx).await
    }

    /// The push service says the subscription is gone (404/410): remove it with its queue.
    pub async fn remove_push_subscription(&self, subscription_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM push_subscriptions WHERE id = $1", args![subscription_id]).await?;
        self.commit(tx).await
    }

    /// Try the push again at `at`.
    pub async fn retry_push(&self, delivery_id: i64, at: Millis) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE push_deliveries SET next_attempt_at = $1, lease_until = NULL WHERE id = $2",
            args![at, delivery_id],
        )
        .await?;
        self.commit(tx).await
    }

    /// How many pushes are queued for `user_id`'s subscriptions (tests and diagnostics).
    pub async fn queued_pushes(&self, user_id: i64) -> StoreResult<i64> {
        let (count,): (i64,) = self
            .read()
            .await?
            .fetch_one(
                "SELECT COUNT(*) FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id \
                 WHERE s.user_id = $1",
                args![user_id],
            )
            .await?;
        Ok(count)
    }
}
