// The display helpers: a day alone as dd/mm/aaaa, and a message whose content was erased (LGPD)
// says so whatever its kind, instead of its text or its kind's label.
import { describe, expect, it } from "vitest";
import type { Message } from "./api/types";
import { formatDate, formatDayTime, messageText } from "./format";

function msg(over: Partial<Message>): Message {
  return {
    id: 1,
    conversation_id: 1,
    direction: "inbound",
    kind: "text",
    author: { kind: "contact", name: "Maria" },
    text: "Meu CPF é 123.456.789-09",
    internal: false,
    status: "received",
    created_at: 1000,
    ...over,
  } as Message;
}

describe("format", () => {
  it("writes a day as dd/mm/aaaa, and with its time", () => {
    const ms = new Date(2026, 11, 6, 18, 17).getTime();
    expect(formatDate(ms)).toBe("06/12/2026");
    expect(formatDayTime(ms)).toBe("06/12/2026 18:17");
    expect(formatDate(null)).toBe("");
  });

  it("says a message's content was erased, whatever its kind", () => {
    expect(messageText(msg({}))).toBe("Meu CPF é 123.456.789-09");
    expect(messageText(msg({ text: null, erased_at: 5000 }))).toBe("Conteúdo apagado (LGPD)");
    expect(messageText(msg({ kind: "image", text: null, payload: null, erased_at: 5000 }))).toBe("Conteúdo apagado (LGPD)");
    expect(messageText(msg({ kind: "image", text: null }))).toBe("[Imagem]");
  });
});
