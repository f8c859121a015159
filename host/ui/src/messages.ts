// Pure helpers for a conversation's history: oldest first, one entry per message id, updated in place.
import type { Message } from "./types";

function byTime(a: Message, b: Message): number {
  return a.created_at - b.created_at || a.id - b.id;
}

/** Inserts or replaces one message, keeping the oldest-first order. */
export function upsertMessage(items: Message[], m: Message): Message[] {
  const i = items.findIndex((x) => x.id === m.id);
  if (i >= 0) {
    const next = items.slice();
    next[i] = m;
    return next;
  }
  const last = items[items.length - 1];
  if (!last || byTime(last, m) <= 0) return [...items, m];
  return [...items, m].sort(byTime);
}

/** Merges a fetched page with what is already shown; the already-shown copy wins (it is newer). */
export function mergeMessages(shown: Message[], fetched: Message[]): Message[] {
  const ids = new Set(shown.map((m) => m.id));
  return [...fetched.filter((m) => !ids.has(m.id)), ...shown].sort(byTime);
}

/** Adds a message unless it is already shown (a send's answer may trail its live update). */
export function addMessage(items: Message[], m: Message): Message[] {
  return items.some((x) => x.id === m.id) ? items : upsertMessage(items, m);
}
