// A content node's options as a list: add, remove, move, retitle (the id follows the title).
import { describe, expect, it } from "vitest";
import { addOption, moveOption, readOptions, removeOption, retitleOption, setOptionId } from "./optionsList";

describe("options list", () => {
  it("adds an option whose id follows its title until the admin writes one", () => {
    let options = addOption([]);
    expect(options).toEqual([{ id: "opcao", title: "" }]);
    options = retitleOption(options, 0, "Vendas");
    expect(options).toEqual([{ id: "vendas", title: "Vendas" }]);
    options = retitleOption(options, 0, "Vendas já");
    expect(options[0].id).toBe("vendas_ja");
    options = addOption(options);
    options = retitleOption(options, 1, "Vendas já");
    expect(options[1].id).toBe("vendas_ja_2");
    options = setOptionId(options, 1, "comercial");
    options = retitleOption(options, 1, "Comercial");
    expect(options[1]).toEqual({ id: "comercial", title: "Comercial" });
  });

  it("removes and reorders", () => {
    const options = [{ id: "a", title: "A" }, { id: "b", title: "B" }, { id: "c", title: "C" }];
    expect(removeOption(options, 1).map((o) => o.id)).toEqual(["a", "c"]);
    expect(moveOption(options, 0, 1).map((o) => o.id)).toEqual(["b", "a", "c"]);
    expect(moveOption(options, 2, -1).map((o) => o.id)).toEqual(["a", "c", "b"]);
    expect(moveOption(options, 0, -1).map((o) => o.id)).toEqual(["a", "b", "c"]);
  });

  it("reads what the form holds", () => {
    expect(readOptions(undefined)).toEqual([]);
    expect(readOptions([{ id: "a" }, null])).toEqual([{ id: "a", title: "" }, { id: "", title: "" }]);
  });
});
