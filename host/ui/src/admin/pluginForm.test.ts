// A4 plugins: shipped and own apart, the manifest from the fields, a manifest file read, where a refusal goes.
import { describe, expect, it } from "vitest";
import { formatBytes, manifestFromFields, manifestSummary, splitPlugins, uploadErrorPart, type PluginView } from "./pluginForm";

const p = (name: string, origin: "shipped" | "account") => ({ name, origin }) as PluginView;

describe("plugins", () => {
  it("splits shipped from the account's, each by name", () => {
    const { shipped, own } = splitPlugins([p("zeta", "account"), p("variables", "shipped"), p("alfa", "account"), p("content", "shipped")]);
    expect(shipped.map((x) => x.name)).toEqual(["content", "variables"]);
    expect(own.map((x) => x.name)).toEqual(["alfa", "zeta"]);
  });

  it("writes the manifest from the fields, trimmed", () => {
    const json = manifestFromFields({ name: " noop ", version: "1.0.0 ", kind: "variable-expander", description: " x " });
    expect(JSON.parse(json)).toEqual({ name: "noop", version: "1.0.0", kind: "variable-expander", description: "x" });
  });

  it("reads name and version from a manifest file, or nothing", () => {
    expect(manifestSummary('{"name":"noop","version":"0.1.0","kind":"flow-step"}')).toEqual({ name: "noop", version: "0.1.0" });
    expect(manifestSummary("{não é json")).toBeNull();
    expect(manifestSummary('{"name":1}')).toBeNull();
    expect(manifestSummary("null")).toBeNull();
  });

  it("puts a refusal on the manifest, the component or the form", () => {
    expect(uploadErrorPart("invalid_manifest")).toBe("manifest");
    expect(uploadErrorPart("conflict")).toBe("manifest");
    expect(uploadErrorPart("invalid_component")).toBe("component");
    expect(uploadErrorPart("payload_too_large")).toBe("component");
    expect(uploadErrorPart("forbidden")).toBe("form");
  });

  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(60_257)).toBe("59 KB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });
});
