// Pure merging of live snapshots into cached server state, so an event changes one row or one
// message in place and nothing is refetched: the paged conversation list (placed by filter and
// sort), and a conversation's paged history.
import type { Conversation, ConversationPage, Message, MessagePage } from "../api/types";
import type { Viewer } from "../list/access";
import { canSee } from "../list/access";
import { matches, type ListFilter } from "../list/filter";
import { compareConversations } from "../list/order";

/** The shape TanStack Query keeps for an infinite query. */
export interface Paged<P> {
  pages: P[];
  pageParams: unknown[];
}

export interface ListMerge {
  data: Paged<ConversationPage>;
  /** The snapshot's place could not be decided here (see `matches`): ask the server again. */
  stale: boolean;
}

/**
 * Applies one conversation snapshot to a loaded list: replaced in its new place, inserted,
 * or removed when it left the list (filter, view, visibility) or was deleted. A chat whose
 * place is past the last loaded row while more pages exist is left for those pages to bring.
 */
export function applyToList(
  data: Paged<ConversationPage>,
  c: Conversation,
  filter: ListFilter,
  viewer: Viewer,
  deleted = false,
): ListMerge {
  const where = locate(data, c.id);
  const verdict = deleted || !canSee(viewer, c) ? false : matches(c, filter, viewer);
  if (verdict === false) {
    return { data: where ? removeAt(data, where) : data, stale: false };
  }
  if (verdict === "unknown" && !where) return { data, stale: true };

  const without = where ? removeAt(data, where) : data;
  const flat = without.pages.flatMap((p) => p.items);
  const index = insertionIndex(flat, c, filter);
  const last = without.pages[without.pages.length - 1];
  const morePages = last?.next_cursor != null;
  if (index === flat.length && morePages) return { data: without, stale: false };
  return { data: insertAt(without, index, c), stale: false };
}

/** Drops a conversation from a loaded list (deleted, or no longer visible). */
export function removeFromList(data: Paged<ConversationPage>, id: number): Paged<ConversationPage> {
  const where = locate(data, id);
  return where ? removeAt(data, where) : data;
}

/** Replaces a conversation where it is, without moving it (a local change like a read mark). */
export function patchInList(
  data: Paged<ConversationPage>,
  id: number,
  patch: (c: Conversation) => Conversation,
): Paged<ConversationPage> {
  const where = locate(data, id);
  if (!where) return data;
  const pages = data.pages.slice();
  const items = pages[where.page].items.slice();
  items[where.index] = patch(items[where.index]);
  pages[where.page] = { ...pages[where.page], items };
  return { ...data, pages };
}

interface Place {
  page: number;
  index: number;
}

function locate(data: Paged<ConversationPage>, id: number): Place | null {
  for (let page = 0; page < data.pages.length; page++) {
    const index = data.pages[page].items.findIndex((c) => c.id === id);
    if (index >= 0) return { page, index };
  }
  return null;
}

function removeAt(data: Paged<ConversationPage>, { page, index }: Place): Paged<ConversationPage> {
  const pages = data.pages.slice();
  const items = pages[page].items.slice();
  items.splice(index, 1);
  pages[page] = { ...pages[page], items };
  return { ...data, pages };
}

/** First position whose row sorts after `c` (binary search: the list is in `filter.sort` order). */
function insertionIndex(flat: Conversation[], c: Conversation, filter: ListFilter): number {
  let lo = 0;
  let hi = flat.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareConversations(flat[mid], c, filter.sort) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertAt(data: Paged<ConversationPage>, flatIndex: number, c: Conversation): Paged<ConversationPage> {
  if (data.pages.length === 0) {
    return { pages: [{ items: [c], next_cursor: null }], pageParams: [null] };
  }
  const pages = data.pages.slice();
  let rest = flatIndex;
  for (let page = 0; page < pages.length; page++) {
    const size = pages[page].items.length;
    const lastPage = page === pages.length - 1;
    if (rest <= size && (rest < size || lastPage)) {
      const items = pages[page].items.slice();
      items.splice(rest, 0, c);
      pages[page] = { ...pages[page], items };
      return { ...data, pages };
    }
    rest -= size;
  }
  return data;
}

// --- a conversation's history: pages[0] is the newest page, each page oldest first ----------

function byTime(a: Message, b: Message): number {
  return a.created_at - b.created_at || a.id - b.id;
}

/** Inserts or replaces one message (a new one, or a status change) in the loaded history. */
export function upsertMessage(data: Paged<MessagePage>, m: Message): Paged<MessagePage> {
  for (let page = 0; page < data.pages.length; page++) {
    const index = data.pages[page].items.findIndex((x) => x.id === m.id);
    if (index >= 0) {
      const pages = data.pages.slice();
      const items = pages[page].items.slice();
      items[index] = m;
      pages[page] = { ...pages[page], items };
      return { ...data, pages };
    }
  }
  if (data.pages.length === 0) return { pages: [{ items: [m], has_more: false }], pageParams: [null] };
  const pages = data.pages.slice();
  const newest = pages[0].items;
  const last = newest[newest.length - 1];
  const items = !last || byTime(last, m) <= 0 ? [...newest, m] : [...newest, m].sort(byTime);
  pages[0] = { ...pages[0], items };
  return { ...data, pages };
}

/**
 * Adds a message this page sent, from the server's answer to the send. Its live event may have
 * come first, with a newer status (sent, delivered …): then the answer is older and changes
 * nothing.
 */
export function addSentMessage(data: Paged<MessagePage>, m: Message): Paged<MessagePage> {
  const known = data.pages.some((p) => p.items.some((x) => x.id === m.id));
  return known ? data : upsertMessage(data, m);
}

/** The loaded history as one list, oldest first. */
export function flattenMessages(data: Paged<MessagePage> | undefined): Message[] {
  if (!data) return [];
  const out: Message[] = [];
  for (let page = data.pages.length - 1; page >= 0; page--) out.push(...data.pages[page].items);
  return out;
}
