// The one-field form of the department and tag screens: a name (to add or to rename), with the
// server's refusal ("Já existe …", the length) shown under the field, and room for one more
// control (the tag's "Apenas automação").
import { useState, type FormEvent, type ReactNode } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { Field } from "../ui/Field";
import { NAME_RULES, fieldOfMessage } from "./formErrors";

interface Props {
  label: string;
  initial?: string;
  submitLabel: string;
  /** Resolves when saved; a rejection's message is shown on the field or the form. */
  onSubmit: (name: string) => Promise<void>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
  maxLength: number;
  extra?: ReactNode;
  testId?: string;
}

export function NameForm({ label, initial, submitLabel, onSubmit, onCancel, resetOnSuccess, maxLength, extra, testId }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState(initial ?? "");
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFieldError(null);
    setFormError(null);
    try {
      await onSubmit(name.trim());
      if (resetOnSuccess) setName("");
    } catch (err) {
      const message = errorMessage(err);
      if (fieldOfMessage(message, NAME_RULES) === "name") setFieldError(message);
      else setFormError(message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-name-form" onSubmit={submit} data-testid={testId}>
      <Field label={label} error={fieldError}>
        <input
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setFieldError(null);
          }}
          maxLength={maxLength}
          required
          autoFocus={initial !== undefined}
          onKeyDown={(e) => {
            if (e.key === "Escape" && onCancel) {
              e.preventDefault();
              onCancel();
            }
          }}
        />
      </Field>
      {extra}
      {formError && (
        <p className="error-text" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
