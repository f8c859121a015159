// "Biblioteca de Mídias" (/admin/media-library, C11): the account's stickers and saved files.
// Every user sees them (and sends them from the composer's "+"); admins add one (Nome and
// Arquivo: the server decides the kind and refuses what no channel takes, and its message is
// shown on the form) and delete one after a "Sim".
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { errorMessage } from "../api/errors";
import type { MediaItem, Me } from "../api/types";
import { MediaThumb } from "../composer/MediaThumb";
import { useI18n } from "../i18n";
import { addMediaItem, deleteMediaItem, mediaLibraryQuery } from "../queries/mediaLibrary";
import { meQuery } from "../queries/session";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { PageCard } from "../ui/PageCard";
import { Field } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";

/** What the server keeps (it checks the type and the bytes again). */
const ACCEPTED = "image/webp,image/jpeg,image/png,video/mp4,video/3gpp,audio/*,application/*,text/plain";

export function MediaLibraryPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const admin = me.user.role === "admin";
  const list = useQuery(mediaLibraryQuery);
  const [deleting, setDeleting] = useState<MediaItem | null>(null);

  return (
    <PageCard title={t("library.title")} className="media-library-page">
      <p className="muted">{t("library.intro")}</p>
      {admin && (
        <MediaItemForm
          onSubmit={async (name, file) => {
            await addMediaItem(queryClient, name, file);
            showToast(t("library.saved"));
          }}
        />
      )}
      <QueryStates query={list} empty={t("library.empty")} />
      <ul className="library-grid" aria-label={t("library.title")}>
        {list.data?.map((item) => (
          <li key={item.id} className="library-card" data-testid="media-item">
            <MediaThumb item={item} />
            {admin && (
              <button
                type="button"
                className="link-button danger"
                aria-label={t("library.deleteItem", { name: item.name })}
                onClick={() => setDeleting(item)}
              >
                {t("common.delete")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title={t("library.delete")}
        question={t("library.deleteQuestion")}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteMediaItem(queryClient, deleting!.id);
          showToast(t("library.deleted"));
        }}
      />
    </PageCard>
  );
}

function MediaItemForm({ onSubmit }: { onSubmit: (name: string, file: File) => Promise<void> }) {
  const { t } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name, file);
      setName("");
      setFile(null);
      if (fileRef.current) fileRef.current.value = "";
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack media-item-form" onSubmit={submit}>
      <Field label={t("library.name")}>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required autoComplete="off" />
      </Field>
      <Field label={t("library.file")} hint={t("library.fileHint")}>
        <input ref={fileRef} type="file" accept={ACCEPTED} required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </Field>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim() || !file}>
          {t("library.add")}
        </button>
      </div>
    </form>
  );
}
