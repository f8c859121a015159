// A node's form from its step's JSON Schema (issue 16 part 3), the pure side: the uiSchema that
// labels each field in the UI's language and picks its widget (texts that take variables, the
// account's departments, agents, flows and templates, a content node's options as a list), the
// server's issues about the node placed on the field their JSON pointer names, and the schema
// validator's messages in the UI's language.
import type { ErrorSchema, RJSFValidationError, UiSchema } from "@rjsf/utils";
import type { Issue } from "../issues";

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** Texts in the UI's language, by key, when the UI has one (an uploaded step's own keys may have none). */
export interface FormLabels {
  field: (key: string) => string | undefined;
  option: (key: string, value: string) => string | undefined;
}

/** A string this long or longer is a text the contact reads: a textarea that suggests variables. */
const TEXT_MIN_LENGTH = 1024;
/** Fields that name a contact field (system or custom): the field keys are suggested. */
const FIELD_KEYS = new Set(["save_to", "key", "left"]);
/** The order fields are shown in, where a step has them; other fields follow in the schema's order. */
const ORDER = [
  "messages", "input", "kind", "text", "options", "variable", "save_to", "accept_free_text", "max_attempts", "retry_message",
  "assign", "department_id", "agent_id", "rules", "id", "match", "tests", "left", "op", "right",
  "name", "language", "parameters", "fields", "key", "value",
];
const rank = (key: string) => {
  const i = ORDER.indexOf(key);
  return i < 0 ? ORDER.length : i;
};
const PICKERS: Record<string, string> = { department_id: "department", agent_id: "agent", flow_id: "flow" };

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  return Array.isArray(type) ? (type.find((t) => t !== "null") as string | undefined) : (type as string | undefined);
}

/** The uiSchema for a value of `schema` at `key` (`path`: the keys from the config's root). */
function uiFor(stepType: string, schema: Schema, key: string | null, path: string[], labels: FormLabels): UiSchema {
  const ui: UiSchema = {};
  if (key !== null) {
    const title = labels.field(key);
    if (title) ui["ui:title"] = title;
  }
  const type = typeOf(schema);
  if (Array.isArray(schema.enum) && key !== null) {
    const names = schema.enum.map((v) => labels.option(key, String(v)) ?? String(v));
    ui["ui:enumNames"] = names;
  }
  if (key !== null && PICKERS[key] && (type === "integer" || type === "number")) ui["ui:widget"] = PICKERS[key];
  if (type === "string" && !Array.isArray(schema.enum)) {
    if (typeof schema.maxLength === "number" && schema.maxLength >= TEXT_MIN_LENGTH) ui["ui:widget"] = "variableText";
    else if (key !== null && FIELD_KEYS.has(key)) ui["ui:widget"] = "fieldKey";
  }
  if (stepType === "content" && path.join("/") === "input/options") return { ...ui, "ui:field": "options" };
  if (stepType === "send-template" && path.length === 1 && key === "name") return { ...ui, "ui:field": "template" };
  if (stepType === "send-template" && path.length === 1 && key === "language") return { ...ui, "ui:widget": "hidden" };
  if (type === "object" || isSchema(schema.properties)) {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    for (const [name, sub] of Object.entries(properties)) {
      if (isSchema(sub)) ui[name] = uiFor(stepType, sub, name, [...path, name], labels);
    }
    const names = Object.keys(properties);
    if (names.length > 1) ui["ui:order"] = [...names].sort((a, b) => rank(a) - rank(b));
  }
  if (type === "array" && isSchema(schema.items)) {
    // An item is named by its list, for screen readers (the list's title is on screen already).
    const item = uiFor(stepType, schema.items, key, path, labels);
    ui.items = { ...item, "ui:title": item["ui:title"] ?? key ?? "", "ui:classNames": "node-form-item" };
    if (typeOf(schema.items) === "string") ui.items["ui:emptyValue"] = "";
  }
  return ui;
}

/** The uiSchema of a node of `stepType` whose config `schema` describes. */
export function uiSchemaFor(stepType: string, schema: unknown, labels: FormLabels): UiSchema {
  if (!isSchema(schema)) return {};
  return {
    ...uiFor(stepType, schema, null, [], labels),
    "ui:submitButtonOptions": { norender: true },
    // An optional part (a content node's question) is added and taken away as a whole.
    "ui:globalOptions": { enableOptionalDataFieldForType: ["object"] },
  };
}

/** A JSON pointer's segments, unescaped (`~1` is `/`, `~0` is `~`). */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * The server's issues about the node at `nodeIndex` placed for its form: those whose pointer goes
 * inside `/nodes/<i>/config/…` on that field (an ErrorSchema, as rjsf's `extraErrors`), the
 * others (about the whole config or the node) in `general`.
 */
export function issuesForForm(issues: readonly Issue[], nodeIndex: number): { errorSchema: ErrorSchema; general: Issue[] } {
  const prefix = `/nodes/${nodeIndex}/config/`;
  const errorSchema: Record<string, unknown> = {};
  const general: Issue[] = [];
  for (const issue of issues) {
    if (!issue.pointer.startsWith(prefix)) {
      general.push(issue);
      continue;
    }
    let at = errorSchema;
    for (const segment of pointerSegments(issue.pointer.slice(prefix.length - 1))) {
      at[segment] ??= {};
      at = at[segment] as Record<string, unknown>;
    }
    const errors = (at.__errors as string[] | undefined) ?? [];
    at.__errors = [...errors, serverMessage(issue.message)];
  }
  return { errorSchema: errorSchema as ErrorSchema, general };
}

/**
 * The server's message without the part the field already says: `A configuração do nó "x" é
 * inválida em "/input/text": …` becomes what follows the colon.
 */
export function serverMessage(message: string): string {
  const match = /^A configuração do nó "[^"]*" é inválida em "[^"]*": (.*)$/s.exec(message);
  return match ? match[1] : message;
}

/** Messages for the schema validator's findings, by kind, in the UI's language. */
export interface ValidationTexts {
  required: () => string;
  minLength: (limit: number) => string;
  maxLength: (limit: number) => string;
  minimum: (limit: number) => string;
  maximum: (limit: number) => string;
  minItems: (limit: number) => string;
  maxItems: (limit: number) => string;
  enum: () => string;
  type: () => string;
  not: () => string;
  additionalProperties: (name: string) => string;
}

/** rjsf's errors (ajv's English messages) in the UI's language; kinds not listed keep ajv's text. */
export function translateErrors(errors: readonly RJSFValidationError[], texts: ValidationTexts): RJSFValidationError[] {
  return errors.map((error) => {
    const params = (error.params ?? {}) as Record<string, unknown>;
    const limit = Number(params.limit);
    let message: string | undefined;
    switch (error.name) {
      case "required":
        message = texts.required();
        break;
      case "minLength":
        message = limit === 1 ? texts.required() : texts.minLength(limit);
        break;
      case "maxLength":
        message = texts.maxLength(limit);
        break;
      case "minimum":
        message = texts.minimum(limit);
        break;
      case "maximum":
        message = texts.maximum(limit);
        break;
      case "minItems":
        message = texts.minItems(limit);
        break;
      case "maxItems":
        message = texts.maxItems(limit);
        break;
      case "enum":
        message = texts.enum();
        break;
      case "type":
        message = texts.type();
        break;
      case "not":
        message = texts.not();
        break;
      case "additionalProperties":
        message = texts.additionalProperties(String(params.additionalProperty ?? ""));
        break;
    }
    return message === undefined ? error : { ...error, message, stack: `${error.property ?? ""} ${message}`.trim() };
  });
}
