// "Editar dados" (S2, S3): birth date, CPF, RG, client code, e-mail, and the company's CNPJ and
// name. Only what changed is sent; a field emptied is cleared. The field plugin checks e-mail,
// date, CPF and CNPJ on the server, and its message shows under the field it names.
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { ApiError, errorMessage } from "../api/errors";
import type { Contact, ContactPatch, Conversation } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { brDate, formatCnpj, formatCpf } from "./display";
import { fieldNamed } from "./fieldErrors";
import { useContactUpdate } from "./useContactUpdate";

type Key = "birth_date" | "cpf" | "rg" | "client_code" | "email" | "cnpj" | "company_name";

const FIELDS: { key: Key; label: MessageKey; hint?: MessageKey; type?: string }[] = [
  { key: "birth_date", label: "settings.birthDate", hint: "settings.birthDateHint" },
  { key: "cpf", label: "settings.cpf" },
  { key: "rg", label: "settings.rg" },
  { key: "client_code", label: "settings.clientCode" },
  { key: "email", label: "settings.email", type: "email" },
  { key: "cnpj", label: "settings.cnpj" },
  { key: "company_name", label: "settings.companyName" },
];

/** The labels the server's messages use (Portuguese, whatever the UI's language). */
const SERVER_LABELS: Partial<Record<Key, string>> = {
  birth_date: "Data de nascimento",
  cpf: "CPF",
  email: "E-mail",
  cnpj: "CNPJ",
};

function initial(c: Contact): Record<Key, string> {
  return {
    birth_date: brDate(c.birth_date),
    cpf: c.cpf ? formatCpf(c.cpf) : "",
    rg: c.rg ?? "",
    client_code: c.client_code ?? "",
    email: c.email ?? "",
    cnpj: c.cnpj ? formatCnpj(c.cnpj) : "",
    company_name: c.company_name ?? "",
  };
}

export function EditContactDialog({ conversation, contact, onClose }: { conversation: Conversation; contact: Contact; onClose: () => void }) {
  const { t } = useI18n();
  const update = useContactUpdate(conversation);
  const [start] = useState(() => initial(contact));
  const [values, setValues] = useState(start);
  const [fieldError, setFieldError] = useState<{ key: string; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const patch: ContactPatch = {};
    for (const { key } of FIELDS) {
      if (values[key].trim() !== start[key].trim()) patch[key] = values[key].trim();
    }
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setError(null);
    setFieldError(null);
    try {
      await update(call(http.PATCH("/api/v1/contacts/{id}", { params: { path: { id: contact.id } }, body: patch })));
      onClose();
    } catch (err) {
      const key = err instanceof ApiError && err.status === 422 ? fieldNamed(err.message, SERVER_LABELS as Record<string, string>) : null;
      if (key && err instanceof ApiError) setFieldError({ key, message: err.message });
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      title={t("settings.editData")}
      onClose={onClose}
      testId="edit-contact-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="edit-contact-form" className="btn btn-primary" disabled={saving}>
            {t("common.save")}
          </button>
        </>
      }
    >
      <form id="edit-contact-form" className="form-stack" onSubmit={submit} noValidate>
        {FIELDS.map((f) => (
          <Field key={f.key} label={t(f.label)} hint={f.hint ? t(f.hint) : undefined} error={fieldError?.key === f.key ? fieldError.message : null}>
            <input
              type={f.type ?? "text"}
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              autoComplete="off"
            />
          </Field>
        ))}
        {error && (
          <p className="error-text form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
