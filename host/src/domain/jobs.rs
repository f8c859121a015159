//! Durable scheduled work: the kinds of job and how they recur. A job runs once, in the
//! transaction that marks it done; recurring work schedules its next run in that same
//! transaction (the `cron` crate computes when).

use std::str::FromStr;

use super::Millis;
use crate::vocabulary;

vocabulary! {
    /// What a job does when it is due.
    pub enum JobKind {
        /// Close a service at the scheduled time (K2), sending its closing message first (K3).
        CloseService = "close_service",
        /// Send a scheduled template message, optionally opening a service (S7).
        ScheduledMessage = "scheduled_message",
        /// Refresh a chat when its window starts expiring or expires (L8).
        WindowTag = "window_tag",
        /// Rotate the account's support code (A2).
        SupportCode = "support_code",
        /// Erase closed chats' old messages, as the account's retention limit says (LGPD,
        /// issue 17 part 3); daily, and again at once while more are due.
        Retention = "retention",
    }
}

vocabulary! {
    /// Where a job is in its life.
    pub enum JobState { Pending = "pending", Done = "done", Cancelled = "cancelled", Failed = "failed" }
}

/// A recurring schedule (seconds, minutes, hours, day of month, month, day of week).
#[derive(Debug)]
pub struct Recurrence(cron::Schedule);

impl Recurrence {
    /// Parse a cron expression; the error says what is wrong.
    pub fn parse(expression: &str) -> Result<Recurrence, String> {
        cron::Schedule::from_str(expression).map(Recurrence).map_err(|e| format!("agenda inválida '{expression}': {e}"))
    }

    /// The first run strictly after `after`.
    pub fn next_after(&self, after: Millis) -> Option<Millis> {
        let after = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(after)?;
        self.0.after(&after).next().map(|t| t.timestamp_millis())
    }
}

/// How many times a failing job is tried before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// When to try a failed job again: 1, 2, 4, 8 … minutes after `now`.
pub fn retry_at(now: Millis, attempts: i64) -> Option<Millis> {
    (attempts < MAX_ATTEMPTS).then(|| now + 60_000 * (1 << attempts.clamp(0, 10)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Millis = 3_600_000;

    #[test]
    fn every_four_hours_runs_at_the_next_multiple_of_four_hours() {
        let every_four = Recurrence::parse("0 0 */4 * * *").unwrap();
        // 2026-12-01T01:30:00Z → 04:00Z.
        let t = 1_796_088_600_000;
        let next = every_four.next_after(t).unwrap();
        assert_eq!(next % (4 * HOUR), 0);
        assert!(next > t && next - t <= 4 * HOUR);
        assert_eq!(every_four.next_after(next).unwrap(), next + 4 * HOUR, "strictly after");
        assert!(Recurrence::parse("a cada quatro horas").unwrap_err().contains("agenda inválida"));
    }

    #[test]
    fn failed_jobs_back_off_and_then_give_up() {
        assert_eq!(retry_at(0, 0), Some(60_000));
        assert_eq!(retry_at(0, 3), Some(8 * 60_000));
        assert_eq!(retry_at(0, MAX_ATTEMPTS), None);
    }
}
