-- Rows every write of an account touched (L1, L6), and the outbox's claim, where concurrent transactions queued on
-- PostgreSQL (a flow burst of 2,000 contacts ran at a tenth of SQLite's speed):
--
-- 1. The per-account event counter gets a table of its own: on the accounts row it was the
--    row every change of the account updated, and the same row every insert of the account's
--    contacts, chats and messages locks for its foreign key; nothing references the new table.
-- 2. The view counts are striped: each connection adds its +1 and -1 to its own slot of a
--    bucket (its backend pid modulo 16), so concurrent writers of one account rarely wait on
--    the same row until the other commits; a count sums the slots, as it summed the buckets.
--
-- Keep in step with ../sqlite/0009_write_contention.sql.

CREATE TABLE event_counters (
    account_id  BIGINT PRIMARY KEY,
    seq         BIGINT NOT NULL
);
INSERT INTO event_counters (account_id, seq) SELECT id, event_seq FROM accounts WHERE event_seq > 0;
ALTER TABLE accounts DROP COLUMN event_seq;

ALTER TABLE conversation_counts ADD COLUMN slot SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE conversation_counts DROP CONSTRAINT conversation_counts_pkey;
ALTER TABLE conversation_counts ADD PRIMARY KEY (account_id, state, agent_id, department_id, unread, slot);

CREATE OR REPLACE FUNCTION conversation_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stripe SMALLINT := pg_backend_pid() % 16;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'contact' THEN
        INSERT INTO conversation_counts (account_id, state, agent_id, department_id, unread, slot, n)
        VALUES (OLD.account_id, OLD.state, COALESCE(OLD.agent_id, 0), COALESCE(OLD.department_id, 0), OLD.unread, stripe, -1)
        ON CONFLICT (account_id, state, agent_id, department_id, unread, slot) DO UPDATE SET n = conversation_counts.n - 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'contact' THEN
        INSERT INTO conversation_counts (account_id, state, agent_id, department_id, unread, slot, n)
        VALUES (NEW.account_id, NEW.state, COALESCE(NEW.agent_id, 0), COALESCE(NEW.department_id, 0), NEW.unread, stripe, 1)
        ON CONFLICT (account_id, state, agent_id, department_id, unread, slot) DO UPDATE SET n = conversation_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

-- The outbox worker claims one send at a time, the oldest that is due and not leased: read in
-- id order from this index instead of sorting every pending send for each claim.
CREATE INDEX outbox_claimable ON outbox(id) WHERE state = 'pending' AND locked_until IS NULL;
