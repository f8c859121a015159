// L5, A5: the number rules of the server's target_phone, for the field's message.
import { describe, expect, it } from "vitest";
import { phoneProblem } from "./phone";

describe("Número do cliente", () => {
  it("takes DDD and number, with hyphens, or with the 55 country code", () => {
    expect(phoneProblem("21999999999", false)).toBeNull();
    expect(phoneProblem("21-99999-9999", false)).toBeNull();
    expect(phoneProblem("2133334444", false)).toBeNull();
    expect(phoneProblem("5521999999999", false)).toBeNull();
  });

  it("refuses parentheses, other characters, and wrong lengths", () => {
    expect(phoneProblem("(21) 99999-9999", false)).toBe("newChat.phoneParentheses");
    expect(phoneProblem("21 99999 9999", false)).toBe("newChat.phoneCharacters");
    expect(phoneProblem("999999", false)).toBe("newChat.phoneDomestic");
    expect(phoneProblem("", false)).toBe("newChat.phoneRequired");
  });

  it("takes 8 to 15 digits for a foreign number", () => {
    expect(phoneProblem("14155550123", true)).toBeNull();
    expect(phoneProblem("1234567", true)).toBe("newChat.phoneForeign");
  });
});
