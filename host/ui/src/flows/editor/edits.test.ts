// The editor's changes: fresh ids, adding a node, one edge per port, deleting, entry, label, config.
import { describe, expect, it } from "vitest";
import { positionsOf } from "./flowDocument";
import { addNode, connect, deleteElements, disconnect, freePlace, freshId, idBase, setConfig, setEntry, setLabel } from "./edits";
import { everyKindFlow } from "./testFlows";

describe("flow edits", () => {
  it("makes ids from names, free of the taken ones", () => {
    expect(idBase("Open Service")).toBe("open_service");
    expect(idBase("Conteúdo-1")).toBe("conteudo_1");
    expect(idBase("!!!")).toBe("no");
    expect(freshId("open-service", new Set())).toBe("open_service");
    expect(freshId("fim", new Set(["fim", "fim_2"]))).toBe("fim_3");
    expect(freshId("a".repeat(80), new Set()).length).toBeLessThanOrEqual(64);
  });

  it("adds a node of a step type at a place, with the step's major version and config", () => {
    const doc = everyKindFlow();
    const { doc: next, id } = addNode(doc, { type: "end", typeVersion: 1, config: {} }, [10, 20]);
    expect(id).toBe("end");
    expect(next.nodes.at(-1)).toEqual({ id: "end", type: "end", typeVersion: 1, config: {} });
    expect(positionsOf(next).end).toEqual([10, 20]);
    expect(next.entry).toBe("menu");
    const again = addNode(next, { type: "end", typeVersion: 1, config: {} }, [0, 0]);
    expect(again.id).toBe("end_2");
  });

  it("makes the first node of a flow whose entry names no node its entry", () => {
    const doc = { ...everyKindFlow(), entry: "sumiu" };
    expect(addNode(doc, { type: "end", typeVersion: 1, config: {} }, [0, 0]).doc.entry).toBe("end");
  });

  it("keeps one edge per port: connecting a connected port replaces its edge", () => {
    const doc = everyKindFlow();
    const next = connect(doc, { node: "menu", port: "a" }, "fim");
    expect(next.edges.filter((e) => e.from.node === "menu" && e.from.port === "a")).toEqual([{ from: { node: "menu", port: "a" }, to: "fim" }]);
    expect(next.edges).toHaveLength(doc.edges.length);
    const added = connect(doc, { node: "fim", port: "next" }, "menu");
    expect(added.edges).toHaveLength(doc.edges.length + 1);
    expect(disconnect(added, { node: "fim", port: "next" }).edges).toEqual(doc.edges);
  });

  it("deletes nodes with their edges and places, and single edges", () => {
    const doc = everyKindFlow();
    const next = deleteElements(doc, new Set(["regra"]), [{ from: { node: "menu", port: "a" }, to: "pergunta" }]);
    expect(next.nodes.map((n) => n.id)).not.toContain("regra");
    expect(next.edges.some((e) => e.from.node === "regra" || e.to === "regra")).toBe(false);
    expect(next.edges.some((e) => e.from.node === "menu" && e.from.port === "a")).toBe(false);
    expect(next.edges).toHaveLength(doc.edges.length - 5);
    expect(positionsOf(next).regra).toBeUndefined();
    expect(next.ui!.notes).toEqual(doc.ui!.notes);
  });

  it("sets the entry, a label (empty: none) and a configuration", () => {
    const doc = everyKindFlow();
    expect(setEntry(doc, "fim").entry).toBe("fim");
    expect(setLabel(doc, "fim", "  Tchau ").nodes.find((n) => n.id === "fim")!.label).toBe("Tchau");
    expect("label" in setLabel(doc, "menu", " ").nodes.find((n) => n.id === "menu")!).toBe(false);
    expect(setConfig(doc, "fim", { reason: "ok" }).nodes.find((n) => n.id === "fim")!.config).toEqual({ reason: "ok" });
    expect(doc.nodes.find((n) => n.id === "fim")!.config).toEqual({});
  });

  it("finds the first place below a taken one where a new node overlaps none", () => {
    const doc = everyKindFlow();
    expect(freePlace(doc, [0, 200])).toEqual([0, 200]);
    // menu is at [0, 0]; pergunta at [320, -80] is too far right to matter.
    expect(freePlace(doc, [100, 40])).toEqual([100, 112]);
    // Measured 140 px tall (a content node with several ports), menu keeps the new node lower.
    expect(freePlace(doc, [100, 40], { menu: { width: 180, height: 140 } })).toEqual([100, 160]);
  });
});
