// "Encerrar atendimento" (K1–K5): the closing dialog's form as the request the server takes.
// "Tempo de encerramento" empty closes now (K1); a number of minutes (1 to 43 200, 30 days)
// schedules it, with "Caso o usuário responda" keep or cancel (K2). "Mensagem de encerramento"
// is sent as written: the dialog shows the profile's default already, so a cleared field is
// an explicit "nothing" (K3). Every closing field goes with what was typed; an optional one
// left blank carries "Excluir valor atual" (K5). Required fields are checked here too, so
// the agent sees them at once; the field plugin's messages come from the server.
import type { components } from "../api/schema";

export type CloseBody = components["schemas"]["CloseBody"];
export type ClosingField = components["schemas"]["ClosingFieldView"];

export const MAX_CLOSE_MINUTES = 43_200;

export interface FieldInput {
  value: string;
  clear: boolean;
}

export interface CloseForm {
  minutes: string;
  ifContactWrites: "keep" | "cancel";
  message: string;
  fields: Record<string, FieldInput>;
}

export type CloseProblem = "minutes" | "required";

export interface CloseProblems {
  minutes?: "minutes";
  /** Field key → problem. */
  fields: Record<string, "required">;
}

export function emptyCloseForm(defaultMessage: string | null | undefined): CloseForm {
  return { minutes: "", ifContactWrites: "keep", message: defaultMessage ?? "", fields: {} };
}

/** The minutes typed, or null for "now"; NaN when they are not a whole number in range. */
export function closeMinutes(typed: string): number | null {
  const t = typed.trim();
  if (!t) return null;
  if (!/^\d+$/.test(t)) return NaN;
  const n = Number(t);
  return n >= 1 && n <= MAX_CLOSE_MINUTES ? n : NaN;
}

export function buildClose(form: CloseForm, closing: ClosingField[]): { body: CloseBody } | { problems: CloseProblems } {
  const problems: CloseProblems = { fields: {} };
  const minutes = closeMinutes(form.minutes);
  if (Number.isNaN(minutes)) problems.minutes = "minutes";
  for (const c of closing) {
    const typed = form.fields[c.field.key]?.value.trim() ?? "";
    if (c.required && !typed) problems.fields[c.field.key] = "required";
  }
  if (problems.minutes || Object.keys(problems.fields).length) return { problems };

  const message = form.message.trim() ? form.message : null;
  const body: CloseBody = {
    message,
    fields: closing.map((c) => {
      const input = form.fields[c.field.key] ?? { value: "", clear: false };
      const value = input.value.trim();
      return { key: c.field.key, value, clear_current: !c.required && !value && input.clear };
    }),
  };
  if (minutes !== null) {
    body.in_minutes = minutes;
    body.if_contact_writes = form.ifContactWrites;
  }
  return { body };
}
