import { describe, expect, it } from "vitest";
import { draftComplete, draftProblem, passwordFieldOf } from "./passwordForm";

describe("the password form", () => {
  it("wants the confirmation to repeat the new password", () => {
    expect(draftProblem({ current: "a", next: "jabuticaba-7", confirm: "jabuticaba-7" })).toBeNull();
    expect(draftProblem({ current: "a", next: "jabuticaba-7", confirm: "jabuticaba-8" })).toBe("confirm");
    expect(draftProblem({ current: "a", next: "jabuticaba-7", confirm: "" })).toBe("confirm");
  });

  it("waits for every field", () => {
    expect(draftComplete({ current: "", next: "x", confirm: "x" })).toBe(false);
    expect(draftComplete({ current: "y", next: "x", confirm: "" })).toBe(false);
    expect(draftComplete({ current: "y", next: "x", confirm: "x" })).toBe(true);
  });

  it("puts the server's refusal under the field it is about", () => {
    expect(passwordFieldOf(422, "A senha atual não confere.")).toBe("current");
    expect(passwordFieldOf(422, "A senha precisa ter pelo menos 8 caracteres.")).toBe("next");
    expect(passwordFieldOf(422, "Essa senha está entre as mais usadas. Use uma frase com palavras que não combinam.")).toBe("next");
    expect(passwordFieldOf(422, "A nova senha precisa ser diferente da atual.")).toBe("next");
    expect(passwordFieldOf(422, "Nomes e sobrenomes são fáceis de adivinhar. Use uma frase …")).toBe("next");
    // Not a refusal of a field: the form's own message.
    expect(passwordFieldOf(0, "Não foi possível falar com o servidor.")).toBeNull();
    expect(passwordFieldOf(500, "Erro interno.")).toBeNull();
  });
});
