//! The dashboard's arithmetic (issue 14 part 5): the periods — today, the last 7 and 30 days —
//! as local days in the account's time zone, the day a moment falls on there, and the median
//! and 90th percentile of a set of durations.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use utoipa::ToSchema;

use super::Millis;
use crate::vocabulary;

/// How far the message counters trail the clock: a transaction still open when the roll-up
/// passes has this long to commit; the newer messages are counted live.
pub const ROLLUP_LAG_MS: Millis = 60_000;

vocabulary! {
    /// The span the dashboard covers, ending now.
    pub enum Period {
        Today = "today",
        Week = "7d",
        Month = "30d",
    }
}

impl Period {
    /// How many local days it spans, today included.
    pub fn days(self) -> i64 {
        match self {
            Period::Today => 1,
            Period::Week => 7,
            Period::Month => 30,
        }
    }
}

/// The account's zone, or São Paulo's when the stored name is unknown to this build.
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|_| TimeZone::get("America/Sao_Paulo").unwrap_or(TimeZone::UTC))
}

/// When `period` starts: midnight, in `tz`, of its first day.
pub fn period_start(period: Period, tz: &TimeZone, now: Millis) -> Millis {
    let today = Timestamp::from_millisecond(now).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(tz.clone()).date();
    let first = today.checked_sub((period.days() - 1).days()).unwrap_or(today);
    first.to_zoned(tz.clone()).map(|z| z.timestamp().as_millisecond()).unwrap_or(now)
}

/// The local day (`aaaa-mm-dd`) of `at` in `tz`.
pub fn local_day(at: Millis, tz: &TimeZone) -> String {
    Timestamp::from_millisecond(at).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(tz.clone()).date().to_string()
}

/// Every local day of `period` ending at `now`, oldest first.
pub fn period_days(period: Period, tz: &TimeZone, now: Millis) -> Vec<String> {
    let today = Timestamp::from_millisecond(now).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(tz.clone()).date();
    (0..period.days()).rev().filter_map(|back| today.checked_sub(back.days()).ok()).map(|d| d.to_string()).collect()
}

/// How long something took, over a set of cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct DurationStat {
    pub count: i64,
    /// Milliseconds; `null` without cases.
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
}

impl DurationStat {
    /// The median and 90th percentile (nearest rank) of `durations`.
    pub fn of(mut durations: Vec<i64>) -> DurationStat {
        durations.sort_unstable();
        let rank = |q: f64| {
            let n = durations.len();
            (n > 0).then(|| durations[((q * n as f64).ceil() as usize).clamp(1, n) - 1])
        };
        DurationStat { count: durations.len() as i64, median_ms: rank(0.5), p90_ms: rank(0.9) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Millis {
        text.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn periods_start_at_local_midnight() {
        let sp = zone("America/Sao_Paulo");
        // 02:00 UTC on the 6th is still the 5th in São Paulo (UTC−3).
        let now = at("2026-12-06T02:00:00Z");
        assert_eq!(period_start(Period::Today, &sp, now), at("2026-12-05T03:00:00Z"));
        assert_eq!(period_start(Period::Week, &sp, now), at("2026-11-29T03:00:00Z"));
        assert_eq!(period_start(Period::Month, &sp, now), at("2026-11-06T03:00:00Z"));
        assert_eq!(local_day(now, &sp), "2026-12-05");
        let days = period_days(Period::Week, &sp, now);
        assert_eq!(days.first().map(String::as_str), Some("2026-11-29"));
        assert_eq!(days.last().map(String::as_str), Some("2026-12-05"));
        assert_eq!(days.len(), 7);
    }

    #[test]
    fn an_unknown_zone_falls_back_to_sao_paulo() {
        assert_eq!(local_day(at("2026-12-06T02:00:00Z"), &zone("Marte/Olimpo")), "2026-12-05");
    }

    #[test]
    fn median_and_p90_by_nearest_rank() {
        let stat = DurationStat::of((1..=10).rev().map(|s| s * 1000).collect());
        assert_eq!(stat, DurationStat { count: 10, median_ms: Some(5000), p90_ms: Some(9000) });
        assert_eq!(DurationStat::of(vec![]), DurationStat::default());
        assert_eq!(DurationStat::of(vec![42]).p90_ms, Some(42));
    }
}
