// "Respostas Rápidas" (/admin/quick-replies, C12): the account's saved answers. Every user sees
// the list (and finds them in the composer with "/"); admins add one (atalho and mensagem), edit
// it in place and delete it after a "Sim", with the server's refusal shown on the form.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { Me, QuickReply } from "../api/types";
import { useI18n } from "../i18n";
import { createQuickReply, deleteQuickReply, quickRepliesQuery, updateQuickReply } from "../queries/quickReplies";
import { meQuery } from "../queries/session";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { PageCard } from "../ui/PageCard";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";

export function QuickRepliesPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const admin = me.user.role === "admin";
  const list = useQuery(quickRepliesQuery);
  const [editing, setEditing] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<QuickReply | null>(null);

  return (
    <PageCard title={t("quickReplies.title")} className="quick-replies-page">
      <p className="muted">{t("quickReplies.intro")}</p>
      {admin && (
        <QuickReplyForm
          submitLabel={t("quickReplies.add")}
          onSubmit={async (shortcut, text) => {
            await createQuickReply(queryClient, shortcut, text);
            showToast(t("quickReplies.saved"));
          }}
          resetOnSuccess
        />
      )}
      <QueryStates query={list} empty={t("quickReplies.empty")} />
      <ul className="cards" aria-label={t("quickReplies.title")}>
        {list.data?.map((r) =>
          editing === r.id ? (
            <li key={r.id} className="card-item">
              <QuickReplyForm
                initial={r}
                submitLabel={t("common.save")}
                onCancel={() => setEditing(null)}
                onSubmit={async (shortcut, text) => {
                  await updateQuickReply(queryClient, r.id, shortcut, text);
                  setEditing(null);
                  showToast(t("quickReplies.saved"));
                }}
              />
            </li>
          ) : (
            <li key={r.id} className="card-item" data-testid="quick-reply">
              <div className="card-item-head">
                <code className="quick-reply-shortcut">/{r.shortcut}</code>
              </div>
              <p className="quick-reply-text">{r.text}</p>
              {admin && (
                <div className="card-item-actions">
                  <button type="button" className="link-button" onClick={() => setEditing(r.id)}>
                    {t("common.edit")}
                  </button>
                  <button type="button" className="link-button danger" onClick={() => setDeleting(r)}>
                    {t("common.delete")}
                  </button>
                </div>
              )}
            </li>
          ),
        )}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title={t("quickReplies.delete")}
        question={t("quickReplies.deleteQuestion", { shortcut: deleting?.shortcut ?? "" })}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteQuickReply(queryClient, deleting!.id);
          showToast(t("quickReplies.deleted"));
        }}
      />
    </PageCard>
  );
}

interface FormProps {
  initial?: QuickReply;
  submitLabel: string;
  onSubmit: (shortcut: string, text: string) => Promise<void>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
}

function QuickReplyForm({ initial, submitLabel, onSubmit, onCancel, resetOnSuccess }: FormProps) {
  const { t } = useI18n();
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? "");
  const [text, setText] = useState(initial?.text ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(shortcut, text);
      if (resetOnSuccess) {
        setShortcut("");
        setText("");
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack quick-reply-form" onSubmit={submit}>
      <Field label={t("quickReplies.shortcut")} hint={t("quickReplies.shortcutHint")}>
        <input value={shortcut} onChange={(e) => setShortcut(e.target.value)} maxLength={31} required />
      </Field>
      <Field label={t("quickReplies.text")} hint={t("quickReplies.textHint")}>
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={4096} required />
      </Field>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !shortcut.trim() || !text.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
