// "Etiquetas" (S11): the contact's tags; "Adicionar etiqueta" lists the account's tags except
// those marked "apenas automação" (only flows set them); "+" creates a new one by name and puts
// it on the contact; clicking a tag asks "Tem certeza que deseja remover essa etiqueta?".
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { call, http } from "../api/client";
import { errorMessage } from "../api/errors";
import type { Contact, Conversation, Tag } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { assignableTagsQuery } from "../queries/reference";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { PlusIcon } from "../ui/icons";
import { showToast } from "../ui/toast";
import { Section } from "./Section";
import { useContactUpdate } from "./useContactUpdate";

export function TagsSection({ conversation, contact }: { conversation: Conversation; contact: Contact }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const update = useContactUpdate(conversation);
  const assignable = useQuery(assignableTagsQuery);
  const [removing, setRemoving] = useState<Tag | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const on = new Set(contact.tags.map((x) => x.id));
  const choices = assignable.data?.filter((x) => !on.has(x.id)) ?? [];

  async function add(tagId: number) {
    setError(null);
    try {
      await update(call(http.POST("/api/v1/contacts/{id}/tags", { params: { path: { id: contact.id } }, body: { tag_id: tagId } })));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    setError(null);
    try {
      await update(call(http.POST("/api/v1/contacts/{id}/tags", { params: { path: { id: contact.id } }, body: { name: name.trim() } })));
      await queryClient.invalidateQueries({ queryKey: keys.tags });
      setName("");
      setCreating(false);
      showToast(t("tags.created"));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Section
      title={t("tags.title")}
      testId="section-tags"
      actions={
        <button
          type="button"
          className="icon-button"
          aria-label={t("tags.create")}
          title={t("tags.create")}
          aria-expanded={creating}
          onClick={() => setCreating((x) => !x)}
        >
          <PlusIcon size={16} />
        </button>
      }
    >
      <ul className="tag-chips">
        {contact.tags.map((tag) => (
          <li key={tag.id}>
            <button
              type="button"
              className={tag.automation_only ? "tag tag-chip automation" : "tag tag-chip"}
              onClick={() => setRemoving(tag)}
              title={t("tags.remove", { name: tag.name })}
              aria-label={t("tags.remove", { name: tag.name })}
            >
              {tag.name} <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
        {contact.tags.length === 0 && <li className="muted">{t("tags.none")}</li>}
      </ul>
      <label className="field">
        <span>{t("tags.add")}</span>
        <select
          value=""
          onChange={(e) => {
            if (e.target.value) void add(Number(e.target.value));
          }}
        >
          <option value="">{choices.length ? t("tags.choose") : t("tags.noChoices")}</option>
          {choices.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </select>
      </label>
      {creating && (
        <form className="inline-edit" onSubmit={create}>
          <label className="sr-only" htmlFor="new-tag-name">
            {t("tags.newName")}
          </label>
          <input id="new-tag-name" value={name} placeholder={t("tags.newName")} onChange={(e) => setName(e.target.value)} maxLength={60} autoFocus />
          <button type="submit" className="btn btn-primary" disabled={!name.trim()}>
            {t("tags.createSubmit")}
          </button>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("tags.removeTitle")}
        question={t("tags.removeQuestion")}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          const tag = removing!;
          await update(call(http.DELETE("/api/v1/contacts/{id}/tags/{tag_id}", { params: { path: { id: contact.id, tag_id: tag.id } } })));
        }}
      />
    </Section>
  );
}
