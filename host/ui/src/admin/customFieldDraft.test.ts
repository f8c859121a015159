// A4: the custom field form's key suggestion, list options, request body and refusal placement.
import { describe, expect, it } from "vitest";
import { CUSTOM_FIELD_RULES, EMPTY_DRAFT, draftOfField, fieldBody, fieldPatch, keyOfLabel, optionLines, optionsOf, withLabel } from "./customFieldDraft";
import { fieldOfMessage } from "./formErrors";

describe("custom field draft", () => {
  it("suggests a key from the label", () => {
    expect(keyOfLabel("Plano")).toBe("plano");
    expect(keyOfLabel("Plano de saúde")).toBe("plano_de_saude");
    expect(keyOfLabel("  Nº do Pedido! ")).toBe("n_do_pedido");
    expect(keyOfLabel("2ª via")).toBe("via");
    expect(keyOfLabel("é")).toBe("e");
    expect(keyOfLabel("")).toBe("");
    expect(keyOfLabel("a".repeat(50))).toHaveLength(40);
  });

  it("lets the key follow the label until the admin types one", () => {
    const d = withLabel(EMPTY_DRAFT, "Motivo da ligação");
    expect(d.key).toBe("motivo_da_ligacao");
    const typed = { ...d, key: "motivo", keyTouched: true };
    expect(withLabel(typed, "Motivo do contato").key).toBe("motivo");
  });

  it("reads a list's options one per line, without blanks or repeats", () => {
    expect(optionsOf(" Ouro \n\nPrata\r\nOuro\n  ")).toEqual(["Ouro", "Prata"]);
    expect(optionsOf("")).toEqual([]);
    expect(optionLines(" Ouro \n\nPrata\r\nOuro\n  ")).toEqual(["Ouro", "Prata", "Ouro"]);
  });

  it("edits a field from its current values and sends only what changed", () => {
    const plano = { id: 7, key: "plano", label: "Plano", kind: "list" as const, options: ["Básico", "Premium"] };
    const draft = draftOfField(plano);
    expect(draft).toEqual({ label: "Plano", key: "plano", keyTouched: true, kind: "list", options: "Básico\nPremium" });
    expect(fieldPatch(plano, draft)).toBeNull();
    expect(fieldPatch(plano, { ...draft, label: " Plano contratado " })).toEqual({ label: "Plano contratado" });
    expect(fieldPatch(plano, { ...draft, options: "Básico\n\n Premium \nOuro" })).toEqual({ options: ["Básico", "Premium", "Ouro"] });
    // Repeats are sent as typed: the server's refusal says what is wrong.
    expect(fieldPatch(plano, { ...draft, options: "Básico\nBásico" })).toEqual({ options: ["Básico", "Básico"] });
    expect(fieldPatch(plano, { ...draft, options: "" })).toEqual({ options: [] });
    const nota = { id: 8, key: "nota", label: "Nota", kind: "number" as const, options: [] };
    expect(fieldPatch(nota, { ...draftOfField(nota), options: "x" })).toBeNull();
  });

  it("sends options only for a list", () => {
    expect(fieldBody({ label: " Plano ", key: "plano", keyTouched: false, kind: "list", options: "Ouro\nPrata" })).toEqual({
      key: "plano",
      label: "Plano",
      kind: "list",
      options: ["Ouro", "Prata"],
    });
    expect(fieldBody({ label: "Nota", key: "nota", keyTouched: false, kind: "number", options: "ignored" })).toEqual({
      key: "nota",
      label: "Nota",
      kind: "number",
    });
  });

  it("puts the server's messages on their fields", () => {
    const on = (m: string) => fieldOfMessage(m, CUSTOM_FIELD_RULES);
    expect(on("Chave 'Plano X' inválida: use letras minúsculas, dígitos e _ (até 40), começando por letra.")).toBe("key");
    expect(on("'nome' é um campo de sistema; escolha outra chave.")).toBe("key");
    expect(on("Já existe um campo com a chave 'plano'.")).toBe("key");
    expect(on("O rótulo do campo deve ter de 1 a 80 caracteres.")).toBe("label");
    expect(on("Um campo de lista precisa de opções.")).toBe("options");
    expect(on("As opções da lista não podem ser vazias.")).toBe("options");
    expect(on("As opções da lista não podem se repetir.")).toBe("options");
    expect(on("Apenas administradores podem fazer isso.")).toBeNull();
  });
});
