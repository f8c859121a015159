// L3: the four orders, as the server sorts them.
import { describe, expect, it } from "vitest";
import type { Conversation } from "../api/types";
import type { Sort } from "./filter";
import { compareConversations } from "./order";
import { conv } from "./testing";

const chats = [
  conv(1, { last_message_at: 500, service_opened_at: 100 }),
  conv(2, { last_message_at: 300, service_opened_at: 300 }),
  conv(3, { last_message_at: 900, service_opened_at: null, state: "closed" }),
  conv(4, { last_message_at: 700, service_opened_at: 200 }),
];
const ids = (sort: Sort) => [...chats].sort((a: Conversation, b: Conversation) => compareConversations(a, b, sort)).map((c) => c.id);

describe("L3 orders", () => {
  it("Mais recente and Mais antiga sort by the last message", () => {
    expect(ids("recent")).toEqual([3, 4, 1, 2]);
    expect(ids("oldest")).toEqual([2, 1, 4, 3]);
  });
  it("the opening orders sort by the service's opening, chats without one last in both", () => {
    expect(ids("opening_recent")).toEqual([2, 4, 1, 3]);
    expect(ids("opening_oldest")).toEqual([1, 4, 2, 3]);
  });
  it("ties go by id in the order's direction", () => {
    const a = conv(5, { last_message_at: 1 });
    const b = conv(6, { last_message_at: 1 });
    expect(compareConversations(a, b, "recent")).toBeGreaterThan(0);
    expect(compareConversations(a, b, "oldest")).toBeLessThan(0);
  });
});
