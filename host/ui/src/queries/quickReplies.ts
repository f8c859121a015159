// Quick replies ("Respostas Rápidas", C12): the account's saved answers, read once and kept
// (the composer filters them as `/` and a shortcut are typed); the admin page's changes write
// the server's answer into the same cache.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { QuickReply } from "../api/types";
import { keys } from "./keys";

export const quickRepliesQuery = queryOptions({
  queryKey: keys.quickReplies,
  queryFn: async () => (await call(http.GET("/api/v1/quick-replies"))).items,
  staleTime: 60_000,
});

const byShortcut = (a: QuickReply, b: QuickReply) => a.shortcut.localeCompare(b.shortcut);

export async function createQuickReply(queryClient: QueryClient, shortcut: string, text: string): Promise<QuickReply> {
  const created = await call(http.POST("/api/v1/quick-replies", { body: { shortcut, text } }));
  queryClient.setQueryData(keys.quickReplies, (items: QuickReply[] | undefined) => (items ? [...items, created].sort(byShortcut) : items));
  return created;
}

export async function updateQuickReply(queryClient: QueryClient, id: number, shortcut: string, text: string): Promise<QuickReply> {
  const updated = await call(http.PATCH("/api/v1/quick-replies/{id}", { params: { path: { id } }, body: { shortcut, text } }));
  queryClient.setQueryData(keys.quickReplies, (items: QuickReply[] | undefined) =>
    items?.map((r) => (r.id === id ? updated : r)).sort(byShortcut),
  );
  return updated;
}

export async function deleteQuickReply(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/quick-replies/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(keys.quickReplies, (items: QuickReply[] | undefined) => items?.filter((r) => r.id !== id));
}
