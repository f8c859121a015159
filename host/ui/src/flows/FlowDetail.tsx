// One flow opened on the flows page: what validation found in its draft (after an upload, or
// on "Validar"), "Editar no canvas" (the visual editor), "Publicar" (blocked while there are
// errors), the draft's export, "Excluir fluxo" after a "Sim", and the published revisions.
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { errorMessage } from "../api/errors";
import type { FlowSummary } from "../api/types";
import { useI18n } from "../i18n";
import { deleteFlow, exportFlow, validateDraft } from "../queries/flows";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { showToast } from "../ui/toast";
import { FlowIssues } from "./FlowIssues";
import { FlowRevisions } from "./FlowRevisions";
import { PublishDialog } from "./PublishDialog";
import { downloadJson, exportFileName } from "./flowFile";
import { hasErrors, type Issue } from "./issues";

interface Props {
  flow: FlowSummary;
  /** What validation last found in the draft; undefined while not known on this page. */
  issues: Issue[] | undefined;
  onIssues: (issues: Issue[]) => void;
}

export function FlowDetail({ flow, issues, onIssues }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const blockedId = useId();
  const [validating, setValidating] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const blocked = issues !== undefined && hasErrors(issues);

  async function validate() {
    setValidating(true);
    try {
      onIssues(await validateDraft(queryClient, flow.id));
    } catch (err) {
      showToast(errorMessage(err), "error");
    } finally {
      setValidating(false);
    }
  }

  async function download(revision: number | null) {
    try {
      downloadJson(await exportFlow(flow.id, revision), exportFileName(flow.name, revision));
    } catch (err) {
      showToast(errorMessage(err), "error");
    }
  }

  return (
    <div className="flow-detail" data-testid="flow-detail">
      {issues === undefined ? <p className="muted">{t("flowsPage.issues.unknown")}</p> : <FlowIssues issues={issues} />}
      <div className="flow-actions">
        <Link to="/admin/flows/$id/editor" params={{ id: flow.id }} className="btn">
          {t("flowsPage.openEditor")}
        </Link>
        <button type="button" className="btn" onClick={() => void validate()} disabled={validating}>
          {validating ? t("flowsPage.validating") : t("flowsPage.validate")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setPublishing(true)}
          disabled={blocked}
          aria-describedby={blocked ? blockedId : undefined}
        >
          {t("flowsPage.publish")}
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => void download(null)}>
          {t("flowsPage.exportDraft")}
        </button>
        <button type="button" className="btn btn-danger-outline" onClick={() => setDeleting(true)}>
          {t("flowsPage.delete")}
        </button>
      </div>
      {blocked && (
        <p className="error-text" id={blockedId}>
          {t("flowsPage.publishBlocked")}
        </p>
      )}
      <FlowRevisions flowId={flow.id} onExport={(revision) => void download(revision)} />
      <PublishDialog
        flow={publishing ? flow : null}
        onClose={() => setPublishing(false)}
        onRefused={onIssues}
      />
      <ConfirmDialog
        open={deleting}
        title={t("flowsPage.delete")}
        question={t("flowsPage.deleteQuestion", { name: flow.name })}
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteFlow(queryClient, flow.id);
          showToast(t("flowsPage.deleted"));
        }}
      />
    </div>
  );
}
