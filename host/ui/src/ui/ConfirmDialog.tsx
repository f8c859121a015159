// A yes/no question before an action ("Tem certeza …?"): "Sim" runs it, "Não" or Esc cancels.
import { useI18n } from "../i18n";
import { Dialog } from "./Dialog";
import { useAction } from "./useAction";

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
  const { busy, error, run } = useAction();

  async function confirm() {
    await run(async () => {
      await onConfirm();
      onClose();
    });
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
