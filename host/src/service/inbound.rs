//! The inbound pipeline: every channel hands what it parsed here — the simulator one message,
//! a Meta webhook a batch of messages, statuses, read watermarks and echoes — and acknowledges
//! its provider only after this returns (everything is committed by then), so a crash loses
//! nothing and a redelivery stores nothing twice. A webhook's messages are stored together,
//! grouped with other webhooks' arriving at the same time (the store's group commit); statuses,
//! watermarks and echoes are applied one by one, in their place in the delivery.

use serde::Serialize;
use utoipa::ToSchema;

use super::{App, Result};
use crate::channels::messenger;
use crate::channels::meta::event::{EchoAction, Event};
use crate::channels::whatsapp;
use crate::store::echoes::EchoRecord;
use crate::store::{Inbound, IngestOutcome, MetaChannel};

/// What a webhook delivery did (Meta reads only the status).
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct WebhookReceipt {
    /// Messages stored.
    pub stored: usize,
    /// Items already stored before (redeliveries): nothing changed.
    pub duplicates: usize,
    /// Statuses, echoes and read marks that changed something.
    pub updated: usize,
    /// Items for channels this account does not have, or that changed nothing.
    pub ignored: usize,
}

impl App {
    /// Ingest one inbound message.
    pub async fn ingest(&self, inbound: &Inbound) -> Result<IngestOutcome> {
        let mut outcomes = self.ingest_all(std::slice::from_ref(inbound)).await?;
        Ok(outcomes.pop().expect("one outcome per message"))
    }

    /// Ingest messages delivered together; one outcome each, all committed.
    pub async fn ingest_all(&self, items: &[Inbound]) -> Result<Vec<IngestOutcome>> {
        let began = std::time::Instant::now();
        let outcomes = self.store.ingest_all(items).await?;
        let took = began.elapsed();
        for (inbound, outcome) in items.iter().zip(&outcomes) {
            let label = match outcome {
                IngestOutcome::Stored { conversation_id, message_id } => {
                    tracing::debug!(channel = inbound.channel_id, conversation_id, message_id, "inbound stored");
                    "stored"
                }
                IngestOutcome::Duplicate { .. } => {
                    tracing::debug!(channel = inbound.channel_id, id = %inbound.provider_message_id, "duplicate delivery ignored");
                    "duplicate"
                }
                IngestOutcome::Blocked => {
                    tracing::info!(channel = inbound.channel_id, "message from a blocked contact dropped (S17)");
                    "blocked"
                }
            };
            crate::metrics::inbound(label, took);
        }
        Ok(outcomes)
    }

    /// Store a run of a webhook's messages and count what happened to them.
    async fn ingest_run(&self, run: &mut Vec<Inbound>, receipt: &mut WebhookReceipt) -> Result<()> {
        for outcome in self.ingest_all(run).await? {
            match outcome {
                IngestOutcome::Stored { .. } => receipt.stored += 1,
                IngestOutcome::Duplicate { .. } => receipt.duplicates += 1,
                IngestOutcome::Blocked => receipt.ignored += 1,
            }
        }
        run.clear();
        Ok(())
    }

    /// Apply every event of a Meta webhook batch received on `channel`, in order.
    pub async fn receive_meta_events(&self, channel: &MetaChannel, events: Vec<Event>) -> Result<WebhookReceipt> {
        let store = &self.store;
        let mut receipt = WebhookReceipt::default();
        let account_id = channel.channel.account_id;
        let kind = channel.channel.kind.as_str();
        // Consecutive messages, stored together before the next item of another sort.
        let mut run = Vec::new();
        for event in events {
            // One Meta app may serve several numbers of the account: route each item by its id,
            // within this account only.
            let channel_id = if event.channel() == channel.external_id {
                channel.channel.id
            } else {
                match store.account_channel(account_id, kind, event.channel()).await? {
                    Some(id) => id,
                    None => {
                        tracing::warn!(
                            account_id,
                            target = event.channel(),
                            "webhook item for an unknown channel ignored"
                        );
                        receipt.ignored += 1;
                        continue;
                    }
                }
            };
            if !matches!(event, Event::Message { .. }) {
                self.ingest_run(&mut run, &mut receipt).await?;
            }
            let changed = match event {
                Event::Message { mut inbound, .. } => {
                    inbound.channel_id = channel_id;
                    run.push(inbound);
                    continue;
                }
                Event::Status { status, .. } => {
                    let error = status.error.as_ref().map(|(c, t)| (c.as_str(), t.as_str()));
                    store.apply_status(channel_id, &status.provider_message_id, status.status, error, status.at).await?
                }
                Event::Watermark { contact, status, watermark, mids, .. } => {
                    store.apply_watermark(channel_id, &contact, status, watermark, &mids).await? > 0
                }
                Event::Echo { echo, .. } => {
                    let keyword = if channel_id == channel.channel.id {
                        channel.echo_keyword.clone()
                    } else {
                        store.meta_channel(channel_id).await?.echo_keyword
                    };
                    match &echo.action {
                        EchoAction::Sent { kind: message_kind, text, payload } => {
                            // Echoes of Atende's own Messenger sends carry its metadata.
                            let ours = payload
                                .as_ref()
                                .and_then(|p| p.get("metadata"))
                                .and_then(|m| m.as_str())
                                .is_some_and(|m| m.starts_with(messenger::METADATA_PREFIX));
                            !ours
                                && store
                                    .record_echo(&EchoRecord {
                                        account_id,
                                        channel_id,
                                        platform: kind,
                                        contact: &echo.contact,
                                        contact_phone: echo.contact_phone.as_deref(),
                                        provider_message_id: &echo.provider_message_id,
                                        at: echo.at,
                                        kind: *message_kind,
                                        text: text.as_deref(),
                                        payload: payload.as_ref(),
                                        echo_mode: (kind == whatsapp::KIND).then_some(keyword.as_deref()),
                                    })
                                    .await?
                        }
                        EchoAction::Edit { original, kind: k, text, payload } => {
                            store
                                .record_echo_change(
                                    account_id,
                                    channel_id,
                                    original,
                                    Some((*k, text.as_deref(), payload.as_ref())),
                                )
                                .await?
                        }
                        EchoAction::Revoke { original } => {
                            store.record_echo_change(account_id, channel_id, original, None).await?
                        }
                    }
                }
                Event::Error { code, title, .. } => {
                    tracing::warn!(account_id, channel_id, %code, %title, "Meta reported an error without a message");
                    false
                }
            };
            if changed {
                receipt.updated += 1;
            } else {
                receipt.ignored += 1;
            }
        }
        self.ingest_run(&mut run, &mut receipt).await?;
        Ok(receipt)
    }
}
