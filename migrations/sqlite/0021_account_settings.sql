-- "Mostrar confirmação de envio de áudio" (C15, A4): the account's default, which each new user
-- starts with (every user then changes theirs on "Meu Perfil"). Keep in step with
-- ../postgres/0021_account_settings.sql.

ALTER TABLE accounts ADD COLUMN audio_confirmation_default BOOLEAN NOT NULL DEFAULT TRUE;

-- The Contatos list's "Bloqueado?" and "Recebe transmissões" filters, in name order: the few
-- blocked or switched-off contacts found without walking every name (A6).
CREATE INDEX contacts_account_blocked ON contacts(account_id, blocked, name, id);
CREATE INDEX contacts_account_broadcasts ON contacts(account_id, receives_broadcasts, name, id);
