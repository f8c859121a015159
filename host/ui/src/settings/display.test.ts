// The settings panel's display of stored values.
import { describe, expect, it } from "vitest";
import { brDate, fieldText, formatCnpj, formatCpf } from "./display";

describe("settings display", () => {
  it("writes dates, CNPJ and CPF as Brazilians read them", () => {
    expect(brDate("1990-05-31")).toBe("31/05/1990");
    expect(brDate(null)).toBe("");
    expect(formatCnpj("11222333000181")).toBe("11.222.333/0001-81");
    expect(formatCnpj("12abc34501de35")).toBe("12.ABC.345/01DE-35");
    expect(formatCpf("52998224725")).toBe("529.982.247-25");
  });

  it("writes custom field values as text", () => {
    expect(fieldText(true, "Sim", "Não")).toBe("Sim");
    expect(fieldText("2026-01-02", "Sim", "Não")).toBe("02/01/2026");
    expect(fieldText(null, "Sim", "Não")).toBe("");
    expect(fieldText("Ouro", "Sim", "Não")).toBe("Ouro");
  });
});
