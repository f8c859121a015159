// An action's answer loses to a live event about the same chat that arrived after it began.
import { describe, expect, it } from "vitest";
import { eventSince, noteConversationEvent } from "./conversationSeq";

describe("events since an action began", () => {
  it("knows whether the chat had an event after the action's start", () => {
    expect(eventSince(1, 10)).toBe(false);
    noteConversationEvent(1, 12);
    expect(eventSince(1, 10)).toBe(true);
    expect(eventSince(1, 12)).toBe(false);
    expect(eventSince(2, 10)).toBe(false);
    // Before the stream said hello there is no start: any event is newer.
    expect(eventSince(1, null)).toBe(true);
    noteConversationEvent(1, 5);
    expect(eventSince(1, 11)).toBe(true);
  });
});
