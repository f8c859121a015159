// "Trocar credenciais" of a Meta channel: a new access token, app secret or verify token, each
// write-only (the current ones are never shown); only the fields typed are sent, and the
// server's refusal is shown on its field. A new verify token is what Meta's webhook settings
// must then be given too.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { updateMetaChannel, type Channel } from "../queries/channels";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { META_RULES, rotationBody, type MetaField, type Rotation } from "./channelForm";
import { fieldOfMessage } from "./formErrors";

export function ChannelCredentialsDialog({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useI18n();
  if (!channel) return null;
  return (
    <Dialog open title={t("channelsAdmin.credentialsOf", { name: channel.name })} onClose={onClose} dismissOnBackdrop={false} testId="channel-credentials">
      <RotateForm channel={channel} onClose={onClose} />
    </Dialog>
  );
}

function RotateForm({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Rotation>({ accessToken: "", appSecret: "", verifyToken: "" });
  const [errors, setErrors] = useState<Partial<Record<MetaField | "form", string>>>({});
  const [busy, setBusy] = useState(false);

  function set(key: keyof Rotation, value: string) {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors({});
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = rotationBody(values);
    if (!body) {
      setErrors({ form: t("channelsAdmin.rotateNothing") });
      return;
    }
    setBusy(true);
    try {
      await updateMetaChannel(queryClient, channel.id, body);
      showToast(t("channelsAdmin.rotated", { name: channel.name }));
      onClose();
    } catch (err) {
      const message = errorMessage(err);
      setErrors({ [fieldOfMessage(message, META_RULES) ?? "form"]: message });
    } finally {
      setBusy(false);
    }
  }

  const secret = { type: "password", autoComplete: "new-password", spellCheck: false, maxLength: 1024 } as const;
  return (
    <form onSubmit={submit} aria-label={t("channelsAdmin.credentialsOf", { name: channel.name })}>
      <p className="muted">{t("channelsAdmin.rotateIntro")}</p>
      <Field label={t("channelsAdmin.newAccessToken")} error={errors.accessToken}>
        <input {...secret} value={values.accessToken} onChange={(e) => set("accessToken", e.target.value)} />
      </Field>
      <Field label={t("channelsAdmin.newAppSecret")} error={errors.appSecret}>
        <input {...secret} value={values.appSecret} onChange={(e) => set("appSecret", e.target.value)} />
      </Field>
      <Field label={t("channelsAdmin.newVerifyToken")} hint={t("channelsAdmin.verifyTokenHint")} error={errors.verifyToken}>
        <input value={values.verifyToken} onChange={(e) => set("verifyToken", e.target.value)} autoComplete="off" spellCheck={false} maxLength={1024} />
      </Field>
      {errors.form && (
        <p className="error-text" role="alert">
          {errors.form}
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
