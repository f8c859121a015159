-- Meta channels (issue 5) and the S4 messaging windows, the template catalogue (C7, C14) and
-- stored media. Keep in step with ../postgres/0004_meta_channels.sql (same version, same shape).
-- Secrets are sealed (ChaCha20-Poly1305, key from the configuration) before they reach a row.

-- Credentials and webhook address of a WhatsApp number, Facebook Page or Instagram account.
-- channels.external_id is the phone_number_id / Page id / Instagram account id.
CREATE TABLE meta_channels (
    channel_id    INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    webhook_key   TEXT    NOT NULL UNIQUE,
    business_id   TEXT,
    display_phone TEXT,
    app_secret    BLOB    NOT NULL,
    verify_token  BLOB    NOT NULL,
    access_token  BLOB    NOT NULL,
    echo_keyword  TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX meta_channels_account ON meta_channels(account_id);

-- The S4 windows of one contact on one channel number (ends as epoch ms; NULL = never opened);
-- they go with the contact.
CREATE TABLE windows (
    contact_id      INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel_id      INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    last_contact_at INTEGER,
    free_form_until INTEGER,
    service_until   INTEGER,
    marketing_until INTEGER,
    utility_until   INTEGER,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (contact_id, channel_id)
);

-- Echo mode (C19): the company answers from the WhatsApp Business app.
ALTER TABLE conversations ADD COLUMN echo_mode BOOLEAN NOT NULL DEFAULT FALSE;

-- Message templates per channel number (C7, C14), synced from Meta or made for the simulator.
CREATE TABLE templates (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    channel_id       INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    external_id      TEXT,
    name             TEXT    NOT NULL,
    language         TEXT    NOT NULL,
    category         TEXT    NOT NULL CHECK (category IN ('marketing', 'utility', 'authentication')),
    status           TEXT    NOT NULL,
    parameter_format TEXT    NOT NULL CHECK (parameter_format IN ('positional', 'named')),
    components       TEXT    NOT NULL,
    deleted_at       INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (channel_id, name, language)
);
CREATE INDEX templates_account ON templates(account_id, name);

-- Media files: inbound ones wait here to be downloaded from the channel into the data
-- directory; outbound ones are uploaded by agents and sent by the channel's media id.
CREATE TABLE media (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts(id),
    channel_id        INTEGER REFERENCES channels(id),
    message_id        INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    direction         TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    provider_media_id TEXT,
    source_url        TEXT,
    mime_type         TEXT    NOT NULL,
    file_name         TEXT,
    size_bytes        INTEGER,
    sha256            TEXT,
    path              TEXT,
    state             TEXT    NOT NULL CHECK (state IN ('pending', 'stored', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NOT NULL,
    locked_until      INTEGER,
    last_error        TEXT,
    created_at        INTEGER NOT NULL
);
CREATE INDEX media_due ON media(state, next_attempt_at);
CREATE INDEX media_message ON media(message_id);
