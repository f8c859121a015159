// What the composer may offer for a chat at a moment (S4, S17, C7, C13, C14), mirroring the
// server's rule (domain/window.rs `free_form`): free-form messages only while the contact's
// window is open (Messenger and Instagram: also a human agent's 7 days); outside it only
// templates, or an internal message (C13); nothing at all to a blocked contact; the team chat
// takes only its own (internal) messages. The server decides in the end: this only keeps the
// composer from offering what it would refuse.
import type { Conversation } from "../api/types";

export type ComposerMode =
  /** The team chat (L14): text, always internal. */
  | "team"
  /** S17: "Contato bloqueado, não é possível enviar ou receber mensagem". */
  | "blocked"
  /** Inside the window: text, files, voice, contact cards, reactions, and templates by choice. */
  | "free"
  /** C7: the window is closed or never opened: templates, or an internal message. */
  | "templates";

export function composerMode(c: Pick<Conversation, "kind" | "contact" | "window">, now: number): ComposerMode {
  if (c.kind === "internal") return "team";
  if (c.contact?.blocked) return "blocked";
  return freeFormOpen(c.window, now) ? "free" : "templates";
}

export function freeFormOpen(window: Conversation["window"], now: number): boolean {
  if (!window) return false;
  const open = (until: number | null | undefined) => until != null && now < until;
  return open(window.free_form_until) || open(window.human_agent_until);
}

/** When the free-form window next closes (to redraw the composer then), or null. */
export function freeFormEnds(window: Conversation["window"], now: number): number | null {
  const ends = [window?.free_form_until, window?.human_agent_until].filter((x): x is number => x != null && x > now);
  return ends.length ? Math.max(...ends) : null;
}
