//! Browser sessions (issue 17 part 5): opened at login with the address and browser they came
//! from, looked up on each request, listed to their user (and to admins) and ended one by one or
//! all at once. Only the hash of a session's token is stored, so a leaked database opens no
//! session; a session is named to its user by the first [`SESSION_ID_CHARS`] hex digits of that
//! hash, which open nothing either.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Millis;

/// How many hex digits of the token's hash name a session.
pub const SESSION_ID_CHARS: usize = 16;

/// How often a session's "last used" is written: at most once in this long, so that a session
/// used on every request does not make every read a write.
const TOUCH_EVERY: Millis = 5 * 60_000;

/// Who a session or token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub account_id: i64,
    pub user_id: i64,
    /// The session's CSRF token; `None` for API tokens (they need none).
    pub csrf_token: Option<String>,
    /// An admin asked the user to choose a new password: until they do, the session reaches
    /// only what that needs. API tokens are not held back.
    pub must_change_password: bool,
}

/// Where a session was opened from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionOrigin {
    /// The client's address (behind a trusted proxy, the one it saw).
    pub ip: Option<String>,
    /// The browser's `User-Agent`, cut to [`USER_AGENT_CHARS`].
    pub user_agent: Option<String>,
}

/// The longest `User-Agent` kept.
pub const USER_AGENT_CHARS: usize = 300;

/// A live session as its user (or an admin) sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct LoginSessionView {
    /// Names the session (to end it); not its token.
    pub id: String,
    pub created_at: Millis,
    /// When it was last used (to a few minutes); `None`: not since it opened.
    pub last_seen_at: Option<Millis>,
    pub expires_at: Millis,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session of the request that listed it.
    pub current: bool,
}

crate::row! {
    struct SessionRow {
        token_hash: String,
        created_at: i64,
        last_seen_at: Option<i64>,
        expires_at: i64,
        ip: Option<String>,
        user_agent: Option<String>,
    }
}

/// The public name of the session whose token hashes to `token_hash`.
pub fn session_id(token_hash: &str) -> String {
    token_hash.chars().take(SESSION_ID_CHARS).collect()
}

impl Store {
    /// Store a new session.
    pub async fn create_session(
        &self,
        account_id: i64,
        user_id: i64,
        token_hash: &str,
        csrf_token: &str,
        expires_at: Millis,
        origin: SessionOrigin,
    ) -> StoreResult<()> {
        let user_agent = origin.user_agent.map(|ua| ua.chars().take(USER_AGENT_CHARS).collect::<String>());
        let now = self.now();
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO sessions (token_hash, user_id, account_id, csrf_token, created_at, expires_at, ip, user_agent, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $5)",
            args![token_hash, user_id, account_id, csrf_token, now, expires_at, origin.ip, user_agent],
        )
        .await?;
        self.commit(tx).await
    }

    /// The live session with this token hash, if the user is still active and their account
    /// not suspended (A1); its "last used" refreshed when it is older than a few minutes.
    pub async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionInfo>> {
        let now = self.now();
        let row: Option<(i64, i64, String, bool, Option<Millis>)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT s.account_id, s.user_id, s.csrf_token, u.must_change_password, s.last_seen_at \
                 FROM sessions s JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = s.account_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = TRUE AND a.suspended_at IS NULL",
                args![token_hash, now],
            )
            .await?;
        let Some((account_id, user_id, csrf, must_change_password, last_seen)) = row else { return Ok(None) };
        if last_seen.is_none_or(|t| now - t >= TOUCH_EVERY) {
            let mut tx = self.begin().await?;
            tx.execute("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", args![now, token_hash]).await?;
            self.commit(tx).await?;
        }
        Ok(Some(SessionInfo { account_id, user_id, csrf_token: Some(csrf), must_change_password }))
    }

    /// End a session (logging out).
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM sessions WHERE token_hash = $1", args![token_hash]).await?;
        self.commit(tx).await
    }

    /// A user's live sessions, the most recently used first; `current` (a token hash) is marked.
    pub async fn sessions_of(
        &self,
        account_id: i64,
        user_id: i64,
        current: Option<&str>,
    ) -> StoreResult<Vec<LoginSessionView>> {
        let rows: Vec<SessionRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {} FROM sessions WHERE account_id = $1 AND user_id = $2 AND expires_at > $3 \
                     ORDER BY COALESCE(last_seen_at, created_at) DESC, created_at DESC",
                    SessionRow::COLUMNS
                ),
                args![account_id, user_id, self.now()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| LoginSessionView {
                id: session_id(&row.token_hash),
                current: current == Some(row.token_hash.as_str()),
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
                expires_at: row.expires_at,
                ip: row.ip,
                user_agent: row.user_agent,
            })
            .collect())
    }

    /// End one of a user's sessions, named by [`session_id`].
    pub async fn end_session(&self, account_id: i64, user_id: i64, id: &str) -> StoreResult<()> {
        if id.len() != SESSION_ID_CHARS || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin().await?;
        let ended = tx
            .execute(
                "DELETE FROM sessions WHERE account_id = $1 AND user_id = $2 AND substr(token_hash, 1, 16) = $3",
                args![account_id, user_id, id.to_ascii_lowercase()],
            )
            .await?;
        if ended == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// End all of a user's sessions but `keep` (a token hash): how many ended.
    pub async fn end_sessions(&self, account_id: i64, user_id: i64, keep: Option<&str>) -> StoreResult<u64> {
        self.user(account_id, user_id).await?;
        let mut tx = self.begin().await?;
        let ended = tx
            .execute(
                "DELETE FROM sessions WHERE account_id = $1 AND user_id = $2 AND token_hash <> $3",
                args![account_id, user_id, keep.unwrap_or_default()],
            )
            .await?;
        self.commit(tx).await?;
        Ok(ended)
    }

    /// Ask a user to choose a new password before anything else, in their open sessions too.
    pub async fn require_password_change(&self, account_id: i64, user_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE users SET must_change_password = TRUE WHERE account_id = $1 AND id = $2",
                args![account_id, user_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }
}
