-- Two admins editing the same flow (issue 16 part 8): each save of a draft moves its version,
-- and a save that names the version it started from is refused when another save came first.
-- Keep in step with ../sqlite/0022_flow_draft_version.sql.

ALTER TABLE flows ADD COLUMN draft_version BIGINT NOT NULL DEFAULT 1;
