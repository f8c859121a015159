// The media library ("Biblioteca de Mídias", C11): the account's stickers and saved files, read
// once and kept (the composer's dialog filters them, composer/libraryItems.ts); the admin page's
// uploads and deletions write the server's answer into the same cache. Sending one answers the
// message stored, like any send of the composer.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { MediaItem, Message } from "../api/types";
import { takesCaption } from "../composer/libraryItems";
import { keys } from "./keys";

export const mediaLibraryQuery = queryOptions({
  queryKey: keys.mediaLibrary,
  queryFn: async () => (await call(http.GET("/api/v1/media-library"))).items,
  staleTime: 60_000,
});

// The server's order: by name, whatever the case.
const byName = (a: MediaItem, b: MediaItem) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id;

/** Save `file` as `name` (admins): the server decides its kind and refuses what no channel takes. */
export async function addMediaItem(queryClient: QueryClient, name: string, file: File): Promise<MediaItem> {
  const form = new FormData();
  form.append("name", name);
  form.append("file", file, file.name);
  const added = await call(
    http.POST("/api/v1/media-library", { body: form as never, bodySerializer: (body: unknown) => body as FormData }),
  );
  queryClient.setQueryData(keys.mediaLibrary, (items: MediaItem[] | undefined) => (items ? [...items, added].sort(byName) : items));
  return added;
}

export async function deleteMediaItem(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/media-library/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(keys.mediaLibrary, (items: MediaItem[] | undefined) => items?.filter((m) => m.id !== id));
}

/** Send `item` to the chat; `caption` only for the kinds that take one (not stickers or audio). */
export function sendMediaItem(conversationId: number, item: MediaItem, caption?: string): Promise<Message> {
  const text = takesCaption(item) ? caption?.trim() : undefined;
  return call(
    http.POST("/api/v1/conversations/{id}/media-library/{item_id}", {
      params: { path: { id: conversationId, item_id: item.id } },
      body: { caption: text || null },
    }),
  );
}
