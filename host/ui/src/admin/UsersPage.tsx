// "Usuários" (/admin/users, A3, A4): the account's users in a table (name, e-mail, role, chat
// permission, departments, active), active ones first. An admin adds one, edits one (role,
// chat permission, general permissions), sets a new password, and deactivates (after a "Sim";
// a deactivated user cannot sign in) or reactivates. Nobody deactivates themselves here. "Sessões"
// lists where a user is signed in and ends those sessions; "Exigir troca de senha" (after a
// "Sim", not on one's own row) makes the user choose a new password before anything else, and
// "Troca de senha pendente" shows by their name until they do (issue 17 part 5).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/errors";
import type { Me, User } from "../api/types";
import { useI18n } from "../i18n";
import { keys } from "../queries/keys";
import { departmentsQuery, usersQuery } from "../queries/reference";
import { meQuery } from "../queries/session";
import { requirePasswordChange } from "../queries/sessions";
import { updateUser } from "../queries/users";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { QueryStates } from "../ui/States";
import { showToast } from "../ui/toast";
import { AdminPage } from "./AdminPage";
import { PasswordDialog } from "./PasswordDialog";
import { byActiveThenName } from "./userDraft";
import { UserForm } from "./UserForm";
import { UserSessionsDialog } from "./UserSessionsDialog";
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
  const [sessionsOf, setSessionsOf] = useState<User | null>(null);
  const [requiring, setRequiring] = useState<User | null>(null);
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
                  <th scope="row">
                    <span className="user-name-cell">
                      {u.name}
                      {u.must_change_password && (
                        <span className="admin-badge admin-badge-warning" data-testid="password-change-pending">
                          {t("users.passwordChangePending")}
                        </span>
                      )}
                    </span>
                  </th>
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
                  <td className="admin-row-actions user-row-actions">
                    <button type="button" className="link-button" onClick={() => setEditing(u)} aria-label={t("users.editOf", { name: u.name })}>
                      {t("common.edit")}
                    </button>
                    <button type="button" className="link-button" onClick={() => setPassword(u)} aria-label={t("users.passwordOf", { name: u.name })}>
                      {t("users.password")}
                    </button>
                    <button type="button" className="link-button" onClick={() => setSessionsOf(u)} aria-label={t("users.sessionsOf", { name: u.name })}>
                      {t("users.sessions")}
                    </button>
                    {u.id !== me.user.id && !u.must_change_password && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setRequiring(u)}
                        aria-label={t("users.requirePasswordChangeOf", { name: u.name })}
                      >
                        {t("users.requirePasswordChange")}
                      </button>
                    )}
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
      {password && (
        <PasswordDialog
          user={password}
          onClose={() => {
            // A new password set here also meets a pending "Exigir troca de senha": ask the list again.
            if (password.must_change_password) void queryClient.invalidateQueries({ queryKey: keys.users });
            setPassword(null);
          }}
        />
      )}
      {sessionsOf && <UserSessionsDialog user={sessionsOf} selfId={me.user.id} onClose={() => setSessionsOf(null)} />}
      <ConfirmDialog
        open={requiring !== null}
        title={t("users.requirePasswordChange")}
        question={t("users.requirePasswordChangeQuestion", { name: requiring?.name ?? "" })}
        onClose={() => setRequiring(null)}
        onConfirm={async () => {
          await requirePasswordChange(queryClient, requiring!.id);
          showToast(t("users.passwordChangeRequired", { name: requiring!.name }));
        }}
      />
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
