// "Redefinir senha" (A4): an admin sets a user's new password (PUT /users/{id}/password); the
// server ends that user's sessions. A too-short password is refused under the field.
import { useId, useState, type FormEvent } from "react";
import type { User } from "../api/types";
import { useI18n } from "../i18n";
import { setUserPassword } from "../queries/users";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { useAction } from "../ui/useAction";

export function PasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const formId = useId();
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await setUserPassword(user.id, password);
      showToast(t("users.passwordSaved", { name: user.name }));
      onClose();
    });
  }

  return (
    <Dialog
      open
      title={t("users.passwordTitle", { name: user.name })}
      onClose={onClose}
      dismissOnBackdrop={false}
      testId="password-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || !password}>
            {t("users.resetPassword")}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit}>
        <Field label={t("users.newPassword")} hint={t("users.passwordResetHint")} error={error}>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" autoFocus />
        </Field>
      </form>
    </Dialog>
  );
}
