// A new node's starting configuration from its step's schema: the required fields only.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "./defaultConfig";

describe("default config", () => {
  it("is empty for a step that requires nothing", () => {
    expect(defaultConfig({ type: "object", properties: { messages: { type: "array" } } })).toEqual({});
    expect(defaultConfig(undefined)).toEqual({});
  });

  it("fills each required field with the simplest value of its kind", () => {
    const condition = {
      type: "object",
      required: ["rules"],
      properties: {
        rules: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            required: ["id", "tests"],
            properties: { id: { type: "string" }, match: { enum: ["all", "any"] }, tests: { type: "array", minItems: 1, items: { type: "object", required: ["op"], properties: { op: { enum: ["eq", "neq"] } } } } },
          },
        },
      },
    };
    expect(defaultConfig(condition)).toEqual({ rules: [{ id: "", tests: [{ op: "eq" }] }] });
    const delay = { type: "object", required: ["duration_ms", "on", "kind", "mode"], properties: { duration_ms: { type: "integer", minimum: 1000 }, on: { type: "boolean" }, kind: { const: "x" }, mode: { type: "string", default: "fast" } } };
    expect(defaultConfig(delay)).toEqual({ duration_ms: 1000, on: false, kind: "x", mode: "fast" });
    expect(defaultConfig({ type: "object", required: ["assign"], properties: { assign: { enum: ["none", "department"] } } })).toEqual({ assign: "none" });
  });
});
