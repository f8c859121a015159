-- Notifications (N1–N3): the bell's entries per user, where the notifier has read each
-- account's event log up to, the pages users have open (presence, per connection), and the user
-- who made each change in the log (nobody is told about their own act). Keep in step with
-- ../postgres/0015_notifications.sql.

CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    contact_name     TEXT    NOT NULL,
    line             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_created ON notifications(created_at);

-- The last event of the account the notifier has read; its row lock makes one host read each
-- event once.
CREATE TABLE notification_cursors (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id),
    seq         INTEGER NOT NULL
);

-- One row per open event stream (a tab or the installed app), refreshed while it lives.
CREATE TABLE presence (
    connection       TEXT    PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device           TEXT    NOT NULL,
    page             TEXT    NOT NULL,
    visible          BOOLEAN NOT NULL,
    conversation_id  INTEGER,
    seen_at          INTEGER NOT NULL
);
CREATE INDEX presence_account ON presence(account_id, seen_at);

ALTER TABLE events ADD COLUMN actor_id INTEGER;
