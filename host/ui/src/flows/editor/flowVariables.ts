// The variables a flow's texts may use, offered as suggestions in the node forms (issue 16
// part 3): the contact's system fields (the server's SYSTEM_VARIABLES in
// host/src/domain/flow/check.rs — the composer's list plus the flow's own `primeiro_nome` and
// `protocolo`), the account's custom fields, and the flow's variables — the declared ones
// (`variables: [{key}]`) and every `variable` a node's config sets. Validation names any other
// `{name}` as an error.
import { SYSTEM_VARIABLES, type VariableField } from "../../composer/variables";
import type { FlowDocument } from "./flowDocument";

/** The system fields a flow may use beyond the composer's. */
const FLOW_SYSTEM_VARIABLES: readonly VariableField[] = [
  { key: "primeiro_nome", label: "Primeiro nome" },
  { key: "protocolo", label: "Protocolo" },
];

/** The contact's fields: the system ones, then the account's custom ones. */
export function contactFields(custom: readonly { key: string; label: string }[]): VariableField[] {
  const system = [...SYSTEM_VARIABLES.slice(0, 1), FLOW_SYSTEM_VARIABLES[0], ...SYSTEM_VARIABLES.slice(1), FLOW_SYSTEM_VARIABLES[1]];
  return [...system, ...custom.map((f) => ({ key: f.key, label: f.label }))];
}

/** The flow's own variables: declared ones first, then those a node sets, each once, in order. */
export function flowVariableKeys(doc: FlowDocument): string[] {
  const keys: string[] = [];
  const add = (key: unknown) => {
    if (typeof key === "string" && key && !keys.includes(key)) keys.push(key);
  };
  const declared = Array.isArray(doc.variables) ? (doc.variables as unknown[]) : [];
  for (const v of declared) add((v as { key?: unknown } | null)?.key);
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key === "variable") add(item);
        walk(item);
      }
    }
  };
  doc.nodes.forEach((n) => walk(n.config));
  return keys;
}

/** Every variable a text of the flow may use, with `flowLabel` naming the flow's own. */
export function flowVariableFields(doc: FlowDocument, custom: readonly { key: string; label: string }[], flowLabel: string): VariableField[] {
  const fields = contactFields(custom);
  const seen = new Set(fields.map((f) => f.key));
  for (const key of flowVariableKeys(doc)) {
    if (!seen.has(key)) fields.push({ key, label: flowLabel });
    seen.add(key);
  }
  return fields;
}
