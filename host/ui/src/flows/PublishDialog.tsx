// "Publicar": the draft becomes the flow's next revision, with a note of what changed. A draft
// with errors is refused by the server; its problems come back to the page to be listed.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { FlowInvalidError, publishFlow } from "../queries/flows";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import type { Issue } from "./issues";

interface Props {
  flow: { id: number; name: string } | null;
  onClose: () => void;
  onRefused: (issues: Issue[]) => void;
}

export function PublishDialog({ flow, onClose, onRefused }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setNote("");
    setError(null);
    onClose();
  }

  async function publish() {
    if (!flow) return;
    setBusy(true);
    setError(null);
    try {
      const revision = await publishFlow(queryClient, flow.id, note);
      showToast(t("flowsPage.publish.done", { n: revision.revision }));
      close();
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof FlowInvalidError) onRefused(err.issues);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={flow !== null}
      title={t("flowsPage.publish.title", { name: flow?.name ?? "" })}
      onClose={close}
      dismissOnBackdrop={false}
      testId="publish-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={close} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void publish()} disabled={busy}>
            {t("flowsPage.publish")}
          </button>
        </>
      }
    >
      <Field label={t("flowsPage.publish.note")} hint={t("flowsPage.publish.noteHint")}>
        <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} autoFocus />
      </Field>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
