// The document ↔ canvas conversion: a round trip changes nothing; handles come from the server's
// ports and the document's edges; issues are counted on their nodes.
import { describe, expect, it } from "vitest";
import { fromCanvas, keepUnchanged, moveNodes, portHandles, toCanvas } from "./canvas";
import { layoutMissing } from "./layout";
import { demoFlow, everyKindFlow } from "./testFlows";

describe("document ↔ canvas", () => {
  it("a round trip of the laid-out demo flow changes nothing", () => {
    const doc = layoutMissing(demoFlow());
    const { nodes, edges } = toCanvas(doc);
    expect(fromCanvas(doc, nodes, edges)).toEqual(doc);
  });

  it("a round trip of a flow with every kind of node, edge ids, settings and notes changes nothing", () => {
    const doc = everyKindFlow();
    const before = structuredClone(doc);
    const { nodes, edges } = toCanvas(doc, { ports: { menu: ["a", "no_match", "timeout", "text"] }, issues: [] });
    expect(fromCanvas(doc, nodes, edges)).toEqual(before);
    expect(doc).toEqual(before);
  });

  it("draws each node at its place with its document node, and each edge from its port's handle", () => {
    const doc = everyKindFlow();
    const { nodes, edges } = toCanvas(doc);
    const crm = nodes.find((n) => n.id === "crm")!;
    expect(crm.position).toEqual({ x: 480, y: -240.5 });
    expect(crm.data.node).toBe(doc.nodes[11]);
    expect(nodes.find((n) => n.id === "menu")!.data.entry).toBe(true);
    expect(crm.data.entry).toBe(false);
    expect(edges[0]).toMatchObject({ id: "menu:a", source: "menu", sourceHandle: "a", target: "pergunta", data: { id: "e1" } });
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
  });

  it("numbers the canvas ids of edges that repeat a port (an invalid document still draws)", () => {
    const doc = everyKindFlow();
    doc.edges.push({ from: { node: "menu", port: "a" }, to: "fim" });
    const { nodes, edges } = toCanvas(doc);
    expect(edges.at(-1)!.id).toBe("menu:a#2");
    expect(fromCanvas(doc, nodes, edges).edges).toEqual(doc.edges);
  });

  it("shows the server's ports in order, then ports only an edge names; none when nothing is known", () => {
    const doc = everyKindFlow();
    expect(portHandles(doc, "menu", ["a", "no_match", "timeout"])).toEqual([
      { port: "a", known: true },
      { port: "no_match", known: true },
      { port: "timeout", known: true },
      { port: "text", known: false },
    ]);
    expect(portHandles(doc, "fim", undefined)).toEqual([]);
    expect(portHandles(doc, "fim", [])).toEqual([]);
    expect(portHandles(doc, "crm", undefined)).toEqual([{ port: "found", known: false }]);
    // Before the server's first answer, the edges' ports are drawn as they are.
    expect(portHandles(doc, "crm", null)).toEqual([{ port: "found", known: true }]);
  });

  it("counts each node's errors and warnings", () => {
    const doc = everyKindFlow();
    const { nodes } = toCanvas(doc, {
      ports: {},
      issues: [
        { severity: "error", node: "regra", pointer: "/nodes/2/config", message: "x" },
        { severity: "warning", node: "regra", pointer: "/nodes/2", message: "y" },
        { severity: "warning", node: null, pointer: "/entry", message: "z" },
      ],
    });
    expect(nodes.find((n) => n.id === "regra")!.data).toMatchObject({ errors: 1, warnings: 1 });
    expect(nodes.find((n) => n.id === "menu")!.data).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("reads moved nodes back as the document's layout", () => {
    const doc = everyKindFlow();
    const { nodes, edges } = toCanvas(doc);
    const moved = nodes.map((n) => (n.id === "fim" ? { ...n, position: { x: 5, y: 7 } } : n));
    const next = fromCanvas(doc, moved, edges);
    expect(next.ui!.positions!.fim).toEqual([5, 7]);
    expect(next.ui!.notes).toEqual(doc.ui!.notes);
    expect(next.nodes).toEqual(doc.nodes);
  });
});

describe("moving nodes", () => {
  it("writes the new places, and gives the document itself back when nothing moved", () => {
    const doc = everyKindFlow();
    const next = moveNodes(doc, [{ id: "menu", position: { x: 40, y: 60 } }]);
    expect(next.ui!.positions!.menu).toEqual([40, 60]);
    expect(next.ui!.positions!.fim).toEqual([1920, -200]);
    expect(moveNodes(doc, [{ id: "menu", position: { x: 0, y: 0 } }])).toBe(doc);
  });
});

describe("unchanged nodes kept", () => {
  it("gives back the previous object of every node that did not change", () => {
    const doc = everyKindFlow();
    const before = toCanvas(doc).nodes;
    const moved = moveNodes(doc, [{ id: "menu", position: { x: 8, y: 8 } }]);
    const after = keepUnchanged(before, toCanvas(moved).nodes);
    expect(after.filter((n, i) => n !== before[i]).map((n) => n.id)).toEqual(["menu"]);
    const flagged = keepUnchanged(before, toCanvas(doc, { ports: null, issues: [{ severity: "error", node: "crm", pointer: "/nodes/11", message: "x" }] }).nodes);
    expect(flagged.filter((n, i) => n !== before[i]).map((n) => n.id)).toEqual(["crm"]);
    const answered = keepUnchanged(before, toCanvas(doc, { ports: { crm: ["found"] }, issues: [] }).nodes);
    expect(answered.filter((n, i) => n !== before[i]).map((n) => n.id)).toEqual(["menu", "pergunta", "regra", "etiqueta", "campos", "espera", "template", "agenda"]);
    expect(keepUnchanged(before, before.map((n) => (n.id === "fim" ? { ...n, selected: true } : { ...n }))).filter((n, i) => n !== before[i]).map((n) => n.id)).toEqual(["fim"]);
  });
});
