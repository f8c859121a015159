// The pure side of the "Templates" screen (C7, C14): a template's body text as Meta keeps it in
// its `components`, the example values its {{1}} / {{nome}} placeholders are previewed with,
// the filter by channel, category and status, and the body of a hand-made template.

export interface TemplateLike {
  id: number;
  channel_id: number;
  name: string;
  category: string;
  status: string;
  language: string;
  parameter_format: string;
  components: unknown[];
  deleted_at?: unknown;
}

interface Component {
  type?: string;
  text?: string;
}

/** The text of the template's BODY component ("" when it has none). */
export function bodyText(components: unknown[]): string {
  const body = components.find((c): c is Component => typeof c === "object" && c !== null && String((c as Component).type).toUpperCase() === "BODY");
  return body?.text ?? "";
}

/** The placeholders of the template's texts in reading order, each once: "1", "2" or "nome". */
export function placeholders(components: unknown[]): string[] {
  const seen: string[] = [];
  for (const c of components) {
    const text = typeof c === "object" && c !== null ? (c as Component).text : undefined;
    if (typeof text !== "string") continue;
    for (const m of text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
      if (!seen.includes(m[1])) seen.push(m[1]);
    }
  }
  return seen;
}

/** The example values a preview is rendered with: "[1]", "[nome]" … as the API takes them. */
export function exampleValues(t: TemplateLike): { positional?: string[]; named?: Record<string, string> } {
  const names = placeholders(t.components);
  if (t.parameter_format === "named") return { named: Object.fromEntries(names.map((n) => [n, `[${n}]`])) };
  return { positional: names.map((n) => `[${n}]`) };
}

export interface TemplateFilter {
  channelId: number | null;
  category: string;
  status: string;
}

export function filterTemplates<T extends TemplateLike>(items: T[], f: TemplateFilter): T[] {
  return items.filter(
    (t) => (f.channelId === null || t.channel_id === f.channelId) && (!f.category || t.category === f.category) && (!f.status || t.status === f.status),
  );
}

/** The statuses present, for the filter's options (the API's own words: APPROVED, PENDING …). */
export function statusesOf(items: TemplateLike[]): string[] {
  return [...new Set(items.map((t) => t.status))].sort();
}

/** The body of POST /api/v1/channels/{id}/templates for a template typed by hand. */
export function newTemplateBody(name: string, category: string, language: string, body: string) {
  return { name: name.trim(), category, language: language.trim() || "pt_BR", components: [{ type: "BODY", text: body }] };
}
