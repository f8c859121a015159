// "Etiquetas" (/admin/tags, A4, S11): the account's tags; an admin adds one, renames it or
// switches "Apenas automação" (only flows set it; the agents' picker hides it) in place, and
// deletes it after a "Sim" (it leaves every contact).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Tag } from "../api/types";
import { useI18n } from "../i18n";
import { tagsQuery } from "../queries/reference";
import { createTag, deleteTag, updateTag } from "../queries/tags";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { CheckField } from "../ui/Field";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { NameForm } from "./NameForm";

export function TagsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.tags")}>
      <Tags />
    </AdminPage>
  );
}

function Tags() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(tagsQuery);
  const [automationOnly, setAutomationOnly] = useState(false);
  const [editing, setEditing] = useState<Tag | null>(null);
  const [editAutomation, setEditAutomation] = useState(false);
  const [deleting, setDeleting] = useState<Tag | null>(null);

  return (
    <>
      <p className="muted">{t("tags.intro")}</p>
      <NameForm
        label={t("tags.name")}
        submitLabel={t("tags.add")}
        maxLength={50}
        resetOnSuccess
        testId="tag-create"
        extra={<CheckField label={t("tags.automationOnly")} checked={automationOnly} onChange={setAutomationOnly} />}
        onSubmit={async (name) => {
          await createTag(queryClient, name, automationOnly);
          setAutomationOnly(false);
          showToast(t("tags.saved"));
        }}
      />
      <QueryStates query={list} empty={t("tags.empty")} />
      <ul className="cards" aria-label={t("admin.tags")}>
        {list.data?.map((tag) => (
          <li key={tag.id} className="card-item" data-testid="tag">
            {editing?.id === tag.id ? (
              <NameForm
                label={t("tags.name")}
                initial={tag.name}
                submitLabel={t("common.save")}
                maxLength={50}
                extra={<CheckField label={t("tags.automationOnly")} checked={editAutomation} onChange={setEditAutomation} />}
                onCancel={() => setEditing(null)}
                onSubmit={async (name) => {
                  const patch = {
                    ...(name !== tag.name ? { name } : {}),
                    ...(editAutomation !== tag.automation_only ? { automation_only: editAutomation } : {}),
                  };
                  if (Object.keys(patch).length > 0) await updateTag(queryClient, tag.id, patch);
                  setEditing(null);
                  showToast(t("tags.saved"));
                }}
              />
            ) : (
              <div className="admin-tag-row">
                <span className="admin-item-name admin-tag-name">{tag.name}</span>
                {tag.automation_only && <span className="admin-badge">{t("tags.automationOnly")}</span>}
                <div className="card-item-actions">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setEditAutomation(tag.automation_only);
                      setEditing(tag);
                    }}
                    aria-label={t("tags.editOf", { name: tag.name })}
                  >
                    {t("common.edit")}
                  </button>
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => setDeleting(tag)}
                    aria-label={t("tags.deleteOf", { name: tag.name })}
                  >
                    {t("common.delete")}
                  </button>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title={t("tags.delete")}
        question={t("tags.deleteQuestion", { name: deleting?.name ?? "" })}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteTag(queryClient, deleting!.id);
          showToast(t("tags.deleted"));
        }}
      />
    </>
  );
}
