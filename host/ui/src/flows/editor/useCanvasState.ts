// The canvas's side of the editor: React Flow's nodes and edges for the document (with the
// selection, each node's measured size and names for screen readers), and React Flow's changes
// read back — a selection, a size, a move (a drag is one undo step: its first move commits, the
// next ones replace it). Nodes that did not change keep their object, so React Flow skips them.
import { MarkerType, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useMemo, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { keepUnchanged, moveNodes, toCanvas, type CanvasView, type FlowCanvasEdge, type StepCanvasNode } from "./canvas";
import type { FlowDocument } from "./flowDocument";
import type { FlowHistory } from "./useFlowHistory";

const edgeMarker = { type: MarkerType.ArrowClosed, width: 18, height: 18 };

type Size = { width: number; height: number };

/** A set with the `select` changes applied. */
function selectionAfter(previous: ReadonlySet<string>, changes: readonly { id: string; selected: boolean }[]): ReadonlySet<string> {
  const next = new Set(previous);
  for (const change of changes) {
    if (change.selected) next.add(change.id);
    else next.delete(change.id);
  }
  return next;
}

export function useCanvasState(doc: FlowDocument, view: CanvasView, titles: ReadonlyMap<string, string>, history: Pick<FlowHistory, "change" | "preview">) {
  const { t } = useI18n();
  const { change, preview } = history;
  const [selectedNodes, setSelectedNodes] = useState<ReadonlySet<string>>(new Set());
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(new Map());
  const dragging = useRef(false);

  const canvas = useMemo(() => toCanvas(doc, view), [doc, view]);
  const shown = useRef<StepCanvasNode[]>([]);
  const nodes = useMemo(() => {
    const next = canvas.nodes.map((n) => ({
      ...n,
      selected: selectedNodes.has(n.id),
      measured: sizes.get(n.id),
      ariaLabel: t("flowEditor.nodeAria", { type: titles.get(n.data.node.type) ?? n.data.node.type, name: n.data.node.label ?? n.id }),
    }));
    shown.current = keepUnchanged(shown.current, next);
    return shown.current;
  }, [canvas, selectedNodes, sizes, titles, t]);
  const edges = useMemo(
    () =>
      canvas.edges.map((e) => ({
        ...e,
        selected: selectedEdges.has(e.id),
        markerEnd: edgeMarker,
        ariaLabel: t("flowEditor.edgeAria", { from: e.source, port: e.sourceHandle ?? "", to: e.target }),
      })),
    [canvas, selectedEdges, t],
  );

  const select = useCallback((ids: Iterable<string>) => {
    setSelectedNodes(new Set(ids));
    setSelectedEdges(new Set());
  }, []);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepCanvasNode>[]) => {
      const measured = changes.flatMap((c) => (c.type === "dimensions" && c.dimensions ? [{ id: c.id, size: c.dimensions }] : []));
      if (measured.length > 0) {
        setSizes((previous) => {
          const next = new Map(previous);
          for (const m of measured) next.set(m.id, m.size);
          return next;
        });
      }
      const selects = changes.flatMap((c) => (c.type === "select" ? [c] : []));
      if (selects.length > 0) setSelectedNodes((previous) => selectionAfter(previous, selects));
      const moves = changes.flatMap((c) => (c.type === "position" && c.position ? [{ id: c.id, position: c.position, dragging: !!c.dragging }] : []));
      if (moves.length > 0) {
        // A drag is one step: its first move commits, the next ones replace it.
        const edit = (d: typeof doc) => moveNodes(d, moves);
        if (dragging.current) preview(edit);
        else change(edit);
        dragging.current = moves.some((m) => m.dragging);
      }
    },
    [change, preview],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<FlowCanvasEdge>[]) => {
    const selects = changes.flatMap((c) => (c.type === "select" ? [c] : []));
    if (selects.length > 0) setSelectedEdges((previous) => selectionAfter(previous, selects));
  }, []);

  return { canvas, nodes, edges, selectedNodes, select, onNodesChange, onEdgesChange };
}
