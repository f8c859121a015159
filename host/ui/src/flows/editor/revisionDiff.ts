// What changed between two versions of a flow (issue 16 part 6), for the "Revisões" panel: the
// nodes added, removed and changed (which of their type, version, label and config), the edges
// added and removed, and whether the entry, the name or the rest of the document (settings,
// variables) changed. The layout (`ui`) is left out: moving a node changes nothing a contact sees.
import type { FlowDocument, FlowEdge, FlowNode } from "./flowDocument";

export type NodeChange = "type" | "label" | "config";

export interface FlowDiff {
  added: string[];
  removed: string[];
  changed: { id: string; what: NodeChange[] }[];
  edgesAdded: FlowEdge[];
  edgesRemoved: FlowEdge[];
  entry: { from: string; to: string } | null;
  name: { from: string; to: string } | null;
  /** Settings, variables or any other part of the document beyond nodes, edges, entry and name. */
  other: boolean;
}

/** A value as canonical JSON (object keys sorted), so key order never counts as a change. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const edgeKey = (e: FlowEdge) => `${e.from.node}\u0000${e.from.port}\u0000${e.to}`;

function nodeChanges(a: FlowNode, b: FlowNode): NodeChange[] {
  const what: NodeChange[] = [];
  if (a.type !== b.type || a.typeVersion !== b.typeVersion) what.push("type");
  if ((a.label ?? "") !== (b.label ?? "")) what.push("label");
  if (canonical(a.config ?? {}) !== canonical(b.config ?? {})) what.push("config");
  return what;
}

// An export also carries the flow's `id` and its `revision`: not part of what runs.
const KNOWN = new Set(["nodes", "edges", "entry", "name", "ui", "formatVersion", "id", "revision"]);
const rest = (doc: FlowDocument) => canonical(Object.fromEntries(Object.entries(doc).filter(([k]) => !KNOWN.has(k))));

/** What changed from `before` to `after`, nodes in the order each document has them. */
export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const changed = after.nodes.flatMap((n) => {
    const was = old.get(n.id);
    const what = was ? nodeChanges(was, n) : [];
    return what.length > 0 ? [{ id: n.id, what }] : [];
  });
  const oldEdges = new Set((before.edges ?? []).map(edgeKey));
  const newEdges = new Set((after.edges ?? []).map(edgeKey));
  return {
    added: after.nodes.filter((n) => !old.has(n.id)).map((n) => n.id),
    removed: before.nodes.filter((n) => !now.has(n.id)).map((n) => n.id),
    changed,
    edgesAdded: (after.edges ?? []).filter((e) => !oldEdges.has(edgeKey(e))),
    edgesRemoved: (before.edges ?? []).filter((e) => !newEdges.has(edgeKey(e))),
    entry: before.entry !== after.entry ? { from: before.entry, to: after.entry } : null,
    name: before.name !== after.name ? { from: before.name, to: after.name } : null,
    other: rest(before) !== rest(after),
  };
}

export function isSame(diff: FlowDiff): boolean {
  return (
    diff.added.length + diff.removed.length + diff.changed.length + diff.edgesAdded.length + diff.edgesRemoved.length === 0 &&
    !diff.entry &&
    !diff.name &&
    !diff.other
  );
}

/** How each node of the later version is marked on the canvas: added or changed. */
export function highlights(diff: FlowDiff): Map<string, "added" | "changed"> {
  const marks = new Map<string, "added" | "changed">();
  for (const id of diff.added) marks.set(id, "added");
  for (const c of diff.changed) marks.set(c.id, "changed");
  return marks;
}
