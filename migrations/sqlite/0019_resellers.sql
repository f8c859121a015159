-- The reseller console (A1, A2): the people of a reseller, who log in to their own console
-- (their own sessions, apart from the accounts' users); an account a reseller suspended
-- (its users cannot log in, its webhooks are still stored); messages by account and time for
-- the console's usage figures. Keep in step with ../postgres/0019_resellers.sql.

CREATE TABLE reseller_users (
    id             INTEGER PRIMARY KEY,
    reseller_id    INTEGER NOT NULL REFERENCES resellers(id),
    name           TEXT    NOT NULL,
    email          TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE reseller_sessions (
    token_hash        TEXT    PRIMARY KEY,
    reseller_user_id  INTEGER NOT NULL REFERENCES reseller_users(id) ON DELETE CASCADE,
    csrf_token        TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL
);

ALTER TABLE accounts ADD COLUMN suspended_at INTEGER;
CREATE INDEX accounts_reseller ON accounts(reseller_id, id);
CREATE INDEX messages_account_time ON messages(account_id, created_at);
