// Copy and paste: fresh ids, edges between the copied nodes remapped, places moved as a group.
import { describe, expect, it } from "vitest";
import { positionsOf } from "./flowDocument";
import { copyNodes, pasteNodes, readClipboard, writeClipboard } from "./clipboard";
import { demoFlow, everyKindFlow } from "./testFlows";

describe("copy and paste", () => {
  it("copies the selected nodes with the edges between them only", () => {
    const doc = everyKindFlow();
    const clip = copyNodes(doc, new Set(["menu", "pergunta", "fim"]))!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["menu", "pergunta", "fim"]);
    expect(clip.edges).toEqual([
      { from: { node: "menu", port: "a" }, to: "pergunta" },
      { from: { node: "menu", port: "timeout" }, to: "fim" },
    ]);
    expect(clip.positions).toEqual({ menu: [0, 0], pergunta: [320, -80], fim: [1920, -200] });
    expect(copyNodes(doc, new Set())).toBeNull();
  });

  it("pastes into the same flow under fresh ids, remapping the copied edges, at a place", () => {
    const doc = everyKindFlow();
    const clip = copyNodes(doc, new Set(["menu", "pergunta"]))!;
    const { doc: next, ids } = pasteNodes(doc, clip, [100, 200]);
    expect(ids).toEqual(["menu_2", "pergunta_2"]);
    expect(next.nodes.slice(-2).map((n) => n.id)).toEqual(ids);
    expect(next.nodes.at(-2)!.config).toEqual(doc.nodes[0].config);
    expect(next.edges.slice(doc.edges.length)).toEqual([{ from: { node: "menu_2", port: "a" }, to: "pergunta_2" }]);
    // The group's top-left corner (x of menu, y of pergunta) lands at the place.
    expect(positionsOf(next).menu_2).toEqual([100, 280]);
    expect(positionsOf(next).pergunta_2).toEqual([420, 200]);
    expect(next.entry).toBe("menu");
    const twice = pasteNodes(next, clip, [0, 0]);
    expect(twice.ids).toEqual(["menu_3", "pergunta_3"]);
  });

  it("keeps the ids that are free in another flow", () => {
    const clip = copyNodes(everyKindFlow(), new Set(["regra", "etiqueta"]))!;
    const { doc, ids } = pasteNodes(demoFlow(), clip, [0, 0]);
    expect(ids).toEqual(["regra", "etiqueta"]);
    expect(doc.edges.at(-1)).toEqual({ from: { node: "regra", port: "vip" }, to: "etiqueta" });
  });

  it("keeps the clipboard in the browser's storage, and reads nothing that is not one", () => {
    const kept = new Map<string, string>();
    const storage = { setItem: (k: string, v: string) => void kept.set(k, v), getItem: (k: string) => kept.get(k) ?? null };
    expect(readClipboard(storage)).toBeNull();
    const clip = copyNodes(everyKindFlow(), new Set(["menu"]))!;
    writeClipboard(storage, clip);
    expect(readClipboard(storage)).toEqual(clip);
    storage.setItem("atende.flowClipboard", '{"nodes": 1}');
    expect(readClipboard(storage)).toBeNull();
    storage.setItem("atende.flowClipboard", "{");
    expect(readClipboard(storage)).toBeNull();
  });
});
