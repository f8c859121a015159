import { describe, expect, it } from "vitest";
import { detailsBody, detailsDraftOf, emptyDraft, META_RULES, metaChannelBody, randomVerifyToken, rotationBody, webhookUrl } from "./channelForm";
import { fieldOfMessage } from "./formErrors";

describe("metaChannelBody", () => {
  it("trims and keeps the WhatsApp fields for a number", () => {
    const d = { ...emptyDraft("whatsapp"), name: " Loja ", externalId: "123 ", businessId: "456", displayPhone: "", appSecret: "s", verifyToken: "v", accessToken: "a", echoKeyword: "#fim" };
    expect(metaChannelBody(d)).toEqual({
      kind: "whatsapp", name: "Loja", external_id: "123", business_id: "456", display_phone: undefined, echo_keyword: "#fim",
      app_secret: "s", verify_token: "v", access_token: "a",
    });
  });
  it("leaves the WhatsApp-only fields out for a Page", () => {
    const d = { ...emptyDraft("messenger"), name: "Página", externalId: "9", businessId: "456", echoKeyword: "#fim" };
    const body = metaChannelBody(d);
    expect(body.business_id).toBeUndefined();
    expect(body.echo_keyword).toBeUndefined();
    expect(body.kind).toBe("messenger");
  });
});

describe("META_RULES", () => {
  it("puts each server message on its field", () => {
    expect(fieldOfMessage("O nome do canal deve ter de 1 a 80 caracteres.", META_RULES)).toBe("name");
    expect(fieldOfMessage("O id do canal na Meta deve ter só letras, números, '-' ou '_'.", META_RULES)).toBe("externalId");
    expect(fieldOfMessage("O id da conta do WhatsApp Business deve ter de 1 a 64 caracteres.", META_RULES)).toBe("businessId");
    expect(fieldOfMessage("O app secret deve ter de 1 a 1024 caracteres.", META_RULES)).toBe("appSecret");
    expect(fieldOfMessage("O token de verificação deve ter de 1 a 1024 caracteres.", META_RULES)).toBe("verifyToken");
    expect(fieldOfMessage("O token de acesso deve ter de 1 a 1024 caracteres.", META_RULES)).toBe("accessToken");
    expect(fieldOfMessage("Este canal já está conectado.", META_RULES)).toBe("externalId");
    expect(fieldOfMessage("Apenas administradores.", META_RULES)).toBeNull();
  });
});

describe("rotationBody", () => {
  it("sends only the secrets typed", () => {
    expect(rotationBody({ accessToken: " novo ", appSecret: "", verifyToken: "" })).toEqual({ access_token: "novo" });
    expect(rotationBody({ accessToken: "", appSecret: "", verifyToken: "  " })).toBeNull();
  });
});

describe("webhookUrl and randomVerifyToken", () => {
  it("joins the origin and the path", () => {
    expect(webhookUrl("https://atende.example/", "/webhooks/meta/abc")).toBe("https://atende.example/webhooks/meta/abc");
  });
  it("makes a 24-character URL-safe token", () => {
    const token = randomVerifyToken((n) => new Uint8Array(n).map((_, i) => i * 7));
    expect(token).toMatch(/^[A-Za-z0-9]{24}$/);
  });
});

describe("detailsBody", () => {
  const loja = { kind: "whatsapp", name: "Loja", business_id: "102290129340398", display_phone: "5511955550000", echo_keyword: null };
  it("starts from the channel and sends nothing when nothing changed", () => {
    const d = detailsDraftOf(loja);
    expect(d).toEqual({ name: "Loja", businessId: "102290129340398", displayPhone: "5511955550000", echoKeyword: "" });
    expect(detailsBody(loja, { ...d, name: " Loja " })).toBeNull();
  });
  it("sends only what changed, trimmed; an emptied field is sent empty (cleared)", () => {
    const d = detailsDraftOf(loja);
    expect(detailsBody(loja, { ...d, name: "Loja Centro ", echoKeyword: " #fim" })).toEqual({ name: "Loja Centro", echo_keyword: "#fim" });
    expect(detailsBody(loja, { ...d, displayPhone: "", businessId: "77" })).toEqual({ display_phone: "", business_id: "77" });
  });
  it("never sends WhatsApp-only fields for a Page or an Instagram account", () => {
    const page = { kind: "messenger", name: "Página" };
    expect(detailsBody(page, { name: "Página", businessId: "1", displayPhone: "2", echoKeyword: "#fim" })).toBeNull();
    expect(detailsBody(page, { name: "Página nova", businessId: "1", displayPhone: "2", echoKeyword: "#fim" })).toEqual({ name: "Página nova" });
  });
});
