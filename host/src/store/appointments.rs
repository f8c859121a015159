//! Appointments (S9): the account's availability, the appointments a flow's scheduling step
//! books (inside the run's transaction, refused when the time is no longer free), the lists of
//! a contact's and of the account's appointments, and cancelling one.

use serde::Serialize;
use utoipa::ToSchema;

use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::appointment::Availability;

/// What a booking that lost its time says (the run is redone with the times free then).
pub const SLOT_TAKEN: &str = "Esse horário já foi agendado.";

crate::row! {
    /// An appointment as lists show it.
    #[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
    pub struct AppointmentView {
        pub id: i64,
        pub contact_id: i64,
        pub contact_name: String,
        /// The chat it was booked in.
        pub conversation_id: Option<i64>,
        /// The flow whose scheduling step booked it.
        pub flow_name: Option<String>,
        /// Start and end, milliseconds since the epoch.
        pub starts_at: i64,
        pub ends_at: i64,
        /// `booked` or `cancelled`.
        pub status: String,
        pub created_at: i64,
        pub cancelled_at: Option<i64>,
    }
}

const APPOINTMENTS: &str = "SELECT a.id, a.contact_id, ct.name AS contact_name, a.conversation_id, a.flow_name, \
    a.starts_at, a.ends_at, a.status, a.created_at, a.cancelled_at FROM appointments a \
    JOIN contacts ct ON ct.id = a.contact_id";

/// A booking to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAppointment {
    pub contact_id: i64,
    pub conversation_id: i64,
    pub flow_name: String,
    pub starts_at: Millis,
    pub ends_at: Millis,
}

/// Which appointments a list holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppointmentFilter {
    /// Only this contact's.
    pub contact_id: Option<i64>,
    /// Only those ending after this time.
    pub from: Option<Millis>,
    /// Only those starting before this time.
    pub to: Option<Millis>,
    /// Cancelled ones too.
    pub include_cancelled: bool,
}

/// Book `new` for `account_id` in `tx`: `Conflict` when it overlaps a booked appointment.
pub(super) async fn book_in(tx: &mut Tx, account_id: i64, new: &NewAppointment, now: Millis) -> StoreResult<i64> {
    let clash: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM appointments WHERE account_id = $1 AND status = 'booked' AND starts_at < $2 AND ends_at > $3",
            args![account_id, new.ends_at, new.starts_at],
        )
        .await?;
    if clash.is_some() {
        return Err(StoreError::Conflict(SLOT_TAKEN.into()));
    }
    let (id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO appointments (account_id, contact_id, conversation_id, flow_name, starts_at, ends_at, status, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7) RETURNING id",
            args![account_id, new.contact_id, new.conversation_id, &new.flow_name, new.starts_at, new.ends_at, now],
        )
        .await
        .map_err(|err| match err {
            StoreError::Conflict(_) => StoreError::Conflict(SLOT_TAKEN.into()),
            other => other,
        })?;
    Ok(id)
}

impl Store {
    /// The account's availability.
    pub async fn availability(&self, account_id: i64) -> StoreResult<Availability> {
        let (json,): (String,) =
            self.read().await?.fetch_one("SELECT availability FROM accounts WHERE id = $1", args![account_id]).await?;
        serde_json::from_str(&json)
            .map_err(|e| StoreError::Internal(format!("availability of account {account_id}: {e}")))
    }

    /// Replace the account's availability (checked by the caller).
    pub async fn set_availability(&self, account_id: i64, availability: &Availability) -> StoreResult<Availability> {
        let mut tx = self.begin().await?;
        let json = serde_json::to_string(availability).expect("availability serialises");
        tx.execute("UPDATE accounts SET availability = $1 WHERE id = $2", args![json, account_id]).await?;
        self.commit(tx).await?;
        self.availability(account_id).await
    }

    /// The `[start, end)` of the account's booked appointments that end after `from`.
    pub async fn booked_times(&self, account_id: i64, from: Millis) -> StoreResult<Vec<(Millis, Millis)>> {
        self.read()
            .await?
            .fetch_all(
                "SELECT starts_at, ends_at FROM appointments WHERE account_id = $1 AND status = 'booked' AND ends_at > $2 \
                 ORDER BY starts_at",
                args![account_id, from],
            )
            .await
    }

    /// The account's appointments that `filter` picks, soonest first.
    pub async fn appointments(&self, account_id: i64, filter: AppointmentFilter) -> StoreResult<Vec<AppointmentView>> {
        let sql = format!(
            "{APPOINTMENTS} WHERE a.account_id = $1 AND ($2 = 0 OR a.contact_id = $2) AND a.ends_at > $3 \
             AND a.starts_at < $4 AND ($5 OR a.status = 'booked') ORDER BY a.starts_at, a.id LIMIT 5000"
        );
        self.read()
            .await?
            .fetch_all(
                &sql,
                args![
                    account_id,
                    filter.contact_id.unwrap_or(0),
                    filter.from.unwrap_or(Millis::MIN),
                    filter.to.unwrap_or(Millis::MAX),
                    filter.include_cancelled
                ],
            )
            .await
    }

    /// Cancel appointment `id`: its time is free again.
    pub async fn cancel_appointment(&self, account_id: i64, id: i64) -> StoreResult<AppointmentView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE appointments SET status = 'cancelled', cancelled_at = $1 \
                 WHERE account_id = $2 AND id = $3 AND status = 'booked'",
                args![now, account_id, id],
            )
            .await?;
        let found: Option<AppointmentView> = tx
            .fetch_optional(&format!("{APPOINTMENTS} WHERE a.account_id = $1 AND a.id = $2"), args![account_id, id])
            .await?;
        let Some(found) = found else { return Err(StoreError::NotFound) };
        if changed == 0 {
            return Err(StoreError::Rejected("Este agendamento já foi cancelado.".into()));
        }
        self.commit(tx).await?;
        Ok(found)
    }
}
