// Issue 16 part 8: another admin saved this draft since this editor last did. Autosave has
// stopped; "Recarregar" loads their draft after a confirmation (this editor's changes are
// discarded), "Manter o meu" saves this document over theirs. Nothing is lost silently.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { showToast } from "../../ui/toast";

interface Props {
  onKeepMine: () => Promise<boolean>;
  onReload: () => Promise<void>;
}

export function ConflictNotice({ onKeepMine, onReload }: Props) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const keep = async () => {
    setBusy(true);
    try {
      if (await onKeepMine()) showToast(t("flowEditor.conflict.kept"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="flow-editor-conflict" role="alert" aria-labelledby="flow-editor-conflict-title" data-testid="draft-conflict">
      <div>
        <h2 id="flow-editor-conflict-title">{t("flowEditor.conflict.title")}</h2>
        <p>{t("flowEditor.conflict.body")}</p>
      </div>
      <div className="flow-editor-conflict-actions">
        <button type="button" className="btn" onClick={() => setConfirming(true)} disabled={busy}>
          {t("flowEditor.conflict.reload")}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void keep()} disabled={busy}>
          {t("flowEditor.conflict.keep")}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t("flowEditor.conflict.confirmTitle")}
        question={t("flowEditor.conflict.confirmQuestion")}
        danger
        onConfirm={async () => {
          await onReload();
          showToast(t("flowEditor.conflict.reloaded"));
        }}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}
