// "Alterar senha" on "Meu Perfil" (issue 17 part 5): the current password, the new one and its
// confirmation (the two must match, checked here). The server's refusal lands under its field
// ("A senha atual não confere." under "Senha atual", "Essa senha está entre as mais usadas…" under
// "Nova senha"). Changed, the server ends one's other sessions and keeps this one: a toast says
// so and "Sessões ativas" is asked again. The form itself is also the page an admin's "Exigir
// troca de senha" leads to (shell/PasswordChangeRequired.tsx).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { meQuery } from "../queries/session";
import { changeMyPassword } from "../queries/sessions";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { draftComplete, draftProblem, emptyPasswordDraft, passwordFieldOf, type PasswordDraft, type PasswordField } from "./passwordForm";

interface FormProps {
  /** After the server took the new password (the fields are emptied first). */
  onChanged: () => Promise<void> | void;
  /** The first field takes the focus (on the page that asks for nothing else). */
  autoFocus?: boolean;
}

export function PasswordForm({ onChanged, autoFocus }: FormProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const email = useQuery(meQuery).data?.user.email ?? "";
  const [draft, setDraft] = useState<PasswordDraft>(emptyPasswordDraft);
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputs = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };

  function change(field: PasswordField, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    // The confirmation's message is about both new-password fields.
    setErrors((e) => ({ ...e, [field]: undefined, ...(field === "next" ? { confirm: undefined } : {}) }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (draftProblem(draft) === "confirm") {
      setErrors({ confirm: t("password.mismatch") });
      inputs.confirm.current?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await changeMyPassword(queryClient, draft.current, draft.next);
    } catch (err) {
      const message = errorMessage(err);
      const field = passwordFieldOf(err instanceof ApiError ? err.status : 0, message);
      if (field) {
        setErrors({ [field]: message });
        inputs[field].current?.focus();
      } else setFormError(message);
      setBusy(false);
      return;
    }
    setDraft(emptyPasswordDraft);
    setBusy(false);
    await onChanged();
  }

  return (
    <form className="form-stack password-form" onSubmit={submit} noValidate data-testid="password-form">
      {/* For the browser's password manager: whose password this is. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label={t("password.current")} error={errors.current}>
        <input
          ref={inputs.current}
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={draft.current}
          onChange={(e) => change("current", e.target.value)}
          autoFocus={autoFocus}
        />
      </Field>
      <Field label={t("password.new")} hint={t("password.newHint")} error={errors.next}>
        <input
          ref={inputs.next}
          type="password"
          name="new-password"
          autoComplete="new-password"
          value={draft.next}
          onChange={(e) => change("next", e.target.value)}
        />
      </Field>
      <Field label={t("password.confirm")} error={errors.confirm}>
        <input
          ref={inputs.confirm}
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          value={draft.confirm}
          onChange={(e) => change("confirm", e.target.value)}
        />
      </Field>
      {formError && (
        <p className="error-text" role="alert">
          {formError}
        </p>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy || !draftComplete(draft)}>
          {busy ? t("password.submitting") : t("password.submit")}
        </button>
      </div>
    </form>
  );
}

export function PasswordCard() {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="profile-section" aria-labelledby={headingId} data-testid="password-card">
      <h2 id={headingId}>{t("password.title")}</h2>
      <p className="field-hint">{t("password.intro")}</p>
      <PasswordForm onChanged={() => showToast(t("password.changed"))} />
    </section>
  );
}
