// Automatic layout: only a flow with nodes missing a place is laid out, left to right.
import { describe, expect, it } from "vitest";
import { isLaidOut, positionsOf } from "./flowDocument";
import { layoutMissing, NODE_WIDTH } from "./layout";
import { demoFlow, everyKindFlow } from "./testFlows";

describe("auto layout", () => {
  it("lays out a flow without layout left to right, every node placed apart", () => {
    const doc = layoutMissing(demoFlow());
    expect(isLaidOut(doc)).toBe(true);
    const at = positionsOf(doc);
    expect(Object.keys(at).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    // Each edge goes right: its target is in a later column.
    for (const edge of doc.edges) expect(at[edge.to][0]).toBeGreaterThan(at[edge.from.node][0] + NODE_WIDTH - 1);
    const places = new Set(Object.values(at).map(([x, y]) => `${x},${y}`));
    expect(places.size).toBe(doc.nodes.length);
  });

  it("leaves a laid-out flow as it is (the same document)", () => {
    const doc = everyKindFlow();
    expect(layoutMissing(doc)).toBe(doc);
  });

  it("places only the nodes missing a place, keeping the others and the other ui keys", () => {
    const doc = everyKindFlow();
    delete doc.ui!.positions!.fim;
    const laid = layoutMissing(doc);
    expect(positionsOf(laid).menu).toEqual([0, 0]);
    expect(positionsOf(laid).fim).toHaveLength(2);
    expect(laid.ui!.notes).toEqual(doc.ui!.notes);
  });
});
