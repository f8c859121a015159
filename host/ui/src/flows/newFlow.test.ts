import { describe, expect, it } from "vitest";
import { readDocument } from "./editor/flowDocument";
import { NEW_FLOW_END, newFlowDocument } from "./newFlow";

describe("newFlowDocument", () => {
  it("makes a flow of one end node, its entry, under the trimmed name", () => {
    const doc = newFlowDocument("  Boas-vindas ");
    expect(doc).toMatchObject({ name: "Boas-vindas", entry: NEW_FLOW_END, edges: [] });
    const read = readDocument(doc);
    expect(read.nodes.map((n) => [n.id, n.type])).toEqual([[NEW_FLOW_END, "end"]]);
  });

  it("refuses a blank name", () => {
    expect(newFlowDocument("   ")).toBeNull();
    expect(newFlowDocument("")).toBeNull();
  });
});
