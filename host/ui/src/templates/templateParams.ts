// A template's parameters, read from its Meta `components` the way the templates plugin binds
// them (plugins/templates/src/bind.rs): `{{1}}`… in reading order — header text, body, then each
// button (a URL's numbers, a copy-code button's code), each part numbering from 1 — and every
// `{{name}}` of the header and body once. Also the text to show before a preview exists.

export type Place = { kind: "header" } | { kind: "body" } | { kind: "url"; button: number } | { kind: "code"; button: number };

export interface PositionalSlot {
  n: number;
  place: Place;
}

export interface TemplateParams {
  positional: PositionalSlot[];
  named: string[];
}

interface Component {
  type?: unknown;
  format?: unknown;
  text?: unknown;
  buttons?: unknown;
}

type Param = { positional: number } | { named: string };

/** The `{{…}}` parameters of a text, in order; braces around anything else are literal. */
export function paramsOf(text: string): Param[] {
  const out: Param[] = [];
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const inner = match[1].trim();
    if (/^\d+$/.test(inner)) {
      const n = Number(inner);
      if (n >= 1) out.push({ positional: n });
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) {
      out.push({ named: inner });
    }
  }
  return out;
}

function highest(text: string): number {
  return paramsOf(text).reduce((max, p) => ("positional" in p ? Math.max(max, p.positional) : max), 0);
}

function asComponents(components: unknown): Component[] {
  return Array.isArray(components) ? (components.filter((c) => c && typeof c === "object") as Component[]) : [];
}

function part(components: Component[], type: string): Component | undefined {
  return components.find((c) => typeof c.type === "string" && c.type.toUpperCase() === type);
}

function headerText(components: Component[]): string | null {
  const header = part(components, "HEADER");
  const format = typeof header?.format === "string" ? header.format.toUpperCase() : "TEXT";
  return header && format === "TEXT" && typeof header.text === "string" ? header.text : null;
}

export function bodyText(components: unknown): string {
  const body = part(asComponents(components), "BODY");
  return typeof body?.text === "string" ? body.text : "";
}

export function templateParams(components: unknown): TemplateParams {
  const list = asComponents(components);
  const positional: PositionalSlot[] = [];
  const named: string[] = [];
  const numbered = (text: string | null, place: Place) => {
    if (!text) return;
    for (let n = 1; n <= highest(text); n++) positional.push({ n, place });
  };
  const names = (text: string | null) => {
    if (!text) return;
    for (const p of paramsOf(text)) if ("named" in p && !named.includes(p.named)) named.push(p.named);
  };
  const header = headerText(list);
  const body = bodyText(list) || null;
  numbered(header, { kind: "header" });
  numbered(body, { kind: "body" });
  const buttons = part(list, "BUTTONS")?.buttons;
  if (Array.isArray(buttons)) {
    buttons.forEach((b: { type?: unknown; url?: unknown }, index) => {
      const type = typeof b?.type === "string" ? b.type.toUpperCase() : "";
      if (type === "URL" && typeof b.url === "string") numbered(b.url, { kind: "url", button: index + 1 });
      if (type === "COPY_CODE") positional.push({ n: 1, place: { kind: "code", button: index + 1 } });
    });
  }
  names(header);
  names(body);
  return { positional, named };
}

/** Whether every parameter has a non-blank value (the server refuses empty ones). */
export function complete(params: TemplateParams, positional: string[], named: Record<string, string>): boolean {
  return (
    params.positional.every((_, i) => (positional[i] ?? "").trim() !== "") &&
    params.named.every((name) => (named[name] ?? "").trim() !== "")
  );
}
