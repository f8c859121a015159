-- "Mostrar confirmação de envio de áudio" (C15): whether a recorded voice message is played back
-- with "Tem certeza que deseja enviar esse áudio?" before it goes (the default) or sent at once.
-- A choice of each user, kept on the server so it follows them to every device. Keep in step
-- with ../sqlite/0014_audio_confirmation.sql.

ALTER TABLE users ADD COLUMN audio_confirmation BOOLEAN NOT NULL DEFAULT TRUE;
