// The four list orders (L3), as the server sorts: by last activity, or by the current service's
// opening where chats without one go last in both directions; ties by id in the same direction.
import type { Conversation } from "../api/types";
import type { Sort } from "./filter";

/** The server's sort key; `null` = no opening (sorted last). */
function key(c: Conversation, sort: Sort): number | null {
  if (sort === "recent" || sort === "oldest") return c.last_message_at ?? c.service_opened_at ?? 0;
  return c.service_opened_at ?? null;
}

function descending(sort: Sort): boolean {
  return sort === "recent" || sort === "opening_recent";
}

/** Negative when `a` comes first in `sort`. */
export function compareConversations(a: Conversation, b: Conversation, sort: Sort): number {
  const ka = key(a, sort);
  const kb = key(b, sort);
  if (ka === null || kb === null) {
    if (ka !== kb) return ka === null ? 1 : -1;
  } else if (ka !== kb) {
    return descending(sort) ? kb - ka : ka - kb;
  }
  return descending(sort) ? b.id - a.id : a.id - b.id;
}
