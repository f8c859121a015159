// The "Campos customizáveis" form as plain data (A4): what the admin typed, the key suggested
// from the label, the options of a list field (one per line), the body POST /custom-fields takes,
// and which form field each of the server's refusals is about.
import type { components } from "../api/schema";
import type { FieldRules } from "./formErrors";

export type CustomFieldKind = components["schemas"]["CustomFieldKind"];
export type NewCustomField = components["schemas"]["NewCustomField"];

/** Every kind the API takes, in the order the form offers them. */
export const FIELD_KINDS: readonly CustomFieldKind[] = ["text", "number", "date", "boolean", "list", "image"];

export interface FieldDraft {
  label: string;
  key: string;
  /** False until the admin types a key: the key follows the label meanwhile. */
  keyTouched: boolean;
  kind: CustomFieldKind;
  /** A list field's choices, one per line. */
  options: string;
}

export const EMPTY_DRAFT: FieldDraft = { label: "", key: "", keyTouched: false, kind: "text", options: "" };

/**
 * The variable name a label suggests ("Plano de saúde" → "plano_de_saude"): lower case, accents
 * dropped, anything else an `_`, starting with a letter, at most 40 characters (the server's rule).
 */
export function keyOfLabel(label: string): string {
  const key = label
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[_0-9]+/, "")
    .replace(/_+$/, "");
  return key.slice(0, 40).replace(/_+$/, "");
}

/** The draft after the label changed: the key follows it until the admin edits the key. */
export function withLabel(draft: FieldDraft, label: string): FieldDraft {
  return { ...draft, label, key: draft.keyTouched ? draft.key : keyOfLabel(label) };
}

/** A list field's options: one per line, trimmed, blank lines and repeats left out. */
export function optionsOf(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const option = line.trim();
    if (option && !seen.has(option)) {
      seen.add(option);
      out.push(option);
    }
  }
  return out;
}

/** The body of POST /api/v1/custom-fields (options only for a list: the server refuses others'). */
export function fieldBody(draft: FieldDraft): NewCustomField {
  const body: NewCustomField = { key: draft.key.trim(), label: draft.label.trim(), kind: draft.kind };
  if (draft.kind === "list") body.options = optionsOf(draft.options);
  return body;
}

/**
 * The server's refusals ("Chave 'X' inválida …", "'nome' é um campo de sistema; escolha outra
 * chave.", "Já existe um campo com a chave 'x'.", "O rótulo do campo deve ter …", "Um campo de
 * lista precisa de opções.", "As opções da lista …") and the form field each is about.
 */
export const CUSTOM_FIELD_RULES: FieldRules<"key" | "label" | "options"> = [
  ["key", ["chave"]],
  ["label", ["rótulo"]],
  ["options", ["opç"]],
];
