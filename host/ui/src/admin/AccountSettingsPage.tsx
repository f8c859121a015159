// "Configurações gerais" (/admin/settings, F1, A4): the account (AccountCard), how long closed
// chats' messages are kept (RetentionCard, LGPD), and the words that, written alone by the contact
// while a flow waits, hand the chat to a person or start the flow again, and the account's
// business hours (open intervals per weekday, in the account's time zone; none at all = always
// open), which a flow's condition step asks about. Saved with PUT /api/v1/flow-settings; the
// chatbot switch and the initial and closing flows (chosen on "Fluxos") are sent back as they are.
// The intervals and the words are checked here first (businessHours.ts), each message on its place.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { components } from "../api/schema";
import { useI18n } from "../i18n";
import { flowSettingsQuery, saveAccountSettings } from "../queries/flows";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AccountCard } from "./AccountCard";
import { AdminPage } from "./AdminPage";
import { alwaysOpen, hoursBody, hoursDraftOf, hoursProblems, KEYWORD_MAX, keywordList, sharedKeywords, tooLong, type HoursDraft } from "./businessHours";
import { HoursEditor } from "./HoursEditor";
import { RetentionCard } from "./RetentionCard";

type FlowSettings = components["schemas"]["FlowSettings"];

export function AccountSettingsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.accountSettings")}>
      <AccountCard />
      <RetentionCard />
      <AccountSettings />
    </AdminPage>
  );
}

function AccountSettings() {
  const { t } = useI18n();
  const settings = useQuery(flowSettingsQuery);
  return (
    <>
      <p className="muted">
        {t("accountSettings.intro")}{" "}
        <Link to="/admin/flows" className="link-button">
          {t("admin.flows")}
        </Link>
        .
      </p>
      <QueryStates query={settings} />
      {settings.data && <SettingsForm initial={settings.data.settings} />}
    </>
  );
}

type Errors = Partial<Record<"handover" | "restart" | "hours" | "form", string>>;

function SettingsForm({ initial }: { initial: FlowSettings }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [handover, setHandover] = useState(() => (initial.handover_keywords ?? []).join("\n"));
  const [restart, setRestart] = useState(() => (initial.restart_keywords ?? []).join("\n"));
  const [hours, setHours] = useState<HoursDraft>(() => hoursDraftOf(initial.business_hours));
  const [errors, setErrors] = useState<Errors>({});
  // The intervals' problems show once a save was tried, then follow the typing.
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);

  const problems = hoursProblems(hours);

  function changeHours(next: HoursDraft) {
    setHours(next);
    if (errors.hours || errors.form) setErrors({ ...errors, hours: undefined, form: undefined });
  }

  function keywordErrors(handoverWords: string[], restartWords: string[]): Errors {
    const out: Errors = {};
    const longHandover = tooLong(handoverWords);
    const longRestart = tooLong(restartWords);
    if (longHandover.length) out.handover = t("accountSettings.keywordTooLong", { max: String(KEYWORD_MAX), words: longHandover.join(", ") });
    if (longRestart.length) out.restart = t("accountSettings.keywordTooLong", { max: String(KEYWORD_MAX), words: longRestart.join(", ") });
    const shared = sharedKeywords(restartWords, handoverWords);
    if (shared.length && !out.restart) out.restart = t("accountSettings.keywordInBoth", { words: shared.join(", ") });
    return out;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    const handoverWords = keywordList(handover);
    const restartWords = keywordList(restart);
    const found = keywordErrors(handoverWords, restartWords);
    if (problems.size > 0) found.hours = t("accountSettings.fixHours");
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = await saveAccountSettings(queryClient, {
        handover_keywords: handoverWords,
        restart_keywords: restartWords,
        business_hours: hoursBody(hours),
      });
      setHandover((saved.settings.handover_keywords ?? []).join("\n"));
      setRestart((saved.settings.restart_keywords ?? []).join("\n"));
      setHours(hoursDraftOf(saved.settings.business_hours));
      setChecked(false);
      showToast(t("accountSettings.saved"));
    } catch (err) {
      const message = errorMessage(err);
      setErrors(/horário/i.test(message) ? { hours: message } : { form: message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack account-settings" onSubmit={submit} aria-label={t("admin.accountSettings")} noValidate>
      <section className="admin-section" aria-labelledby="keywords-title">
        <h2 id="keywords-title">{t("accountSettings.keywords")}</h2>
        <div className="account-keywords">
          <Field label={t("accountSettings.handover")} hint={t("accountSettings.handoverHint")} error={errors.handover}>
            <textarea
              rows={4}
              value={handover}
              spellCheck={false}
              onChange={(e) => {
                setHandover(e.target.value);
                if (errors.handover || errors.restart || errors.form) setErrors({ ...errors, handover: undefined, restart: undefined, form: undefined });
              }}
            />
          </Field>
          <Field label={t("accountSettings.restart")} hint={t("accountSettings.restartHint")} error={errors.restart}>
            <textarea
              rows={4}
              value={restart}
              spellCheck={false}
              onChange={(e) => {
                setRestart(e.target.value);
                if (errors.handover || errors.restart || errors.form) setErrors({ ...errors, handover: undefined, restart: undefined, form: undefined });
              }}
            />
          </Field>
        </div>
      </section>

      <section className="admin-section" aria-labelledby="hours-title">
        <h2 id="hours-title">{t("accountSettings.hours")}</h2>
        <p className="field-hint">{t("accountSettings.hoursHint")}</p>
        <HoursEditor
          hours={hours}
          problems={checked ? problems : undefined}
          onChange={changeHours}
          emptyNote={alwaysOpen(hours) ? t("accountSettings.alwaysOpen") : undefined}
          error={errors.hours}
        />
      </section>

      {errors.form && (
        <p className="error-text" role="alert">
          {errors.form}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}
