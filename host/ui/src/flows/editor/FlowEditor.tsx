// The visual flow editor (issue 16 parts 1–5, first cut): the draft drawn on a React Flow canvas
// (pan, zoom, minimap, controls; select, move, connect, delete), the palette of step types, the
// selected node's side form and the validation issues. Every change is a step of the undo
// history; the document is validated as the admin edits (debounced) and autosaved. The logic is
// in the pure modules beside this one; this component wires them to React Flow and the page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import type { FlowView } from "../../queries/flows";
import { showToast } from "../../ui/toast";
import { useDebounced } from "../../ui/useDebounced";
import { hasErrors } from "../issues";
import { PublishDialog } from "../PublishDialog";
import { moveNodes, toCanvas, type FlowCanvasEdge, type StepCanvasNode } from "./canvas";
import { copyNodes, isClipboard, pasteNodes } from "./clipboard";
import { defaultConfig } from "./defaultConfig";
import { addNode, connect, deleteElements, disconnect, freePlace, setConfig, setEntry, setLabel } from "./edits";
import { NodeActionsContext, type NodeActions } from "./editorContext";
import { validationQuery, type StepType } from "./editorApi";
import { readDocument, type Point } from "./flowDocument";
import { IssuesPanel } from "./IssuesPanel";
import { layoutMissing, NODE_WIDTH } from "./layout";
import { NodeInspector } from "./NodeInspector";
import { commandOf, isTyping, type Command } from "./shortcuts";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { StepNode } from "./StepNode";
import { StepPalette } from "./StepPalette";
import { useAutosave, type SaveState } from "./useAutosave";
import { useFlowHistory } from "./useFlowHistory";

export const VALIDATE_DELAY_MS = 400;
const CLIPBOARD_KEY = "atende.flowClipboard";
const nodeTypes = { step: StepNode };
const edgeMarker = { type: MarkerType.ArrowClosed, width: 18, height: 18 };
const FIT_VIEW = { padding: 0.1, maxZoom: 1 };

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

interface Props {
  flow: FlowView;
  steps: StepType[];
}

export function FlowEditor({ flow, steps }: Props) {
  const { t } = useI18n();
  const reactFlow = useReactFlow<StepCanvasNode, FlowCanvasEdge>();
  const history = useFlowHistory(() => layoutMissing(readDocument(flow.draft)));
  const { doc, change, preview } = history;
  const save = useAutosave(flow.id, doc, flow.draft);
  const checked = useDebounced(doc, VALIDATE_DELAY_MS);
  const validation = useQuery({ ...validationQuery(flow.id, checked), placeholderData: keepPreviousData });
  const issues = validation.data?.issues;
  const blocked = issues !== undefined && hasErrors(issues);

  const [selectedNodes, setSelectedNodes] = useState<ReadonlySet<string>>(new Set());
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(new Map());
  const [helpOpen, setHelpOpen] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const dragging = useRef(false);
  const pastes = useRef(0);
  const canvasBox = useRef<HTMLDivElement>(null);

  const titles = useMemo(() => new Map(steps.map((s) => [s.type, s.title])), [steps]);
  const canvas = useMemo(
    () => toCanvas(doc, { ports: validation.data?.ports ?? {}, issues: issues ?? [] }),
    [doc, validation.data, issues],
  );
  const nodes = useMemo(
    () =>
      canvas.nodes.map((n) => ({
        ...n,
        selected: selectedNodes.has(n.id),
        measured: sizes.get(n.id),
        ariaLabel: t("flowEditor.nodeAria", { type: titles.get(n.data.node.type) ?? n.data.node.type, name: n.data.node.label ?? n.id }),
      })),
    [canvas, selectedNodes, sizes, titles, t],
  );
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

  // The whole flow in view once every node has its size (React Flow's own fitView may run before).
  const fitted = useRef(false);
  const measuredAll = nodes.every((n) => n.measured);
  useEffect(() => {
    if (fitted.current || !measuredAll) return;
    fitted.current = true;
    void reactFlow.fitView(FIT_VIEW);
  }, [measuredAll, reactFlow]);

  const select = useCallback((ids: Iterable<string>) => {
    setSelectedNodes(new Set(ids));
    setSelectedEdges(new Set());
  }, []);

  /** The centre of the visible canvas, in flow coordinates, as a new node's top-left corner. */
  const viewCentre = useCallback((): Point => {
    const box = canvasBox.current?.getBoundingClientRect();
    if (!box) return [0, 0];
    const centre = reactFlow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
    return [Math.round(centre.x - NODE_WIDTH / 2), Math.round(centre.y - 40)];
  }, [reactFlow]);

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

  const onConnect = useCallback(
    (connection: Connection) => {
      const port = connection.sourceHandle;
      if (port) change((d) => connect(d, { node: connection.source, port }, connection.target));
    },
    [change],
  );

  const onDelete: OnDelete<StepCanvasNode, FlowCanvasEdge> = useCallback(
    ({ nodes: gone, edges: cut }) => {
      const ids = new Set(gone.map((n) => n.id));
      change((d) => deleteElements(d, ids, cut.map((e) => ({ from: { node: e.source, port: e.sourceHandle ?? "" }, to: e.target }))));
      setSelectedNodes(new Set());
      setSelectedEdges(new Set());
    },
    [change],
  );

  const addStep = (step: StepType) => {
    const at = freePlace(doc, viewCentre());
    const added = addNode(doc, { type: step.type, typeVersion: step.type_version, config: defaultConfig(step.config_schema) }, at);
    change(() => added.doc);
    select([added.id]);
  };

  const showNode = (id: string) => {
    const node = reactFlow.getInternalNode(id);
    if (!node) return;
    select([id]);
    const { width = NODE_WIDTH, height = 80 } = node.measured;
    void reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: reactFlow.getZoom(), duration: 300 });
    canvasBox.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus({ preventScroll: true });
  };

  const run = (command: Command) => {
    switch (command) {
      case "undo":
        history.undo();
        break;
      case "redo":
        history.redo();
        break;
      case "copy": {
        const clip = copyNodes(doc, selectedNodes);
        if (!clip) break;
        localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(clip));
        pastes.current = 0;
        showToast(t("flowEditor.copied", { n: clip.nodes.length }));
        break;
      }
      case "paste": {
        let clip: unknown = null;
        try {
          clip = JSON.parse(localStorage.getItem(CLIPBOARD_KEY) ?? "null");
        } catch {
          clip = null;
        }
        if (!isClipboard(clip)) break;
        pastes.current += 1;
        const [x, y] = viewCentre();
        const pasted = pasteNodes(doc, clip, [x + 24 * pastes.current, y + 24 * pastes.current]);
        change(() => pasted.doc);
        select(pasted.ids);
        break;
      }
      case "help":
        setHelpOpen(true);
        break;
    }
  };
  const runRef = useRef(run);
  runRef.current = run;
  const selectedRef = useRef(selectedNodes);
  selectedRef.current = selectedNodes;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target)) return;
      const command = commandOf(event);
      if (!command) return;
      // Ctrl+C with text selected on the page, or no node selected, is the browser's copy.
      if (command === "copy" && (selectedRef.current.size === 0 || window.getSelection()?.toString())) return;
      event.preventDefault();
      runRef.current(command);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const actions: NodeActions = useMemo(
    () => ({
      titleOf: (type) => titles.get(type),
      makeEntry: (id) => change((d) => setEntry(d, id)),
      remove: (id) => {
        change((d) => deleteElements(d, new Set([id])));
        setSelectedNodes(new Set());
      },
    }),
    [titles, change],
  );

  const publish = async () => {
    if (await save.flush()) setPublishing(true);
  };

  const inspected = selectedNodes.size === 1 ? doc.nodes.find((n) => selectedNodes.has(n.id)) : undefined;
  const inspectedCanvas = inspected && canvas.nodes.find((n) => n.id === inspected.id);

  return (
    <NodeActionsContext.Provider value={actions}>
      <header className="flow-editor-head">
        <Link to="/admin/flows" className="link-button">
          ← {t("flowsPage.title")}
        </Link>
        <h1>{doc.name}</h1>
        <SaveStatus state={save.state} onRetry={() => void save.flush()} />
        <div className="flow-editor-actions" role="toolbar" aria-label={t("flowEditor.toolbar")}>
          <button type="button" className="btn" onClick={history.undo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">
            {t("flowEditor.undo")}
          </button>
          <button type="button" className="btn" onClick={history.redo} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y">
            {t("flowEditor.redo")}
          </button>
          <button type="button" className="btn" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t("flowEditor.shortcuts")}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void publish()}
            disabled={blocked}
            aria-describedby={blocked ? "flow-editor-blocked" : undefined}
          >
            {t("flowsPage.publish")}
          </button>
        </div>
        {blocked && (
          <p className="error-text flow-editor-blocked" id="flow-editor-blocked">
            {t("flowsPage.publishBlocked")}
          </p>
        )}
      </header>
      <div className="flow-editor-body">
        <StepPalette steps={steps} onAdd={addStep} />
        <div className="flow-editor-canvas" ref={canvasBox} data-testid="flow-canvas">
          <ReactFlow<StepCanvasNode, FlowCanvasEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onDelete={onDelete}
            deleteKeyCode={["Delete", "Backspace"]}
            multiSelectionKeyCode={["Control", "Meta"]}
            selectionKeyCode="Shift"
            snapToGrid
            snapGrid={[8, 8]}
            minZoom={0.1}
            maxZoom={2}
            ariaLabelConfig={{
              "node.a11yDescription.default": t("flowEditor.a11y.node"),
              "node.a11yDescription.keyboardDisabled": t("flowEditor.a11y.node"),
              "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }) => t("flowEditor.a11y.moved", { direction, x, y }),
              "edge.a11yDescription.default": t("flowEditor.a11y.edge"),
              "controls.ariaLabel": t("flowEditor.a11y.controls"),
              "controls.zoomIn.ariaLabel": t("flowEditor.a11y.zoomIn"),
              "controls.zoomOut.ariaLabel": t("flowEditor.a11y.zoomOut"),
              "controls.fitView.ariaLabel": t("flowEditor.a11y.fitView"),
              "controls.interactive.ariaLabel": t("flowEditor.a11y.interactive"),
              "minimap.ariaLabel": t("flowEditor.a11y.minimap"),
              "handle.ariaLabel": t("flowEditor.a11y.handle"),
            }}
          >
            <Background gap={16} />
            <MiniMap<StepCanvasNode> pannable zoomable nodeColor={(n) => (n.data.errors > 0 ? "#c62828" : n.data.warnings > 0 ? "#c98a00" : "#0f766e")} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <aside className="flow-editor-side" aria-label={t("flowEditor.side")}>
          {inspected && inspectedCanvas ? (
            <NodeInspector
              doc={doc}
              node={inspected}
              title={titles.get(inspected.type) ?? inspected.type}
              ports={inspectedCanvas.data.ports}
              issues={(issues ?? []).filter((i) => i.node === inspected.id)}
              onLabel={(label) => change((d) => setLabel(d, inspected.id, label))}
              onConfig={(config) => change((d) => setConfig(d, inspected.id, config))}
              onTarget={(port, to) =>
                change((d) => (to ? connect(d, { node: inspected.id, port }, to) : disconnect(d, { node: inspected.id, port })))
              }
              onMakeEntry={() => change((d) => setEntry(d, inspected.id))}
            />
          ) : (
            <p className="muted flow-editor-select-hint">{t("flowEditor.selectHint")}</p>
          )}
          {validation.isError && (
            <p className="error-text" role="alert">
              {t("flowEditor.validateFailed", { error: errorMessage(validation.error) })}
            </p>
          )}
          <IssuesPanel issues={issues} onShowNode={showNode} />
        </aside>
      </div>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <PublishDialog flow={publishing ? { id: flow.id, name: doc.name } : null} onClose={() => setPublishing(false)} onRefused={() => undefined} />
    </NodeActionsContext.Provider>
  );
}

/** "Salvo", "Salvando…", "Alterações não salvas", or the failed save with "Tentar de novo". */
function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <p className={`flow-editor-save flow-editor-save-${state.kind}`} role="status" data-testid="save-status">
      {state.kind === "saved" && t("flowEditor.saved")}
      {state.kind === "saving" && t("flowEditor.saving")}
      {state.kind === "unsaved" && t("flowEditor.unsaved")}
      {state.kind === "failed" && (
        <>
          {t("flowEditor.saveFailed", { error: state.message })}{" "}
          <button type="button" className="link-button" onClick={onRetry}>
            {t("common.retry")}
          </button>
        </>
      )}
    </p>
  );
}
