// A node on the canvas: the step's title and the node's label (or id), "Início" on the entry,
// a red or amber badge counting its errors or warnings, its target handle on the left and one
// source handle per output port on the right, named as the server reports it (a port only an
// edge names, unknown to the server, is marked). Selected alone, a toolbar offers "Tornar
// início" and "Excluir". The node a test run is at is outlined, with "Em teste" (or "Parou aqui"
// once the run ended there).
import { Handle, NodeToolbar, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useContext, useEffect, useRef } from "react";
import { useI18n } from "../../i18n";
import type { StepCanvasNode } from "./canvas";
import { RunningNodeContext, useNodeActions } from "./editorContext";

function StepNodeView({ id, data, selected }: NodeProps<StepCanvasNode>) {
  const { t } = useI18n();
  const actions = useNodeActions();
  const running = useContext(RunningNodeContext);
  const testHere = running?.node === id ? (running.ended ? "stopped" : "running") : null;
  const updateNodeInternals = useUpdateNodeInternals();
  const portsKey = data.ports.map((p) => p.port).join("\n");
  // The handles changed (ports learned or lost): React Flow measures them again. Not on mount,
  // where React Flow measures the node itself: asking then made every node's mount update the
  // whole store once more, and opening a 500-node flow took 40 s.
  const measuredPorts = useRef(portsKey);
  useEffect(() => {
    if (measuredPorts.current === portsKey) return;
    measuredPorts.current = portsKey;
    updateNodeInternals(id);
  }, [id, portsKey, updateNodeInternals]);

  const { node, entry, errors, warnings } = data;
  const title = actions.titleOf(node.type) ?? node.type;
  const state = errors > 0 ? "error" : warnings > 0 ? "warning" : "ok";
  return (
    <div
      className={`step-node step-node-${state}${entry ? " step-node-entry" : ""}${testHere ? ` step-node-test step-node-test-${testHere}` : ""}`}
      data-testid="step-node"
      data-node-id={id}
    >
      {/* Only a selected node has its toolbar: each NodeToolbar follows the viewport through the
          store, and 500 of them, hidden, made every pan and zoom step re-run 500 selectors. */}
      {selected && (
        <NodeToolbar isVisible position={Position.Top} className="step-node-toolbar">
          {!entry && (
            <button type="button" className="btn btn-small" onClick={() => actions.makeEntry(id)}>
              {t("flowEditor.makeEntry")}
            </button>
          )}
          <button type="button" className="btn btn-small btn-danger-outline" onClick={() => actions.remove(id)}>
            {t("flowEditor.deleteNode")}
          </button>
        </NodeToolbar>
      )}
      <Handle type="target" position={Position.Left} className="step-handle step-handle-target" />
      <div className="step-node-head">
        <span className="step-node-type">{title}</span>
        {entry && <span className="step-node-entry-badge">{t("flowEditor.entry")}</span>}
        {testHere && (
          <span className="step-node-test-badge" data-testid="node-test-badge">
            {t(testHere === "running" ? "flowTest.badge.running" : "flowTest.badge.stopped")}
          </span>
        )}
        {errors > 0 && (
          <span className="step-node-badge step-node-badge-error" data-testid="node-errors">
            {t("flowEditor.errorsCount", { n: errors })}
          </span>
        )}
        {warnings > 0 && (
          <span className="step-node-badge step-node-badge-warning" data-testid="node-warnings">
            {t("flowEditor.warningsCount", { n: warnings })}
          </span>
        )}
      </div>
      <div className="step-node-label">{node.label ?? node.id}</div>
      {node.label && <div className="step-node-id">{node.id}</div>}
      {data.ports.length > 0 && (
        <ul className="step-node-ports" aria-label={t("flowEditor.ports")}>
          {data.ports.map((p) => (
            <li key={p.port} className={p.known ? "step-port" : "step-port step-port-unknown"} data-port={p.port}>
              <span className="step-port-name">{p.port}</span>
              <Handle type="source" id={p.port} position={Position.Right} className="step-handle step-handle-source" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const StepNode = memo(StepNodeView);
