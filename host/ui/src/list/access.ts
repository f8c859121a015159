// Who sees which chat, mirrored from the server so live snapshots can be placed without a
// refetch: chat visibility (A3, host/src/domain/access.rs) and the status views (L1,
// host/src/domain/views.rs). The server stays the authority: lists are fetched from it.
import type { Conversation, User } from "../api/types";

export type View = "all" | "open" | "mine" | "in_service";
export const VIEWS: readonly View[] = ["all", "open", "mine", "in_service"];

/** The parts of the signed-in user these rules read. */
export type Viewer = Pick<User, "id" | "chat_visibility" | "department_ids">;

/** A3: whether `viewer` may see the chat (the team chat and one's own chats always). */
export function canSee(viewer: Viewer, c: Conversation): boolean {
  const agentId = c.agent?.id ?? null;
  const departmentId = c.department?.id ?? null;
  if (c.kind === "internal" || agentId === viewer.id) return true;
  switch (viewer.chat_visibility) {
    case "all":
      return true;
    case "own":
      return false;
    case "department":
      if (departmentId !== null) return viewer.department_ids.includes(departmentId);
      return agentId === null;
  }
}

/** L1: whether the chat belongs to `view` for `viewer`. Bot and closed chats show only in All. */
export function inView(view: View, viewer: Viewer, c: Conversation): boolean {
  if (view === "all") return true;
  if (c.kind === "internal" || c.state !== "open") return false;
  const agentId = c.agent?.id ?? null;
  switch (view) {
    case "open":
      return agentId === null || (c.department != null && viewer.department_ids.includes(c.department.id));
    case "mine":
      return agentId === viewer.id;
    case "in_service":
      return agentId !== null;
  }
}
