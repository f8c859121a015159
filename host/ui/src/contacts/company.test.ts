// A6, S3: the CNPJ of the Contatos page's URL, the company chip's text and where "Nova
// empresa"'s refusals go.
import { describe, expect, it } from "vitest";
import { formatCnpj } from "../settings/display";
import { cnpjOfParam, companyChipText, companyFieldOfMessage } from "./company";

describe("companies", () => {
  it("reads the CNPJ of the URL with or without its punctuation", () => {
    expect(cnpjOfParam("11222333000181")).toBe("11222333000181");
    expect(cnpjOfParam("11.222.333/0001-81")).toBe("11222333000181");
    expect(cnpjOfParam("12abc34501de35")).toBe("12ABC34501DE35");
    // A number-looking search param may arrive parsed as a number.
    expect(cnpjOfParam(11222333000181)).toBe("11222333000181");
  });

  it("ignores what is not a CNPJ", () => {
    expect(cnpjOfParam(undefined)).toBe("");
    expect(cnpjOfParam("")).toBe("");
    expect(cnpjOfParam("123")).toBe("");
    expect(cnpjOfParam("112223330001811")).toBe("");
    expect(cnpjOfParam({ cnpj: "11222333000181" })).toBe("");
  });

  it("formats the CNPJ the Brazilian way", () => {
    expect(formatCnpj("11222333000181")).toBe("11.222.333/0001-81");
  });

  it("names the company on the chip, or its CNPJ until it is known", () => {
    const companies = [{ cnpj: "11222333000181", name: "Padaria Pão Quente" }];
    expect(companyChipText("11222333000181", companies)).toBe("Padaria Pão Quente");
    expect(companyChipText("11222333000181", undefined)).toBe("11.222.333/0001-81");
    expect(companyChipText("04252011000110", companies)).toBe("04.252.011/0001-10");
  });

  it("puts the server's refusals under their field", () => {
    expect(companyFieldOfMessage("CNPJ inválido: confira os dígitos verificadores.")).toBe("cnpj");
    expect(companyFieldOfMessage("Já existe uma empresa com o CNPJ 11.222.333/0001-81.")).toBe("cnpj");
    expect(companyFieldOfMessage("O nome da empresa deve ter de 1 a 100 caracteres.")).toBe("name");
    expect(companyFieldOfMessage("Apenas administradores.")).toBeNull();
  });
});
