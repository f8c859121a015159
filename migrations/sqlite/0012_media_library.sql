-- The media library ("Biblioteca de Mídias", C11): stickers and other files an admin saves once
-- for agents to send from the composer. The file itself lives in the media folder under its
-- sha256 (`path`, as the uploads are kept); sending one sends those bytes like an upload. One
-- name per account. Keep in step with ../postgres/0012_media_library.sql.

CREATE TABLE media_library (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    mime_type   TEXT    NOT NULL,
    file_name   TEXT,
    size_bytes  INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX media_library_name ON media_library(account_id, name);
