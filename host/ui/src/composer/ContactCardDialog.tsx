// C10 "Enviar contato": a name with an e-mail and/or a phone, sent as a contact message the
// contact can open and save.
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { Message } from "../api/types";
import { useI18n } from "../i18n";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { sendContactCard } from "./send";

interface Props {
  conversationId: number;
  onSent: (message: Message) => void;
  onClose: () => void;
}

export function ContactCardDialog({ conversationId, onSent, onClose }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const nameError = touched && !name.trim() ? t("card.nameRequired") : null;
  const reachError = touched && !email.trim() && !phone.trim() ? t("card.reachRequired") : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!name.trim() || (!email.trim() && !phone.trim())) return;
    setSending(true);
    setError(null);
    try {
      onSent(await sendContactCard(conversationId, { name: name.trim(), email: email.trim(), phone: phone.trim() }));
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
      title={t("card.title")}
      onClose={onClose}
      testId="contact-card-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="contact-card-form" className="btn btn-primary" disabled={sending}>
            {t("card.send")}
          </button>
        </>
      }
    >
      <form id="contact-card-form" className="form-stack" onSubmit={submit} noValidate>
        <Field label={t("card.name")} error={nameError}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoComplete="off" />
        </Field>
        <Field label={t("card.email")} error={reachError}>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </Field>
        <Field label={t("card.phone")}>
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
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
