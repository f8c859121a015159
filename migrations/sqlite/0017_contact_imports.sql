-- Contact imports (A6): the uploaded CSV kept in the database (every host can resume it), the
-- admin's column mapping, and the import's progress. The worker writes each chunk of rows and
-- moves `next_row`/`next_offset` in one transaction, conditioned on the row it read: a restart
-- or a second host resumes where the last commit left off and no row is written twice. Rejected
-- rows are kept with their reason for the downloadable report. Keep in step with
-- ../postgres/0017_contact_imports.sql.

CREATE TABLE contact_imports (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    file_name       TEXT    NOT NULL,
    file            BLOB    NOT NULL,
    delimiter       INTEGER NOT NULL,
    headers         TEXT    NOT NULL,
    preview         TEXT    NOT NULL,
    suggested       TEXT    NOT NULL,
    data_offset     INTEGER NOT NULL,
    total_rows      INTEGER NOT NULL,
    state           TEXT    NOT NULL,
    mapping         TEXT,
    duplicates      TEXT,
    next_row        INTEGER NOT NULL DEFAULT 0,
    next_offset     INTEGER NOT NULL DEFAULT 0,
    created         INTEGER NOT NULL DEFAULT 0,
    merged          INTEGER NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0,
    rejected        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX contact_imports_account ON contact_imports(account_id, id);
CREATE INDEX contact_imports_running ON contact_imports(state, lease_until);

CREATE TABLE contact_import_rejections (
    import_id   INTEGER NOT NULL REFERENCES contact_imports(id) ON DELETE CASCADE,
    row_number  INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    fields      TEXT    NOT NULL,
    PRIMARY KEY (import_id, row_number)
);

