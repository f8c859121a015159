-- The audit log (issue 17 part 4): who did what, when, from which address and what changed,
-- per account (host/src/domain/audit.rs says which actions). `user_name` and `user_email` are
-- kept as they were then, so an entry still names its author after the user is renamed.
-- Searched by account and time, and by user or action within an account.
-- Keep in step with ../postgres/0026_audit_log.sql.

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    user_id     INTEGER,
    user_name   TEXT,
    user_email  TEXT,
    action      TEXT    NOT NULL,
    target      TEXT,
    details     TEXT,
    ip          TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_account_time ON audit_log(account_id, created_at DESC, id DESC);
CREATE INDEX audit_log_account_user ON audit_log(account_id, user_id, id DESC);
CREATE INDEX audit_log_account_action ON audit_log(account_id, action, id DESC);
