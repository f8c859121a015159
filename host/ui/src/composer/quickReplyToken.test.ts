// C12: when the composer looks for a quick reply, and which ones it offers.
import { describe, expect, it } from "vitest";
import { matchingReplies, quickReplyQuery } from "./quickReplyToken";

describe("quickReplyQuery", () => {
  it("is what follows a leading / up to the caret, lowercase", () => {
    expect(quickReplyQuery("/", 1)).toBe("");
    expect(quickReplyQuery("/Bol", 4)).toBe("bol");
  });

  it("is nothing once a space ends the shortcut (/interna texto), or without a leading /", () => {
    expect(quickReplyQuery("/interna ", 9)).toBeNull();
    expect(quickReplyQuery("/interna oi", 11)).toBeNull();
    expect(quickReplyQuery("oi /bo", 6)).toBeNull();
    expect(quickReplyQuery("a/b", 3)).toBeNull();
  });

  it("is nothing when text follows the caret", () => {
    expect(quickReplyQuery("/bo tudo", 3)).toBeNull();
  });
});

describe("matchingReplies", () => {
  const replies = [{ shortcut: "boas-vindas" }, { shortcut: "boleto" }, { shortcut: "prazo" }];
  it("offers the shortcuts that start with what was typed", () => {
    expect(matchingReplies(replies, "bo").map((r) => r.shortcut)).toEqual(["boas-vindas", "boleto"]);
    expect(matchingReplies(replies, "").length).toBe(3);
    expect(matchingReplies(replies, "x")).toEqual([]);
  });
});
