// C8: the variable being typed, the suggestions for it, and writing the chosen one.
import { describe, expect, it } from "vitest";
import { insertVariable, suggestions, SYSTEM_VARIABLES, variableAt } from "./variables";

const fields = [...SYSTEM_VARIABLES, { key: "foto", label: "Foto" }, { key: "plano", label: "Plano contratado" }];

describe("C8 variables", () => {
  it("finds the variable typed just before the caret, with { or <", () => {
    expect(variableAt("Olá {no", 7)).toEqual({ start: 4, open: "{", query: "no" });
    expect(variableAt("Olá <", 5)).toEqual({ start: 4, open: "<", query: "" });
    expect(variableAt("Olá {nome} tudo", 15)).toBeNull();
    expect(variableAt("Olá {no me", 10)).toBeNull();
    expect(variableAt("{{1", 3)).toBeNull();
    expect(variableAt("sem chave", 9)).toBeNull();
  });

  it("suggests keys starting with the query first, then labels that contain it", () => {
    expect(suggestions("", fields).map((f) => f.key).slice(0, 3)).toEqual(["nome", "telefone", "email"]);
    expect(suggestions("c", fields).map((f) => f.key)).toEqual(["cpf", "codigo_cliente", "cnpj"]);
    expect(suggestions("contrat", fields).map((f) => f.key)).toEqual(["plano"]);
    expect(suggestions("FO", fields).map((f) => f.key)).toEqual(["foto", "telefone"]);
    expect(suggestions("codigo", fields).map((f) => f.key)).toEqual(["codigo_cliente"]);
  });

  it("writes the chosen variable in the token's place and puts the caret after it", () => {
    expect(insertVariable("Olá {no, tudo bem?", { start: 4, open: "{", query: "no" }, 7, "nome")).toEqual({
      text: "Olá {nome}, tudo bem?",
      caret: 10,
    });
    expect(insertVariable("Olá <}>", { start: 4, open: "<", query: "" }, 5, "nome").text).toBe("Olá <nome>}>");
    expect(insertVariable("Olá {}", { start: 4, open: "{", query: "" }, 5, "foto")).toEqual({ text: "Olá {foto}", caret: 10 });
  });
});
