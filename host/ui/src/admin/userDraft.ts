// The user form's draft (A3, A4): what the admin types, the body of POST /users made of it, and
// for an existing user only the changes (PATCH leaves absent fields as they are). Pure.
import type { components } from "../api/schema";
import type { User } from "../api/types";

type Schemas = components["schemas"];
export type Role = Schemas["Role"];
export type ChatVisibility = Schemas["ChatVisibility"];
export type Permissions = Schemas["Permissions"];

/** The three chat permissions, widest first ("Permissões do Chat"). */
export const VISIBILITIES: readonly ChatVisibility[] = ["all", "department", "own"];
export const ROLES: readonly Role[] = ["agent", "admin"];
/** The general permissions ("Permissões Gerais") as the API has them. */
export const PERMISSIONS: readonly (keyof Permissions)[] = ["contact_notes", "support_code"];

export interface UserDraft {
  name: string;
  email: string;
  password: string;
  role: Role;
  chat_visibility: ChatVisibility;
  permissions: Permissions;
}

export function emptyDraft(): UserDraft {
  return {
    name: "",
    email: "",
    password: "",
    role: "agent",
    chat_visibility: "department",
    permissions: { contact_notes: true, support_code: false },
  };
}

export function draftOf(user: User): UserDraft {
  return {
    name: user.name,
    email: user.email,
    password: "",
    role: user.role,
    chat_visibility: user.chat_visibility,
    permissions: { ...user.permissions },
  };
}

export function createBody(draft: UserDraft): Schemas["CreateUser"] {
  return {
    name: draft.name.trim(),
    email: draft.email.trim(),
    password: draft.password,
    role: draft.role,
    chat_visibility: draft.chat_visibility,
    permissions: { ...draft.permissions },
  };
}

/** Only what changed; an empty object when nothing did. */
export function patchBody(user: User, draft: UserDraft): Schemas["UserPatch"] {
  const patch: Schemas["UserPatch"] = {};
  if (draft.name.trim() !== user.name) patch.name = draft.name.trim();
  if (draft.email.trim().toLowerCase() !== user.email) patch.email = draft.email.trim();
  if (draft.role !== user.role) patch.role = draft.role;
  if (draft.chat_visibility !== user.chat_visibility) patch.chat_visibility = draft.chat_visibility;
  if (PERMISSIONS.some((p) => draft.permissions[p] !== user.permissions[p])) patch.permissions = { ...draft.permissions };
  return patch;
}

/** Users in the order the pages list them: active first, then by name. */
export function byActiveThenName(a: User, b: User): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  return a.name.localeCompare(b.name, "pt-BR");
}
