// Plugins (A4) as the admin screen shows and uploads them: the shipped ones apart from the
// account's own, the label of each kind, the manifest written from the form's fields, and where
// a refusal of an upload goes (the server's code says whether the manifest or the component).
import type { components } from "../api/schema";
import type { MessageKey } from "../i18n";

export type PluginView = components["schemas"]["PluginView"];
export type PluginKind = components["schemas"]["PluginKind"];

export const PLUGIN_KINDS: readonly PluginKind[] = ["flow-step", "field-validator", "variable-expander", "template-renderer"];

export const KIND_LABEL: Record<PluginKind, MessageKey> = {
  "flow-step": "plugins.kindFlowStep",
  "field-validator": "plugins.kindFieldValidator",
  "variable-expander": "plugins.kindVariableExpander",
  "template-renderer": "plugins.kindTemplateRenderer",
};

/** The shipped plugins and the account's, each by name. */
export function splitPlugins(items: readonly PluginView[]): { shipped: PluginView[]; own: PluginView[] } {
  const byName = (a: PluginView, b: PluginView) => a.name.localeCompare(b.name, "pt-BR");
  return {
    shipped: items.filter((p) => p.origin === "shipped").sort(byName),
    own: items.filter((p) => p.origin === "account").sort(byName),
  };
}

/** The fields of the "Preencher" form. */
export interface ManifestFields {
  name: string;
  version: string;
  kind: PluginKind;
  description: string;
}

/** The manifest JSON the fields make (trimmed; the server checks every field again). */
export function manifestFromFields(f: ManifestFields): string {
  return JSON.stringify(
    { name: f.name.trim(), version: f.version.trim(), kind: f.kind, description: f.description.trim() },
    null,
    2,
  );
}

/** Name and version read from a manifest file, to say what is about to be sent; null when it is not readable. */
export function manifestSummary(text: string): { name: string; version: string } | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const { name, version } = value as Record<string, unknown>;
    if (typeof name !== "string" || typeof version !== "string") return null;
    return { name, version };
  } catch {
    return null;
  }
}

/** Which part of the upload form a refusal is about, from the server's error code. */
export function uploadErrorPart(code: string): "manifest" | "component" | "form" {
  if (code === "invalid_manifest" || code === "conflict") return "manifest";
  if (code === "invalid_component" || code === "payload_too_large") return "component";
  return "form";
}

/** A size in bytes as people read it ("58 KB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
