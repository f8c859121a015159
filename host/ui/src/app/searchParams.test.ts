// The URL's search params: digits written bare and read back without losing any; the rest as
// TanStack's default has it.
import { describe, expect, it } from "vitest";
import { parseSearch, stringifySearch } from "./searchParams";

describe("search params", () => {
  it("writes a CNPJ or a phone as its digits", () => {
    expect(stringifySearch({ cnpj: "11222333000181" })).toBe("?cnpj=11222333000181");
    expect(stringifySearch({ target_phone: "5521999998888" })).toBe("?target_phone=5521999998888");
  });

  it("reads digits as a number while exact, as text beyond", () => {
    expect(parseSearch("?cnpj=11222333000181")).toEqual({ cnpj: 11222333000181 });
    expect(parseSearch("?cnpj=04252011000110")).toEqual({ cnpj: "04252011000110" });
    expect(parseSearch("?q=123456789012345678901")).toEqual({ q: "123456789012345678901" });
    expect(parseSearch("?tag=3&import=12")).toEqual({ tag: 3, import: 12 });
  });

  it("keeps the default for everything else", () => {
    expect(stringifySearch({ view: "mine", unread: true, tag: 3 })).toBe("?view=mine&unread=true&tag=3");
    expect(parseSearch("?view=mine&unread=true&tag=3")).toEqual({ view: "mine", unread: true, tag: 3 });
    expect(stringifySearch({ q: "true" })).toBe("?q=%22true%22");
    expect(parseSearch(stringifySearch({ q: "true" }))).toEqual({ q: "true" });
    expect(parseSearch("?redirect=%2Fchat%2F5")).toEqual({ redirect: "/chat/5" });
    expect(parseSearch("?q=Carla%20Contato")).toEqual({ q: "Carla Contato" });
  });
});
