// "Observações" (S6): the contact's notes — author, when it was written, the text, whom it was
// forwarded to and its date — with "Adicionar observação", editing, and deleting after "Tem
// certeza que deseja excluir essa observação?". All of it needs the permission "Observações do
// contato"; without it the section says so and asks the server nothing.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Contact, Me, Note } from "../api/types";
import { formatDayTime } from "../format";
import { useI18n } from "../i18n";
import { notesQuery } from "../queries/contact";
import { keys } from "../queries/keys";
import { meQuery } from "../queries/session";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorState, LoadingState } from "../ui/States";
import { brDate } from "./display";
import { NoteDialog } from "./NoteDialog";
import { Section } from "./Section";

export function NotesSection({ contact }: { contact: Contact }) {
  const { t } = useI18n();
  const me = useQuery(meQuery).data as Me;
  const allowed = me.user.permissions.contact_notes;
  const queryClient = useQueryClient();
  const notes = useQuery({ ...notesQuery(contact.id), enabled: allowed });
  const [editing, setEditing] = useState<Note | "new" | null>(null);
  const [deleting, setDeleting] = useState<Note | null>(null);

  return (
    <Section
      title={t("notes.title")}
      testId="section-notes"
      actions={
        allowed && (
          <button type="button" className="btn btn-ghost" onClick={() => setEditing("new")}>
            {t("notes.add")}
          </button>
        )
      }
    >
      {!allowed && <p className="muted">{t("notes.noPermission")}</p>}
      {allowed && notes.isPending && <LoadingState />}
      {allowed && notes.isError && <ErrorState message={errorMessage(notes.error)} onRetry={() => void notes.refetch()} />}
      {notes.data?.length === 0 && <p className="muted">{t("notes.empty")}</p>}
      <ul className="cards">
        {notes.data?.map((n) => (
          <li key={n.id} className="card-item note" data-testid="note">
            <div className="card-item-head">
              <strong>{n.author?.name ?? t("msg.author.system")}</strong>
              <time className="muted">{formatDayTime(n.created_at)}</time>
            </div>
            <p className="note-text">{n.text}</p>
            {n.forward_to && <p className="muted">{t("notes.forwardedTo", { name: n.forward_to.name })}</p>}
            {n.due_date && <p className="muted">{t("notes.dueDate", { date: brDate(n.due_date) })}</p>}
            <div className="card-item-actions">
              <button type="button" className="link-button" onClick={() => setEditing(n)}>
                {t("common.edit")}
              </button>
              <button type="button" className="link-button danger" onClick={() => setDeleting(n)}>
                {t("common.delete")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {editing && <NoteDialog contactId={contact.id} note={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={t("notes.deleteTitle")}
        question={t("notes.deleteQuestion")}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          const note = deleting!;
          await call(http.DELETE("/api/v1/contacts/{id}/notes/{note_id}", { params: { path: { id: contact.id, note_id: note.id } } }));
          queryClient.setQueryData(keys.notes(contact.id), (list: Note[] | undefined) => list?.filter((x) => x.id !== note.id));
        }}
      />
    </Section>
  );
}
