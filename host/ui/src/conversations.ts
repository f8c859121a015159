// Pure rules for the live conversation list: which view a conversation belongs to (L1, L14),
// the "most recent message first" order, and merging server snapshots into the list.
import type { Conversation, Me, View } from "./types";

export interface ListFilter {
  view: View;
  internalOnly: boolean;
}

/** Client-side mirror of the server's view membership, used for conversations that arrive live. */
export function belongsToView(c: Conversation, f: ListFilter, me: Me): boolean {
  if (f.internalOnly) return c.kind === "internal";
  if (c.kind === "internal") return f.view === "all";
  switch (f.view) {
    case "all":
      return true;
    case "open":
      return (
        c.state === "open" &&
        (c.agent === null ||
          (c.department !== null && me.user.department_ids.includes(c.department.id)))
      );
    case "mine":
      return c.agent?.id === me.user.id;
    case "in_service":
      return c.agent !== null && c.state !== "closed";
  }
}

function recency(c: Conversation): number {
  return c.last_message_at ?? c.service_opened_at ?? 0;
}

export function sortByRecency(items: Conversation[]): Conversation[] {
  return [...items].sort((a, b) => recency(b) - recency(a) || b.id - a.id);
}

/** Applies one conversation snapshot: replace, insert, or drop it if it left the view. */
export function applySnapshot(
  items: Conversation[],
  c: Conversation,
  f: ListFilter,
  me: Me,
): Conversation[] {
  const rest = items.filter((x) => x.id !== c.id);
  if (!belongsToView(c, f, me)) return rest.length === items.length ? items : rest;
  return sortByRecency([c, ...rest]);
}

/** Appends a further page, skipping conversations already shown (live inserts can overlap). */
export function appendPage(items: Conversation[], page: Conversation[]): Conversation[] {
  const seen = new Set(items.map((c) => c.id));
  return [...items, ...page.filter((c) => !seen.has(c.id))];
}
