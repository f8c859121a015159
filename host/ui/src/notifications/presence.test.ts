import { describe, expect, it } from "vitest";
import { conversationOf, pageOf, presenceFrame, samePresence } from "./presence";

describe("presence", () => {
  it("tells the Chat screen from every other page", () => {
    expect(pageOf("/chat")).toBe("chat");
    expect(pageOf("/chat/5")).toBe("chat");
    expect(pageOf("/chat/5/settings")).toBe("chat");
    expect(pageOf("/profile")).toBe("other");
    expect(pageOf("/admin/quick-replies")).toBe("other");
    expect(pageOf("/chatter")).toBe("other");
    expect(pageOf("/")).toBe("other");
  });

  it("reads the open conversation from the route", () => {
    expect(conversationOf("/chat")).toBeNull();
    expect(conversationOf("/chat/42")).toBe(42);
    expect(conversationOf("/chat/42/settings")).toBe(42);
    expect(conversationOf("/chat/abc")).toBeNull();
    expect(conversationOf("/profile")).toBeNull();
  });

  it("builds the frame the server expects", () => {
    expect(presenceFrame("dev1", "/chat/7", "visible")).toEqual({
      type: "presence",
      device: "dev1",
      page: "chat",
      visible: true,
      conversation: 7,
    });
    expect(presenceFrame("dev1", "/chat", "hidden")).toEqual({
      type: "presence",
      device: "dev1",
      page: "chat",
      visible: false,
      conversation: null,
    });
    expect(presenceFrame("dev1", "/profile", "visible")).toEqual({
      type: "presence",
      device: "dev1",
      page: "other",
      visible: true,
      conversation: null,
    });
  });

  it("compares frames by value", () => {
    const a = presenceFrame("d", "/chat/1", "visible");
    expect(samePresence(a, presenceFrame("d", "/chat/1", "visible"))).toBe(true);
    expect(samePresence(a, presenceFrame("d", "/chat/1", "hidden"))).toBe(false);
    expect(samePresence(a, presenceFrame("d", "/chat/2", "visible"))).toBe(false);
    expect(samePresence(null, a)).toBe(false);
    expect(samePresence(null, null)).toBe(true);
  });
});
