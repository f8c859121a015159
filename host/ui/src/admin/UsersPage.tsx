// "Usuários" (/admin/users, A3, A4): the account's users in a table (name, e-mail, role, chat
// permission, departments, active), active ones first. An admin adds one, edits one (role,
// chat permission, general permissions), sets a new password, and deactivates (after a "Sim";
// a deactivated user cannot sign in) or reactivates. Nobody deactivates themselves here.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import type { Me, User } from "../api/types";
import { useI18n } from "../i18n";
import { departmentsQuery, usersQuery } from "../queries/reference";
import { meQuery } from "../queries/session";
import { updateUser } from "../queries/users";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { PasswordDialog } from "./PasswordDialog";
import { byActiveThenName } from "./userDraft";
import { UserForm } from "./UserForm";
import { ROLE_LABEL, VISIBILITY_LABEL } from "./userLabels";

export function UsersPage() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.users")} className="admin-wide">
      <Users />
    </AdminPage>
  );
}

function Users() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data as Me;
  const list = useQuery(usersQuery);
  const departments = useQuery(departmentsQuery);
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [password, setPassword] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const departmentName = new Map((departments.data ?? []).map((d) => [d.id, d.name]));

  async function reactivate(user: User) {
    try {
      await updateUser(queryClient, user.id, { active: true }, me.user.id);
      showToast(t("users.reactivated", { name: user.name }));
    } catch (err) {
      showToast(errorMessage(err), "error");
    }
  }

  return (
    <>
      <div className="admin-toolbar">
        <p className="muted">{t("users.intro")}</p>
        <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
          {t("users.add")}
        </button>
      </div>
      <QueryStates query={list} />
      {list.data && (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={t("admin.users")}>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.email")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.visibilityShort")}</th>
                <th scope="col">{t("admin.departments")}</th>
                <th scope="col">{t("users.active")}</th>
                <th scope="col">
                  <span className="sr-only">{t("users.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...list.data].sort(byActiveThenName).map((u) => (
                <tr key={u.id} data-testid="user-row" className={u.active ? undefined : "admin-inactive"}>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>{t(ROLE_LABEL[u.role])}</td>
                  <td>{t(VISIBILITY_LABEL[u.chat_visibility])}</td>
                  <td>
                    {u.department_ids
                      .map((id) => departmentName.get(id))
                      .filter(Boolean)
                      .join(", ") || "—"}
                  </td>
                  <td>{u.active ? t("common.yes") : t("common.no")}</td>
                  <td className="admin-row-actions">
                    <button type="button" className="link-button" onClick={() => setEditing(u)} aria-label={t("users.editOf", { name: u.name })}>
                      {t("common.edit")}
                    </button>
                    <button type="button" className="link-button" onClick={() => setPassword(u)} aria-label={t("users.passwordOf", { name: u.name })}>
                      {t("users.password")}
                    </button>
                    {u.id !== me.user.id &&
                      (u.active ? (
                        <button
                          type="button"
                          className="link-button danger"
                          onClick={() => setDeactivating(u)}
                          aria-label={t("users.deactivateOf", { name: u.name })}
                        >
                          {t("users.deactivate")}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => void reactivate(u)}
                          aria-label={t("users.reactivateOf", { name: u.name })}
                        >
                          {t("users.reactivate")}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && <UserForm user={editing === "new" ? undefined : editing} selfId={me.user.id} onClose={() => setEditing(null)} />}
      {password && <PasswordDialog user={password} onClose={() => setPassword(null)} />}
      <ConfirmDialog
        open={deactivating !== null}
        title={t("users.deactivate")}
        question={t("users.deactivateQuestion", { name: deactivating?.name ?? "" })}
        danger
        onClose={() => setDeactivating(null)}
        onConfirm={async () => {
          await updateUser(queryClient, deactivating!.id, { active: false }, me.user.id);
          showToast(t("users.deactivated", { name: deactivating!.name }));
        }}
      />
    </>
  );
}
