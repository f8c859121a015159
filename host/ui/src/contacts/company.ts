// The companies of "Empresas" (A6, S3) as the pages need them: the CNPJ as the `?cnpj=` of
// the Contatos page carries it (its digits), the chip that names the company filtered on, and
// which field of "Nova empresa" a server refusal is about. Pure. (The CNPJ is shown with its
// dots by settings/display.ts's formatCnpj, the same as on a contact.)
import { fieldOfMessage, type FieldRules } from "../admin/formErrors";
import { formatCnpj } from "../settings/display";

/**
 * The CNPJ without its punctuation, upper case ("11.222.333/0001-81" → "11222333000181"); letters
 * stay, for the alphanumeric CNPJ the Receita issues from 2026. "" when it is not 14 characters
 * (a hand-edited URL then filters nothing rather than everything away).
 */
export function cnpjOfParam(value: unknown): string {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
  const v = text.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  return v.length === 14 ? v : "";
}

/** "Empresa: Padaria Pão Quente", or the formatted CNPJ while (or when) no company has it. */
export function companyChipText(cnpj: string, companies: ReadonlyArray<{ cnpj: string; name: string }> | undefined): string {
  return companies?.find((c) => c.cnpj === cnpj)?.name ?? formatCnpj(cnpj);
}

/** "Nova empresa"'s fields; a conflict names the CNPJ ("Já existe uma empresa com o CNPJ …"). */
export const COMPANY_RULES: FieldRules<"cnpj" | "name"> = [
  ["cnpj", ["cnpj"]],
  ["name", ["nome", "chamad"]],
];

/** The field of "Nova empresa" a refusal is about, or null when it is the whole form's. */
export function companyFieldOfMessage(message: string): "cnpj" | "name" | null {
  return fieldOfMessage(message, COMPANY_RULES);
}
