// "Meu Perfil" (/profile): the user's name, the default "Mensagem de encerramento" that fills the
// closing dialog every time (K3; saved blank it is removed), "Mostrar confirmação de envio de
// áudio" (C15, the user's on every device), and the account's "Código de Suporte" for users with
// the permission (A2); this device's notifications (N2 sound, N3 push); "Alterar senha" and
// "Sessões ativas" (issue 17 part 5).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Me } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { meQuery } from "../queries/session";
import { supportCodeQuery } from "../queries/supportCode";
import { Field } from "../ui/Field";
import { PageCard } from "../ui/PageCard";
import { showToast } from "../ui/toast";
import { setAudioConfirmation, useAudioConfirmation } from "./audioConfirmation";
import { NotificationsCard } from "./NotificationsCard";
import { PasswordCard } from "./PasswordCard";
import { SessionsCard } from "./SessionsCard";

export function ProfilePage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const [name, setName] = useState(me.user.name);
  const [message, setMessage] = useState(me.user.default_closing_message ?? "");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const savedAudio = useAudioConfirmation();
  // The radio answers its click within the click's own render: the query cache tells its
  // observers a moment later, and a controlled radio would snap back until then.
  const [confirmAudio, setConfirmAudio] = useState(savedAudio);
  useEffect(() => setConfirmAudio(savedAudio), [savedAudio]);
  const supportCode = useQuery({ ...supportCodeQuery, enabled: me.user.permissions.support_code });

  async function changeAudio(on: boolean) {
    setConfirmAudio(on);
    try {
      await setAudioConfirmation(queryClient, on);
      showToast(t("profile.saved"));
    } catch (err) {
      showToast(errorMessage(err), "error");
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const user = await call(http.PATCH("/api/v1/me", { body: { name: name.trim(), default_closing_message: message } }));
      queryClient.setQueryData(keys.me, (old: Me | undefined) => (old ? { ...old, user } : old));
      showToast(t("profile.saved"));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <PageCard title={t("profile.title")}>
      <form className="form-stack" onSubmit={save}>
        <Field label={t("profile.name")}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required autoComplete="name" />
        </Field>
        <Field label={t("profile.email")}>
          <input value={me.user.email} readOnly />
        </Field>
        <Field label={t("close.message")} hint={t("profile.closingMessageHint")}>
          <textarea rows={4} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={4096} />
        </Field>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={saving || !name.trim()}>
            {t("common.save")}
          </button>
        </div>
      </form>
      <fieldset className="radio-group profile-audio">
        <legend>{t("profile.audioConfirmation")}</legend>
        <label>
          <input type="radio" name="audio-confirmation" checked={confirmAudio} onChange={() => void changeAudio(true)} />
          {t("common.yes")}
        </label>
        <label>
          <input type="radio" name="audio-confirmation" checked={!confirmAudio} onChange={() => void changeAudio(false)} />
          {t("common.no")}
        </label>
        <p className="field-hint">{t("profile.audioConfirmationHint")}</p>
      </fieldset>
      <NotificationsCard />
      {supportCode.data && (
        <section className="profile-support" aria-label={t("top.supportCode")}>
          <h2>{t("top.supportCode")}</h2>
          <p className="support-code-big" data-testid="profile-support-code">
            {supportCode.data.code}
          </p>
          <p className="muted">{t("profile.supportCodeUntil", { when: formatDayTime(supportCode.data.expires_at) })}</p>
        </section>
      )}
      <PasswordCard />
      <SessionsCard />
    </PageCard>
  );
}
