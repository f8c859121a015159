// The contact form's draft (A6, S2, S3): what the admin types in "Novo contato" or "Editar", the
// body of POST /contacts made of it, for an existing contact only the changes (PATCH leaves an
// absent field as it is and clears one sent empty), and which field a server refusal is about.
// Pure.
import type { Contact, ContactPatch } from "../api/types";
import { fieldNamed } from "../settings/fieldErrors";
import { brDate, formatCnpj, formatCpf } from "../settings/display";
import { fieldOfMessage, type FieldRules } from "../admin/formErrors";

/** The text fields of the form, in the order it shows them. */
export const TEXT_FIELDS = ["name", "phone", "email", "birth_date", "cpf", "rg", "client_code", "cnpj", "company_name"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type ContactDraft = Record<TextField, string> & { receives_broadcasts: boolean };

export function emptyContactDraft(): ContactDraft {
  return {
    name: "",
    phone: "",
    email: "",
    birth_date: "",
    cpf: "",
    rg: "",
    client_code: "",
    cnpj: "",
    company_name: "",
    // A new contact receives broadcasts until someone switches it off (A7).
    receives_broadcasts: true,
  };
}

/** The contact as the form shows it: dates `dd/mm/aaaa`, CPF and CNPJ with their dots. */
export function draftOfContact(c: Contact): ContactDraft {
  return {
    name: c.name,
    phone: c.phone ?? "",
    email: c.email ?? "",
    birth_date: brDate(c.birth_date),
    cpf: c.cpf ? formatCpf(c.cpf) : "",
    rg: c.rg ?? "",
    client_code: c.client_code ?? "",
    cnpj: c.cnpj ? formatCnpj(c.cnpj) : "",
    company_name: c.company_name ?? "",
    receives_broadcasts: c.receives_broadcasts,
  };
}

/** POST /contacts: every field typed (trimmed), the empty ones left out. */
export function createContactBody(draft: ContactDraft): ContactPatch {
  const body: ContactPatch = { receives_broadcasts: draft.receives_broadcasts };
  for (const key of TEXT_FIELDS) {
    const value = draft[key].trim();
    if (value) body[key] = value;
  }
  return body;
}

/** PATCH /contacts/{id}: only what changed from `start` (a field emptied is sent as ""); {} when nothing did. */
export function contactPatchBody(start: ContactDraft, draft: ContactDraft): ContactPatch {
  const patch: ContactPatch = {};
  for (const key of TEXT_FIELDS) {
    if (draft[key].trim() !== start[key].trim()) patch[key] = draft[key].trim();
  }
  if (draft.receives_broadcasts !== start.receives_broadcasts) patch.receives_broadcasts = draft.receives_broadcasts;
  return patch;
}

/** The labels the field plugin's messages use ("O campo CPF …"), Portuguese whatever the UI's language. */
const SERVER_LABELS: Record<TextField, string> = {
  name: "Nome",
  phone: "Telefone",
  email: "E-mail",
  birth_date: "Data de nascimento",
  cpf: "CPF",
  rg: "RG",
  client_code: "Código do cliente",
  cnpj: "CNPJ",
  company_name: "Empresa",
};

/**
 * The words of the contact routes' own messages ("CPF inválido", "Já existe um contato com este
 * telefone"). E-mail first: its message's example "nome@empresa.com.br" names two other fields;
 * CNPJ before the company; the name last (many messages say "nome" in passing).
 */
export const CONTACT_RULES: FieldRules<TextField> = [
  ["email", ["e-mail"]],
  ["birth_date", ["nascimento"]],
  ["cpf", ["cpf"]],
  ["cnpj", ["cnpj"]],
  ["phone", ["telefone"]],
  ["rg", ["rg "]],
  ["client_code", ["código do cliente", "codigo do cliente"]],
  ["company_name", ["empresa"]],
  ["name", ["nome"]],
];

/** The form field a refusal message is about, or null when it is the whole form's. */
export function contactFieldOfMessage(message: string): TextField | null {
  return (fieldNamed(message, SERVER_LABELS) as TextField | null) ?? fieldOfMessage(message, CONTACT_RULES);
}
