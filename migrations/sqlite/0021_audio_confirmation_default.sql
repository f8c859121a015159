-- "Mostrar confirmação de envio de áudio" (C15, A4): the account's default, which each new user
-- starts with (every user then changes theirs on "Meu Perfil"). Keep in step with
-- ../postgres/0021_audio_confirmation_default.sql.

ALTER TABLE accounts ADD COLUMN audio_confirmation_default BOOLEAN NOT NULL DEFAULT TRUE;
