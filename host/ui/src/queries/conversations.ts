// The list pages (infinite, by cursor), the view counts, one conversation and its paged history.
// Each first fetch waits for the live stream to be connected, so every change after it arrives
// as an event (see realtime/cacheSync.ts, which also replays events that raced a fetch).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { ConversationPage, MessagePage } from "../api/types";
import { toQuery, type ListFilter } from "../list/filter";
import { noteFetchStart } from "../realtime/fetchMarks";
import { realtime } from "../realtime/socket";
import { keys } from "./keys";

/** Rows per list page: a screenful several times over, and few requests while scrolling. */
export const LIST_PAGE = 100;
export const HISTORY_PAGE = 50;

export function listQuery(filter: ListFilter) {
  return infiniteQueryOptions({
    queryKey: keys.list(filter),
    queryFn: async ({ pageParam, queryKey }): Promise<ConversationPage> => {
      await realtime.ready();
      noteFetchStart(queryKey);
      return call(http.GET("/api/v1/conversations", { params: { query: toQuery(filter, pageParam, LIST_PAGE) } }));
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    // Live events keep a list current; it is fetched again only when it is opened anew.
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
}

export const countsQuery = queryOptions({
  queryKey: keys.counts,
  queryFn: async () => {
    await realtime.ready();
    return call(http.GET("/api/v1/conversations/counts"));
  },
  staleTime: Infinity,
});

export function conversationQuery(id: number) {
  return queryOptions({
    queryKey: keys.conversation(id),
    queryFn: async ({ queryKey }) => {
      await realtime.ready();
      noteFetchStart(queryKey);
      return call(http.GET("/api/v1/conversations/{id}", { params: { path: { id } } }));
    },
    staleTime: Infinity,
    retry: false,
  });
}

export function messagesQuery(id: number) {
  return infiniteQueryOptions({
    queryKey: keys.messages(id),
    queryFn: async ({ pageParam, queryKey }): Promise<MessagePage> => {
      await realtime.ready();
      if (pageParam === null) noteFetchStart(queryKey);
      return call(
        http.GET("/api/v1/conversations/{id}/messages", {
          params: { path: { id }, query: { limit: HISTORY_PAGE, ...(pageParam ? { before: pageParam } : {}) } },
        }),
      );
    },
    initialPageParam: null as number | null,
    // Older pages: `before` = the oldest loaded message (each page is oldest first).
    getNextPageParam: (last) => (last.has_more && last.items.length ? last.items[0].id : null),
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

export async function markRead(id: number): Promise<void> {
  await call(http.POST("/api/v1/conversations/{id}/read", { params: { path: { id } } }));
}

export async function markUnread(id: number): Promise<void> {
  await call(http.POST("/api/v1/conversations/{id}/unread", { params: { path: { id } } }));
}
