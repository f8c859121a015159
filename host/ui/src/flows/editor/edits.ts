// The editor's changes to a flow document, as pure functions: add a node of a step type, connect
// a port (one edge per port: connecting a port that has an edge replaces it), delete nodes and
// edges, make a node the entry, rename a node, replace its configuration. Each returns a new
// document; the history keeps the old one.
import { positionsOf, withPositions, type FlowDocument, type FlowEdge, type FlowNode, type Point, type PortRef } from "./flowDocument";

const MAX_ID_LENGTH = 64;

/** `base` as a node id: lower case, accents dropped, other characters as `_`. */
export function idBase(base: string): string {
  const slug = base
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return slug.slice(0, MAX_ID_LENGTH - 4) || "no";
}

/** `base` if no node has it, else `base_2`, `base_3` … the first one free. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = idBase(base);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function nodeIds(doc: FlowDocument): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

/** A new node: its type, the step's major version and a starting configuration. */
export interface NewNode {
  type: string;
  typeVersion: number;
  config: Record<string, unknown>;
}

/** `doc` with a node of `step` at `at`; it becomes the entry if the entry names no node. */
export function addNode(doc: FlowDocument, step: NewNode, at: Point): { doc: FlowDocument; id: string } {
  const ids = nodeIds(doc);
  const id = freshId(step.type, ids);
  const node: FlowNode = { id, type: step.type, typeVersion: step.typeVersion, config: step.config };
  const entry = ids.has(doc.entry) ? doc.entry : id;
  const next = { ...doc, entry, nodes: [...doc.nodes, node] };
  return { doc: withPositions(next, { ...positionsOf(doc), [id]: at }), id };
}

/** `doc` with `from` leading to `to`, instead of wherever it led before. */
export function connect(doc: FlowDocument, from: PortRef, to: string): FlowDocument {
  const kept = doc.edges.filter((e) => !(e.from.node === from.node && e.from.port === from.port));
  return { ...doc, edges: [...kept, { from: { ...from }, to }] };
}

/** `doc` without the edge from `from` (the port then ends the flow). */
export function disconnect(doc: FlowDocument, from: PortRef): FlowDocument {
  return { ...doc, edges: doc.edges.filter((e) => !(e.from.node === from.node && e.from.port === from.port)) };
}

/** `doc` without the nodes `ids` (their edges and places too) and without the `edges` given. */
export function deleteElements(doc: FlowDocument, ids: ReadonlySet<string>, edges: readonly FlowEdge[] = []): FlowDocument {
  const positions = Object.fromEntries(Object.entries(positionsOf(doc)).filter(([id]) => !ids.has(id)));
  const isDeleted = (e: FlowEdge) =>
    ids.has(e.from.node) || ids.has(e.to) || edges.some((d) => d.from.node === e.from.node && d.from.port === e.from.port && d.to === e.to);
  return withPositions({ ...doc, nodes: doc.nodes.filter((n) => !ids.has(n.id)), edges: doc.edges.filter((e) => !isDeleted(e)) }, positions);
}

export function setEntry(doc: FlowDocument, id: string): FlowDocument {
  return { ...doc, entry: id };
}

function updateNode(doc: FlowDocument, id: string, change: (node: FlowNode) => FlowNode): FlowDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

/** The node's display name; an empty one removes it (the id is shown instead). */
export function setLabel(doc: FlowDocument, id: string, label: string): FlowDocument {
  const trimmed = label.trim();
  return updateNode(doc, id, ({ label: _old, ...node }) => (trimmed ? { ...node, label: trimmed } : node));
}

export function setConfig(doc: FlowDocument, id: string, config: Record<string, unknown>): FlowDocument {
  return updateNode(doc, id, (node) => ({ ...node, config }));
}

/** A new node's size until the canvas measures it (about a content node's), and the step down. */
const NEW_WIDTH = 200;
const NEW_HEIGHT = 90;
const STEP_DOWN = 24;

/** A node's size on the canvas. */
export interface Size {
  width: number;
  height: number;
}

/**
 * `at`, or the first point below it where a new node overlaps no node of `doc`. Each node takes
 * the room the canvas measured for it (`sizes`, by id): a content node with many ports is far
 * taller than a new one; a node not measured yet is taken to be a new node's size.
 */
export function freePlace(doc: FlowDocument, at: Point, sizes: Record<string, Size> = {}): Point {
  const boxes = Object.entries(positionsOf(doc)).map(([id, [x, y]]) => {
    const size = sizes[id] ?? { width: NEW_WIDTH, height: NEW_HEIGHT };
    return { x, y, ...size };
  });
  const overlaps = ([x, y]: Point) =>
    boxes.some((b) => x < b.x + b.width && b.x < x + NEW_WIDTH && y < b.y + b.height && b.y < y + NEW_HEIGHT);
  let place = at;
  while (overlaps(place)) place = [place[0], place[1] + STEP_DOWN];
  return place;
}
