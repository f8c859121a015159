-- Broadcasts (A7): a template sent to the contacts a filter holds on one number. The audience
-- is taken when the broadcast starts (blocked contacts and those with the broadcast switch off
-- never in it), one row per recipient; the worker sends each recipient's message and marks the
-- row in one transaction, so a restart never sends a contact the broadcast twice. The pace is
-- counted from `paced_since` (reset on resume) at `rate_per_s`. Keep in step with
-- ../postgres/0018_broadcasts.sql.

CREATE TABLE broadcasts (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    name            TEXT    NOT NULL,
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    template_id     INTEGER NOT NULL REFERENCES templates(id),
    template_values TEXT    NOT NULL,
    filter          TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    scheduled_at    INTEGER NOT NULL,
    rate_per_s      INTEGER NOT NULL,
    paced_since     INTEGER,
    paced_base      INTEGER NOT NULL DEFAULT 0,
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX broadcasts_account ON broadcasts(account_id, id);
CREATE INDEX broadcasts_due ON broadcasts(state, scheduled_at);

CREATE TABLE broadcast_recipients (
    broadcast_id  INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    contact_id    INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    state         TEXT    NOT NULL,
    message_id    INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    error         TEXT,
    sent_at       INTEGER,
    PRIMARY KEY (broadcast_id, contact_id)
);
CREATE INDEX broadcast_recipients_state ON broadcast_recipients(broadcast_id, state, contact_id);
CREATE INDEX broadcast_recipients_message ON broadcast_recipients(message_id);
