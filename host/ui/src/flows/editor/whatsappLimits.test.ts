// WhatsApp's limits on a content node's options, as the server words them.
import { describe, expect, it } from "vitest";
import { canAddOption, charCount, deliveryOf, idNotes, optionId, optionsNotes, titleNotes } from "./whatsappLimits";

const opts = (...titles: string[]) => titles.map((title, i) => ({ id: `o${i}`, title }));

describe("WhatsApp limits", () => {
  it("sends up to 3 options of up to 20 characters as buttons, otherwise a list", () => {
    expect(deliveryOf(opts("Vendas", "Suporte", "Financeiro"))).toBe("buttons");
    expect(deliveryOf(opts("a", "b", "c", "d"))).toBe("list");
    expect(deliveryOf(opts("x".repeat(20)))).toBe("buttons");
    expect(deliveryOf(opts("Segunda via de boleto"))).toBe("list");
  });

  it("flags a title over 20 characters as going in a list, and over 24 as refused", () => {
    expect(titleNotes(opts("Vendas"), 0)).toEqual([]);
    expect(titleNotes(opts("x".repeat(21)), 0)).toEqual([{ severity: "note", message: expect.stringContaining("20 caracteres") }]);
    expect(titleNotes(opts("a", "x".repeat(25)), 1)).toEqual([{ severity: "error", message: "O título da opção 2 passa de 24 caracteres." }]);
    expect(titleNotes(opts(" "), 0)[0].severity).toBe("error");
    // Characters as code points, as the server counts them.
    expect(charCount("👍👍")).toBe(2);
    expect(titleNotes(opts("👍".repeat(20)), 0)).toEqual([]);
  });

  it("refuses ids that are empty, repeated, too long or a port of the node itself", () => {
    const options = [
      { id: "a", title: "A" },
      { id: "a", title: "B" },
      { id: "timeout", title: "C" },
      { id: "", title: "D" },
      { id: "x".repeat(65), title: "E" },
    ];
    expect(idNotes(options, 0)).toEqual([]);
    expect(idNotes(options, 1)[0].message).toBe('O id "a" aparece em mais de uma opção.');
    expect(idNotes(options, 2)[0].message).toBe('A opção 3 não pode ter o id "timeout", reservado ao próprio nó.');
    expect(idNotes(options, 3)[0].message).toBe("A opção 4 precisa de id e de título.");
    expect(idNotes(options, 4)[0].message).toBe("O id da opção 5 passa de 64 caracteres.");
  });

  it("counts the options: 1 to 10, more than 3 go as a list", () => {
    expect(optionsNotes([])[0]).toEqual({ severity: "error", message: "A escolha deve ter de 1 a 10 opções; tem 0." });
    expect(optionsNotes(opts("a", "b", "c"))).toEqual([]);
    expect(optionsNotes(opts("a", "b", "c", "d"))[0].severity).toBe("note");
    expect(optionsNotes(opts(..."abcdefghijk"))[0].severity).toBe("error");
    expect(canAddOption(opts(..."abcdefghi"))).toBe(true);
    expect(canAddOption(opts(..."abcdefghij"))).toBe(false);
  });

  it("makes an option's id from its title, unique and clear of the node's ports", () => {
    expect(optionId("Falar com Vendas", [])).toBe("falar_com_vendas");
    expect(optionId("Ação!", [])).toBe("acao");
    expect(optionId("Vendas", ["vendas"])).toBe("vendas_2");
    expect(optionId("Timeout", [])).toBe("timeout_2");
    expect(optionId("", [])).toBe("opcao");
  });
});
