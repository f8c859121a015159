// "Departamentos" (/admin/departments, A4): the account's departments with their members; an
// admin adds one, renames it in place, chooses its members among the account's users and
// deletes it after a "Sim". Who is in a department decides who sees its chats ("Chats do
// departamento") and who is told of them.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Department } from "../api/types";
import { useI18n } from "../i18n";
import { createDepartment, deleteDepartment, renameDepartment } from "../queries/departments";
import { departmentsQuery, usersQuery } from "../queries/reference";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { MembersDialog } from "./MembersDialog";
import { memberNames } from "./members";
import { NameForm } from "./NameForm";

export function DepartmentsPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.departments")}>
      <Departments />
    </AdminPage>
  );
}

function Departments() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(departmentsQuery);
  const users = useQuery(usersQuery);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [members, setMembers] = useState<Department | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);

  return (
    <>
      <p className="muted">{t("departments.intro")}</p>
      <NameForm
        label={t("departments.name")}
        submitLabel={t("departments.add")}
        maxLength={80}
        resetOnSuccess
        testId="department-create"
        onSubmit={async (name) => {
          await createDepartment(queryClient, name);
          showToast(t("departments.saved"));
        }}
      />
      <QueryStates query={list} empty={t("departments.empty")} />
      <ul className="cards" aria-label={t("admin.departments")}>
        {list.data?.map((d) => {
          const names = memberNames(d.member_ids, users.data ?? []);
          return (
            <li key={d.id} className="card-item" data-testid="department">
              {renaming === d.id ? (
                <NameForm
                  label={t("departments.name")}
                  initial={d.name}
                  submitLabel={t("common.save")}
                  maxLength={80}
                  onCancel={() => setRenaming(null)}
                  onSubmit={async (name) => {
                    await renameDepartment(queryClient, d.id, name);
                    setRenaming(null);
                    showToast(t("departments.saved"));
                  }}
                />
              ) : (
                <>
                  <div className="card-item-head">
                    <strong className="admin-item-name">{d.name}</strong>
                    <span className="muted">{t("departments.memberCount", { count: d.member_ids.length })}</span>
                  </div>
                  <p className="muted admin-members" data-testid="department-members">
                    {names.length > 0 ? names.join(", ") : t("departments.noMembers")}
                  </p>
                  <div className="card-item-actions">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setMembers(d)}
                      aria-label={t("departments.membersOf", { name: d.name })}
                    >
                      {t("departments.members")}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setRenaming(d.id)}
                      aria-label={t("departments.renameOf", { name: d.name })}
                    >
                      {t("departments.rename")}
                    </button>
                    <button
                      type="button"
                      className="link-button danger"
                      onClick={() => setDeleting(d)}
                      aria-label={t("departments.deleteOf", { name: d.name })}
                    >
                      {t("common.delete")}
                    </button>
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {members && <MembersDialog department={members} users={users.data ?? []} onClose={() => setMembers(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={t("departments.delete")}
        question={t("departments.deleteQuestion", { name: deleting?.name ?? "" })}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteDepartment(queryClient, deleting!.id);
          showToast(t("departments.deleted"));
        }}
      />
    </>
  );
}
