// The user dialog (A3, A4): a new user (name, e-mail, password) or an existing one (the e-mail
// stays: the API does not change it), with the role (Agente / Administrador), the chat
// permission ("Permissões do Chat": all chats, the department's chats, only one's own) and the
// general permissions ("Permissões Gerais"). The server's refusals land on the field they are
// about (a taken e-mail, a short password, an empty name).
import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { User } from "../api/types";
import { useI18n } from "../i18n";
import { createUser, updateUser } from "../queries/users";
import { CheckField, Field } from "../ui/Field";
import { Dialog } from "../ui/Dialog";
import { showToast } from "../ui/toast";
import { USER_RULES, fieldOfMessage } from "./formErrors";
import { PERMISSIONS, ROLES, VISIBILITIES, createBody, draftOf, emptyDraft, patchBody, type UserDraft } from "./userDraft";
import { PERMISSION_LABEL, ROLE_LABEL, VISIBILITY_LABEL } from "./userLabels";

type FieldKey = "name" | "email" | "password";

interface Props {
  /** The user to change; absent for a new one. */
  user?: User;
  selfId: number;
  onClose: () => void;
}

export function UserForm({ user, selfId, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const [draft, setDraft] = useState<UserDraft>(() => (user ? draftOf(user) : emptyDraft()));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // A refused field takes the focus, so the keyboard is where the message is.
  const inputs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  function change(patch: Partial<UserDraft>, field?: FieldKey) {
    setDraft((d) => ({ ...d, ...patch }));
    if (field) setErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      if (user) {
        const patch = patchBody(user, draft);
        if (Object.keys(patch).length > 0) await updateUser(queryClient, user.id, patch, selfId);
      } else {
        await createUser(queryClient, createBody(draft));
      }
      showToast(t("users.saved"));
      onClose();
    } catch (err) {
      const message = errorMessage(err);
      const field = fieldOfMessage(message, USER_RULES);
      if (field) {
        setErrors({ [field]: message });
        inputs[field].current?.focus();
      } else setFormError(message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      title={user ? t("users.editTitle", { name: user.name }) : t("users.add")}
      onClose={onClose}
      dismissOnBackdrop={false}
      testId="user-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy}>
            {user ? t("common.save") : t("users.create")}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit} noValidate>
        <Field label={t("users.name")} error={errors.name}>
          <input ref={inputs.name} value={draft.name} onChange={(e) => change({ name: e.target.value }, "name")} maxLength={120} autoComplete="off" />
        </Field>
        <Field label={t("users.email")} error={errors.email}>
          <input
            ref={inputs.email}
            type="email"
            value={draft.email}
            onChange={(e) => change({ email: e.target.value }, "email")}
            autoComplete="off"
          />
        </Field>
        {!user && (
          <Field label={t("users.password")} error={errors.password} hint={t("users.passwordHint")}>
            <input
              ref={inputs.password}
              type="password"
              value={draft.password}
              onChange={(e) => change({ password: e.target.value }, "password")}
              autoComplete="new-password"
            />
          </Field>
        )}
        <fieldset className="radio-group">
          <legend>{t("users.role")}</legend>
          {ROLES.map((r) => (
            <label key={r}>
              <input type="radio" name="role" checked={draft.role === r} onChange={() => change({ role: r })} />
              {t(ROLE_LABEL[r])}
            </label>
          ))}
        </fieldset>
        <fieldset className="radio-group">
          <legend>{t("users.visibility")}</legend>
          {VISIBILITIES.map((v) => (
            <label key={v}>
              <input
                type="radio"
                name="chat_visibility"
                checked={draft.chat_visibility === v}
                onChange={() => change({ chat_visibility: v })}
              />
              {t(VISIBILITY_LABEL[v])}
            </label>
          ))}
        </fieldset>
        <fieldset className="radio-group">
          <legend>{t("users.permissions")}</legend>
          {PERMISSIONS.map((p) => (
            <CheckField
              key={p}
              label={t(PERMISSION_LABEL[p])}
              checked={draft.permissions[p]}
              onChange={(on) => change({ permissions: { ...draft.permissions, [p]: on } })}
            />
          ))}
        </fieldset>
        {formError && (
          <p className="error-text" role="alert">
            {formError}
          </p>
        )}
      </form>
    </Dialog>
  );
}
