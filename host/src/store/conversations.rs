//! Conversations as the inbox reads them: the list per status view (L1) with the viewer's
//! chat-visibility permission applied (A3), one conversation, and the read mark (L12).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::accounts::vocab;
use super::args::push_list;
use super::events::PreviousAudience;
use super::like;
use super::tx::Dialect;
use super::views::{
    ChannelRef, ContactRef, ConversationView, FlowWaitingView, NamedRef, ScheduledCloseView, UserView, WindowView,
};
use super::{Arg, Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::access::ChatVisibility;
use crate::domain::closing::IfContactWrites;
use crate::domain::event::EventKind;
use crate::domain::views::{NO_OPENING_ASCENDING, NO_OPENING_DESCENDING, Sort};
use crate::domain::{Millis, Vocabulary, timer};

pub use crate::domain::views::View;

/// The SELECT that yields a [`ConversationRow`]; callers add WHERE / ORDER BY.
///
/// The channel, agent, department and protocol are one-row lookups by primary key, written as
/// scalar subqueries rather than joins: with seven joins PostgreSQL's planner spent 15–20 ms
/// searching join orders for a list page that runs in 1 ms; with two it plans in under 1 ms.
pub(super) const CONVERSATION_SELECT: &str = "SELECT c.id, c.account_id, c.kind, c.state, c.unread, c.last_message_at, \
    c.last_message_preview, c.unanswered_since, c.created_at, c.service_opened_at, \
    c.scheduled_close_at, c.scheduled_close_policy, \
    ct.id AS contact_id, ct.name AS contact_name, ct.phone AS contact_phone, ct.blocked AS contact_blocked, \
    ct.campaign AS contact_campaign, \
    c.channel_id AS channel_id, (SELECT kind FROM channels WHERE id = c.channel_id) AS channel_kind, \
    (SELECT name FROM channels WHERE id = c.channel_id) AS channel_name, \
    c.agent_id AS agent_id, (SELECT name FROM users WHERE id = c.agent_id) AS agent_name, \
    c.department_id AS department_id, (SELECT name FROM departments WHERE id = c.department_id) AS department_name, \
    (SELECT protocol FROM services WHERE id = c.service_id) AS protocol, c.echo_mode, \
    w.last_contact_at AS w_last_contact_at, w.free_form_until AS w_free_form_until, w.service_until AS w_service_until, \
    w.marketing_until AS w_marketing_until, w.utility_until AS w_utility_until, \
    (SELECT s.node FROM flow_sessions s WHERE s.conversation_id = c.id AND s.status = 'waiting' AND s.wait_kind = 'input') \
    AS flow_node, \
    (SELECT s.waiting_since FROM flow_sessions s WHERE s.conversation_id = c.id AND s.status = 'waiting' \
    AND s.wait_kind = 'input') AS flow_waiting_since \
    FROM conversations c \
    LEFT JOIN contacts ct ON ct.id = c.contact_id \
    LEFT JOIN windows w ON w.contact_id = c.contact_id AND w.channel_id = c.channel_id";

crate::row! {
    pub(super) struct ConversationRow {
        id: i64,
        kind: String,
        state: String,
        unread: bool,
        last_message_at: Option<i64>,
        last_message_preview: Option<String>,
        unanswered_since: Option<i64>,
        created_at: i64,
        service_opened_at: Option<i64>,
        scheduled_close_at: Option<i64>,
        scheduled_close_policy: Option<String>,
        contact_id: Option<i64>,
        contact_name: Option<String>,
        contact_phone: Option<String>,
        contact_blocked: Option<bool>,
        contact_campaign: Option<String>,
        channel_id: Option<i64>,
        channel_kind: Option<String>,
        channel_name: Option<String>,
        agent_id: Option<i64>,
        agent_name: Option<String>,
        department_id: Option<i64>,
        department_name: Option<String>,
        protocol: Option<String>,
        echo_mode: bool,
        w_last_contact_at: Option<i64>,
        w_free_form_until: Option<i64>,
        w_service_until: Option<i64>,
        w_marketing_until: Option<i64>,
        w_utility_until: Option<i64>,
        flow_node: Option<String>,
        flow_waiting_since: Option<i64>,
    }
}

impl ConversationRow {
    pub(super) fn into_view(self, now: Millis) -> StoreResult<ConversationView> {
        let state = vocab(&self.state)?;
        let windows = crate::domain::window::Windows {
            last_contact_at: self.w_last_contact_at,
            free_form_until: self.w_free_form_until,
            service_until: self.w_service_until,
            marketing_until: self.w_marketing_until,
            utility_until: self.w_utility_until,
        };
        let window = self.channel_kind.as_deref().map(|kind| WindowView::of(kind, &windows, now));
        Ok(ConversationView {
            flow_waiting: match (self.flow_node, self.flow_waiting_since) {
                (Some(node), Some(since)) => Some(FlowWaitingView { node, since }),
                _ => None,
            },
            window,
            echo_mode: self.echo_mode,
            id: self.id,
            kind: vocab(&self.kind)?,
            state,
            contact: self.contact_id.map(|id| ContactRef {
                id,
                name: self.contact_name.unwrap_or_default(),
                phone: self.contact_phone,
                blocked: self.contact_blocked.unwrap_or(false),
                campaign: self.contact_campaign,
            }),
            channel: self.channel_id.map(|id| ChannelRef {
                id,
                kind: self.channel_kind.unwrap_or_default(),
                name: self.channel_name.unwrap_or_default(),
            }),
            agent: self.agent_id.map(|id| NamedRef { id, name: self.agent_name.unwrap_or_default() }),
            department: self.department_id.map(|id| NamedRef { id, name: self.department_name.unwrap_or_default() }),
            protocol: self.protocol,
            service_opened_at: self.service_opened_at,
            unread: self.unread,
            last_message_at: self.last_message_at,
            last_message_preview: self.last_message_preview,
            unanswered_since: timer::visible(state, self.unanswered_since),
            unanswered_colour: timer::visible(state, self.unanswered_since).map(|since| timer::colour(since, now)),
            scheduled_close: match (
                self.scheduled_close_at,
                self.scheduled_close_policy.as_deref().and_then(IfContactWrites::parse),
            ) {
                (Some(at), Some(if_contact_writes)) => Some(ScheduledCloseView { at, if_contact_writes }),
                _ => None,
            },
        })
    }
}

/// What the list asks for: a status view (L1), filters (L2), a sort (L3) and a search (L4).
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub view: View,
    /// Only the internal team chat (the L14 shortcut).
    pub internal_only: bool,
    /// Only unread chats (L2 visibility filter).
    pub unread_only: bool,
    pub tag_id: Option<i64>,
    pub department_id: Option<i64>,
    pub campaign: Option<String>,
    pub agent_id: Option<i64>,
    /// Channel kind: `whatsapp`, `instagram`, `messenger`, `simulator`.
    pub channel: Option<String>,
    pub sort: Sort,
    /// Name, phone or protocol; finds only chats with an active protocol (L4).
    pub search: Option<String>,
    pub limit: i64,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
}

// The vocabulary macro declares the enums; their default is chosen here, where lists need it.
#[allow(clippy::derivable_impls)]
impl Default for View {
    fn default() -> Self {
        View::All
    }
}

#[allow(clippy::derivable_impls)]
impl Default for Sort {
    fn default() -> Self {
        Sort::Recent
    }
}

/// One page of the list.
#[derive(Debug, Clone)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    pub next_cursor: Option<String>,
}

/// How many chats each view holds for a viewer, and how many of them are unread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ViewCounts {
    pub all: i64,
    pub open: i64,
    pub mine: i64,
    pub in_service: i64,
    pub unread_all: i64,
    pub unread_open: i64,
    pub unread_mine: i64,
    pub unread_in_service: i64,
}

fn encode_cursor(sort: Sort, sort_key: i64, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}:{sort_key}:{id}", sort.as_str()))
}

fn decode_cursor(cursor: &str, sort: Sort) -> StoreResult<(i64, i64)> {
    let invalid = || StoreError::Rejected("Cursor de paginação inválido.".to_string());
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?).map_err(|_| invalid())?;
    let mut parts = text.splitn(3, ':');
    let (Some(for_sort), Some(key), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    if for_sort != sort.as_str() {
        return Err(StoreError::Rejected("O cursor é de outra ordenação; recomece a lista.".to_string()));
    }
    Ok((key.parse().map_err(|_| invalid())?, id.parse().map_err(|_| invalid())?))
}

/// The SQL of a sort's key; mirrors [`Sort::key`].
fn sort_key_sql(sort: Sort) -> String {
    match (sort.by_opening(), sort.descending()) {
        (false, _) => "COALESCE(c.last_message_at, c.created_at)".to_string(),
        (true, true) => format!("COALESCE(c.service_opened_at, {NO_OPENING_DESCENDING})"),
        (true, false) => format!("COALESCE(c.service_opened_at, {NO_OPENING_ASCENDING})"),
    }
}

/// The WHERE clause that limits chats to what `viewer` may see (A3); mirrors
/// [`crate::domain::access::Viewer::can_see`].
fn visibility_clause(viewer: &UserView, args: &mut Vec<Arg>) -> String {
    match viewer.chat_visibility {
        ChatVisibility::All => "TRUE".to_string(),
        ChatVisibility::Own => {
            args.push(viewer.id.into());
            format!("(c.kind = 'internal' OR c.agent_id = ${})", args.len())
        }
        ChatVisibility::Department => {
            args.push(viewer.id.into());
            let me = args.len();
            format!(
                "(c.kind = 'internal' OR c.agent_id = ${me} \
                 OR c.department_id IN (SELECT department_id FROM department_members WHERE user_id = ${me}) \
                 OR (c.agent_id IS NULL AND c.department_id IS NULL))"
            )
        }
    }
}

/// The WHERE clause of a status view (L1); mirrors [`crate::domain::views::in_view`].
fn view_clause(view: View, viewer: &UserView, args: &mut Vec<Arg>) -> String {
    let condition = match view {
        View::All => return "TRUE".to_string(),
        View::InService => "c.agent_id IS NOT NULL".to_string(),
        View::Mine => {
            args.push(viewer.id.into());
            format!("c.agent_id = ${}", args.len())
        }
        View::Open => {
            args.push(viewer.id.into());
            format!(
                "(c.agent_id IS NULL OR c.department_id IN (SELECT department_id FROM department_members WHERE user_id = ${}))",
                args.len()
            )
        }
    };
    format!("(c.kind = 'contact' AND c.state = 'open' AND {condition})")
}

impl Store {
    /// One page of the conversation list for `viewer`.
    pub async fn list_conversations(
        &self,
        viewer: &UserView,
        filter: &ConversationFilter,
    ) -> StoreResult<ConversationPage> {
        let mut args: Vec<Arg> = vec![viewer.account_id.into()];
        let mut clauses = vec!["c.account_id = $1".to_string(), visibility_clause(viewer, &mut args)];
        clauses.push(view_clause(filter.view, viewer, &mut args));
        let bind = |args: &mut Vec<Arg>, value: Arg| {
            args.push(value);
            format!("${}", args.len())
        };
        if filter.internal_only {
            clauses.push("c.kind = 'internal'".to_string());
        }
        if filter.unread_only {
            clauses.push("c.unread = TRUE".to_string());
        }
        if let Some(tag) = filter.tag_id {
            let p = bind(&mut args, tag.into());
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.contact_id AND t.tag_id = {p})"
            ));
        }
        if let Some(department) = filter.department_id {
            clauses.push(format!("c.department_id = {}", bind(&mut args, department.into())));
        }
        if let Some(agent) = filter.agent_id {
            clauses.push(format!("c.agent_id = {}", bind(&mut args, agent.into())));
        }
        if let Some(campaign) = &filter.campaign {
            clauses.push(format!("ct.campaign = {}", bind(&mut args, campaign.into())));
        }
        if let Some(channel) = &filter.channel {
            clauses.push(format!(
                "c.channel_id IN (SELECT id FROM channels WHERE account_id = $1 AND kind = {})",
                bind(&mut args, channel.into())
            ));
        }
        if let Some(search) = filter.search.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            // L4: only active protocols — closed chats are not found.
            let name = bind(&mut args, format!("%{}%", like::literal(&search.to_lowercase())).into());
            let protocol = bind(&mut args, format!("{}%", like::literal(search)).into());
            let escape = like::ESCAPE;
            let digits: String = search.chars().filter(char::is_ascii_digit).collect();
            let phone = if digits.len() >= 4 {
                format!(" OR ct.phone LIKE {}", bind(&mut args, format!("%{digits}%").into()))
            } else {
                String::new()
            };
            // PostgreSQL finds the few matches by its trigram and prefix indexes first (migration
            // 0005); a join over every contact would read them all. Trigrams need three
            // characters, so a shorter term — and every term on SQLite, fast in process — reads
            // the open chats and tests each.
            let by_index = self.dialect() == Dialect::Postgres && search.chars().count() >= 3;
            let matches = if by_index {
                let phone = phone.replace("ct.phone", "phone");
                format!(
                    "c.id IN (SELECT m.id FROM conversations m WHERE m.contact_id IN \
                     (SELECT id FROM contacts WHERE account_id = $1 AND (LOWER(name) LIKE {name} {escape}{phone})) \
                     UNION SELECT conversation_id FROM services WHERE account_id = $1 AND closed_at IS NULL \
                     AND protocol LIKE {protocol} {escape})"
                )
            } else {
                format!(
                    "(LOWER(ct.name) LIKE {name} {escape}{phone} \
                     OR EXISTS (SELECT 1 FROM services s WHERE s.id = c.service_id AND s.protocol LIKE {protocol} {escape}))"
                )
            };
            clauses.push(format!("(c.state IN ('open', 'bot') AND c.kind = 'contact' AND {matches})"));
        }
        let key = sort_key_sql(filter.sort);
        let (order, before) = if filter.sort.descending() { ("DESC", "<") } else { ("ASC", ">") };
        if let Some(cursor) = &filter.cursor {
            let (k, id) = decode_cursor(cursor, filter.sort)?;
            let k = bind(&mut args, k.into());
            let id = bind(&mut args, id.into());
            clauses.push(format!("({key} {before} {k} OR ({key} = {k} AND c.id {before} {id}))"));
        }
        let limit = filter.limit.clamp(1, 200);
        let limit_param = bind(&mut args, (limit + 1).into());
        // A search matches a handful of chats: walking the sort index in order would read every
        // chat to fill a page that never fills. `+ 0` hides the sort key from the planner, which
        // then reads the open chats by state and sorts the few matches.
        let order_key = if filter.search.is_some() { format!("({key} + 0)") } else { key };
        let sql = format!(
            "{CONVERSATION_SELECT} WHERE {} ORDER BY {order_key} {order}, c.id {order} LIMIT {limit_param}",
            clauses.join(" AND ")
        );
        let rows: Vec<ConversationRow> = self.read().await?.fetch_all(&sql, args).await?;
        let has_more = rows.len() as i64 > limit;
        let mut items = Vec::with_capacity(rows.len());
        let mut last_key = None;
        for row in rows.into_iter().take(limit as usize) {
            let activity = row.last_message_at.unwrap_or(row.created_at);
            last_key = Some((filter.sort.key(activity, row.service_opened_at), row.id));
            items.push(row.into_view(self.now())?);
        }
        let next_cursor = match (has_more, last_key) {
            (true, Some((key, id))) => Some(encode_cursor(filter.sort, key, id)),
            _ => None,
        };
        Ok(ConversationPage { items, next_cursor })
    }

    /// How many contact chats each view holds for `viewer` (L1), from the counts the database
    /// keeps per (state, agent, department, unread) bucket — never a scan of the chats.
    pub async fn view_counts(&self, viewer: &UserView) -> StoreResult<ViewCounts> {
        let me = viewer.id;
        let mine_departments = "(SELECT department_id FROM department_members WHERE user_id = $2)";
        let visible = match viewer.chat_visibility {
            ChatVisibility::All => "TRUE".to_string(),
            ChatVisibility::Own => "agent_id = $2".to_string(),
            ChatVisibility::Department => format!(
                "(agent_id = $2 OR department_id IN {mine_departments} OR (agent_id = 0 AND department_id = 0))"
            ),
        };
        let open = format!("state = 'open' AND (agent_id = 0 OR department_id IN {mine_departments})");
        let mine = "state = 'open' AND agent_id = $2";
        let in_service = "state = 'open' AND agent_id <> 0";
        let sum = |condition: &str, unread: bool| {
            let unread = if unread { " AND unread = TRUE" } else { "" };
            format!("CAST(COALESCE(SUM(CASE WHEN {condition}{unread} THEN n ELSE 0 END), 0) AS BIGINT)")
        };
        let sql = format!(
            "SELECT {}, {}, {}, {}, {}, {}, {}, {} FROM conversation_counts WHERE account_id = $1 AND {visible}",
            sum("TRUE", false),
            sum(&open, false),
            sum(mine, false),
            sum(in_service, false),
            sum("TRUE", true),
            sum(&open, true),
            sum(mine, true),
            sum(in_service, true),
        );
        let (all, open, mine, in_service, unread_all, unread_open, unread_mine, unread_in_service): (
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
        ) = self.read().await?.fetch_one(&sql, args![viewer.account_id, me]).await?;
        Ok(ViewCounts { all, open, mine, in_service, unread_all, unread_open, unread_mine, unread_in_service })
    }

    /// A conversation the viewer may see; [`StoreError::NotFound`] otherwise.
    pub async fn conversation_for(&self, viewer: &UserView, conversation_id: i64) -> StoreResult<ConversationView> {
        let view = self.conversation(viewer.account_id, conversation_id).await?;
        let audience = crate::domain::access::ChatAudience {
            internal: view.kind == crate::domain::conversation::ConversationKind::Internal,
            agent_id: view.agent.as_ref().map(|a| a.id),
            department_id: view.department.as_ref().map(|d| d.id),
        };
        if viewer.viewer().can_see(audience) {
            return Ok(view);
        }
        // S12: the contact's default agent always sees the contact's history.
        let default_agent: Option<(Option<i64>,)> = match &view.contact {
            Some(contact) => {
                self.read()
                    .await?
                    .fetch_optional("SELECT default_agent_id FROM contacts WHERE id = $1", args![contact.id])
                    .await?
            }
            None => None,
        };
        if default_agent.and_then(|(id,)| id) == Some(viewer.id) { Ok(view) } else { Err(StoreError::NotFound) }
    }

    /// A conversation of the account.
    pub async fn conversation(&self, account_id: i64, conversation_id: i64) -> StoreResult<ConversationView> {
        let row: ConversationRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{CONVERSATION_SELECT} WHERE c.account_id = $1 AND c.id = $2"),
                args![account_id, conversation_id],
            )
            .await?;
        row.into_view(self.now())
    }

    /// Mark a conversation read or unread (L12) for everyone.
    pub async fn set_unread(
        &self,
        viewer: &UserView,
        conversation_id: i64,
        unread: bool,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation_for(viewer, conversation_id).await?;
        if before.unread == unread {
            return Ok(before);
        }
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE conversations SET unread = $1 WHERE account_id = $2 AND id = $3",
            args![unread, viewer.account_id, conversation_id],
        )
        .await?;
        let view = conversation_in(&mut tx, viewer.account_id, conversation_id).await?;
        tx.emit(viewer.account_id, EventKind::ConversationUpdated, &view, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(view)
    }

    /// The internal team chat of the account (L14).
    pub async fn internal_conversation(&self, account_id: i64) -> StoreResult<ConversationView> {
        let row: ConversationRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{CONVERSATION_SELECT} WHERE c.account_id = $1 AND c.kind = 'internal'"),
                args![account_id],
            )
            .await?;
        row.into_view(self.now())
    }

    /// The conversation of a contact on a channel, by the contact's id on that platform.
    pub async fn conversation_by_contact(
        &self,
        channel_id: i64,
        platform: &str,
        external_id: &str,
    ) -> StoreResult<Option<ConversationView>> {
        let row: Option<ConversationRow> = self
            .read()
            .await?
            .fetch_optional(
                &format!(
                    "{CONVERSATION_SELECT} WHERE c.channel_id = $1 AND ct.platform = $2 AND ct.external_id = $3 \
                     AND ct.account_id = c.account_id"
                ),
                args![channel_id, platform, external_id],
            )
            .await?;
        row.map(|row| row.into_view(self.now())).transpose()
    }
}

/// A conversation read inside a transaction.
pub(super) async fn conversation_in(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
) -> StoreResult<ConversationView> {
    let row: ConversationRow = tx
        .fetch_one(
            &format!("{CONVERSATION_SELECT} WHERE c.account_id = $1 AND c.id = $2"),
            args![account_id, conversation_id],
        )
        .await?;
    row.into_view(tx.now())
}

/// Several conversations read inside a transaction, in one statement, by id (those not found
/// are missing from the map).
pub(super) async fn conversations_in(
    tx: &mut Tx,
    ids: &[i64],
) -> StoreResult<std::collections::HashMap<i64, ConversationView>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut args = Vec::with_capacity(ids.len());
    let list = push_list(&mut args, ids.iter().copied());
    let rows: Vec<ConversationRow> =
        tx.fetch_all(&format!("{CONVERSATION_SELECT} WHERE c.id IN ({list})"), args).await?;
    let now = tx.now();
    rows.into_iter().map(|row| row.into_view(now).map(|view| (view.id, view))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_rejected() {
        let cursor = encode_cursor(Sort::OpeningOldest, 1_700_000_000_000, 42);
        assert_eq!(decode_cursor(&cursor, Sort::OpeningOldest).unwrap(), (1_700_000_000_000, 42));
        assert!(matches!(decode_cursor(&cursor, Sort::Recent), Err(StoreError::Rejected(_))), "another sort's cursor");
        assert!(matches!(decode_cursor("not base64!", Sort::Recent), Err(StoreError::Rejected(_))));
        assert!(matches!(
            decode_cursor(&URL_SAFE_NO_PAD.encode("recent:x:y"), Sort::Recent),
            Err(StoreError::Rejected(_))
        ));
    }
}
