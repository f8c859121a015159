// A4: the server's refusals on the admin forms land under the field they are about.
import { describe, expect, it } from "vitest";
import { NAME_RULES, USER_RULES, fieldOfMessage } from "./formErrors";

describe("admin form errors", () => {
  it("puts the user routes' messages on their fields", () => {
    expect(fieldOfMessage("Já existe um usuário com o e-mail ana@x.com.", USER_RULES)).toBe("email");
    expect(fieldOfMessage("E-mail inválido: 'ana'.", USER_RULES)).toBe("email");
    expect(fieldOfMessage("A senha precisa ter pelo menos 8 caracteres.", USER_RULES)).toBe("password");
    expect(fieldOfMessage("Nomes e sobrenomes são fáceis de adivinhar. Use uma frase…", USER_RULES)).toBe("password");
    expect(fieldOfMessage("O nome não pode ficar vazio.", USER_RULES)).toBe("name");
    expect(fieldOfMessage("O nome pode ter no máximo 120 caracteres.", USER_RULES)).toBe("name");
  });

  it("puts department and tag messages on the name", () => {
    expect(fieldOfMessage("Já existe um departamento chamado Financeiro.", NAME_RULES)).toBe("name");
    expect(fieldOfMessage("Já existe uma etiqueta chamada 'VIP'.", NAME_RULES)).toBe("name");
    expect(fieldOfMessage("O nome da etiqueta deve ter de 1 a 50 caracteres.", NAME_RULES)).toBe("name");
  });

  it("leaves other messages to the form", () => {
    expect(fieldOfMessage("Apenas administradores podem fazer isso.", USER_RULES)).toBeNull();
    expect(fieldOfMessage("Não encontrado.", NAME_RULES)).toBeNull();
  });
});
