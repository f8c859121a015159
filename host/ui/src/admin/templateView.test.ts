import { describe, expect, it } from "vitest";
import { bodyText, exampleValues, filterTemplates, newTemplateBody, placeholders, statusesOf, type TemplateLike } from "./templateView";

const tpl = (over: Partial<TemplateLike>): TemplateLike => ({
  id: 1, channel_id: 1, name: "t", category: "utility", status: "APPROVED", language: "pt_BR", parameter_format: "positional",
  components: [{ type: "HEADER", format: "TEXT", text: "Olá {{1}}" }, { type: "BODY", text: "Seu pedido {{2}} chega {{1}}." }],
  ...over,
});

describe("templates", () => {
  it("reads the body and the placeholders in order", () => {
    expect(bodyText(tpl({}).components)).toBe("Seu pedido {{2}} chega {{1}}.");
    expect(placeholders(tpl({}).components)).toEqual(["1", "2"]);
    expect(bodyText([])).toBe("");
  });
  it("makes example values positional or named", () => {
    expect(exampleValues(tpl({}))).toEqual({ positional: ["[1]", "[2]"] });
    const named = tpl({ parameter_format: "named", components: [{ type: "BODY", text: "Oi {{nome}}" }] });
    expect(exampleValues(named)).toEqual({ named: { nome: "[nome]" } });
  });
  it("filters by channel, category and status", () => {
    const items = [tpl({ id: 1 }), tpl({ id: 2, channel_id: 2, status: "PENDING" }), tpl({ id: 3, category: "marketing" })];
    expect(filterTemplates(items, { channelId: null, category: "", status: "" }).map((t) => t.id)).toEqual([1, 2, 3]);
    expect(filterTemplates(items, { channelId: 2, category: "", status: "" }).map((t) => t.id)).toEqual([2]);
    expect(filterTemplates(items, { channelId: null, category: "marketing", status: "APPROVED" }).map((t) => t.id)).toEqual([3]);
    expect(statusesOf(items)).toEqual(["APPROVED", "PENDING"]);
  });
  it("builds a hand-made template", () => {
    expect(newTemplateBody(" aviso ", "utility", "", "Oi {{1}}")).toEqual({ name: "aviso", category: "utility", language: "pt_BR", components: [{ type: "BODY", text: "Oi {{1}}" }] });
  });
});
