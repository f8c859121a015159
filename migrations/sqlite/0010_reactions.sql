-- Reactions (C6): the message a reaction is about, by its local id (a contact's reaction names
-- ours by the channel's id; it is resolved when it arrives), and whether a newer reaction of the
-- same side to the same message replaced it. The history lists only the current one; replaced
-- rows stay so that a redelivered old reaction is still recognised as a duplicate. Keep in step
-- with ../postgres/0010_reactions.sql.

ALTER TABLE messages ADD COLUMN reacts_to INTEGER;
ALTER TABLE messages ADD COLUMN replaced BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX messages_reactions ON messages(conversation_id, reacts_to) WHERE reacts_to IS NOT NULL;
