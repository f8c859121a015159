// "Campos customizáveis" (/admin/custom-fields, A4, S2): the account's custom fields of the
// contacts (label, the `{key}` variable of messages, type, a list's options); an admin adds one
// (CustomFieldForm), edits one's label or a list's options (CustomFieldEditDialog; the key and
// the type stay) and deletes one after a "Sim" (it also leaves the closing fields).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import type { CustomField } from "../api/types";
import { useI18n } from "../i18n";
import { deleteCustomField } from "../queries/fields";
import { customFieldsQuery } from "../queries/reference";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { CustomFieldEditDialog } from "./CustomFieldEditDialog";
import { CustomFieldForm, KIND_LABEL } from "./CustomFieldForm";

export function CustomFieldsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.customFields")} className="admin-wide">
      <CustomFields />
    </AdminPage>
  );
}

function CustomFields() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(customFieldsQuery);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const [editing, setEditing] = useState<CustomField | null>(null);

  return (
    <>
      <p className="muted">
        {t("customFields.intro")}{" "}
        <Link to="/admin/closing-fields" className="link-button">
          {t("admin.closingFields")}
        </Link>
        .
      </p>
      <CustomFieldForm />
      <QueryStates query={list} empty={t("customFields.empty")} />
      {!!list.data?.length && (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={t("admin.customFields")}>
            <thead>
              <tr>
                <th scope="col">{t("customFields.label")}</th>
                <th scope="col">{t("customFields.key")}</th>
                <th scope="col">{t("customFields.kind")}</th>
                <th scope="col">{t("customFields.options")}</th>
                <th scope="col">
                  <span className="sr-only">{t("customFields.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((f) => (
                <tr key={f.id} data-testid="custom-field" data-key={f.key}>
                  <th scope="row" className="admin-item-name">
                    {f.label}
                  </th>
                  <td>
                    <code>{`{${f.key}}`}</code>
                  </td>
                  <td>{t(KIND_LABEL[f.kind])}</td>
                  <td className="admin-item-name">{f.kind === "list" ? f.options.join(", ") : "—"}</td>
                  <td className="admin-row-actions">
                    <button type="button" className="link-button" onClick={() => setEditing(f)} aria-label={t("customFields.editOf", { name: f.label })}>
                      {t("common.edit")}
                    </button>
                    <button
                      type="button"
                      className="link-button danger"
                      onClick={() => setDeleting(f)}
                      aria-label={t("customFields.deleteOf", { name: f.label })}
                    >
                      {t("common.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CustomFieldEditDialog field={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={t("customFields.delete")}
        question={t("customFields.deleteQuestion", { name: deleting?.label ?? "" })}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteCustomField(queryClient, deleting!.id);
          showToast(t("customFields.deleted"));
        }}
      />
    </>
  );
}
