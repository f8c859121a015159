// Reading a flow file the admin chose or dropped, and naming an export.
import { describe, expect, it } from "vitest";
import { MAX_FLOW_FILE_BYTES, exportFileName, parseFlowFile, readFlowFile } from "./flowFile";

describe("flow file", () => {
  it("reads a JSON object with its name (a BOM and blank lines are fine)", () => {
    expect(parseFlowFile('\uFEFF\n{"formatVersion":"1.0.0","name":" Boas-vindas "}\n')).toEqual({
      ok: true,
      document: { formatVersion: "1.0.0", name: " Boas-vindas " },
      name: "Boas-vindas",
    });
    expect(parseFlowFile('{"nodes":[]}')).toEqual({ ok: true, document: { nodes: [] }, name: null });
  });

  it("refuses an empty file, broken JSON and JSON that is not an object", () => {
    expect(parseFlowFile("  ")).toEqual({ ok: false, reason: "empty" });
    expect(parseFlowFile("{nodes:")).toEqual({ ok: false, reason: "notJson" });
    expect(parseFlowFile("[1,2]")).toEqual({ ok: false, reason: "notObject" });
    expect(parseFlowFile("null")).toEqual({ ok: false, reason: "notObject" });
  });

  it("does not read a file that is too large", async () => {
    const big = { size: MAX_FLOW_FILE_BYTES + 1, text: async () => "{}" };
    expect(await readFlowFile(big)).toEqual({ ok: false, reason: "tooLarge" });
    expect(await readFlowFile({ size: 2, text: async () => "{}" })).toEqual({ ok: true, document: {}, name: null });
  });

  it("names an export after the flow and its revision", () => {
    expect(exportFileName("Atendimento inicial", 3)).toBe("atendimento-inicial-r3.json");
    expect(exportFileName("Pesquisa de satisfação!", null)).toBe("pesquisa-de-satisfacao-rascunho.json");
    expect(exportFileName("***", 1)).toBe("fluxo-r1.json");
  });
});
