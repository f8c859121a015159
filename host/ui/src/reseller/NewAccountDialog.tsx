// "Nova conta" (A1): the account's name and time zone and its first admin (name, e-mail, initial
// password), opened together or not at all. The server's refusal (a bad e-mail, a short
// password, an unknown zone, an e-mail already taken) lands under the field it is about and that
// field takes the focus; one about none of them shows under the form.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useI18n, type MessageKey } from "../i18n";
import { openAccount } from "../queries/reseller";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { useServerForm } from "../ui/useServerForm";
import {
  ACCOUNT_FIELDS,
  accountFieldOfMessage,
  emptyAccountDraft,
  isComplete,
  openAccountBody,
  type AccountDraft,
  type AccountField,
} from "./accountDraft";

const LABEL: Record<AccountField, MessageKey> = {
  name: "reseller.field.name",
  timezone: "reseller.field.timezone",
  admin_name: "reseller.field.adminName",
  admin_email: "reseller.field.adminEmail",
  admin_password: "reseller.field.adminPassword",
};

const HINT: Partial<Record<AccountField, MessageKey>> = {
  timezone: "reseller.field.timezoneHint",
  admin_password: "reseller.field.adminPasswordHint",
};

const INPUT: Partial<Record<AccountField, { type: string; autoComplete: string }>> = {
  admin_email: { type: "email", autoComplete: "off" },
  // A password the reseller makes up for someone else: the browser should not offer theirs.
  admin_password: { type: "password", autoComplete: "new-password" },
};

/** Every IANA zone the browser knows, with the draft's own first when it is not among them. */
function zones(current: string): string[] {
  const known = Intl.supportedValuesOf("timeZone");
  return known.includes(current) ? known : [current, ...known];
}

export function NewAccountDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const [draft, setDraft] = useState<AccountDraft>(emptyAccountDraft);
  const { busy, errors, formError, controls, clearError, submit: run } = useServerForm(accountFieldOfMessage);

  function change(field: AccountField, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    clearError(field);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const opened = await run(async () => {
      const account = await openAccount(queryClient, openAccountBody(draft));
      showToast(t("reseller.created", { name: account.name }));
    });
    if (opened) onClose();
  }

  const ref = (field: AccountField) => (el: HTMLInputElement | HTMLSelectElement | null) => {
    controls.current[field] = el;
  };

  return (
    <Dialog
      open
      title={t("reseller.new")}
      onClose={onClose}
      dismissOnBackdrop={false}
      testId="account-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || !isComplete(draft)}>
            {busy ? t("reseller.creating") : t("reseller.create")}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit} noValidate>
        <p className="muted reseller-intro">{t("reseller.newIntro")}</p>
        {ACCOUNT_FIELDS.map((key) => (
          <Field key={key} label={t(LABEL[key])} hint={HINT[key] ? t(HINT[key]) : undefined} error={errors[key]}>
            {key === "timezone" ? (
              <select ref={ref(key)} value={draft.timezone} onChange={(e) => change(key, e.target.value)}>
                {zones(draft.timezone).map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            ) : (
              <input
                ref={ref(key)}
                type={INPUT[key]?.type ?? "text"}
                autoComplete={INPUT[key]?.autoComplete ?? "off"}
                value={draft[key]}
                onChange={(e) => change(key, e.target.value)}
                required
              />
            )}
          </Field>
        ))}
        {formError && (
          <p className="error-text" role="alert">
            {formError}
          </p>
        )}
      </form>
    </Dialog>
  );
}
