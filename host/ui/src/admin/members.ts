// A department's members as the members dialog edits them: a set of user ids, toggled one at a
// time, sent sorted; and the names the department's row shows. Pure.
import type { User } from "../api/types";

/** `ids` with `id` in (on) or out (off), sorted and without repeats. */
export function toggleMember(ids: readonly number[], id: number, on: boolean): number[] {
  const set = new Set(ids);
  if (on) set.add(id);
  else set.delete(id);
  return [...set].sort((a, b) => a - b);
}

/** The names of the members, in name order; ids of users not in the list are left out. */
export function memberNames(memberIds: readonly number[], users: readonly User[]): string[] {
  const byId = new Map(users.map((u) => [u.id, u.name]));
  return memberIds
    .map((id) => byId.get(id))
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => a.localeCompare(b, "pt-BR"));
}

/** Whether two member lists hold the same users (the dialog's "Salvar" is off when nothing changed). */
export function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((id) => sa.has(id));
}
