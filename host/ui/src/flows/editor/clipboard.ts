// Copy and paste of nodes: the selected nodes with the edges between them and their places are
// copied; pasting gives each node a fresh id (its own when free, else `id_2` …), points the
// copied edges at the new ids, and places the group with its top-left corner at a given point.
// Edges to nodes left out of the copy are not copied. The clipboard is plain JSON kept in the
// browser's storage, so it travels between flows.
import { positionsOf, withPositions, type FlowDocument, type FlowEdge, type FlowNode, type Point } from "./flowDocument";
import { freshId, nodeIds } from "./edits";

export interface Clipboard {
  nodes: FlowNode[];
  edges: FlowEdge[];
  positions: Record<string, Point>;
}

/** The nodes `ids` of `doc` with the edges between them, or null when none is selected. */
export function copyNodes(doc: FlowDocument, ids: ReadonlySet<string>): Clipboard | null {
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const all = positionsOf(doc);
  const positions = Object.fromEntries(nodes.map((n) => [n.id, all[n.id] ?? ([0, 0] as Point)]));
  const edges = doc.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to)).map(({ id: _id, ...edge }) => edge);
  return { nodes, edges, positions };
}

const STORAGE_KEY = "atende.flowClipboard";

/** Keeps `clip` in `storage` (localStorage) for a paste here or in another flow. */
export function writeClipboard(storage: Pick<Storage, "setItem">, clip: Clipboard): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(clip));
}

/** The clipboard kept in `storage`, or null when there is none (or it is not one). */
export function readClipboard(storage: Pick<Storage, "getItem">): Clipboard | null {
  let clip: Clipboard | null;
  try {
    clip = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null") as Clipboard | null;
  } catch {
    return null;
  }
  const valid = !!clip && Array.isArray(clip.nodes) && Array.isArray(clip.edges) && typeof clip.positions === "object" && clip.positions !== null;
  return valid ? clip : null;
}

/** `doc` with `clip`'s nodes added under fresh ids, their top-left corner at `at`; the new ids in order. */
export function pasteNodes(doc: FlowDocument, clip: Clipboard, at: Point): { doc: FlowDocument; ids: string[] } {
  const taken = nodeIds(doc);
  const renamed = new Map<string, string>();
  for (const node of clip.nodes) {
    const id = freshId(node.id, taken);
    taken.add(id);
    renamed.set(node.id, id);
  }
  const places = clip.nodes.map((n) => clip.positions[n.id] ?? ([0, 0] as Point));
  const left = Math.min(...places.map((p) => p[0]));
  const top = Math.min(...places.map((p) => p[1]));
  const positions = { ...positionsOf(doc) };
  const nodes = clip.nodes.map((node, i) => {
    const id = renamed.get(node.id)!;
    positions[id] = [places[i][0] - left + at[0], places[i][1] - top + at[1]];
    return { ...node, id };
  });
  const edges = clip.edges
    .filter((e) => renamed.has(e.from.node) && renamed.has(e.to))
    .map((e) => ({ from: { node: renamed.get(e.from.node)!, port: e.from.port }, to: renamed.get(e.to)! }));
  const next = { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] };
  return { doc: withPositions(next, positions), ids: nodes.map((n) => n.id) };
}
