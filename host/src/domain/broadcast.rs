//! Broadcasts (A7): a template sent to the contacts a filter holds, on one number, at the
//! number's pace. The rules here: what a broadcast may be asked to do in each state, how many
//! recipients the pace allows by now, and the checks of a new broadcast's name and rate.

use super::Millis;
use crate::vocabulary;

/// Meta's default throughput of a WhatsApp number: messages per second.
pub const DEFAULT_RATE_PER_S: i64 = 80;
/// The fastest pace accepted (Meta's highest tier).
pub const MAX_RATE_PER_S: i64 = 1_000;
/// Longest name.
pub const MAX_NAME_CHARS: usize = 120;

vocabulary! {
    /// Where a broadcast is in its life.
    pub enum BroadcastState {
        /// Waits for its time; nothing taken or sent yet.
        Scheduled = "scheduled",
        /// Its audience is taken; recipients are being sent to.
        Running = "running",
        /// Stopped by an admin; resumes where it was.
        Paused = "paused",
        /// Stopped for good; the recipients not sent to stay "pending".
        Cancelled = "cancelled",
        /// Every recipient sent to or failed.
        Done = "done",
    }
}

vocabulary! {
    /// A recipient's part of the broadcast.
    pub enum RecipientState {
        Pending = "pending",
        /// Its message is written (and queued to the number, which reports delivery and reading).
        Sent = "sent",
        /// Could not be sent (blocked since the audience was taken, the template refused …).
        Failed = "failed",
    }
}

/// What an admin asks of a broadcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Pause,
    Resume,
    Cancel,
}

/// The state `command` moves a broadcast in `state` to, or why it cannot.
pub fn apply(state: BroadcastState, command: Command) -> Result<BroadcastState, &'static str> {
    use BroadcastState::*;
    match (command, state) {
        (Command::Pause, Scheduled | Running) => Ok(Paused),
        (Command::Pause, Paused) => Err("A transmissão já está pausada."),
        (Command::Resume, Paused) => Ok(Running),
        (Command::Resume, Scheduled | Running) => Err("A transmissão não está pausada."),
        (Command::Cancel, Scheduled | Running | Paused) => Ok(Cancelled),
        (_, Cancelled) => Err("A transmissão foi cancelada."),
        (_, Done) => Err("A transmissão já terminou."),
    }
}

/// How many more recipients the pace allows at `now`: `rate_per_s` per second since
/// `paced_since`, less the `done_since` already handled since then.
pub fn allowed(rate_per_s: i64, paced_since: Millis, done_since: i64, now: Millis) -> i64 {
    let elapsed = (now - paced_since).max(0);
    // One second's worth may go at once: the pace is per second, as Meta counts it.
    let budget = rate_per_s + elapsed * rate_per_s / 1_000;
    (budget - done_since).max(0)
}

/// When the next recipient is allowed, given `done_since` handled since `paced_since`.
pub fn next_slot(rate_per_s: i64, paced_since: Millis, done_since: i64) -> Millis {
    let ahead = (done_since + 1 - rate_per_s).max(0);
    let rate = rate_per_s.max(1);
    paced_since + (ahead * 1_000 + rate - 1) / rate
}

/// A new broadcast's name, trimmed.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("Dê um nome à transmissão (até {MAX_NAME_CHARS} caracteres)."));
    }
    Ok(name.to_string())
}

/// The pace asked for, or the default.
pub fn check_rate(rate: Option<i64>) -> Result<i64, String> {
    match rate {
        None => Ok(DEFAULT_RATE_PER_S),
        Some(r) if (1..=MAX_RATE_PER_S).contains(&r) => Ok(r),
        Some(_) => Err(format!("A velocidade deve ser de 1 a {MAX_RATE_PER_S} mensagens por segundo.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_follow_the_states() {
        use BroadcastState::*;
        assert_eq!(apply(Running, Command::Pause), Ok(Paused));
        assert_eq!(apply(Scheduled, Command::Pause), Ok(Paused));
        assert_eq!(apply(Paused, Command::Resume), Ok(Running));
        assert_eq!(apply(Paused, Command::Cancel), Ok(Cancelled));
        assert!(apply(Running, Command::Resume).is_err());
        assert!(apply(Done, Command::Cancel).unwrap_err().contains("terminou"));
        assert!(apply(Cancelled, Command::Resume).unwrap_err().contains("cancelada"));
    }

    #[test]
    fn the_pace_allows_one_second_at_once_then_the_rate() {
        assert_eq!(allowed(80, 0, 0, 0), 80);
        assert_eq!(allowed(80, 0, 80, 500), 40, "half a second later, half a second's worth");
        assert_eq!(allowed(80, 0, 160, 1_000), 0);
        assert_eq!(allowed(80, 10_000, 0, 5_000), 80, "a clock behind the pace start allows one second");
        // 10 minutes at 80/s: exactly 80 × 600 + the first second.
        assert_eq!(allowed(80, 0, 0, 600_000), 48_080);
    }

    #[test]
    fn the_next_slot_is_when_the_pace_allows_one_more() {
        assert_eq!(next_slot(80, 1_000, 0), 1_000);
        assert_eq!(next_slot(80, 1_000, 80), 1_013);
        assert_eq!(next_slot(80, 0, 160), 1_013);
        for done in [80, 100, 1_000] {
            let at = next_slot(80, 0, done);
            assert!(allowed(80, 0, done, at) >= 1, "{done}: {at}");
            assert_eq!(allowed(80, 0, done, at - 1), 0, "{done}: not before {at}");
        }
    }

    #[test]
    fn names_and_rates_are_checked() {
        assert_eq!(check_name("  Black Friday "), Ok("Black Friday".into()));
        assert!(check_name(" ").is_err());
        assert_eq!(check_rate(None), Ok(80));
        assert_eq!(check_rate(Some(20)), Ok(20));
        assert!(check_rate(Some(0)).is_err());
        assert!(check_rate(Some(5_000)).is_err());
    }
}
