//! Protocol numbers of services: unique per account, human-readable, `AAAAMMDD-NNNNNN`, the
//! date in the account's time zone and a counter that restarts every day.

use super::Millis;

/// The day part of a protocol (`20261126`) for a moment in the account's time zone.
/// An unknown time zone falls back to America/Sao_Paulo, the product's home.
pub fn protocol_day(at: Millis, timezone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(timezone)
        .or_else(|_| jiff::tz::TimeZone::get("America/Sao_Paulo"))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let ts = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.to_zoned(tz).strftime("%Y%m%d").to_string()
}

/// The protocol for the `n`-th service opened on `day`.
pub fn format_protocol(day: &str, n: i64) -> String {
    format!("{day}-{n:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_day_uses_the_account_time_zone() {
        // 2026-11-26 01:30 UTC is still the 25th in São Paulo (UTC-3).
        let at = jiff::Timestamp::from_second(1_795_656_600).unwrap().as_millisecond();
        assert_eq!(protocol_day(at, "UTC"), "20261126");
        assert_eq!(protocol_day(at, "America/Sao_Paulo"), "20261125");
        assert_eq!(protocol_day(at, "Not/AZone"), "20261125");
    }

    #[test]
    fn protocol_is_day_and_zero_padded_counter() {
        assert_eq!(format_protocol("20261126", 123), "20261126-000123");
        assert_eq!(format_protocol("20261126", 1_234_567), "20261126-1234567");
    }
}
