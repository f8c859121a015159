//! Appointments (S9): the account's availability — weekly hours in its time zone, cut into slots
//! of one length, bookable from a notice period ahead up to a horizon — and the free slots it
//! leaves once the booked appointments are taken out. A flow's scheduling step offers them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Millis;
use super::flow::settings::{BusinessHours, minutes};

const MINUTE_MS: Millis = 60_000;
/// The most free slots a step is offered at once (a month of half-hour slots in a working day).
pub const MAX_FREE_SLOTS: usize = 400;

/// When appointments can be booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Length of one appointment, in minutes (5 to 480).
    #[serde(default = "default_slot_minutes")]
    pub slot_minutes: u32,
    /// Open intervals per weekday, in the account's time zone; none at all: nothing can be booked.
    #[serde(default)]
    pub hours: BusinessHours,
    /// How many days ahead can be booked (1 to 90).
    #[serde(default = "default_horizon_days")]
    pub horizon_days: u32,
    /// How long before its start an appointment can still be booked, in minutes.
    #[serde(default = "default_notice_minutes")]
    pub notice_minutes: u32,
}

fn default_slot_minutes() -> u32 {
    30
}

fn default_horizon_days() -> u32 {
    14
}

fn default_notice_minutes() -> u32 {
    60
}

impl Default for Availability {
    fn default() -> Self {
        Availability {
            slot_minutes: default_slot_minutes(),
            hours: BusinessHours::default(),
            horizon_days: default_horizon_days(),
            notice_minutes: default_notice_minutes(),
        }
    }
}

/// One bookable time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Slot {
    /// Start, Unix epoch ms.
    pub start: Millis,
    /// End, Unix epoch ms.
    pub end: Millis,
    /// The start in the account's time zone, `2026-12-07T09:00`.
    pub local: String,
    /// Day of the week of `local`, 0 = Monday.
    pub weekday: u8,
}

impl Availability {
    /// Why the availability cannot be kept, in Portuguese.
    pub fn check(&self) -> Result<(), String> {
        if !(5..=480).contains(&self.slot_minutes) {
            return Err("A duração de um agendamento deve ficar entre 5 e 480 minutos.".into());
        }
        if !(1..=90).contains(&self.horizon_days) {
            return Err("Os agendamentos podem ser feitos de 1 a 90 dias à frente.".into());
        }
        if self.notice_minutes > 30 * 24 * 60 {
            return Err("A antecedência mínima deve ser de até 30 dias.".into());
        }
        self.hours.check()
    }

    /// The slots from `now` over the horizon, read in `timezone`, that overlap none of
    /// `booked` (`[start, end)` ranges), oldest first, at most [`MAX_FREE_SLOTS`].
    pub fn free_slots(&self, now: Millis, timezone: &str, booked: &[(Millis, Millis)]) -> Vec<Slot> {
        let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        let Ok(today) = jiff::Timestamp::from_millisecond(now).map(|ts| ts.to_zoned(zone.clone()).date()) else {
            return vec![];
        };
        let earliest = now + Millis::from(self.notice_minutes) * MINUTE_MS;
        let length = Millis::from(self.slot_minutes) * MINUTE_MS;
        let days = self.hours.days();
        let mut free = Vec::new();
        for offset in 0..i64::from(self.horizon_days) {
            let Ok(date) = today.checked_add(jiff::Span::new().days(offset)) else { break };
            let weekday = date.weekday().to_monday_zero_offset();
            for [from, to] in days[weekday as usize].1 {
                let (Some(open), Some(close)) = (minutes(from), minutes(to)) else { continue };
                let mut at = open;
                while at + self.slot_minutes <= close {
                    let civil = date.at((at / 60) as i8, (at % 60) as i8, 0, 0);
                    at += self.slot_minutes;
                    // A time the clocks skip (a DST gap) is no slot.
                    let Ok(zoned) = civil.to_zoned(zone.clone()) else { continue };
                    let start = zoned.timestamp().as_millisecond();
                    let end = start + length;
                    if start < earliest || booked.iter().any(|&(b_start, b_end)| start < b_end && b_start < end) {
                        continue;
                    }
                    free.push(Slot {
                        start,
                        end,
                        local: civil.strftime("%Y-%m-%dT%H:%M").to_string(),
                        weekday: weekday as u8,
                    });
                    if free.len() == MAX_FREE_SLOTS {
                        return free;
                    }
                }
            }
        }
        free
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SP: &str = "America/Sao_Paulo";

    /// Monday 2026-12-07 at `hour`:00 in São Paulo (UTC-3).
    fn monday_at(hour: i8) -> Millis {
        jiff::civil::date(2026, 12, 7)
            .at(hour, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::get(SP).unwrap())
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    fn mornings() -> Availability {
        let morning = vec![["09:00".to_string(), "11:00".to_string()]];
        Availability {
            slot_minutes: 60,
            hours: BusinessHours { monday: morning.clone(), tuesday: morning, ..Default::default() },
            horizon_days: 7,
            notice_minutes: 60,
        }
    }

    #[test]
    fn slots_follow_the_weekly_hours_in_the_account_time_zone() {
        let slots = mornings().free_slots(monday_at(7), SP, &[]);
        let locals: Vec<&str> = slots.iter().map(|s| s.local.as_str()).collect();
        assert_eq!(locals, ["2026-12-07T09:00", "2026-12-07T10:00", "2026-12-08T09:00", "2026-12-08T10:00"]);
        assert_eq!(slots[0].start, monday_at(9), "09:00 in São Paulo is 12:00 UTC");
        assert_eq!(slots[0].end - slots[0].start, 3_600_000);
        assert_eq!((slots[0].weekday, slots[2].weekday), (0, 1));
    }

    #[test]
    fn the_notice_the_horizon_and_booked_times_are_left_out() {
        let availability = mornings();
        let late = availability.free_slots(monday_at(8) + 1, SP, &[]);
        assert_eq!(late[0].local, "2026-12-07T10:00", "09:00 is less than an hour away");
        let booked = [(monday_at(10) - 15 * MINUTE_MS, monday_at(10) + 15 * MINUTE_MS)];
        let free = availability.free_slots(monday_at(7), SP, &booked);
        assert!(!free.iter().any(|s| s.local == "2026-12-07T09:00" || s.local == "2026-12-07T10:00"), "overlaps");
        let short = Availability { horizon_days: 1, ..availability };
        assert_eq!(short.free_slots(monday_at(7), SP, &[]).len(), 2, "only today");
        assert!(Availability::default().free_slots(monday_at(7), SP, &[]).is_empty(), "no hours: nothing to book");
    }

    #[test]
    fn bad_availability_is_refused() {
        assert!(Availability { slot_minutes: 0, ..mornings() }.check().is_err());
        assert!(Availability { horizon_days: 365, ..mornings() }.check().unwrap_err().contains("90 dias"));
        let mut backwards = mornings();
        backwards.hours.friday = vec![["12:00".into(), "09:00".into()]];
        assert!(backwards.check().unwrap_err().contains("sexta"));
        assert!(mornings().check().is_ok());
    }
}
