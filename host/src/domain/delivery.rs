//! Delivery marks (C16, C17) from channel status events, which may come late, twice, out of
//! order or with states skipped (a message "delivered and read at the same moment" gets no
//! delivered webhook): a status only ever moves a message forward, and a repeated or older one
//! changes nothing. Also the retry policy of failed sends (C17, issue 5 part 6).

use super::Millis;
use super::message::MessageStatus;

/// How far a status is along sent → delivered → read → played.
fn rank(status: MessageStatus) -> u8 {
    match status {
        MessageStatus::Pending => 0,
        MessageStatus::Sent => 1,
        MessageStatus::Delivered => 2,
        MessageStatus::Read => 3,
        MessageStatus::Played => 4,
        // Terminal states of their own.
        MessageStatus::Failed | MessageStatus::Received => 5,
    }
}

/// The status after a channel reports `incoming` for a message now at `current`; `None` when
/// nothing changes (a duplicate, an older state, or a message that is not outbound).
pub fn advance(current: MessageStatus, incoming: MessageStatus) -> Option<MessageStatus> {
    match (current, incoming) {
        (MessageStatus::Received, _) | (_, MessageStatus::Received | MessageStatus::Pending) => None,
        // A failure after the contact read or played it is stale; before that it wins.
        (MessageStatus::Read | MessageStatus::Played | MessageStatus::Failed, MessageStatus::Failed) => None,
        (_, MessageStatus::Failed) => Some(MessageStatus::Failed),
        // A late success after a failure (Meta may report both ways) shows it did arrive.
        (MessageStatus::Failed, incoming) => Some(incoming),
        (current, incoming) if rank(incoming) > rank(current) => Some(incoming),
        _ => None,
    }
}

/// Channel error codes that are worth trying again soon: throttling and transient errors
/// (Meta: 130429 rate limit, 131056 pair rate limit, 131000 something went wrong, 131016
/// service unavailable, 4 / 80007 API-call limits).
pub fn retryable_soon(code: &str) -> bool {
    matches!(code, "130429" | "131056" | "131000" | "131016" | "4" | "80007" | "429")
}

/// 131049: Meta chose not to deliver (per-user marketing limit). Retried, but with growing
/// intervals: "não tente enviar a mensagem de novo imediatamente … aplicando incrementos de
/// tempo maiores".
pub const HEALTHY_ECOSYSTEM: &str = "131049";

/// Tries of a send before it is given up.
pub const MAX_ATTEMPTS: i64 = 6;

/// When to retry a send that failed with `code` on try number `attempts` (1 = the first) at
/// `now`; `None` = give up (the message is failed for good).
pub fn retry_at(code: &str, http_status: Option<u16>, attempts: i64, now: Millis) -> Option<Millis> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let step = attempts.clamp(1, MAX_ATTEMPTS) as u32;
    if code == HEALTHY_ECOSYSTEM {
        // 1 h, 3 h, 9 h, 27 h …
        return Some(now + 3_600_000 * 3i64.pow(step - 1));
    }
    let server_side = http_status.is_some_and(|s| s >= 500);
    if retryable_soon(code) || server_side {
        // 5 s, 10 s, 20 s, 40 s, 80 s.
        return Some(now + 5_000 * 2i64.pow(step - 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use MessageStatus::*;

    #[test]
    fn statuses_only_move_forward() {
        assert_eq!(advance(Pending, Sent), Some(Sent));
        assert_eq!(advance(Sent, Delivered), Some(Delivered));
        assert_eq!(advance(Delivered, Read), Some(Read));
        assert_eq!(advance(Read, Played), Some(Played));
        assert_eq!(advance(Read, Delivered), None, "a late delivered after read changes nothing");
        assert_eq!(advance(Delivered, Sent), None);
    }

    #[test]
    fn duplicates_change_nothing() {
        for s in [Sent, Delivered, Read, Played, Failed] {
            assert_eq!(advance(s, s), None, "{s}");
        }
    }

    #[test]
    fn skipped_states_are_fine() {
        assert_eq!(advance(Pending, Read), Some(Read));
        assert_eq!(advance(Sent, Read), Some(Read), "delivered and read at once: no delivered webhook");
    }

    #[test]
    fn failures_win_until_the_contact_has_read_it() {
        assert_eq!(advance(Sent, Failed), Some(Failed));
        assert_eq!(advance(Pending, Failed), Some(Failed));
        assert_eq!(advance(Read, Failed), None);
        assert_eq!(advance(Failed, Delivered), Some(Delivered));
    }

    #[test]
    fn inbound_messages_take_no_status() {
        assert_eq!(advance(Received, Read), None);
        assert_eq!(advance(Sent, Received), None);
        assert_eq!(advance(Sent, Pending), None);
    }

    #[test]
    fn only_clearly_retryable_errors_are_retried_soon() {
        let now = 1_000;
        for code in ["130429", "131056"] {
            assert_eq!(retry_at(code, Some(400), 1, now), Some(now + 5_000), "{code}");
            assert_eq!(retry_at(code, Some(400), 2, now), Some(now + 10_000), "{code}");
        }
        assert_eq!(retry_at("100", Some(500), 1, now), Some(now + 5_000), "a 5xx is retried");
        assert_eq!(retry_at("131026", Some(400), 1, now), None, "undeliverable: not retried");
        assert_eq!(retry_at("131047", Some(400), 1, now), None, "re-engagement: send a template instead");
        assert_eq!(retry_at("131042", Some(400), 1, now), None);
        assert_eq!(retry_at("130472", Some(400), 1, now), None);
        assert_eq!(retry_at("190", Some(401), 1, now), None);
    }

    #[test]
    fn code_131049_is_retried_with_growing_intervals() {
        let now = 0;
        let waits: Vec<Millis> = (1..MAX_ATTEMPTS).map(|a| retry_at("131049", None, a, now).unwrap()).collect();
        assert_eq!(waits[0], 3_600_000);
        assert!(waits.windows(2).all(|w| w[1] > w[0]), "{waits:?}");
    }

    #[test]
    fn sends_are_given_up_after_the_last_try() {
        assert_eq!(retry_at("130429", Some(400), MAX_ATTEMPTS, 0), None);
        assert_eq!(retry_at("131049", None, MAX_ATTEMPTS, 0), None);
    }
}
