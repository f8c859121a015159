// C2: the search's words marked in a result, in any case.
import { describe, expect, it } from "vitest";
import { highlight } from "./highlight";

describe("highlight", () => {
  it("marks every occurrence, ignoring case, keeping the text as written", () => {
    expect(highlight("Boleto pago? O BOLETO venceu", "boleto")).toEqual([
      { text: "Boleto", match: true },
      { text: " pago? O ", match: false },
      { text: "BOLETO", match: true },
      { text: " venceu", match: false },
    ]);
  });

  it("leaves the text whole when the query is empty or absent", () => {
    expect(highlight("Oi", "  ")).toEqual([{ text: "Oi", match: false }]);
    expect(highlight("Oi", "xyz")).toEqual([{ text: "Oi", match: false }]);
  });
});
