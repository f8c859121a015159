-- Service core (issue 4): tags, custom and closing fields, companies, contact notes, durable
-- jobs, round-robin state, per-view conversation counts kept by triggers, and the columns the
-- list sorts and assignment rules read. Keep in step with ../postgres/0003_service_core.sql.

CREATE TABLE tags (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    name             TEXT    NOT NULL,
    automation_only  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE contact_tags (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_tag ON contact_tags(tag_id, contact_id);

CREATE TABLE custom_fields (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    key         TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('text', 'number', 'date', 'boolean', 'list', 'image')),
    options     TEXT    NOT NULL DEFAULT '[]',
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, key)
);

-- K5: the custom fields asked for when a service is closed.
CREATE TABLE closing_fields (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    field_id    INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    required    BOOLEAN NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (account_id, field_id)
);

-- S3 / A6: companies by CNPJ.
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    cnpj        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, cnpj)
);

-- S6: "Observações".
CREATE TABLE contact_notes (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    contact_id     INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    author_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    author_name    TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    due_date       TEXT,
    forward_to_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX contact_notes_contact ON contact_notes(contact_id, id);

-- Durable scheduled work: scheduled closes (K2), scheduled template messages (S7), window tag
-- changes (L8), support-code rotation (A2). A job runs in the transaction that marks it done.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    kind             TEXT    NOT NULL,
    conversation_id  INTEGER REFERENCES conversations(id),
    run_at           INTEGER NOT NULL,
    payload          TEXT    NOT NULL DEFAULT '{}',
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'cancelled', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_conversation ON jobs(conversation_id, kind, state);
-- One pending rotation per account, however many hosts schedule it.
CREATE UNIQUE INDEX jobs_one_pending_support_code ON jobs(account_id) WHERE kind = 'support_code' AND state = 'pending';

-- S15/flows: the fair "next agent in sequence" of each department.
CREATE TABLE department_rotation (
    department_id  INTEGER PRIMARY KEY REFERENCES departments(id) ON DELETE CASCADE,
    last_user_id   INTEGER NOT NULL
);

-- Who served a service (the last agent assigned), for "last agent who served".
ALTER TABLE services ADD COLUMN agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE services ADD COLUMN closed_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX services_contact_recent ON services(conversation_id, opened_at);

-- L3: sort by the opening of the current service without a join.
ALTER TABLE conversations ADD COLUMN service_opened_at INTEGER;
-- K2: a scheduled close shown on the chat (its job carries the rest).
ALTER TABLE conversations ADD COLUMN scheduled_close_at INTEGER;
ALTER TABLE conversations ADD COLUMN scheduled_close_policy TEXT;
-- The list's sort keys are expressions (chats without a message sort by their creation; chats
-- without an open service go last in both opening orders): index exactly those expressions, for
-- every status view (All) and per state (the other views), so a page reads its rows in order.
CREATE INDEX conversations_activity ON conversations(account_id, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_opening_desc ON conversations(account_id, (COALESCE(service_opened_at, -1)), id);
CREATE INDEX conversations_opening_asc ON conversations(account_id, (COALESCE(service_opened_at, 9223372036854775807)), id);
CREATE INDEX conversations_state_activity ON conversations(account_id, state, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_state_opening_desc ON conversations(account_id, state, (COALESCE(service_opened_at, -1)), id);
CREATE INDEX conversations_state_opening_asc ON conversations(account_id, state, (COALESCE(service_opened_at, 9223372036854775807)), id);
CREATE INDEX conversations_agent_recent ON conversations(account_id, agent_id, last_message_at, id);
CREATE INDEX conversations_department_recent ON conversations(account_id, department_id, last_message_at, id);
CREATE INDEX contacts_account_campaign ON contacts(account_id, campaign);

-- A2: the support code of the account, rotated by a job.
ALTER TABLE accounts ADD COLUMN support_code TEXT;
ALTER TABLE accounts ADD COLUMN support_code_expires_at INTEGER;

-- Per-view counts (L1) kept up to date by triggers: one row per (state, agent, department,
-- unread) bucket of contact chats, so counting a view sums a handful of buckets instead of
-- scanning the conversations. 0 stands for "none" in agent_id and department_id.
CREATE TABLE conversation_counts (
    account_id     INTEGER NOT NULL,
    state          TEXT    NOT NULL,
    agent_id       INTEGER NOT NULL,
    department_id  INTEGER NOT NULL,
    unread         BOOLEAN NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (account_id, state, agent_id, department_id, unread)
);

CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations WHEN NEW.kind = 'contact'
BEGIN
    INSERT INTO conversation_counts (account_id, state, agent_id, department_id, unread, n)
    VALUES (NEW.account_id, NEW.state, COALESCE(NEW.agent_id, 0), COALESCE(NEW.department_id, 0), NEW.unread, 1)
    ON CONFLICT (account_id, state, agent_id, department_id, unread) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER conversation_counts_update AFTER UPDATE OF state, agent_id, department_id, unread ON conversations
WHEN NEW.kind = 'contact' AND (OLD.state IS NOT NEW.state OR OLD.agent_id IS NOT NEW.agent_id
    OR OLD.department_id IS NOT NEW.department_id OR OLD.unread IS NOT NEW.unread)
BEGIN
    UPDATE conversation_counts SET n = n - 1
    WHERE account_id = OLD.account_id AND state = OLD.state AND agent_id = COALESCE(OLD.agent_id, 0)
      AND department_id = COALESCE(OLD.department_id, 0) AND unread = OLD.unread;
    INSERT INTO conversation_counts (account_id, state, agent_id, department_id, unread, n)
    VALUES (NEW.account_id, NEW.state, COALESCE(NEW.agent_id, 0), COALESCE(NEW.department_id, 0), NEW.unread, 1)
    ON CONFLICT (account_id, state, agent_id, department_id, unread) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations WHEN OLD.kind = 'contact'
BEGIN
    UPDATE conversation_counts SET n = n - 1
    WHERE account_id = OLD.account_id AND state = OLD.state AND agent_id = COALESCE(OLD.agent_id, 0)
      AND department_id = COALESCE(OLD.department_id, 0) AND unread = OLD.unread;
END;

-- Chats that existed before the counts did.
INSERT INTO conversation_counts (account_id, state, agent_id, department_id, unread, n)
SELECT account_id, state, COALESCE(agent_id, 0), COALESCE(department_id, 0), unread, COUNT(*)
FROM conversations WHERE kind = 'contact'
GROUP BY account_id, state, COALESCE(agent_id, 0), COALESCE(department_id, 0), unread;
UPDATE conversations SET service_opened_at = (SELECT opened_at FROM services s WHERE s.id = conversations.service_id)
WHERE service_id IS NOT NULL;
