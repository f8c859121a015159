// The secret of a token just created (A4), shown this once: read-only, selected on focus, with a
// "Copiar" button and the warning that it will not be shown again. Closing it forgets the secret.
import { useState } from "react";
import { useI18n } from "../i18n";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";

interface Props {
  created: { name: string; token: string } | null;
  onClose: () => void;
}

export function TokenSecretDialog({ created, onClose }: Props) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);

  function close() {
    setCopied(false);
    onClose();
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // No clipboard (an insecure page): the field is selected for Ctrl+C instead.
      const field = document.querySelector<HTMLInputElement>("[data-token-secret]");
      field?.select();
    }
  }

  return (
    <Dialog
      open={created !== null}
      title={t("tokens.createdTitle", { name: created?.name ?? "" })}
      onClose={close}
      dismissOnBackdrop={false}
      testId="token-secret"
      actions={
        <button type="button" className="btn btn-primary" onClick={close}>
          {t("tokens.done")}
        </button>
      }
    >
      <p className="token-warning" role="alert">
        {t("tokens.warning")}
      </p>
      <Field label={t("tokens.secret")}>
        <input
          readOnly
          value={created?.token ?? ""}
          data-token-secret
          className="token-secret"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={() => void copy()}>
          {t("tokens.copy")}
        </button>
        <span role="status" className="muted">
          {copied ? t("tokens.copied") : ""}
        </span>
      </div>
    </Dialog>
  );
}
