-- Quick replies ("Respostas Rápidas", C12): the account's saved answers, found in the composer by
-- typing `/` and the shortcut. One shortcut per account. Keep in step with
-- ../postgres/0011_quick_replies.sql.

CREATE TABLE quick_replies (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    shortcut    TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX quick_replies_shortcut ON quick_replies(account_id, shortcut);
