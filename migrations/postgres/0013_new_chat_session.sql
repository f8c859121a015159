-- "Novo chat" (L5): a service opened by a new chat ends with the session the template opened
-- when the contact has not answered within it; the contact's later message then meets the
-- initial flow like a newcomer's. Set when the new chat opens the service, cleared when the
-- contact answers in time. Keep in step with ../sqlite/0013_new_chat_session.sql.

ALTER TABLE services ADD COLUMN ends_with_session BOOLEAN NOT NULL DEFAULT FALSE;
