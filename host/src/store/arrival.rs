//! What a contact's message sets besides its own row, inside the ingest transaction (so that a
//! redelivery, rolled back as a duplicate, sets nothing twice): the S4 windows, the campaign
//! origin of a click-to-WhatsApp ad (S10), and the media file to download (issue 5 part 3).

use serde_json::Value;

use super::windows;
use super::{Inbound, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::window::Windows;

/// Apply the side effects of `inbound`, stored as message `message_id` at `received_at`, to a
/// contact whose windows were `windows` before it.
pub(super) async fn on_contact_message(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    message_id: i64,
    inbound: &Inbound,
    windows: Windows,
    received_at: Millis,
) -> StoreResult<()> {
    // The window runs from when the contact wrote, never from a time in the future.
    let at = inbound.sent_at.min(received_at);
    windows::on_contact_message(tx, account_id, contact_id, inbound.channel_id, windows, at).await?;
    let Some(payload) = &inbound.payload else { return Ok(()) };
    if let Some(campaign) = campaign(payload) {
        tx.execute("UPDATE contacts SET campaign = $1 WHERE id = $2", args![campaign, contact_id]).await?;
    }
    if let Some(media) = payload.get("media") {
        let provider_id = media["provider_id"].as_str();
        let url = media["url"].as_str();
        if provider_id.is_some() || url.is_some() {
            tx.execute(
                "INSERT INTO media (account_id, channel_id, message_id, direction, provider_media_id, source_url, mime_type, \
                 file_name, sha256, state, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, 'inbound', $4, $5, $6, $7, $8, 'pending', $9, $9)",
                args![
                    account_id,
                    inbound.channel_id,
                    message_id,
                    provider_id,
                    url,
                    media["mime_type"].as_str().unwrap_or("application/octet-stream"),
                    media["file_name"].as_str(),
                    media["sha256"].as_str(),
                    received_at
                ],
            )
            .await?;
        }
    }
    Ok(())
}

/// The campaign an ad referral names (S10): its headline, else its text, else the ad's id.
fn campaign(payload: &Value) -> Option<String> {
    let referral = payload.get("referral")?;
    let pick = |key: &str| referral.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    pick("headline")
        .or_else(|| pick("body"))
        .or_else(|| pick("source_id"))
        .or_else(|| pick("ad_id"))
        .or_else(|| pick("ref"))
        .map(|s| s.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_campaign_is_the_ads_headline_or_its_id() {
        assert_eq!(
            campaign(&json!({"referral": {"headline": "Chat with us", "source_id": "1"}})).as_deref(),
            Some("Chat with us")
        );
        assert_eq!(
            campaign(&json!({"referral": {"source_id": "120226305854810726"}})).as_deref(),
            Some("120226305854810726")
        );
        assert_eq!(campaign(&json!({"referral": {}})), None);
        assert_eq!(campaign(&json!({})), None);
    }
}
