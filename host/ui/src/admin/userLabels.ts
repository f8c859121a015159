// The words for a user's role, chat permission ("Permissões do Chat") and general permissions
// ("Permissões Gerais"), as i18n keys: the user dialog and the users table say them alike.
import type { MessageKey } from "../i18n";
import type { ChatVisibility, Permissions, Role } from "./userDraft";

export const ROLE_LABEL: Record<Role, MessageKey> = { admin: "users.roleAdmin", agent: "users.roleAgent" };
export const VISIBILITY_LABEL: Record<ChatVisibility, MessageKey> = {
  all: "users.visibilityAll",
  department: "users.visibilityDepartment",
  own: "users.visibilityOwn",
};
export const PERMISSION_LABEL: Record<keyof Permissions, MessageKey> = {
  contact_notes: "users.permContactNotes",
  support_code: "users.permSupportCode",
};

