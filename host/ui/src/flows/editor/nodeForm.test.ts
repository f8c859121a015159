// A node's form: the uiSchema from its step's schema, the server's issues on their fields, the
// validator's messages translated.
import { describe, expect, it } from "vitest";
import { issuesForForm, pointerSegments, serverMessage, translateErrors, uiSchemaFor, type FormLabels, type ValidationTexts } from "./nodeForm";

const labels: FormLabels = {
  field: (key) => ({ messages: "Mensagens", input: "Pergunta", text: "Texto", department_id: "Departamento" })[key],
  option: (key, value) => (key === "assign" && value === "department" ? "Um departamento" : undefined),
};

const content = {
  type: "object",
  properties: {
    messages: { type: "array", items: { type: "string", maxLength: 4096 } },
    input: {
      type: "object",
      properties: {
        kind: { enum: ["choice", "text"] },
        text: { type: "string", maxLength: 1024 },
        save_to: { type: "string", maxLength: 64 },
        options: { type: "array", items: { type: "object", properties: { id: { type: "string" }, title: { type: "string" } } } },
      },
    },
  },
};

describe("node form", () => {
  it("labels fields, suggests variables in texts and uses the options list for a content node", () => {
    const ui = uiSchemaFor("content", content, labels);
    expect(ui["ui:submitButtonOptions"]).toEqual({ norender: true });
    expect(ui["ui:globalOptions"]).toEqual({ enableOptionalDataFieldForType: ["object"] });
    expect(ui.messages["ui:title"]).toBe("Mensagens");
    expect(ui.messages.items["ui:widget"]).toBe("variableText");
    expect(ui.messages.items["ui:title"]).toBe("Mensagens");
    expect(ui.messages.items["ui:classNames"]).toBe("node-form-item");
    expect(ui.messages.items["ui:emptyValue"]).toBe("");
    expect(ui.input["ui:title"]).toBe("Pergunta");
    expect(ui.input.text["ui:widget"]).toBe("variableText");
    expect(ui.input.save_to["ui:widget"]).toBe("fieldKey");
    expect(ui.input.kind["ui:enumNames"]).toEqual(["choice", "text"]);
    expect(ui.input.options["ui:field"]).toBe("options");
    expect(ui["ui:order"]).toEqual(["messages", "input"]);
    expect(ui.input["ui:order"]).toEqual(["kind", "text", "options", "save_to"]);
    // Another step's array of objects stays a plain list.
    expect(uiSchemaFor("other", content, labels).input.options["ui:field"]).toBeUndefined();
  });

  it("picks departments, agents and templates from the account's own", () => {
    const openService = { type: "object", properties: { assign: { enum: ["none", "department"] }, department_id: { type: "integer" }, agent_id: { type: "integer" } } };
    const ui = uiSchemaFor("open-service", openService, labels);
    expect(ui.assign["ui:enumNames"]).toEqual(["none", "Um departamento"]);
    expect(ui.department_id).toEqual({ "ui:title": "Departamento", "ui:widget": "department" });
    expect(ui.agent_id["ui:widget"]).toBe("agent");
    const template = { type: "object", properties: { name: { type: "string" }, language: { type: "string" }, parameters: { type: "array", items: { type: "string", maxLength: 1024 } } } };
    const tui = uiSchemaFor("send-template", template, labels);
    expect(tui.name["ui:field"]).toBe("template");
    expect(tui.language["ui:widget"]).toBe("hidden");
    expect(tui.parameters.items["ui:widget"]).toBe("variableText");
    expect(uiSchemaFor("x", null, labels)).toEqual({});
  });

  it("puts the server's issues on the field their pointer names", () => {
    const issues = [
      { severity: "error" as const, node: "a", pointer: "/nodes/2/config/input/options/0/title", message: 'A configuração do nó "a" é inválida em "/input/options/0/title": too long' },
      { severity: "error" as const, node: "a", pointer: "/nodes/2/config/input/text", message: "A variável {xyz} não existe." },
      { severity: "error" as const, node: "a", pointer: "/nodes/2/config", message: "Informe o departamento." },
      { severity: "warning" as const, node: "a", pointer: "/nodes/2", message: "Não alcançável." },
      { severity: "error" as const, node: "a", pointer: "/nodes/2/config/a~1b", message: "x" },
    ];
    const { errorSchema, general } = issuesForForm(issues, 2);
    expect(errorSchema).toEqual({
      input: { options: { 0: { title: { __errors: ["too long"] } } }, text: { __errors: ["A variável {xyz} não existe."] } },
      "a/b": { __errors: ["x"] },
    });
    expect(general.map((i) => i.pointer)).toEqual(["/nodes/2/config", "/nodes/2"]);
    expect(issuesForForm(issues, 1).general).toHaveLength(5);
    expect(pointerSegments("/a/~0b")).toEqual(["a", "~b"]);
    expect(serverMessage("Outra coisa")).toBe("Outra coisa");
  });

  it("translates the validator's messages by their kind", () => {
    const texts: ValidationTexts = {
      required: () => "Obrigatório.",
      minLength: (n) => `Pelo menos ${n}.`,
      maxLength: (n) => `No máximo ${n} caracteres.`,
      minimum: (n) => `>= ${n}`,
      maximum: (n) => `<= ${n}`,
      minItems: (n) => `min ${n}`,
      maxItems: (n) => `max ${n}`,
      enum: () => "Escolha.",
      type: () => "Tipo.",
      not: () => "Não.",
      additionalProperties: (name) => `Campo ${name}.`,
    };
    const out = translateErrors(
      [
        { name: "maxLength", property: ".input.text", message: "must NOT have more than 24 characters", params: { limit: 24 }, stack: "", schemaPath: "" },
        { name: "minLength", property: ".x", message: "must NOT have fewer than 1 characters", params: { limit: 1 }, stack: "", schemaPath: "" },
        { name: "format", property: ".y", message: "must match format", params: {}, stack: "s", schemaPath: "" },
      ],
      texts,
    );
    expect(out.map((e) => e.message)).toEqual(["No máximo 24 caracteres.", "Obrigatório.", "must match format"]);
  });
});
