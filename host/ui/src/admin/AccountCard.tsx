// "Conta" on "Configurações gerais" (A4): the account's name, its time zone (the one its
// business hours, protocols and the messaging windows are read in) and the "Mostrar confirmação
// de envio de áudio" new users start with (C15; each user then keeps their own on "Meu Perfil"),
// saved with PATCH /api/v1/account; the server's refusal shows under the field it concerns.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { meQuery } from "../queries/session";
import { CheckField, Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { useAction } from "../ui/useAction";

/** Every IANA zone the browser knows, with the account's own first when it is not among them. */
function zones(current: string): string[] {
  const known = Intl.supportedValuesOf("timeZone");
  return known.includes(current) ? known : [current, ...known];
}

export function AccountCard() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const [name, setName] = useState(me.account.name);
  const [timezone, setTimezone] = useState(me.account.timezone);
  const [audioConfirmation, setAudioConfirmation] = useState(me.account.audio_confirmation_default);
  const { busy, error, run } = useAction();
  const zoneError = error && /fuso/i.test(error) ? error : undefined;
  const nameError = error && !zoneError ? error : undefined;

  async function save(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const account = await call(http.PATCH("/api/v1/account", {
          body: { name, timezone, audio_confirmation_default: audioConfirmation },
        }));
      queryClient.setQueryData(keys.me, (old: Me | undefined) => (old ? { ...old, account } : old));
      showToast(t("accountCard.saved"));
    });
  }

  return (
    <section className="admin-section" aria-labelledby="account-card-title">
      <h2 id="account-card-title">{t("accountCard.title")}</h2>
      <form className="form-stack" onSubmit={save}>
        <Field label={t("accountCard.name")} error={nameError}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
        </Field>
        <Field label={t("accountCard.timezone")} hint={t("accountCard.timezoneHint")} error={zoneError}>
          <select value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {zones(me.account.timezone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </Field>
        <div>
          <CheckField
            label={t("accountCard.audioConfirmation")}
            checked={audioConfirmation}
            onChange={setAudioConfirmation}
          />
          <p className="field-hint">{t("accountCard.audioConfirmationHint")}</p>
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {t("accountCard.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
