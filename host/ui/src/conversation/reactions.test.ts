// C6: our newest reaction is the one a message wears; a taken-back one leaves it bare; the
// contact's reactions stay lines of the history. And the payload readers every kind relies on.
import { describe, expect, it } from "vitest";
import type { Message } from "../api/types";
import { cards, choices, coordinates, location, mapLink, media, reaction, reply, templateName } from "./payload";
import { foldReactions } from "./reactions";

/** A message; `payload` is typed loosely, as the document types it (a bare object). */
function msg(id: number, over: Omit<Partial<Message>, "payload"> & { payload?: unknown } = {}): Message {
  return {
    id,
    conversation_id: 1,
    direction: "inbound",
    kind: "text",
    author: { kind: "contact", name: "Maria" },
    text: `m${id}`,
    internal: false,
    status: "received",
    created_at: id * 1000,
    ...over,
  } as Message;
}

const ours = (id: number, target: number, emoji: string | null) =>
  msg(id, {
    direction: "outbound",
    kind: "reaction",
    text: null,
    payload: emoji === null ? { message_id: target, emoji: null, removed: true } : { message_id: target, emoji },
  });

describe("C6 reactions", () => {
  it("puts our reaction on its message and hides the reaction row", () => {
    const { shown, reactionOn } = foldReactions([msg(1), ours(2, 1, "👍")]);
    expect(shown.map((m) => m.id)).toEqual([1]);
    expect(reactionOn.get(1)).toBe("👍");
  });

  it("a second reaction replaces the first", () => {
    const { reactionOn } = foldReactions([msg(1), ours(2, 1, "👍"), msg(3), ours(4, 1, "❤️")]);
    expect(reactionOn.get(1)).toBe("❤️");
    expect(reactionOn.size).toBe(1);
  });

  it("a taken-back reaction leaves the message bare, and a new one after it shows again", () => {
    expect(foldReactions([msg(1), ours(2, 1, "👍"), ours(3, 1, null)]).reactionOn.has(1)).toBe(false);
    expect(foldReactions([msg(1), ours(2, 1, "👍"), ours(3, 1, null), ours(4, 1, "😂")]).reactionOn.get(1)).toBe("😂");
  });

  const theirs = (id: number, target: number | null, emoji: string) =>
    msg(id, {
      kind: "reaction",
      text: null,
      payload: { target_provider_id: "wamid.x", emoji, removed: emoji === "", ...(target === null ? {} : { target_message_id: target }) },
    });

  it("keeps a contact's reaction whose message the server did not find as a line of the history", () => {
    const { shown, contactReactionOn } = foldReactions([msg(1), theirs(5, null, "🙏")]);
    expect(shown.map((m) => m.id)).toEqual([1, 5]);
    expect(contactReactionOn.size).toBe(0);
    expect(reaction(theirs(5, null, "🙏"))).toEqual({ emoji: "🙏", targetId: null });
  });

  it("puts the contact's reaction on our message, beside ours, the newest of each side winning", () => {
    const sent = msg(1, { direction: "outbound", author: { kind: "agent", name: "Ana" } });
    const { shown, reactionOn, contactReactionOn } = foldReactions([sent, theirs(2, 1, "👍"), ours(3, 1, "🙏"), theirs(4, 1, "❤️")]);
    expect(shown.map((m) => m.id)).toEqual([1]);
    expect(contactReactionOn.get(1)).toBe("❤️");
    expect(reactionOn.get(1)).toBe("🙏");
  });

  it("a contact's taken-back reaction leaves the message bare", () => {
    expect(foldReactions([msg(1), theirs(2, 1, "👍"), theirs(3, 1, "")]).contactReactionOn.has(1)).toBe(false);
  });
});

describe("message payloads", () => {
  it("reads a file, with its voice-note flag", () => {
    const voice = msg(7, { kind: "audio", payload: { media: { media_id: 3, mime_type: "audio/ogg", voice: true } } });
    expect(media(voice)).toEqual({ url: "/api/v1/messages/7/media", mime: "audio/ogg", fileName: null, voice: true, failed: false });
    // The server gave the download up: the bubble shows its label without asking for the file.
    const lost = msg(8, { kind: "image", payload: { media: { provider_id: "9", mime_type: "image/png", state: "failed" } } });
    expect(media(lost)?.failed).toBe(true);
    expect(media(msg(8))).toBeNull();
  });

  it("reads a place, its coordinates and a map link", () => {
    const place = location(msg(9, { kind: "location", payload: { location: { latitude: -22.9068, longitude: -43.1729, name: "Centro" } } }))!;
    expect(coordinates(place)).toBe("-22.906800, -43.172900");
    expect(mapLink(place)).toContain("mlat=-22.906800&mlon=-43.172900");
    expect(location(msg(10, { kind: "location", payload: {} }))).toBeNull();
  });

  it("reads our contact card and WhatsApp's contacts", () => {
    const ourCard = msg(11, { kind: "contact", direction: "outbound", payload: { card: { name: "Ana", phones: ["5521"], emails: [] } } });
    expect(cards(ourCard)).toEqual([{ name: "Ana", phones: ["5521"], emails: [] }]);
    const theirs = msg(12, {
      kind: "contact",
      payload: { contacts: [{ name: { formatted_name: "Beto Lima" }, phones: [{ phone: "+55 21 9999" }], emails: [{ email: "b@x.com" }] }] },
    });
    expect(cards(theirs)).toEqual([{ name: "Beto Lima", phones: ["+55 21 9999"], emails: ["b@x.com"] }]);
  });

  it("reads a tapped button, our buttons and list, and a template's name", () => {
    expect(reply(msg(13, { payload: { reply: { type: "list_reply", id: "a", title: "Opção A" } } }))?.type).toBe("list_reply");
    const buttons = msg(14, { direction: "outbound", kind: "interactive", payload: { interactive: { buttons: [{ id: "s", title: "Sim" }] } } });
    expect(choices(buttons)).toMatchObject({ kind: "buttons", options: [{ id: "s", title: "Sim" }] });
    const listMsg = msg(15, {
      direction: "outbound",
      kind: "interactive",
      payload: { interactive: { button: "Ver", sections: [{ rows: [{ id: "1", title: "Um" }] }, { rows: [{ id: "2", title: "Dois" }] }] } },
    });
    expect(choices(listMsg)).toMatchObject({ kind: "list", button: "Ver", options: [{ title: "Um" }, { title: "Dois" }] });
    expect(templateName(msg(16, { kind: "template", payload: { template: { name: "boas_vindas" } } }))).toBe("boas_vindas");
  });
});
