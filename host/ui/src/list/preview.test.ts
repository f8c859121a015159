// The list's preview line: a media message is named, never an empty line; English names it too.
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { previewText } from "./preview";

afterEach(() => setLang("pt-BR"));

describe("row preview", () => {
  it("shows the server's text, names media, and never leaves the line empty", () => {
    expect(previewText("Oi, tudo bem?")).toBe("Oi, tudo bem?");
    expect(previewText("📷 Imagem")).toBe("📷 Imagem");
    expect(previewText(null)).toBe("Sem mensagens");
    expect(previewText("   ")).toBe("Sem mensagens");
  });

  it("translates the server's fixed media labels in English", () => {
    setLang("en");
    expect(previewText("📷 Imagem")).toBe("📷 Image");
    expect(previewText("🎤 Áudio")).toBe("🎤 Audio");
    expect(previewText("Olá")).toBe("Olá");
  });
});
