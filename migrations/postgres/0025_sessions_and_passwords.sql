-- Sessions a user sees and ends, and passwords an admin makes a user change (issue 17 part 5):
-- each session keeps the address and browser it was opened from and when it was last used
-- (refreshed at most every few minutes, host/src/store/sessions.rs); a user an admin flagged
-- must choose a new password before doing anything else.
-- Keep in step with ../sqlite/0025_sessions_and_passwords.sql.

ALTER TABLE sessions ADD COLUMN ip TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
