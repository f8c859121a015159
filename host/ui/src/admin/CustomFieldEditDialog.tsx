// "Editar" of a custom field (A4): its label and, for a list, its options (one per line); the key
// (the `{variável}` of messages and flows) and the type are shown but stay, as the server keeps
// them. Only what changed is sent (customFieldDraft.fieldPatch); a refusal lands on its field.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { CustomField } from "../api/types";
import { useI18n } from "../i18n";
import { updateCustomField } from "../queries/fields";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { errorsOf, KIND_LABEL, OptionsField, type FieldErrors } from "./CustomFieldForm";
import { draftOfField, fieldPatch, type FieldDraft } from "./customFieldDraft";

export function CustomFieldEditDialog({ field, onClose }: { field: CustomField | null; onClose: () => void }) {
  const { t } = useI18n();
  if (!field) return null;
  return (
    <Dialog open title={t("customFields.editOf", { name: field.label })} onClose={onClose} dismissOnBackdrop={false} testId="custom-field-edit">
      <EditForm field={field} onClose={onClose} />
    </Dialog>
  );
}

function EditForm({ field, onClose }: { field: CustomField; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<FieldDraft>(() => draftOfField(field));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  function change(next: FieldDraft, key: keyof FieldErrors) {
    setDraft(next);
    if (errors[key] || errors.form) setErrors({ ...errors, [key]: undefined, form: undefined });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const patch = fieldPatch(field, draft);
    if (!patch) {
      onClose();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const updated = await updateCustomField(queryClient, field.id, patch);
      showToast(t("customFields.updated", { name: updated.label }));
      onClose();
    } catch (err) {
      setErrors(errorsOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label={t("customFields.editOf", { name: field.label })}>
      <p className="muted">
        {t("customFields.key")}: <code>{`{${field.key}}`}</code> · {t("customFields.kind")}: {t(KIND_LABEL[field.kind])}
      </p>
      <p className="field-hint">{t("customFields.editHint")}</p>
      <Field label={t("customFields.label")} error={errors.label}>
        <input value={draft.label} maxLength={80} onChange={(e) => change({ ...draft, label: e.target.value }, "label")} />
      </Field>
      {field.kind === "list" && <OptionsField value={draft.options} error={errors.options} onChange={(options) => change({ ...draft, options }, "options")} />}
      {(errors.form || errors.key || (field.kind !== "list" && errors.options)) && (
        <p className="error-text" role="alert">
          {errors.form ?? errors.key ?? errors.options}
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
