// S2, K5: a server validation message lands on the field it names.
import { describe, expect, it } from "vitest";
import { fieldNamed } from "./fieldErrors";

const labels = { email: "E-mail", birth_date: "Data de nascimento", data: "Data", cpf: "CPF" };

describe("field errors", () => {
  it("finds the field a message names", () => {
    expect(fieldNamed("O campo E-mail deve conter um e-mail válido, como nome@empresa.com.br.", labels)).toBe("email");
    expect(fieldNamed("O campo Data de nascimento contém uma data que não existe: 31/02/2000.", labels)).toBe("birth_date");
    expect(fieldNamed("O campo Data é obrigatório.", labels)).toBe("data");
    expect(fieldNamed("O campo CPF: dígitos verificadores inválidos.", labels)).toBe("cpf");
  });

  it("leaves other messages to the form", () => {
    expect(fieldNamed("O nome não pode ficar vazio.", labels)).toBeNull();
    expect(fieldNamed("O campo Telefone deve …", labels)).toBeNull();
  });
});
