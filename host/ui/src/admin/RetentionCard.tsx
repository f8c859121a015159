// "Retenção de dados (LGPD)" on "Configurações gerais": how many months (1 to 120) the messages
// of chats not in service are kept before a daily job erases their content (text and media), or
// unchecked, kept forever. Saved on its own with PUT /api/v1/account/retention (unchecked: null);
// the server checks the range, and its refusal shows under the field. The answer is the account,
// written where every screen reads it (`me.account`).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Me } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { meQuery } from "../queries/session";
import { showToast } from "../ui/toast";

/** What the months field starts with when the account keeps everything: a year. */
const SUGGESTED_MONTHS = 12;

export function RetentionCard() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const current = me.account.retention_months ?? null;
  const [enabled, setEnabled] = useState(current !== null);
  const [months, setMonths] = useState(String(current ?? SUGGESTED_MONTHS));
  // The message under the field (the server's refusal, or a months field that is no number);
  // a change clears it.
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const checkId = `${id}-check`;
  const textId = `${id}-text`;
  const inputId = `${id}-months`;
  const unitId = `${id}-unit`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  async function save(e: FormEvent) {
    e.preventDefault();
    // A whole number goes to the server, which says whether it is in range; anything else is not one.
    const value = Number(months.trim());
    if (enabled && (months.trim() === "" || !Number.isInteger(value))) {
      setError(t("retention.invalid"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const account = await call(http.PUT("/api/v1/account/retention", { body: { months: enabled ? value : null } }));
      queryClient.setQueryData(keys.me, (old: Me | undefined) => (old ? { ...old, account } : old));
      const saved = account.retention_months ?? null;
      setEnabled(saved !== null);
      if (saved !== null) setMonths(String(saved));
      showToast(saved === null ? t("retention.savedOff") : t("retention.saved", { months: String(saved) }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("retention.title")}</h2>
      <form className="form-stack" onSubmit={save} noValidate>
        <div className={`field retention-field ${error ? "field-invalid" : ""}`}>
          <div className="retention-row">
            <input
              type="checkbox"
              id={checkId}
              checked={enabled}
              onChange={(e) => {
                setEnabled(e.target.checked);
                setError(null);
              }}
              aria-describedby={hintId}
            />
            <label htmlFor={checkId} id={textId}>
              {t("retention.enable")}
            </label>
            <span className="retention-amount">
              <input
                id={inputId}
                className="retention-months"
                type="number"
                inputMode="numeric"
                min={1}
                max={120}
                step={1}
                value={months}
                disabled={!enabled}
                onChange={(e) => {
                  setMonths(e.target.value);
                  setError(null);
                }}
                aria-labelledby={`${textId} ${unitId}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${hintId} ${errorId}` : hintId}
              />
              <label htmlFor={inputId} id={unitId}>
                {t("retention.months")}
              </label>
            </span>
          </div>
          <p className="field-hint" id={hintId}>
            {t("retention.hint")} {t("retention.keepForever")}
          </p>
          {error && (
            <p className="field-error" id={errorId} role="alert">
              {error}
            </p>
          )}
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t("retention.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
