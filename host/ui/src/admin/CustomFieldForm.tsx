// The "Novo campo" form of "Campos customizáveis" (A4): the label, the key (the `{variável}` of
// messages, suggested from the label), the type, and for a list its options one per line. The
// server's refusal lands under the field it is about (customFieldDraft.ts says which).
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import { useI18n, type MessageKey } from "../i18n";
import { createCustomField } from "../queries/fields";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { CUSTOM_FIELD_RULES, EMPTY_DRAFT, FIELD_KINDS, fieldBody, withLabel, type CustomFieldKind, type FieldDraft } from "./customFieldDraft";
import { fieldOfMessage } from "./formErrors";

/** The name of each type, as the list and the form show it. */
export const KIND_LABEL: Record<CustomFieldKind, MessageKey> = {
  text: "customFields.kind.text",
  number: "customFields.kind.number",
  date: "customFields.kind.date",
  boolean: "customFields.kind.boolean",
  list: "customFields.kind.list",
  image: "customFields.kind.image",
};

/** A refusal's message under the form field it is about ("form": the whole form's). */
export type FieldErrors = Partial<Record<"key" | "label" | "options" | "form", string>>;
type Errors = FieldErrors;

/** The refusal of `err` placed on its field (CUSTOM_FIELD_RULES). */
export function errorsOf(err: unknown): FieldErrors {
  const message = errorMessage(err);
  return { [fieldOfMessage(message, CUSTOM_FIELD_RULES) ?? "form"]: message };
}

/** A list's options, one per line: the create form's and the edit dialog's. */
export function OptionsField({ value, error, onChange }: { value: string; error?: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <Field label={t("customFields.options")} hint={t("customFields.optionsHint")} error={error}>
      <textarea rows={4} value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

export function CustomFieldForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<FieldDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  function change(next: FieldDraft, field: keyof Errors) {
    setDraft(next);
    if (errors[field] || errors.form) setErrors({ ...errors, [field]: undefined, form: undefined });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const created = await createCustomField(queryClient, fieldBody(draft));
      setDraft(EMPTY_DRAFT);
      showToast(t("customFields.saved", { name: created.label }));
    } catch (err) {
      setErrors(errorsOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-field-form" onSubmit={submit} data-testid="custom-field-create" aria-label={t("customFields.new")}>
      <div className="admin-field-form-row">
        <Field label={t("customFields.label")} error={errors.label}>
          <input value={draft.label} maxLength={80} required onChange={(e) => change(withLabel(draft, e.target.value), "label")} />
        </Field>
        <Field label={t("customFields.key")} hint={t("customFields.keyHint")} error={errors.key}>
          <input
            value={draft.key}
            maxLength={40}
            required
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => change({ ...draft, key: e.target.value, keyTouched: true }, "key")}
          />
        </Field>
        <Field label={t("customFields.kind")}>
          <select value={draft.kind} onChange={(e) => change({ ...draft, kind: e.target.value as CustomFieldKind }, "options")}>
            {FIELD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABEL[k])}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {draft.kind === "list" && (
        <OptionsField value={draft.options} error={errors.options} onChange={(options) => change({ ...draft, options }, "options")} />
      )}
      {(errors.form || (draft.kind !== "list" && errors.options)) && (
        <p className="error-text" role="alert">
          {errors.form ?? errors.options}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !draft.label.trim() || !draft.key.trim()}>
          {t("customFields.add")}
        </button>
      </div>
    </form>
  );
}
