-- Rows every write of an account touched (L1, L6), and the outbox's claim. The per-account event counter gets a
-- table of its own: on the accounts row it was the row every change of the account updated,
-- and the same row every insert of the account's contacts, chats and messages locks for its
-- foreign key; nothing references the new table. (PostgreSQL also stripes the view counts;
-- SQLite has one writer, so its counts stay one row per bucket.) Keep in step with
-- ../postgres/0009_write_contention.sql.

CREATE TABLE event_counters (
    account_id  INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL
);
INSERT INTO event_counters (account_id, seq) SELECT id, event_seq FROM accounts WHERE event_seq > 0;
ALTER TABLE accounts DROP COLUMN event_seq;

-- The outbox worker claims one send at a time, the oldest that is due and not leased: read in
-- id order from this index instead of sorting every pending send for each claim.
CREATE INDEX outbox_claimable ON outbox(id) WHERE state = 'pending' AND locked_until IS NULL;
