// "Adicionar observação" and editing one (S6): "Texto" (required), "Data" (optional, the day of
// the action the note describes) and "Encaminha para" (optional, an agent).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Note } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { usersQuery } from "../queries/reference";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { brDate } from "./display";

interface Props {
  contactId: number;
  /** The note being edited, or null for a new one. */
  note: Note | null;
  onClose: () => void;
}

/** `aaaa-mm-dd` from the date input, as the server's `dd/mm/aaaa`. */
function toServerDate(iso: string): string | null {
  return iso ? brDate(iso) : null;
}

export function NoteDialog({ contactId, note, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const [text, setText] = useState(note?.text ?? "");
  const [date, setDate] = useState(note?.due_date ?? "");
  const [forwardTo, setForwardTo] = useState<number | null>(note?.forward_to?.id ?? null);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!text.trim()) return;
    setSaving(true);
    setError(null);
    const body = { text: text.trim(), date: toServerDate(date), forward_to: forwardTo };
    try {
      const saved = note
        ? await call(http.PATCH("/api/v1/contacts/{id}/notes/{note_id}", { params: { path: { id: contactId, note_id: note.id } }, body }))
        : await call(http.POST("/api/v1/contacts/{id}/notes", { params: { path: { id: contactId } }, body }));
      queryClient.setQueryData(keys.notes(contactId), (list: Note[] | undefined) =>
        note ? list?.map((x) => (x.id === saved.id ? saved : x)) : [saved, ...(list ?? [])],
      );
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      title={note ? t("notes.editTitle") : t("notes.add")}
      onClose={onClose}
      testId="note-dialog"
      dismissOnBackdrop={false}
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="note-form" className="btn btn-primary" disabled={saving}>
            {t("common.save")}
          </button>
        </>
      }
    >
      <form id="note-form" className="form-stack" onSubmit={submit} noValidate>
        <Field label={t("notes.text")} error={touched && !text.trim() ? t("notes.textRequired") : null}>
          <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        </Field>
        <Field label={t("notes.date")}>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Field label={t("notes.forwardTo")}>
          <select value={forwardTo ?? ""} onChange={(e) => setForwardTo(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t("settings.nobody")}</option>
            {users.data
              ?.filter((u) => u.active)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </Field>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
