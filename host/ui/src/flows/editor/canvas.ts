// The flow document ↔ the canvas (React Flow's nodes and edges), both ways. A node is drawn at
// its `ui.positions` place with one source handle per output port and the document's node in its
// data; an edge joins a port's handle to a node. Reading the canvas back gives the document's
// nodes, edges and layout in canvas order, everything else from the document: a round trip
// changes nothing.
import type { Edge, Node } from "@xyflow/react";
import type { Issue } from "../issues";
import { positionsOf, withPositions, type FlowDocument, type FlowEdge, type FlowNode, type Point } from "./flowDocument";

/**
 * A port handle on a node: `known` unless only an edge of the document names it and the server,
 * having answered, does not report it.
 */
export interface PortHandle {
  port: string;
  known: boolean;
}

export interface StepNodeData extends Record<string, unknown> {
  node: FlowNode;
  entry: boolean;
  /** The source handles, in the server's order, then the ports only edges name. */
  ports: PortHandle[];
  errors: number;
  warnings: number;
}

export interface FlowEdgeData extends Record<string, unknown> {
  /** The document edge's own id, when it has one. */
  id?: string;
}

export type StepCanvasNode = Node<StepNodeData, "step">;
export type FlowCanvasEdge = Edge<FlowEdgeData>;

/** What the canvas shows beyond the document: the ports and issues the server reported. */
export interface CanvasView {
  /**
   * Each node's output ports; a node absent here has no known ports (new, or with errors).
   * Null until the server first answers.
   */
  ports: Record<string, string[]> | null;
  issues: readonly Issue[];
}

export const emptyView: CanvasView = { ports: null, issues: [] };

/**
 * `known`'s ports, then the ports `doc`'s edges use from `node` that `known` lacks — marked not
 * known, unless `known` is null (no answer yet: the edges are taken at their word).
 */
export function portHandles(doc: FlowDocument, node: string, known: readonly string[] | undefined | null): PortHandle[] {
  const handles: PortHandle[] = (known ?? []).map((port) => ({ port, known: true }));
  for (const edge of doc.edges) {
    if (edge.from.node === node && !handles.some((h) => h.port === edge.from.port)) {
      handles.push({ port: edge.from.port, known: known === null });
    }
  }
  return handles;
}

/** The canvas id of the `index`th edge: its port, numbered when the document repeats a port. */
function edgeIds(edges: readonly FlowEdge[]): string[] {
  const seen = new Map<string, number>();
  return edges.map((edge) => {
    const key = `${edge.from.node}:${edge.from.port}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}

/** The canvas for `doc` (laid out: a node without a place is drawn at the origin). */
export function toCanvas(doc: FlowDocument, view: CanvasView = emptyView): { nodes: StepCanvasNode[]; edges: FlowCanvasEdge[] } {
  const positions = positionsOf(doc);
  const nodes: StepCanvasNode[] = doc.nodes.map((node) => {
    const [x, y] = positions[node.id] ?? [0, 0];
    const issues = view.issues.filter((i) => i.node === node.id);
    const errors = issues.filter((i) => i.severity === "error").length;
    return {
      id: node.id,
      type: "step",
      position: { x, y },
      data: {
        node,
        entry: doc.entry === node.id,
        ports: portHandles(doc, node.id, view.ports === null ? null : view.ports[node.id]),
        errors,
        warnings: issues.length - errors,
      },
    };
  });
  const ids = edgeIds(doc.edges);
  const edges: FlowCanvasEdge[] = doc.edges.map((edge, i) => ({
    id: ids[i],
    source: edge.from.node,
    sourceHandle: edge.from.port,
    target: edge.to,
    data: edge.id === undefined ? {} : { id: edge.id },
  }));
  return { nodes, edges };
}

/** The document the canvas shows: its nodes, edges and places, the rest of `doc` as it is. */
export function fromCanvas(doc: FlowDocument, nodes: readonly StepCanvasNode[], edges: readonly FlowCanvasEdge[]): FlowDocument {
  const positions: Record<string, Point> = {};
  for (const n of nodes) positions[n.id] = [n.position.x, n.position.y];
  const flowEdges: FlowEdge[] = edges.map((e) => {
    const edge: FlowEdge = { from: { node: e.source, port: e.sourceHandle ?? "" }, to: e.target };
    return e.data?.id === undefined ? edge : { id: e.data.id, ...edge };
  });
  return withPositions({ ...doc, nodes: nodes.map((n) => n.data.node), edges: flowEdges }, positions);
}

/** `doc` with the nodes `moves` names at their new places; `doc` itself when none moved. */
export function moveNodes(doc: FlowDocument, moves: readonly { id: string; position: { x: number; y: number } }[]): FlowDocument {
  const at = positionsOf(doc);
  const moved = new Map(moves.filter((m) => at[m.id]?.[0] !== m.position.x || at[m.id]?.[1] !== m.position.y).map((m) => [m.id, m.position]));
  if (moved.size === 0) return doc;
  const { nodes, edges } = toCanvas(doc);
  return fromCanvas(doc, nodes.map((n) => ({ ...n, position: moved.get(n.id) ?? n.position })), edges);
}

function sameNode(a: StepCanvasNode, b: StepCanvasNode): boolean {
  return (
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.selected === b.selected &&
    a.measured?.width === b.measured?.width &&
    a.measured?.height === b.measured?.height &&
    a.ariaLabel === b.ariaLabel &&
    a.data.node === b.data.node &&
    a.data.entry === b.data.entry &&
    a.data.errors === b.data.errors &&
    a.data.warnings === b.data.warnings &&
    a.data.ports.length === b.data.ports.length &&
    a.data.ports.every((p, i) => p.port === b.data.ports[i].port && p.known === b.data.ports[i].known)
  );
}

/**
 * `next`, with each node that did not change given back as the very object `previous` had: React
 * Flow then skips it and its component does not render again (a drag in a large flow redraws
 * only the moved nodes).
 */
export function keepUnchanged(previous: readonly StepCanvasNode[], next: StepCanvasNode[]): StepCanvasNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return next.map((n) => {
    const old = before.get(n.id);
    return old && sameNode(old, n) ? old : n;
  });
}
