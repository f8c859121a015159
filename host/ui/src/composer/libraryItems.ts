// C11: which library items the composer's dialog shows — stickers under "Figurinhas", every
// other file under "Mídias", found by any part of the name — and which take a caption. Pure, so
// it is tested without a server.
import type { MediaItem } from "../api/types";

export type LibraryTab = "stickers" | "media";

/** Whether WhatsApp sends this kind with a caption (stickers and audio go without). */
export function takesCaption(item: MediaItem): boolean {
  return item.kind === "image" || item.kind === "video" || item.kind === "document";
}

/** Items of `tab` whose name holds `search`, in any case. */
export function filterLibrary(items: MediaItem[], tab: LibraryTab, search: string): MediaItem[] {
  const q = search.trim().toLocaleLowerCase();
  return items.filter((m) => (m.kind === "sticker") === (tab === "stickers") && m.name.toLocaleLowerCase().includes(q));
}
