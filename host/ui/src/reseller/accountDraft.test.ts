// A1: "Nova conta": the body sent and where the server's refusals land.
import { describe, expect, it } from "vitest";
import { accountFieldOfMessage, emptyAccountDraft, isComplete, openAccountBody } from "./accountDraft";

const FILLED = {
  name: "  Padaria Pão Quente ",
  timezone: "America/Sao_Paulo",
  admin_name: " Paulo ",
  admin_email: " paulo@padaria.local ",
  admin_password: " segredo-1 ",
};

describe("new account draft", () => {
  it("starts in São Paulo's time zone with everything else empty", () => {
    expect(emptyAccountDraft()).toEqual({ name: "", timezone: "America/Sao_Paulo", admin_name: "", admin_email: "", admin_password: "" });
    expect(isComplete(emptyAccountDraft())).toBe(false);
  });

  it("is complete when every field has something", () => {
    expect(isComplete(FILLED)).toBe(true);
    expect(isComplete({ ...FILLED, admin_name: "   " })).toBe(false);
    expect(isComplete({ ...FILLED, admin_password: "" })).toBe(false);
  });

  it("trims the texts but keeps the password as typed", () => {
    expect(openAccountBody(FILLED)).toEqual({
      name: "Padaria Pão Quente",
      timezone: "America/Sao_Paulo",
      admin_name: "Paulo",
      admin_email: "paulo@padaria.local",
      admin_password: " segredo-1 ",
    });
  });

  it("sends no time zone when it was emptied (the server's default)", () => {
    expect(openAccountBody({ ...FILLED, timezone: " " }).timezone).toBeNull();
  });

  it("puts the server's messages under their fields", () => {
    expect(accountFieldOfMessage("O nome da conta deve ter de 1 a 120 caracteres.")).toBe("name");
    expect(accountFieldOfMessage("O nome não pode ficar vazio.")).toBe("admin_name");
    expect(accountFieldOfMessage("E-mail inválido: 'x'.")).toBe("admin_email");
    expect(accountFieldOfMessage("Já existe um usuário com o e-mail demo@atende.local.")).toBe("admin_email");
    expect(accountFieldOfMessage("A senha precisa ter pelo menos 8 caracteres.")).toBe("admin_password");
    expect(
      accountFieldOfMessage("Fuso horário desconhecido: 'Mars/X'. Use um nome da base IANA, como America/Sao_Paulo."),
    ).toBe("timezone");
  });

  it("leaves other messages to the form", () => {
    expect(accountFieldOfMessage("Token CSRF ausente ou inválido: envie o cabeçalho X-CSRF-Token.")).toBeNull();
  });
});
