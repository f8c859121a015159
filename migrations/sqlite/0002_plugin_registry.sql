-- Plugin registry (issue 3): components uploaded by an account's admins, every version kept,
-- and each account's switch for the plugins the server ships. Keep in step with
-- ../postgres/0002_plugin_registry.sql (same version, same shape).

CREATE TABLE plugins (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('flow-step', 'field-validator', 'variable-expander', 'template-renderer')),
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE plugin_versions (
    id           INTEGER PRIMARY KEY,
    plugin_id    INTEGER NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    version      TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    manifest     TEXT    NOT NULL,
    component    BLOB    NOT NULL,
    uploaded_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (plugin_id, version)
);

-- Shipped plugins are on for every account unless a row here switches one off.
CREATE TABLE shipped_plugin_switches (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT    NOT NULL,
    enabled     BOOLEAN NOT NULL,
    PRIMARY KEY (account_id, name)
);
