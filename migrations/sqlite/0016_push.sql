-- Web Push (N3): the server's VAPID key pair, one row for every host on the database (the
-- private key sealed with the server's secret key, the public key as the browser's
-- applicationServerKey); each user's push subscriptions, one per device, bound to the login
-- session they were made in (logging out removes them); and the queue of pushes the push worker
-- sends, retried with back-off like the outbox. Keep in step with ../postgres/0016_push.sql.

CREATE TABLE push_keys (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    private_key  BLOB    NOT NULL,
    public_key   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

-- An endpoint belongs to one browser: subscribed again by another user or device, it moves.
CREATE TABLE push_subscriptions (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device        TEXT    NOT NULL,
    endpoint      TEXT    NOT NULL,
    p256dh        TEXT    NOT NULL,
    auth          TEXT    NOT NULL,
    session_hash  TEXT    REFERENCES sessions(token_hash) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX push_subscriptions_device ON push_subscriptions(user_id, device);
CREATE UNIQUE INDEX push_subscriptions_endpoint ON push_subscriptions(endpoint);
CREATE INDEX push_subscriptions_session ON push_subscriptions(session_hash);

-- The payload is the notification's JSON, encrypted per subscription only when it is sent.
CREATE TABLE push_deliveries (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES push_subscriptions(id) ON DELETE CASCADE,
    payload          TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE INDEX push_deliveries_due ON push_deliveries(next_attempt_at);
CREATE INDEX push_deliveries_subscription ON push_deliveries(subscription_id);
