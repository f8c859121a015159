// The contact dialog of "Contatos" (A6, S2, S3): a new contact ("Novo contato": name and phone
// required) or an existing one ("Editar": only the changes are sent, a field emptied is
// cleared). The server checks e-mail, date, CPF, CNPJ and a repeated phone; its refusal lands
// under the field it is about and that field takes the focus.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { Contact } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { createContact, updateContact } from "../queries/contacts";
import { Dialog } from "../ui/Dialog";
import { CheckField, Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { useServerForm } from "../ui/useServerForm";
import {
  TEXT_FIELDS,
  contactFieldOfMessage,
  contactPatchBody,
  createContactBody,
  draftOfContact,
  emptyContactDraft,
  type ContactDraft,
  type TextField,
} from "./contactDraft";

const LABEL: Record<TextField, MessageKey> = {
  name: "contacts.name",
  phone: "contacts.phone",
  email: "contacts.email",
  birth_date: "contacts.birthDate",
  cpf: "contacts.cpf",
  rg: "contacts.rg",
  client_code: "contacts.clientCode",
  cnpj: "contacts.cnpj",
  company_name: "contacts.company",
};

const HINT: Partial<Record<TextField, MessageKey>> = {
  phone: "contacts.phoneHint",
  birth_date: "contacts.birthDateHint",
  company_name: "contacts.companyHint",
};

const INPUT_TYPE: Partial<Record<TextField, string>> = { email: "email", phone: "tel" };

interface Props {
  /** The contact to change; absent for a new one. */
  contact?: Contact;
  onClose: () => void;
}

export function ContactForm({ contact, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const [start] = useState<ContactDraft>(() => (contact ? draftOfContact(contact) : emptyContactDraft()));
  const [draft, setDraft] = useState<ContactDraft>(start);
  const { busy, errors, formError, controls, clearError, submit: run } = useServerForm(contactFieldOfMessage);

  function change(field: TextField, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    clearError(field);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const saved = await run(async () => {
      if (contact) {
        const patch = contactPatchBody(start, draft);
        if (Object.keys(patch).length > 0) await updateContact(queryClient, contact.id, patch);
        showToast(t("contacts.saved"));
      } else {
        const created = await createContact(queryClient, createContactBody(draft));
        showToast(t("contacts.created", { name: created.name }));
      }
    });
    if (saved) onClose();
  }

  return (
    <Dialog
      open
      title={contact ? t("contacts.editTitle", { name: contact.name }) : t("contacts.newTitle")}
      onClose={onClose}
      dismissOnBackdrop={false}
      size="wide"
      testId="contact-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || !draft.name.trim() || !draft.phone.trim()}>
            {contact ? t("common.save") : t("contacts.create")}
          </button>
        </>
      }
    >
      <form id={formId} className="contact-form" onSubmit={submit} noValidate>
        {TEXT_FIELDS.map((key) => (
          <Field key={key} label={t(LABEL[key])} hint={HINT[key] ? t(HINT[key]) : undefined} error={errors[key]}>
            <input
              ref={(el) => {
                controls.current[key] = el;
              }}
              type={INPUT_TYPE[key] ?? "text"}
              value={draft[key]}
              onChange={(e) => change(key, e.target.value)}
              required={key === "name" || key === "phone"}
              autoComplete="off"
            />
          </Field>
        ))}
        <CheckField
          label={t("contacts.broadcasts")}
          checked={draft.receives_broadcasts}
          onChange={(on) => setDraft((d) => ({ ...d, receives_broadcasts: on }))}
        />
        {formError && (
          <p className="error-text contact-form-error" role="alert">
            {formError}
          </p>
        )}
      </form>
    </Dialog>
  );
}
