//! The live event stream (L6): a WebSocket that sends the account's events the user may see,
//! in sequence order. A client that reconnects with `since=<seq>` gets every event it missed,
//! or `reload_needed` when it is too far behind to replay.

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket};
use axum::response::Response;
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Query, Upgrade};
use super::{AppState, CurrentUser};
use crate::domain::notification::{Page, Presence};
use crate::realtime::Follower;
use crate::store::Store;
use crate::store::views::UserView;

/// Where to start.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// The last sequence the client saw; without it the stream starts at the head.
    pub since: Option<i64>,
}

/// Live events. Frames (JSON text): `{"type":"hello","seq":N}` first, then
/// `{"type":"event","seq":N,"kind":"message.created|message.updated|conversation.updated","conversation":{…},"message":{…}|null}`,
/// `{"type":"event","seq":N,"kind":"notifications.changed","users":[…],"reason":"new|removed"}` when
/// the user's bell changed (N1; `new` is the moment a sound may play, N2), or `{"type":"reload_needed","seq":N}` when `since` is
/// too old to replay. The client reports its page (N1–N3) with
/// `{"type":"presence","device":"…","page":"chat|other","visible":true,"conversation":N|null}`,
/// answered by `{"type":"presence_saved"}` (or `{"type":"error","message":"…"}`).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventsQuery),
    responses((status = 101, description = "WebSocket upgrade"), (status = 401, body = ErrorBody),
        (status = 426, description = "A plain request, not a WebSocket handshake", body = ErrorBody)))]
async fn events(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<EventsQuery>,
    Upgrade(upgrade): Upgrade,
) -> ApiResult<Response> {
    let replay_limit = state.config.event_replay_limit;
    let follower = state.feeds.follow(me.user.account_id, 0);
    Ok(upgrade.on_upgrade(move |socket| async move {
        if let Err(err) = stream(state.store, follower, me.user, query.since, replay_limit, socket).await {
            tracing::debug!(error = %err, "event stream ended");
        }
    }))
}

/// Where a client resumes: `since` itself, or the head with a reload when it cannot be replayed.
fn resume_point(since: Option<i64>, head: i64, oldest: Option<i64>, replay_limit: i64) -> (i64, bool) {
    match since {
        None => (head, false),
        Some(s) if s > head || s < 0 => (head, true),
        Some(s) if head - s > replay_limit => (head, true),
        Some(s) if oldest.is_some_and(|o| s < o - 1) => (head, true),
        Some(s) => (s, false),
    }
}

async fn stream(
    store: Store,
    mut follower: Follower,
    mut user: UserView,
    since: Option<i64>,
    replay_limit: i64,
    socket: WebSocket,
) -> anyhow::Result<()> {
    let _open = crate::metrics::OpenSocket::opened();
    let (mut sink, mut source) = socket.split();
    let account_id = user.account_id;
    let head = store.event_head(account_id).await?;
    let (start, reload) = resume_point(since, head, store.oldest_event(account_id).await?, replay_limit);
    follower.skip_to(start);
    sink.send(Message::Text(format!(r#"{{"type":"hello","seq":{head}}}"#).into())).await?;
    if reload {
        sink.send(Message::Text(format!(r#"{{"type":"reload_needed","seq":{head}}}"#).into())).await?;
    }
    let mut viewer = user.viewer();
    // This stream's presence row, once the page reported itself.
    let connection = uuid::Uuid::new_v4().to_string();
    let mut reported = false;
    let result: anyhow::Result<()> = async {
        let mut refresh = tokio::time::interval(Duration::from_secs(30));
        refresh.tick().await;
        let mut ping = tokio::time::interval(Duration::from_secs(25));
        ping.tick().await;
        loop {
            tokio::select! {
                batch = follower.next() => {
                    for live in batch? {
                        if live.event.visible_to(&viewer) {
                            sink.send(Message::Text(live.frame.clone())).await?;
                        }
                    }
                }
                incoming = source.next() => match incoming {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return Ok(()),
                    Some(Ok(Message::Text(text))) => {
                        let answer = match parse_presence(&text, user.id) {
                            Ok(presence) => {
                                store.set_presence(&connection, account_id, &presence).await?;
                                reported = true;
                                r#"{"type":"presence_saved"}"#.to_string()
                            }
                            Err(message) => serde_json::json!({"type": "error", "message": message}).to_string(),
                        };
                        sink.send(Message::Text(answer.into())).await?;
                    }
                    Some(Ok(_)) => {}
                },
                _ = refresh.tick() => {
                    // Permissions and departments may change while connected.
                    user = store.user(account_id, user.id).await?;
                    if !user.active {
                        return Ok(());
                    }
                    viewer = user.viewer();
                    if reported {
                        store.touch_presence(&connection).await?;
                    }
                }
                _ = ping.tick() => sink.send(Message::Ping(Default::default())).await?,
            }
        }
    }
    .await;
    if reported {
        store.end_presence(&connection).await?;
    }
    result
}

/// A page's report of itself (N1–N3).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresenceFrame {
    r#type: String,
    device: String,
    page: String,
    visible: bool,
    conversation: Option<i64>,
}

/// Parse a client frame; the only one a client sends is its presence.
fn parse_presence(text: &str, user_id: i64) -> Result<Presence, String> {
    let frame: PresenceFrame = serde_json::from_str(text).map_err(|err| format!("quadro inválido: {err}"))?;
    if frame.r#type != "presence" {
        return Err(format!("tipo de quadro desconhecido: {}", frame.r#type));
    }
    let device_ok = (1..=100).contains(&frame.device.len())
        && frame.device.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !device_ok {
        return Err("device deve ter de 1 a 100 letras, dígitos, - ou _".into());
    }
    let page = <Page as crate::domain::Vocabulary>::parse(&frame.page)
        .ok_or_else(|| format!("page deve ser chat ou other, não {}", frame.page))?;
    Ok(Presence { user_id, device: frame.device, page, visible: frame.visible, conversation_id: frame.conversation })
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

#[cfg(test)]
mod tests {
    use super::{parse_presence, resume_point};
    use crate::domain::notification::Page;

    #[test]
    fn a_page_reports_its_screen_visibility_and_chat() {
        let p = parse_presence(
            r#"{"type":"presence","device":"ab-1_X","page":"chat","visible":false,"conversation":9}"#,
            4,
        )
        .unwrap();
        assert_eq!(
            (p.user_id, p.device.as_str(), p.page, p.visible, p.conversation_id),
            (4, "ab-1_X", Page::Chat, false, Some(9))
        );
    }

    #[test]
    fn a_bad_presence_frame_is_refused_with_what_is_wrong() {
        let bad = |text: &str| parse_presence(text, 1).unwrap_err();
        assert!(bad("not json").contains("quadro inválido"));
        assert!(
            bad(r#"{"type":"hello","device":"a","page":"chat","visible":true,"conversation":null}"#)
                .contains("desconhecido")
        );
        assert!(
            bad(r#"{"type":"presence","device":"a b","page":"chat","visible":true,"conversation":null}"#)
                .contains("device")
        );
        assert!(
            bad(r#"{"type":"presence","device":"a","page":"home","visible":true,"conversation":null}"#)
                .contains("page")
        );
    }

    #[test]
    fn a_client_without_since_starts_at_the_head() {
        assert_eq!(resume_point(None, 10, Some(1), 100), (10, false));
    }

    #[test]
    fn a_client_within_reach_resumes_where_it_left() {
        assert_eq!(resume_point(Some(4), 10, Some(1), 100), (4, false));
        assert_eq!(resume_point(Some(10), 10, Some(1), 100), (10, false));
    }

    #[test]
    fn a_client_too_far_behind_or_from_another_database_must_reload() {
        assert_eq!(resume_point(Some(4), 500, Some(1), 100), (500, true));
        assert_eq!(resume_point(Some(4), 10, Some(8), 100), (10, true), "events it missed were pruned");
        assert_eq!(resume_point(Some(40), 10, Some(1), 100), (10, true), "ahead of the head");
        assert_eq!(resume_point(Some(-1), 10, Some(1), 100), (10, true));
    }
}
