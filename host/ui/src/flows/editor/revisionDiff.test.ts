// What changed between two versions of a flow: nodes, edges, entry, name, the rest; never the layout.
import { describe, expect, it } from "vitest";
import { exportedDocument, type FlowDocument } from "./flowDocument";
import { canonical, diffFlows, highlights, isSame } from "./revisionDiff";

const base: FlowDocument = {
  formatVersion: "1.0.0",
  name: "Boas-vindas",
  entry: "oi",
  nodes: [
    { id: "oi", type: "content", typeVersion: 1, config: { messages: ["Oi"] } },
    { id: "menu", type: "content", typeVersion: 1, label: "Menu", config: { input: { kind: "text" }, messages: ["?"] } },
    { id: "fim", type: "end", typeVersion: 1, config: {} },
  ],
  edges: [
    { from: { node: "oi", port: "next" }, to: "menu" },
    { from: { node: "menu", port: "next" }, to: "fim" },
  ],
  ui: { positions: { oi: [0, 0], menu: [100, 0], fim: [200, 0] } },
};

describe("revision diff", () => {
  it("finds nothing between a document and itself, whatever the layout or key order", () => {
    const moved: FlowDocument = {
      ...base,
      nodes: base.nodes.map((n) => (n.id === "menu" ? { ...n, config: { messages: ["?"], input: { kind: "text" } } } : n)),
      ui: { positions: { oi: [50, 50] } },
    };
    expect(isSame(diffFlows(base, moved))).toBe(true);
    // An export's id and revision are not differences.
    expect(isSame(diffFlows({ ...base, id: 3, revision: 2 }, base))).toBe(true);
    expect(exportedDocument({ ...base, id: 3, revision: 2 })).toEqual(base);
    expect(canonical({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
  });

  it("lists nodes added, removed and changed, edges added and removed, entry and name", () => {
    const after: FlowDocument = {
      ...base,
      name: "Boas-vindas 2",
      entry: "menu",
      variables: [{ key: "pedido" }],
      nodes: [
        { id: "menu", type: "content", typeVersion: 1, label: "Menu principal", config: { input: { kind: "text" }, messages: ["Qual?"] } },
        { id: "fim", type: "end", typeVersion: 2, config: {} },
        { id: "fila", type: "open-service", typeVersion: 1, config: { assign: "none" } },
      ],
      edges: [
        { from: { node: "menu", port: "next" }, to: "fim" },
        { from: { node: "menu", port: "no_match" }, to: "fila" },
      ],
    };
    const diff = diffFlows(base, after);
    expect(diff.added).toEqual(["fila"]);
    expect(diff.removed).toEqual(["oi"]);
    expect(diff.changed).toEqual([
      { id: "menu", what: ["label", "config"] },
      { id: "fim", what: ["type"] },
    ]);
    expect(diff.edgesAdded).toEqual([{ from: { node: "menu", port: "no_match" }, to: "fila" }]);
    expect(diff.edgesRemoved).toEqual([{ from: { node: "oi", port: "next" }, to: "menu" }]);
    expect(diff.entry).toEqual({ from: "oi", to: "menu" });
    expect(diff.name).toEqual({ from: "Boas-vindas", to: "Boas-vindas 2" });
    expect(diff.other).toBe(true);
    expect(isSame(diff)).toBe(false);
    expect([...highlights(diff)]).toEqual([
      ["fila", "added"],
      ["menu", "changed"],
      ["fim", "changed"],
    ]);
  });
});
