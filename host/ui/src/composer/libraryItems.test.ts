// C11: the composer's library dialog shows stickers under "Figurinhas", everything else under
// "Mídias", found by any part of the name; captions go only with the kinds that take one.
import { describe, expect, it } from "vitest";
import type { MediaItem } from "../api/types";
import { filterLibrary, takesCaption } from "./libraryItems";

const item = (id: number, name: string, kind: MediaItem["kind"]): MediaItem => ({
  id,
  name,
  kind,
  mime_type: "image/webp",
  file_name: null,
  size_bytes: 1,
  url: `/api/v1/media-library/${id}/file`,
  created_at: 0,
});

const items = [item(1, "Joinha", "sticker"), item(2, "Catálogo de Natal", "image"), item(3, "Obrigado", "sticker"), item(4, "Manual", "document")];

describe("media library filter", () => {
  it("splits stickers from the other media", () => {
    expect(filterLibrary(items, "stickers", "").map((m) => m.id)).toEqual([1, 3]);
    expect(filterLibrary(items, "media", "").map((m) => m.id)).toEqual([2, 4]);
  });

  it("finds by any part of the name, in any case", () => {
    expect(filterLibrary(items, "media", " natal ").map((m) => m.id)).toEqual([2]);
    expect(filterLibrary(items, "stickers", "OBRI").map((m) => m.id)).toEqual([3]);
    expect(filterLibrary(items, "stickers", "natal")).toEqual([]);
  });

  it("stickers and audio go without a caption", () => {
    expect(takesCaption(item(1, "a", "sticker"))).toBe(false);
    expect(takesCaption(item(1, "a", "audio"))).toBe(false);
    expect(takesCaption(item(1, "a", "image"))).toBe(true);
    expect(takesCaption(item(1, "a", "document"))).toBe(true);
  });
});
