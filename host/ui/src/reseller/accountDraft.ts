// The "Nova conta" form's draft (A1): the account's name and time zone (America/Sao_Paulo unless
// changed) and its first admin's name, e-mail and initial password; the body of
// POST /reseller/accounts made of it, and which field a server refusal is about (the messages
// name the problem in Portuguese: "O nome da conta …", "E-mail inválido …", "A senha …",
// "Fuso horário desconhecido …", "Já existe um usuário com o e-mail …"). Pure.
import type { OpenAccount } from "../api/types";
import { fieldOfMessage, type FieldRules } from "../admin/formErrors";

export const DEFAULT_TIMEZONE = "America/Sao_Paulo";

/** The form's fields, in the order it shows them. */
export const ACCOUNT_FIELDS = ["name", "timezone", "admin_name", "admin_email", "admin_password"] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

export type AccountDraft = Record<AccountField, string>;

export function emptyAccountDraft(): AccountDraft {
  return { name: "", timezone: DEFAULT_TIMEZONE, admin_name: "", admin_email: "", admin_password: "" };
}

/** Whether every field has something in it ("Criar conta" waits until then; the server judges the rest). */
export function isComplete(draft: AccountDraft): boolean {
  return ACCOUNT_FIELDS.every((f) => (f === "admin_password" ? draft[f] !== "" : draft[f].trim() !== ""));
}

/** POST /reseller/accounts: the texts trimmed, the password as typed (spaces may be part of it). */
export function openAccountBody(draft: AccountDraft): OpenAccount {
  return {
    name: draft.name.trim(),
    timezone: draft.timezone.trim() || null,
    admin_name: draft.admin_name.trim(),
    admin_email: draft.admin_email.trim(),
    admin_password: draft.admin_password,
  };
}

/**
 * The words of the messages about each field. The account's name before the admin's (both say
 * "nome"; the account's says "nome da conta"); the e-mail before the rest ("Já existe um usuário
 * com o e-mail …" is the 409's).
 */
export const ACCOUNT_RULES: FieldRules<AccountField> = [
  ["admin_email", ["e-mail"]],
  ["admin_password", ["senha"]],
  ["timezone", ["fuso"]],
  ["name", ["nome da conta"]],
  ["admin_name", ["nome"]],
];

/** The form field a refusal message is about, or null when it is the whole form's. */
export function accountFieldOfMessage(message: string): AccountField | null {
  return fieldOfMessage(message, ACCOUNT_RULES);
}
