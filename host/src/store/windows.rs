//! The S4 windows of each contact on each channel number, read and written inside the
//! transaction that changes them: a contact message (ingest), a template sent (outbox), a
//! 131047 failure (status webhook). The rules themselves are [`crate::domain::window`].

use super::args::push_list;
use super::{Arg, Store, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::window::{self, FreeForm, Rules, Sender, TemplateCategory, Windows};

crate::row! {
    /// A contact's windows on a channel number.
    struct WindowRow {
        last_contact_at: Option<i64>,
        free_form_until: Option<i64>,
        service_until: Option<i64>,
        marketing_until: Option<i64>,
        utility_until: Option<i64>,
    }
}

fn windows(row: WindowRow) -> Windows {
    let WindowRow { last_contact_at, free_form_until, service_until, marketing_until, utility_until } = row;
    Windows { last_contact_at, free_form_until, service_until, marketing_until, utility_until }
}

/// The windows of `contact_id` on `channel_id` (all closed when none was ever opened).
pub(super) async fn windows_in(tx: &mut Tx, contact_id: i64, channel_id: i64) -> StoreResult<Windows> {
    let row: Option<WindowRow> = tx
        .fetch_optional(
            &format!("SELECT {} FROM windows WHERE contact_id = $1 AND channel_id = $2", WindowRow::COLUMNS),
            args![contact_id, channel_id],
        )
        .await?;
    Ok(row.map(windows).unwrap_or_default())
}

/// Store the windows of `contact_id` on `channel_id`.
pub(super) async fn save(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    channel_id: i64,
    w: Windows,
) -> StoreResult<()> {
    upsert(tx, &[(account_id, contact_id, channel_id, w)]).await?;
    super::jobs::schedule_window_tag(tx, account_id, contact_id, channel_id, w.free_form_until).await
}

/// Store the windows of several contacts, `(account, contact, channel, windows)` with each
/// contact and channel once, in one statement. The caller schedules their chats' window tags.
pub(super) async fn upsert(tx: &mut Tx, rows: &[(i64, i64, i64, Windows)]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let now = tx.now();
    let mut args: Vec<Arg> = Vec::with_capacity(rows.len() * 9);
    let mut values = Vec::with_capacity(rows.len());
    for &(account_id, contact_id, channel_id, w) in rows {
        let row = args![
            contact_id,
            channel_id,
            account_id,
            w.last_contact_at,
            w.free_form_until,
            w.service_until,
            w.marketing_until,
            w.utility_until,
            now
        ];
        values.push(format!("({})", push_list(&mut args, row)));
    }
    tx.execute(
        &format!(
            "INSERT INTO windows (contact_id, channel_id, account_id, last_contact_at, free_form_until, service_until, \
             marketing_until, utility_until, updated_at) VALUES {} \
             ON CONFLICT (contact_id, channel_id) DO UPDATE SET last_contact_at = excluded.last_contact_at, \
             free_form_until = excluded.free_form_until, service_until = excluded.service_until, \
             marketing_until = excluded.marketing_until, utility_until = excluded.utility_until, \
             updated_at = excluded.updated_at",
            values.join(", ")
        ),
        args,
    )
    .await?;
    Ok(())
}

/// The contact wrote at `at`.
pub(super) async fn on_contact_message(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    channel_id: i64,
    before: Windows,
    at: Millis,
) -> StoreResult<()> {
    save(tx, account_id, contact_id, channel_id, before.on_contact_message(at)).await
}

/// The contact and channel of a conversation, if it is a contact's.
async fn parties(tx: &mut Tx, conversation_id: i64) -> StoreResult<Option<(i64, i64, i64)>> {
    let row: Option<(i64, Option<i64>, Option<i64>)> = tx
        .fetch_optional(
            "SELECT account_id, contact_id, channel_id FROM conversations WHERE id = $1",
            args![conversation_id],
        )
        .await?;
    Ok(row.and_then(|(account, contact, channel)| Some((account, contact?, channel?))))
}

/// A template of `category` went out at `at` on a conversation.
pub(super) async fn on_template_sent(
    tx: &mut Tx,
    conversation_id: i64,
    category: TemplateCategory,
    at: Millis,
) -> StoreResult<()> {
    let Some((account_id, contact_id, channel_id)) = parties(tx, conversation_id).await? else { return Ok(()) };
    let w = windows_in(tx, contact_id, channel_id).await?.on_template_sent(category, at);
    save(tx, account_id, contact_id, channel_id, w).await
}

/// Meta answered 131047 for a send of this conversation at `at`.
pub(super) async fn on_re_engagement_error(tx: &mut Tx, conversation_id: i64, at: Millis) -> StoreResult<()> {
    let Some((account_id, contact_id, channel_id)) = parties(tx, conversation_id).await? else { return Ok(()) };
    let w = windows_in(tx, contact_id, channel_id).await?.on_re_engagement_error(at);
    save(tx, account_id, contact_id, channel_id, w).await
}

crate::row! {
    /// Channel kind, time zone and the window columns of a conversation.
    struct ContextRow {
        channel_kind: String,
        timezone: String,
        last_contact_at: Option<i64>,
        free_form_until: Option<i64>,
        service_until: Option<i64>,
        marketing_until: Option<i64>,
        utility_until: Option<i64>,
    }
}

/// The [`ContextRow`] of a conversation: `$1` account, `$2` conversation.
const CONTEXT_SQL: &str = "SELECT ch.kind AS channel_kind, a.timezone, w.last_contact_at, w.free_form_until, \
     w.service_until, w.marketing_until, w.utility_until FROM conversations c JOIN channels ch ON ch.id = c.channel_id \
     JOIN accounts a ON a.id = c.account_id \
     LEFT JOIN windows w ON w.contact_id = c.contact_id AND w.channel_id = c.channel_id \
     WHERE c.account_id = $1 AND c.id = $2";

fn context(row: ContextRow) -> WindowContext {
    let ContextRow {
        channel_kind,
        timezone,
        last_contact_at,
        free_form_until,
        service_until,
        marketing_until,
        utility_until,
    } = row;
    let windows = Windows { last_contact_at, free_form_until, service_until, marketing_until, utility_until };
    WindowContext { windows, channel_kind, timezone }
}

/// What a send check needs about a conversation: its windows, its channel kind and the
/// account's time zone (for the refusal's wording).
#[derive(Debug, Clone)]
pub struct WindowContext {
    pub windows: Windows,
    pub channel_kind: String,
    pub timezone: String,
}

impl WindowContext {
    /// Whether a free-form message by `sender` may go out at `now` (S4); a refusal comes as
    /// the words the agent reads, with times in the account's time zone.
    pub fn free_form(&self, sender: Sender, now: Millis) -> Result<FreeForm, String> {
        window::free_form(Rules::of(&self.channel_kind), &self.windows, sender, now)
            .map_err(|refusal| refusal.message(&self.timezone))
    }
}

/// [`Store::window_context`] inside a transaction.
pub(super) async fn window_context_in(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
) -> StoreResult<Option<WindowContext>> {
    let row: Option<ContextRow> = tx.fetch_optional(CONTEXT_SQL, args![account_id, conversation_id]).await?;
    Ok(row.map(context))
}

impl Store {
    /// The windows of a contact conversation of the account (`None` for the team chat).
    pub async fn window_context(&self, account_id: i64, conversation_id: i64) -> StoreResult<Option<WindowContext>> {
        let row: Option<ContextRow> =
            self.read().await?.fetch_optional(CONTEXT_SQL, args![account_id, conversation_id]).await?;
        Ok(row.map(context))
    }
}
