// C9: an image pasted into the composer (Ctrl+V) is shown before it goes, with an optional
// caption; "Enviar" sends it, Esc or "Cancelar" drops it.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { Message } from "../api/types";
import { useI18n } from "../i18n";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { sendFile } from "./send";

interface Props {
  conversationId: number;
  image: File;
  initialCaption: string;
  onSent: (message: Message) => void;
  onClose: () => void;
}

export function PasteImageDialog({ conversationId, image, initialCaption, onSent, onClose }: Props) {
  const { t } = useI18n();
  const [caption, setCaption] = useState(initialCaption);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = useMemo(() => URL.createObjectURL(image), [image]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSending(true);
    setError(null);
    try {
      const extension = image.type === "image/png" ? "png" : "jpg";
      onSent(await sendFile(conversationId, image, image.name || `imagem.${extension}`, caption));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog
      open
      title={t("paste.title")}
      onClose={onClose}
      testId="paste-image-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="paste-image-form" className="btn btn-primary" disabled={sending}>
            {t("composer.send")}
          </button>
        </>
      }
    >
      <form id="paste-image-form" className="form-stack" onSubmit={submit}>
        <img className="paste-preview" src={url} alt={t("paste.preview")} />
        <Field label={t("paste.caption")}>
          <input value={caption} onChange={(e) => setCaption(e.target.value)} autoFocus maxLength={1024} />
        </Field>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
