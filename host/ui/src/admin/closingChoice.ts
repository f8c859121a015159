// "Campos no encerramento" as plain data (K5): the custom fields the closing dialog asks for, in
// order, each "Obrigatório" or "Opcional"; chosen, moved and switched on the page before one
// PUT /api/v1/closing-fields saves them all.
import type { ClosingFieldView, CustomField } from "../api/types";

export interface ClosingChoice {
  field: CustomField;
  required: boolean;
}

/** What the server keeps now, as the page's starting choices. */
export function choicesOf(closing: ClosingFieldView[]): ClosingChoice[] {
  return closing.map((c) => ({ field: c.field, required: c.required }));
}

/** Image fields cannot be asked for at close (the server refuses them). */
export function canAskAtClose(field: CustomField): boolean {
  return field.kind !== "image";
}

/** The fields that may still be added: not chosen yet and not images, by label. */
export function addable(fields: CustomField[], choices: ClosingChoice[]): CustomField[] {
  const chosen = new Set(choices.map((c) => c.field.id));
  return fields.filter((f) => canAskAtClose(f) && !chosen.has(f.id));
}

/** The choices with `field` added at the end (optional until said otherwise). */
export function add(choices: ClosingChoice[], field: CustomField, required = false): ClosingChoice[] {
  if (choices.some((c) => c.field.id === field.id)) return choices;
  return [...choices, { field, required }];
}

export function remove(choices: ClosingChoice[], fieldId: number): ClosingChoice[] {
  return choices.filter((c) => c.field.id !== fieldId);
}

export function setRequired(choices: ClosingChoice[], fieldId: number, required: boolean): ClosingChoice[] {
  return choices.map((c) => (c.field.id === fieldId ? { ...c, required } : c));
}

/** The choices with the field at `index` moved one place up (-1) or down (+1); unchanged at an end. */
export function move(choices: ClosingChoice[], index: number, by: -1 | 1): ClosingChoice[] {
  const to = index + by;
  if (index < 0 || index >= choices.length || to < 0 || to >= choices.length) return choices;
  const next = [...choices];
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}

/** Choices whose field no longer exists are dropped (another admin deleted it meanwhile). */
export function existing(choices: ClosingChoice[], fields: CustomField[]): ClosingChoice[] {
  const ids = new Set(fields.map((f) => f.id));
  return choices.filter((c) => ids.has(c.field.id));
}

/** The body of PUT /api/v1/closing-fields. */
export function closingBody(choices: ClosingChoice[]): { items: { field_id: number; required: boolean }[] } {
  return { items: choices.map((c) => ({ field_id: c.field.id, required: c.required })) };
}

/** Whether the page's choices differ from what the server keeps ("Salvar" is offered then). */
export function changed(choices: ClosingChoice[], saved: ClosingFieldView[]): boolean {
  if (choices.length !== saved.length) return true;
  return choices.some((c, i) => c.field.id !== saved[i].field.id || c.required !== saved[i].required);
}
