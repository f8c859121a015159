// The side form of the one selected node: its label (saved on Enter or on leaving the field),
// "Tornar início", where each of its ports leads (a choice of node, or none: the flow ends
// there — the keyboard's way to draw edges), its configuration as a form generated from the
// step's schema (issue 16 part 3) or, under "Avançado (JSON)", as raw JSON (applied on leaving
// the field when it parses as an object; the parse error shown otherwise), and its issues that
// no field shows.
import { useEffect, useId, useState } from "react";
import type { VariableField } from "../../composer/variables";
import { useI18n } from "../../i18n";
import { Field } from "../../ui/Field";
import type { Issue } from "../issues";
import type { PortHandle } from "./canvas";
import type { FlowDocument, FlowNode } from "./flowDocument";
import { IssueText } from "../FlowIssues";
import { NodeConfigForm } from "./NodeConfigForm";

interface Props {
  doc: FlowDocument;
  node: FlowNode;
  title: string;
  /** The step's configuration schema; undefined for a type the palette does not know. */
  schema: unknown;
  variables: readonly VariableField[];
  contactFields: readonly VariableField[];
  ports: PortHandle[];
  issues: Issue[];
  onLabel: (label: string) => void;
  onConfig: (config: Record<string, unknown>) => void;
  onTarget: (port: string, to: string | null) => void;
  onMakeEntry: () => void;
}

/** `text` as a configuration object, or the reason it is not one. */
function parseConfig(text: string): { ok: true; config: Record<string, unknown> } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, error: "notObject" };
    return { ok: true, config: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const pretty = (config: Record<string, unknown>) => JSON.stringify(config, null, 2);

export function NodeInspector({ doc, node, title, schema, variables, contactFields, ports, issues, onLabel, onConfig, onTarget, onMakeEntry }: Props) {
  const { t } = useI18n();
  const headingId = useId();
  const [advanced, setAdvanced] = useState(schema === undefined);
  const nodeIndex = doc.nodes.findIndex((n) => n.id === node.id);
  const configPointer = `/nodes/${nodeIndex}/config`;
  // With the form, an issue about the config is shown there (on its field, or above the form).
  const listed = advanced ? issues : issues.filter((i) => i.pointer !== configPointer && !i.pointer.startsWith(`${configPointer}/`));
  const [label, setLabel] = useState(node.label ?? "");
  const [config, setConfig] = useState(pretty(node.config));
  // Another node chosen, or the node changed by undo/redo: the fields show it as it is now.
  useEffect(() => setLabel(node.label ?? ""), [node.id, node.label]);
  useEffect(() => setConfig(pretty(node.config)), [node.id, node.config]);

  const parsed = parseConfig(config);
  const configError = parsed.ok ? null : parsed.error === "notObject" ? t("flowEditor.configNotObject") : t("flowEditor.configInvalid", { error: parsed.error });
  const applyConfig = () => {
    if (parsed.ok && JSON.stringify(parsed.config) !== JSON.stringify(node.config)) onConfig(parsed.config);
  };
  const applyLabel = () => {
    if (label.trim() !== (node.label ?? "")) onLabel(label);
  };
  const targetOf = (port: string) => doc.edges.find((e) => e.from.node === node.id && e.from.port === port)?.to ?? "";

  return (
    <section className="flow-editor-inspector" aria-labelledby={headingId} data-testid="node-inspector">
      <h2 id={headingId}>{t("flowEditor.nodeTitle", { node: node.id })}</h2>
      <p className="muted">
        {title} · {t("flowEditor.typeVersion", { type: node.type, version: node.typeVersion })}
      </p>
      <Field label={t("flowEditor.label")} hint={t("flowEditor.labelHint")}>
        <input
          value={label}
          maxLength={200}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={applyLabel}
          onKeyDown={(e) => {
            if (e.key === "Enter") applyLabel();
          }}
        />
      </Field>
      {doc.entry === node.id ? (
        <p className="flow-editor-entry-note">{t("flowEditor.isEntry")}</p>
      ) : (
        <button type="button" className="btn" onClick={onMakeEntry}>
          {t("flowEditor.makeEntry")}
        </button>
      )}
      <fieldset className="flow-editor-ports">
        <legend>{t("flowEditor.ports")}</legend>
        {ports.length === 0 && <p className="muted">{t("flowEditor.portsUnknown")}</p>}
        {ports.map((p) => (
          <Field key={p.port} label={t("flowEditor.portTarget", { port: p.port })} hint={p.known ? undefined : t("flowEditor.portNotKnown")}>
            <select value={targetOf(p.port)} onChange={(e) => onTarget(p.port, e.target.value || null)}>
              <option value="">{t("flowEditor.noTarget")}</option>
              {doc.nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label ? `${n.label} (${n.id})` : n.id}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </fieldset>
      <div className="node-form-head">
        <h3>{t("flowForm.config")}</h3>
        {schema !== undefined && (
          <button type="button" className="btn btn-small" aria-pressed={advanced} onClick={() => setAdvanced((a) => !a)} data-testid="advanced-toggle">
            {t("flowForm.advanced")}
          </button>
        )}
      </div>
      {advanced ? (
        <Field label={t("flowEditor.config")} hint={schema === undefined ? t("flowForm.noSchema") : t("flowEditor.configHint")} error={configError}>
          <textarea className="flow-editor-config" rows={10} spellCheck={false} value={config} onChange={(e) => setConfig(e.target.value)} onBlur={applyConfig} />
        </Field>
      ) : (
        <NodeConfigForm
          key={node.id}
          nodeId={node.id}
          stepType={node.type}
          schema={schema}
          config={node.config}
          issues={issues}
          nodeIndex={nodeIndex}
          variables={variables}
          contactFields={contactFields}
          onConfig={onConfig}
        />
      )}
      {listed.length > 0 && (
        <ul className="flow-editor-issue-list" aria-label={t("flowEditor.nodeIssues")}>
          {listed.map((issue, i) => (
            <li key={`${issue.pointer}-${i}`} className={`flow-issue flow-issue-${issue.severity}`}>
              <IssueText issue={issue} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
