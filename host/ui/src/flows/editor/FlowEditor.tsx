// The visual flow editor (issue 16 parts 1–5, first cut): the draft drawn on a React Flow canvas
// (pan, zoom, minimap, controls; select, move, connect, delete), the palette of step types, the
// selected node's side form and the validation issues; in their place, the revisions (part 6)
// or the test run (part 7, the node it is at outlined on the canvas). Every change is a step of
// the undo history; the document is validated as the admin edits (debounced) and autosaved. The
// logic is in the pure modules beside this one; this component wires them to React Flow and the
// page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type OnDelete } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import type { FlowView } from "../../queries/flows";
import { customFieldsQuery } from "../../queries/reference";
import { showToast } from "../../ui/toast";
import { useDebounced } from "../../ui/useDebounced";
import { hasErrors } from "../issues";
import { PublishDialog } from "../PublishDialog";
import { canvasAriaLabels } from "./ariaLabels";
import { CanvasBackground } from "./CanvasBackground";
import type { FlowCanvasEdge, StepCanvasNode } from "./canvas";
import { copyNodes, pasteNodes, readClipboard, writeClipboard } from "./clipboard";
import { defaultConfig } from "./defaultConfig";
import { addNode, connect, deleteElements, disconnect, freePlace, setConfig, setEntry, setLabel } from "./edits";
import { NodeActionsContext, RunningNodeContext, type NodeActions, type RunningNode } from "./editorContext";
import { validationQuery, type StepType } from "./editorApi";
import { readDocument, type Point } from "./flowDocument";
import { ConflictNotice } from "./ConflictNotice";
import { EditorHeader } from "./EditorHeader";
import { contactFields, flowVariableFields } from "./flowVariables";
import { IssuesPanel } from "./IssuesPanel";
import { layoutMissing, NODE_WIDTH } from "./layout";
import { NodeInspector } from "./NodeInspector";
import type { Command } from "./shortcuts";
import { RevisionsPanel } from "./RevisionsPanel";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { StepNode } from "./StepNode";
import { StepPalette } from "./StepPalette";
import { TestRunPanel } from "./TestRunPanel";
import { useAutosave } from "./useAutosave";
import { useFlowHistory } from "./useFlowHistory";
import { useCanvasState } from "./useCanvasState";
import { useShortcutKeys } from "./useShortcutKeys";

const VALIDATE_DELAY_MS = 400;
/** How far each paste of the same copy lands from the last, right and down. */
const PASTE_OFFSET = 24;
const nodeTypes = { step: StepNode };
const FIT_VIEW = { padding: 0.1, maxZoom: 1 };
/** A node on the minimap: red with errors, amber with warnings (one function, so the minimap's nodes are not drawn again on each render). */
const miniMapColor = (n: StepCanvasNode) => (n.data.errors > 0 ? "#c62828" : n.data.warnings > 0 ? "#c98a00" : "#0f766e");

interface Props {
  flow: FlowView;
  steps: StepType[];
  /** Another admin's draft loaded in place of this editor's (issue 16 part 8). */
  onReload: () => Promise<void>;
}

export function FlowEditor({ flow, steps, onReload }: Props) {
  const { t } = useI18n();
  const reactFlow = useReactFlow<StepCanvasNode, FlowCanvasEdge>();
  const history = useFlowHistory(() => layoutMissing(readDocument(flow.draft)));
  const { doc, change } = history;
  const save = useAutosave(flow.id, doc, flow.draft, flow.draft_version);
  const checked = useDebounced(doc, VALIDATE_DELAY_MS);
  // The query's key is the document's text: made once per checked document, not per render.
  const validationOptions = useMemo(() => validationQuery(flow.id, checked), [flow.id, checked]);
  const validation = useQuery({ ...validationOptions, placeholderData: keepPreviousData });
  const issues = validation.data?.issues;
  const blocked = issues !== undefined && hasErrors(issues);

  const [helpOpen, setHelpOpen] = useState(false);
  const [revisionsOpen, setRevisionsOpen] = useState(false);
  const [testing, setTesting] = useState(false);
  const [running, setRunning] = useState<RunningNode | null>(null);
  const testButton = useRef<HTMLButtonElement>(null);
  const [marks, setMarks] = useState<Map<string, "added" | "changed"> | null>(null);
  const [publishing, setPublishing] = useState(false);
  const pastes = useRef(0);
  const canvasBox = useRef<HTMLElement>(null);
  const titles = useMemo(() => new Map(steps.map((s) => [s.type, s.title])), [steps]);
  const schemas = useMemo(() => new Map(steps.map((s) => [s.type, s.config_schema as unknown])), [steps]);
  const custom = useQuery(customFieldsQuery).data;
  const fieldsOfContact = useMemo(() => contactFields(custom ?? []), [custom]);
  const variables = useMemo(() => flowVariableFields(doc, custom ?? [], t("flowForm.flowVariable")), [doc, custom, t]);
  const ariaLabels = useMemo(() => canvasAriaLabels(t), [t]);
  const view = useMemo(() => ({ ports: validation.data?.ports ?? null, issues: issues ?? [] }), [validation.data, issues]);
  const { canvas, nodes: canvasNodes, edges, selectedNodes, select, onNodesChange, onEdgesChange } = useCanvasState(doc, view, titles, history);
  // Comparing a revision with the draft (issue 16 part 6): its added and changed nodes marked.
  const nodes = useMemo(
    () => (marks ? canvasNodes.map((n) => (marks.has(n.id) ? { ...n, className: `diff-${marks.get(n.id)}` } : n)) : canvasNodes),
    [canvasNodes, marks],
  );

  // The whole flow in view once every node has its size (React Flow's own fitView may run before).
  const fitted = useRef(false);
  const measuredAll = nodes.every((n) => n.measured);
  useEffect(() => {
    if (fitted.current || !measuredAll) return;
    fitted.current = true;
    void reactFlow.fitView(FIT_VIEW);
  }, [measuredAll, reactFlow]);

  /** The centre of the visible canvas, in flow coordinates, as a new node's top-left corner. */
  const viewCentre = useCallback((): Point => {
    const box = canvasBox.current?.getBoundingClientRect();
    if (!box) return [0, 0];
    const centre = reactFlow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
    return [Math.round(centre.x - NODE_WIDTH / 2), Math.round(centre.y - 40)];
  }, [reactFlow]);

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
      select([]);
    },
    [change, select],
  );

  const addStep = (step: StepType) => {
    const sizes = Object.fromEntries(
      reactFlow.getNodes().flatMap((n) => (n.measured?.width && n.measured.height ? [[n.id, { width: n.measured.width, height: n.measured.height }]] : [])),
    );
    const at = freePlace(doc, viewCentre(), sizes);
    const added = addNode(doc, { type: step.type, typeVersion: step.type_version, config: defaultConfig(step.config_schema) }, at);
    change(() => added.doc);
    select([added.id]);
  };

  const showNode = (id: string) => {
    const node = reactFlow.getInternalNode(id);
    if (!node) return;
    select([id]);
    const { width = NODE_WIDTH, height = 80 } = node.measured;
    const centred = reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: reactFlow.getZoom(), duration: 300 });
    // On a phone the canvas may be scrolled out of view, below the side panel.
    canvasBox.current?.scrollIntoView?.({ block: "nearest" });
    // A node out of view is not on the page (only what is visible is rendered): it is focused
    // once the canvas has moved to it.
    const focus = () => {
      const element = canvasBox.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      element?.focus({ preventScroll: true });
      return element !== undefined && element !== null;
    };
    if (!focus()) void centred.then(focus);
  };

  /** Runs a shortcut's command; false when there was nothing to do (the browser's own action then stands). */
  const run = (command: Command): boolean => {
    switch (command) {
      case "undo":
        history.undo();
        return true;
      case "redo":
        history.redo();
        return true;
      case "copy": {
        // With text selected on the page, Ctrl+C copies the text.
        const clip = window.getSelection()?.toString() ? null : copyNodes(doc, selectedNodes);
        if (!clip) return false;
        writeClipboard(localStorage, clip);
        pastes.current = 0;
        showToast(t("flowEditor.copied", { n: clip.nodes.length }));
        return true;
      }
      case "paste": {
        const clip = readClipboard(localStorage);
        if (!clip) return false;
        pastes.current += 1;
        const [x, y] = viewCentre();
        const pasted = pasteNodes(doc, clip, [x + PASTE_OFFSET * pastes.current, y + PASTE_OFFSET * pastes.current]);
        change(() => pasted.doc);
        select(pasted.ids);
        return true;
      }
      case "selectAll":
        select(doc.nodes.map((n) => n.id));
        return true;
      case "deselect":
        select([]);
        return true;
      case "help":
        setHelpOpen(true);
        return true;
    }
  };
  useShortcutKeys(run);

  const actions: NodeActions = useMemo(
    () => ({
      titleOf: (type) => titles.get(type),
      makeEntry: (id) => change((d) => setEntry(d, id)),
      remove: (id) => {
        change((d) => deleteElements(d, new Set([id])));
        select([]);
      },
    }),
    [titles, change, select],
  );

  const closeTest = () => {
    setTesting(false);
    testButton.current?.focus();
  };

  const publish = async () => {
    if (await save.flush()) setPublishing(true);
  };

  const inspected = selectedNodes.size === 1 ? doc.nodes.find((n) => selectedNodes.has(n.id)) : undefined;
  const inspectedCanvas = inspected && canvas.nodes.find((n) => n.id === inspected.id);

  return (
    <NodeActionsContext.Provider value={actions}>
      <EditorHeader
        name={doc.name}
        save={save.state}
        onRetrySave={() => void save.flush()}
        history={history}
        onHelp={() => setHelpOpen(true)}
        onRevisions={() => {
          setTesting(false);
          setRevisionsOpen((o) => !o);
        }}
        onTest={() => {
          if (testing) {
            closeTest();
            return;
          }
          setRevisionsOpen(false);
          setTesting(true);
        }}
        testing={testing}
        testButton={testButton}
        onPublish={() => void publish()}
        blocked={blocked}
      />
      {save.state.kind === "conflict" && (
        <ConflictNotice
          onKeepMine={save.keepMine}
          onReload={async () => {
            save.discard();
            await onReload();
          }}
        />
      )}
      <div className={testing ? "flow-editor-body flow-editor-body-testing" : "flow-editor-body"}>
        <StepPalette steps={steps} onAdd={addStep} />
        <section className="flow-editor-canvas" ref={canvasBox} data-testid="flow-canvas" aria-label={t("flowEditor.canvas")}>
          <RunningNodeContext.Provider value={running}>
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
              // Only the nodes and edges in view are on the page: with 500 nodes drawn, every
              // frame of a pan or zoom painted them all (issue 16's quality bar, 50 fps).
              onlyRenderVisibleElements
              ariaLabelConfig={ariaLabels}
            >
              <CanvasBackground />
              <MiniMap<StepCanvasNode> pannable zoomable nodeColor={miniMapColor} />
              <Controls showInteractive={false} />
            </ReactFlow>
          </RunningNodeContext.Provider>
        </section>
        <aside className="flow-editor-side" aria-label={t("flowEditor.side")}>
          {revisionsOpen && (
            <RevisionsPanel
              flowId={flow.id}
              doc={doc}
              onClose={() => setRevisionsOpen(false)}
              onReplace={(next) => {
                change(() => layoutMissing(next));
                select([]);
              }}
              onHighlight={setMarks}
            />
          )}
          {testing && (
            <TestRunPanel flowId={flow.id} doc={doc} flush={save.flush} onClose={closeTest} onShowNode={showNode} onRunning={setRunning} />
          )}
          {revisionsOpen || testing ? null : inspected && inspectedCanvas ? (
            <NodeInspector
              doc={doc}
              node={inspected}
              title={titles.get(inspected.type) ?? inspected.type}
              schema={schemas.get(inspected.type)}
              variables={variables}
              contactFields={fieldsOfContact}
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
          {!revisionsOpen && !testing && <IssuesPanel issues={issues} onShowNode={showNode} />}
        </aside>
      </div>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <PublishDialog flow={publishing ? { id: flow.id, name: doc.name } : null} onClose={() => setPublishing(false)} onRefused={() => undefined} />
    </NodeActionsContext.Provider>
  );
}
