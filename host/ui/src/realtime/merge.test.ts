// Live snapshots merged into the cached list pages and histories, in place (L1–L3, L6, L12).
import { describe, expect, it } from "vitest";
import type { ConversationPage, Message, MessagePage } from "../api/types";
import { toFilter } from "../list/filter";
import { conv, me } from "../list/testing";
import { addSentMessage, applyToList, flattenMessages, patchInList, removeFromList, upsertMessage, type Paged } from "./merge";

const pages = (...chunks: { ids: number[]; next: string | null }[]): Paged<ConversationPage> => ({
  pages: chunks.map((c) => ({ items: c.ids.map((id) => conv(id)), next_cursor: c.next })),
  pageParams: chunks.map((_, i) => i),
});
const ids = (data: Paged<ConversationPage>) => data.pages.map((p) => p.items.map((c) => c.id));
const recent = toFilter({});

describe("a snapshot applied to a loaded list", () => {
  it("moves a chat with a new message to the top of Mais recente", () => {
    const data = pages({ ids: [5, 4, 3], next: null });
    const out = applyToList(data, conv(3, { last_message_at: 99_000 }), recent, me);
    expect(ids(out.data)).toEqual([[3, 5, 4]]);
    expect(out.stale).toBe(false);
  });

  it("inserts a new chat in its place across pages", () => {
    const data = pages({ ids: [9, 8], next: "c1" }, { ids: [6, 5], next: null });
    expect(ids(applyToList(data, conv(7), recent, me).data)).toEqual([[9, 8], [7, 6, 5]]);
  });

  it("leaves a chat whose place is past the loaded rows for the next page", () => {
    const data = pages({ ids: [9, 8], next: "c1" });
    expect(applyToList(data, conv(2), recent, me).data).toBe(data);
  });

  it("removes a chat that left the view, was deleted, or may no longer be seen (L6)", () => {
    const data = pages({ ids: [3, 2, 1], next: null });
    expect(ids(applyToList(data, conv(2, { state: "closed" }), toFilter({ view: "open" }), me).data)).toEqual([[3, 1]]);
    expect(ids(applyToList(data, conv(2), recent, me, true).data)).toEqual([[3, 1]]);
    const agent = { id: 7, chat_visibility: "department" as const, department_ids: [1] };
    expect(ids(applyToList(data, conv(2, { department: { id: 2, name: "Vendas" } }), recent, agent).data)).toEqual([[3, 1]]);
    expect(ids(removeFromList(data, 3))).toEqual([[2, 1]]);
  });

  it("updates a row in place when its order does not change", () => {
    const data = pages({ ids: [3, 2, 1], next: null });
    const out = applyToList(data, conv(2, { unread: true }), recent, me);
    expect(ids(out.data)).toEqual([[3, 2, 1]]);
    expect(out.data.pages[0].items[1].unread).toBe(true);
    expect(patchInList(data, 1, (c) => ({ ...c, unread: true })).pages[0].items[2].unread).toBe(true);
  });

  it("asks the server again when a tag filter cannot be decided for a new chat", () => {
    const data = pages({ ids: [3], next: null });
    const tagged = toFilter({ tag: 4 });
    expect(applyToList(data, conv(5), tagged, me)).toEqual({ data, stale: true });
    // A chat already in the tag's list stays and moves.
    expect(ids(applyToList(pages({ ids: [3, 2], next: null }), conv(2, { last_message_at: 9_000 }), tagged, me).data)).toEqual([[2, 3]]);
  });

  it("fills an empty list", () => {
    expect(ids(applyToList({ pages: [], pageParams: [] }, conv(1), recent, me).data)).toEqual([[1]]);
  });
});

const msg = (id: number, created_at: number, over: Partial<Message> = {}): Message => ({
  id,
  conversation_id: 1,
  direction: "inbound",
  kind: "text",
  author: { kind: "contact" },
  text: `m${id}`,
  internal: false,
  status: "received",
  created_at,
  ...over,
});

describe("a message applied to a loaded history", () => {
  const history: Paged<MessagePage> = {
    pages: [
      { items: [msg(3, 30), msg(4, 40)], has_more: true },
      { items: [msg(1, 10), msg(2, 20)], has_more: false },
    ],
    pageParams: [null, 3],
  };

  it("appends a new message to the newest page, oldest first overall", () => {
    const out = upsertMessage(history, msg(5, 50));
    expect(flattenMessages(out).map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("replaces a message whose status changed, wherever it is", () => {
    const out = upsertMessage(history, msg(2, 20, { status: "read" }));
    expect(flattenMessages(out).find((m) => m.id === 2)?.status).toBe("read");
    expect(flattenMessages(out)).toHaveLength(4);
  });

  it("puts a late message in time order", () => {
    expect(flattenMessages(upsertMessage(history, msg(6, 35))).map((m) => m.id)).toEqual([1, 2, 3, 6, 4]);
  });

  it("a send's answer never overwrites the newer status its live event brought", () => {
    const delivered = upsertMessage(history, msg(7, 70, { status: "sent" }));
    const out = addSentMessage(delivered, msg(7, 70, { status: "pending" }));
    expect(flattenMessages(out).find((m) => m.id === 7)?.status).toBe("sent");
    expect(flattenMessages(addSentMessage(history, msg(8, 80))).map((m) => m.id)).toContain(8);
  });
});
