// The "Campos customizáveis" form as plain data (A4): what the admin typed, the key suggested
// from the label, the options of a list field (one per line), the body POST /custom-fields takes,
// the PATCH body of an edit (label and a list's options), and which form field each of the
// server's refusals is about.
import type { components } from "../api/schema";
import type { FieldRules } from "./formErrors";

export type CustomFieldKind = components["schemas"]["CustomFieldKind"];
export type NewCustomField = components["schemas"]["NewCustomField"];
export type CustomFieldPatch = components["schemas"]["CustomFieldPatch"];
type CustomFieldView = components["schemas"]["CustomFieldView"];

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

/** A list field's options as typed: one per line, trimmed, blank lines left out, repeats kept. */
export function optionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((option) => option !== "");
}

/** A list field's options: one per line, trimmed, blank lines and repeats left out. */
export function optionsOf(text: string): string[] {
  return [...new Set(optionLines(text))];
}

/** The body of POST /api/v1/custom-fields (options only for a list: the server refuses others'). */
export function fieldBody(draft: FieldDraft): NewCustomField {
  const body: NewCustomField = { key: draft.key.trim(), label: draft.label.trim(), kind: draft.kind };
  if (draft.kind === "list") body.options = optionsOf(draft.options);
  return body;
}

/** The draft an existing field is edited from (its key and type stay as they are). */
export function draftOfField(field: CustomFieldView): FieldDraft {
  return { label: field.label, key: field.key, keyTouched: true, kind: field.kind, options: field.options.join("\n") };
}

/**
 * The body of PATCH /api/v1/custom-fields/{id}: the label when it changed, a list's options when
 * they changed — as typed, repeats included, so the server says what is wrong with them rather
 * than the form dropping a line quietly; null when nothing changed.
 */
export function fieldPatch(field: CustomFieldView, draft: FieldDraft): CustomFieldPatch | null {
  const patch: CustomFieldPatch = {};
  const label = draft.label.trim();
  if (label !== field.label) patch.label = label;
  if (field.kind === "list") {
    const options = optionLines(draft.options);
    if (options.length !== field.options.length || options.some((o, i) => o !== field.options[i])) patch.options = options;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * The server's refusals ("Chave 'X' inválida …", "'nome' é um campo de sistema; escolha outra
 * chave.", "Já existe um campo com a chave 'x'.", "O rótulo do campo deve ter …", "Um campo de
 * lista precisa de opções.", "As opções da lista …", "Só campos de lista têm opções.") and the
 * form field each is about.
 */
export const CUSTOM_FIELD_RULES: FieldRules<"key" | "label" | "options"> = [
  ["key", ["chave"]],
  ["label", ["rótulo"]],
  ["options", ["opç"]],
];
