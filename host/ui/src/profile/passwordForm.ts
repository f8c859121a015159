// The rules of the "Alterar senha" form (Meu Perfil, and the page an admin's "Exigir troca de
// senha" leads to): the confirmation must repeat the new password (checked here, before the
// server is asked), and where the server's refusal goes: "A senha atual não confere." under
// "Senha atual", every other refusal of the password ("pelo menos 8 caracteres", "entre as mais
// usadas", "diferente da atual") under "Nova senha".

export type PasswordField = "current" | "next" | "confirm";

export interface PasswordDraft {
  current: string;
  next: string;
  confirm: string;
}

export const emptyPasswordDraft: PasswordDraft = { current: "", next: "", confirm: "" };

/** The field the browser refuses before asking the server, or null when the draft may be sent. */
export function draftProblem(draft: PasswordDraft): "confirm" | null {
  return draft.next !== draft.confirm ? "confirm" : null;
}

/** Whether every field is filled (the submit button waits for it). */
export function draftComplete(draft: PasswordDraft): boolean {
  return draft.current !== "" && draft.next !== "" && draft.confirm !== "";
}

/** The field a 422's message is about: the current password's mismatch, else the new one's. */
export function passwordFieldOf(status: number, message: string): PasswordField | null {
  if (status !== 422) return null;
  const text = message.toLocaleLowerCase("pt-BR");
  if (text.includes("senha atual") || text.includes("current password")) return "current";
  return "next";
}
