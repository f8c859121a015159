// "Revisões" in the editor (issue 16 part 6): the draft exported to a file or replaced by one; the
// published revisions with who published each, when and the note; two versions compared (a
// revision and another, or the draft) as lists of nodes added, removed and changed and of
// connections, the draft's added and changed nodes marked on the canvas; a revision restored as
// the draft after a confirmation (an undoable change the autosave then saves).
import { queryOptions, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type ChangeEvent } from "react";
import { errorMessage } from "../../api/errors";
import { formatDateTime } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { exportFlow, revisionsQuery } from "../../queries/flows";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { QueryStates } from "../../ui/States";
import { showToast } from "../../ui/toast";
import { downloadJson, exportFileName, readFlowFile } from "../flowFile";
import { exportedDocument, type FlowDocument } from "./flowDocument";
import { diffFlows, highlights, isSame, type FlowDiff } from "./revisionDiff";

/** A published revision's document (a revision never changes). */
const revisionDocument = (flowId: number, revision: number) =>
  queryOptions({
    queryKey: ["flow-revision-document", flowId, revision] as const,
    queryFn: async () => exportedDocument(await exportFlow(flowId, revision)),
    staleTime: Infinity,
  });

const DRAFT = "draft";

interface Props {
  flowId: number;
  doc: FlowDocument;
  onClose: () => void;
  /** The draft replaced (a restored revision, an imported file). */
  onReplace: (doc: FlowDocument) => void;
  /** The draft's nodes to mark on the canvas, or null for none. */
  onHighlight: (marks: Map<string, "added" | "changed"> | null) => void;
}

export function RevisionsPanel({ flowId, doc, onClose, onReplace, onHighlight }: Props) {
  const { t } = useI18n();
  const list = useQuery(revisionsQuery(flowId));
  const revisions = list.data ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<string>(DRAFT);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const fromRevision = from ?? revisions[0]?.revision ?? null;
  const before = useQuery({ ...revisionDocument(flowId, fromRevision ?? 0), enabled: fromRevision !== null });
  const toRevision = to === DRAFT ? null : Number(to);
  const after = useQuery({ ...revisionDocument(flowId, toRevision ?? 0), enabled: toRevision !== null });
  const afterDoc = toRevision === null ? doc : after.data;
  const diff = useMemo(() => (before.data && afterDoc ? diffFlows(before.data, afterDoc) : null), [before.data, afterDoc]);

  // The draft's added and changed nodes marked on the canvas while it is compared.
  useEffect(() => {
    onHighlight(diff && toRevision === null ? highlights(diff) : null);
  }, [diff, toRevision, onHighlight]);
  useEffect(() => () => onHighlight(null), [onHighlight]);

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    const read = await readFlowFile(file);
    if (!read.ok || !Array.isArray(read.document.nodes)) {
      setImportError(t("flowsPage.upload.notObject"));
      return;
    }
    setImportError(null);
    onReplace(exportedDocument(read.document));
    showToast(t("flowEditor.revisions.imported"));
  };

  return (
    <section className="flow-editor-revisions" aria-labelledby="flow-editor-revisions-title" data-testid="revisions-panel">
      <div className="flow-editor-revisions-head">
        <h2 id="flow-editor-revisions-title">{t("flowEditor.revisions")}</h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t("flowEditor.revisions.close")}
        </button>
      </div>

      <h3>{t("flowEditor.revisions.file")}</h3>
      <div className="flow-editor-revisions-file">
        <button type="button" className="btn" onClick={() => downloadJson(doc, exportFileName(doc.name, null))}>
          {t("flowEditor.revisions.exportDraft")}
        </button>
        <label className="btn flow-editor-import">
          {t("flowEditor.revisions.import")}
          <input type="file" accept="application/json,.json" className="sr-only" onChange={(e) => void importFile(e)} />
        </label>
      </div>
      <p className="field-hint">{t("flowEditor.revisions.importHint")}</p>
      {importError && (
        <p className="error-text" role="alert">
          {importError}
        </p>
      )}

      <h3>{t("flowEditor.revisions.published")}</h3>
      <QueryStates query={list} />
      {list.data?.length === 0 && <p className="muted">{t("flowsPage.revisions.empty")}</p>}
      {revisions.length > 0 && (
        <ol className="flow-revision-list" data-testid="editor-revisions">
          {revisions.map((r) => (
            <li key={r.revision} data-testid="editor-revision">
              <strong>{t("flowsPage.revision", { n: r.revision })}</strong>
              <span className="muted">
                {" · "}
                <time dateTime={new Date(r.published_at).toISOString()}>{formatDateTime(r.published_at)}</time>
                {r.published_by && ` · ${t("flowsPage.revisions.by", { name: r.published_by.name })}`}
              </span>
              <p className="flow-revision-note">{r.note || <span className="muted">{t("flowsPage.revisions.noNote")}</span>}</p>
              <div className="flow-revision-actions">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setFrom(r.revision);
                    setTo(DRAFT);
                  }}
                >
                  {t("flowEditor.revisions.compareDraft", { n: r.revision })}
                </button>
                <button type="button" className="link-button" onClick={() => setRestoring(r.revision)}>
                  {t("flowEditor.revisions.restoreLabel", { n: r.revision })}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}

      {fromRevision !== null && (
        <section className="flow-editor-diff" aria-labelledby="flow-editor-diff-title" data-testid="revision-diff">
          <h3 id="flow-editor-diff-title">{t("flowEditor.diff")}</h3>
          <div className="flow-editor-diff-pick">
            <label>
              {t("flowEditor.diff.from")}
              <select value={fromRevision} onChange={(e) => setFrom(Number(e.target.value))}>
                {revisions.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    {t("flowsPage.revision", { n: r.revision })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("flowEditor.diff.to")}
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                <option value={DRAFT}>{t("flowEditor.diff.draft")}</option>
                {revisions.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    {t("flowsPage.revision", { n: r.revision })}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {before.isError || after.isError ? (
            <p className="error-text" role="alert">
              {errorMessage(before.error ?? after.error)}
            </p>
          ) : diff ? (
            <DiffList diff={diff} onCanvas={toRevision === null} />
          ) : (
            <p className="muted">{t("flowEditor.diff.loading")}</p>
          )}
        </section>
      )}

      <ConfirmDialog
        open={restoring !== null}
        title={t("flowEditor.revisions.restoreTitle", { n: restoring ?? 0 })}
        question={t("flowEditor.revisions.restoreQuestion", { n: restoring ?? 0 })}
        onConfirm={async () => {
          const n = restoring!;
          const restored = await exportFlow(flowId, n);
          onReplace(exportedDocument(restored));
          showToast(t("flowEditor.revisions.restored", { n }));
        }}
        onClose={() => setRestoring(null)}
      />
    </section>
  );
}

/** The differences as lists: nodes added, removed, changed (with what), connections, entry, name. */
function DiffList({ diff, onCanvas }: { diff: FlowDiff; onCanvas: boolean }) {
  const { t } = useI18n();
  if (isSame(diff)) return <p className="muted" data-testid="diff-same">{t("flowEditor.diff.same")}</p>;
  const edge = (e: FlowDiff["edgesAdded"][number]) => `${e.from.node}.${e.from.port} → ${e.to}`;
  const groups: { key: string; title: string; items: string[]; kind: string }[] = [
    { key: "added", title: t("flowEditor.diff.added"), items: diff.added, kind: "added" },
    { key: "removed", title: t("flowEditor.diff.removed"), items: diff.removed, kind: "removed" },
    {
      key: "changed",
      title: t("flowEditor.diff.changed"),
      items: diff.changed.map((c) => `${c.id} (${c.what.map((w) => t(`flowEditor.diff.what.${w}` as MessageKey)).join(", ")})`),
      kind: "changed",
    },
    { key: "edgesAdded", title: t("flowEditor.diff.edgesAdded"), items: diff.edgesAdded.map(edge), kind: "added" },
    { key: "edgesRemoved", title: t("flowEditor.diff.edgesRemoved"), items: diff.edgesRemoved.map(edge), kind: "removed" },
  ];
  return (
    <div className="flow-editor-diff-list">
      {onCanvas && (diff.added.length > 0 || diff.changed.length > 0) && <p className="field-hint">{t("flowEditor.diff.onCanvas")}</p>}
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <div key={g.key} data-testid={`diff-${g.key}`}>
            <h4>{g.title}</h4>
            <ul>
              {g.items.map((item) => (
                <li key={item} className={`diff-item diff-item-${g.kind}`}>
                  <code>{item}</code>
                </li>
              ))}
            </ul>
          </div>
        ))}
      {diff.entry && <p>{t("flowEditor.diff.entry", diff.entry)}</p>}
      {diff.name && <p>{t("flowEditor.diff.name", diff.name)}</p>}
      {diff.other && <p>{t("flowEditor.diff.other")}</p>}
    </div>
  );
}
