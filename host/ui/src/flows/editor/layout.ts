// Automatic layout of a flow that has none (an imported or hand-written file): dagre places the
// nodes left to right, in ranks along the edges, and the result is written to `ui.positions`.
// A flow whose every node already has a place is returned as it is: the admin's layout is
// never moved.
import dagre from "@dagrejs/dagre";
import { isLaidOut, positionsOf, withPositions, type FlowDocument, type Point } from "./flowDocument";

/** The size a node is laid out with: its box on the canvas, taller with each port it shows. */
export const NODE_WIDTH = 200;
const NODE_BASE_HEIGHT = 72;
const PORT_HEIGHT = 22;

function nodeHeight(doc: FlowDocument, id: string): number {
  const ports = new Set(doc.edges.filter((e) => e.from.node === id).map((e) => e.from.port));
  return NODE_BASE_HEIGHT + PORT_HEIGHT * ports.size;
}

/** Positions for every node of `doc`, left to right (top-left corners, whole numbers). */
export function autoLayout(doc: FlowDocument): Record<string, Point> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: 28, ranksep: 56, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const node of doc.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight(doc, node.id) });
  doc.edges.forEach((edge, i) => {
    if (ids.has(edge.from.node) && ids.has(edge.to)) graph.setEdge(edge.from.node, edge.to, {}, `${i}`);
  });
  dagre.layout(graph);
  const positions: Record<string, Point> = {};
  for (const node of doc.nodes) {
    const placed = graph.node(node.id);
    positions[node.id] = [Math.round(placed.x - placed.width / 2), Math.round(placed.y - placed.height / 2)];
  }
  return positions;
}

/** `doc` itself when laid out; else with the nodes that have no place put where the layout puts them. */
export function layoutMissing(doc: FlowDocument): FlowDocument {
  if (isLaidOut(doc)) return doc;
  const kept = positionsOf(doc);
  const placed = autoLayout(doc);
  const positions: Record<string, Point> = {};
  for (const node of doc.nodes) positions[node.id] = Array.isArray(kept[node.id]) ? kept[node.id] : placed[node.id];
  return withPositions(doc, positions);
}
