-- Appointments (S9): what a flow's scheduling step books for a contact in the free slots of the
-- account's availability (weekly hours, slot length, horizon, notice), kept as JSON on the
-- account. One booked appointment per start time and account: the unique index is what makes
-- two contacts choosing the same slot at once end with one booking. Keep in step with
-- ../postgres/0008_appointments.sql.

CREATE TABLE appointments (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    contact_id       INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    conversation_id  INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
    flow_name        TEXT,
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('booked', 'cancelled')),
    created_at       INTEGER NOT NULL,
    cancelled_at     INTEGER
);
CREATE UNIQUE INDEX appointments_slot ON appointments(account_id, starts_at) WHERE status = 'booked';
CREATE INDEX appointments_contact ON appointments(contact_id, starts_at);

ALTER TABLE accounts ADD COLUMN availability TEXT NOT NULL DEFAULT '{}';
