// A2: the typed support code and the sentence the console answers with.
import { describe, expect, it } from "vitest";
import { normaliseCode, verdictOf } from "./supportCodeCheck";

describe("support code check", () => {
  it("writes the code as it is shown to the account's users", () => {
    expect(normaliseCode(" gd2 dxp ")).toBe("GD2DXP");
    expect(normaliseCode("GD2DXP")).toBe("GD2DXP");
    expect(normaliseCode("   ")).toBe("");
  });

  it("names the account the code belongs to", () => {
    expect(verdictOf("GD2DXP", [{ name: "Demo" }])).toEqual({ key: "reseller.verify.one", params: { code: "GD2DXP", name: "Demo" } });
  });

  it("says when none of the reseller's accounts has it", () => {
    expect(verdictOf("ZZZZZZ", [])).toEqual({ key: "reseller.verify.none", params: { code: "ZZZZZZ" } });
  });

  it("names every account when more than one has it", () => {
    expect(verdictOf("AB", [{ name: "Demo" }, { name: "Padaria" }])).toEqual({
      key: "reseller.verify.many",
      params: { code: "AB", names: "Demo, Padaria" },
    });
  });
});
