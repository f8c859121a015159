//! Appointments (S9): the account's availability (checked before it is kept), its free slots
//! as the scheduling step and the admin see them, the lists of appointments, cancelling one, and
//! the calendar export (`.ics`, the offline stand-in for Google Calendar) of a contact's and of
//! the account's appointments.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::{App, Error, Result};
use crate::domain::appointment::{Availability, Slot};
use crate::store::{AppointmentFilter, AppointmentView};

impl App {
    /// The account's free slots from now over its horizon.
    pub async fn free_slots(&self, account_id: i64) -> Result<Vec<Slot>> {
        let availability = self.store.availability(account_id).await?;
        let timezone = self.store.account(account_id).await?.timezone;
        let now = self.store.now();
        let booked = self.store.booked_times(account_id, now).await?;
        Ok(availability.free_slots(now, &timezone, &booked))
    }

    /// Replace the account's availability.
    pub async fn set_availability(&self, account_id: i64, availability: Availability) -> Result<Availability> {
        availability.check().map_err(Error::Invalid)?;
        Ok(self.store.set_availability(account_id, &availability).await?)
    }

    /// A contact's appointments (booked and cancelled), soonest first.
    pub async fn contact_appointments(&self, account_id: i64, contact_id: i64) -> Result<Vec<AppointmentView>> {
        self.store.contact(account_id, contact_id).await?;
        let filter = AppointmentFilter { contact_id: Some(contact_id), include_cancelled: true, ..Default::default() };
        Ok(self.store.appointments(account_id, filter).await?)
    }

    /// The calendar of `appointments` (cancelled ones marked so), named `name`.
    pub fn calendar(name: &str, appointments: &[AppointmentView]) -> String {
        let mut calendar = Calendar::new();
        calendar.name(name);
        for appointment in appointments {
            let (Some(start), Some(end)) = (
                chrono::DateTime::from_timestamp_millis(appointment.starts_at),
                chrono::DateTime::from_timestamp_millis(appointment.ends_at),
            ) else {
                continue;
            };
            let mut event = Event::new();
            event
                .uid(&format!("atende-appointment-{}", appointment.id))
                .summary(&format!("Atendimento: {}", appointment.contact_name))
                .starts(start)
                .ends(end)
                .status(if appointment.status == "cancelled" {
                    EventStatus::Cancelled
                } else {
                    EventStatus::Confirmed
                });
            if let Some(created) = chrono::DateTime::from_timestamp_millis(appointment.created_at) {
                event.timestamp(created);
            }
            if let Some(flow) = &appointment.flow_name {
                event.description(&format!("Agendado pelo fluxo \"{flow}\"."));
            }
            calendar.push(event.done());
        }
        calendar.done().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_has_one_event_per_appointment_in_utc() {
        let booked = AppointmentView {
            id: 7,
            contact_id: 1,
            contact_name: "Maria".into(),
            conversation_id: Some(3),
            flow_name: Some("Agenda".into()),
            // 2026-12-07 12:00 UTC (09:00 in São Paulo) for an hour.
            starts_at: 1_796_644_800_000,
            ends_at: 1_796_648_400_000,
            status: "booked".into(),
            created_at: 1_796_000_000_000,
            cancelled_at: None,
        };
        let cancelled = AppointmentView { id: 8, status: "cancelled".into(), ..booked.clone() };
        let ics = App::calendar("Agenda da Acme", &[booked, cancelled]);
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(ics.contains("UID:atende-appointment-7"));
        assert!(ics.contains("DTSTART:20261207T120000Z"), "{ics}");
        assert!(ics.contains("DTEND:20261207T130000Z"));
        assert!(ics.contains("SUMMARY:Atendimento: Maria"));
        assert!(ics.contains("STATUS:CANCELLED"));
        assert!(ics.contains("X-WR-CALNAME:Agenda da Acme"));
    }
}
