// "Membros" of a department (A4): a checkbox per user of the account (active ones, and any
// inactive user who is still a member), saved at once with PUT …/members.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { Department, User } from "../api/types";
import { useI18n } from "../i18n";
import { setDepartmentMembers } from "../queries/departments";
import { CheckField } from "../ui/Field";
import { Dialog } from "../ui/Dialog";
import { showToast } from "../ui/toast";
import { sameMembers, toggleMember } from "./members";
import { byActiveThenName } from "./userDraft";
import { useAction } from "../ui/useAction";

interface Props {
  department: Department;
  users: User[];
  onClose: () => void;
}

export function MembersDialog({ department, users, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const [ids, setIds] = useState<number[]>(department.member_ids);
  const { busy, error, run } = useAction();
  const choices = users.filter((u) => u.active || department.member_ids.includes(u.id)).sort(byActiveThenName);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await setDepartmentMembers(queryClient, department.id, ids);
      showToast(t("departments.membersSaved"));
      onClose();
    });
  }

  return (
    <Dialog
      open
      title={t("departments.membersTitle", { name: department.name })}
      onClose={onClose}
      dismissOnBackdrop={false}
      testId="members-dialog"
      actions={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || sameMembers(ids, department.member_ids)}>
            {t("common.save")}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit}>
        <fieldset className="radio-group admin-members-list">
          <legend>{t("departments.chooseMembers")}</legend>
          {choices.map((u) => (
            <CheckField
              key={u.id}
              label={u.active ? `${u.name} (${u.email})` : `${u.name} (${u.email}) — ${t("users.inactive")}`}
              checked={ids.includes(u.id)}
              onChange={(on) => setIds((prev) => toggleMember(prev, u.id, on))}
            />
          ))}
        </fieldset>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
