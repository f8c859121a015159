// L5: a template's parameters in the order the templates plugin binds them.
import { describe, expect, it } from "vitest";
import { bodyText, complete, paramsOf, templateParams } from "./templateParams";

const POSITIONAL = [
  { type: "HEADER", format: "TEXT", text: "Act fast, {{1}}!" },
  { type: "BODY", text: "Your coupon code, {{1}}, expires in {{2}} days. Code {{1}} again." },
  {
    type: "BUTTONS",
    buttons: [
      { type: "URL", text: "See deals", url: "https://x.com/deals/{{1}}" },
      { type: "QUICK_REPLY", text: "Stop" },
      { type: "COPY_CODE", example: "CUPOM10" },
    ],
  },
];

describe("template parameters", () => {
  it("reads {{n}} header, body, then each button, each part from 1", () => {
    const p = templateParams(POSITIONAL);
    expect(p.positional.map((s) => [s.place.kind, s.n])).toEqual([
      ["header", 1],
      ["body", 1],
      ["body", 2],
      ["url", 1],
      ["code", 1],
    ]);
    expect(p.named).toEqual([]);
  });

  it("reads each {{name}} of the header and body once", () => {
    const p = templateParams([
      { type: "HEADER", format: "TEXT", text: "Olá {{nome}}" },
      { type: "BODY", text: "{{nome}}, sua reserva para {{convidados}} pessoas em {{dia}} está confirmada." },
    ]);
    expect(p).toEqual({ positional: [], named: ["nome", "convidados", "dia"] });
  });

  it("ignores an image header, braces around anything else, and bad input", () => {
    expect(templateParams([{ type: "HEADER", format: "IMAGE" }, { type: "BODY", text: "Oi {{ }} {{0}} {{a-b}}" }])).toEqual({ positional: [], named: [] });
    expect(templateParams(null)).toEqual({ positional: [], named: [] });
    expect(paramsOf("{{{1}}}")).toEqual([{ positional: 1 }]);
  });

  it("counts a gap as a value, as the plugin does", () => {
    expect(templateParams([{ type: "BODY", text: "{{3}}" }]).positional).toHaveLength(3);
  });

  it("is complete only when every value is filled", () => {
    const p = templateParams(POSITIONAL);
    expect(complete(p, ["a", "b", "c", "d"], {})).toBe(false);
    expect(complete(p, ["a", "b", " ", "d", "e"], {})).toBe(false);
    expect(complete(p, ["a", "b", "c", "d", "e"], {})).toBe(true);
    expect(bodyText(POSITIONAL)).toContain("Your coupon code");
  });
});
