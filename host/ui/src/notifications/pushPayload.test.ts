import { describe, expect, it } from "vitest";
import { appPath, isOpenMessage, notificationFromPush, parsePayload, pickWindow } from "./pushPayload";

describe("push payload (N3)", () => {
  it("shows the contact's name and the line, one notification per chat", () => {
    const n = notificationFromPush(
      parsePayload(JSON.stringify({ title: "Maria", body: "Olá, preciso de ajuda", conversation_id: 5, url: "/chat/5", created_at: 1700000000000 })),
    );
    expect(n.title).toBe("Maria");
    expect(n.options.body).toBe("Olá, preciso de ajuda");
    expect(n.options.tag).toBe("conversation-5");
    expect(n.options.timestamp).toBe(1700000000000);
    expect(n.options.data).toEqual({ url: "/chat/5", conversationId: 5 });
    expect(n.options.icon).toBe("/icons/icon-192.png");
  });

  it("falls back when the payload is missing or odd", () => {
    expect(parsePayload(null)).toBeNull();
    expect(parsePayload("not json")).toBeNull();
    const n = notificationFromPush(null);
    expect(n.title).toBe("Atende");
    expect(n.options.data.url).toBe("/chat");
    expect(notificationFromPush({ conversation_id: 9 }).options.data.url).toBe("/chat/9");
  });

  it("opens only paths of this app", () => {
    expect(appPath("/chat/3", 3)).toBe("/chat/3");
    expect(appPath("https://evil.example/x", 3)).toBe("/chat/3");
    expect(appPath("//evil.example/x", null)).toBe("/chat");
  });

  it("brings forward the focused window, then a visible one, then any of the app", () => {
    const origin = "https://atende.example";
    const a = { url: `${origin}/profile`, focused: false, visibilityState: "hidden" };
    const b = { url: `${origin}/chat`, focused: false, visibilityState: "visible" };
    const c = { url: `${origin}/chat/2`, focused: true, visibilityState: "visible" };
    const other = { url: "https://other.example/", focused: true, visibilityState: "visible" };
    expect(pickWindow([a, b, c, other], origin)).toBe(c);
    expect(pickWindow([a, b, other], origin)).toBe(b);
    expect(pickWindow([a, other], origin)).toBe(a);
    expect(pickWindow([other], origin)).toBeNull();
  });

  it("recognises the worker's open message", () => {
    expect(isOpenMessage({ type: "atende.open", url: "/chat/1" })).toBe(true);
    expect(isOpenMessage({ type: "other" })).toBe(false);
    expect(isOpenMessage(null)).toBe(false);
  });
});
