// A yes/no question before an action ("Tem certeza …?"): "Sim" runs it, "Não" or Esc cancels.
import { useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { Dialog } from "./Dialog";

interface Props {
  open: boolean;
  title: string;
  question: string;
  /** The action; while it runs the buttons wait, and a failure is shown in the dialog. */
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
  danger?: boolean;
}

export function ConfirmDialog({ open, title, question, onConfirm, onClose, danger }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t("common.no")}
          </button>
          <button
            type="button"
            className={danger ? "btn btn-danger" : "btn btn-primary"}
            onClick={() => void confirm()}
            disabled={busy}
            autoFocus
          >
            {t("common.yes")}
          </button>
        </>
      }
    >
      <p>{question}</p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
