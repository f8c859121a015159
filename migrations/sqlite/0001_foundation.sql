-- Foundation schema (issue 2): tenants, users, channels, contacts, conversations, services,
-- messages, outbox and the per-account event log. Times are Unix epoch milliseconds.
-- Keep in step with ../postgres/0001_foundation.sql (same version, same shape).

CREATE TABLE resellers (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id),
    name         TEXT    NOT NULL,
    timezone     TEXT    NOT NULL DEFAULT 'America/Sao_Paulo',
    chatbot_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    event_seq    INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    name             TEXT    NOT NULL,
    email            TEXT    NOT NULL UNIQUE,
    password_hash    TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('admin', 'agent')),
    chat_visibility  TEXT    NOT NULL CHECK (chat_visibility IN ('all', 'department', 'own')),
    perm_contact_notes BOOLEAN NOT NULL DEFAULT FALSE,
    perm_support_code  BOOLEAN NOT NULL DEFAULT FALSE,
    default_closing_message TEXT,
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       INTEGER NOT NULL
);
CREATE INDEX users_account ON users(account_id);

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE department_members (
    department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_members_user ON department_members(user_id);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    csrf_token  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_account ON api_tokens(account_id);

CREATE TABLE channels (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('simulator', 'whatsapp', 'messenger', 'instagram')),
    name         TEXT    NOT NULL,
    external_id  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (kind, external_id)
);
CREATE INDEX channels_account ON channels(account_id);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    platform        TEXT    NOT NULL,
    external_id     TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    phone           TEXT,
    email           TEXT,
    birth_date      TEXT,
    cpf             TEXT,
    rg              TEXT,
    client_code     TEXT,
    cnpj            TEXT,
    company_name    TEXT,
    custom_fields   TEXT    NOT NULL DEFAULT '{}',
    receives_broadcasts BOOLEAN NOT NULL DEFAULT TRUE,
    blocked         BOOLEAN NOT NULL DEFAULT FALSE,
    default_agent_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    campaign        TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (account_id, platform, external_id)
);
CREATE INDEX contacts_account_name ON contacts(account_id, name);
CREATE INDEX contacts_account_phone ON contacts(account_id, phone);

CREATE TABLE services (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    conversation_id  INTEGER NOT NULL,
    protocol         TEXT    NOT NULL,
    opened_at        INTEGER NOT NULL,
    closed_at        INTEGER,
    UNIQUE (account_id, protocol)
);
CREATE INDEX services_conversation ON services(conversation_id);

CREATE TABLE protocol_counters (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    day         TEXT    NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
);

CREATE TABLE conversations (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    kind                 TEXT    NOT NULL CHECK (kind IN ('contact', 'internal')),
    contact_id           INTEGER REFERENCES contacts(id),
    channel_id           INTEGER REFERENCES channels(id),
    state                TEXT    NOT NULL CHECK (state IN ('bot', 'open', 'closed')),
    agent_id             INTEGER REFERENCES users(id) ON DELETE SET NULL,
    department_id        INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    service_id           INTEGER REFERENCES services(id),
    unread               BOOLEAN NOT NULL DEFAULT FALSE,
    last_message_at      INTEGER,
    last_message_preview TEXT,
    unanswered_since     INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (contact_id, channel_id)
);
CREATE UNIQUE INDEX conversations_one_internal ON conversations(account_id) WHERE kind = 'internal';
CREATE INDEX conversations_recent ON conversations(account_id, last_message_at DESC, id DESC);

CREATE TABLE messages (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES accounts(id),
    conversation_id     INTEGER NOT NULL REFERENCES conversations(id),
    channel_id          INTEGER REFERENCES channels(id),
    direction           TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    author_kind         TEXT    NOT NULL CHECK (author_kind IN ('contact', 'agent', 'flow', 'system', 'business_app')),
    author_user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    author_name         TEXT,
    kind                TEXT    NOT NULL,
    body                TEXT,
    payload             TEXT,
    internal            BOOLEAN NOT NULL DEFAULT FALSE,
    status              TEXT    NOT NULL,
    error_code          TEXT,
    error_title         TEXT,
    provider_message_id TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_provider_id ON messages(channel_id, provider_message_id);
CREATE INDEX messages_conversation ON messages(conversation_id, id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    message_id      INTEGER NOT NULL UNIQUE REFERENCES messages(id),
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

CREATE TABLE events (
    account_id         INTEGER NOT NULL REFERENCES accounts(id),
    seq                INTEGER NOT NULL,
    kind               TEXT    NOT NULL,
    conversation_id    INTEGER,
    conversation_kind  TEXT,
    agent_id           INTEGER,
    department_id      INTEGER,
    prev_agent_id      INTEGER,
    prev_department_id INTEGER,
    payload            TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    PRIMARY KEY (account_id, seq)
);
