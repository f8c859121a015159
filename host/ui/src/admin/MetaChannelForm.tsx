// "Conectar número de WhatsApp" / "Conectar página do Facebook" / "Conectar conta do Instagram"
// (CH1–CH3): the connect form in a dialog, one field per thing Meta gives (ids, app secret,
// access token) and the verify token the admin chooses (or has generated); the server's refusal
// is shown on its field. On success it hands the channel and the verify token typed to the
// caller, which shows them once to be registered at Meta.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n, type MessageKey } from "../i18n";
import { connectMetaChannel, type Channel } from "../queries/channels";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { emptyDraft, META_RULES, metaChannelBody, randomVerifyToken, type MetaDraft, type MetaField, type MetaKind } from "./channelForm";
import { fieldOfMessage } from "./formErrors";

export const CONNECT_TITLE: Record<MetaKind, MessageKey> = {
  whatsapp: "channelsAdmin.connectWhatsapp",
  messenger: "channelsAdmin.connectMessenger",
  instagram: "channelsAdmin.connectInstagram",
};

interface Props {
  kind: MetaKind | null;
  onClose: () => void;
  onConnected: (channel: Channel, verifyToken: string) => void;
}

export function MetaChannelForm({ kind, onClose, onConnected }: Props) {
  const { t } = useI18n();
  if (kind === null) return null;
  return (
    <Dialog open title={t(CONNECT_TITLE[kind])} onClose={onClose} dismissOnBackdrop={false} testId="meta-channel-form" size="wide">
      <ConnectForm key={kind} kind={kind} onClose={onClose} onConnected={onConnected} />
    </Dialog>
  );
}

function ConnectForm({ kind, onClose, onConnected }: { kind: MetaKind; onClose: () => void; onConnected: Props["onConnected"] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<MetaDraft>(() => emptyDraft(kind));
  const [errors, setErrors] = useState<Partial<Record<MetaField | "form", string>>>({});
  const [busy, setBusy] = useState(false);

  function set<K extends keyof MetaDraft>(key: K, value: MetaDraft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key as MetaField] || errors.form) setErrors({});
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    try {
      const channel = await connectMetaChannel(queryClient, metaChannelBody(draft));
      onConnected(channel, draft.verifyToken.trim());
    } catch (err) {
      const message = errorMessage(err);
      setErrors({ [fieldOfMessage(message, META_RULES) ?? "form"]: message });
    } finally {
      setBusy(false);
    }
  }

  const whatsapp = kind === "whatsapp";
  const secret = { type: "password", autoComplete: "off", spellCheck: false } as const;
  return (
    <form className="admin-meta-form" onSubmit={submit} aria-label={t(CONNECT_TITLE[kind])}>
      <div className="admin-meta-grid">
        <Field label={t("channelsAdmin.name")} error={errors.name}>
          <input value={draft.name} onChange={(e) => set("name", e.target.value)} required maxLength={80} />
        </Field>
        <Field label={t(`channelsAdmin.externalId.${kind}`)} error={errors.externalId}>
          <input value={draft.externalId} onChange={(e) => set("externalId", e.target.value)} required maxLength={64} spellCheck={false} />
        </Field>
        {whatsapp && (
          <>
            <Field label={t("channelsAdmin.businessId")} hint={t("channelsAdmin.businessIdHint")} error={errors.businessId}>
              <input value={draft.businessId} onChange={(e) => set("businessId", e.target.value)} maxLength={64} spellCheck={false} />
            </Field>
            <Field label={t("channelsAdmin.displayPhone")}>
              <input value={draft.displayPhone} onChange={(e) => set("displayPhone", e.target.value)} inputMode="tel" maxLength={32} />
            </Field>
          </>
        )}
        <Field label={t("channelsAdmin.appSecret")} hint={t("channelsAdmin.appSecretHint")} error={errors.appSecret}>
          <input {...secret} value={draft.appSecret} onChange={(e) => set("appSecret", e.target.value)} required maxLength={1024} />
        </Field>
        <Field label={t("channelsAdmin.accessToken")} hint={t("channelsAdmin.accessTokenHint")} error={errors.accessToken}>
          <input {...secret} value={draft.accessToken} onChange={(e) => set("accessToken", e.target.value)} required maxLength={1024} />
        </Field>
        <div className="admin-meta-verify">
          <Field label={t("channelsAdmin.verifyToken")} hint={t("channelsAdmin.verifyTokenHint")} error={errors.verifyToken}>
            <input value={draft.verifyToken} onChange={(e) => set("verifyToken", e.target.value)} required maxLength={1024} spellCheck={false} autoComplete="off" />
          </Field>
          <button type="button" className="btn btn-ghost" onClick={() => set("verifyToken", randomVerifyToken())}>
            {t("channelsAdmin.generate")}
          </button>
        </div>
        {whatsapp && (
          <Field label={t("channelsAdmin.echoKeyword")} hint={t("channelsAdmin.echoKeywordHint")}>
            <input value={draft.echoKeyword} onChange={(e) => set("echoKeyword", e.target.value)} maxLength={40} />
          </Field>
        )}
      </div>
      <p className="muted">{t("channelsAdmin.secretsNote")}</p>
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
          {t("channelsAdmin.connect")}
        </button>
      </div>
    </form>
  );
}
