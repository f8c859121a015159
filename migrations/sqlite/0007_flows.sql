-- Flow engine (issue 11): flows with a draft and immutable published revisions; one live
-- session per conversation pinned to a revision; the per-conversation queue of what wakes a
-- flow (a message, a start, a timeout, a scheduled wake-up), claimed under a lease so that one
-- conversation's inputs run one at a time, in order, on any host; the history of each
-- session's steps; the account's flow settings (F1). Keep in step with
-- ../postgres/0007_flows.sql.

CREATE TABLE flows (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES accounts(id),
    name                TEXT    NOT NULL,
    draft               TEXT    NOT NULL,
    published_revision  INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE flow_revisions (
    id            INTEGER PRIMARY KEY,
    flow_id       INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    revision      INTEGER NOT NULL,
    document      TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,
    note          TEXT,
    published_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    published_at  INTEGER NOT NULL,
    UNIQUE (flow_id, revision)
);

CREATE TABLE flow_sessions (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    flow_id          INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    revision         INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('waiting', 'completed', 'handover', 'expired', 'failed', 'interrupted')),
    node             TEXT,
    node_state       TEXT,
    wait_kind        TEXT    CHECK (wait_kind IN ('input', 'wake')),
    waiting_since    INTEGER,
    timeout_at       INTEGER,
    variables        TEXT    NOT NULL DEFAULT '{}',
    run_seq          INTEGER NOT NULL DEFAULT 0,
    steps            INTEGER NOT NULL DEFAULT 0,
    started_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    ended_at         INTEGER,
    end_reason       TEXT
);
-- One live session per conversation.
CREATE UNIQUE INDEX flow_sessions_live ON flow_sessions(conversation_id) WHERE status = 'waiting';
CREATE INDEX flow_sessions_conversation ON flow_sessions(conversation_id, id);

CREATE TABLE flow_steps (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES flow_sessions(id) ON DELETE CASCADE,
    node        TEXT    NOT NULL,
    trigger     TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX flow_steps_session ON flow_steps(session_id, id);

CREATE TABLE flow_inputs (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CHECK (kind IN ('start', 'message', 'timeout', 'wake', 'expire')),
    flow_id          INTEGER REFERENCES flows(id) ON DELETE CASCADE,
    message_id       INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    session_id       INTEGER REFERENCES flow_sessions(id) ON DELETE CASCADE,
    run_seq          INTEGER,
    payload          TEXT,
    run_at           INTEGER NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'done')),
    lease            TEXT,
    locked_until     INTEGER,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER
);
CREATE INDEX flow_inputs_due ON flow_inputs(run_at, id) WHERE state = 'pending';
CREATE INDEX flow_inputs_conversation ON flow_inputs(conversation_id, id) WHERE state = 'pending';

-- F1: the initial flow (a contact writes and no service is open, chatbot on), the closing flow
-- (K4), and the interrupt keywords and business hours flows read.
ALTER TABLE accounts ADD COLUMN initial_flow_id INTEGER REFERENCES flows(id) ON DELETE SET NULL;
ALTER TABLE accounts ADD COLUMN closing_flow_id INTEGER REFERENCES flows(id) ON DELETE SET NULL;
ALTER TABLE accounts ADD COLUMN flow_settings TEXT NOT NULL DEFAULT '{}';
