// "Editar" of a Meta channel (CH1–CH3, A4): its name and, for a WhatsApp number, the number as
// people dial it, the WhatsApp Business account (WABA) id the templates are synced from and the
// word that ends echo mode (C19). Only what changed is sent (channelForm.detailsBody); an
// emptied field is cleared; a refusal is shown on its field. Secrets are "Trocar credenciais".
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { updateMetaChannel, type Channel } from "../queries/channels";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { detailsBody, detailsDraftOf, META_RULES, type DetailsDraft, type MetaField } from "./channelForm";
import { fieldOfMessage } from "./formErrors";

export function ChannelEditDialog({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useI18n();
  if (!channel) return null;
  return (
    <Dialog open title={t("channelsAdmin.editOf", { name: channel.name })} onClose={onClose} dismissOnBackdrop={false} testId="channel-edit">
      <EditForm channel={channel} onClose={onClose} />
    </Dialog>
  );
}

function EditForm({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<DetailsDraft>(() => detailsDraftOf(channel));
  const [errors, setErrors] = useState<Partial<Record<MetaField | "form", string>>>({});
  const [busy, setBusy] = useState(false);

  function set(key: keyof DetailsDraft, value: string) {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors({});
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = detailsBody(channel, draft);
    if (!body) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      const saved = await updateMetaChannel(queryClient, channel.id, body);
      showToast(t("channelsAdmin.edited", { name: saved.name }));
      onClose();
    } catch (err) {
      const message = errorMessage(err);
      setErrors({ [fieldOfMessage(message, META_RULES) ?? "form"]: message });
    } finally {
      setBusy(false);
    }
  }

  const whatsapp = channel.kind === "whatsapp";
  // A refusal about no field of this form (or one not shown) is the form's own message.
  const onFields: string[] = whatsapp ? ["name", "businessId"] : ["name"];
  const formError = Object.entries(errors).find(([key, message]) => message && !onFields.includes(key))?.[1];
  return (
    <form onSubmit={submit} aria-label={t("channelsAdmin.editOf", { name: channel.name })}>
      <Field label={t("channelsAdmin.name")} error={errors.name}>
        <input value={draft.name} onChange={(e) => set("name", e.target.value)} required maxLength={80} />
      </Field>
      {whatsapp && (
        <>
          <Field label={t("channelsAdmin.displayPhone")}>
            <input value={draft.displayPhone} onChange={(e) => set("displayPhone", e.target.value)} maxLength={32} inputMode="tel" />
          </Field>
          <Field label={t("channelsAdmin.businessId")} hint={t("channelsAdmin.businessIdHint")} error={errors.businessId}>
            <input value={draft.businessId} onChange={(e) => set("businessId", e.target.value)} maxLength={64} spellCheck={false} />
          </Field>
          <Field label={t("channelsAdmin.echoKeyword")} hint={t("channelsAdmin.echoKeywordEditHint")}>
            <input value={draft.echoKeyword} onChange={(e) => set("echoKeyword", e.target.value)} maxLength={40} spellCheck={false} />
          </Field>
        </>
      )}
      {formError && (
        <p className="error-text" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}
