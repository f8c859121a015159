// The flow document (format 1) as the editor reads and writes it: nodes `{id, type,
// typeVersion, label?, config}`, edges from `(node, port)` to a node, the entry node, and the
// layout under `ui.positions` (`{"<node id>": [x, y]}`), which the runtime ignores. Every other
// field (name, settings, variables, other `ui` keys) is carried through untouched.

export interface FlowNode {
  id: string;
  type: string;
  typeVersion: number;
  label?: string;
  config: Record<string, unknown>;
}

export interface PortRef {
  node: string;
  port: string;
}

export interface FlowEdge {
  id?: string;
  from: PortRef;
  to: string;
}

export type Point = [number, number];

export interface FlowUi {
  positions?: Record<string, Point>;
  [key: string]: unknown;
}

export interface FlowDocument {
  formatVersion: string;
  name: string;
  entry: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  ui?: FlowUi;
  [key: string]: unknown;
}

/** The document as the server keeps a draft (a JSON object), read for the editor: edges default to none. */
export function readDocument(value: unknown): FlowDocument {
  const doc = value as FlowDocument;
  return { ...doc, nodes: doc.nodes ?? [], edges: doc.edges ?? [] };
}

/** Where each node is drawn, as far as the layout says. */
export function positionsOf(doc: FlowDocument): Record<string, Point> {
  const positions = doc.ui?.positions;
  return positions && typeof positions === "object" ? positions : {};
}

/** `doc` with `positions` as its layout (the other `ui` keys kept). */
export function withPositions(doc: FlowDocument, positions: Record<string, Point>): FlowDocument {
  return { ...doc, ui: { ...doc.ui, positions } };
}

/** Whether every node has a place in the layout. */
export function isLaidOut(doc: FlowDocument): boolean {
  const positions = positionsOf(doc);
  return doc.nodes.every((n) => Array.isArray(positions[n.id]));
}

/**
 * A document from an export (`GET /api/v1/flows/{id}/export`), which adds the flow's `id` and the
 * `revision` to the file, as a draft: those two left out.
 */
export function exportedDocument(value: unknown): FlowDocument {
  const { id: _id, revision: _revision, ...doc } = readDocument(value);
  return doc as FlowDocument;
}
