// C2: searching a conversation's messages, and the history read around a message found (the
// page that ends with it, then older pages with `before` and newer ones with `after`), so a hit
// anywhere in a long chat opens in place without reading everything newer first. The window
// around a hit is a still picture: live messages go to the chat's own history, shown again
// when the agent goes back to the newest messages.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { MessagePage } from "../api/types";
import { HISTORY_PAGE } from "./conversations";
import { keys } from "./keys";

/** Results shown for one search. */
export const SEARCH_LIMIT = 30;

export function messageSearchQuery(conversationId: number, q: string) {
  return queryOptions({
    queryKey: keys.messageSearch(conversationId, q),
    queryFn: async () =>
      (await call(http.GET("/api/v1/conversations/{id}/messages/search", { params: { path: { id: conversationId }, query: { q, limit: SEARCH_LIMIT } } })))
        .items,
    enabled: q.trim() !== "",
    staleTime: 10_000,
  });
}

/** Which page around a hit: older than an id, or newer than one. */
export type AroundParam = { before: number } | { after: number };

/** A page of the window around a hit, knowing which way it was read. */
export type AroundPage = MessagePage & { newer: boolean };

export function messagesAroundQuery(conversationId: number, anchor: number) {
  return infiniteQueryOptions({
    queryKey: keys.messagesAround(conversationId, anchor),
    queryFn: async ({ pageParam }): Promise<AroundPage> => {
      const page = await call(
        http.GET("/api/v1/conversations/{id}/messages", { params: { path: { id: conversationId }, query: { limit: HISTORY_PAGE, ...pageParam } } }),
      );
      return { ...page, newer: "after" in pageParam };
    },
    // The first page ends with the hit itself.
    initialPageParam: { before: anchor + 1 } as AroundParam,
    // Pages are kept newest first (as the chat's own history): next = older, previous = newer.
    getNextPageParam: (oldest): AroundParam | null =>
      !oldest.newer && oldest.has_more && oldest.items.length ? { before: oldest.items[0].id } : null,
    getPreviousPageParam: (newest): AroundParam | null => {
      const last = newest.items.at(-1);
      if (!last) return null;
      // Whether newer messages follow the first page is only known by asking.
      return !newest.newer || newest.has_more ? { after: last.id } : null;
    },
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}
