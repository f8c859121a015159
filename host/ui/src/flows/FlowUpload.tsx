// "Enviar arquivo de fluxo": a .json file, chosen or dropped, sent as a new flow or as the new
// draft of an existing one. The answer's validation issues go to the page (shown with the flow);
// a file the server refuses outright has its problems listed here.
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { FlowSummary } from "../api/types";
import { useI18n, type MessageKey } from "../i18n";
import { createFlow, FlowInvalidError, saveDraft } from "../queries/flows";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { FlowIssues } from "./FlowIssues";
import { readFlowFile } from "./flowFile";
import type { Issue } from "./issues";

interface Props {
  flows: FlowSummary[];
  /** The flow the upload created or changed, with what its validation found. */
  onUploaded: (flowId: number, issues: Issue[]) => void;
}

export function FlowUpload({ flows, onUploaded }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [target, setTarget] = useState("new");
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<Issue[] | null>(null);

  function choose(next: File | null) {
    setFile(next);
    setError(null);
    setRefused(null);
  }

  function drop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) choose(dropped);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const read = await readFlowFile(file);
      if (!read.ok) {
        setError(t(`flowsPage.upload.${read.reason}` as MessageKey));
        return;
      }
      const saved = target === "new" ? await createFlow(queryClient, read.document) : await saveDraft(queryClient, Number(target), read.document);
      showToast(t(target === "new" ? "flowsPage.upload.created" : "flowsPage.upload.saved", { name: saved.flow.name }));
      onUploaded(saved.flow.id, saved.issues);
      choose(null);
      if (input.current) input.current.value = "";
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof FlowInvalidError) setRefused(err.issues);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack flow-upload" onSubmit={submit} aria-label={t("flowsPage.upload.title")} data-testid="flow-upload">
      <h2>{t("flowsPage.upload.title")}</h2>
      <div
        className={dragging ? "flow-drop dragging" : "flow-drop"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <Field label={t("flowsPage.upload.file")} hint={dragging ? t("flowsPage.upload.drop") : t("flowsPage.upload.fileHint")}>
          <input ref={input} type="file" accept=".json,application/json" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
        </Field>
      </div>
      <Field label={t("flowsPage.upload.target")}>
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="new">{t("flowsPage.upload.asNew")}</option>
          {flows.map((f) => (
            <option key={f.id} value={String(f.id)}>
              {t("flowsPage.upload.asDraft", { name: f.name })}
            </option>
          ))}
        </select>
      </Field>
      {error && (
        <p className="error-text" role="alert">
          {refused ? `${t("flowsPage.upload.refused")} ${error}` : error}
        </p>
      )}
      {refused && <FlowIssues issues={refused} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !file}>
          {busy ? t("flowsPage.upload.sending") : t("flowsPage.upload.submit")}
        </button>
      </div>
    </form>
  );
}
