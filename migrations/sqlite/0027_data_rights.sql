-- The contact's data rights (issue 17 part 3, LGPD): a contact erased keeps a skeleton (their
-- chats, services, counters and appointments' times) with no content, and says when it was
-- erased; a message whose content was erased (the contact's erasure, or the account's retention
-- limit) says so. `retention_months`: closed chats' messages older than that are erased by a
-- daily job (NULL: kept). Media files of erased messages are deleted by the media worker from
-- `media_deletions`, written in the erasing transaction, so a crash loses no deletion.
-- Keep in step with ../postgres/0027_data_rights.sql.

ALTER TABLE contacts ADD COLUMN erased_at INTEGER;
ALTER TABLE messages ADD COLUMN erased_at INTEGER;
ALTER TABLE accounts ADD COLUMN retention_months INTEGER;

CREATE TABLE media_deletions (
    id          INTEGER PRIMARY KEY,
    path        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- One pending retention sweep per account, however many hosts schedule it.
CREATE UNIQUE INDEX jobs_one_pending_retention ON jobs(account_id) WHERE kind = 'retention' AND state = 'pending';
